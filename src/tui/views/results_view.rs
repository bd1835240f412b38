//! Results: pass or fail, the score against the passing score and the target, a bar per
//! domain with both lines marked, vendor-style labels, and the execution figures.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::widgets::Widget;

use super::table_part::{Column, DomainTable, Stack, left, more_marks, right};
use super::wrap::{clip, wrap_items, wrap_spans};
use crate::engine::scoring::Label;
use crate::engine::session::FinishReason;
use crate::engine::text::escape_controls;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// The results screen: score, pass or fail, and the per-domain report.
pub struct ResultsView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for &ResultsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ResultsView { app, theme } = *self;
        let Some(b) = app.bank() else { return };
        let Some(content) = content(app, area, theme) else { return };
        let title = format!(" Results · {} ", escape_controls(&b.bank.exam.title));
        let block = Block::bordered().title(clip(&title, area.width.saturating_sub(2) as usize));
        let inner = block.inner(area);
        let block = match more_marks(content.height(), inner.height, app.scroll) {
            Some(m) => block.title_bottom(m),
            None => block,
        };
        block.render(area, buf);
        content.render_scrolled(inner, buf, app.scroll);
    }
}

/// How far the report can scroll in the screen's `area`.
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let rows = content(app, area, Theme { color: false }).map_or(0, |c| c.height());
    rows.saturating_sub(Block::bordered().inner(area).height)
}

