//! Which reviews are due on a day, in which order, and how many a day takes: most overdue
//! first, the weak domains first among equals; a backlog (days skipped) is spread over the
//! next few days at a steady daily number, never stacked onto one day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::memory::Memory;
use crate::engine::bank::QuestionId;

/// A day takes at least this many reviews when that many are due.
pub const MIN_DAILY_REVIEWS: usize = 20;
/// And never more than this: past it a sitting stops teaching.
pub const MAX_DAILY_REVIEWS: usize = 80;
/// A backlog is worked off over this many days (fewer when the exam is closer).
pub const CATCH_UP_DAYS: usize = 4;

/// One review due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub question: QuestionId,
    #[serde(skip)]
    pub index: usize,
    #[serde(skip)]
    pub domain: usize,
    pub due: NaiveDate,
    /// Days past its day (0: due today).
    pub overdue: i64,
}

/// How many reviews a day takes with `backlog` due and `days_left` before the exam (if
/// there is a date): the backlog spread over the catch-up days, within the daily bounds.
pub fn capacity(backlog: usize, days_left: Option<i64>) -> usize {
    let spread = days_left.map_or(CATCH_UP_DAYS, |d| usize::try_from(d.max(1)).unwrap_or(1).min(CATCH_UP_DAYS));
    backlog.div_ceil(spread).clamp(MIN_DAILY_REVIEWS, MAX_DAILY_REVIEWS)
}

/// Every question due on or before `day`, most overdue first, then by the domain's place in
/// `domain_rank` (its index in the weakness ranking: 0 is the weakest), then bank order.
pub fn due_on<'a>(
    memories: impl IntoIterator<Item = &'a Memory>,
    day: NaiveDate,
    domain_rank: &[usize],
) -> Vec<DueItem> {
    let mut out: Vec<DueItem> = memories
        .into_iter()
        .filter(|m| m.due <= day)
        .map(|m| DueItem {
            question: m.question.clone(),
            index: m.index,
            domain: m.domain,
            due: m.due,
            overdue: (day - m.due).num_days(),
        })
        .collect();
    let rank = |d: usize| domain_rank.get(d).copied().unwrap_or(usize::MAX);
    out.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(rank(a.domain).cmp(&rank(b.domain))).then(a.index.cmp(&b.index)));
    out
}

/// Today's reviews: the first `capacity` of what is due.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueToday {
    pub items: Vec<DueItem>,
    /// Everything due on or before today (more than `items` after days skipped).
    pub backlog: usize,
    pub capacity: usize,
}

/// The reviews of `today`, with the exam on `exam` when there is one.
pub fn due_today(
    memories: &BTreeMap<QuestionId, Memory>,
    today: NaiveDate,
    exam: Option<NaiveDate>,
    domain_rank: &[usize],
) -> DueToday {
    let mut items = due_on(memories.values(), today, domain_rank);
    let backlog = items.len();
    let mut capacity = capacity(backlog, exam.map(|e| (e - today).num_days()));
    // The eve of the exam is a light day: half as many.
    if exam.is_some_and(|e| (e - today).num_days() == 1) {
        capacity = capacity.div_ceil(2);
    }
    items.truncate(capacity);
    DueToday { items, backlog, capacity }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::grade::Grade;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn mem(i: usize, domain: usize, due: &str) -> Memory {
        let mut m = Memory::new(QuestionId(format!("q{i}")), i, domain, d("2026-02-01"));
        m.review(d("2026-02-01"), Grade::Again, None);
        m.due = d(due);
        m
    }

    #[test]
    fn most_overdue_first_weak_domains_first_among_equals() {
        let ms = [mem(0, 0, "2026-03-03"), mem(1, 1, "2026-03-03"), mem(2, 0, "2026-03-01"), mem(3, 2, "2026-03-04")];
        // Domain 1 is the weakest, then 0.
        let rank = [1, 0, 2];
        let due = due_on(ms.iter(), d("2026-03-03"), &rank);
        let ids: Vec<&str> = due.iter().map(|x| x.question.0.as_str()).collect();
        assert_eq!(ids, ["q2", "q1", "q0"]);
        assert_eq!(due[0].overdue, 2);
    }

    #[test]
    fn a_backlog_is_spread_not_stacked() {
        assert_eq!(capacity(5, None), MIN_DAILY_REVIEWS);
        assert_eq!(capacity(120, None), 30);
        assert_eq!(capacity(120, Some(2)), 60);
        assert_eq!(capacity(1000, Some(30)), MAX_DAILY_REVIEWS);
    }
}
