//! Every screen is a view over `App`: it reads state and draws, nothing else. This module
//! lays out the common frame (body, status line, help bar) and dispatches to the screens.

mod answer_check;
mod answer_form;
mod columns;
mod drill_setup_view;
mod exhibit;
mod exhibit_view;
mod history_view;
mod home_view;
mod plan_view;
mod progress_view;
mod question_view;
mod results_view;
mod review_view;
mod rules_view;
mod table_part;
pub mod wrap;

pub use exhibit_view::ExhibitView;
pub use history_view::HistoryView;
pub use home_view::HomeView;
pub use progress_view::ProgressView;
pub use question_view::QuestionView;
pub use results_view::ResultsView;
pub use review_view::ReviewView;
pub use rules_view::{RulesView, TimeUpView};

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::keys::{self, Context};
use super::theme::Theme;
use crate::tui::state::{App, Dialog, Screen};

/// Smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The whole frame at a moment: the screen, the status line, the help bar, and any
/// dialog or help over them.
pub struct AppView<'a> {
    pub app: &'a App,
    pub theme: Theme,
    pub now: DateTime<Utc>,
}

impl Widget for &AppView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let AppView { app, theme, now } = *self;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(buf, area, theme);
            return;
        }
        let [body, status, bar] = frame_areas(app, area);
        match app.screen {
            Screen::Home => HomeView { app, theme }.render(body, buf),
            Screen::Rules => RulesView { app, theme }.render(body, buf),
            Screen::Question if app.exhibit.is_some() => ExhibitView { app, theme, now }.render(body, buf),
            Screen::Question => QuestionView { app, theme, now }.render(body, buf),
            Screen::TimeUp => TimeUpView { app, theme }.render(body, buf),
            Screen::Results => ResultsView { app, theme }.render(body, buf),
            Screen::Review => ReviewView { app, theme }.render(body, buf),
            Screen::Progress => ProgressView { app, theme }.render(body, buf),
            Screen::History => HistoryView { app, theme }.render(body, buf),
            Screen::Plan => plan_view::PlanView { app, theme }.render(body, buf),
            Screen::DrillSetup => drill_setup_view::DrillSetupView { app, theme }.render(body, buf),
        }
        if let Some(msg) = &app.status {
            let lines: Vec<Line> =
                status_lines(msg, status.width).into_iter().map(|l| Line::styled(l, theme.message())).collect();
            Paragraph::new(lines).render(status, buf);
        }
        help_bar(buf, bar, app.context(), app.offers(), theme);
        if let Some(d) = app.dialog {
            dialog(buf, area, app, d, theme, now);
        }
        if app.help {
            help(buf, area, app, theme);
        }
    }
}

/// Most rows the status line may take: a message that names a reason and a path (a
/// write that failed) wraps rather than losing its end.
const STATUS_ROWS: usize = 3;

/// The status message in rows of `width`: wrapped, at most `STATUS_ROWS`, the last cut
/// with `…` if it still does not fit.
fn status_lines(msg: &str, width: u16) -> Vec<String> {
    let w = (width as usize).saturating_sub(1).max(1);
    let mut rows = wrap::wrap(msg, w);
    if rows.len() > STATUS_ROWS {
        let rest = rows[STATUS_ROWS - 1..].join(" ");
        rows.truncate(STATUS_ROWS - 1);
        rows.push(wrap::clip(&rest, w));
    }
    rows.into_iter().map(|r| format!(" {r}")).collect()
}

/// The screen, its status line(s) and its help bar.
fn frame_areas(app: &App, area: Rect) -> [Rect; 3] {
    let rows = app.status.as_deref().map_or(1, |m| status_lines(m, area.width).len()) as u16;
    Layout::vertical([Constraint::Min(1), Constraint::Length(rows.max(1)), Constraint::Length(1)]).areas(area)
}

/// The screen's own area in a terminal of `size` (the frame less the status and help lines).
fn screen_area(app: &App, size: Rect) -> Rect {
    frame_areas(app, size)[0]
}

