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

    /// The input as one line of `width` columns: its label, the text (controls escaped)
    /// and a cursor. Text too long for the line shows its end, after a `…`: the end is
    /// where the candidate types. A label that would leave the text under a third of the
    /// line loses its parenthesised hint, then is cut with `…`.
    pub fn line(&self, label: &str, key_style: Style, width: usize) -> Line<'static> {
        use unicode_width::UnicodeWidthStr;
        let text = escape_controls(&self.text);
        let room_for_label = width.saturating_sub(width / 3).saturating_sub(3);
        // A label too long for its room drops its parenthesised hint first, then is cut.
        let label = match label.split_once(" (") {
            Some((short, _)) if label.width() > room_for_label => short,
            _ => label,
        };
        let label = crate::tui::views::wrap::clip(label, room_for_label.max(1));
        let head = format!(" {label}: ");
        // The cursor takes one column.
        let room = width.saturating_sub(head.width() + 1);
        let shown = if text.width() <= room {
            text
        } else {
            let mut tail: Vec<char> = Vec::new();
            let mut used = 1; // the `…`
            for c in text.chars().rev() {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + w > room {
                    break;
                }
                used += w;
                tail.push(c);
            }
            std::iter::once('…').chain(tail.into_iter().rev()).collect()
        };
        Line::from(vec![Span::styled(head, key_style), Span::raw(shown), Span::styled("▏", key_style)])
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

    fn shown(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// A long attempt line ran off the right edge at 80 columns, cut without a mark.
    #[test]
    fn a_line_longer_than_the_width_shows_its_end_after_a_mark() {
        use unicode_width::UnicodeWidthStr;
        let mut t = TextInput::new("", 300);
        for c in "2026-11-20 fail 61% net=40% cloud=below endpoint=near access=55".chars() {
            t.key(KeyCode::Char(c));
        }
        let l = shown(&t.line("Attempt (DATE pass|fail [SCORE] [DOMAIN=RESULT ...])", Style::new(), 60));
        assert!(l.width() <= 60, "{l}");
        assert!(l.ends_with("access=55▏"), "the end, where one types: {l}");
        assert!(l.contains('…'), "{l}");
        assert!(l.starts_with(" Attempt: …"), "the hint gives way first: {l}");
        let short = shown(&TextInput::new("ok", 10).line("Note", Style::new(), 60));
        assert_eq!(short, " Note: ok▏");
    }
}
