//! Recording a real exam attempt typed on the progress screen or given on the command line.

use chrono::NaiveDate;

use crate::engine::attempt_form::{self, FormError};
use crate::engine::bank::Bank;
use crate::engine::history::{AttemptError, Store};
use crate::engine::retake::Attempt;

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
