//! The plan screen: the days from today to the exam as month calendars (ratatui's
//! `Monthly`), today reversed, simulation days and the exam day marked, beside a table of
//! the coming days (due reviews, drill questions, simulation) and what the plan can and
//! cannot fit. Without an exam date it says how to give one.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::calendar::{CalendarEventStore, Monthly};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use unicode_width::UnicodeWidthStr;

use super::wrap::clip;
use crate::app::study::{DateSource, StudyPlan};
use crate::engine::text::escape_controls;
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// A month calendar's size: seven days of three columns, month and weekday headers, six weeks.
const MONTH_W: u16 = 22;
const MONTH_H: u16 = 8;

pub struct PlanView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

/// `time`'s date for a chrono date (the calendar widget counts in `time`).
fn to_time(d: NaiveDate) -> Option<time::Date> {
    let month = time::Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
    time::Date::from_calendar_date(d.year(), month, u8::try_from(d.day()).ok()?).ok()
}

/// The months from `from` to `to`, by their first day.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut m = from.with_day(1).unwrap_or(from);
    while m <= to {
        out.push(m);
        m = m.checked_add_months(chrono::Months::new(1)).unwrap_or(to.succ_opt().unwrap_or(to));
        if out.len() > 24 {
            break;
        }
    }
    out
}

impl Widget for &PlanView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let PlanView { app, theme } = *self;
        let Some(p) = &app.plan else { return };
        let name = app.banks.get(p.bank).map_or_else(String::new, |b| escape_controls(&b.bank.exam.title));
        let block = Block::bordered().title(Line::styled(format!(" Plan to the exam — {name} "), theme.title()));
        let inner = block.inner(area);
        block.render(area, buf);
        match &p.plan {
            Err(why) => {
                let lines = vec![
                    Line::styled("No exam date yet.", theme.warn()),
                    Line::raw(""),
                    Line::raw(escape_controls(why)),
                    Line::raw(""),
                    Line::styled(
                        "Record a real attempt with `a` on the progress screen to get a suggested date.",
                        theme.dim(),
                    ),
                ];
                Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
            }
            Ok(plan) => render_plan(plan, inner, buf, theme, app.scroll),
        }
    }
}

