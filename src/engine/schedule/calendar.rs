//! The dated plan to the exam: for each day from today to the eve of the exam, the reviews
//! due, the drill questions by domain (70% on the weak domains, as the study plan splits
//! them), and the full simulations — three, spread over the last 21 days, at least two days
//! apart, none on the eve — with a lighter last day.
//!
//! The plan is computed afresh from the history each time, so it reflows by itself: days
//! skipped leave a backlog that is spread over the next days at a steady number a day (never
//! stacked onto one), a simulation not taken is placed again from today, and work done
//! ahead (reviews, drills, simulations) is taken off what comes.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::deadline::final_week_start;
use super::due::{self, DueToday};
use super::grade::Grade;
use super::memory::Memory;
use crate::engine::bank::QuestionId;
use crate::engine::prepare::DEFAULT_DRILL_QUESTIONS;

/// Full simulations wanted in the last weeks before the exam.
pub const SIMULATIONS: usize = 3;
/// They are spread over this many days before the exam.
pub const SIMULATION_WINDOW_DAYS: u64 = 21;
/// Two simulations are at least this many days apart (a day between to review the first).
pub const MIN_SIMULATION_GAP: i64 = 2;
/// Drill questions on a day without a simulation.
pub const DAILY_DRILL: usize = DEFAULT_DRILL_QUESTIONS;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the exam date {exam} is not after today ({today}): there is no day left to plan; give a later date")]
    NoDaysLeft { exam: NaiveDate, today: NaiveDate },
}

/// What the plan is made from.
pub struct PlanInput<'a> {
    pub today: NaiveDate,
    pub exam: NaiveDate,
    /// Every question's memory state, replayed with this exam date.
    pub memories: &'a BTreeMap<QuestionId, Memory>,
    /// Per bank domain, its place in the weakness ranking (0: the weakest).
    pub domain_rank: &'a [usize],
    /// Bank domain ids, in bank order.
    pub domain_ids: &'a [String],
    /// Questions per bank domain of a drill of `n` (the 70/30 split of the study plan).
    pub split: &'a dyn Fn(usize) -> Vec<usize>,
    /// The candidate's days on which a full simulation of the bank was taken.
    pub simulations_done: &'a [NaiveDate],
    /// Drill answers given today to questions that were not due (today's drill so far).
    pub drilled_today: usize,
}

/// One day of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDay {
    pub date: NaiveDate,
    /// Reviews due that day (today: the ones `proctor drill --due` asks).
    pub due: usize,
    /// Drill questions by domain id (domains with none are left out).
    pub drill: BTreeMap<String, usize>,
    /// A full simulation that day (today: also one already taken).
    pub simulation: bool,
    /// The eve of the exam: half the work, no simulation.
    pub light: bool,
}

impl PlanDay {
    pub fn drill_total(&self) -> usize {
        self.drill.values().sum()
    }
}

/// What the days to the exam hold, and what they cannot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    pub days: usize,
    pub simulations_wanted: usize,
    /// Taken already in the last 21 days.
    pub simulations_done: usize,
    pub simulations_planned: usize,
    pub reviews: usize,
    pub drill_questions: usize,
    /// Questions missed or shaky at least once.
    pub missed: usize,
    /// Of those, the ones whose last review cannot fall in the final week.
    pub missed_without_final_review: usize,
    /// In words: what the days hold.
    pub fits: Vec<String>,
    /// In words: what they cannot hold, and why.
    pub does_not_fit: Vec<String>,
}

/// The plan from today to the exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub today: NaiveDate,
    pub exam: NaiveDate,
    pub days: Vec<PlanDay>,
    /// Today's reviews, in the order they are asked.
    pub due_today: DueToday,
    pub fit: Fit,
}

