//! The rules shown before the clock starts (how the paper is scored, and how its testlets
//! and item types work when it has them), and the notice shown when time runs out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::clock_text;
use crate::engine::session::{Mode, Unanswered};
use crate::engine::text::escape_controls;
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// The rules screen shown before the clock starts.
pub struct RulesView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for &RulesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let RulesView { app, theme } = *self;
        let (Some(exam), Some(b)) = (&app.exam, app.bank()) else { return };
        let e = &b.bank.exam;
        let drill = exam.session.settings.mode == Mode::Drill;
        let timed = exam.session.settings.limit_secs.is_some();
        let limit = exam
            .session
            .settings
            .limit_secs
            .map_or_else(|| "none (untimed drill)".to_owned(), |l| clock_text(l as i64));
        let title = if drill { format!("Drill · {}", escape_controls(&e.title)) } else { escape_controls(&e.title) };
        let mut lines = vec![
            Line::styled(title, theme.title()),
            Line::from(""),
            Line::from(format!("Questions:      {}{}", exam.session.len(), fresh_note(exam.fresh))),
            Line::from(format!(
                "Time limit:     {limit}{}",
                exam.session.pace_secs().map_or_else(String::new, |p| format!("   (a pace of {p} s per question)"))
            )),
            Line::from(format!("Passing score:  {}%   (readiness target {}%)", e.passing_score, e.target())),
        ];
        if let Some(n) = &e.blueprint {
            lines.push(Line::styled(
                format!("Blueprint:      {}, checked {}", escape_controls(&n.source), n.verified),
                theme.dim(),
            ));
        }
        lines.extend([Line::from(""), Line::styled(rules_line(timed), theme.warn()), Line::from("")]);
        lines.extend(paper_rules(&exam.session).into_iter().map(Line::from));
        lines.push(Line::from("Flag an answer you guessed with g: the review will treat it as not yet known."));
        if let Some(about) = &exam.about {
            lines.push(Line::from(""));
            lines.push(Line::from(format!("This drill: {}.", escape_controls(about))));
            if exam.session.settings.feedback {
                lines.push(Line::from("After each answer you see the correct answer and why, then move on."));
                if exam.session.settings.limit_secs.is_some() {
                    // The drill keeps the exam's strict clock: reading the feedback costs time.
                    lines.push(Line::from("The clock keeps running while you read the feedback."));
                }
            }
            lines.push(Line::styled(
                "Drills count toward your domain figures, never toward the readiness verdict.",
                theme.dim(),
            ));
        } else if !exam.session.settings.full_length {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                "A shortened simulation: it is scored, but does not count toward readiness.",
                theme.dim(),
            ));
        }
        lines.push(Line::from(""));
        lines.push(Line::styled(
            if timed { "Press Enter to start the clock." } else { "Press Enter to start." },
            theme.key(),
        ));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Exam rules "))
            .render(area, buf);
    }
}

/// How this paper is scored, and what its testlets and item types ask: only what applies.
fn paper_rules(session: &crate::engine::session::Session) -> Vec<&'static str> {
    use crate::engine::bank::Kind;
    let keys: Vec<_> = (0..session.len()).map(|i| session.key(i)).collect();
    let mut out = Vec::new();
    if keys.iter().any(|k| k.partial) {
        out.push(
            "Questions marked partial credit earn a share for each item in place or pair right; the \
             others are scored all or nothing. Unanswered questions count as wrong.",
        );
    } else {
        out.push("Every question is scored all or nothing. Unanswered questions count as wrong.");
    }
    if keys.iter().any(|k| k.testlet.is_some()) {
        out.push(
            "A testlet is a scenario with several questions: [ and ] (Tab and Shift-Tab while typing) \
             move between them until you leave it (L), and then its answers are final.",
        );
    }
    if keys.iter().any(|k| k.kind != Kind::Choice) {
        out.push(
            "Some questions ask you to put items in order, match pairs or type an answer: the bottom \
             line says which keys do what, and ? (F1 while typing) explains them.",
        );
    }
    out
}

/// The rules in one line: timed or not, and no going back either way.
pub fn rules_line(timed: bool) -> &'static str {
    if timed {
        "Timed. No going back: once you submit an answer you cannot return to it. No references."
    } else {
        "Untimed. No going back: once you submit an answer you cannot return to it. No references."
    }
}

/// The notice that time ran out, before the results.
pub struct TimeUpView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for &TimeUpView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let TimeUpView { app, theme } = *self;
        let Some(exam) = &app.exam else { return };
        let missed = exam.session.answers().iter().filter(|a| a.unanswered == Some(Unanswered::Time)).count();
        let lines = vec![
            Line::from(""),
            Line::styled("Time is up", theme.bad()),
            Line::from(""),
            Line::from("Your submitted answers are recorded."),
            Line::from(match missed {
                1 => "1 question was not answered in time and counts as wrong.".to_owned(),
                n => format!("{n} questions were not answered in time and count as wrong."),
            }),
            Line::from(""),
            Line::styled("Press Enter for your results.", theme.key()),
        ];
        Paragraph::new(lines).centered().wrap(Wrap { trim: true }).block(Block::bordered()).render(area, buf);
    }
}

/// "(84 of 90 new to you · 2 more fresh papers in this bank)": a repeat measures memory,
/// not readiness, so the candidate sees how fresh the paper is and how many are left.
fn fresh_note(fresh: Option<crate::engine::blueprint::Freshness>) -> String {
    let Some(f) = fresh else { return String::new() };
    let left = match f.papers_left {
        0 => "no fresh paper left in this bank after this one".to_owned(),
        1 => "1 more fresh paper in this bank".to_owned(),
        n => format!("{n} more fresh papers in this bank"),
    };
    format!("   ({} of {} new to you · {left})", f.new, f.of)
}
