//! Readiness, per-domain trends, the study plan and the retake plan of one bank: what the
//! progress screen, `proctor progress` and `proctor retake` show.

use chrono::{Local, NaiveDate};

use crate::engine::bank::Bank;
use crate::engine::history::Store;
use crate::engine::progress::{self, Progress};
use crate::engine::readiness::{self, VerdictKind};
use crate::engine::retake::{self, Booking, PolicyFile};

/// The progress figures of `bank`, with the real exams' reported domains taken in.
pub fn progress_of(store: Option<&Store>, bank: &Bank, cfg: readiness::Config) -> Progress {
    let reported = store.map(|s| s.reported_domains(bank)).unwrap_or_default();
    progress::build(store, bank, cfg, &reported)
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
    let summaries = store.map(Store::summaries).unwrap_or_default();
    let r = readiness::assess(bank, &summaries, readiness::Config::default());
    // The day the candidate became ready, as their calendar shows it.
    let ready_on = (r.verdict.kind == VerdictKind::Ready)
        .then(|| r.scores.last().map(|p| p.started_at.with_timezone(&Local).date_naive()))
        .flatten();
    let more = readiness::DEFAULT_STREAK.saturating_sub(r.streak);
    let elig = retake::eligibility(policy, &bank.exam.id, &attempts, today).map_err(|e| e.to_string())?;
    Ok(retake::booking(policy, elig, ready_on, more))
}

/// The candidate's calendar day at `now` (booking rules count in local days).
pub fn local_day(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    now.with_timezone(&Local).date_naive()
}