fn add(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// `k` days from `from` to `to`, evenly spread (both ends included when `k` > 1).
fn spread(from: NaiveDate, to: NaiveDate, k: usize) -> Vec<NaiveDate> {
    if k == 1 {
        return vec![to];
    }
    let span = (to - from).num_days() as f64;
    (0..k).map(|i| add(from, (span * i as f64 / (k - 1) as f64).round() as i64)).collect()
}

/// The days of the simulations still to take before `exam`, from `today`, given the days
/// `done` on which one was taken; and how many of those fall in the window.
pub fn place_simulations(today: NaiveDate, exam: NaiveDate, done: &[NaiveDate]) -> (Vec<NaiveDate>, usize) {
    let window = add(exam, -(SIMULATION_WINDOW_DAYS as i64));
    let mut taken: Vec<NaiveDate> = done.iter().copied().filter(|d| *d >= window && *d <= today && *d < exam).collect();
    taken.sort();
    taken.dedup();
    let remaining = SIMULATIONS.saturating_sub(taken.len());
    let mut from = today.max(window);
    if let Some(&last) = taken.last() {
        from = from.max(add(last, MIN_SIMULATION_GAP));
    }
    // None on the eve of the exam: it is the light day.
    let last_allowed = add(exam, -2);
    if remaining == 0 || from > last_allowed {
        return (Vec::new(), taken.len());
    }
    let room = (last_allowed - from).num_days() as usize;
    let k = remaining.min(room / MIN_SIMULATION_GAP as usize + 1);
    // Preferably three days before the exam, leaving a day to review the last one's
    // errors before the light eve, when the spread still fits.
    let gap = MIN_SIMULATION_GAP as usize;
    let prefer = add(exam, -3);
    let to = if prefer >= from && (prefer - from).num_days() as usize >= gap * (k - 1) { prefer } else { last_allowed };
    // After a simulation already taken, space the rest evenly from it.
    if let Some(&last) = taken.last() {
        let step = (to - last).num_days() as f64 / k as f64;
        let pts: Vec<NaiveDate> = (1..=k).map(|i| add(last, (step * i as f64).round() as i64)).collect();
        if step >= MIN_SIMULATION_GAP as f64 && pts[0] >= from {
            return (pts, taken.len());
        }
    }
    (spread(from, to, k), taken.len())
}

/// The day-by-day plan, projecting each review as answered well (the plan is made again
/// from the real answers next time).
pub fn plan(input: &PlanInput<'_>) -> Result<Plan, PlanError> {
    let (today, exam) = (input.today, input.exam);
    if exam <= today {
        return Err(PlanError::NoDaysLeft { exam, today });
    }
    let n_days = (exam - today).num_days() as usize;
    let (planned, done_in_window) = place_simulations(today, exam, input.simulations_done);
    let sim_today = input.simulations_done.contains(&today);
    let eve = add(exam, -1);
    let final_week = final_week_start(exam);
    let mut cards: BTreeMap<QuestionId, Memory> = input.memories.clone();
    let due_today = due::due_today(&cards, today, Some(exam), input.domain_rank);
    let mut days = Vec::with_capacity(n_days);
    for i in 0..n_days {
        let date = add(today, i as i64);
        let light = date == eve;
        let simulation = planned.contains(&date) || (i == 0 && sim_today);
        let mut items = due::due_on(cards.values(), date, input.domain_rank);
        // Today takes what `proctor drill --due` asks (the eve's half included). Today's
        // backlog sets a steady rate until it is worked off: a day after it takes no
        // fewer (the backlog would linger) and, unless more falls due, no more.
        let mut take = due_today.capacity;
        if i > 0 {
            take = take.max(due::capacity(items.len(), Some((exam - date).num_days())));
            if light {
                take = take.div_ceil(2);
            }
        }
        items.truncate(take);
        for it in &items {
            if let Some(m) = cards.get_mut(&it.question) {
                m.review(date, Grade::Good, Some(exam));
            }
        }
        let mut drill_n = if simulation {
            0
        } else if light {
            DAILY_DRILL / 2
        } else {
            DAILY_DRILL
        };
        if i == 0 {
            drill_n = drill_n.saturating_sub(input.drilled_today);
        }
        let drill = if drill_n == 0 {
            BTreeMap::new()
        } else {
            (input.split)(drill_n)
                .into_iter()
                .enumerate()
                .filter(|&(_, n)| n > 0)
                .filter_map(|(d, n)| input.domain_ids.get(d).map(|id| (id.clone(), n)))
                .collect()
        };
        days.push(PlanDay { date, due: items.len(), drill, simulation, light });
    }
    let missed: Vec<&Memory> = cards.values().filter(|m| m.ever_missed).collect();
    let without_final = missed.iter().filter(|m| m.last_day < final_week || m.last_day >= exam).count();
    let fit = fit(&days, n_days, done_in_window, &planned, missed.len(), without_final);
    Ok(Plan { today, exam, days, due_today, fit })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn fit(
    days: &[PlanDay],
    n_days: usize,
    done: usize,
    planned: &[NaiveDate],
    missed: usize,
    without_final: usize,
) -> Fit {
    let reviews: usize = days.iter().map(|d| d.due).sum();
    let drill: usize = days.iter().map(PlanDay::drill_total).sum();
    let sims = done + planned.len();
    let mut fits = vec![format!(
        "in {}: {}, {}, {}",
        plural(n_days, "day", "days"),
        plural(reviews, "review", "reviews"),
        plural(drill, "drill question", "drill questions"),
        plural(planned.len(), "full simulation", "full simulations"),
    )];
    if done > 0 {
        fits.push(format!("{} of the last 21 days taken already", plural(done, "simulation", "simulations")));
    }
    if missed > 0 && without_final == 0 {
        fits.push(format!(
            "every one of the {} comes up again in the final week",
            plural(missed, "missed or shaky question", "missed or shaky questions")
        ));
    }
    let mut does_not_fit = Vec::new();
    if sims < SIMULATIONS {
        does_not_fit.push(format!(
            "only {sims} of the {SIMULATIONS} full simulations: they need two days between them and none on the day before the exam"
        ));
    }
    if without_final > 0 {
        does_not_fit.push(format!(
            "{} cannot come up again in the final week at {} reviews a day",
            plural(without_final, "missed question", "missed questions"),
            due::MAX_DAILY_REVIEWS
        ));
    }
    if n_days < super::deadline::FINAL_WEEK_DAYS as usize {
        does_not_fit.push(format!(
            "reviews spaced out over weeks: all {} are in the final week, so each missed question comes back only a day or two later",
            plural(n_days, "day", "days")
        ));
    }
    Fit {
        days: n_days,
        simulations_wanted: SIMULATIONS,
        simulations_done: done,
        simulations_planned: planned.len(),
        reviews,
        drill_questions: drill,
        missed,
        missed_without_final_review: without_final,
        fits,
        does_not_fit,
    }
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
