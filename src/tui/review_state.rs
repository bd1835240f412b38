//! The review screen's state: stepping through the errors (or all questions, or the lucky
//! ones) in any order, confirming or setting each cause, typing a note, and the domain ×
//! cause breakdown. It changes only itself; a confirmed cause comes back as a journal
//! record for the caller to save.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyCode;

use super::keys::Action;
use super::text_input::{Edit, TextInput};
use crate::app::review_session::SessionReview;
use crate::engine::diagnosis::Suggested;
use crate::engine::history::record::DiagnosisRecord;
use crate::engine::history::{Body, Record};
use crate::engine::review::{self, Confirmed, Filter, Review, SinceLast};

/// Longest note, in characters.
const NOTE_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewPane {
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
    pub view: ReviewPane,
    /// A note being typed for the current item.
    pub note: Option<TextInput>,
    /// The journal confirmations are written to.
    pub journal: Option<PathBuf>,
    /// Against the previous session of the bank: its start date and the comparison.
    pub since: Option<(DateTime<Utc>, SinceLast)>,
    pub scroll: u16,
}

/// What a key did in the review, beyond changing the review itself.
#[derive(Debug, PartialEq)]
pub enum ReviewOutcome {
    Nothing,
    /// Esc on the questions: leave the review.
    Leave,
    Status(String),
    /// A cause was confirmed: the status to show and, for a saved session, the record to
    /// append to its journal.
    Confirmed {
        status: String,
        save: Option<(PathBuf, Record)>,
    },
}

impl ReviewState {
    /// A review showing the wrong and unanswered questions first (all of them when none
    /// were wrong).
    pub fn new(data: SessionReview) -> ReviewState {
        let mut state = ReviewState {
            bank: data.bank,
            title: data.title,
            session_id: data.session_id,
            review: data.review,
            filter: Filter::Errors,
            shown: Vec::new(),
            pos: 0,
            view: ReviewPane::Question,
            note: None,
            journal: data.journal,
            since: data.since,
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

    pub fn update(&mut self, action: Action, now: DateTime<Utc>) -> ReviewOutcome {
        match action {
            Action::Next | Action::Down if self.view == ReviewPane::Question => {
                self.pos = (self.pos + 1).min(self.shown.len().saturating_sub(1));
                self.scroll = 0;
            }
            Action::Prev | Action::Up if self.view == ReviewPane::Question => {
                self.pos = self.pos.saturating_sub(1);
                self.scroll = 0;
            }
            Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::Filter => {
                self.filter = self.filter.next();
                self.refilter();
            }
            Action::Breakdown => {
                self.view =
                    if self.view == ReviewPane::Breakdown { ReviewPane::Question } else { ReviewPane::Breakdown };
                self.scroll = 0;
            }
            Action::Enter if self.view == ReviewPane::Question => {
                let cause = self.current().filter(|it| it.is_error()).and_then(|it| it.cause());
                if let Some(c) = cause {
                    return self.confirm(c, None, now);
                }
            }
            Action::SetCause(c) if self.view == ReviewPane::Question => {
                if self.current().is_some_and(|it| it.is_error()) {
                    return self.confirm(Suggested::Cause(c), None, now);
                }
                return ReviewOutcome::Status("Only wrong or unanswered questions take a cause.".into());
            }
            Action::Note if self.view == ReviewPane::Question && self.current().is_some_and(|it| it.is_error()) => {
                let note = self.current().and_then(|it| it.confirmed.as_ref()).and_then(|c| c.note.clone());
                self.note = Some(TextInput::new(note.as_deref().unwrap_or(""), NOTE_CHARS));
            }
            // Esc: from the breakdown back to the questions, from the questions out.
            Action::Back if self.view == ReviewPane::Breakdown => {
                self.view = ReviewPane::Question;
                self.scroll = 0;
            }
            Action::Back | Action::Home => return ReviewOutcome::Leave,
            _ => {}
        }
        ReviewOutcome::Nothing
    }

    /// A key while typing a note: Enter saves it with the item's cause, Esc discards it.
    pub fn note_key(&mut self, code: KeyCode, now: DateTime<Utc>) -> ReviewOutcome {
        let Some(input) = &mut self.note else { return ReviewOutcome::Nothing };
        match input.key(code) {
            Edit::Editing => ReviewOutcome::Nothing,
            Edit::Cancel => {
                self.note = None;
                ReviewOutcome::Nothing
            }
            Edit::Submit(text) => {
                self.note = None;
                let text = Some(text.trim().to_owned()).filter(|n| !n.is_empty());
                match self.current().and_then(|it| it.cause()) {
                    Some(c) => self.confirm(c, text, now),
                    None => ReviewOutcome::Nothing,
                }
            }
        }
    }

    /// Records the cause (and note) of the current item. It stays on screen: a note typed
    /// next is for this question, and → moves on when the reviewer is done with it.
    fn confirm(&mut self, cause: Suggested, note: Option<String>, now: DateTime<Utc>) -> ReviewOutcome {
        let Some(&idx) = self.shown.get(self.pos) else { return ReviewOutcome::Nothing };
        let item = &mut self.review.items[idx];
        let note = note.or_else(|| item.confirmed.as_ref().and_then(|c| c.note.clone()));
        item.confirmed = Some(Confirmed { cause, note: note.clone() });
        let rec = Record::new(Body::Diagnosis(DiagnosisRecord {
            item: item.item,
            question: item.question_id.clone(),
            cause,
            note,
            at: now,
        }));
        let status = format!("Question {}: cause {cause}. → next question", item.item + 1);
        ReviewOutcome::Confirmed { status, save: self.journal.clone().map(|j| (j, rec)) }
    }
}
