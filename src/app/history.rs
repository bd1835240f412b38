//! "List the sessions of a bank" and "review one of them": what the history screen and
//! `proctor history` show, finished sessions and interrupted ones alike, newest first.

use crate::engine::bank::LoadedBank;
use crate::engine::history::{Store, Summary};

use super::review_session::{self, ReviewError, SessionReview};

/// Every session of the store (of bank `bank` when given), newest first. Interrupted (or
/// running) sessions are listed too, with what they hold so far.
pub fn sessions(store: &Store, bank: Option<&str>) -> Vec<Summary> {
    Listing::of(store, bank).rows().into_iter().cloned().collect()
}

/// What `sessions` lists, borrowed: the index as read and the sessions it does not hold
/// yet (interrupted or running). `proctor history` prints from `rows` without copying
/// every summary of a long history.
pub struct Listing {
    index: std::sync::Arc<Vec<Summary>>,
    open: Vec<Summary>,
    bank: Option<String>,
}

impl Listing {
    pub fn of(store: &Store, bank: Option<&str>) -> Listing {
        let index = store.summaries_shared();
        let mut open: Vec<Summary> = Vec::new();
        for s in store.unfinished() {
            if !index.iter().chain(&open).any(|x| x.id == s.id()) {
                open.push(Summary::of(&s));
            }
        }
        Listing { index, open, bank: bank.map(str::to_owned) }
    }

    /// The sessions, newest first.
    pub fn rows(&self) -> Vec<&Summary> {
        let mut all: Vec<&Summary> = self
            .index
            .iter()
            .chain(&self.open)
            .filter(|s| self.bank.as_deref().is_none_or(|b| s.bank_id == b))
            .collect();
        all.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
        all
    }
}

/// The review of the stored session `id`, compared with the bank's session before it.
pub fn review_by_id(banks: &[LoadedBank], store: &Store, id: &str) -> Result<SessionReview, ReviewError> {
    let s = store.read_session(&store.journal_path(id))?;
    review_session::review_stored(banks, store, &s)
}
