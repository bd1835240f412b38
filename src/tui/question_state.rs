//! The question screen's part of the update: the keys of each item type (options chosen,
//! items placed in order or matched, an answer typed), testlets (moving between their
//! questions, leaving them) and the full-screen exhibit. Like the rest of `state`, it only
//! changes the state and asks the session; nothing here draws or reads the clock.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyCode;

use super::keys::{Action, Context, Offers};
use super::state::{App, Dialog, Offset, Screen, capitalise};
use super::text_input::TextInput;
use super::views;
use crate::engine::bank::{Kind, Question, letter};
use crate::engine::session::{Command, SessionError};

/// Longest typed answer, in characters.
pub const ANSWER_CHARS: usize = 200;
/// Columns the exhibit moves per ←/→.
const SIDEWAYS: u16 = 8;

impl App {
    /// The bank question on screen, if a question is.
    pub fn current_question(&self) -> Option<&Question> {
        let exam = self.exam.as_ref()?;
        let item = exam.session.current()?;
        self.banks[exam.bank].bank.questions.get(exam.session.paper.items[item].question)
    }

    /// The key table of the question on screen, by its type.
    pub(super) fn question_context(&self) -> Context {
        match self.current_question().map(|q| q.kind) {
            Some(Kind::Order) => Context::QuestionOrder,
            Some(Kind::Match) => Context::QuestionMatch,
            Some(Kind::Text) => Context::QuestionText,
            Some(Kind::Choice) | None => Context::Question,
        }
    }

    /// What the question on screen offers beyond its answer: for the help bar.
    pub fn offers(&self) -> Offers {
        if self.screen != Screen::Question {
            return Offers::default();
        }
        Offers {
            exhibit: self.current_question().is_some_and(has_exhibit),
            testlet: self.exam.as_ref().is_some_and(|e| e.session.testlet_span().is_some()),
        }
    }

    /// A key typed into a text question's answer: the session gets the whole text so far.
    pub(super) fn type_answer(&mut self, code: KeyCode, now: DateTime<Utc>) {
        let Some(exam) = &self.exam else { return };
        if exam.session.feedback_pending() || self.current_question().is_none_or(|q| q.kind != Kind::Text) {
            return;
        }
        let mut input = TextInput::new(exam.session.typed(), ANSWER_CHARS);
        // Enter and Esc are bound in the key table: only editing keys come here.
        input.key(code);
        if input.text() != exam.session.typed()
            && let Err(e) = self.apply(Command::Type(input.text().to_owned()), now)
            && e != SessionError::TimeUp
        {
            self.status = Some(capitalise(&e.to_string()));
        }
        self.after_question_key(false);
    }

    pub(super) fn question(&mut self, action: Action, now: DateTime<Utc>) {
        if self.exhibit.is_some() {
            self.exhibit_action(action);
            return;
        }
        let Some(exam) = &self.exam else { return };
        let options = exam.session.current().map_or(0, |i| exam.session.paper.items[i].order.len());
        let feedback = exam.session.feedback_pending();
        let in_testlet = exam.session.testlet_span().is_some();
        // Keys that move the cursor or change the selection bring that option into view.
        let mut follow = false;
        let page = views::body_rows(self).saturating_sub(1).max(1);
        let result = match action {
            Action::Option(i) if i < options => {
                self.cursor = i;
                follow = true;
                self.apply(Command::Select(i), now)
            }
            // Named by its letter, as on screen: the 0 key is J, not "option 9".
            Action::Option(i) => {
                let letter = |p: usize| letter(p.min(25));
                self.status = Some(match options {
                    0 => "This question has no options.".to_owned(),
                    n => format!("There is no option {}: this question has A–{}.", letter(i), letter(n - 1)),
                });
                Ok(())
            }
            Action::Toggle => {
                follow = true;
                self.apply(Command::Select(self.cursor), now)
            }
            Action::Unplace => self.apply(Command::Unplace, now),
            Action::Up if !feedback => {
                self.cursor = self.cursor.saturating_sub(1);
                follow = true;
                Ok(())
            }
            Action::Down if !feedback => {
                self.cursor = (self.cursor + 1).min(options.saturating_sub(1));
                follow = true;
                Ok(())
            }
            Action::LineUp => {
                self.scroll = self.scroll.saturating_sub(1);
                Ok(())
            }
            Action::LineDown => {
                self.scroll = self.scroll.saturating_add(1);
                Ok(())
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(page);
                Ok(())
            }
            Action::PageDown => {
                self.scroll = self.scroll.saturating_add(page);
                Ok(())
            }
            Action::Guess => {
                let r = self.apply(Command::ToggleGuess, now);
                if r.is_ok() {
                    let flagged = self.exam.as_ref().is_some_and(|e| e.session.guess_flag());
                    self.status = Some(if flagged {
                        "⚑ Flagged as a guess (g again unflags it).".into()
                    } else {
                        "Guess flag removed.".into()
                    });
                }
                r
            }
            Action::Enter if feedback => self.apply(Command::Continue, now),
            Action::Enter => match self.submit(false, now) {
                Err(SessionError::Incomplete { selected, required }) => {
                    self.dialog = Some(Dialog::SubmitIncomplete { selected, required });
                    Ok(())
                }
                other => other,
            },
            Action::Next | Action::Prev => match self.apply(Command::Step(action == Action::Next), now) {
                Err(SessionError::NotInTestlet) => {
                    self.status = Some(self.not_in_testlet());
                    Ok(())
                }
                Err(SessionError::EdgeOfTestlet(edge)) => {
                    let other = if edge == "last" { "[ goes back" } else { "] goes on" };
                    self.status = Some(format!("This is the {edge} question of the testlet: {other}; L leaves it."));
                    Ok(())
                }
                other => other,
            },
            Action::Leave if in_testlet && !feedback => {
                self.dialog = Some(Dialog::LeaveTestlet);
                Ok(())
            }
            Action::Leave => {
                self.status = Some(self.not_in_testlet());
                Ok(())
            }
            Action::Exhibit => {
                if self.current_question().is_some_and(has_exhibit) {
                    self.exhibit = Some(Offset::default());
                } else {
                    self.status = Some("This question has no exhibit.".into());
                }
                Ok(())
            }
            Action::NoBack if in_testlet => {
                self.status = Some(
                    "Inside the testlet [ goes to the previous question; leaving it makes its answers final.".into(),
                );
                Ok(())
            }
            Action::NoBack => {
                self.status = Some("No going back: a submitted answer is final, as in the real exam.".into());
                Ok(())
            }
            // Esc: the only way back out of an exam is to abandon it, asked first.
            Action::Back => {
                self.dialog = Some(Dialog::Abandon);
                Ok(())
            }
            _ => Ok(()),
        };
        match result {
            Err(SessionError::TimeUp) | Ok(()) => {}
            Err(e) => self.status = Some(capitalise(&e.to_string())),
        }
        self.after_question_key(follow);
    }

