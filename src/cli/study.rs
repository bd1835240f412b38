//! `proctor plan` and `proctor drill --due --format`: the dated plan to the exam as a
//! table or JSON, and the reviews due today.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::args::Format;
use super::table::{pad, right};
use crate::app::study::{self, DateSource, DueDrill, StudyPlan};
use crate::engine::bank::Bank;
use crate::engine::history::Store;
use crate::engine::schedule::PlanDay;
use crate::engine::text::escape_controls;

/// `proctor plan BANK [--until DATE]`.
pub fn plan(
    store: Option<&Store>,
    bank: &Bank,
    until: Option<NaiveDate>,
    format: Format,
    now: DateTime<Utc>,
) -> Result<ExitCode> {
    let p = study::plan_of(store, bank, until, now)?;
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&p)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    write_plan(&mut out, bank, &p)?;
    Ok(ExitCode::SUCCESS)
}

/// "network 5 · cloud 4 · …", in the bank's order of domains.
fn drill_by_domain(bank: &Bank, d: &PlanDay) -> String {
    bank.domains
        .iter()
        .filter_map(|x| d.drill.get(&x.id.0).map(|n| format!("{} {n}", escape_controls(&x.id.0))))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn write_plan(out: &mut impl Write, bank: &Bank, p: &StudyPlan) -> std::io::Result<()> {
    let plan = &p.plan;
    let from = match p.source {
        DateSource::Booked => "booked",
        DateSource::Until => "--until",
    };
    let days = plan.days.len();
    writeln!(
        out,
        "{} — plan to the exam on {} ({from}; {days} day{} from today, {})",
        escape_controls(&p.title),
        plan.exam,
        if days == 1 { "" } else { "s" },
        plan.today
    )?;
    writeln!(out, "{}", p.today_line)?;
    writeln!(out)?;
    writeln!(out, "DATE        DAY  DUE  DRILL  SIMULATION  DRILL BY DOMAIN")?;
    for d in &plan.days {
        let by = drill_by_domain(bank, d);
        let note = if d.light { "  (light: the eve of the exam)" } else { "" };
        let row = format!(
            "{}  {}  {}  {}  {}  {by}{note}",
            d.date,
            d.date.format("%a"),
            right(&d.due.to_string(), 3),
            right(&d.drill_total().to_string(), 5),
            pad(if d.simulation { "full" } else { "" }, 10),
        );
        writeln!(out, "{}", row.trim_end())?;
    }
    writeln!(out, "{}  {}  exam", plan.exam, plan.exam.format("%a"))?;
    writeln!(out)?;
    for f in &plan.fit.fits {
        writeln!(out, "Fits: {f}")?;
    }
    for f in &plan.fit.does_not_fit {
        writeln!(out, "Does not fit: {f}")?;
    }
    let id = escape_controls(&p.bank);
    writeln!(
        out,
        "Each day: `proctor drill {id} --due` for the reviews, `proctor drill {id} --weak --questions N` for the drill, `proctor exam {id}` on a simulation day."
    )?;
    let again = match p.source {
        DateSource::Booked => format!("proctor plan {id}"),
        DateSource::Until => format!("proctor plan {id} --until {}", plan.exam),
    };
    writeln!(out, "The plan follows your answers: run `{again}` again after a day's work, or after missing one.")?;
    Ok(())
}

/// `proctor drill BANK --due --format json`: the questions, with their domains.
#[derive(Serialize)]
struct DueOut<'a> {
    bank: &'a str,
    today: NaiveDate,
    exam: Option<NaiveDate>,
    /// Everything due on or before today.
    backlog: usize,
    /// Reviews a day while the backlog lasts.
    capacity: usize,
    items: Vec<DueItemOut<'a>>,
    next: Option<study::NextDue>,
}

#[derive(Serialize)]
struct DueItemOut<'a> {
    question: &'a str,
    domain: &'a str,
    due: NaiveDate,
    overdue: i64,
}

/// Prints the reviews due today (the drill `--due` would ask), as text or JSON.
pub fn print_due(d: &DueDrill, bank: &Bank, format: Format) -> Result<ExitCode> {
    let domain = |i: usize| bank.domains.get(i).map_or("", |x| x.id.0.as_str());
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        let doc = DueOut {
            bank: &d.bank,
            today: d.today,
            exam: d.exam,
            backlog: d.due.backlog,
            capacity: d.due.capacity,
            items: d
                .due
                .items
                .iter()
                .map(|i| DueItemOut {
                    question: &i.question.0,
                    domain: domain(i.domain),
                    due: i.due,
                    overdue: i.overdue,
                })
                .collect(),
            next: d.next,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if d.due.items.is_empty() {
        writeln!(out, "{}", nothing_due(d))?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}", due_header(d))?;
    let width = d.due.items.iter().map(|i| escape_controls(&i.question.0).len()).max().unwrap_or(8).max(8);
    writeln!(out, "{}  DOMAIN      DUE         OVERDUE", pad("QUESTION", width))?;
    for i in &d.due.items {
        let overdue = match i.overdue {
            0 => String::new(),
            1 => "1 day".to_owned(),
            n => format!("{n} days"),
        };
        let row = format!(
            "{}  {}  {}  {overdue}",
            pad(&escape_controls(&i.question.0), width),
            pad(&escape_controls(domain(i.domain)), 10),
            i.due
        );
        writeln!(out, "{}", row.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// "12 reviews due today (2026-12-01), most overdue first; 40 due in all: 20 a day until
/// the backlog is worked off".
fn due_header(d: &DueDrill) -> String {
    let n = d.due.items.len();
    let mut s = format!(
        "{}: {n} review{} due today ({}), most overdue first",
        escape_controls(&d.bank),
        if n == 1 { "" } else { "s" },
        d.today
    );
    if d.due.backlog > n {
        s.push_str(&format!(
            "; {} due in all: {} a day until the backlog is worked off",
            d.due.backlog, d.due.capacity
        ));
    }
    if let Some(e) = d.exam {
        s.push_str(&format!("; intervals capped by the exam on {e}"));
    }
    s
}

pub use crate::app::study::nothing_due;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::DueToday;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn nothing_due_says_when_the_next_review_is() {
        let mut due = DueDrill {
            bank: "mini".into(),
            today: d("2026-12-01"),
            exam: None,
            due: DueToday { items: vec![], backlog: 0, capacity: 20 },
            next: Some(study::NextDue { date: d("2026-12-03"), due: 12 }),
        };
        assert_eq!(nothing_due(&due), "nothing is due today for mini; next: 12 reviews on 2026-12-03");
        due.next = Some(study::NextDue { date: d("2026-12-02"), due: 1 });
        assert_eq!(nothing_due(&due), "nothing is due today for mini; next: 1 review on 2026-12-02");
    }
}
