//! Deterministic synthetic question banks for the benchmarks.
//!
//! `bank_yaml(n)` writes a valid single-file bank in the documented YAML format: six
//! domains weighted like the CCNP Security Core blueprint (25, 20, 16, 15, 14, 10) and `n`
//! questions of realistic size (about 2 KB each): a 2-4 sentence stem in a `|` block, four
//! options with `why` (five options and `choose: 2` for about one question in five), traps
//! on some wrong options, an explanation, terms, refs and a difficulty. The same `n` always
//! gives the same text, byte for byte.
#![allow(dead_code)]

use std::fmt::Write as _;

/// `(id, name, weight)` of each domain; the weights sum to 100.
pub const DOMAINS: [(&str, &str, u32); 6] = [
    ("network", "Network Security", 25),
    ("cloud", "Securing the Cloud", 20),
    ("concepts", "Security Concepts", 16),
    ("content", "Content Security", 15),
    ("access", "Secure Network Access, Visibility and Enforcement", 14),
    ("endpoint", "Endpoint Protection and Detection", 10),
];

/// Questions in a full simulation of the generated bank.
pub const FULL_PAPER: usize = 90;

/// SplitMix64: tiny, fast and stable across versions, so the texts never change.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// `k` distinct indices below `n`, in random order.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        idx.truncate(k);
        idx
    }
}

const ORGS: &[&str] = &[
    "A regional hospital",
    "A retail chain with 400 stores",
    "A university campus network team",
    "A payment processor",
    "A manufacturing company",
    "A managed service provider",
    "A government agency",
    "An online media company",
];

const ASSETS: &[&str] = &[
    "its public web servers",
    "the branch office WAN links",
    "a fleet of Windows and macOS laptops",
    "workloads in two public cloud regions",
    "the corporate email gateway",
    "the guest and employee wireless networks",
    "a set of Kubernetes clusters",
    "the remote-access VPN headend",
];

const CHANGES: &[&str] = &[
    "moved its file shares to a SaaS provider",
    "added a second internet uplink for resilience",
    "replaced its perimeter firewalls with next-generation firewalls",
    "started allowing personal devices on the employee network",
    "merged with a smaller company that uses a different identity provider",
    "introduced a zero trust project for all administrative access",
];

const SYMPTOMS: &[&str] = &[
    "users on one VLAN can reach management interfaces that should be blocked",
    "DNS queries to newly registered domains are increasing every night",
    "several endpoints beacon to the same external address every sixty seconds",
    "TLS sessions to a partner site fail after the certificate was renewed",
    "the SIEM shows repeated failed logins from a single cloud address range",
    "a phishing message reached inboxes despite the existing reputation filters",
    "NetFlow records show large transfers from a database server at 03:00",
    "the IPsec tunnel to a branch re-keys every few minutes and drops traffic",
];

const REQUIREMENTS: &[&str] = &[
    "all administrative sessions are authenticated against a central AAA server and logged",
    "traffic between application tiers is inspected without changing the IP addressing plan",
    "only compliant, company-managed devices receive full network access",
    "sensitive documents never leave the organisation through web uploads or email",
    "malicious files are blocked before they reach the endpoint and retrospectively flagged",
    "cloud API keys are rotated automatically and never stored in source code",
];

const ROLES: &[&str] =
    &["network engineer", "security analyst", "cloud architect", "SOC team lead", "systems administrator"];

const QUESTION_ENDS: &[&str] = &[
    "Which action meets this requirement with the least administrative effort?",
    "What is the most likely cause of the behaviour described?",
    "Which configuration change should the engineer make first?",
    "Which solution addresses the problem without affecting other users?",
];

const QUESTION_ENDS_MULTI: &[&str] = &[
    "Which two actions should the engineer take? (Choose two.)",
    "Which two statements explain the behaviour described? (Choose two.)",
    "Which two configuration changes are required? (Choose two.)",
];

const VERBS: &[&str] =
    &["Enable", "Configure", "Deploy", "Apply", "Replace", "Restrict", "Require", "Inspect", "Segment", "Tune"];

