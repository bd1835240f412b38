//! Home: the banks found, with their blueprint, and what Enter will start.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{Block, Paragraph};

use super::count;
use super::wrap::{fit, wrap_items, wrap_spans};
use crate::engine::text::escape_controls;
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// The home screen: the banks, their last score and readiness, and the selected blueprint.
pub struct HomeView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for &HomeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HomeView { app, theme } = *self;
        // The blueprint of the selected bank, wrapped: its box is as tall as it needs,
        // leaving the bank list at least three rows.
        let mut blueprint: Vec<Line> = Vec::new();
        let inner = area.width.saturating_sub(2) as usize;
        if let Some(b) = app.banks.get(app.selected) {
            for (dom, n) in b.bank.domains.iter().zip(b.domain_counts()) {
                let text = format!(
                    " {:>3}%  {}  ({})",
                    dom.weight,
                    escape_controls(&dom.name),
                    count(n, "question", "questions")
                );
                blueprint.extend(wrap_spans(&[Span::raw(text)], inner, 7));
            }
            let source = format!(" source: {}", escape_controls(&b.source.display()));
            blueprint.extend(wrap_spans(&[Span::styled(source, theme.dim())], inner, 9));
        }
        let room = area.height.saturating_sub(2 + 3 + 2) as usize;
        if blueprint.len() > room {
            blueprint.truncate(room.saturating_sub(1));
            blueprint.push(Line::styled(" … (a taller window shows the rest)", theme.dim()));
        }
        let detail_h = if app.banks.is_empty() { 0 } else { blueprint.len() as u16 + 2 };
        let [title, list, detail] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(3), Constraint::Length(detail_h)]).areas(area);
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(" Proctor", theme.title()),
                Span::styled("  practice exams under real conditions", theme.dim()),
            ]),
            Line::from(""),
        ])
        .render(title, buf);
        let inner_w = list.width.saturating_sub(4) as usize;
        let mut lines = Vec::new();
        if app.banks.is_empty() {
            lines.push(Line::from("No usable banks found. Run `proctor banks` to see why."));
        }
        // Where the selected bank's lines are, to keep them in view.
        let mut selected_rows = (0, 0);
        for (i, b) in app.banks.iter().enumerate() {
            let first = lines.len();
            let mark = if i == app.selected { "▸ " } else { "  " };
            let e = &b.bank.exam;
            let text = format!("{mark}{:<16} {}", escape_controls(&e.id), escape_controls(&e.title));
            let style = if i == app.selected { theme.cursor() } else { ratatui::style::Style::new() };
            lines.push(Line::styled(fit(&text, inner_w), style));
            let dim = |t: String| vec![Span::styled(t, theme.dim())];
            let mut info = vec![
                dim(count(b.question_count(), "question", "questions")),
                dim(count(b.bank.domains.len(), "domain", "domains")),
                dim(format!("{} in {} min", e.questions, e.minutes)),
                dim(format!("pass {}%", e.passing_score)),
            ];
            if let Some(last) = app.home.last.get(&e.id) {
                let style = if last.passed { theme.good() } else { theme.bad() };
                info.push(vec![
                    Span::styled("last ", theme.dim()),
                    Span::styled(format!("{:.1}% {}", last.score, if last.passed { "pass" } else { "fail" }), style),
                ]);
            }
            if let Some(v) = app.home.readiness.get(&e.id) {
                use crate::engine::readiness::VerdictKind;
                let (text, style) = match v {
                    VerdictKind::Ready => ("ready", theme.good()),
                    VerdictKind::NotYet => ("not yet ready", theme.warn()),
                    VerdictKind::NotEnoughData => ("not enough data yet", theme.dim()),
                };
                info.push(vec![Span::styled(text, style)]);
            }
            if let Some(p) = app.home.pass_probability.get(&e.id) {
                info.push(vec![Span::styled(format!("pass chance {:.0}%", p * 100.0), theme.dim())]);
            }
            if let Some(t) = app.home.today.get(&e.id) {
                info.push(vec![Span::styled(escape_controls(t), theme.selected())]);
            }
            // What does not fit the width goes on to the next line, under the figures.
            lines.extend(wrap_items("    ", &info, Span::styled(" · ", theme.dim()), inner_w, 4));
            if i == app.selected {
                selected_rows = (first, lines.len());
            }
        }
        // Keep the selected bank in view.
        let visible = list.height.saturating_sub(2) as usize;
        let offset = selected_rows.1.saturating_sub(visible).min(selected_rows.0);
        Paragraph::new(lines).scroll((offset as u16, 0)).block(Block::bordered().title(" Banks ")).render(list, buf);
        if detail_h > 0 {
            Paragraph::new(blueprint).block(Block::bordered().title(" Blueprint ")).render(detail, buf);
        }
    }
}
