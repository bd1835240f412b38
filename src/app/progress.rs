//! Readiness, per-domain trends, the study plan and the retake plan of one bank: what the
//! progress screen, `proctor progress` and `proctor retake` show.

use chrono::{Local, NaiveDate};

use crate::engine::bank::Bank;
use crate::engine::history::Store;
use crate::engine::progress::{self, Progress};
use crate::engine::readiness::{self, VerdictKind};
use crate::engine::retake::{self, Booking, PolicyFile};

/// The progress figures of `bank`, with the real exams' reported domains taken in.
/// The verdict gains a line per real exam with a score: what practice said before it.
pub fn progress_of(store: Option<&Store>, bank: &Bank, cfg: readiness::Config) -> Progress {
    let reported = store.map(|s| s.reported_domains(bank)).unwrap_or_default();
    let mut p = progress::build(store, bank, cfg, &reported);
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
    let summaries = store.map(Store::summaries_shared).unwrap_or_default();
    let r = readiness::assess(bank, &summaries, readiness::Config::default());
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