fn render_plan(p: &StudyPlan, area: Rect, buf: &mut Buffer, theme: Theme, scroll: u16) {
    let plan = &p.plan;
    let from = match p.source {
        DateSource::Booked => "booked",
        DateSource::Until => "given",
    };
    let days_left = (plan.exam - plan.today).num_days();
    let head = vec![
        Line::from(vec![
            Span::styled(format!("Exam on {} ", plan.exam.format("%a %-d %b %Y")), theme.title()),
            Span::styled(format!("({from}, in {days_left} day{})", if days_left == 1 { "" } else { "s" }), theme.dim()),
        ]),
        Line::raw(clip(&escape_controls(&p.today_line), area.width as usize)),
    ];
    let [head_area, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    Paragraph::new(head).render(head_area, buf);

    // Calendars on the left, as many months as fit side by side (at least one).
    let all = months(plan.today, plan.exam);
    let fit = ((rest.width / 2) / MONTH_W).max(1) as usize;
    let shown = &all[..all.len().min(fit)];
    let cal_w = MONTH_W * shown.len() as u16;
    let [cal_col, table_col] =
        Layout::horizontal([Constraint::Length(cal_w.min(rest.width)), Constraint::Min(20)]).areas(rest);
    let mut events = CalendarEventStore::default();
    for d in &plan.days {
        let Some(t) = to_time(d.date) else { continue };
        let style = if d.simulation {
            theme.warn().add_modifier(Modifier::UNDERLINED)
        } else if d.light {
            theme.dim()
        } else {
            Style::new()
        };
        events.add(t, style);
    }
    if let Some(t) = to_time(plan.exam) {
        events.add(t, theme.bad().add_modifier(Modifier::REVERSED));
    }
    if let Some(t) = to_time(plan.today) {
        events.add(t, theme.cursor().add_modifier(Modifier::BOLD));
    }
    let [cal_area, legend_area] =
        Layout::vertical([Constraint::Length(MONTH_H.min(cal_col.height)), Constraint::Min(0)]).areas(cal_col);
    for (i, m) in shown.iter().enumerate() {
        let Some(t) = to_time(*m) else { continue };
        let x = cal_area.x + MONTH_W * i as u16;
        let cell = Rect { x, width: MONTH_W.min(cal_area.right().saturating_sub(x)), ..cal_area };
        Monthly::new(t, &events).show_month_header(theme.title()).show_weekdays_header(theme.dim()).render(cell, buf);
    }
    let mut legend = vec![
        Line::from(vec![
            Span::styled("today", theme.cursor()),
            Span::raw("  "),
            Span::styled("exam", theme.bad().add_modifier(Modifier::REVERSED)),
        ]),
        Line::from(vec![
            Span::styled("simulation", theme.warn().add_modifier(Modifier::UNDERLINED)),
            Span::raw("  "),
            Span::styled("light day", theme.dim()),
        ]),
    ];
    if all.len() > shown.len() {
        legend.push(Line::styled(
            format!(
                "(+{} more month{} in the table)",
                all.len() - shown.len(),
                if all.len() - shown.len() == 1 { "" } else { "s" }
            ),
            theme.dim(),
        ));
    }
    Paragraph::new(legend).render(legend_area, buf);

    // The days, one a row, then what fits and what does not.
    let w = table_col.width.saturating_sub(1) as usize;
    let mut rows: Vec<Line> = vec![Line::styled(clip(" day         due  drill  simulation", w), theme.dim())];
    for d in &plan.days {
        let drill = if d.drill_total() == 0 { "—".to_owned() } else { d.drill_total().to_string() };
        let sim = if d.simulation { "full simulation" } else { "" };
        let mark = if d.date == plan.today { "›" } else { " " };
        let light = if d.light { " (light)" } else { "" };
        let by_domain: Vec<String> = d.drill.iter().map(|(id, n)| format!("{} {n}", escape_controls(id))).collect();
        let head = format!("{mark}{:<11} {:>4} {:>6}", d.date.format("%a %-d %b"), d.due, drill);
        let tail = format!("  {sim}{light}");
        let by_domain = if by_domain.is_empty() || d.simulation {
            String::new()
        } else {
            domains_in(&by_domain, w.saturating_sub(head.width() + tail.trim_end().width()))
        };
        let text = format!("{head}{by_domain}{tail}");
        let style = if d.date == plan.today {
            theme.selected()
        } else if d.simulation {
            theme.warn()
        } else {
            Style::new()
        };
        rows.push(Line::styled(clip(&text, w), style));
    }
    rows.push(Line::raw(""));
    for f in &plan.fit.fits {
        rows.push(Line::raw(clip(&format!(" {}", escape_controls(f)), w)));
    }
    for f in &plan.fit.does_not_fit {
        rows.push(Line::styled(clip(&format!(" {}", escape_controls(f)), w), theme.warn()));
    }
    let top = (scroll as usize).min(rows.len().saturating_sub(1));
    Paragraph::new(rows.split_off(top)).render(table_col, buf);
}

/// A day's drill questions by domain in `room` columns: all of them, or the first ones and
/// how many more, so that a domain is never cut in the middle of its name.
fn domains_in(by_domain: &[String], room: usize) -> String {
    let all = format!("  ({})", by_domain.join(" · "));
    if all.width() <= room {
        return all;
    }
    (0..by_domain.len())
        .rev()
        .map(|k| {
            let more = format!("+{} more", by_domain.len() - k);
            format!("  ({})", by_domain[..k].iter().chain([&more]).map(String::as_str).collect::<Vec<_>>().join(" · "))
        })
        .find(|s| s.width() <= room)
        .unwrap_or_default()
}

/// How far the plan's table can scroll in `area`.
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let Some(Ok(p)) = app.plan.as_ref().map(|p| &p.plan) else { return 0 };
    let rows = 1 + p.plan.days.len() + 1 + p.plan.fit.fits.len() + p.plan.fit.does_not_fit.len();
    let visible = Block::bordered().inner(area).height.saturating_sub(2) as usize;
    rows.saturating_sub(visible) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At 100 columns a six-domain bank's drill counts ran off the row, cut with `…` in the
    /// middle of a domain id.
    #[test]
    fn drill_counts_that_do_not_fit_name_the_first_domains_and_how_many_more() {
        let six: Vec<String> =
            ["network 3", "cloud 2", "concepts 2", "content 2", "access 1", "endpoint 1"].map(String::from).to_vec();
        assert_eq!(domains_in(&six, 80), "  (network 3 · cloud 2 · concepts 2 · content 2 · access 1 · endpoint 1)");
        assert_eq!(domains_in(&six, 50), "  (network 3 · cloud 2 · concepts 2 · +3 more)");
        assert_eq!(domains_in(&six, 12), "  (+6 more)");
        assert_eq!(domains_in(&six, 5), "");
        for room in 0..90 {
            assert!(domains_in(&six, room).width() <= room, "{room}");
        }
    }
}
