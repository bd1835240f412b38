//! The progress screen: the verdict and its reasons, a line chart of full-simulation
//! scores against the passing and target lines, rates and streak, the per-domain table
//! (latest, sparkline, trend, status) and the study plan. All of it scrolls as one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph};

use super::table_part::{Column, DomainTable, Stack, left, more_marks, right};
use super::wrap::{clip, wrap, wrap_items, wrap_spans};
use crate::engine::progress::sparkline;
use crate::engine::readiness::VerdictKind;
use crate::engine::scoring::Label;
use crate::engine::text::escape_controls;
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// Rows of the score chart; on a screen of fewer than `TALL` rows, `SHORT_CHART_ROWS`, so
/// that the domain table starts on the first page.
const CHART_ROWS: u16 = 10;
const SHORT_CHART_ROWS: u16 = 8;
const TALL: u16 = 28;

/// The progress screen: readiness, per-domain trends, the chart and the study plan.
pub struct ProgressView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for &ProgressView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ProgressView { app, theme } = *self;
        let Some(p) = &app.progress else { return };
        let title = format!(" Progress · {} ", escape_controls(&p.title));
        let mut block = Block::bordered().title(clip(&title, area.width.saturating_sub(2) as usize));
        let [body, form] = areas(app, block.inner(area));
        let content = content(app, body, theme);
        if let Some(m) = content.as_ref().and_then(|c| more_marks(c.height(), body.height, app.scroll)) {
            block = block.title_bottom(m);
        }
        block.render(area, buf);
        if let Some(content) = content {
            content.render_scrolled(body, buf, app.scroll);
        }
        if let Some(input) = &app.attempt_input {
            Paragraph::new(input.line(
                "Attempt (DATE pass|fail [SCORE] [DOMAIN=RESULT ...])",
                theme.key(),
                form.width as usize,
            ))
            .render(form, buf);
        }
    }
}

/// The scrolled body, and the line of the attempt form (empty when it is closed).
fn areas(app: &App, inner: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(1), Constraint::Length(u16::from(app.attempt_input.is_some()))]).areas(inner)
}

/// How far the progress body can scroll in the screen's `area`.
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let [body, _] = areas(app, Block::bordered().inner(area));
    let rows = content(app, body, Theme { color: false }).map_or(0, |c| c.height());
    rows.saturating_sub(body.height)
}

