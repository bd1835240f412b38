//! The drill options screen: one row per choice (what to drill, the domains when chosen,
//! how many questions, the clock, feedback), the row under the cursor marked, and a line
//! under each saying what the choice means. Long domain names wrap under their tick box.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::wrap::{clip, wrap_spans};
use crate::engine::text::escape_controls;
use crate::tui::drill_setup::{DrillSetup, Focus, Row};
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// Columns the option names take, before their values.
const LABEL: usize = 16;

/// The drill options of the selected bank.
pub struct DrillSetupView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for &DrillSetupView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let DrillSetupView { app, theme } = *self;
        let Some(s) = &app.drill_setup else { return };
        let bank = app.banks.get(s.bank).map_or("", |b| b.bank.exam.title.as_str());
        let title = format!(" Drill · {} ", escape_controls(bank));
        let block = Block::bordered().title(clip(&title, area.width.saturating_sub(2) as usize));
        let inner = block.inner(area);
        block.render(area, buf);
        let lines = lines(s, inner.width as usize, theme);
        // The cursor's row is kept in view when the domains make the list long.
        let cursor_line = lines.iter().position(|(row, _)| *row == Some(s.cursor)).unwrap_or(0) as u16;
        let scroll = cursor_line.saturating_sub(inner.height.saturating_sub(3));
        let text: Vec<Line> = lines.into_iter().map(|(_, l)| l).collect();
        Paragraph::new(text).scroll((scroll, 0)).render(inner, buf);
    }
}

/// The screen's lines, each with the index of the option row it starts (if it does).
fn lines(s: &DrillSetup, width: usize, theme: Theme) -> Vec<(Option<usize>, Line<'static>)> {
    let mut out: Vec<(Option<usize>, Line<'static>)> = vec![(None, Line::from(""))];
    let explain = |out: &mut Vec<(Option<usize>, Line<'static>)>, text: String| {
        let pad = " ".repeat(LABEL + 3);
        for l in wrap_spans(&[Span::raw(pad), Span::styled(text, theme.dim())], width, LABEL + 3) {
            out.push((None, l));
        }
    };
    for (i, row) in s.rows().into_iter().enumerate() {
        let here = i == s.cursor;
        let mark = if here { Span::styled(" › ", theme.key()) } else { Span::raw("   ") };
        let value_style = if here { theme.selected() } else { Style::new() };
        let choice = |label: &str, value: String| {
            vec![
                mark.clone(),
                Span::styled(format!("{label:<LABEL$}"), theme.title()),
                Span::styled(format!("◀ {value} ▶"), value_style),
            ]
        };
        match row {
            Row::Focus => {
                push(&mut out, i, &choice("What to drill", s.focus.text().to_owned()), width, LABEL + 3);
                explain(&mut out, s.focus.about().to_owned());
                if s.focus == Focus::Weak {
                    match s.weak.as_deref() {
                        Some([]) => explain(
                            &mut out,
                            "no weak domain known yet: the questions follow the blueprint's weights".to_owned(),
                        ),
                        Some(names) => explain(&mut out, format!("weak now: {}", escape_controls(&names.join(", ")))),
                        None => {}
                    }
                }
            }
            Row::Domain(d) => {
                let dom = &s.domains[d];
                let tick = if dom.chosen { "[x]" } else { "[ ]" };
                // The mark stands by the tick box it is on, not at the left edge.
                let spans = vec![
                    Span::raw(" ".repeat(LABEL)),
                    mark.clone(),
                    Span::styled(format!("{tick} "), value_style),
                    Span::styled(escape_controls(&dom.name), value_style),
                    Span::styled(format!(" ({})", super::count(dom.questions, "question", "questions")), theme.dim()),
                ];
                push(&mut out, i, &spans, width, LABEL + 7);
            }
            Row::Questions => {
                let most = match s.focus {
                    Focus::Due => "at most, of those due".to_owned(),
                    Focus::Domains if s.most() < s.most => format!("of {} in the ticked domains", s.most()),
                    _ => format!("of {} in the bank", s.most),
                };
                let mut spans = choice("Questions", s.count().to_string());
                spans.push(Span::styled(format!("  {most}"), theme.dim()));
                push(&mut out, i, &spans, width, LABEL + 3);
            }
            Row::Clock => {
                let value = if s.timed { "timed".to_owned() } else { "untimed".to_owned() };
                push(&mut out, i, &choice("Clock", value), width, LABEL + 3);
                explain(
                    &mut out,
                    if s.timed {
                        format!(
                            "{} for {}: the bank's pace of {:.0} s a question",
                            super::clock_text(s.limit_secs() as i64),
                            super::count(s.count(), "question", "questions"),
                            s.pace_secs
                        )
                    } else {
                        "no clock: take the time each question needs".to_owned()
                    },
                );
            }
            Row::Feedback => {
                let value = if s.feedback { "after each answer" } else { "in the review" };
                push(&mut out, i, &choice("Explanations", value.to_owned()), width, LABEL + 3);
                explain(
                    &mut out,
                    if s.feedback && s.timed {
                        "the right answer and why, after each answer; the clock keeps running while you read".to_owned()
                    } else if s.feedback {
                        "the right answer and why, after each answer".to_owned()
                    } else {
                        "answers are final and explained in the review after the drill, as in an exam".to_owned()
                    },
                );
            }
        }
    }
    out.push((None, Line::from("")));
    let hint = [
        Span::raw(" "),
        Span::styled("Enter", theme.key()),
        Span::raw(" draws the drill and shows its rules · "),
        Span::styled("Esc", theme.key()),
        Span::raw(" goes back"),
    ];
    out.extend(wrap_spans(&hint, width, 1).into_iter().map(|l| (None, l)));
    out
}

/// Adds `spans` wrapped to `width`, the first line marked as option row `row`.
fn push(out: &mut Vec<(Option<usize>, Line<'static>)>, row: usize, spans: &[Span<'_>], width: usize, hang: usize) {
    for (k, l) in wrap_spans(spans, width, hang).into_iter().enumerate() {
        out.push((if k == 0 { Some(row) } else { None }, l));
    }
}
