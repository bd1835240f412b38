//! The dated plan on constructed histories: where the simulations go for dates 10, 21 and
//! 60 days away, what 3 days can and cannot hold, the light eve, and the reflow after
//! skipped days and after work done ahead.

use super::*;
use crate::engine::bank::QuestionId;
use crate::engine::schedule::memory::{Review, replay};
use crate::engine::session::Mode;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// `n` questions answered on `day`, the first `missed` of them wrongly.
fn answered(day: NaiveDate, n: usize, missed: usize) -> Vec<Review> {
    (0..n)
        .map(|i| Review {
            question: QuestionId(format!("q{i}")),
            index: i,
            domain: i % 3,
            day,
            grade: if i < missed { Grade::Again } else { Grade::Good },
            mode: Mode::Simulation,
        })
        .collect()
}

fn ids() -> Vec<String> {
    vec!["net".into(), "cloud".into(), "end".into()]
}

/// 70% on `net`, the weak domain, the rest on the others.
fn split(n: usize) -> Vec<usize> {
    let weak = (n as f64 * 0.7).round() as usize;
    vec![weak, (n - weak).div_ceil(2), (n - weak) / 2]
}

fn plan_for(reviews: &[Review], today: NaiveDate, exam: NaiveDate, sims: &[NaiveDate], drilled: usize) -> Plan {
    let r = replay(reviews, Some(exam));
    let ids = ids();
    let input = PlanInput {
        today,
        exam,
        memories: &r.memories,
        domain_rank: &[0, 1, 2],
        domain_ids: &ids,
        split: &split,
        simulations_done: sims,
        drilled_today: drilled,
    };
    plan(&input).expect("plan")
}

fn sim_days(p: &Plan) -> Vec<NaiveDate> {
    p.days.iter().filter(|x| x.simulation).map(|x| x.date).collect()
}

fn assert_simulations_as_stated(p: &Plan) {
    let sims = sim_days(p);
    assert!(sims.len() >= SIMULATIONS, "{sims:?}");
    let window = p.exam.checked_sub_days(Days::new(SIMULATION_WINDOW_DAYS)).expect("window");
    let eve = p.exam.pred_opt().expect("eve");
    for w in sims.windows(2) {
        assert!((w[1] - w[0]).num_days() >= MIN_SIMULATION_GAP, "{sims:?}: too close");
    }
    assert!(sims.iter().all(|s| *s >= window && *s >= p.today && *s < eve), "{sims:?}: outside the window");
}

#[test]
fn simulations_are_placed_in_the_last_21_days_two_apart_and_never_on_the_eve() {
    let today = d("2026-03-01");
    let history = answered(d("2026-02-28"), 60, 24);
    for days in [10, 21, 60] {
        let exam = today.checked_add_days(Days::new(days)).expect("date");
        let p = plan_for(&history, today, exam, &[], 0);
        assert_eq!(p.days.len(), days as usize, "one row per day from today to the eve");
        assert_eq!(p.days.first().map(|x| x.date), Some(today));
        assert_simulations_as_stated(&p);
        assert!(p.fit.does_not_fit.is_empty(), "{days} days: {:?}", p.fit.does_not_fit);
        // The eve is light: half the drill of an ordinary day, no simulation.
        let eve = p.days.last().expect("eve");
        assert!(eve.light && !eve.simulation);
        assert_eq!(eve.drill_total(), DAILY_DRILL / 2);
        let ordinary = p.days.iter().find(|x| !x.simulation && !x.light).expect("an ordinary day");
        assert_eq!(ordinary.drill_total(), DAILY_DRILL);
        // 70/30 on an ordinary day: 14 on the weak domain.
        assert_eq!(ordinary.drill.get("net"), Some(&14));
        assert!(p.days.iter().filter(|x| x.simulation).all(|x| x.drill.is_empty()));
    }
    // The stated days: 10 away → today, 4 and 7 days on; 21 and 60 → 21, 12 and 3 days
    // before the exam.
    let exam = d("2026-03-11");
    assert_eq!(sim_days(&plan_for(&history, today, exam, &[], 0)), [d("2026-03-01"), d("2026-03-05"), d("2026-03-08")]);
    let exam = d("2026-04-30");
    assert_eq!(sim_days(&plan_for(&history, today, exam, &[], 0)), [d("2026-04-09"), d("2026-04-18"), d("2026-04-27")]);
}

#[test]
fn every_missed_question_comes_up_again_in_the_final_week() {
    let today = d("2026-03-01");
    let history = answered(d("2026-02-28"), 60, 24);
    for days in [10, 21, 60] {
        let exam = today.checked_add_days(Days::new(days)).expect("date");
        let p = plan_for(&history, today, exam, &[], 0);
        assert_eq!(p.fit.missed, 24);
        assert_eq!(p.fit.missed_without_final_review, 0, "{days} days");
        assert!(p.fit.fits.iter().any(|f| f.contains("every one of the 24 missed or shaky questions")), "{:?}", p.fit);
    }
}

