//! Readiness, per-domain trends, the study plan and the retake plan of one bank: what the
//! progress screen, `proctor progress` and `proctor retake` show.

use chrono::{Local, NaiveDate};

use crate::engine::bank::{Bank, Domain, Exam};
use crate::engine::history::{Store, Summary};
use crate::engine::progress::{self, Progress};
use crate::engine::readiness::{self, Readiness, VerdictKind};
use crate::engine::retake::{self, Booking, PolicyFile};

/// The progress figures of `bank`, with the real exams' reported domains taken in.
/// The verdict gains a line per real exam with a score: what practice said before it.
pub fn progress_of(store: Option<&Store>, bank: &Bank, cfg: readiness::Config) -> Progress {
    let reported = store.map(|s| s.reported_domains(bank)).unwrap_or_default();
    let (summaries, r) = readiness_of(store, bank, cfg);
    let mut p = progress::build_with(store, bank, cfg, &reported, &summaries, r);
    let calibration = calibration(store, bank);
    for c in &calibration {
        p.readiness.verdict.reasons.push(calibration_text(c));
    }
    if let Some(c) = calibration.last()
        && c.gap.abs() >= 1.0
    {
        p.readiness.verdict.reasons.push(format!(
            "`proctor progress {} --adjust` {} the estimate by that gap",
            bank.exam.id,
            if c.gap > 0.0 { "lowers" } else { "raises" }
        ));
    }
    p
}

/// Readiness as assessed over one reading of the index: the summaries, the bank's exam and
/// domains (all readiness looks at) and the settings. Home, the progress screen and its
/// booking advice each ask for the same one; over 10,000 sessions it is worth keeping.
type ReadinessMemo = (std::sync::Arc<Vec<Summary>>, Exam, Vec<Domain>, readiness::Config, Readiness);

/// The last few assessed, with the index they were assessed over.
static READINESS_MEMO: std::sync::Mutex<Vec<ReadinessMemo>> = std::sync::Mutex::new(Vec::new());

/// The index's summaries and the readiness of `bank` over them under `cfg`, assessed once
/// while the index this process read stays the same.
pub fn readiness_of(
    store: Option<&Store>,
    bank: &Bank,
    cfg: readiness::Config,
) -> (std::sync::Arc<Vec<Summary>>, Readiness) {
    let summaries = store.map(Store::summaries_shared).unwrap_or_default();
    if let Ok(memo) = READINESS_MEMO.lock()
        && let Some(hit) = memo.iter().find(|(s, exam, domains, c, _)| {
            std::sync::Arc::ptr_eq(s, &summaries) && *exam == bank.exam && *domains == bank.domains && *c == cfg
        })
    {
        return (summaries, hit.4.clone());
    }
    let r = readiness::assess(bank, &summaries, cfg);
    if let Ok(mut memo) = READINESS_MEMO.lock() {
        // An entry over another reading of the index is stale: its Arc is let go.
        memo.retain(|(s, ..)| std::sync::Arc::ptr_eq(s, &summaries));
        if memo.len() >= 8 {
            memo.remove(0);
        }
        memo.push((summaries.clone(), bank.exam.clone(), bank.domains.clone(), cfg, r.clone()));
    }
    (summaries, r)
}

/// The pass-probability estimate in words: "84% chance of passing a fresh paper (61% of
/// reaching the target) · expected 78.2%, 80% range 71.1–85.6% · from 270 answers", or
/// that there is not enough evidence yet.
pub fn estimate_text(e: &crate::engine::estimate::Estimate) -> String {
    match (e.pass_probability, e.target_probability, e.expected_score, e.interval) {
        (Some(p), Some(t), Some(mean), Some((lo, hi))) => format!(
            "{:.0}% chance of passing a fresh paper ({:.0}% of reaching the target) · expected {mean:.1}%, 80% range {lo:.1}–{hi:.1}% · from {} answers",
            p * 100.0,
            t * 100.0,
            e.answers_used
        ),
        _ => format!("chance of passing: not enough evidence yet ({} answers)", e.answers_used),
    }
}

/// What practice predicted before a real exam, next to what the exam said.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Calibration {
    pub date: NaiveDate,
    /// The expected score from the sessions taken before that day.
    pub practice: f64,
    /// The real score, as a percentage.
    pub exam: f64,
    /// Practice minus the exam, in points (positive: practice ran high).
    pub gap: f64,
}

/// Every recorded attempt with a score on a known scale, against the estimate of the
/// sessions before it, oldest first.
pub fn calibration(store: Option<&Store>, bank: &Bank) -> Vec<Calibration> {
    let Some(store) = store else { return Vec::new() };
    let summaries = store.summaries_shared();
    let mut out = Vec::new();
    let mut attempts = store.attempts(Some(&bank.exam.id)).0;
    attempts.sort_by_key(|a| a.date);
    for a in attempts {
        let Some(exam) = a.score_percent() else { continue };
        let before = summaries.iter().filter(|s| s.started_at.with_timezone(&Local).date_naive() < a.date);
        let Some(practice) =
            crate::engine::estimate::estimate_of(bank, before, bank.exam.target(), Default::default()).expected_score
        else {
            continue;
        };
        let gap = ((practice - exam) * 10.0).round() / 10.0;
        out.push(Calibration { date: a.date, practice, exam: (exam * 10.0).round() / 10.0, gap });
    }
    out
}

