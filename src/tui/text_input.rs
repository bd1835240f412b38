//! The one-line text input used wherever the candidate types (a review note, the attempt
//! form): printable characters up to a limit, Backspace, Enter to submit, Esc to cancel.

use ratatui::crossterm::event::KeyCode;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::engine::text::escape_controls;

/// What a key did to the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Still typing.
    Editing,
    /// Enter: the text as typed.
    Submit(String),
    /// Esc: discard.
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Longest text accepted, in characters.
    max_chars: usize,
}

impl TextInput {
    pub fn new(initial: &str, max_chars: usize) -> TextInput {
        TextInput { text: initial.chars().take(max_chars).collect(), max_chars }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn key(&mut self, code: KeyCode) -> Edit {
        match code {
            KeyCode::Char(c) if !c.is_control() && self.text.chars().count() < self.max_chars => self.text.push(c),
            KeyCode::Backspace => {
                self.text.pop();
            }
            KeyCode::Esc => return Edit::Cancel,
            KeyCode::Enter => return Edit::Submit(self.text.clone()),
            _ => {}
        }
        Edit::Editing
    }

    /// The input as one line: its label, the text (controls escaped) and a cursor.
    pub fn line(&self, label: &str, key_style: Style) -> Line<'static> {
        Line::from(vec![
            Span::styled(format!(" {label}: "), key_style),
            Span::raw(escape_controls(&self.text)),
            Span::styled("▏", key_style),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_backspace_submit_and_cancel() {
        let mut t = TextInput::new("", 3);
        for c in "abcd".chars() {
            assert_eq!(t.key(KeyCode::Char(c)), Edit::Editing);
        }
        assert_eq!(t.text(), "abc", "the limit holds");
        t.key(KeyCode::Backspace);
        assert_eq!(t.key(KeyCode::Enter), Edit::Submit("ab".into()));
        assert_eq!(t.key(KeyCode::Esc), Edit::Cancel);
    }
}
