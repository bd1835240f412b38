//! End to end: the bundled item-types demo in a pseudo-terminal, each question found on
//! screen by its stem and answered with its type's keys: a choice with an exhibit (shown
//! framed and full screen), matches (one by letters with a take-back, one partly wrong for
//! partial credit), orders, a typed answer, and the testlet: moved back into with `[`, an
//! answer changed, left with `L` and `y`, and `[` refused after. The results, the review,
//! the journal and `proctor history` agree on the answers and the score.
//!
//! Seed 3 draws: crypto map, ports match, the testlet (group, profile, verify), ACL,
//! 802.1X order, IKEv2 order, IPsec match, AAA command.

mod common;

use std::fs;

use common::Pty;

/// The letter of the option, item or right-hand item shown with exactly `text` (rows such
/// as `▸A ( ) text`, ` B [2] text` or ` C text`).
fn letter_of(screen: &str, text: &str) -> char {
    for row in screen.lines() {
        let mut chars = row.chars();
        if !matches!(chars.next(), Some(' ' | '▸')) {
            continue;
        }
        let Some(letter @ 'A'..='J') = chars.next() else { continue };
        let Some(rest) = chars.as_str().strip_prefix(' ') else { continue };
        // A mark before the text: `( ) `, `(•) `, `[ ] `, `[2] `.
        let rest = match rest.chars().next() {
            Some('(' | '[') => rest.split_once(") ").or_else(|| rest.split_once("] ")).map_or(rest, |(_, r)| r),
            _ => rest,
        };
        if rest.trim_end() == text {
            return letter.to_ascii_lowercase();
        }
    }
    panic!("no option {text:?} on screen:\n{screen}");
}

/// PgDn: the testlet's tall exhibit puts the options below the fold.
const PAGE_DOWN: &str = "\u{1b}[6~";

/// The letters of `texts`, in that order, as one string of keys.
fn letters(screen: &str, texts: &[&str]) -> String {
    texts.iter().map(|t| letter_of(screen, t)).collect()
}

