//! The answer being formed on the question screen, for the item types that are not a
//! plain choice: the items of an order question with the order taking shape below them,
//! a match question's left items (the one being matched highlighted, the pairs given so
//! far beside theirs) above the right-hand items, and a text question's input.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::columns::{Cell, side_by_side};
use super::wrap::wrap;
use crate::engine::bank::{Question, letter};
use crate::engine::text::escape_controls;
use crate::tui::theme::Theme;

/// What the form is drawn from: the question, its shown order (`order[pos]` = bank
/// index), the shown positions placed so far in the order placed, the option under the
/// cursor, and the text width.
pub struct Form<'a> {
    pub q: &'a Question,
    pub order: &'a [u8],
    pub placed: &'a [usize],
    pub cursor: usize,
    pub width: usize,
    pub theme: Theme,
}

/// A line of guidance, wrapped under the one-column margin.
pub fn note(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(1)).into_iter().map(|l| Line::styled(format!(" {l}"), style)).collect()
}

fn clean(s: &str) -> String {
    s.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n")
}

impl Form<'_> {
    /// One item the candidate can pick, under `prefix` (its letter and any mark), its
    /// continuation rows hanging under its text; the rows it took go to `rows`.
    fn item(&self, pos: usize, mark: &str, style: Style, lines: &mut Vec<Line<'static>>, rows: &mut Vec<(u16, u16)>) {
        let first = lines.len() as u16;
        let pointer = if pos == self.cursor { "▸" } else { " " };
        let prefix = format!("{pointer}{} {mark}", letter(pos));
        let indent = prefix.width();
        let text = self.order.get(pos).and_then(|&o| self.q.options.get(o as usize)).map_or("", |o| &o.text);
        for (k, l) in wrap(&clean(text), self.width.saturating_sub(indent)).into_iter().enumerate() {
            let head = if k == 0 { prefix.clone() } else { " ".repeat(indent) };
            let head_style = if pos == self.cursor { self.theme.cursor() } else { style };
            lines.push(Line::from(vec![Span::styled(head, head_style), Span::styled(l, style)]));
        }
        rows.push((first, lines.len() as u16));
    }

    /// Said on the question: a partial-credit question earns a share for each part right.
    fn credit_note(&self) -> &'static str {
        if self.q.partial { " · partial credit" } else { "" }
    }

    fn text_of(&self, pos: usize) -> String {
        let text = self.order.get(pos).and_then(|&o| self.q.options.get(o as usize)).map_or("", |o| &o.text);
        clean(text)
    }

    /// An order question: each item with its place (`[2]`) once placed, then the order as
    /// it stands.
    pub fn order(&self, lines: &mut Vec<Line<'static>>, rows: &mut Vec<(u16, u16)>) {
        let n = self.order.len();
        let theme = self.theme;
        lines.push(Line::styled(
            format!(" Put all {n} in order  ({} placed){}", self.placed.len(), self.credit_note()),
            theme.warn(),
        ));
        let digits = n.to_string().len();
        for pos in 0..n {
            let place = self.placed.iter().position(|&p| p == pos);
            let (mark, style) = match place {
                Some(k) => (format!("[{:>digits$}] ", k + 1), theme.selected()),
                None => (format!("[{}] ", " ".repeat(digits)), Style::new()),
            };
            self.item(pos, &mark, style, lines, rows);
        }
        lines.push(Line::from(""));
        if self.placed.is_empty() {
            lines.extend(note("Your order: type the letter of the item that comes first.", self.width, theme.dim()));
            return;
        }
        lines.push(Line::styled(format!(" Your order, {} of {n}:", self.placed.len()), theme.title()));
        for (k, &pos) in self.placed.iter().enumerate() {
            let lead = format!("   {:>digits$}. {} ", k + 1, letter(pos));
            let hang = lead.width();
            for (i, l) in wrap(&self.text_of(pos), self.width.saturating_sub(hang)).into_iter().enumerate() {
                let head = if i == 0 { lead.clone() } else { " ".repeat(hang) };
                lines.push(Line::from(vec![Span::styled(head, theme.selected()), Span::raw(l)]));
            }
        }
    }

    /// A match question: the left items, the one being matched marked `▶`, each pair given
    /// beside its left item (`SSH → C. 22`); then the right-hand items to pick from.
    pub fn matching(&self, lines: &mut Vec<Line<'static>>, rows: &mut Vec<(u16, u16)>) {
        let theme = self.theme;
        let lefts = &self.q.lefts;
        let done = self.placed.len();
        lines.push(Line::styled(
            format!(" Match all {}  ({done} matched){}", lefts.len(), self.credit_note()),
            theme.warn(),
        ));
        // The left column is as wide as the longest left item, up to a third of the width.
        let longest = lefts.iter().map(|l| escape_controls(l).width()).max().unwrap_or(0);
        let left_w = longest.min(self.width / 3).max(4) + 2;
        for (i, left) in lefts.iter().enumerate() {
            let current = i == done;
            let marker = if current { "▶ " } else { "  " };
            let style = if current { theme.cursor() } else { Style::new() };
            let left_cell = [Span::styled(marker, theme.key()), Span::styled(escape_controls(left), style)];
            let right: Vec<Span> = match self.placed.get(i) {
                Some(&pos) => vec![Span::styled(format!("{}. {}", letter(pos), self.text_of(pos)), theme.selected())],
                None if current => vec![Span::styled("?", theme.key())],
                None => Vec::new(),
            };
            let (left_cell, right) = (Cell::new(&left_cell).hang(2), Cell::new(&right).hang(3));
            lines.extend(side_by_side(" ", left_cell, left_w, Span::raw(" → "), right, self.width + 1));
        }
        lines.push(Line::from(""));
        let hint = match lefts.get(done) {
            Some(l) => format!("Type the letter that matches {} (an item may match several).", escape_controls(l)),
            None => "All matched: Enter submits; Backspace takes back the last.".to_owned(),
        };
        lines.extend(note(&hint, self.width, theme.dim()));
        for pos in 0..self.order.len() {
            let used = self.placed.contains(&pos);
            let style = if used { theme.selected() } else { Style::new() };
            self.item(pos, "", style, lines, rows);
        }
    }
}

/// A text question's input line: what is typed so far and the cursor, in `room` columns;
/// a long answer shows its end, where the next key goes.
pub fn typed_line(typed: &str, room: usize, theme: Theme) -> Line<'static> {
    let shown = escape_controls(typed);
    // One column for the cursor.
    let room = room.saturating_sub(1).max(1);
    let shown = if shown.width() > room {
        let mut tail: Vec<char> = Vec::new();
        let mut w = 1;
        for c in shown.chars().rev() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + cw > room {
                break;
            }
            tail.push(c);
            w += cw;
        }
        format!("…{}", tail.into_iter().rev().collect::<String>())
    } else {
        shown
    };
    Line::from(vec![Span::raw(" "), Span::styled(shown, theme.selected()), Span::styled("▏", theme.key())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_long_answer_keeps_its_end_in_view() {
        let line = typed_line(&("x".repeat(100) + "END"), 30, Theme { color: false }).to_string();
        assert!(line.starts_with(" …x") && line.ends_with("END▏"), "{line}");
        assert_eq!(line.width(), 31, "the margin and 30 columns");
        assert_eq!(typed_line("50", 30, Theme { color: false }).to_string(), " 50▏");
    }
}
