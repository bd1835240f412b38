//! The full-screen exhibit: a testlet's scenario and every exhibit of the question on
//! screen, with the countdown still in the header (the clock keeps running). Literal lines
//! are never wrapped: ←/→ scroll them sideways, and `‹`/`›` mark text beyond either edge.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::clock_text;
use super::exhibit::{exhibits, literal_lines, scenario_lines, testlet_of};
use super::wrap::fit;
use crate::engine::text::escape_controls;
use crate::tui::state::{App, Offset};
use crate::tui::theme::Theme;

pub struct ExhibitView<'a> {
    pub app: &'a App,
    pub theme: Theme,
    pub now: DateTime<Utc>,
}

/// A row of the view: prose (already wrapped, never moved sideways) or a literal line.
enum Row {
    Prose(Line<'static>),
    Literal(String),
}

/// The header, the scrolled rows, and a footer that says where the view is.
fn areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area)
}

/// Rows of the scrolled part in the screen's `area`.
pub fn body_rows(area: Rect) -> u16 {
    areas(area)[1].height
}

/// Columns a literal line gets: one each side is kept for the `‹`/`›` marks.
fn literal_width(body: Rect) -> usize {
    body.width.saturating_sub(2) as usize
}

fn rows(app: &App, width: usize, theme: Theme) -> Vec<Row> {
    let Some(q) = app.current_question() else { return Vec::new() };
    let bank = app.bank().map(|b| &b.bank);
    let Some(bank) = bank else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(t) = testlet_of(bank, q) {
        out.push(Row::Prose(Line::styled(format!(" Scenario: {}", escape_controls(&t.title)), theme.title())));
        out.extend(scenario_lines(t, width).into_iter().map(Row::Prose));
        out.push(Row::Prose(Line::from("")));
    }
    for e in exhibits(bank, q) {
        out.push(Row::Prose(Line::styled(format!(" {}", e.title), theme.title())));
        out.extend(literal_lines(e.text).into_iter().map(Row::Literal));
        out.push(Row::Prose(Line::from("")));
    }
    out
}

/// How far the view can scroll in the screen's `area`: sideways to show the end of the
/// widest line, down to show the last row.
pub fn max_offset(app: &App, area: Rect) -> Offset {
    let body = areas(area)[1];
    let rows = rows(app, body.width as usize, Theme { color: false });
    let widest = rows.iter().filter_map(|r| if let Row::Literal(l) = r { Some(l.width()) } else { None }).max();
    Offset {
        x: (widest.unwrap_or(0).saturating_sub(literal_width(body))) as u16,
        y: (rows.len() as u16).saturating_sub(body.height),
    }
}

/// The columns `from..from + width` of `s`; a wide character cut by either edge becomes a
/// space, so every column keeps its place.
fn columns(s: &str, from: usize, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        let (start, end) = (col, col + w);
        col = end;
        if end <= from {
            continue;
        }
        if start >= from + width {
            break;
        }
        if start < from || end > from + width {
            out.extend(std::iter::repeat_n(' ', end.min(from + width) - start.max(from)));
        } else {
            out.push(c);
        }
    }
    out
}

impl Widget for &ExhibitView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ExhibitView { app, theme, now } = *self;
        let (Some(exam), Some(offset)) = (&app.exam, app.exhibit) else { return };
        let Some(item) = exam.session.current() else { return };
        let [head, body, foot] = areas(area);
        let secs = exam.session.remaining(now).map(|d| (d.num_milliseconds() + 999) / 1000);
        let right = format!(
            "   Question {} of {}   {} ",
            item + 1,
            exam.session.len(),
            secs.map_or_else(|| "untimed".to_owned(), clock_text)
        );
        let left_w = (head.width as usize).saturating_sub(right.width());
        Paragraph::new(Line::from(vec![
            Span::styled(fit(" Exhibit · the clock keeps running", left_w), theme.title()),
            Span::styled(right, secs.map_or(Style::new(), |s| theme.clock(s))),
        ]))
        .render(head, buf);

        let rows = rows(app, body.width as usize, theme);
        let most = max_offset(app, area);
        let (x, y) = (offset.x.min(most.x) as usize, offset.y.min(most.y) as usize);
        let w = literal_width(body);
        let lines: Vec<Line> = rows
            .iter()
            .skip(y)
            .take(body.height as usize)
            .map(|r| match r {
                Row::Prose(l) => l.clone(),
                Row::Literal(l) => {
                    let before = if x > 0 && !l.is_empty() { "‹" } else { " " };
                    let after = if l.width() > x + w { "›" } else { "" };
                    Line::from(vec![
                        Span::styled(before, theme.key()),
                        Span::raw(fit(&columns(l, x, w), w)),
                        Span::styled(after, theme.key()),
                    ])
                }
            })
            .collect();
        Paragraph::new(lines).render(body, buf);

        let mut where_ = format!(
            " rows {}–{} of {}",
            (y + 1).min(rows.len()),
            (y + body.height as usize).min(rows.len()),
            rows.len()
        );
        if most.x > 0 {
            where_.push_str(&format!(" · columns {}–{} (←→ for more)", x + 1, x + w));
        }
        Paragraph::new(Line::styled(fit(&where_, foot.width as usize), theme.dim())).render(foot, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::columns;

    #[test]
    fn columns_keep_their_place_when_a_wide_character_is_cut() {
        assert_eq!(columns("  abcdef", 2, 3), "abc");
        assert_eq!(columns("a漢b", 2, 2), " b", "half of 漢 is a space");
        assert_eq!(columns("short", 9, 4), "");
    }
}
