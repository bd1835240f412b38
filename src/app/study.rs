//! Studying to the exam date: the due reviews of a bank, the dated plan to its exam, and
//! today's task in one line — what `proctor plan`, `proctor drill --due` and the terminal
//! app's plan screen and home line show.
//!
//! Everything is derived from the journals each time (the memory state of every question
//! replayed from its answers), so the schedule can never disagree with the history. The
//! exam date is `--until` when given, else the date booked with `proctor retake --book`.
//!
//! For the terminal app: a plan screen (a calendar, `P` from progress) takes
//! [`plan_of`]`(store, bank, None, now)` — `StudyPlan::plan.days` are its days, each with
//! its due reviews, drill by domain and simulation flag, the eve marked `light`, and
//! `plan.fit` says what does not fit; a [`StudyError`] says why there is no plan (no date
//! booked: its text names `--until` and `proctor retake --book`). The home line takes
//! [`today_line`]`(store, bank, now)`: "today: 18 due reviews · simulation on Friday", or
//! None without a date. A due-review drill is [`due_drill`], whose question ids go into
//! `DrillSpec::due` for `prepare::drill`.

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use crate::engine::bank::Bank;
use crate::engine::history::{Store, StoreError};
use crate::engine::plan::{self, WeakDomain};
use crate::engine::readiness::DEFAULT_LAST_N;
use crate::engine::schedule::calendar::{self, PlanInput};
use crate::engine::schedule::{self, DueToday, Plan, PlanError, Replay, evidence, memory};
use crate::engine::session::{FinishReason, Mode};

/// Why there is no plan.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    #[error(
        "no exam date for {bank}: give one with `proctor plan {bank} --until YYYY-MM-DD`, or book it with `proctor retake {bank} --book YYYY-MM-DD` (`proctor retake {bank}` suggests a date from your attempts — record them with `proctor attempt add`)"
    )]
    NoDate { bank: String },
    #[error(
        "the exam booked for {bank} on {date} is not after today: give the next date with `--until YYYY-MM-DD`, or book it with `proctor retake {bank} --book YYYY-MM-DD`"
    )]
    BookingPassed { bank: String, date: NaiveDate },
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("cannot read the booked exam date: {}", .0.report())]
    Store(#[from] StoreError),
}

/// Where the exam date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// `--until`.
    Until,
    /// Booked with `proctor retake --book`.
    Booked,
}