/// Rows of the scrolled part of the screen on show, at the app's terminal size.
pub fn body_rows(app: &App) -> u16 {
    let area = screen_area(app, app.size);
    match app.screen {
        Screen::Question if app.exhibit.is_some() => exhibit_view::body_rows(area),
        Screen::Question => question_view::body_area(app, area).height,
        _ => Block::bordered().inner(area).height,
    }
}

/// How far the scrolled part of the screen on show can scroll at the app's terminal size:
/// what it holds, less what fits. The state clamps its offsets with it.
pub fn max_scroll(app: &App) -> u16 {
    let area = screen_area(app, app.size);
    match app.screen {
        Screen::Question => question_view::max_scroll(app, area),
        Screen::Results => results_view::max_scroll(app, area),
        Screen::Review => review_view::max_scroll(app, area),
        Screen::Progress => progress_view::max_scroll(app, area),
        Screen::Plan => plan_view::max_scroll(app, area),
        Screen::Home | Screen::Rules | Screen::TimeUp | Screen::History | Screen::DrillSetup => 0,
    }
}

/// The breakdown's marked entry: its row in the scrolled body and the rows shown at once,
/// at the app's terminal size (none off the breakdown or without entries).
pub fn breakdown_link_row(app: &App) -> Option<(u16, u16)> {
    review_view::link_row(app, screen_area(app, app.size))
}

/// How far the full-screen exhibit can scroll at the app's terminal size.
pub fn exhibit_max_offset(app: &App) -> crate::tui::state::Offset {
    exhibit_view::max_offset(app, screen_area(app, app.size))
}

/// The rows each option of the question on show takes in its scrolled body (first, one
/// past the last), at the app's terminal size.
pub fn option_rows(app: &App) -> Vec<(u16, u16)> {
    question_view::body_of(app, screen_area(app, app.size), Theme { color: false }).map_or_else(Vec::new, |b| b.options)
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Draws the app into the frame.
pub fn render(frame: &mut Frame, app: &App, theme: Theme, now: DateTime<Utc>) {
    frame.render_widget(&AppView { app, theme, now }, frame.area());
}

fn too_small(buf: &mut Buffer, area: Rect, theme: Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.warn()),
        Line::from(format!("need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}", area.width, area.height)),
        Line::from("Enlarge the window; nothing is lost."),
    ];
    let h = (text.len() as u16).min(area.height);
    let y = area.y + area.height.saturating_sub(h) / 2;
    let rect = Rect { x: area.x, y, width: area.width, height: h };
    Paragraph::new(text).centered().wrap(Wrap { trim: true }).render(rect, buf);
}

