//! Results: pass or fail, the score against the passing score and the target, a bar per
//! domain with both lines marked, vendor-style labels, and the execution figures.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{Block, Paragraph};

use super::clock_text;
use super::wrap::fit;
use crate::engine::scoring::Label;
use crate::engine::session::FinishReason;
use crate::engine::text::escape_controls;
use crate::tui::state::App;
use crate::tui::theme::Theme;

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
        lines.push(Line::from(""));

        // Bars: name | bar with passing (|) and target (¦) marks | percent | label.
        // Row: " name  bar 100.0%  Needs improvement  12/23"
        let longest =
            r.domains.iter().map(|d| unicode_width::UnicodeWidthStr::width(d.name.as_str())).max().unwrap_or(6);
        let name_w = longest.clamp(6, (width / 3).max(6));
        let fixed = 1 + name_w + 2 + 9 + 17 + 7;
        let bar_w = width.saturating_sub(fixed).clamp(8, 50);
        let col = |pct: f64| ((pct / 100.0) * bar_w as f64).round() as usize;
        let (pass_at, target_at) = (col(f64::from(r.passing_score)), col(f64::from(r.target)));
        lines.push(Line::styled(
            format!(
                " {}  {}",
                fit("Domain", name_w),
                fit(&format!("| passing {}%  ¦ target {}%", r.passing_score, r.target), bar_w + 18)
            ),
            theme.dim(),
        ));
        for d in &r.domains {
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
            lines.push(Line::from(vec![
                Span::raw(format!(" {}  ", fit(&escape_controls(&d.name), name_w))),
                Span::styled(bar, style),
                Span::raw(format!(" {:>5.1}%  ", d.percent)),
                Span::styled(d.label.text(), style),
                Span::styled(format!("  {}/{}", d.correct, d.asked), theme.dim()),
            ]));
        }
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
        if exam.session.clock_anomaly() {
            lines.push(Line::styled(
                "  ⚠ clock anomaly: the system clock moved backwards during the exam",
                theme.warn(),
            ));
        }
        let title = format!(" Results · {} ", escape_controls(&b.bank.exam.title));
        let max_scroll = (lines.len() as u16 + 2).saturating_sub(area.height);
        Paragraph::new(lines)
            .scroll((app.scroll.min(max_scroll), 0))
            .block(Block::bordered().title(title))
            .render(area, buf);
    }
}