const OBJECTS: &[&str] = &[
    "802.1X with dynamic VLAN assignment",
    "a TrustSec security group ACL",
    "DNS-layer security with Umbrella policies",
    "SSL decryption on the web proxy",
    "Secure Endpoint outbreak control lists",
    "Control Plane Policing on the routers",
    "uRPF in strict mode on the edge interfaces",
    "an IKEv2 profile with certificate authentication",
    "a CASB API connector for the SaaS tenant",
    "multifactor authentication through Duo",
    "NetFlow export to Secure Network Analytics",
    "a file policy with dynamic analysis",
    "sender policy framework and DKIM checks",
    "posture assessment in the ISE authorization policy",
];

const QUALIFIERS: &[&str] = &[
    "for the affected segment only",
    "on every access switch",
    "at the internet edge",
    "in the management plane",
    "for all remote users",
    "before the next maintenance window",
];

const REASONS_RIGHT: &[&str] = &[
    "It enforces the policy at the point where the traffic enters the network, so no host can bypass it.",
    "It addresses the root cause directly and keeps the change limited to the systems that need it.",
    "It ties access to the identity and posture of the device, which is exactly what the policy asks for.",
    "It adds inspection where the encrypted traffic is visible, without redesigning the addressing plan.",
];

const REASONS_WRONG: &[&str] = &[
    "This control acts at a different layer and leaves the traffic in question untouched.",
    "It would block legitimate users as well, which the scenario explicitly rules out.",
    "The feature only logs the event; nothing in it prevents the behaviour described.",
    "It depends on signatures, and the scenario describes traffic that no signature would match.",
    "This protects the control plane of the device, not the data traffic passing through it.",
    "The change is valid in general but does not apply to the platform named in the question.",
];

const EXPLANATIONS: &[&str] = &[
    "The question hinges on where the control is enforced: a policy applied at the access layer stops the traffic before it reaches anything else, while controls further in the path only observe it.",
    "Look for the option that changes behaviour rather than visibility. Logging, alerting and reporting features are useful for the investigation, but none of them enforce the requirement stated in the stem.",
    "Several options describe real features of the platform; the distractors either act on the wrong plane (management or control instead of data) or would affect users the scenario says must not be disturbed.",
    "Identity-based access combines who the user is with the state of the device. Without posture, a compliant user on an unmanaged laptop would still receive full access, which the policy forbids.",
    "Encrypted traffic hides its payload from inspection engines, so the inspection must happen where the session is terminated or decrypted; elsewhere only metadata such as SNI and certificates is visible.",
];

const TERMS: &[&str] = &[
    "802.1X", "TrustSec", "SGT", "ISE", "NetFlow", "uRPF", "CoPP", "IKEv2", "ESP", "CASB", "DLP", "SPF", "DKIM",
    "DMARC", "MFA", "EDR", "SIEM", "SOAR", "ZTNA", "SASE",
];

const REFS: &[&str] = &[
    "RFC 4303",
    "RFC 7296",
    "RFC 3704",
    "RFC 7489",
    "NIST SP 800-207",
    "NIST SP 800-61r2",
    "Cisco ISE Administrator Guide",
    "Cisco Secure Firewall Configuration Guide",
];

const TRAPS: &[&str] = &["concept", "term", "misread", "reasoning"];

