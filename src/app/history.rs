//! "List the sessions of a bank" and "review one of them": what the history screen and
//! `proctor history` show, finished sessions and interrupted ones alike, newest first.

use crate::engine::bank::LoadedBank;
use crate::engine::history::{Store, Summary};

use super::review_session::{self, ReviewError, SessionReview};

/// Every session of the store (of bank `bank` when given), newest first. Interrupted (or
/// running) sessions are listed too, with what they hold so far.
pub fn sessions(store: &Store, bank: Option<&str>) -> Vec<Summary> {
    let mut all: Vec<Summary> =
        store.summaries_shared().iter().filter(|s| bank.is_none_or(|b| s.bank_id == b)).cloned().collect();
    for open in store.unfinished() {
        if !all.iter().any(|s| s.id == open.id()) {
            all.push(Summary::of(&open));
        }
    }
    all.retain(|s| bank.is_none_or(|b| s.bank_id == b));
    all.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
    all
}

/// The review of the stored session `id`, compared with the bank's session before it.
pub fn review_by_id(banks: &[LoadedBank], store: &Store, id: &str) -> Result<SessionReview, ReviewError> {
    let s = store.read_session(&store.journal_path(id))?;
    review_session::review_stored(banks, store, &s)
}
