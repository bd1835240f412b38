//! Home: the banks found, with their blueprint, and what Enter will start.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::wrap::fit;
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
        let [title, list, detail] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(3), Constraint::Length(9)]).areas(area);
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
        for (i, b) in app.banks.iter().enumerate() {
            let mark = if i == app.selected { "▸ " } else { "  " };
            let e = &b.bank.exam;
            let text = format!("{mark}{:<16} {}", escape_controls(&e.id), escape_controls(&e.title));
            let style = if i == app.selected { theme.cursor() } else { ratatui::style::Style::new() };
            lines.push(Line::styled(fit(&text, inner_w), style));
            let mut info = vec![Span::styled(
                format!(
                    "    {} questions · {} domains · {} in {} min · pass {}%",
                    b.bank.questions.len(),
                    b.bank.domains.len(),
                    e.questions,
                    e.minutes,
                    e.passing_score
                ),
                theme.dim(),
            )];
            if let Some(last) = app.home.last.get(&e.id) {
                let style = if last.passed { theme.good() } else { theme.bad() };
                info.push(Span::styled(" · last ", theme.dim()));
                info.push(Span::styled(
                    format!("{:.1}% {}", last.score, if last.passed { "pass" } else { "fail" }),
                    style,
                ));
            }
            if let Some(v) = app.home.readiness.get(&e.id) {
                use crate::engine::readiness::VerdictKind;
                let (text, style) = match v {
                    VerdictKind::Ready => ("ready", theme.good()),
                    VerdictKind::NotYet => ("not yet ready", theme.warn()),
                    VerdictKind::NotEnoughData => ("not enough data yet", theme.dim()),
                };
                info.push(Span::styled(" · ", theme.dim()));
                info.push(Span::styled(text, style));
            }
            if let Some(p) = app.home.pass_probability.get(&e.id) {
                info.push(Span::styled(format!(" · pass chance {:.0}%", p * 100.0), theme.dim()));
            }
            lines.push(Line::from(info));
        }
        // Keep the selected bank in view.
        let visible = list.height.saturating_sub(2) as usize;
        let offset = (app.selected * 2 + 2).saturating_sub(visible);
        Paragraph::new(lines).scroll((offset as u16, 0)).block(Block::bordered().title(" Banks ")).render(list, buf);
        if let Some(b) = app.banks.get(app.selected) {
            let counts = b.bank.domain_counts();
            let mut d: Vec<Line> = b
                .bank
                .domains
                .iter()
                .zip(counts)
                .map(|(dom, n)| {
                    Line::from(format!(" {:>3}%  {}  ({n} questions)", dom.weight, escape_controls(&dom.name)))
                })
                .collect();
            d.push(Line::styled(format!(" source: {}", escape_controls(&b.source.display())), theme.dim()));
            Paragraph::new(d)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(" Blueprint "))
                .render(detail, buf);
        }
    }
}
