//! The memory state of each question, replayed from its answer history with FSRS (the
//! `rs-fsrs` scheduler; the only module that names it, so it can be swapped).
//!
//! Reviews are counted in whole days: each is placed at noon UTC of the candidate's own
//! calendar day (the caller converts), so that "due on Friday" means the candidate's
//! Friday and the same history always gives the same state.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating, Seed};
use serde::Serialize;

use super::deadline;
use super::grade::Grade;
use crate::engine::bank::QuestionId;
use crate::engine::session::Mode;

/// FSRS-5's default weights, as `rs-fsrs` 1.2 ships them. Spelled out because
/// `Parameters::default()` seeds its interval fuzz from the system clock, and the engine
/// reads no clock (fuzz is off here anyway: the same history must give the same days).
const WEIGHTS: [f64; 19] = [
    0.4072, 1.1829, 3.1262, 15.4722, 7.2102, 0.5316, 1.0651, 0.0234, 1.616, 0.1544, 1.0824, 1.9813, 0.0953, 0.2975,
    2.2042, 0.2407, 2.9466, 0.5034, 0.6567,
];
/// No interval longer than this many days: a practice bank is not kept for decades.
const MAX_INTERVAL_DAYS: i32 = 365;

/// One answer as review evidence: which question, on which of the candidate's days, how
/// well, and in which mode (a drill's answers feed the schedule like a simulation's).
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub question: QuestionId,
    /// Index of the question in the bank (a stable order among equals).
    pub index: usize,
    pub domain: usize,
    pub day: NaiveDate,
    pub grade: Grade,
    pub mode: Mode,
}

/// What the schedule knows of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Memory {
    pub question: QuestionId,
    #[serde(skip)]
    pub index: usize,
    #[serde(skip)]
    pub domain: usize,
    /// The day it is next due (the exam date's caps applied).
    pub due: NaiveDate,
    pub last_day: NaiveDate,
    pub last_grade: Grade,
    /// Days for recall to fall to 90% (FSRS's stability).
    pub stability: f64,
    pub difficulty: f64,
    pub reviews: usize,
    /// Answered wrongly or shakily at least once: it is seen again in the final week.
    pub ever_missed: bool,
    #[serde(skip)]
    card: Card,
}

fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)).and_utc()
}

fn rating(g: Grade) -> Rating {
    match g {
        Grade::Again => Rating::Again,
        Grade::Hard => Rating::Hard,
        Grade::Good => Rating::Good,
        Grade::Easy => Rating::Easy,
    }
}

/// The scheduler asked for `retention`: whole-day steps only (no same-day learning
/// steps: the candidate practises once a day), no fuzz.
fn scheduler(retention: f64) -> FSRS {
    FSRS::new(Parameters {
        request_retention: retention,
        maximum_interval: MAX_INTERVAL_DAYS,
        w: WEIGHTS,
        decay: Parameters::DECAY,
        factor: Parameters::FACTOR,
        enable_short_term: false,
        enable_fuzz: false,
        seed: Seed::Empty,
    })
}

impl Memory {
    /// A question met for the first time on `day`.
    pub fn new(question: QuestionId, index: usize, domain: usize, day: NaiveDate) -> Memory {
        let t = noon(day);
        Memory {
            question,
            index,
            domain,
            due: day,
            last_day: day,
            last_grade: Grade::Again,
            stability: 0.0,
            difficulty: 0.0,
            reviews: 0,
            ever_missed: false,
            card: Card { due: t, last_review: t, ..Card::default() },
        }
    }

    /// Takes in a review on `day` graded `grade`, with the exam date's caps when given.
    pub fn review(&mut self, day: NaiveDate, grade: Grade, exam: Option<NaiveDate>) {
        // A journal read out of order (a clock set back) never moves time backwards.
        let day = day.max(self.last_day);
        let info = scheduler(deadline::retention(exam, day)).next(self.card.clone(), noon(day), rating(grade));
        self.card = info.card;
        self.ever_missed |= grade.at_risk();
        let interval = u64::try_from(self.card.scheduled_days.max(1)).unwrap_or(1);
        let free = day.checked_add_days(Days::new(interval)).unwrap_or(day);
        self.due = deadline::cap(day, free, grade.at_risk(), self.ever_missed, exam);
        self.last_day = day;
        self.last_grade = grade;
        self.stability = self.card.stability;
        self.difficulty = self.card.difficulty;
        self.reviews += 1;
    }

    /// Missed or shaky at the last answer.
    pub fn at_risk(&self) -> bool {
        self.last_grade.at_risk()
    }