/// The candidate's calendar day of a moment (plans count in local days).
fn day_of(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

/// The exam date: `until` when given, else the bank's booking (None when neither).
pub fn exam_date(
    store: Option<&Store>,
    bank: &Bank,
    until: Option<NaiveDate>,
) -> Result<Option<(NaiveDate, DateSource)>, StudyError> {
    if let Some(d) = until {
        return Ok(Some((d, DateSource::Until)));
    }
    let booked = match store {
        Some(s) => s.booked(&bank.exam.id)?,
        None => None,
    };
    Ok(booked.map(|d| (d, DateSource::Booked)))
}

/// What the schedule is made from: every question's memory state, the weakness ranking
/// and the days full simulations were taken.
struct Evidence {
    replay: Replay,
    ranked: Vec<WeakDomain>,
    rank: Vec<usize>,
    simulations: Vec<NaiveDate>,
}

fn evidence(store: Option<&Store>, bank: &Bank, exam: Option<NaiveDate>) -> Evidence {
    let sessions = store.map(|s| s.scan().sessions).unwrap_or_default();
    let reviews = evidence::reviews(bank, &sessions, day_of);
    let replay = memory::replay(&reviews, exam);
    let summaries = store.map(Store::summaries).unwrap_or_default();
    let reported = store.map(|s| s.reported_domains(bank)).unwrap_or_default();
    let ranked = plan::rank_domains(bank, &summaries, DEFAULT_LAST_N, bank.exam.target(), &reported);
    let rank = schedule::domain_rank(&ranked, bank.domains.len());
    let simulations = summaries
        .iter()
        .filter(|s| {
            s.bank_id == bank.exam.id
                && s.mode == Mode::Simulation
                && s.full_length
                && matches!(s.finish, Some(FinishReason::Completed | FinishReason::TimeUp))
        })
        .map(|s| day_of(s.started_at))
        .collect();
    Evidence { replay, ranked, rank, simulations }
}

/// The plan to the exam, with what it is for.
#[derive(Debug, Clone, Serialize)]
pub struct StudyPlan {
    pub bank: String,
    pub title: String,
    pub source: DateSource,
    /// Today's task in one line ("today: 18 due reviews · simulation on Friday").
    pub today_line: String,
    #[serde(flatten)]
    pub plan: Plan,
}

/// The day-by-day plan of `bank` from the candidate's today at `now` to the exam date
/// (`until`, else the booking): what a plan screen shows as a calendar.
pub fn plan_of(
    store: Option<&Store>,
    bank: &Bank,
    until: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<StudyPlan, StudyError> {
    let today = day_of(now);
    let (exam, source) =
        exam_date(store, bank, until)?.ok_or_else(|| StudyError::NoDate { bank: bank.exam.id.clone() })?;
    if source == DateSource::Booked && exam <= today {
        return Err(StudyError::BookingPassed { bank: bank.exam.id.clone(), date: exam });
    }
    let ev = evidence(store, bank, Some(exam));
    let ids: Vec<String> = bank.domains.iter().map(|d| d.id.0.clone()).collect();
    let available = bank.domain_counts();
    // A bank too small for a full day's drill drills what it has.
    let split = |n: usize| {
        let n = n.min(available.iter().sum());
        plan::weak_drill_counts(bank, &ev.ranked, n, &available).unwrap_or_else(|_| vec![0; available.len()])
    };
    let input = PlanInput {
        today,
        exam,
        memories: &ev.replay.memories,
        domain_rank: &ev.rank,
        domain_ids: &ids,
        split: &split,
        simulations_done: &ev.simulations,
        drilled_today: ev.replay.drilled.get(&today).copied().unwrap_or(0),
    };
    let plan = calendar::plan(&input)?;
    Ok(StudyPlan {
        bank: bank.exam.id.clone(),
        title: bank.exam.title.clone(),
        source,
        today_line: today_text(&plan),
        plan,
    })
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Today's task of `plan` in one line: "today: 18 due reviews · 20 drill questions ·
/// simulation on Friday".
pub fn today_text(plan: &Plan) -> String {
    let mut parts = Vec::new();
    let Some(day) = plan.days.first() else { return format!("exam on {}", plan.exam) };
    if day.simulation {
        parts.push("a full simulation".to_owned());
    }
    if day.due > 0 {
        parts.push(count(day.due, "due review", "due reviews"));
    }
    if day.drill_total() > 0 {
        parts.push(count(day.drill_total(), "drill question", "drill questions"));
    }
    let mut line =
        if parts.is_empty() { "today: nothing left".to_owned() } else { format!("today: {}", parts.join(" · ")) };
    if let Some(next) = plan.days.iter().skip(1).find(|d| d.simulation) {
        line.push_str(if day.simulation { " · next simulation " } else { " · simulation " });
        line.push_str(&when(plan.today, next.date));
    }
    line
}

/// `date` as seen from `today`: "tomorrow", "on Friday" within the week, else the date.
fn when(today: NaiveDate, date: NaiveDate) -> String {
    match (date - today).num_days() {
        1 => "tomorrow".to_owned(),
        2..=6 => format!("on {}", date.format("%A")),
        _ => format!("on {date}"),
    }
}

/// Today's task for the home line, or None when the bank has no exam date (or none to
/// plan to): the home screen then shows nothing for it.
pub fn today_line(store: Option<&Store>, bank: &Bank, now: DateTime<Utc>) -> Option<String> {
    plan_of(store, bank, None, now).ok().map(|p| p.today_line)
}

/// The reviews due today, for `proctor drill --due`.
#[derive(Debug, Clone, Serialize)]
pub struct DueDrill {
    pub bank: String,
    pub today: NaiveDate,
    /// The exam date the intervals are capped by, when there is one.
    pub exam: Option<NaiveDate>,
    #[serde(flatten)]
    pub due: DueToday,
    /// When nothing is due: the next day something is, and how many.
    pub next: Option<NextDue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NextDue {
    pub date: NaiveDate,
    pub due: usize,
}

/// The reviews of `bank` due on the candidate's today at `now`: the first of the plan's
/// day when there is an exam date (`until`, else the booking), the same order and number
/// without one. `limit` asks for at most that many.
pub fn due_drill(
    store: Option<&Store>,
    bank: &Bank,
    until: Option<NaiveDate>,
    now: DateTime<Utc>,
    limit: Option<usize>,
) -> Result<DueDrill, StudyError> {
    let today = day_of(now);
    let exam = exam_date(store, bank, until)?.map(|(d, _)| d).filter(|d| *d > today);
    let ev = evidence(store, bank, exam);
    let mut due = schedule::due::due_today(&ev.replay.memories, today, exam, &ev.rank);
    if let Some(n) = limit {
        due.items.truncate(n);
    }
    let next = if due.items.is_empty() {
        let first = ev.replay.memories.values().map(|m| m.due).filter(|d| *d > today).min();
        first.map(|date| NextDue { date, due: ev.replay.memories.values().filter(|m| m.due == date).count() })
    } else {
        None
    };
    Ok(DueDrill { bank: bank.exam.id.clone(), today, exam, due, next })
}

/// "nothing is due today for BANK; next: 12 reviews on 2026-12-03".
pub fn nothing_due(d: &DueDrill) -> String {
    let bank = crate::engine::text::escape_controls(&d.bank);
    match d.next {
        Some(n) => format!(
            "nothing is due today for {bank}; next: {} review{} on {}",
            n.due,
            if n.due == 1 { "" } else { "s" },
            n.date
        ),
        None => format!(
            "nothing is due for {bank}: no question answered yet; `proctor drill {bank}` or `proctor exam {bank}` starts the history"
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::engine::schedule::{Fit, PlanDay};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn day(date: &str, due: usize, drill: usize, simulation: bool) -> PlanDay {
        let drill: BTreeMap<String, usize> =
            if drill > 0 { [("net".to_owned(), drill)].into_iter().collect() } else { BTreeMap::new() };
        PlanDay { date: d(date), due, drill, simulation, light: false }
    }

    fn plan(days: Vec<PlanDay>) -> Plan {
        let fit = Fit {
            days: days.len(),
            simulations_wanted: 3,
            simulations_done: 0,
            simulations_planned: 0,
            reviews: 0,
            drill_questions: 0,
            missed: 0,
            missed_without_final_review: 0,
            fits: vec![],
            does_not_fit: vec![],
        };
        let due_today = DueToday { items: vec![], backlog: 0, capacity: 20 };
        Plan { today: days[0].date, exam: d("2026-12-31"), days, due_today, fit }
    }

    #[test]
    fn todays_task_in_one_line() {
        // 2026-12-01 is a Tuesday: Friday is the 4th.
        let p =
            plan(vec![day("2026-12-01", 18, 0, false), day("2026-12-02", 3, 20, false), day("2026-12-04", 0, 0, true)]);
        assert_eq!(today_text(&p), "today: 18 due reviews · simulation on Friday");
        let p = plan(vec![day("2026-12-01", 1, 20, false), day("2026-12-02", 0, 0, true)]);
        assert_eq!(today_text(&p), "today: 1 due review · 20 drill questions · simulation tomorrow");
        let p = plan(vec![day("2026-12-01", 0, 0, true), day("2026-12-09", 0, 0, true)]);
        assert_eq!(today_text(&p), "today: a full simulation · next simulation on 2026-12-09");
        let p = plan(vec![day("2026-12-01", 0, 0, false)]);
        assert_eq!(today_text(&p), "today: nothing left");
    }
}
