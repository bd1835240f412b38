//! The question screen: title, position, countdown and time gauge; in drills the domain,
//! inside a testlet where it stands in it; a testlet's scenario pinned above the question;
//! the stem, any exhibit and the answer (options, items to order or match, a typed
//! answer), wrapped to the width and scrollable; in drills with feedback, the answer
//! explained.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::answer_check::check_lines;
use super::answer_form::{Form, typed_line};
use super::clock_text;
use super::exhibit::{block, exhibits, scenario_lines, testlet_of};
use super::wrap::{clip, fit, wrap};
use crate::engine::bank::{Bank, Kind, Question};
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

/// The screen's rows: the header, the time gauge, the lines that say where the question
/// is (a drill's domain, a testlet's position; one blank row in a simulation outside
/// testlets), a testlet's scenario, the scrolled body, and a text question's input, kept
/// below the body so that what is typed is always in view, however tall the exhibit.
fn areas(app: &App, area: Rect) -> [Rect; 6] {
    let info = info_lines(app, Theme { color: false }).len().max(1) as u16;
    let scenario = scenario_height(app, area, info);
    let typing = app.current_question().is_some_and(|q| q.kind == Kind::Text)
        && app.exam.as_ref().is_some_and(|e| !e.session.feedback_pending());
    // The input follows the question where it is short, and stays at the foot of the
    // screen where it is not.
    let body = if typing {
        let rows = match (&app.exam, app.bank()) {
            (Some(exam), Some(b)) => {
                body_lines(exam, &b.bank, app.cursor, area.width.saturating_sub(2) as usize, Theme { color: false })
                    .lines
                    .len()
            }
            _ => 0,
        };
        let room = area.height.saturating_sub(2 + info + scenario + 3);
        Constraint::Length((rows as u16).clamp(1, room.max(1)))
    } else {
        Constraint::Min(1)
    };
    let [head, gauge, info, scenario, body, input, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(info),
        Constraint::Length(scenario),
        body,
        Constraint::Length(if typing { 3 } else { 0 }),
        // Below a short question's input; nothing when the body takes the rest.
        if typing { Constraint::Min(0) } else { Constraint::Length(0) },
    ])
    .areas(area);
    [head, gauge, info, scenario, body, input]
}

/// Where the stem and options scroll within the screen's `area`.
pub fn body_area(app: &App, area: Rect) -> Rect {
    areas(app, area)[4]
}

/// A text question's input: the answer typed so far in a frame that says how it is
/// compared.
fn render_input(typed: &str, area: Rect, buf: &mut Buffer, theme: Theme) {
    use ratatui::widgets::Block;
    if area.height == 0 {
        return;
    }
    let hint = " Enter submits · case and spacing do not count ";
    let mut block = Block::bordered().border_style(theme.dim()).title(Span::styled(" Your answer ", theme.title()));
    if area.width as usize >= hint.width() + " Your answer ".width() + 6 {
        block = block.title_bottom(Line::styled(hint, theme.dim()).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(typed_line(typed, inner.width.saturating_sub(2) as usize, theme)).render(inner, buf);
}

/// The body of the question on show as drawn in the screen's `area`: its lines, and the
/// rows each option takes (first, one past the last), for the cursor to be kept in view.
pub fn body_of(app: &App, area: Rect, theme: Theme) -> Option<Body> {
    let (exam, b) = (app.exam.as_ref()?, app.bank()?);
    Some(body_lines(exam, &b.bank, app.cursor, text_width(body_area(app, area)), theme))
}

/// How far the body can scroll in the screen's `area`.
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let rows = body_of(app, area, Theme { color: false }).map_or(0, |b| b.lines.len());
    (rows as u16).saturating_sub(body_area(app, area).height)
}

/// The bank question on show and its testlet, if it has one.
fn on_show(app: &App) -> Option<(&Question, Option<&crate::engine::bank::Testlet>)> {
    let q = app.current_question()?;
    Some((q, testlet_of(&app.bank()?.bank, q)))
}

/// The lines under the gauge: a drill's domain, and inside a testlet where the candidate
/// is in it (`Testlet "Branch office VPN" · question 2 of 3 · answered 1`).
fn info_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let (Some(exam), Some(b), Some((q, testlet))) = (&app.exam, app.bank(), on_show(app)) else { return out };
    if exam.session.settings.mode == Mode::Drill {
        out.push(Line::styled(format!(" Domain: {}", escape_controls(&b.bank.domains[q.domain].name)), theme.dim()));
    }
    if let (Some((first, end)), Some(item), Some(t)) = (exam.session.testlet_span(), exam.session.current(), testlet) {
        let answered = (first..end).filter(|&i| exam.session.draft(i).is_some()).count();
        out.push(Line::styled(
            format!(
                " Testlet \"{}\" · question {} of {} · answered {answered}",
                escape_controls(&t.title),
                item - first + 1,
                end - first
            ),
            theme.selected(),
        ));
    }
    out
}

