//! Results: pass or fail, the score against the passing score and the target, a bar per
//! domain with both lines marked, vendor-style labels, and the execution figures.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::widgets::Widget;

use super::clock_text;
use super::table_part::{Column, DomainTable, Stack, left, right};
use super::wrap::wrap;
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
        let (Some(exam), Some(b)) = (&app.exam, app.bank()) else { return };
        let Some(r) = &exam.report else { return };
        let width = area.width.saturating_sub(2) as usize;
        let mut lines = Vec::new();
        let verdict = if r.passed { Span::styled(" PASS ", theme.good()) } else { Span::styled(" FAIL ", theme.bad()) };
        lines.push(Line::from(vec![
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
        ]));
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
        lines.push(Line::styled(format!(" {kind}, {how} · seed {}", exam.seed), theme.dim()));
        // The score on first exposures: what a fresh real paper would most likely give.
        let new: Vec<usize> = exam.new_items.iter().enumerate().filter(|(_, n)| **n).map(|(i, _)| i).collect();
        if !new.is_empty() && new.len() < exam.new_items.len() {
            let right = exam.session.answers().iter().filter(|a| a.correct && new.contains(&a.item)).count();
            lines.push(Line::from(format!(
                " fresh score {:.1}% on the {} question{} new to you",
                crate::engine::scoring::percent(right, new.len()),
                new.len(),
                if new.len() == 1 { "" } else { "s" }
            )));
        } else if exam.new_items.iter().all(|n| !n) && !exam.new_items.is_empty() {
            lines.extend(
                wrap(
                    "every question was one you had seen before: this score partly measures memory",
                    width.saturating_sub(1),
                )
                .into_iter()
                .map(|l| Line::styled(format!(" {l}"), theme.warn())),
            );
        }
        let (fast, given) = crate::engine::diagnosis::fast_answers(&b.bank, &exam.session);
        if exam.session.settings.full_length && crate::engine::diagnosis::is_rushed(fast, given) {
            let text = format!(
                "rushed: {fast} of {given} answers came faster than the questions can be read, so this simulation does not count toward readiness"
            );
            lines.extend(
                wrap(&text, width.saturating_sub(1)).into_iter().map(|l| Line::styled(format!(" {l}"), theme.warn())),
            );
        }
        lines.push(Line::from(""));

        // Bars: name | bar with passing (|) and target (¦) marks | percent | label | right of asked.
        let longest = r.domains.iter().map(|d| d.name.width()).max().unwrap_or(6);
        let others = 1 + (6 + 1) + (17 + 1) + (5 + 1) + 1;
        let name_target = longest.min(width.saturating_sub(others + 8)).max(6);
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
        let limit = exam.session.settings.limit_secs.unwrap_or(0) as i64;
        lines.push(Line::styled(" Execution", theme.title()));
        lines.push(Line::from(format!(
            "  time used {} of {} · mean {:.0} s per question · longest {}",
            clock_text(x.time_used_secs as i64),
            clock_text(limit),
            x.mean_secs,
            clock_text(x.longest_secs.round() as i64)
        )));
        lines.push(Line::from(format!(
            "  unanswered {} ({} when time ran out) · answered in the last 10% of the time: {}",
            x.unanswered, x.unanswered_time, x.in_last_tenth
        )));
        lines.push(Line::from(format!(
            "  guesses {} ({} right) · right answers changed to wrong: {}",
            x.guesses, x.guesses_right, x.changed_right_to_wrong
        )));
        // What all the evidence, this session included, says about a fresh paper.
        if let Some(e) = app.home.estimate.get(&b.bank.exam.id) {
            lines.push(Line::from(""));
            lines.extend(
                wrap(&crate::app::progress::estimate_text(e), width.saturating_sub(1))
                    .into_iter()
                    .map(|l| Line::styled(format!(" {l}"), theme.title())),
            );
        }
        if exam.session.clock_anomaly() {
            lines.push(Line::styled(
                "  ⚠ clock anomaly: the system clock moved backwards during the exam",
                theme.warn(),
            ));
        }
        content.lines(lines);
        let block = Block::bordered().title(format!(" Results · {} ", escape_controls(&b.bank.exam.title)));
        let inner = block.inner(area);
        block.render(area, buf);
        content.render_scrolled(inner, buf, app.scroll);
    }
}