/// Everything on the screen below its title, as wide as `body` (and its chart as tall as
/// `body` allows).
fn content(app: &App, body: Rect, theme: Theme) -> Option<Stack<'static>> {
    let width = body.width;
    let chart_rows = if body.height + 2 < TALL { SHORT_CHART_ROWS } else { CHART_ROWS };
    let p = app.progress.as_ref()?;
    let r = &p.readiness;
    let w = width as usize;
    let mut content = Stack::new();
    let (text, style) = match r.verdict.kind {
        VerdictKind::Ready => ("Ready", theme.good()),
        VerdictKind::NotYet => ("Not yet", theme.bad()),
        VerdictKind::NotEnoughData => ("Not enough data", theme.warn()),
    };
    let head = [
        vec![
            Span::styled(format!(" {text} "), style),
            Span::raw(format!("  target {}% (passing {}% + buffer)", r.target, r.passing_score)),
        ],
        vec![Span::raw(format!(
            "at or above: {} of the last {}, {} of {} all time",
            r.rate_last_n.0, r.rate_last_n.1, r.rate_all.0, r.rate_all.1
        ))],
        vec![Span::raw(format!("streak {}", r.streak))],
    ];
    content.lines(wrap_items("", &head, Span::raw(" · "), w, 1));
    for reason in &r.verdict.reasons {
        content.lines(wrap_spans(&[Span::raw(format!("   • {}", escape_controls(reason)))], w, 5));
    }
    let estimate = crate::app::progress::estimate_text(&r.estimate);
    content.lines(wrap_spans(&[Span::styled(format!(" {estimate}"), theme.title())], w, 1));
    // How the chance moved over the last simulations, as a small chart.
    let trend: Vec<f64> = r.estimate_trend.iter().flatten().map(|p| p * 100.0).collect();
    if trend.len() >= 2 {
        let first = trend.first().copied().unwrap_or(0.0);
        let last = trend.last().copied().unwrap_or(0.0);
        let text = format!(
            " chance of passing over the last {} simulations: {} ({first:.0}% → {last:.0}%)",
            trend.len(),
            crate::engine::progress::sparkline(&trend)
        );
        content.lines(wrap_spans(&[Span::styled(text, theme.dim())], w, 1));
    }
    content.line("");

    if r.scores.len() >= 2 {
        let n = r.scores.len() as f64;
        let data: Vec<(f64, f64)> = r.scores.iter().enumerate().map(|(i, s)| (i as f64 + 1.0, s.score)).collect();
        let (passing, target, count) = (r.passing_score, r.target, r.scores.len());
        content.widget(chart_rows, move |area, buf| {
            let pass = [(1.0, f64::from(passing)), (n, f64::from(passing))];
            let aim = [(1.0, f64::from(target)), (n, f64::from(target))];
            let datasets = vec![
                Dataset::default()
                    .name(format!("passing {passing}%"))
                    .graph_type(GraphType::Line)
                    .marker(Marker::Braille)
                    .style(theme.bad())
                    .data(&pass),
                Dataset::default()
                    .name(format!("target {target}%"))
                    .graph_type(GraphType::Line)
                    .marker(Marker::Braille)
                    .style(theme.good())
                    .data(&aim),
                Dataset::default()
                    .name("score")
                    .graph_type(GraphType::Line)
                    .marker(Marker::Braille)
                    .style(theme.title())
                    .data(&data),
            ];
            Chart::new(datasets)
                .x_axis(
                    Axis::default().title("simulation").bounds([1.0, n]).labels(["1".to_owned(), format!("{count}")]),
                )
                .y_axis(Axis::default().bounds([0.0, 100.0]).labels(["0%", "50%", "100%"]))
                .render(area, buf);
        });
        content.line("");
    }

    let columns =
        vec![Column::right("latest", 6), Column::left("last", 8), Column::left("trend", 5), Column::left("status", 17)];
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
    content.table(DomainTable::new(width, "Domain", columns, rows, theme.title()));
    content.line("");
    content.lines(wrap_spans(
        &[Span::styled(format!(" Study plan: {}", crate::app::progress::plan_rule(&p.plan)), theme.title())],
        w,
        1,
    ));
    let columns = vec![Column::right("time", 5), Column::left("mostly", 9)];
    let rows = p
        .plan
        .iter()
        .map(|item| {
            let mark = if item.weak { "●" } else { "○" };
            let cells = vec![
                right(format!("{}%", item.study_percent), Style::new()),
                left(
                    match (item.dominant_cause, item.mixed_causes) {
                        (Some(c), _) => c.to_string(),
                        (None, true) => "mixed".to_owned(),
                        (None, false) => String::new(),
                    },
                    theme.warn(),
                ),
            ];
            let style = if item.weak { theme.bad() } else { Style::new() };
            (format!("{mark} {}", escape_controls(&item.name)), cells, style)
        })
        .collect();
    content.table(DomainTable::new(width, "Domain", columns, rows, theme.dim()));
    let mut lines = Vec::new();
    for item in p.plan.iter().filter(|i| i.weak && !i.missed_terms.is_empty()) {
        let terms: Vec<&str> = item.missed_terms.iter().map(|(t, _)| t.as_str()).collect();
        lines.extend(
            wrap(&format!("missed terms in {}: {}", item.name, terms.join(", ")), w.saturating_sub(3))
                .into_iter()
                .map(|l| Line::styled(format!("   {}", escape_controls(&l)), theme.dim())),
        );
    }
    let drill = [
        Span::styled("   d", theme.key()),
        Span::raw(format!(
            " sets up a drill: the weak domains first, or the domains, missed questions or reviews you choose ({})",
            crate::app::progress::weak_drill_command(&p.bank)
        )),
    ];
    lines.extend(wrap_spans(&drill, w, 5));
    // Simulations that do not count, so a candidate knows why a good score is missing.
    for s in &r.not_counted {
        let text = format!(
            "Not counted: {} {:.1}% — {}",
            s.started_at.with_timezone(&chrono::Local).format("%Y-%m-%d"),
            s.score,
            s.reason.unwrap_or("")
        );
        lines.extend(wrap(&text, w.saturating_sub(1)).into_iter().map(|l| Line::styled(format!(" {l}"), theme.dim())));
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
            wrap(&escape_controls(&text), w.saturating_sub(1))
                .into_iter()
                .map(|l| Line::styled(format!(" {l}"), style)),
        );
    }
    lines.extend(attempt_lines(app, w, theme));
    content.lines(lines);
    Some(content)
}

/// The real exam attempts of the bank, newest first, the chosen one marked, and how to
/// add and remove them.
fn attempt_lines(app: &App, w: usize, theme: Theme) -> Vec<Line<'static>> {
    use crate::app::attempts::{domain_texts, result_word, score_text};
    let mut lines = vec![Line::from("")];
    if app.attempts.is_empty() {
        let add = [
            Span::styled("   a", theme.key()),
            Span::raw(" records a real exam attempt (its score report steers the drills)"),
        ];
        lines.extend(wrap_spans(&add, w, 5));
        return lines;
    }
    let head = [
        Span::styled(" Real exam attempts", theme.title()),
        Span::raw(" · "),
        Span::styled("a", theme.key()),
        Span::raw(" adds · "),
        Span::styled("←→", theme.key()),
        Span::raw(" choose · "),
        Span::styled("x", theme.key()),
        Span::raw(" removes"),
    ];
    lines.extend(wrap_spans(&head, w, 1));
    for (i, s) in app.attempts.iter().enumerate() {
        let a = &s.attempt;
        let chosen = i == app.attempt_cursor;
        let result_style = if a.result == crate::engine::retake::Outcome::Pass { theme.good() } else { theme.bad() };
        let mut spans = vec![
            if chosen { Span::styled(" › ", theme.key()) } else { Span::raw("   ") },
            Span::styled(a.date.to_string(), if chosen { theme.selected() } else { Style::new() }),
            Span::raw("  "),
            Span::styled(result_word(a), result_style),
        ];
        let score = score_text(a);
        if !score.is_empty() {
            spans.push(Span::raw(format!(" {score}")));
        }
        let domains = domain_texts(a);
        if !domains.is_empty() {
            spans.push(Span::raw(format!("  {}", escape_controls(&domains.join(" ")))));
        }
        spans.push(Span::styled(format!("  (id {})", s.id), theme.dim()));
        lines.extend(wrap_spans(&spans, w, 17));
    }
    lines
}
