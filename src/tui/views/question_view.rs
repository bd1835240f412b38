//! The question screen: title, position, countdown and time gauge; the stem and options,
//! wrapped to the width and scrollable; in drills with feedback, the answer explained.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::clock_text;
use super::wrap::{fit, wrap};
use crate::engine::bank::Bank;
use crate::engine::session::Mode;
use crate::engine::text::escape_controls;
use crate::tui::state::{App, ExamRun};
use crate::tui::theme::Theme;

/// The question screen: the countdown, progress, the stem and the options.
pub struct QuestionView<'a> {
    pub app: &'a App,
    pub theme: Theme,
    pub now: DateTime<Utc>,
}

impl Widget for &QuestionView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let QuestionView { app, theme, now } = *self;
        let (Some(exam), Some(b)) = (&app.exam, app.bank()) else { return };
        let Some(item) = exam.session.current() else { return };
        let bank = &b.bank;
        let [head, gauge, _, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)])
                .areas(area);

        // Header: title (and domain in drills) on the left, position and clock on the right.
        let remaining_ms = exam.session.remaining(now).map(|d| d.num_milliseconds());
        let secs = remaining_ms.map(|ms| (ms + 999) / 1000);
        let right = format!(
            "Question {} of {}   {}",
            item + 1,
            exam.session.len(),
            secs.map_or_else(|| "untimed".to_owned(), clock_text)
        );
        let q = &bank.questions[exam.session.paper.items[item].question];
        let mut left = format!(" {}", escape_controls(&bank.exam.title));
        if exam.session.settings.mode == Mode::Drill {
            left.push_str(&format!(" · {}", escape_controls(&bank.domains[q.domain].name)));
        }
        let left_w = (head.width as usize).saturating_sub(right.width() + 1);
        Paragraph::new(Line::from(vec![
            Span::styled(fit(&left, left_w), theme.title()),
            Span::styled(right, secs.map_or(Style::new(), |s| theme.clock(s))),
            Span::raw(" "),
        ]))
        .render(head, buf);
        if let (Some(ms), Some(limit)) = (remaining_ms, exam.session.settings.limit_secs) {
            let ratio = (ms as f64 / (limit as f64 * 1000.0)).clamp(0.0, 1.0);
            let s = secs.unwrap_or(0);
            LineGauge::default()
                .ratio(ratio)
                .label(format!(" time left {:>3.0}% ", ratio * 100.0))
                .filled_style(theme.clock(s))
                .unfilled_style(theme.dim())
                .render(gauge, buf);
        }

        let lines = body_lines(exam, bank, app.cursor, body.width.saturating_sub(2) as usize, theme);
        let total = lines.len() as u16;
        let max_scroll = total.saturating_sub(body.height);
        let scroll = app.scroll.min(max_scroll);
        let [text, more] = Layout::horizontal([Constraint::Min(1), Constraint::Length(1)]).areas(body);
        Paragraph::new(lines).scroll((scroll, 0)).render(text, buf);
        if max_scroll > 0 {
            let mut marks = vec![Line::from(if scroll > 0 { "▲" } else { " " })];
            marks.extend(std::iter::repeat_n(Line::from(" "), body.height.saturating_sub(2) as usize));
            marks.push(Line::from(if scroll < max_scroll { "▼" } else { " " }));
            Paragraph::new(marks).style(theme.key()).render(more, buf);
        }
    }
}

/// The stem, the options and (after a submit in a feedback drill) the explanation.
pub fn body_lines(exam: &ExamRun, bank: &Bank, cursor: usize, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let Some(i) = exam.session.current() else { return Vec::new() };
    let item = &exam.session.paper.items[i];
    let q = &bank.questions[item.question];
    let feedback = exam.session.feedback_pending();
    let mut lines: Vec<Line> =
        wrap(&escape_controls_keep_newlines(&q.stem), width).into_iter().map(|l| Line::from(format!(" {l}"))).collect();
    lines.push(Line::from(""));
    let selected = exam.session.selected_positions();
    if q.choose > 1 {
        lines.push(Line::styled(format!(" Choose {}  ({} selected)", q.choose, selected.len()), theme.warn()));
    }
    for (pos, &opt) in item.order.iter().enumerate() {
        let o = &q.options[opt as usize];
        let is_sel = selected.contains(&pos);
        let mark = match (q.choose > 1, is_sel) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let verdict = if feedback {
            match (o.correct, is_sel) {
                (true, _) => "✓ ",
                (false, true) => "✗ ",
                (false, false) => "  ",
            }
        } else {
            ""
        };
        let pointer = if pos == cursor && !feedback { "▸" } else { " " };
        let prefix = format!("{pointer}{verdict}{} {mark} ", (b'A' + pos as u8) as char);
        let indent = prefix.width();
        let style = if feedback && o.correct {
            theme.good()
        } else if feedback && is_sel {
            theme.bad()
        } else if is_sel {
            theme.selected()
        } else {
            Style::new()
        };
        let text = escape_controls_keep_newlines(&o.text);
        for (k, l) in wrap(&text, width.saturating_sub(indent)).into_iter().enumerate() {
            let head = if k == 0 { prefix.clone() } else { " ".repeat(indent) };
            let head_style = if pos == cursor && !feedback { theme.cursor() } else { style };
            lines.push(Line::from(vec![Span::styled(head, head_style), Span::styled(l, style)]));
        }
        if feedback && let Some(why) = &o.why {
            for l in wrap(&escape_controls_keep_newlines(why), width.saturating_sub(indent)) {
                lines.push(Line::styled(format!("{}{l}", " ".repeat(indent)), theme.dim()));
            }
        }
    }
    if exam.session.guess_flag() && !feedback {
        lines.push(Line::from(""));
        lines.push(Line::styled(" ⚑ flagged as a guess", theme.warn()));
    }
    if feedback {
        let right = exam.session.answers().last().is_some_and(|a| a.correct);
        lines.push(Line::from(""));
        lines.push(if right {
            Line::styled(" ✓ Correct", theme.good())
        } else {
            Line::styled(" ✗ Not correct", theme.bad())
        });
        if let Some(e) = &q.explanation {
            for l in wrap(&escape_controls_keep_newlines(e), width.saturating_sub(1)) {
                lines.push(Line::from(format!(" {l}")));
            }
        }
        if !q.refs.is_empty() {
            lines.push(Line::styled(format!(" Refs: {}", escape_controls(&q.refs.join("; "))), theme.dim()));
        }
    }
    lines
}

/// Bank text keeps its line breaks; every other control character is made visible.
fn escape_controls_keep_newlines(s: &str) -> String {
    s.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n")
}