/// The keys that work here, from the key table, most important first: entries that do
/// not fit the width are left out (they are all in the `?` help).
fn help_bar(buf: &mut Buffer, area: Rect, ctx: Context, offers: keys::Offers, theme: Theme) {
    use unicode_width::UnicodeWidthStr;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (k, label) in keys::bar(ctx, offers) {
        let sep = if used > 1 { 3 } else { 0 };
        let w = sep + k.width() + 1 + label.width();
        if used + w > area.width as usize {
            continue;
        }
        if sep > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(k, theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(label));
        used += w;
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// A centred box of `w`x`h` (clamped to `area`), cleared.
fn popup(buf: &mut Buffer, area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let r = Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
    Clear.render(r, buf);
    r
}

fn dialog(buf: &mut Buffer, area: Rect, app: &App, d: Dialog, theme: Theme, now: DateTime<Utc>) {
    use crate::engine::text::escape_controls;
    let (title, lines) = match d {
        Dialog::Resume => {
            let Some(s) = &app.interrupted else { return };
            let drill = s.start.mode == crate::engine::session::Mode::Drill;
            let what = if drill { "A drill" } else { "An exam" };
            let clock = s.start.deadline.map_or_else(
                || "untimed".to_owned(),
                |d| format!("{} left on its clock", clock_text((d - s.effective_now(now)).num_seconds())),
            );
            let next = match &app.after_resume {
                Some(super::effects::Effect::PrepareExam(i)) => {
                    app.banks.get(*i).map(|b| format!("the {} exam", escape_controls(&b.bank.exam.id)))
                }
                Some(super::effects::Effect::PrepareDrill(i, _)) => {
                    app.banks.get(*i).map(|b| format!("the {} drill", escape_controls(&b.bank.exam.id)))
                }
                _ => None,
            };
            let no = match next {
                Some(n) => format!("Resume it? No scores it as abandoned and goes on to {n} you asked for."),
                None => "Resume it? No scores it as abandoned.".to_owned(),
            };
            (
                if drill { " Interrupted drill " } else { " Interrupted exam " },
                vec![
                    Line::from(format!("{what} of {} was interrupted.", escape_controls(&s.start.bank_title))),
                    Line::from(format!(
                        "{} of {} answered{} · {clock}.",
                        s.answers().count() + s.drafts().len(),
                        s.start.paper.len(),
                        // Answers inside a testlet are not final until it is left.
                        match s.drafts().len() {
                            0 => String::new(),
                            n => format!(" ({n} in the testlet still open)"),
                        }
                    )),
                    Line::styled(no, theme.dim()),
                ],
            )
        }
        Dialog::Abandon => (
            " Abandon? ",
            vec![
                Line::from("Abandon this exam? It will be scored as it stands."),
                Line::styled("The clock keeps running while you decide.", theme.dim()),
            ],
        ),
        Dialog::SubmitIncomplete { selected, required } => submit_dialog(app, selected, required, theme),
        Dialog::LeaveTestlet => {
            let session = app.exam.as_ref().map(|e| &e.session);
            let (answered, of) = session
                .and_then(|s| Some((s, s.testlet_span()?)))
                .map_or((0, 0), |(s, (f, end))| ((f..end).filter(|&i| s.draft(i).is_some()).count(), end - f));
            let rest = if answered == of {
                format!("All {of} questions have an answer.")
            } else {
                format!("{answered} of {of} answered: a question without an answer is scored as skipped.")
            };
            (
                " Leave the testlet? ",
                vec![
                    Line::from("Leave the testlet? You cannot return to its questions."),
                    Line::styled(rest, theme.dim()),
                    Line::styled("n stays in the testlet.", theme.dim()),
                ],
            )
        }
        Dialog::RemoveAttempt => {
            let Some(a) = app.attempts.get(app.attempt_cursor) else { return };
            let score = crate::app::attempts::score_text(&a.attempt);
            let what = format!(
                "{} {}{}",
                a.attempt.date,
                crate::app::attempts::result_word(&a.attempt),
                if score.is_empty() { String::new() } else { format!(" {score}") }
            );
            (
                " Remove the attempt? ",
                vec![
                    Line::from(format!("Remove the real exam attempt of {}?", escape_controls(&what))),
                    Line::styled(
                        "Readiness, the drills and the retake plan stop counting it; the other attempts stay.",
                        theme.dim(),
                    ),
                ],
            )
        }
        Dialog::QuitUnsaved => (
            " Quit? ",
            vec![
                Line::from("Quit Proctor? What you are typing has not been saved."),
                Line::styled("No goes back to it.", theme.dim()),
            ],
        ),
    };
    // The answers, from the key table: `y yes · Enter/Esc no`.
    let mut answers = Vec::new();
    let table = if d == Dialog::Resume { Context::Resume } else { Context::Confirm };
    for (k, label) in keys::bar(table, keys::Offers::default()) {
        if !answers.is_empty() {
            answers.push(Span::styled(" · ", theme.dim()));
        }
        answers.push(Span::styled(k, theme.key()));
        answers.push(Span::raw(format!(" {label}")));
    }
    let w = area.width.min(64);
    let inner = w.saturating_sub(2) as usize;
    let mut text: Vec<Line> = Vec::new();
    for l in lines.into_iter().chain([Line::from(""), Line::from(answers)]) {
        let style = l.style;
        let spans: Vec<Span> = l.spans.into_iter().map(|s| s.patch_style(style)).collect();
        text.extend(wrap::wrap_spans(&spans, inner, 0));
    }
    let r = popup(buf, area, w, text.len() as u16 + 2);
    Paragraph::new(text).block(Block::bordered().title(title).border_style(theme.warn())).render(r, buf);
}

/// The "submit an incomplete answer?" question, in the terms of the question's type.
fn submit_dialog(app: &App, selected: usize, required: usize, theme: Theme) -> (&'static str, Vec<Line<'static>>) {
    use crate::engine::bank::Kind;
    let q = app.current_question();
    let kind = q.map_or(Kind::Choice, |q| q.kind);
    let in_testlet = app.exam.as_ref().is_some_and(|e| e.session.testlet_span().is_some());
    let after = if in_testlet {
        "You can change it until you leave the testlet."
    } else if selected == 0 {
        "You cannot come back to it."
    } else if q.is_some_and(|q| q.partial) {
        "What is not placed earns nothing, and you cannot come back to it."
    } else {
        "It will be marked wrong, and you cannot come back to it."
    };
    let (title, first) = match (kind, selected) {
        (Kind::Text, _) => {
            (" Submit without an answer? ", "No answer is typed. Submit this question unanswered?".to_owned())
        }
        (Kind::Choice, 0) => {
            (" Submit without an answer? ", "No option is selected. Submit this question unanswered?".to_owned())
        }
        (Kind::Order, 0) => {
            (" Submit without an answer? ", "No item is placed. Submit this question unanswered?".to_owned())
        }
        (Kind::Match, 0) => {
            (" Submit without an answer? ", "Nothing is matched. Submit this question unanswered?".to_owned())
        }
        (Kind::Choice, _) => {
            (" Submit an incomplete answer? ", format!("{selected} of {required} options selected. Submit anyway?"))
        }
        (Kind::Order, _) => {
            (" Submit an incomplete answer? ", format!("{selected} of {required} items placed. Submit anyway?"))
        }
        (Kind::Match, _) => {
            (" Submit an incomplete answer? ", format!("{selected} of {required} items matched. Submit anyway?"))
        }
    };
    (title, vec![Line::from(first), Line::styled(after, theme.dim())])
}

/// The help of the screen under it: each key's line, wrapped under its description; the
/// screen's rules; how to close it. Sized after wrapping, so no line is lost.
fn help(buf: &mut Buffer, area: Rect, app: &App, theme: Theme) {
    let ctx = app.base_context();
    let w = area.width.saturating_sub(8).min(90);
    let inner = w.saturating_sub(2) as usize;
    const KEYS: usize = 12;
    let mut lines: Vec<Line> = Vec::new();
    for (k, h) in keys::help(ctx, app.offers()) {
        for (i, l) in wrap::wrap(h, inner.saturating_sub(KEYS)).into_iter().enumerate() {
            let key = if i == 0 { format!("{k:>10}  ") } else { " ".repeat(KEYS) };
            lines.push(Line::from(vec![Span::styled(key, theme.key()), Span::raw(l)]));
        }
    }
    let mut notes = Vec::new();
    if matches!(
        ctx,
        Context::Question
            | Context::QuestionOrder
            | Context::QuestionMatch
            | Context::QuestionText
            | Context::Exhibit
            | Context::Feedback
    ) {
        let timed = app.exam.as_ref().is_some_and(|e| e.session.settings.limit_secs.is_some());
        notes.push(Line::from(""));
        notes.extend(
            wrap::wrap(rules_view::rules_line(timed), inner.saturating_sub(1))
                .into_iter()
                .map(|l| Line::styled(format!(" {l}"), theme.dim())),
        );
    }
    notes.push(Line::from(""));
    notes.push(Line::styled(" Press any key to close.", theme.dim()));
    // Too many for the window: the last key lines give way to a mark, never the notes.
    let room = (area.height.saturating_sub(2) as usize).saturating_sub(notes.len());
    if lines.len() > room {
        lines.truncate(room.saturating_sub(1));
        lines.push(Line::styled(" … (a taller window shows every key)", theme.dim()));
    }
    lines.extend(notes);
    let r = popup(buf, area, w, lines.len() as u16 + 2);
    Paragraph::new(lines).block(Block::bordered().title(" Help ").border_style(Style::new())).render(r, buf);
}

/// `mm:ss`, or `h:mm:ss` from an hour up.
pub fn clock_text(secs: i64) -> String {
    let s = secs.max(0);
    if s >= 3600 {
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod item_type_tests;
#[cfg(test)]
mod tests;