#[test]
fn every_item_type_and_the_testlet_from_keys_to_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = Pty::proctor(&["exam", "item-types-demo", "--seed", "3"], dir.path());
    let rules = p.wait_for("Exam rules", 10);
    assert!(rules.contains("A testlet is a scenario with several questions"), "{rules}");
    p.send("\r");

    // A choice question with an exhibit: framed, its indentation exact; x shows it whole.
    let s = p.wait_for("Which traffic does it encrypt?", 10);
    assert!(s.contains("│ crypto map VPN 10 ipsec-isakmp") && s.contains("│  set peer 198.51.100.2"), "{s}");
    p.send("x");
    p.wait_for("Exhibit · the clock keeps running", 10);
    p.send("\u{1b}");
    let s = p.wait_for("Which traffic does it encrypt?", 10);
    p.send(&letter_of(&s, "Traffic from 10.1.1.0/24 to 10.2.2.0/24 leaving GigabitEthernet0/1").to_string());
    p.send("\r");

    // A match: each letter goes to the highlighted left item; Backspace takes one back.
    let s = p.wait_for("Match each management protocol to its default port.", 10);
    p.send(&letters(&s, &["22", "3389"]));
    p.wait_for("(2 matched)", 10);
    p.send("\u{7f}");
    let s = p.wait_for("(1 matched)", 10);
    assert!(
        s.lines().any(|l| l.contains("SSH") && l.contains(" → ") && l.trim_end().ends_with(". 22")),
        "the pair beside its left item:\n{s}"
    );
    p.send(&letters(&s, &["443", "1812", "49"]));
    p.wait_for("All matched", 10);
    p.send("\r");

    // The testlet: its scenario above the question, where the candidate is in the header.
    let s = p.wait_for("Which Diffie-Hellman group does the branch propose?", 10);
    assert!(s.contains("Testlet \"Branch office VPN\" · question 1 of 3 · answered 0"), "{s}");
    assert!(s.contains("A branch router connects to headquarters"), "{s}");
    p.send(PAGE_DOWN);
    let s = p.wait_for("Group 19 (256-bit elliptic curve)", 10);
    p.send(&letter_of(&s, "Group 19 (256-bit elliptic curve)").to_string());
    p.send("\r");
    p.wait_for("Type the name of the IKEv2 profile the tunnel uses.", 10);
    p.send("PROF-HQ");
    p.wait_for("PROF-HQ▏", 10);
    p.send("\r");
    p.wait_for("Which command shows at a glance whether Tunnel0 is up?", 10);
    p.send(PAGE_DOWN);
    let s = p.wait_for("show crypto map", 10);
    p.send(&letter_of(&s, "show crypto map").to_string());
    p.send("\r");
    // All three answered: asked to leave; n stays inside.
    p.wait_for("Leave the testlet? You cannot return to its questions.", 10);
    p.send("n");
    p.wait_for("Still in the testlet", 10);
    // Back with [ (to the typed answer, kept), then on with Tab to change the last one.
    p.send("[");
    let s = p.wait_for("Type the name of the IKEv2 profile the tunnel uses.", 10);
    assert!(s.contains("PROF-HQ▏") && s.contains("question 2 of 3 · answered 3"), "{s}");
    p.send("\t");
    p.wait_for("Which command shows at a glance whether Tunnel0 is up?", 10);
    p.send(PAGE_DOWN);
    let s = p.wait_for("show ip interface brief", 10);
    p.send(&letter_of(&s, "show ip interface brief").to_string());
    p.send("\r");
    p.wait_for("Leave the testlet?", 10);
    p.send("n");
    p.wait_for("Still in the testlet", 10);
    p.send("L");
    p.wait_for("Leave the testlet?", 10);
    p.send("y");
    let s = p.wait_for("Which packet does the access list in the exhibit permit?", 10);
    assert!(s.contains("Testlet left: its answers are final."), "{s}");
    // Once left, [ is refused.
    p.send("[");
    let s = p.wait_for("is closed", 10);
    assert!(s.contains("The testlet “Branch office VPN” is closed"), "{s}");
    p.send(&letter_of(&s, "A TCP segment to 192.0.2.10 port 443").to_string());
    p.send("\r");

    // Orders: the letters in the right order (one placed twice is refused).
    let dot1x = [
        "EAPOL-Start from the supplicant",
        "EAP-Request/Identity from the switch",
        "EAP-Response/Identity from the supplicant",
        "RADIUS Access-Request from the switch to the server",
        "RADIUS Access-Accept from the server",
        "EAP-Success from the switch to the supplicant",
    ];
    let s = p.wait_for("Put these messages of an 802.1X port authentication", 10);
    let keys = letters(&s, &dot1x);
    p.send(&keys[..1]);
    p.wait_for("Your order, 1 of 6", 10);
    p.send(&keys[..1]);
    p.wait_for("is already placed", 10);
    p.send(&keys[1..]);
    p.wait_for("Your order, 6 of 6", 10);
    p.send("\r");
    let s = p.wait_for("Put the IKEv2 exchanges in the order", 10);
    p.send(&letters(&s, &["IKE_SA_INIT", "INFORMATIONAL"]));
    p.wait_for("Your order, 2 of 4", 10);
    p.send("\u{7f}");
    p.wait_for("Your order, 1 of 4", 10);
    p.send(&letters(&s, &["IKE_AUTH", "CREATE_CHILD_SA", "INFORMATIONAL"]));
    p.wait_for("Your order, 4 of 4", 10);
    p.send("\r");

    // A partial-credit match with one pair wrong: SA given the item that matches nothing.
    let s = p.wait_for("Match each IPsec building block to what it does.", 10);
    p.send(&letters(
        &s,
        &[
            "Encrypts and authenticates the payload",
            "Authenticates the packet including the outer IP header, without encryption",
            "Negotiates the keys and security associations",
            "Compresses the payload before it is encrypted",
        ],
    ));
    p.wait_for("All matched", 10);
    p.send("\r");

    // Typed: case and spacing do not count.
    p.wait_for("Type the IOS global configuration command", 10);
    p.send("AAA  New-Model");
    p.wait_for("AAA  New-Model▏", 10);
    p.send("\r");

    // 9 right and 3 of 4 pairs: 97.5%.
    let s = p.wait_for("Results", 10);
    assert!(s.contains("97.5%"), "{s}");
    p.send("r");
    let s = p.wait_for("Review", 10);
    assert!(s.contains("Match each IPsec building block") && s.contains("3 of 4 pairs right, credit 75%"), "{s}");
    assert!(s.contains("✗ SA") && s.contains("right: "), "{s}");
    p.send("\u{1b}");
    p.wait_for("Results", 10);
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);

    let sessions = dir.path().join("sessions");
    let path = fs::read_dir(&sessions).expect("sessions").next().expect("journal").expect("entry").path();
    let journal = fs::read_to_string(path).expect("read");
    assert!(journal.contains("\"type\":\"leave\""), "the testlet's answers made final:\n{journal}");
    assert!(journal.contains("\"typed\":\"PROF-HQ\"") && journal.contains("\"typed\":\"AAA  New-Model\""), "{journal}");
    assert!(journal.contains("\"credit\":0.75"), "{journal}");
    let out = std::process::Command::new(common::BIN)
        .args(["history", "--format", "json"])
        .env("PROCTOR_DATA_DIR", dir.path())
        .output()
        .expect("history");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["score"], 97.5, "{v}");
    assert_eq!((v[0]["questions"].as_u64(), v[0]["answered"].as_u64()), (Some(10), Some(10)), "{v}");
}