/// Appends `text` as the lines of a `|` block indented by `indent` spaces, wrapped near
/// 100 columns.
fn block(out: &mut String, indent: usize, text: &str) {
    let mut col = 0;
    for word in text.split(' ') {
        if col == 0 {
            out.extend(std::iter::repeat_n(' ', indent));
            col = indent;
        } else if col + 1 + word.len() > 100 {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            col = indent;
        } else {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.len();
    }
    out.push('\n');
}

/// The domain index of question `i`: every 100 consecutive questions follow the weights
/// exactly, interleaved rather than grouped.
fn domain_of(i: usize) -> usize {
    let slot = (i * 37 + 11) % 100;
    let mut acc = 0;
    for (d, (_, _, w)) in DOMAINS.iter().enumerate() {
        acc += *w as usize;
        if slot < acc {
            return d;
        }
    }
    DOMAINS.len() - 1
}

fn question(out: &mut String, i: usize) {
    let mut r = Mix(0x5eed_0000_0000_0000 ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let multi = r.below(5) == 0;
    let (n_options, n_correct) = if multi { (5, 2) } else { (4, 1) };
    let (d, _, _) = DOMAINS[domain_of(i)];
    let _ = writeln!(out, "  - id: {d}-{i:06}\n    domain: {d}\n    stem: |");

    let mut stem = format!("{} protects {} and has recently {}.", r.pick(ORGS), r.pick(ASSETS), r.pick(CHANGES));
    let extra = r.below(3); // 0..=2 more sentences before the question: 2-4 in all
    if extra >= 1 {
        let _ = write!(stem, " During a routine review, the {} notices that {}.", r.pick(ROLES), r.pick(SYMPTOMS));
    }
    if extra >= 2 {
        let _ = write!(stem, " The security policy requires that {}.", r.pick(REQUIREMENTS));
    }
    stem.push(' ');
    stem.push_str(if multi { r.pick(QUESTION_ENDS_MULTI) } else { r.pick(QUESTION_ENDS) });
    block(out, 6, &stem);
    if multi {
        out.push_str("    choose: 2\n");
    }

    out.push_str("    options:\n");
    let objects = r.distinct(OBJECTS.len(), n_options);
    let correct = r.distinct(n_options, n_correct);
    for (k, &o) in objects.iter().enumerate() {
        let is_correct = correct.contains(&k);
        let _ = writeln!(out, "      - text: \"{} {} {}\"", r.pick(VERBS), OBJECTS[o], r.pick(QUALIFIERS));
        let reasons = if is_correct { REASONS_RIGHT } else { REASONS_WRONG };
        let why = r.distinct(reasons.len(), 2);
        if is_correct {
            out.push_str("        correct: true\n");
        }
        let _ = writeln!(out, "        why: \"{} {}\"", reasons[why[0]], reasons[why[1]]);
        if !is_correct && r.below(2) == 0 {
            let _ = writeln!(out, "        trap: {}", r.pick(TRAPS));
        }
    }

    out.push_str("    explanation: |\n");
    let e = r.distinct(EXPLANATIONS.len(), 2);
    block(out, 6, &format!("{} {}", EXPLANATIONS[e[0]], EXPLANATIONS[e[1]]));
    let n_terms = 2 + r.below(2);
    let t = r.distinct(TERMS.len(), n_terms);
    let terms: Vec<&str> = t.iter().map(|&k| TERMS[k]).collect();
    let _ = writeln!(out, "    terms: [{}]", terms.join(", "));
    let n_refs = 1 + r.below(2);
    let f = r.distinct(REFS.len(), n_refs);
    let refs: Vec<String> = f.iter().map(|&k| format!("\"{}\"", REFS[k])).collect();
    let _ = writeln!(out, "    refs: [{}]", refs.join(", "));
    let _ = writeln!(out, "    difficulty: {}", 1 + r.below(5));
}

/// A valid single-file bank with `n_questions` questions (about 2 KB each).
pub fn bank_yaml(n_questions: usize) -> String {
    let mut out = String::with_capacity(256 + n_questions * 2100);
    let _ = write!(
        out,
        "exam:\n  id: bench-{n_questions}\n  title: Synthetic benchmark bank ({n_questions} questions)\n  \
         vendor: cisco\n  minutes: 120\n  questions: {FULL_PAPER}\n  passing_score: 70\n  buffer: 10\ndomains:\n"
    );
    for (id, name, weight) in DOMAINS {
        let _ = writeln!(out, "  - id: {id}\n    name: {name}\n    weight: {weight}");
    }
    out.push_str("questions:\n");
    for i in 0..n_questions {
        question(&mut out, i);
    }
    out
}
