//! The review screen's state: stepping through the errors (or all questions, or the lucky
//! ones) in any order, confirming or setting each cause, typing a note, and the domain ×
//! cause breakdown, whose entries (questions slipped or still missed since last time, the
//! missed terms) open the questions behind them. It changes only itself; a confirmed cause
//! comes back as a journal record for the caller to save.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyCode;

use super::keys::Action;
use super::text_input::{Edit, TextInput};
use crate::app::review_session::{SessionReview, Since};
use crate::engine::bank::Bank;
use crate::engine::diagnosis::Suggested;
use crate::engine::history::record::DiagnosisRecord;
use crate::engine::history::{Body, Record};
use crate::engine::review::{self, Change, Confirmed, Filter, Review, SinceLast};

/// Longest note, in characters.
const NOTE_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewPane {
    Question,
    Breakdown,
}

/// What a breakdown entry is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// Right last time, wrong now.
    Slipped,
    /// Wrong both times.
    StillMissed,
    /// A term of the missed questions.
    Term(String),
}

/// A breakdown entry that opens questions: Enter shows `group`, from `first` on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// The questions it opens, as indices into `review.items`.
    pub group: Vec<usize>,
    /// The question of this entry, as an index into `group`.
    pub first: usize,
}

impl Link {
    /// What the questions it opens have in common, for the review's title.
    pub fn label(&self) -> String {
        match &self.kind {
            LinkKind::Slipped => "slipped since last time".into(),
            LinkKind::StillMissed => "still missed since last time".into(),
            LinkKind::Term(t) => format!("taught the term {t}"),
        }
    }
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
    /// Each question against its last answer in the earlier sessions of the bank.
    pub since: Option<Since>,
    pub scroll: u16,
    /// The breakdown's entries that open questions, top to bottom.
    pub links: Vec<Link>,
    /// The entry marked on the breakdown.
    pub link: usize,
    /// Set when the marked entry moved: the caller scrolls it into view.
    pub follow_link: bool,
    /// The questions a breakdown entry opened, shown instead of the filter's (its label).
    pub focus: Option<String>,
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
    pub fn new(data: SessionReview, bank: &Bank) -> ReviewState {
        let links = links(&data.review, data.since.as_ref().map(|s| &s.comparison), bank);
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
            links,
            link: 0,
            follow_link: false,
            focus: None,
        };
        state.refilter();
        if state.shown.is_empty() {
            state.filter = Filter::All;
            state.refilter();
        }
        state
    }

    /// Shows the filter's questions, staying on the one on screen when the filter keeps it.
    fn refilter(&mut self) {
        let was = self.shown.get(self.pos).copied();
        self.focus = None;
        self.shown = self.review.select(self.filter);
        self.pos = was
            .and_then(|i| self.shown.iter().position(|&s| s == i))
            .unwrap_or(self.pos)
            .min(self.shown.len().saturating_sub(1));
        self.scroll = 0;
    }

    /// Opens the questions of the marked breakdown entry.
    fn open_link(&mut self) {
        let Some(link) = self.links.get(self.link) else { return };
        self.focus = Some(link.label());
        self.shown = link.group.clone();
        self.pos = link.first.min(self.shown.len().saturating_sub(1));
        self.view = ReviewPane::Question;
        self.scroll = 0;
    }

    /// From the questions an entry opened, back to the breakdown (on that entry).
    fn close_link(&mut self) {
        self.refilter();
        self.view = ReviewPane::Breakdown;
        self.follow_link = true;
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
            // The breakdown's entries, marked in turn (without any, the keys scroll).
            Action::Down if !self.links.is_empty() => {
                self.link = (self.link + 1).min(self.links.len() - 1);
                self.follow_link = true;
            }
            Action::Up if !self.links.is_empty() => {
                self.link = self.link.saturating_sub(1);
                self.follow_link = true;
            }
            Action::Enter if self.view == ReviewPane::Breakdown && !self.links.is_empty() => self.open_link(),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            // Out of an entry's questions: the filter as it was.
            Action::Filter if self.focus.is_some() => self.refilter(),
            Action::Filter => {
                self.filter = self.filter.next();
                self.refilter();
            }
            Action::Breakdown if self.focus.is_some() => self.close_link(),
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
            // Esc: from an entry's questions back to the breakdown, from the breakdown back
            // to the questions, from the questions out.
            Action::Back if self.focus.is_some() => self.close_link(),
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

/// The breakdown's entries: each question slipped, then each still missed, since the
/// previous session (each opening its whole group), then each missed term (opening the
/// questions that taught it).
fn links(review: &Review, since: Option<&SinceLast>, bank: &Bank) -> Vec<Link> {
    let mut out = Vec::new();
    if let Some(since) = since {
        for (change, kind) in [(Change::Slipped, LinkKind::Slipped), (Change::StillMissed, LinkKind::StillMissed)] {
            let group = review::changed_items(review, since, change);
            out.extend((0..group.len()).map(|first| Link { kind: kind.clone(), group: group.clone(), first }));
        }
    }
    for (term, group) in review::term_items(review, bank) {
        out.push(Link { kind: LinkKind::Term(term), group, first: 0 });
    }
    out
}
