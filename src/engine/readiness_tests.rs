//! Readiness on constructed histories: verdict boundaries, streaks, rates and trends.

use super::*;
use crate::engine::session::FinishReason;
use crate::engine::testing::{bank, sim};

/// 10 questions: 5 net, 3 cloud, 2 end; `c` correct overall spread to keep every domain passing.
fn at(n: i64, correct: usize) -> Summary {
    // Fill the domains in order, each up to its size.
    let sizes = [5, 3, 2];
    let mut left = correct;
    let d: Vec<(usize, usize)> = sizes
        .iter()
        .map(|&s| {
            let c = left.min(s);
            left -= c;
            (c, s)
        })
        .collect();
    sim(n, &d)
}

#[test]
fn exactly_at_target_three_times_is_ready() {
    let b = bank(10);
    // 8/10 = 80% = target; domains 5/5, 3/3, 0/2 would fail a domain, so spread evenly.
    let s: Vec<Summary> = (0..3).map(|n| sim(n, &[(4, 5), (2, 3), (2, 2)])).collect();
    let r = assess(&b, &s, Config::default());
    assert_eq!(r.target, 80);
    assert_eq!(r.streak, 3);
    assert_eq!(r.verdict.kind, VerdictKind::NotYet, "{:?}", r.verdict);
    // Cloud at 2/3 = 66.7% is below passing: the reason says so.
    assert!(r.verdict.reasons.iter().any(|x| x == "Cloud at 67% in the latest, below 70%"), "{:?}", r.verdict.reasons);
    let s: Vec<Summary> = (0..3).map(|n| sim(n, &[(4, 5), (3, 3), (1, 2)])).collect();
    let r = assess(&b, &s, Config::default());
    // Endpoint 1/2 = 50%.
    assert_eq!(r.verdict.kind, VerdictKind::NotYet);
    let s: Vec<Summary> = (0..3).map(|n| sim(n, &[(4, 5), (3, 3), (2, 2)])).collect();
    // 9/10 with net 4/5 = 80%: ready.
    assert_eq!(assess(&b, &s, Config::default()).verdict.kind, VerdictKind::Ready);
}

#[test]
fn one_below_target_in_the_last_three_is_not_yet() {
    let b = bank(10);
    let s = vec![at(0, 9), at(1, 7), at(2, 9)];
    let r = assess(&b, &s, Config::default());
    assert_eq!(r.verdict.kind, VerdictKind::NotYet);
    assert!(r.verdict.reasons.contains(&"2 of the last 3 at or above 80%".to_owned()), "{:?}", r.verdict.reasons);
    assert_eq!(r.streak, 1);
    assert_eq!(r.rate_last_n, (2, 3));
}

#[test]
fn fewer_than_k_sessions_is_not_enough_data() {
    let b = bank(10);
    let r = assess(&b, &[at(0, 10), at(1, 10)], Config::default());
    assert_eq!(r.verdict.kind, VerdictKind::NotEnoughData);
    let r = assess(&b, &[at(0, 10), at(1, 10)], Config { streak: 2, ..Config::default() });
    assert_eq!(r.verdict.kind, VerdictKind::Ready);
}

#[test]
fn a_streak_of_one_reads_in_the_singular() {
    let b = bank(10);
    let one = Config { streak: 1, ..Config::default() };
    let r = assess(&b, &[], one);
    assert_eq!(r.verdict.reasons, vec!["0 of the 1 full-length timed simulation needed so far; take 1 more"]);
    let r = assess(&b, &[at(0, 10)], one);
    assert_eq!(r.verdict.reasons, vec!["the last full simulation at or above 80%, and no domain below 70%"]);
}

#[test]
fn abandoned_shortened_and_drills_are_not_counted() {
    let b = bank(10);
    let mut abandoned = at(3, 10);
    abandoned.finish = Some(FinishReason::Abandoned);
    let mut short = at(4, 10);
    short.full_length = false;
    let mut drill = at(5, 10);
    drill.mode = Mode::Drill;
    let mut interrupted = at(6, 10);
    interrupted.finish = None;
    let s = vec![at(0, 9), at(1, 9), at(2, 6), abandoned, short, drill, interrupted];
    let r = assess(&b, &s, Config::default());
    assert_eq!(r.scores.len(), 3);
    assert_eq!(r.streak, 0);
    assert_eq!(r.verdict.kind, VerdictKind::NotYet);
}

#[test]
fn rates_cover_the_last_n_and_all_time() {
    let b = bank(10);
    let s: Vec<Summary> = [9, 9, 5, 9, 9, 9, 6].iter().enumerate().map(|(i, &c)| at(i as i64, c)).collect();
    let r = assess(&b, &s, Config::default());
    assert_eq!(r.rate_last_n, (3, 5));
    assert_eq!(r.rate_all, (5, 7));
    assert_eq!(r.streak, 0);
    let r = assess(&b, &s, Config { buffer: Some(0), ..Config::default() });
    assert_eq!(r.target, 70);
}