    /// Submits the answer on screen. Inside a testlet, once every question of it has an
    /// answer, asks whether to leave it.
    pub(super) fn submit(&mut self, confirmed: bool, now: DateTime<Utc>) -> Result<(), SessionError> {
        self.apply(Command::Submit { confirmed }, now)?;
        if self.exam.as_ref().is_some_and(|e| e.session.testlet_complete()) {
            self.dialog = Some(Dialog::LeaveTestlet);
        }
        Ok(())
    }

    /// Why `[`, `]` or `L` do nothing here: the testlet before was left, or there is none.
    fn not_in_testlet(&self) -> String {
        let Some(exam) = &self.exam else { return String::new() };
        let bank = &self.banks[exam.bank].bank;
        let closed = exam.session.answers().iter().rev().find_map(|a| exam.session.key(a.item).testlet.as_ref());
        match closed {
            Some(id) => {
                let title = bank.testlets.iter().find(|t| &t.id == id).map_or(id.as_str(), |t| t.title.as_str());
                format!(
                    "The testlet “{}” is closed: its answers are final, and this question is not in a testlet.",
                    crate::engine::text::escape_controls(title)
                )
            }
            None => "This question is not in a testlet: there is no going back.".to_owned(),
        }
    }

    /// Keys of the full-screen exhibit: scroll it, or go back to the question.
    fn exhibit_action(&mut self, action: Action) {
        let page = views::body_rows(self).saturating_sub(1).max(1);
        let Some(o) = &mut self.exhibit else { return };
        match action {
            Action::Exhibit | Action::Back => self.exhibit = None,
            Action::Left => o.x = o.x.saturating_sub(SIDEWAYS),
            Action::Right => o.x = o.x.saturating_add(SIDEWAYS),
            Action::Up => o.y = o.y.saturating_sub(1),
            Action::Down => o.y = o.y.saturating_add(1),
            Action::PageUp => o.y = o.y.saturating_sub(page),
            Action::PageDown => o.y = o.y.saturating_add(page),
            _ => {}
        }
    }

    /// After a key on the question screen: a new question resets the view, and the option
    /// under the cursor is kept in view when the key moved it.
    fn after_question_key(&mut self, follow: bool) {
        self.after_change();
        if follow && self.screen == Screen::Question {
            self.follow_cursor();
        }
    }

    /// Scrolls the question just enough for the option under the cursor to be in view.
    fn follow_cursor(&mut self) {
        let rows = views::body_rows(self);
        if let Some((top, bottom)) = views::option_rows(self).get(self.cursor).copied() {
            if bottom > self.scroll + rows {
                self.scroll = bottom.saturating_sub(rows);
            }
            if top < self.scroll {
                self.scroll = top;
            }
        }
    }
}

/// Whether the question has something to show full screen: its exhibit, or its testlet's
/// scenario.
pub fn has_exhibit(q: &Question) -> bool {
    q.exhibit.is_some() || q.testlet.is_some()
}

#[cfg(test)]
#[path = "question_state_tests.rs"]
mod tests;
