//! The review evidence of one bank, read from the session journals: every answer of every
//! session (simulations and drills, finished, interrupted or running), graded.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::grade::grade;
use super::memory::Review;
use crate::engine::bank::{Bank, QuestionId};
use crate::engine::history::Stored;
use crate::engine::session::Unanswered;

/// The bank's pace: seconds per question of its own full simulation.
pub fn pace_secs(bank: &Bank) -> f64 {
    f64::from(bank.exam.minutes) * 60.0 / f64::from(bank.exam.questions.max(1))
}

/// The reviews of `bank` in `sessions`, with `day_of` turning a moment into the
/// candidate's calendar day. Not evidence, and left out: questions the candidate never
/// reached (abandoned before them, or time ran out with no second on them), and questions
/// no longer in the bank.
pub fn reviews(bank: &Bank, sessions: &[Stored], day_of: impl Fn(DateTime<Utc>) -> NaiveDate) -> Vec<Review> {
    let index: HashMap<&QuestionId, usize> = bank.questions.iter().enumerate().map(|(i, q)| (&q.id, i)).collect();
    let pace = pace_secs(bank);
    let mut out = Vec::new();
    let mut ordered: Vec<&Stored> = sessions.iter().filter(|s| s.start.bank_id == bank.exam.id).collect();
    ordered.sort_by(|a, b| (a.start.started_at, a.id()).cmp(&(b.start.started_at, b.id())));
    for s in ordered {
        for a in s.complete_answers() {
            let reached = match a.unanswered {
                Some(Unanswered::Abandoned) => false,
                Some(Unanswered::Time) => a.seconds > 0.0,
                _ => true,
            };
            let Some(&i) = index.get(&a.question) else { continue };
            if reached {
                out.push(Review {
                    question: a.question.clone(),
                    index: i,
                    domain: bank.questions[i].domain,
                    day: day_of(a.at),
                    grade: grade(&a, pace),
                    mode: s.start.mode,
                });
            }
        }
    }
    out
}