#[test]
fn three_days_out_the_plan_says_what_it_can_and_cannot_fit() {
    let today = d("2026-03-01");
    let history = answered(d("2026-02-28"), 60, 24);
    let p = plan_for(&history, today, d("2026-03-04"), &[], 0);
    assert_eq!(p.days.len(), 3);
    assert_eq!(sim_days(&p), [today], "one simulation, today, two days before the eve");
    assert_eq!((p.fit.simulations_planned, p.fit.simulations_wanted), (1, 3));
    assert_eq!(p.fit.fits[0], format!("in 3 days: {} reviews, 30 drill questions, 1 full simulation", p.fit.reviews));
    assert!(p.fit.reviews >= 24, "the missed questions are reviewed: {}", p.fit.reviews);
    assert_eq!(
        p.fit.does_not_fit,
        [
            "only 1 of the 3 full simulations: they need two days between them and none on the day before the exam",
            "reviews spaced out over weeks: all 3 days are in the final week, so each missed question comes back only a day or two later",
        ]
    );
    // The exam today or past: no plan.
    let r = replay(&history, None);
    let ids = ids();
    let input = PlanInput {
        today,
        exam: today,
        memories: &r.memories,
        domain_rank: &[0, 1, 2],
        domain_ids: &ids,
        split: &split,
        simulations_done: &[],
        drilled_today: 0,
    };
    assert_eq!(plan(&input), Err(PlanError::NoDaysLeft { exam: today, today }));
}

#[test]
fn skipped_days_reflow_without_stacking_onto_one_day() {
    let start = d("2026-03-01");
    let exam = d("2026-03-26");
    // 120 questions answered on the 1st, half of them wrongly.
    let history = answered(start, 120, 60);
    let first = plan_for(&history, d("2026-03-02"), exam, &[], 0);
    assert_eq!(sim_days(&first), [d("2026-03-05"), d("2026-03-14"), d("2026-03-23")]);
    // Five days skipped: on the 7th everything is due at once...
    let today = d("2026-03-07");
    let p = plan_for(&history, today, exam, &[], 0);
    let backlog = p.due_today.backlog;
    assert_eq!(backlog, 120);
    // ...but today takes a steady share, and so do the next days, until it is worked off.
    assert_eq!(p.days[0].due, due::capacity(backlog, Some(19)));
    assert!(p.days[0].due < backlog / 2, "stacked: {} of {backlog}", p.days[0].due);
    let max = p.days.iter().map(|x| x.due).max().expect("days");
    assert!(max <= p.days[0].due, "no later day takes more than today: {max}");
    let first_four: usize = p.days[..4].iter().map(|x| x.due).sum();
    assert!(first_four >= backlog, "the backlog is worked off in four days: {first_four} of {backlog}");
    // The missed simulation is placed again from today, still as stated.
    assert_eq!(sim_days(&p), [d("2026-03-07"), d("2026-03-15"), d("2026-03-23")]);
    assert_simulations_as_stated(&p);
    // The drill of a skipped day is not added to today's.
    assert!(p.days.iter().all(|x| x.drill_total() <= DAILY_DRILL));
}

#[test]
fn work_done_ahead_is_taken_off_what_comes() {
    let exam = d("2026-03-26");
    let history = answered(d("2026-03-01"), 120, 60);
    let today = d("2026-03-07");
    // A simulation taken today: the other two are spaced from it.
    let p = plan_for(&history, today, exam, &[today], 0);
    assert!(p.days[0].simulation && p.days[0].drill.is_empty());
    assert_eq!(sim_days(&p), [d("2026-03-07"), d("2026-03-15"), d("2026-03-23")]);
    let p = plan_for(&history, d("2026-03-08"), exam, &[today], 0);
    assert_eq!(sim_days(&p), [d("2026-03-15"), d("2026-03-23")]);
    assert_eq!(p.fit.simulations_done, 1);
    // Three taken already: none left to place.
    let p = plan_for(&history, d("2026-03-17"), exam, &[d("2026-03-08"), d("2026-03-12"), d("2026-03-16")], 0);
    assert!(sim_days(&p).is_empty());
    assert!(p.fit.does_not_fit.is_empty(), "{:?}", p.fit.does_not_fit);
    // Drill questions already answered today come off today's drill only.
    let p = plan_for(&history, d("2026-03-08"), exam, &[today], 15);
    assert_eq!(p.days[0].drill_total(), DAILY_DRILL - 15);
    assert_eq!(p.days[1].drill_total(), DAILY_DRILL);
    // Reviews done today: the backlog that is left is smaller.
    let mut done = history.clone();
    done.extend(answered(d("2026-03-08"), 40, 0));
    let ahead = plan_for(&done, d("2026-03-08"), exam, &[], 0);
    let behind = plan_for(&history, d("2026-03-08"), exam, &[], 0);
    assert!(ahead.due_today.backlog < behind.due_today.backlog);
}

#[test]
fn todays_row_is_what_the_due_drill_asks_the_eve_included() {
    let history = answered(d("2026-03-01"), 120, 60);
    for today in ["2026-03-05", "2026-03-25"] {
        let p = plan_for(&history, d(today), d("2026-03-26"), &[], 0);
        assert_eq!(p.days[0].due, p.due_today.items.len(), "{today}");
    }
    let eve = plan_for(&history, d("2026-03-25"), d("2026-03-26"), &[], 0);
    assert_eq!(eve.due_today.capacity, due::capacity(120, Some(1)).div_ceil(2));
}
