//! Recording a real exam attempt typed on the progress screen or given on the command line,
//! and the words an attempt is listed in (by `proctor attempt list` and the progress screen).

use chrono::NaiveDate;

use crate::engine::attempt_form::{self, FormError};
use crate::engine::bank::Bank;
use crate::engine::history::{AttemptError, Store};
use crate::engine::retake::{Attempt, Outcome, ReportedResult};

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error(transparent)]
    Form(#[from] FormError),
    #[error("attempt NOT saved: no data directory")]
    NoStore,
    #[error("attempt NOT saved")]
    Store(#[from] AttemptError),
}

/// Parses the progress screen's one-line form, on the candidate's `today`, and stores the
/// attempt.
pub fn record_form(store: Option<&Store>, bank: &Bank, today: NaiveDate, line: &str) -> Result<Attempt, RecordError> {
    let a = attempt_form::parse_form(bank, today, line)?;
    store.ok_or(RecordError::NoStore)?.add_attempt(&a)?;
    Ok(a)
}

/// `pass` or `fail`.
pub fn result_word(a: &Attempt) -> &'static str {
    if a.result == Outcome::Pass { "pass" } else { "fail" }
}

/// The score as given: `78%`, `780/1000`, a bare number, or empty.
pub fn score_text(a: &Attempt) -> String {
    match (a.score, a.out_of) {
        (Some(s), Some(100)) => format!("{s}%"),
        (Some(s), Some(of)) => format!("{s}/{of}"),
        (Some(s), None) => s.to_string(),
        (None, _) => String::new(),
    }
}

/// The score report's domains: `net=64%`, `cloud=needs improvement`.
pub fn domain_texts(a: &Attempt) -> Vec<String> {
    a.domains
        .iter()
        .map(|(id, r)| match r {
            ReportedResult::Percent(p) => format!("{id}={p:.0}%"),
            ReportedResult::Label(l) => format!("{id}={}", l.text()),
        })
        .collect()
}
