//! "Review session S": the review model of a stored (or just taken, unsaved) session
//! against its bank, with the comparison to the bank's previous session.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::engine::bank::{LoadedBank, catalog};
use crate::engine::history::{Store, Stored, Summary, record};
use crate::engine::review::{self, Review, SinceLast};

/// How many earlier sessions of the bank a review looks back through for each question's
/// last answer: more than a month of daily drills, and a bounded read.
pub const EARLIER_SESSIONS: usize = 100;

/// Each question of a session against its last answer in earlier sessions of the bank.
#[derive(Debug, Clone)]
pub struct Since {
    /// How many earlier sessions were looked through, and when the first and the last of
    /// them started.
    pub sessions: usize,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
    pub comparison: SinceLast,
}
use crate::engine::session::Session;

/// A session ready to be reviewed.
#[derive(Debug, Clone)]
pub struct SessionReview {
    /// Index of the session's bank in the banks given.
    pub bank: usize,
    pub title: String,
    pub session_id: String,
    pub review: Review,
    /// The journal confirmed causes are written to; `None` for an unsaved session.
    pub journal: Option<PathBuf>,
    /// Each question against its last answer in the earlier sessions of the bank; `None`
    /// when there is none.
    pub since: Option<Since>,
    /// The id of the latest earlier session.
    pub previous: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("bank `{0}` is not available to review against")]
    NoBank(String),
    #[error("no finished session yet; take one with `proctor` or `proctor exam BANK`")]
    NoSessions,
    #[error("no finished session `{0}`; `proctor history` lists them")]
    NoSuchSession(String),
    #[error(transparent)]
    Store(#[from] crate::engine::history::StoreError),
}

/// The finished session a user means by `spec` (`latest` or an id).
pub fn find_session(store: &Store, spec: &str) -> Result<Stored, ReviewError> {
    let mut all: Vec<Summary> = store.summaries().into_iter().filter(|s| s.finish.is_some()).collect();
    all.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    let pick = if spec == "latest" { all.last() } else { all.iter().find(|s| s.id == spec) };
    let Some(sum) = pick else {
        return Err(if spec == "latest" {
            ReviewError::NoSessions
        } else {
            ReviewError::NoSuchSession(spec.to_owned())
        });
    };
    Ok(store.read_session(&store.journal_path(&sum.id))?)
}

/// The review of a stored session, compared with the previous one of its bank.
pub fn review_stored(banks: &[LoadedBank], store: &Store, s: &Stored) -> Result<SessionReview, ReviewError> {
    let bank = catalog::find_for_session(banks, &s.start.bank_sha256, &s.start.bank_id)
        .ok_or_else(|| ReviewError::NoBank(s.start.bank_id.clone()))?;
    let b = &banks[bank].bank;
    let build = |s: &Stored| Review::build(b, &s.start.domains, &s.start.paper, &s.complete_answers(), &s.confirmed());
    let r = build(s);
    let earlier = store.earlier_sessions(s, EARLIER_SESSIONS);
    let since = earlier.first().zip(earlier.last()).map(|(last, first)| Since {
        sessions: earlier.len(),
        first: first.start.started_at,
        last: last.start.started_at,
        comparison: review::since_earlier(&r, &earlier.iter().map(build).collect::<Vec<_>>()),
    });
    let previous = earlier.into_iter().next();
    Ok(SessionReview {
        bank,
        title: s.start.bank_title.clone(),
        session_id: s.start.session.clone(),
        review: r,
        journal: Some(s.path.clone()),
        since,
        previous: previous.map(|p| p.start.session),
    })
}

/// The review of a session held only in memory (its journal could not be written):
/// nothing confirmed in it can be kept.
pub fn review_unsaved(bank: &LoadedBank, bank_index: usize, session: &Session) -> SessionReview {
    let b = &bank.bank;
    let domains: Vec<_> = b.domains.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
    let r = Review::build(b, &domains, &record::freeze(b, session), session.answers(), &Default::default());
    SessionReview {
        bank: bank_index,
        title: b.exam.title.clone(),
        session_id: String::new(),
        review: r,
        journal: None,
        since: None,
        previous: None,
    }
}
