//! Interrupted sessions: rebuilding one from its journal over the bank it was drawn from
//! (to resume it), and closing one that cannot or should not go on (scored as it stands).

use chrono::{DateTime, Utc};

use crate::engine::bank::{LoadedBank, catalog};
use crate::engine::blueprint::{Paper, PaperItem};
use crate::engine::session::{FinishReason, Session};

use super::record::FinishRecord;
use super::{Body, Journal, Record, Store, StoreError, Stored, Summary};

/// Appends the finish record to an interrupted journal and indexes it.
pub fn close(store: &Store, s: &Stored, reason: FinishReason, at: DateTime<Utc>) -> Result<(), StoreError> {
    let mut j = Journal::reopen(&s.path, s.journal.good_len)?;
    j.append(&Record::new(Body::Finish(FinishRecord { reason, finished_at: at, clock_anomaly: s.clock_anomaly() })))?;
    let s = store.read_session(&s.path)?;
    store.update_index(Summary::of(&s))
}

/// The session of an interrupted journal, over the bank it was drawn from: the index of
/// that bank in `banks` and the rebuilt session.
pub fn rebuild(banks: &[LoadedBank], s: &Stored, now: DateTime<Utc>) -> Result<(usize, Session), String> {
    let start = &s.start;
    let idx = catalog::find_for_session(banks, &start.bank_sha256, &start.bank_id)
        .ok_or_else(|| format!("bank `{}` is not available", start.bank_id))?;
    let bank = &banks[idx].bank;
    let mut items = Vec::with_capacity(start.paper.len());
    let mut keys = Vec::with_capacity(start.paper.len());
    let answered = s.answers().count();
    for (i, f) in start.paper.iter().enumerate() {
        // The bank may have changed since: an answered question that is gone keeps its
        // answer (the review shows it as no longer in the bank); one still to be asked
        // cannot be, so that session cannot go on.
        let q = match bank.questions.iter().position(|q| q.id == f.question) {
            Some(q) => q,
            None if i < answered => 0,
            None => return Err(format!("question {} is no longer in the bank", f.question)),
        };
        items.push(PaperItem { question: q, order: f.order.clone(), testlet: f.testlet.clone() });
        keys.push(f.key(bank.domain_index(&f.domain.0).unwrap_or(0)));
    }
    let answers = s.answers().cloned().collect();
    let drafts = s.drafts();
    let mut session =
        Session::resume(Paper { items }, keys, start.settings.clone(), start.started_at, answers, drafts, now)
            .map_err(|e| e.to_string())?;
    if s.clock_anomaly() {
        session.flag_clock_anomaly();
    }
    Ok((idx, session))
}