/// "practice said 84.0%, the exam on 2026-11-02 said 78.0%: 6.0 points lower".
pub fn calibration_text(c: &Calibration) -> String {
    let how = if c.gap > 0.0 {
        format!("{:.1} points lower", c.gap)
    } else if c.gap < 0.0 {
        format!("{:.1} points higher", -c.gap)
    } else {
        "the same".to_owned()
    };
    format!("practice said {:.1}%, the exam on {} said {:.1}%: {how}", c.practice, c.date, c.exam)
}

/// The rule the study plan follows, as it applies: 70/30 when some domain is weak, by
/// blueprint weight when none is.
pub fn plan_rule(plan: &[crate::engine::progress::PlanItem]) -> &'static str {
    if plan.iter().any(|i| i.weak) {
        "70% of your time on the weak domains, 30% on the rest"
    } else {
        "no weak domain yet: time by blueprint weight"
    }
}

/// The command that drills the weak domains of bank `bank_id`, to show beside the plan.
pub fn weak_drill_command(bank_id: &str) -> String {
    format!("proctor drill {bank_id} --weak")
}

/// The policy file: the user's copy in the data dir overrides the bundled one.
pub fn policies(store: Option<&Store>) -> Result<PolicyFile, String> {
    if let Some(s) = store {
        let path = s.root().join(retake::POLICY_FILE_NAME);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return retake::parse_policies(&text).map_err(|e| format!("{}:{e}", path.display()));
        }
    }
    retake::parse_policies(retake::BUNDLED_POLICIES).map_err(|e| format!("<bundled>/retake-policies.yaml:{e}"))
}

/// The booking advice for `bank` on `today`, or why there is none.
pub fn booking_for(store: Option<&Store>, bank: &Bank, today: NaiveDate) -> Result<Booking, String> {
    let vendor = bank
        .exam
        .vendor
        .as_deref()
        .ok_or_else(|| format!("bank `{}` names no `vendor:`; the retake planner needs one", bank.exam.id))?;
    let file = policies(store)?;
    let policy =
        file.for_vendor(vendor).ok_or_else(|| format!("no retake policy for vendor `{vendor}` in the policy file"))?;
    let attempts = store.map(|s| s.attempts(Some(&bank.exam.id)).0).unwrap_or_default();
    let (_, r) = readiness_of(store, bank, readiness::Config::default());
    // The day the candidate became ready, as their calendar shows it.
    let ready_on = (r.verdict.kind == VerdictKind::Ready)
        .then(|| r.scores.last().map(|p| p.started_at.with_timezone(&Local).date_naive()))
        .flatten();
    let more = readiness::DEFAULT_STREAK.saturating_sub(r.streak);
    let elig = retake::eligibility(policy, &bank.exam.id, &attempts, today).map_err(|e| e.to_string())?;
    let mut b = retake::booking(policy, elig, ready_on, more);
    // Not ready: say what the verdict says stands in the way (the same words as progress),
    // and a date already reached as "now".
    if b.eligibility.passed_on.is_none()
        && !b.ready
        && let Some(e) = b.eligibility.earliest
    {
        let when = if e <= today { "eligible now".to_owned() } else { format!("eligible from {e}") };
        let first = r.verdict.reasons.first().map_or("not ready yet", String::as_str);
        b.suggestion = format!("not yet: {first} ({when})");
    }
    Ok(b)
}

/// The verdict in the words every screen and command uses.
pub fn verdict_word(kind: VerdictKind) -> &'static str {
    match kind {
        VerdictKind::Ready => "Ready",
        VerdictKind::NotYet => "Not yet",
        VerdictKind::NotEnoughData => "Not enough data",
    }
}

/// The candidate's calendar day at `now` (booking rules count in local days).
pub fn local_day(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    now.with_timezone(&Local).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{bank, sim};

    /// The readiness kept for one reading of the index is the one assessed afresh, and a
    /// session indexed since is taken in.
    #[test]
    fn kept_readiness_is_the_fresh_one_and_follows_the_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let b = bank(30);
        let cfg = readiness::Config::default();
        store.write_index(&(0..5).map(|n| sim(n, &[(12, 15), (8, 9), (5, 6)])).collect::<Vec<_>>()).expect("index");
        let (all, first) = readiness_of(Some(&store), &b, cfg);
        assert_eq!(first, readiness::assess(&b, &all, cfg));
        assert_eq!(readiness_of(Some(&store), &b, cfg).1, first, "kept");
        let other = readiness::Config { streak: 1, ..cfg };
        assert_eq!(readiness_of(Some(&store), &b, other).1, readiness::assess(&b, &all, other), "other settings");
        store.update_index(sim(9, &[(15, 15), (9, 9), (6, 6)])).expect("update");
        let (all, after) = readiness_of(Some(&store), &b, cfg);
        assert_eq!(all.len(), 6);
        assert_eq!(after, readiness::assess(&b, &all, cfg));
        assert_ne!(after.scores.len(), first.scores.len());
    }
}
