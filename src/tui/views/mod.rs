//! Every screen is a view over `App`: it reads state and draws, nothing else. This module
//! lays out the common frame (body, status line, help bar) and dispatches to the screens.

mod home_view;
mod progress_view;
mod question_view;
mod results_view;
mod review_view;
mod rules_view;
mod table_part;
pub mod wrap;

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
        let [body, status, bar] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)]).areas(area);
        match app.screen {
            Screen::Home => HomeView { app, theme }.render(body, buf),
            Screen::Rules => RulesView { app, theme }.render(body, buf),
            Screen::Question => QuestionView { app, theme, now }.render(body, buf),
            Screen::TimeUp => TimeUpView { app, theme }.render(body, buf),
            Screen::Results => ResultsView { app, theme }.render(body, buf),
            Screen::Review => ReviewView { app, theme }.render(body, buf),
            Screen::Progress => ProgressView { app, theme }.render(body, buf),
        }
        if let Some(msg) = &app.status {
            Paragraph::new(Line::styled(format!(" {msg}"), theme.message())).render(status, buf);
        }
        help_bar(buf, bar, app.context(), theme);
        if let Some(d) = app.dialog {
            dialog(buf, area, app, d, theme, now);
        }
        if app.help {
            help(buf, area, app, theme);
        }
    }
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
fn help_bar(buf: &mut Buffer, area: Rect, ctx: Context, theme: Theme) {
    use unicode_width::UnicodeWidthStr;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (k, label) in keys::bar(ctx) {
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
    let (title, lines) = match d {
        Dialog::Resume => {
            let Some(s) = &app.interrupted else { return };
            let left = s
                .start
                .deadline
                .map_or_else(|| "untimed".to_owned(), |d| clock_text((d - s.effective_now(now)).num_seconds()));
            (
                " Interrupted exam ",
                vec![
                    Line::from(format!(
                        "An exam of {} was interrupted.",
                        crate::engine::text::escape_controls(&s.start.bank_title)
                    )),
                    Line::from(format!(
                        "{} of {} answered · {left} left on its clock.",
                        s.answers().count(),
                        s.start.paper.len()
                    )),
                    Line::styled("Resume it? No scores it as abandoned.", theme.dim()),
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
        Dialog::SubmitIncomplete { selected: 0, .. } => (
            " Submit without an answer? ",
            vec![
                Line::from("No option is selected. Submit this question unanswered?"),
                Line::styled("You cannot come back to it.", theme.dim()),
            ],
        ),
        Dialog::SubmitIncomplete { selected, required } => (
            " Submit an incomplete answer? ",
            vec![
                Line::from(format!("{selected} of {required} options selected. Submit anyway?")),
                Line::styled("It will be marked wrong, and you cannot come back to it.", theme.dim()),
            ],
        ),
    };
    let mut lines = lines;
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(" yes   "),
        Span::styled("n", theme.key()),
        Span::raw(" no"),
    ]));
    let r = popup(buf, area, 62, lines.len() as u16 + 2);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(title).border_style(theme.warn()))
        .render(r, buf);
}

fn help(buf: &mut Buffer, area: Rect, app: &App, theme: Theme) {
    let ctx = app.base_context();
    let mut lines: Vec<Line> = keys::help(ctx)
        .into_iter()
        .map(|(k, h)| Line::from(vec![Span::styled(format!("{k:>10}  "), theme.key()), Span::raw(h)]))
        .collect();
    if ctx == Context::Question {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            "Timed. No going back: once you submit an answer you cannot return to it. No references.",
            theme.dim(),
        ));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Press any key to close.", theme.dim()));
    let r = popup(buf, area, area.width.saturating_sub(8).min(90), lines.len() as u16 + 2);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" Help ").border_style(Style::new()))
        .render(r, buf);
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
mod tests;