/// The key that opens the full-screen exhibit on this question (typing takes `x` on a
/// text question).
fn exhibit_key(q: &Question) -> &'static str {
    if q.kind == Kind::Text { "Ctrl-X" } else { "x" }
}

/// Rows the scenario takes: framed in full when that leaves the question two thirds of
/// the screen, else one line that names the key showing it full screen.
fn scenario_height(app: &App, area: Rect, info: u16) -> u16 {
    let Some((_, Some(t))) = on_show(app) else { return 0 };
    let lines = scenario_lines(t, area.width.saturating_sub(3) as usize).len() as u16;
    let room = area.height.saturating_sub(2 + info);
    if lines + 2 <= room / 3 { lines + 2 } else { 1 }
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
        let [head, gauge, info, scenario, body, input] = areas(app, area);
        render_input(exam.session.typed(), input, buf, theme);

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
        // A drill names each question's domain, and a testlet where the candidate is in it,
        // on lines of their own so that neither is cut for the title.
        let info_text: Vec<Line> = info_lines(app, theme)
            .into_iter()
            .map(|l| Line::styled(clip(&l.to_string(), info.width as usize), l.style))
            .collect();
        Paragraph::new(info_text).render(info, buf);
        if let Some(t) = testlet_of(bank, q) {
            render_scenario(t, q, scenario, buf, theme);
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

/// The scenario of the question's testlet: framed in full when there is room (see
/// `scenario_height`), else one line that says how to read it.
fn render_scenario(t: &crate::engine::bank::Testlet, q: &Question, area: Rect, buf: &mut Buffer, theme: Theme) {
    use ratatui::widgets::Block;
    if area.height == 0 {
        return;
    }
    let title = format!(" Scenario: {} ", escape_controls(&t.title));
    if area.height == 1 {
        let text = format!("{}· {} shows it full screen", title, exhibit_key(q));
        Paragraph::new(Line::styled(clip(&text, area.width as usize), theme.warn())).render(area, buf);
        return;
    }
    let block = Block::bordered()
        .border_style(theme.dim())
        .title(Span::styled(clip(&title, area.width.saturating_sub(2) as usize), theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(scenario_lines(t, inner.width.saturating_sub(1) as usize)).render(inner, buf);
}

/// The stem, any exhibit, the answer being formed and (after a submit in a feedback drill)
/// the answer explained.
pub fn body_lines(exam: &ExamRun, bank: &Bank, cursor: usize, width: usize, theme: Theme) -> Body {
    let mut options = Vec::new();
    let Some(i) = exam.session.current() else { return Body { lines: Vec::new(), options } };
    let item = &exam.session.paper.items[i];
    let q = &bank.questions[item.question];
    let feedback = exam.session.feedback_pending();
    let mut lines: Vec<Line> =
        wrap(&escape_controls_keep_newlines(&q.stem), width).into_iter().map(|l| Line::from(format!(" {l}"))).collect();
    lines.push(Line::from(""));
    let hint = format!("{}: whole lines", exhibit_key(q));
    for e in exhibits(bank, q) {
        lines.extend(block(&e.title, e.text, width + 1, Some(&hint), theme));
        lines.push(Line::from(""));
    }
    let selected = exam.session.selected_positions();
    let form = Form { q, order: &item.order, placed: &selected, cursor, width, theme };
    match q.kind {
        Kind::Choice => choice_options(&form, feedback, &mut lines, &mut options),
        _ if feedback => {
            if let Some(a) = exam.session.answers().last() {
                lines.extend(check_lines(q, &item.order, a, width, theme));
            }
        }
        Kind::Order => form.order(&mut lines, &mut options),
        Kind::Match => form.matching(&mut lines, &mut options),
        // The input is drawn below the body (`render_input`).
        Kind::Text => {}
    }
    if feedback {
        let answer = exam.session.answers().last();
        let credit = answer.map_or(0.0, |a| a.credit());
        lines.push(Line::from(""));
        lines.push(match answer {
            Some(a) if a.correct => Line::styled(" ✓ Correct", theme.good()),
            Some(_) if credit > 0.0 => {
                Line::styled(format!(" ◐ Partly right: credit {:.0}%", credit * 100.0), theme.warn())
            }
            _ => Line::styled(" ✗ Not correct", theme.bad()),
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

/// A choice question's options, marked as selected and (with feedback) right or wrong.
fn choice_options(form: &Form, feedback: bool, lines: &mut Vec<Line<'static>>, options: &mut Vec<(u16, u16)>) {
    let Form { q, order, placed: selected, cursor, width, theme } = *form;
    if q.choose > 1 {
        lines.push(Line::styled(format!(" Choose {}  ({} selected)", q.choose, selected.len()), theme.warn()));
    }
    for (pos, &opt) in order.iter().enumerate() {
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
}

/// Bank text keeps its line breaks; every other control character is made visible.
fn escape_controls_keep_newlines(s: &str) -> String {
    s.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n")
}