    /// The chance of recall on `day`, as the model sees it.
    pub fn recall(&self, day: NaiveDate) -> f64 {
        if self.reviews == 0 {
            return 0.0;
        }
        let elapsed = (day - self.last_day).num_days().max(0) as f64;
        Parameters::forgetting_curve(elapsed, self.stability.max(0.01))
    }
}

/// Every question's memory state, and what the answers of each day were for the plan.
#[derive(Debug, Clone, Default)]
pub struct Replay {
    pub memories: BTreeMap<QuestionId, Memory>,
    /// Per day, answers given in drills to questions that were not due then (new ones, or
    /// ahead of their day): the day's drill work, apart from its due reviews.
    pub drilled: BTreeMap<NaiveDate, usize>,
    /// Per day, answers to questions that were due then (any mode).
    pub reviewed: BTreeMap<NaiveDate, usize>,
}

/// Replays `reviews` (in any order: they are taken day by day, in the order given
/// within a day) into memory states, with the caps of the exam date `exam`. Derived from
/// the answers every time, the state can never disagree with the history.
pub fn replay(reviews: &[Review], exam: Option<NaiveDate>) -> Replay {
    let mut order: Vec<&Review> = reviews.iter().collect();
    order.sort_by_key(|r| r.day);
    let mut out = Replay::default();
    for r in order {
        let m = out
            .memories
            .entry(r.question.clone())
            .or_insert_with(|| Memory::new(r.question.clone(), r.index, r.domain, r.day));
        let was_due = m.reviews > 0 && m.due <= r.day;
        if was_due {
            *out.reviewed.entry(r.day).or_default() += 1;
        } else if r.mode == Mode::Drill {
            *out.drilled.entry(r.day).or_default() += 1;
        }
        m.review(r.day, r.grade, exam);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn rev(q: &str, day: &str, grade: Grade) -> Review {
        Review { question: QuestionId(q.into()), index: 0, domain: 0, day: d(day), grade, mode: Mode::Drill }
    }

    #[test]
    fn a_miss_comes_back_the_next_day_and_good_answers_space_out() {
        let r = replay(&[rev("a", "2026-03-01", Grade::Again), rev("b", "2026-03-01", Grade::Good)], None);
        let a = &r.memories[&QuestionId("a".into())];
        let b = &r.memories[&QuestionId("b".into())];
        assert_eq!(a.due, d("2026-03-02"));
        assert!(b.due > d("2026-03-02"), "{}", b.due);
        assert!(a.ever_missed && !b.ever_missed);
        // Each further good answer lengthens the interval.
        let mut m = b.clone();
        let mut gap = (m.due - m.last_day).num_days();
        for _ in 0..4 {
            let day = m.due;
            m.review(day, Grade::Good, None);
            let next = (m.due - m.last_day).num_days();
            assert!(next > gap, "{next} after {gap}");
            gap = next;
        }
    }

    /// Over every review day up to the eve of the exam, and whatever the FSRS interval, a
    /// question just missed is due again before the date.
    #[test]
    fn intervals_never_cross_the_deadline_for_missed_questions() {
        let exam = d("2026-03-31");
        let mut day = d("2026-01-01");
        while day < exam {
            let mut m = Memory::new(QuestionId("q".into()), 0, 0, day);
            // Known well for a long time, then missed on `day`.
            let start = d("2025-06-01");
            m.review(start, Grade::Easy, Some(exam));
            m.review(d("2025-09-01"), Grade::Easy, Some(exam));
            m.review(day, Grade::Again, Some(exam));
            assert!(m.due < exam || day == exam.pred_opt().expect("eve"), "missed on {day}: due {}", m.due);
            // However well it goes after, its last review before the exam is in the final week.
            let mut last = day;
            while m.due < exam {
                last = m.due;
                let next = m.due;
                m.review(next, Grade::Easy, Some(exam));
            }
            assert!(last >= deadline::final_week_start(exam) || last == day, "missed on {day}: last review {last}");
            day = day.succ_opt().expect("next day");
        }
    }

    #[test]
    fn the_drill_work_of_a_day_is_what_was_not_due() {
        let reviews = [
            rev("a", "2026-03-01", Grade::Again),
            rev("b", "2026-03-01", Grade::Good),
            // a is due on the 2nd; b not yet; c is new.
            rev("a", "2026-03-02", Grade::Good),
            rev("b", "2026-03-02", Grade::Good),
            rev("c", "2026-03-02", Grade::Good),
        ];
        let r = replay(&reviews, None);
        assert_eq!(r.reviewed.get(&d("2026-03-02")), Some(&1));
        assert_eq!(r.drilled.get(&d("2026-03-02")), Some(&2));
        assert_eq!(r.drilled.get(&d("2026-03-01")), Some(&2));
    }
}
