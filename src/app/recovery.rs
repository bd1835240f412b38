//! At start-up: interrupted sessions whose time is over (or that are not the latest) are
//! finished and scored; the latest one still running is offered for resuming.

use chrono::{DateTime, Utc};

use crate::engine::bank::LoadedBank;
use crate::engine::history::{Stored, recovery};
use crate::engine::session::{Event, FinishReason, Session};

use super::journaling::Journaling;

/// What recovery found.
#[derive(Debug, Default)]
pub struct Recovered {
    /// Sessions finished now, as "title (reason)", for the status line.
    pub closed: Vec<String>,
    /// The session that can be resumed (the exam lock is held for it).
    pub interrupted: Option<Stored>,
    /// Journals that could not be read (each `file:line: why`): possibly interrupted
    /// sessions, left untouched for `proctor doctor`.
    pub unreadable: Vec<String>,
}

/// Closes what cannot go on and finds what can. A live exam in another process holds the
/// lock: then its journal is not interrupted and nothing is touched.
pub fn recover(journaling: &mut Journaling, now: DateTime<Utc>) -> Recovered {
    let mut out = Recovered::default();
    let Some(store) = journaling.store().cloned() else { return out };
    let (mut open, unreadable) = store.unfinished_and_unreadable();
    out.unreadable = unreadable.iter().map(|e| e.report()).collect();
    if open.is_empty() || journaling.acquire_lock().is_err() {
        return out;
    }
    open.sort_by_key(|s| s.start.started_at);
    let latest = open.pop();
    for s in open.into_iter().chain(latest.clone()) {
        let now = s.effective_now(now);
        let expired = s.start.deadline.is_some_and(|d| now >= d);
        let is_latest = latest.as_ref().is_some_and(|l| l.path == s.path);
        if expired || !is_latest {
            let (reason, at) = match s.start.deadline {
                Some(d) if expired => (FinishReason::TimeUp, d),
                _ => (FinishReason::Abandoned, now),
            };
            let _ = recovery::close(&store, &s, reason, at);
            out.closed.push(format!("{} ({})", s.start.bank_title, reason.name()));
        } else {
            out.interrupted = Some(s);
        }
    }
    if out.interrupted.is_none() {
        journaling.release_lock();
    }
    out
}

/// The outcome of the candidate's answer to "resume it?".
#[derive(Debug)]
pub enum Resumed {
    /// Taken up again where it stood: the bank's index, the session and its seed. When
    /// the session was already over (every answer given, or its time ran out), `finished`
    /// is the event that ended it, already journaled.
    Session { bank: usize, session: Box<Session>, seed: u64, finished: Option<Event> },
    /// Not resumed; scored as it stood. The message says why.
    Closed(String),
}

/// Resumes `s` (when `yes`) or closes it as abandoned.
pub fn resume(journaling: &mut Journaling, banks: &[LoadedBank], s: Stored, yes: bool, now: DateTime<Utc>) -> Resumed {
    let Some(store) = journaling.store().cloned() else {
        return Resumed::Closed("no history store to resume from".into());
    };
    // A clock set back while the session was away gives no time back.
    let now = s.effective_now(now);
    let abandon = |journaling: &mut Journaling, msg: String| {
        let _ = recovery::close(&store, &s, FinishReason::Abandoned, now);
        journaling.release_lock();
        Resumed::Closed(msg)
    };
    if !yes {
        let msg = format!("The interrupted {} exam was abandoned and scored.", s.start.bank_title);
        return abandon(journaling, msg);
    }
    match recovery::rebuild(banks, &s, now) {
        Ok((bank, session)) => {
            if let Err(e) = journaling.resume(&s) {
                return Resumed::Closed(format!("cannot continue the journal: {}", e.report()));
            }
            let finished = match session.phase() {
                crate::engine::session::Phase::Finished(r) => {
                    let event = Event::Finished(r);
                    let _ = journaling.record(event, &session);
                    Some(event)
                }
                _ => None,
            };
            Resumed::Session { bank, session: Box::new(session), seed: s.start.seed, finished }
        }
        Err(why) => {
            abandon(journaling, format!("Cannot resume the interrupted exam: {why}; it was scored as abandoned."))
        }
    }
}
