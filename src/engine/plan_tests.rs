//! Weak-domain ranking and the 70/30 drill split on constructed histories.

use super::*;
use crate::engine::testing::{bank, sim};

#[test]
fn ranking_is_weight_times_shortfall() {
    let b = bank(20);
    // net 3/5 = 60% (50 × 20 = 1000), cloud 1/3 = 33.3% (30 × 46.7 = 1400), end 2/2 (0).
    let s = vec![sim(0, &[(3, 5), (1, 3), (2, 2)])];
    let r = rank_domains(&b, &s, 5, 80, &[]);
    assert_eq!(r.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), vec!["cloud", "net", "end"]);
    assert!(r[0].weak && r[1].weak && !r[2].weak);
    assert!((r[1].rank - 1000.0).abs() < 1e-9);
}

#[test]
fn each_answer_of_the_last_n_counts_once_and_reports_fill_gaps() {
    let b = bank(20);
    let s = vec![sim(0, &[(0, 5), (3, 3), (0, 0)]), sim(1, &[(5, 5), (3, 3), (0, 0)])];
    let r = rank_domains(&b, &s, 5, 80, &[ReportedDomain { id: "end".into(), percent: 40.0 }]);
    let net = r.iter().find(|w| w.id == "net").expect("net");
    assert_eq!((net.answered, net.recent), (10, Some(50.0)));
    let end = r.iter().find(|w| w.id == "end").expect("end");
    assert_eq!(end.recent, Some(40.0));
    // Only the last session: net at 100%.
    let r = rank_domains(&b, &s, 1, 80, &[]);
    assert_eq!(r.iter().find(|w| w.id == "net").and_then(|w| w.recent), Some(100.0));
}

#[test]
fn drill_split_is_seventy_thirty_and_adds_up() {
    let b = bank(20);
    let s = vec![sim(0, &[(2, 5), (3, 3), (2, 2)])];
    let r = rank_domains(&b, &s, 5, 80, &[]);
    let counts = weak_drill_counts(&b, &r, 20, &b.domain_counts()).expect("counts");
    assert_eq!(counts.iter().sum::<usize>(), 20);
    // Only net is weak: 14 there, 6 across cloud and end by weight 30:20.
    assert_eq!(counts, vec![14, 4, 2]);
}

#[test]
fn a_short_domain_lends_its_share_to_the_next() {
    let b = bank(20);
    let s = vec![sim(0, &[(2, 5), (0, 3), (2, 2)])];
    let r = rank_domains(&b, &s, 5, 80, &[]);
    let available = vec![20, 3, 20];
    let counts = weak_drill_counts(&b, &r, 20, &available).expect("counts");
    assert_eq!(counts.iter().sum::<usize>(), 20);
    assert_eq!(counts[1], 3);
    assert!(counts.iter().zip(&available).all(|(c, a)| c <= a));
    assert_eq!(weak_drill_counts(&b, &r, 50, &[10, 3, 5]), Err(NotEnough { needed: 50, available: 18 }));
}

#[test]
fn no_weak_domain_splits_by_weight() {
    let b = bank(20);
    let r = rank_domains(&b, &[], 5, 80, &[]);
    assert!(r.iter().all(|w| !w.weak));
    assert_eq!(weak_drill_counts(&b, &r, 10, &b.domain_counts()).expect("counts"), vec![5, 3, 2]);
    let split = study_split(&r);
    assert_eq!(split.iter().map(|x| x.1).sum::<u32>(), 100);
}

#[test]
fn study_time_is_seventy_on_the_weak_domains() {
    let b = bank(20);
    let s = vec![sim(0, &[(3, 5), (1, 3), (2, 2)])];
    let r = rank_domains(&b, &s, 5, 80, &[]);
    let split = study_split(&r);
    let weak: u32 = split.iter().filter(|(d, _)| r.iter().any(|w| w.domain == *d && w.weak)).map(|x| x.1).sum();
    assert_eq!(weak, 70);
    assert_eq!(split.iter().map(|x| x.1).sum::<u32>(), 100);
}

#[test]
fn domain_drills_use_only_the_chosen_domains() {
    let b = bank(20);
    let counts = domain_drill_counts(&b, &[1, 2], 10, &b.domain_counts()).expect("counts");
    assert_eq!(counts, vec![0, 6, 4]);
}

#[test]
fn a_real_report_counts_until_practice_outweighs_it() {
    let b = bank(20);
    let report = [ReportedDomain { id: "net".into(), percent: 40.0 }];
    // No practice: the report alone makes net weak.
    let r = rank_domains(&b, &[], 5, 80, &report);
    assert_eq!(r[0].id, "net");
    assert!(r[0].weak);
    // 5 practice answers all right: blended (5 × 100 + 10 × 40) / 15 = 60%.
    let s = vec![sim(0, &[(5, 5), (0, 0), (0, 0)])];
    let r = rank_domains(&b, &s, 5, 80, &report);
    assert_eq!(r.iter().find(|w| w.id == "net").and_then(|w| w.recent), Some(60.0));
    // 10 practice answers outweigh it.
    let s = vec![sim(0, &[(5, 5), (0, 0), (0, 0)]), sim(1, &[(5, 5), (0, 0), (0, 0)])];
    let r = rank_domains(&b, &s, 5, 80, &report);
    assert_eq!(r.iter().find(|w| w.id == "net").and_then(|w| w.recent), Some(100.0));
}

/// A weak domain got 4% of study time while a domain that was not weak got 12%.
#[test]
fn a_weak_domain_never_gets_less_time_than_a_strong_one() {
    use crate::engine::plan::WeakDomain;
    let w = |domain: usize, weight: u32, rank: f64, weak: bool| WeakDomain {
        domain,
        id: format!("d{domain}"),
        name: format!("D{domain}"),
        weight,
        recent: Some(50.0),
        answered: 10,
        rank,
        weak,
    };
    // One weak domain with a tiny rank beside a large one; strong domains by weight.
    let ranked = vec![w(0, 25, 900.0, true), w(1, 15, 10.0, true), w(2, 40, 0.0, false), w(3, 20, 0.0, false)];
    let split = study_split(&ranked);
    let share = |d: usize| split.iter().find(|x| x.0 == d).map(|x| x.1).expect("share");
    assert!(share(1) > share(2) && share(1) > share(3), "{split:?}");
    assert_eq!(share(0) + share(1), 70);
    assert_eq!(split.iter().map(|x| x.1).sum::<u32>(), 100);
}
