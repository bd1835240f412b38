//! The review of a finished session: stepping through the errors (or all questions, or
//! the lucky ones) in any order, confirming or setting each cause, adding a note, and the
//! domain × cause breakdown. Each confirmation is queued as a `diagnosis` record.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use proctor::engine::history::record::{self, DiagnosisRecord};
use proctor::engine::history::{Body, Record, Stored};
use proctor::engine::review::{self, Confirmed, Filter, Review, SinceLast};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Screen};
use super::keys::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewView {
    Question,
    Breakdown,
}

pub struct ReviewState {
    pub bank: usize,
    pub title: String,
    pub session_id: String,
    pub review: Review,
    pub filter: Filter,
    /// Items the filter keeps, as indices into `review.items`.
    pub shown: Vec<usize>,
    pub pos: usize,
    pub view: ReviewView,
    /// A note being typed for the current item.
    pub note: Option<String>,
    /// The journal confirmations are written to.
    pub journal: Option<PathBuf>,
    /// Against the previous session of the bank: its start date and the comparison.
    pub since: Option<(DateTime<Utc>, SinceLast)>,
    pub scroll: u16,
}

impl ReviewState {
    /// A review showing the wrong and unanswered questions first (all of them when none
    /// were wrong).
    fn new(
        bank: usize,
        title: String,
        session_id: String,
        review: Review,
        journal: Option<PathBuf>,
        since: Option<(DateTime<Utc>, SinceLast)>,
    ) -> ReviewState {
        let mut state = ReviewState {
            bank,
            title,
            session_id,
            review,
            filter: Filter::Errors,
            shown: Vec::new(),
            pos: 0,
            view: ReviewView::Question,
            note: None,
            journal,
            since,
            scroll: 0,
        };
        state.refilter();
        if state.shown.is_empty() {
            state.filter = Filter::All;
            state.refilter();
        }
        state
    }

    fn refilter(&mut self) {
        self.shown = self.review.select(self.filter);
        self.pos = self.pos.min(self.shown.len().saturating_sub(1));
        self.scroll = 0;
    }

    /// The item on screen.
    pub fn current(&self) -> Option<&review::ReviewItem> {
        self.shown.get(self.pos).map(|&i| &self.review.items[i])
    }
}

impl App {
    /// Opens the review of a stored session (with the previous one of its bank to compare).
    pub fn open_review(&mut self, s: &Stored, previous: Option<&Stored>) -> Result<(), String> {
        let bank = self
            .banks
            .iter()
            .position(|b| b.sha256 == s.start.bank_sha256)
            .or_else(|| self.banks.iter().position(|b| b.bank.exam.id == s.start.bank_id))
            .ok_or_else(|| format!("bank `{}` is not available to review against", s.start.bank_id))?;
        let b = &self.banks[bank].bank;
        let build =
            |s: &Stored| Review::build(b, &s.start.domains, &s.start.paper, &s.complete_answers(), &s.confirmed());
        let r = build(s);
        let since = previous.map(|p| (p.start.started_at, review::since_last(&r, &build(p))));
        let state =
            ReviewState::new(bank, s.start.bank_title.clone(), s.start.session.clone(), r, Some(s.path.clone()), since);
        self.review = Some(state);
        self.screen = Screen::Review;
        Ok(())
    }

    /// Reviews the session just finished: from its journal when it was saved, else from
    /// memory (nothing confirmed can then be kept).
    pub fn review_current(&mut self) {
        if let Some(path) = self.persist.last_journal.clone()
            && let Some(store) = self.persist.store.clone()
            && let Ok(s) = store.read_session(&path)
        {
            let previous = store.previous_session(&s);
            if let Err(e) = self.open_review(&s, previous.as_ref()) {
                self.status = Some(e);
            }
            return;
        }
        let Some(exam) = &self.exam else { return };
        let b = &self.banks[exam.bank].bank;
        let domains: Vec<_> = b.domains.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
        let r =
            Review::build(b, &domains, &record::freeze(b, &exam.session), exam.session.answers(), &Default::default());
        let state = ReviewState::new(exam.bank, b.exam.title.clone(), String::new(), r, None, None);
        self.review = Some(state);
        self.screen = Screen::Review;
        self.status = Some("This session was not saved: causes you confirm will not be kept.".into());
    }

