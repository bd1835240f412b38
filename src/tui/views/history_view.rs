//! The history screen: the past sessions of the selected bank, newest first, as a ratatui
//! `Table` (date, mode, score, result, flags), with the chosen session's flags in full
//! below it. Cells that must be cut end in `…`; the details line wraps instead.

use chrono::Local;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, HighlightSpacing, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use unicode_width::UnicodeWidthStr;

use super::wrap::{clip, wrap_spans};
use crate::engine::history::Summary;
use crate::engine::readiness::not_counted;
use crate::engine::session::{FinishReason, Mode};
use crate::engine::text::escape_controls;
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// The fixed columns: date, mode, score, result (the flags take what is left).
const FIXED: [u16; 4] = [16, 9, 6, 11];
const SPACING: u16 = 1;
/// The mark before the chosen row.
const MARK: &str = "› ";

/// The history screen of one bank.
pub struct HistoryView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

/// "full simulation", "shortened simulation" or "drill"; `short` gives the table's form
/// ("full sim", "short sim").
pub fn mode_text(s: &Summary, short: bool) -> &'static str {
    match (s.mode, s.full_length, short) {
        (Mode::Drill, _, _) => "drill",
        (Mode::Simulation, true, false) => "full simulation",
        (Mode::Simulation, true, true) => "full sim",
        (Mode::Simulation, false, false) => "shortened simulation",
        (Mode::Simulation, false, true) => "short sim",
    }
}

/// "pass", "fail", "abandoned" or "interrupted", and its style.
fn result_text(s: &Summary, theme: Theme) -> (&'static str, Style) {
    match s.finish {
        None => ("interrupted", theme.warn()),
        Some(FinishReason::Abandoned) => ("abandoned", theme.warn()),
        Some(_) if s.passed => ("pass", theme.good()),
        Some(_) => ("fail", theme.bad()),
    }
}

/// The session's flags, short (`not counted: rushed`) for the table or in full for the
/// details line.
pub fn flags(s: &Summary, full: bool) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(why) = not_counted(s) {
        let why = if full { why } else { why.split(':').next().unwrap_or(why) };
        out.push(format!("not counted: {why}"));
    }
    if s.clock_anomaly {
        out.push(if full { "clock anomaly: the clock jumped during the session" } else { "clock anomaly" }.into());
    }
    if s.unconfirmed > 0 {
        out.push(if full {
            format!("{} unconfirmed", super::count(s.unconfirmed, "cause", "causes"))
        } else {
            format!("{} unconfirmed", s.unconfirmed)
        });
    }
    if s.torn_tail {
        out.push("torn last record dropped".into());
    }
    out
}

impl Widget for &HistoryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HistoryView { app, theme } = *self;
        let Some(h) = &app.history else { return };
        let title = app.banks.get(h.bank).map_or_else(String::new, |b| escape_controls(&b.bank.exam.title));
        let block =
            Block::bordered().title(clip(&format!(" History · {title} "), area.width.saturating_sub(2) as usize));
        let inner = block.inner(area);
        block.render(area, buf);
        let w = inner.width as usize;
        if h.rows.is_empty() {
            let text = [Span::raw(
                " No sessions of this bank yet. On the home screen, Enter starts a simulation and d a drill.",
            )];
            Paragraph::new(wrap_spans(&text, w, 1)).render(inner, buf);
            return;
        }
        let details = h.rows.get(h.selected).map(|s| details(s, w, theme)).unwrap_or_default();
        // The table as tall as its rows (less when the window is short), the chosen
        // session's details under it.
        let details_h = (details.len() as u16).min(inner.height.saturating_sub(3));
        let table_h = (h.rows.len() as u16 + 1).min(inner.height.saturating_sub(details_h + 1)).max(2);
        let [table_area, _, details_area, _] = Layout::vertical([
            Constraint::Length(table_h),
            Constraint::Length(1),
            Constraint::Length(details_h),
            Constraint::Min(0),
        ])
        .areas(inner);
        // What the flags column gets: the row less the fixed columns, their spacing, the
        // mark and the left margin.
        let fixed: u16 = FIXED.iter().map(|c| c + SPACING).sum::<u16>() + MARK.width() as u16;
        let flags_w = inner.width.saturating_sub(fixed + 1).max(1);
        let rows: Vec<Row> = h
            .rows
            .iter()
            .map(|s| {
                let (result, style) = result_text(s, theme);
                Row::new(vec![
                    Cell::from(s.started_at.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()),
                    Cell::from(mode_text(s, true)),
                    Cell::from(Line::from(format!("{:.1}%", s.score)).right_aligned()),
                    Cell::from(result).style(style),
                    Cell::from(clip(&flags(s, false).join(", "), flags_w as usize)).style(theme.dim()),
                ])
            })
            .collect();
        let header = Row::new(["Date", "Mode", "Score", "Result", "Flags"].map(|t| {
            let l = Line::from(t);
            Cell::from(if t == "Score" { l.right_aligned() } else { l })
        }))
        .style(theme.title());
        let widths = FIXED.iter().map(|&c| Constraint::Length(c)).chain([Constraint::Length(flags_w)]);
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(SPACING)
            .flex(ratatui::layout::Flex::Start)
            .highlight_symbol(MARK)
            .highlight_spacing(HighlightSpacing::Always)
            .row_highlight_style(theme.cursor())
            .block(Block::new().padding(ratatui::widgets::Padding::left(1)));
        // A fresh state each frame: ratatui scrolls it just far enough to show the row.
        let mut state = TableState::new().with_selected(Some(h.selected));
        StatefulWidget::render(table, table_area, buf, &mut state);
        Paragraph::new(details).render(details_area, buf);
    }
}

/// The chosen session in full: its id, what was answered, and every flag, wrapped.
fn details(s: &Summary, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut items = vec![
        format!("{} {}", capitalised(mode_text(s, false)), escape_controls(&s.id)),
        format!("{} of {} answered, {} correct", s.answered, s.questions, s.correct),
    ];
    items.extend(flags(s, true));
    let text = format!(" {}", items.join(" · "));
    let mut lines = wrap_spans(&[Span::styled(text, theme.dim())], width, 1);
    if s.finish.is_some() {
        let what = if s.unconfirmed > 0 { " reviews it, where its causes can be confirmed" } else { " reviews it" };
        lines.extend(wrap_spans(&[Span::styled(" Enter", theme.key()), Span::raw(what)], width, 1));
    }
    lines
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
