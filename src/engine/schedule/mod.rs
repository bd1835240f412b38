//! Studying to the exam date: spaced review of each question the candidate has answered
//! (FSRS, from the answer history of every mode), made aware of the exam date, and a dated
//! plan of reviews, drills and full simulations from today to the exam.
//!
//! - `grade`: an answer's evidence → Again / Hard / Good / Easy;
//! - `evidence`: the journals → graded reviews;
//! - `memory`: reviews → each question's memory state and next due day (the one module
//!   that names the FSRS crate);
//! - `deadline`: the date's caps on intervals and the rising retention;
//! - `due`: today's reviews, their order, and how many a day takes;
//! - `calendar`: the day-by-day plan, which reflows from the history each time.

pub mod calendar;
pub mod deadline;
pub mod due;
pub mod evidence;
pub mod grade;
pub mod memory;

pub use calendar::{Fit, Plan, PlanDay, PlanError, PlanInput};
pub use due::{DueItem, DueToday};
pub use grade::Grade;
pub use memory::{Memory, Replay, Review};

use crate::engine::plan::WeakDomain;

/// Per bank domain, its place in the weakness ranking `ranked` (0: the weakest).
pub fn domain_rank(ranked: &[WeakDomain], domains: usize) -> Vec<usize> {
    let mut rank = vec![usize::MAX; domains];
    for (place, w) in ranked.iter().enumerate() {
        if let Some(r) = rank.get_mut(w.domain) {
            *r = place;
        }
    }
    rank
}

#[cfg(test)]
mod simulate_tests;