/// Durations in one format across the screen: `h:mm:ss` for all of them when the limit
/// (or the time used) reaches an hour, so `0:02:35 of 2:00:00` cannot read as hours and
/// minutes; `mm:ss` otherwise.
fn duration(secs: i64, hours: bool) -> String {
    let s = secs.max(0);
    if hours {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// The report inside the screen's `area`: verdict, the domain table and the execution.
fn content(app: &App, area: Rect, theme: Theme) -> Option<Stack<'static>> {
    let exam = app.exam.as_ref()?;
    let r = exam.report.as_ref()?;
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    let verdict = if r.passed { Span::styled(" PASS ", theme.good()) } else { Span::styled(" FAIL ", theme.bad()) };
    let head = [
        verdict,
        Span::styled(format!(" {:.1}%", r.score), theme.title()),
        Span::raw(format!(
            "  ({} of {} correct)   passing {}%   target {}%{}",
            r.correct,
            r.questions,
            r.passing_score,
            r.target,
            if r.reached_target { "  ✓ target reached" } else { "" }
        )),
    ];
    lines.extend(wrap_spans(&head, width, 1));
    let how = match r.finish {
        Some(FinishReason::Completed) => "completed",
        Some(FinishReason::TimeUp) => "time ran out",
        Some(FinishReason::Abandoned) => "abandoned (scored as it stood)",
        None => "in progress",
    };
    let kind = if exam.session.settings.mode == crate::engine::session::Mode::Drill {
        "drill (counts toward domain figures, not readiness)"
    } else if exam.session.settings.full_length {
        "full simulation"
    } else {
        "shortened simulation (not counted for readiness)"
    };
    let what = [
        vec![Span::styled(format!("{kind}, {how}"), theme.dim())],
        vec![Span::styled(format!("seed {}", exam.seed), theme.dim())],
    ];
    lines.extend(wrap_items(" ", &what, Span::styled(" · ", theme.dim()), width, 1));
    // The score on first exposures: what a fresh real paper would most likely give.
    let new: Vec<usize> = exam.new_items.iter().enumerate().filter(|(_, n)| **n).map(|(i, _)| i).collect();
    if !new.is_empty() && new.len() < exam.new_items.len() {
        let right = exam.session.answers().iter().filter(|a| a.correct && new.contains(&a.item)).count();
        let text = format!(
            " fresh score {:.1}% on the {} question{} new to you",
            crate::engine::scoring::percent(right, new.len()),
            new.len(),
            if new.len() == 1 { "" } else { "s" }
        );
        lines.extend(wrap_spans(&[Span::raw(text)], width, 1));
    } else if exam.new_items.iter().all(|n| !n) && !exam.new_items.is_empty() {
        let text = " every question was one you had seen before: this score partly measures memory";
        lines.extend(wrap_spans(&[Span::styled(text, theme.warn())], width, 1));
    }
    let bank = &app.banks[exam.bank].bank;
    let (fast, given) = crate::engine::diagnosis::fast_answers(bank, &exam.session);
    let finished = matches!(r.finish, Some(FinishReason::Completed | FinishReason::TimeUp));
    if finished && crate::engine::diagnosis::is_rushed(fast, given) {
        // The pass estimate leaves out a rushed paper of any kind; readiness counts only
        // full-length simulations anyway.
        let what = if exam.session.settings.full_length {
            "this simulation does not count toward readiness or the pass estimate"
        } else if exam.session.settings.mode == crate::engine::session::Mode::Drill {
            "the pass estimate leaves this drill out"
        } else {
            "the pass estimate leaves this paper out"
        };
        let text = format!(" rushed: {fast} of {given} answers came faster than the questions can be read, so {what}");
        lines.extend(wrap_spans(&[Span::styled(text, theme.warn())], width, 1));
    }
    lines.push(Line::from(""));

    // Bars: name | bar with passing (|) and target (¦) marks | percent | label | right of asked.
    let longest = r.domains.iter().map(|d| d.name.width()).max().unwrap_or(6);
    let others = 1 + (6 + 1) + (17 + 1) + (5 + 1) + 1;
    // The bar keeps 16 columns before the names take the rest (they wrap).
    let name_target = longest.min(width.saturating_sub(others + 16)).max(6);
    let bar_w = width.saturating_sub(others + name_target).clamp(8, 50);
    let col = |pct: f64| ((pct / 100.0) * bar_w as f64).round() as usize;
    let (pass_at, target_at) = (col(f64::from(r.passing_score)), col(f64::from(r.target)));
    lines.push(Line::styled(format!(" Bars: | passing {}%  ¦ target {}%", r.passing_score, r.target), theme.dim()));
    let rows = r
        .domains
        .iter()
        .map(|d| {
            let filled = col(d.percent);
            let bar: String = (0..bar_w)
                .map(|i| match i {
                    i if i == pass_at.min(bar_w - 1) => '|',
                    i if i == target_at.min(bar_w - 1) => '¦',
                    i if i < filled => '█',
                    _ => '·',
                })
                .collect();
            let style = match d.label {
                Label::AboveTarget => theme.good(),
                Label::NearTarget => theme.warn(),
                Label::NeedsImprovement => theme.bad(),
            };
            let cells = vec![
                left(bar, style),
                right(format!("{:.1}%", d.percent), Style::new()),
                left(d.label.text(), style),
                right(format!("{}/{}", d.correct, d.asked), theme.dim()),
            ];
            (escape_controls(&d.name), cells, Style::new())
        })
        .collect();
    let columns = vec![
        Column::left("score", bar_w as u16),
        Column::right("", 6),
        Column::left("result", 17),
        Column::right("right", 5),
    ];
    let mut content = Stack::new();
    content.lines(lines);
    content.table(DomainTable::new(width as u16, "Domain", columns, rows, theme.dim()));
    let mut lines = Vec::new();
    lines.push(Line::from(""));
    let x = &r.execution;
    let used = x.time_used_secs as i64;
    let limit = exam.session.settings.limit_secs.map(|l| l as i64);
    let hours = limit.unwrap_or(0).max(used) >= 3600;
    let of = limit.map_or_else(|| " (untimed)".to_owned(), |l| format!(" of {}", duration(l, hours)));
    lines.push(Line::styled(" Execution", theme.title()));
    let figures = [
        format!(
            "  time used {}{of} · mean {:.0} s per question · longest {}",
            duration(used, hours),
            x.mean_secs,
            duration(x.longest_secs.round() as i64, hours)
        ),
        format!(
            "  unanswered {} ({} when time ran out) · answered in the last 10% of the time: {}",
            x.unanswered, x.unanswered_time, x.in_last_tenth
        ),
        format!(
            "  guesses {} ({} right) · right answers changed to wrong: {}",
            x.guesses, x.guesses_right, x.changed_right_to_wrong
        ),
    ];
    for f in figures {
        lines.extend(wrap_spans(&[Span::raw(f)], width, 4));
    }
    // Where the time went: the mean per answered question of each domain.
    let per_domain: Vec<String> = r
        .domains
        .iter()
        .filter_map(|d| d.mean_secs.map(|s| format!("{} {:.0} s", escape_controls(&d.name), s)))
        .collect();
    if !per_domain.is_empty() {
        let text = format!("  mean time by domain: {}", per_domain.join(" · "));
        lines.extend(wrap_spans(&[Span::raw(text)], width, 4));
    }
    // What all the evidence, this session included, says about a fresh paper.
    if let Some(e) = app.home.estimate.get(&bank.exam.id) {
        lines.push(Line::from(""));
        let text = format!(" {}", crate::app::progress::estimate_text(e));
        lines.extend(wrap_spans(&[Span::styled(text, theme.title())], width, 1));
    }
    if exam.session.clock_anomaly() {
        let warn = [Span::styled("  ⚠ clock anomaly: the system clock moved backwards during the exam", theme.warn())];
        lines.extend(wrap_spans(&warn, width, 4));
    }
    content.lines(lines);
    Some(content)
}