#[test]
fn trends_follow_the_least_squares_slope() {
    assert_eq!(trend(&[50.0, 60.0, 70.0]), Trend::Rising);
    assert_eq!(trend(&[70.0, 60.0, 50.0]), Trend::Falling);
    assert_eq!(trend(&[60.0, 60.5, 60.0, 61.0]), Trend::Flat);
    assert_eq!(trend(&[60.0]), Trend::Flat);
    assert!((slope(&[1.0, 2.0, 3.0]) - 1.0).abs() < 1e-9);
    let b = bank(10);
    let s =
        vec![sim(0, &[(2, 5), (3, 3), (2, 2)]), sim(1, &[(3, 5), (3, 3), (2, 2)]), sim(2, &[(5, 5), (2, 3), (2, 2)])];
    let r = assess(&b, &s, Config::default());
    assert_eq!(r.domains[0].trend, Trend::Rising);
    assert_eq!(r.domains[1].trend, Trend::Falling);
    assert_eq!(r.domains[2].trend, Trend::Flat);
    assert_eq!(r.domains[0].last, vec![40.0, 60.0, 100.0]);
}

/// 90 answers in 30 seconds counted as a full simulation.
#[test]
fn a_rushed_simulation_does_not_count_and_says_why() {
    let b = bank(10);
    let mut rushed = at(3, 10);
    rushed.rushed = true;
    let r = assess(&b, &[at(0, 9), at(1, 9), rushed], Config::default());
    assert_eq!(r.scores.len(), 2, "the rushed one is not among the counted scores");
    assert_eq!(r.verdict.kind, VerdictKind::NotEnoughData);
    assert_eq!(r.not_counted.len(), 1);
    assert!(!r.not_counted[0].counted);
    assert!(r.not_counted[0].reason.is_some_and(|why| why.starts_with("rushed")), "{:?}", r.not_counted[0].reason);
}

#[test]
fn three_fresh_simulations_at_or_above_target_are_ready_and_carry_their_fresh_scores() {
    let b = bank(10);
    let fresh = |n: i64| {
        let mut s = at(n, 10);
        s.new_questions = Some(10);
        s.fresh_score = Some(100.0);
        for d in &mut s.domains {
            d.fresh = Some((d.asked, d.correct));
        }
        s
    };
    let r = assess(&b, &[fresh(0), fresh(1), fresh(2)], Config::default());
    assert!(r.estimate.pass_probability.is_some_and(|p| p >= 0.8), "{:?}", r.estimate);
    assert_eq!(r.verdict.kind, VerdictKind::Ready);
    assert!(r.scores.iter().all(|p| p.counted && p.reason.is_none() && p.new_questions == Some(10)));
    assert!(r.not_counted.is_empty());
}

#[test]
fn three_high_scores_on_repeated_questions_are_not_ready() {
    let b = bank(10);
    let repeated = |n: i64| {
        let mut s = at(n, 10);
        s.new_questions = Some(2);
        for d in &mut s.domains {
            d.fresh = Some((0, 0));
        }
        s
    };
    let r = assess(&b, &[repeated(0), repeated(1), repeated(2)], Config::default());
    assert_eq!(r.verdict.kind, VerdictKind::NotYet);
    assert!(
        r.verdict.reasons.iter().any(|w| w.contains("rest mostly on questions you had seen before")),
        "{:?}",
        r.verdict
    );
}

#[test]
fn the_chance_of_passing_is_kept_after_each_counted_simulation() {
    let b = bank(10);
    let fresh = |n: i64, c: usize| {
        let mut s = at(n, c);
        for d in &mut s.domains {
            d.fresh = Some((d.asked, d.correct));
        }
        s
    };
    let r = assess(&b, &[fresh(0, 4), fresh(1, 6), fresh(2, 8), fresh(3, 10)], Config::default());
    assert_eq!(r.estimate_trend.len(), 4);
    let known: Vec<f64> = r.estimate_trend.iter().flatten().copied().collect();
    assert!(known.len() >= 2 && known.windows(2).all(|w| w[1] >= w[0]), "rising scores, rising chance: {known:?}");
    assert_eq!(r.estimate_trend.last().copied().flatten(), r.estimate.pass_probability);
}

/// Sessions of another bank that reuses this bank's id (a user bank named `netfund-quick`)
/// made the bundled bank "Ready": a session belongs to a bank by id and content family.
#[test]
fn readiness_was_keyed_by_bank_id_alone() {
    let b = bank(10);
    let mut sessions: Vec<Summary> = (0..3).map(|n| at(n, 10)).collect();
    for s in &mut sessions {
        s.family = Some(crate::engine::bank::family_of(["other", "domains"]));
    }
    let r = assess(&b, &sessions, Config::default());
    assert!(r.scores.is_empty(), "another blueprint's sessions do not count here");
    assert_ne!(r.verdict.kind, VerdictKind::Ready);
    for s in &mut sessions {
        s.family = Some(b.key().family);
    }
    let r = assess(&b, &sessions, Config::default());
    assert_eq!(r.scores.len(), 3, "this blueprint's sessions do");
    // Index entries written before families were recorded still count by id.
    sessions.iter_mut().for_each(|s| s.family = None);
    assert_eq!(assess(&b, &sessions, Config::default()).scores.len(), 3);
    assert_eq!(b.key().family, crate::engine::bank::family_of(["end", "net", "cloud"]), "in any order");
}
