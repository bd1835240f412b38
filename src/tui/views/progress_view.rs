//! The progress screen: the verdict and its reasons, a line chart of full-simulation
//! scores against the passing and target lines, rates and streak, the per-domain table
//! (latest, sparkline, trend, status) and the study plan.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph};

use super::table_part::{Column, DomainTable, Stack, left, right};
use super::wrap::wrap;
use crate::engine::progress::sparkline;
use crate::engine::readiness::VerdictKind;
use crate::engine::scoring::Label;
use crate::engine::text::escape_controls;
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// The progress screen: readiness, per-domain trends, the chart and the study plan.
pub struct ProgressView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for &ProgressView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ProgressView { app, theme } = *self;
        let Some(p) = &app.progress else { return };
        let r = &p.readiness;
        let block = Block::bordered().title(format!(" Progress · {} ", escape_controls(&p.title)));
        let inner = block.inner(area);
        block.render(area, buf);
        let chart_h = if r.scores.len() >= 2 { 10.min(inner.height / 2) } else { 0 };
        let [head, chart, body] = Layout::vertical([
            Constraint::Length(4 + r.verdict.reasons.len() as u16),
            Constraint::Length(chart_h),
            Constraint::Min(1),
        ])
        .areas(inner);

        let (text, style) = match r.verdict.kind {
            VerdictKind::Ready => ("Ready", theme.good()),
            VerdictKind::NotYet => ("Not yet", theme.bad()),
            VerdictKind::NotEnoughData => ("Not enough data", theme.warn()),
        };
        let mut lines = vec![Line::from(vec![
            Span::styled(format!(" {text} "), style),
            Span::raw(format!(
                "  target {}% (passing {}% + buffer) · at or above: {} of the last {}, {} of {} all time · streak {}",
                r.target, r.passing_score, r.rate_last_n.0, r.rate_last_n.1, r.rate_all.0, r.rate_all.1, r.streak
            )),
        ])];
        for reason in &r.verdict.reasons {
            lines.push(Line::from(format!("   • {reason}")));
        }
        lines.push(Line::styled(format!(" {}", crate::app::progress::estimate_text(&r.estimate)), theme.title()));
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }).render(head, buf);

        if chart_h > 0 {
            let n = r.scores.len() as f64;
            let data: Vec<(f64, f64)> = r.scores.iter().enumerate().map(|(i, s)| (i as f64 + 1.0, s.score)).collect();
            let pass = [(1.0, f64::from(r.passing_score)), (n, f64::from(r.passing_score))];
            let target = [(1.0, f64::from(r.target)), (n, f64::from(r.target))];
            let datasets = vec![
                Dataset::default()
                    .name(format!("passing {}%", r.passing_score))
                    .graph_type(GraphType::Line)
                    .marker(Marker::Braille)
                    .style(theme.bad())
                    .data(&pass),
                Dataset::default()
                    .name(format!("target {}%", r.target))
                    .graph_type(GraphType::Line)
                    .marker(Marker::Braille)
                    .style(theme.good())
                    .data(&target),
                Dataset::default()
                    .name("score")
                    .graph_type(GraphType::Line)
                    .marker(Marker::Braille)
                    .style(theme.title())
                    .data(&data),
            ];
            let chart_widget = Chart::new(datasets)
                .x_axis(
                    Axis::default()
                        .title("simulation")
                        .bounds([1.0, n])
                        .labels(["1".to_owned(), format!("{}", r.scores.len())]),
                )
                .y_axis(Axis::default().bounds([0.0, 100.0]).labels(["0%", "50%", "100%"]));
            chart_widget.render(chart, buf);
        }

        let width = body.width as usize;
        let columns = vec![
            Column::right("latest", 6),
            Column::left("last", 8),
            Column::left("trend", 5),
            Column::left("status", 17),
        ];
        let rows = r
            .domains
            .iter()
            .map(|d| {
                let style = match d.label {
                    Some(Label::AboveTarget) => theme.good(),
                    Some(Label::NearTarget) => theme.warn(),
                    Some(Label::NeedsImprovement) => theme.bad(),
                    None => Style::new(),
                };
                let cells = vec![
                    right(d.latest.map_or("-".into(), |l| format!("{l:.0}%")), Style::new()),
                    left(sparkline(&d.last), Style::new()),
                    left(d.trend.arrow(), Style::new()),
                    left(d.label.map_or("-", |l| l.text()), style),
                ];
                (escape_controls(&d.name), cells, Style::new())
            })
            .collect();
        let mut content = Stack::new();
        content.table(DomainTable::new(body.width, "Domain", columns, rows, theme.title()));
        content.line("");
        content.line(Line::styled(" Study plan: 70% of your time on the weak domains, 30% on the rest", theme.title()));
        let columns = vec![Column::right("time", 5), Column::left("mostly", 9)];
        let rows = p
            .plan
            .iter()
            .map(|item| {
                let mark = if item.weak { "●" } else { "○" };
                let cells = vec![
                    right(format!("{}%", item.study_percent), Style::new()),
                    left(item.dominant_cause.map(|c| c.to_string()).unwrap_or_default(), theme.warn()),
                ];
                let style = if item.weak { theme.bad() } else { Style::new() };
                (format!("{mark} {}", escape_controls(&item.name)), cells, style)
            })
            .collect();
        content.table(DomainTable::new(body.width, "Domain", columns, rows, theme.dim()));
        let mut lines = Vec::new();
        for item in p.plan.iter().filter(|i| i.weak && !i.missed_terms.is_empty()) {
            let terms: Vec<&str> = item.missed_terms.iter().map(|(t, _)| t.as_str()).collect();
            lines.extend(
                wrap(&format!("missed terms in {}: {}", item.name, terms.join(", ")), width.saturating_sub(3))
                    .into_iter()
                    .map(|l| Line::styled(format!("   {}", escape_controls(&l)), theme.dim())),
            );
        }
        lines.push(Line::from(vec![
            Span::styled("   d", theme.key()),
            Span::raw(format!(" drills the weak domains ({})", crate::app::progress::weak_drill_command(&p.bank))),
        ]));
        // Simulations that do not count, so a candidate knows why a good score is missing.
        for s in &r.not_counted {
            let text = format!(
                "Not counted: {} {:.1}% — {}",
                s.started_at.with_timezone(&chrono::Local).format("%Y-%m-%d"),
                s.score,
                s.reason.unwrap_or("")
            );
            lines.extend(
                wrap(&text, width.saturating_sub(1)).into_iter().map(|l| Line::styled(format!(" {l}"), theme.dim())),
            );
        }
        // The retake plan: when the vendor's rules and readiness allow booking.
        let retake = match &app.booking {
            Some(Ok(b)) => {
                Some((format!("Retake: {} ({} rules, checked {})", b.suggestion, b.policy, b.verified), Style::new()))
            }
            Some(Err(why)) => Some((format!("Retake plan: {why}"), theme.dim())),
            None => None,
        };
        if let Some((text, style)) = retake {
            lines.push(Line::from(""));
            lines.extend(
                wrap(&escape_controls(&text), width.saturating_sub(1))
                    .into_iter()
                    .map(|l| Line::styled(format!(" {l}"), style)),
            );
        }
        lines.push(Line::from(vec![
            Span::styled("   a", theme.key()),
            Span::raw(" records a real exam attempt (its score report steers the drills)"),
        ]));
        content.lines(lines);
        let [body, form] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(u16::from(app.attempt_input.is_some()))])
                .areas(body);
        content.render_scrolled(body, buf, app.scroll);
        if let Some(input) = &app.attempt_input {
            Paragraph::new(input.line("Attempt (DATE pass|fail [SCORE] [DOMAIN=RESULT ...])", theme.key()))
                .render(form, buf);
        }
    }
}
