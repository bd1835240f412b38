//! Exhibits as the question and review screens show them: a framed block of literal text
//! (a configuration, command output) whose every leading space is kept and whose lines are
//! never re-wrapped, because indentation and columns carry its meaning. A line wider than
//! the frame is cut with `…`, and the frame says where to read it whole. Also the
//! testlet's scenario, which is prose and wraps.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::wrap::{fit, wrap};
use crate::engine::bank::{Bank, Question, Testlet};
use crate::engine::text::escape_controls;
use crate::tui::theme::Theme;

/// One exhibit to show: its heading and its literal text.
pub struct Exhibit<'a> {
    pub title: String,
    pub text: &'a str,
}

/// The testlet the question belongs to in the bank (shown even where the paper asks its
/// questions one by one, as drills with feedback do).
pub fn testlet_of<'a>(bank: &'a Bank, q: &Question) -> Option<&'a Testlet> {
    q.testlet.and_then(|t| bank.testlets.get(t))
}

/// The exhibits of a question: its testlet's first (the scenario's, shared by all its
/// questions), then its own.
pub fn exhibits<'a>(bank: &'a Bank, q: &'a Question) -> Vec<Exhibit<'a>> {
    let mut out = Vec::new();
    if let Some(t) = testlet_of(bank, q)
        && let Some(text) = &t.exhibit
    {
        let title = if q.exhibit.is_some() { "Testlet exhibit" } else { "Exhibit" };
        out.push(Exhibit { title: title.to_owned(), text });
    }
    if let Some(text) = &q.exhibit {
        out.push(Exhibit { title: "Exhibit".to_owned(), text });
    }
    out
}

/// The lines of literal text as they are shown: tabs expanded to the next multiple of
/// eight columns (as a terminal would), other control characters made visible, trailing
/// spaces dropped, leading ones kept.
pub fn literal_lines(text: &str) -> Vec<String> {
    text.trim_end_matches('\n')
        .split('\n')
        .map(|l| escape_controls(&expand_tabs(l.trim_end_matches('\r'))).trim_end().to_owned())
        .collect()
}

fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::new();
    for c in line.chars() {
        if c == '\t' {
            let w = out.width();
            out.extend(std::iter::repeat_n(' ', 8 - w % 8));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` in a frame titled `title`, in lines of at most `width` columns that start with
/// the screen's one-column margin. The frame is as wide as the widest line when it fits;
/// lines it cannot hold are cut with `…`, and then `hint` (where to read them whole), if
/// any, is written in the bottom border.
pub fn block(title: &str, text: &str, width: usize, hint: Option<&str>, theme: Theme) -> Vec<Line<'static>> {
    let lines = literal_lines(text);
    let widest = lines.iter().map(|l| l.width()).max().unwrap_or(0);
    // Margin, border and padding on each side: five columns besides the text.
    let room = width.saturating_sub(5).max(1);
    let title = format!(" {title} ");
    let inner = widest.max(title.width().saturating_sub(2)).min(room);
    let cut = widest > inner;
    let border = theme.dim();
    let rule = |left: &str, label: &str, style: Style, right: &str| {
        let label = if label.width() > inner + 2 { fit(label, inner + 2) } else { label.to_owned() };
        Line::from(vec![
            Span::raw(" "),
            Span::styled(left.to_owned(), border),
            Span::styled(label.clone(), style),
            Span::styled("─".repeat(inner + 2 - label.width()), border),
            Span::styled(right.to_owned(), border),
        ])
    };
    let mut out = vec![rule("┌", &title, theme.title(), "┐")];
    for l in &lines {
        out.push(Line::from(vec![
            Span::raw(" "),
            Span::styled("│ ", border),
            Span::raw(fit(l, inner)),
            Span::styled(" │", border),
        ]));
    }
    let hint = hint.filter(|_| cut).map(|h| format!(" {h} ")).unwrap_or_default();
    out.push(rule("└", &hint, theme.warn(), "┘"));
    out
}

/// The scenario's prose, wrapped to `width` under a one-column margin.
pub fn scenario_lines(t: &Testlet, width: usize) -> Vec<Line<'static>> {
    let clean = t.scenario.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n");
    wrap(&clean, width.saturating_sub(1)).into_iter().map(|l| Line::from(format!(" {l}"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn leading_spaces_are_kept_and_the_frame_fits_the_text() {
        let shown =
            text(&block("Exhibit", "interface Gi0/1\n ip address 10.0.0.1\n!\n", 40, None, Theme { color: false }));
        assert_eq!(
            shown,
            vec![
                " ┌ Exhibit ─────────────┐",
                " │ interface Gi0/1      │",
                " │  ip address 10.0.0.1 │",
                " │ !                    │",
                " └──────────────────────┘",
            ]
        );
    }

    #[test]
    fn a_line_too_wide_is_cut_with_a_marker_and_the_hint_says_where_to_read_it() {
        let shown =
            text(&block("Exhibit", "short\n  a very long line indeed", 20, Some("x: whole"), Theme { color: false }));
        assert!(shown.iter().all(|l| l.width() <= 20), "{shown:?}");
        assert_eq!(shown[2], " │   a very long … │");
        assert!(shown[3].contains(" x: whole "), "{shown:?}");
    }

    #[test]
    fn tabs_become_spaces_to_the_next_stop() {
        assert_eq!(literal_lines("a\tb\n\tc  \n"), vec!["a       b", "        c"]);
    }
}
