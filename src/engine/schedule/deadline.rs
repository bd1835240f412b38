//! The exam date's say in the schedule: the retention asked of every review rises as the
//! date nears, and a missed or shaky question is never scheduled past it — it comes up
//! again before the date, and its last review before the exam falls in the final week.

use chrono::{Days, NaiveDate};

/// The final week: the days whose reviews the candidate carries into the exam.
pub const FINAL_WEEK_DAYS: u64 = 7;
/// The retention asked of a review far from the date (FSRS's usual target).
pub const BASE_RETENTION: f64 = 0.90;
/// The retention asked of a review on the eve of the exam.
pub const EVE_RETENTION: f64 = 0.95;
/// Over this many days before the date the retention rises from base to eve.
pub const RETENTION_RAMP_DAYS: i64 = 30;

/// The retention a review on `day` aims at: the base far from the date (or without one),
/// rising in a straight line over the last 30 days to the eve's. Higher retention means
/// shorter intervals: close to the date, forgetting costs more than an extra review.
pub fn retention(exam: Option<NaiveDate>, day: NaiveDate) -> f64 {
    let Some(exam) = exam else { return BASE_RETENTION };
    let left = (exam - day).num_days().clamp(0, RETENTION_RAMP_DAYS);
    EVE_RETENTION - (EVE_RETENTION - BASE_RETENTION) * left as f64 / RETENTION_RAMP_DAYS as f64
}

/// The first day of the final week before `exam`.
pub fn final_week_start(exam: NaiveDate) -> NaiveDate {
    exam.checked_sub_days(Days::new(FINAL_WEEK_DAYS)).unwrap_or(exam)
}

fn before(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

/// The next review of a question reviewed on `day`, which the scheduler alone would set
/// on `due`, with the exam date's caps:
/// - `at_risk` (just missed or shaky) before the final week, or `ever_missed`: not after
///   the second-to-last day before the exam, so the question is seen again in the final
///   week and the last day stays light;
/// - `at_risk` in the final week: not after the last day before the exam.
///
/// A question known well all along keeps its interval; so does everything reviewed on or
/// after the exam date, or without a date.
pub fn cap(day: NaiveDate, due: NaiveDate, at_risk: bool, ever_missed: bool, exam: Option<NaiveDate>) -> NaiveDate {
    let Some(exam) = exam else { return due };
    if day >= exam {
        return due;
    }
    let in_final_week = day >= final_week_start(exam);
    let latest = if !in_final_week && (at_risk || ever_missed) {
        before(exam, 2)
    } else if in_final_week && at_risk {
        before(exam, 1)
    } else {
        return due;
    };
    // Never on the day of the review itself: the question has just been seen.
    due.min(latest).max(day.succ_opt().unwrap_or(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn retention_rises_as_the_date_nears() {
        let exam = d("2026-03-31");
        assert_eq!(retention(None, d("2026-03-30")), BASE_RETENTION);
        assert_eq!(retention(Some(exam), d("2026-01-01")), BASE_RETENTION);
        let mut last = 0.0;
        for n in (0..=40).rev() {
            let r = retention(Some(exam), before(exam, n));
            assert!(r >= last, "{n} days before: {r} < {last}");
            last = r;
        }
        assert!((retention(Some(exam), exam) - EVE_RETENTION).abs() < 1e-12);
    }

    #[test]
    fn a_missed_question_is_never_scheduled_past_the_date() {
        let exam = d("2026-03-31");
        // Long before: into the final week, never on the light last day.
        assert_eq!(cap(d("2026-03-01"), d("2026-05-01"), true, true, Some(exam)), d("2026-03-29"));
        assert_eq!(cap(d("2026-03-01"), d("2026-03-05"), true, true, Some(exam)), d("2026-03-05"));
        // Known well now but missed once: still seen in the final week.
        assert_eq!(cap(d("2026-03-01"), d("2026-05-01"), false, true, Some(exam)), d("2026-03-29"));
        // In the final week, a miss comes back before the date; a good answer rests.
        assert_eq!(cap(d("2026-03-27"), d("2026-04-10"), true, true, Some(exam)), d("2026-03-30"));
        assert_eq!(cap(d("2026-03-27"), d("2026-04-10"), false, true, Some(exam)), d("2026-04-10"));
        // Never known to be weak: untouched.
        assert_eq!(cap(d("2026-03-01"), d("2026-05-01"), false, false, Some(exam)), d("2026-05-01"));
        assert_eq!(cap(d("2026-03-01"), d("2026-05-01"), true, true, None), d("2026-05-01"));
    }
}
