//! The question screen: title, position, countdown and time gauge; in drills the domain;
//! the stem and options, wrapped to the width and scrollable; in drills with feedback, the
//! answer explained.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::clock_text;
use super::wrap::{clip, fit, wrap};
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

/// The screen's rows: the header, the time gauge, a line for the drill's domain (blank in
/// a simulation), and the scrolled body.
fn areas(area: Rect) -> [Rect; 4] {
    Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)])
        .areas(area)
}

/// Where the stem and options scroll within the screen's `area`.
pub fn body_area(area: Rect) -> Rect {
    areas(area)[3]
}

/// The body of the question on show as drawn in the screen's `area`: its lines, and the
/// rows each option takes (first, one past the last), for the cursor to be kept in view.
pub fn body_of(app: &App, area: Rect, theme: Theme) -> Option<Body> {
    let (exam, b) = (app.exam.as_ref()?, app.bank()?);
    Some(body_lines(exam, &b.bank, app.cursor, text_width(body_area(area)), theme))
}

/// How far the body can scroll in the screen's `area`.
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let rows = body_of(app, area, Theme { color: false }).map_or(0, |b| b.lines.len());
    (rows as u16).saturating_sub(body_area(area).height)
}

/// Text width in the body: a column of margin and one for the scroll marks.
fn text_width(body: Rect) -> usize {
    body.width.saturating_sub(2) as usize
}

/// `+2:10 ahead`, `0:45 behind` or `on pace`, from a lead in seconds.
pub fn pace_text(lead: i64) -> String {
    let m = |s: i64| format!("{}:{:02}", s / 60, s % 60);
    match lead {
        0 => "on pace".to_owned(),
        l if l > 0 => format!("+{} ahead", m(l)),
        l => format!("{} behind", m(-l)),
    }
}

impl Widget for &QuestionView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let QuestionView { app, theme, now } = *self;
        let (Some(exam), Some(b)) = (&app.exam, app.bank()) else { return };
        let Some(item) = exam.session.current() else { return };
        let bank = &b.bank;
        let [head, gauge, domain, body] = areas(area);

        // Header: the title on the left; the guess flag, position and clock on the right.
        let remaining_ms = exam.session.remaining(now).map(|d| d.num_milliseconds());
        let secs = remaining_ms.map(|ms| (ms + 999) / 1000);
        let flag = if exam.session.guess_flag() && !exam.session.feedback_pending() { "⚑ guess   " } else { "" };
        let right = format!(
            "Question {} of {}   {}",
            item + 1,
            exam.session.len(),
            secs.map_or_else(|| "untimed".to_owned(), clock_text)
        );
        let q = &bank.questions[exam.session.paper.items[item].question];
        let left = format!(" {}", escape_controls(&bank.exam.title));
        // Against the pace the limit implies; it gives way to the title before the counter
        // and the clock would.
        let pace = exam.session.pace_lead(now).map_or_else(String::new, |l| format!("{}   ", pace_text(l)));
        let left_w = (head.width as usize).saturating_sub(flag.width() + pace.width() + right.width() + 1);
        Paragraph::new(Line::from(vec![
            Span::styled(fit(&left, left_w), theme.title()),
            Span::styled(pace, theme.dim()),
            Span::styled(flag, theme.warn()),
            Span::styled(right, secs.map_or(Style::new(), |s| theme.clock(s))),
            Span::raw(" "),
        ]))
        .render(head, buf);
        // A drill names each question's domain, on a line of its own so it is never cut
        // for the title.
        if exam.session.settings.mode == Mode::Drill {
            let name = format!(" Domain: {}", escape_controls(&bank.domains[q.domain].name));
            Paragraph::new(Line::styled(clip(&name, domain.width as usize), theme.dim())).render(domain, buf);
        }
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

        let lines = body_lines(exam, bank, app.cursor, text_width(body), theme).lines;
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

/// The question's scrolled lines, and the rows of each option among them.
pub struct Body {
    pub lines: Vec<Line<'static>>,
    /// For each shown option, its first row and one past its last (its `why` included).
    pub options: Vec<(u16, u16)>,
}

/// The stem, the options and (after a submit in a feedback drill) the explanation.
pub fn body_lines(exam: &ExamRun, bank: &Bank, cursor: usize, width: usize, theme: Theme) -> Body {
    let mut options = Vec::new();
    let Some(i) = exam.session.current() else { return Body { lines: Vec::new(), options } };
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
        let first_row = lines.len() as u16;
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
        options.push((first_row, lines.len() as u16));
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
            for l in wrap(&format!("Refs: {}", escape_controls(&q.refs.join("; "))), width.saturating_sub(1)) {
                lines.push(Line::styled(format!(" {l}"), theme.dim()));
            }
        }
    }
    Body { lines, options }
}

/// Bank text keeps its line breaks; every other control character is made visible.
fn escape_controls_keep_newlines(s: &str) -> String {
    s.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n")
}