    pub(super) fn review_action(&mut self, action: Action, now: DateTime<Utc>) {
        let Some(st) = &mut self.review else { return };
        match action {
            Action::Next | Action::Down if st.view == ReviewView::Question => {
                st.pos = (st.pos + 1).min(st.shown.len().saturating_sub(1));
                st.scroll = 0;
            }
            Action::Prev | Action::Up if st.view == ReviewView::Question => {
                st.pos = st.pos.saturating_sub(1);
                st.scroll = 0;
            }
            Action::PageDown => st.scroll = st.scroll.saturating_add(5),
            Action::PageUp => st.scroll = st.scroll.saturating_sub(5),
            Action::Filter => {
                st.filter = st.filter.next();
                st.refilter();
            }
            Action::Breakdown => {
                st.view = if st.view == ReviewView::Breakdown { ReviewView::Question } else { ReviewView::Breakdown };
                st.scroll = 0;
            }
            Action::Enter if st.view == ReviewView::Question => {
                let cause = st.current().filter(|it| it.is_error()).and_then(|it| it.cause());
                if let Some(c) = cause {
                    self.confirm(c, None, now);
                }
            }
            Action::SetCause(c) if st.view == ReviewView::Question => {
                if st.current().is_some_and(|it| it.is_error()) {
                    self.confirm(c.name().to_owned(), None, now);
                } else {
                    self.status = Some("Only wrong or unanswered questions take a cause.".into());
                }
            }
            Action::Note if st.view == ReviewView::Question && st.current().is_some_and(|it| it.is_error()) => {
                st.note = Some(
                    st.current().and_then(|it| it.confirmed.as_ref()).and_then(|c| c.note.clone()).unwrap_or_default(),
                );
            }
            Action::Quit | Action::Home => {
                self.review = None;
                self.screen =
                    if self.exam.as_ref().is_some_and(|e| e.report.is_some()) { Screen::Results } else { Screen::Home };
            }
            _ => {}
        }
    }

    /// A key while typing a note: text, Backspace, Enter saves, Esc cancels.
    pub fn note_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(st) = &mut self.review else { return };
        let Some(note) = &mut st.note else { return };
        match key.code {
            KeyCode::Char(c) if !c.is_control() && note.chars().count() < 200 => note.push(c),
            KeyCode::Backspace => {
                note.pop();
            }
            KeyCode::Esc => st.note = None,
            KeyCode::Enter => {
                let text = st.note.take().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
                let cause = st.current().and_then(|it| it.cause());
                if let Some(c) = cause {
                    self.confirm(c, text, now);
                }
            }
            _ => {}
        }
    }

    /// Records the cause (and note) of the current item and queues it for the journal.
    fn confirm(&mut self, cause: String, note: Option<String>, now: DateTime<Utc>) {
        let Some(st) = &mut self.review else { return };
        let Some(&idx) = st.shown.get(st.pos) else { return };
        let item = &mut st.review.items[idx];
        let note = note.or_else(|| item.confirmed.as_ref().and_then(|c| c.note.clone()));
        item.confirmed = Some(Confirmed { cause: cause.clone(), note: note.clone() });
        let rec = Record::new(Body::Diagnosis(DiagnosisRecord {
            item: item.item,
            question: item.question_id.clone(),
            cause: cause.clone(),
            note,
            at: now,
        }));
        self.status = Some(format!("Cause: {cause}."));
        if let Some(path) = st.journal.clone() {
            self.persist.queue_diagnosis(path, rec);
        }
        // Move on to the next unconfirmed error, as a reviewer works down the list.
        if let Some(st) = &mut self.review
            && let Some(next) = (st.pos + 1..st.shown.len()).find(|&p| {
                let it = &st.review.items[st.shown[p]];
                it.is_error() && it.confirmed.is_none()
            })
        {
            st.pos = next;
            st.scroll = 0;
        }
    }
}
