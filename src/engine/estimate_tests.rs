//! The estimate on known cases, and calibrated on synthetic candidates: known per-domain
//! abilities that improve over time, and memory that makes a seen question easier. Each
//! takes practice papers drawn by the engine, then one fresh "real" paper; predictions
//! bucketed by decile must match the observed pass rates, and beat naive predictors.

use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::engine::bank::Bank;
use crate::engine::blueprint::{Exposure, draw_fresh};
use crate::engine::history::DomainSummary;
use crate::engine::session::{FinishReason, Mode};
use crate::engine::testing::day;

#[test]
fn beta_binomial_sums_to_one_and_has_the_right_mean() {
    let p = beta_binomial(20, 3.0, 1.0);
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    let mean: f64 = p.iter().enumerate().map(|(k, x)| k as f64 * x).sum();
    assert!((mean - 15.0).abs() < 1e-6, "n·a/(a+b) = 15, got {mean}");
    // Strong evidence neither overflows nor loses the shape.
    let q = beta_binomial(200, 5000.0, 10.0);
    assert!(q.iter().all(|x| x.is_finite()) && (q.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

/// The engine tests' bank (three domains, weights 50/30/20, `per` questions each) with a
/// paper of `paper` questions in an hour.
fn bank(per: usize, paper: u32) -> Bank {
    let mut b = crate::engine::testing::bank(per);
    b.exam.questions = paper;
    b.exam.minutes = 60;
    b
}

fn summary(bank: &Bank, n: i64, per_domain: &[(usize, usize, usize, usize)]) -> Summary {
    let asked: usize = per_domain.iter().map(|d| d.0).sum();
    let correct: usize = per_domain.iter().map(|d| d.1).sum();
    Summary {
        id: format!("s{n:03}"),
        bank_id: bank.exam.id.clone(),
        family: None,
        bank_title: "T".into(),
        mode: Mode::Simulation,
        full_length: true,
        seed: 0,
        started_at: day(0) + Duration::hours(n),
        finished_at: Some(day(0) + Duration::hours(n) + Duration::minutes(50)),
        finish: Some(FinishReason::Completed),
        questions: asked,
        answered: asked,
        correct,
        credit_units: None,
        score: crate::engine::scoring::percent(correct, asked),
        passing_score: bank.exam.passing_score,
        target: bank.exam.target(),
        passed: meets(correct, asked, bank.exam.passing_score),
        domains: bank
            .domains
            .iter()
            .zip(per_domain)
            .map(|(d, &(a, c, fa, fc))| DomainSummary {
                id: d.id.0.clone(),
                name: d.name.clone(),
                asked: a,
                correct: c,
                fresh: Some((fa, fc)),
            })
            .collect(),
        clock_anomaly: false,
        torn_tail: false,
        unconfirmed: 0,
        new_questions: None,
        fresh_score: None,
        rushed: false,
    }
}

#[test]
fn no_number_without_evidence() {
    let b = bank(30, 30);
    assert_eq!(estimate(&b, &[], 80).pass_probability, None);
    let one = summary(&b, 0, &[(2, 2, 2, 2), (1, 1, 1, 1), (1, 0, 1, 0)]);
    assert_eq!(estimate(&b, &[one], 80).pass_probability, None, "four answers are not evidence");
}

#[test]
fn strong_fresh_evidence_gives_a_confident_estimate() {
    let b = bank(30, 30);
    let s: Vec<Summary> = (0..3).map(|n| summary(&b, n, &[(15, 14, 15, 14), (9, 8, 9, 8), (6, 6, 6, 6)])).collect();
    let e = estimate(&b, &s, 80);
    assert!(e.pass_probability.is_some_and(|p| p > 0.9), "{e:?}");
    let (lo, hi) = e.interval.expect("interval");
    assert!(lo <= e.expected_score.expect("mean") && e.expected_score.expect("mean") <= hi);
    assert_eq!(e.answers_used, 90);
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

struct Outcome {
    predicted: f64,
    ignoring_exposure: f64,
    last_passed: bool,
    passed: bool,
}

/// One synthetic candidate: abilities per domain (logits), improvement per session, the
/// memory bonus on a seen question; practice papers from the engine, then the real exam.
fn candidate(b: &Bank, rng: &mut ChaCha8Rng) -> Option<Outcome> {
    let general: f64 = rng.random_range(-0.6..2.0);
    let ability: Vec<f64> = (0..3).map(|_| general + rng.random_range(-0.6..0.6)).collect();
    let improve: f64 = rng.random_range(0.0..0.08);
    let memory = 1.5;
    let sessions = rng.random_range(3..=6);
    let counts = crate::engine::blueprint::full_counts(b, b.exam.questions as usize);
    let mut exposure = Exposure::default();
    let mut history = Vec::new();
    for t in 0..sessions {
        let (paper, _) = draw_fresh(b, &counts, &exposure, rng).ok()?;
        let mut per = [(0usize, 0usize, 0usize, 0usize); 3];
        for it in &paper.items {
            let q = &b.questions[it.question];
            let seen = !exposure.is_new(&q.id);
            let p = sigmoid(ability[q.domain] + improve * t as f64 + if seen { memory } else { 0.0 });
            let right = rng.random_bool(p);
            let d = &mut per[q.domain];
            d.0 += 1;
            d.1 += usize::from(right);
            if !seen {
                d.2 += 1;
                d.3 += usize::from(right);
            }
            exposure.add(&q.id, day(0) + Duration::hours(t as i64), true);
        }
        history.push(summary(b, t as i64, &per));
    }
    // The real exam: questions never seen, a session after the last practice.
    let mut right = 0;
    for (d, &n) in counts.iter().enumerate() {
        for _ in 0..n {
            right += usize::from(rng.random_bool(sigmoid(ability[d] + improve * sessions as f64)));
        }
    }
    let e = estimate(b, &history, 80).pass_probability?;
    let flat = Weights { repeat: 1.0, ..Weights::default() };
    let ignoring = estimate_with(b, &history, 80, flat).pass_probability?;
    Some(Outcome {
        predicted: e,
        ignoring_exposure: ignoring,
        last_passed: history.last().is_some_and(|s| s.passed),
        passed: meets(right, b.exam.questions as usize, b.exam.passing_score),
    })
}

fn calibration(candidates: usize, print: bool) {
    // 90 questions for papers of 30: from the fourth paper on, some repeat.
    let b = bank(30, 30);
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let outcomes: Vec<Outcome> = (0..candidates).filter_map(|_| candidate(&b, &mut rng)).collect();
    assert!(outcomes.len() > candidates * 9 / 10);
    let brier = |f: &dyn Fn(&Outcome) -> f64| {
        outcomes.iter().map(|o| (f(o) - f64::from(u8::from(o.passed))).powi(2)).sum::<f64>() / outcomes.len() as f64
    };
    let ours = brier(&|o| o.predicted);
    let naive = brier(&|o| f64::from(u8::from(o.last_passed)));
    let flat = brier(&|o| o.ignoring_exposure);
    if print {
        println!("decile  candidates  predicted  observed");
    }
    let mut off = Vec::new();
    for decile in 0..10 {
        let lo = decile as f64 / 10.0;
        let bucket: Vec<&Outcome> =
            outcomes.iter().filter(|o| o.predicted >= lo && (o.predicted < lo + 0.1 || decile == 9)).collect();
        let predicted = bucket.iter().map(|o| o.predicted).sum::<f64>() / bucket.len().max(1) as f64;
        let observed = bucket.iter().filter(|o| o.passed).count() as f64 / bucket.len().max(1) as f64;
        if print {
            println!("{lo:.1}-{:.1}  {:>10}  {predicted:>9.3}  {observed:>8.3}", lo + 0.1, bucket.len());
        }
        if bucket.len() >= 100 && (predicted - observed).abs() > 0.07 {
            off.push(format!(
                "decile {decile}: predicted {predicted:.3}, observed {observed:.3} over {}",
                bucket.len()
            ));
        }
    }
    if print {
        println!("Brier: estimate {ours:.4}, last score ≥ passing {naive:.4}, ignoring exposure {flat:.4}");
    }
    assert!(off.is_empty(), "miscalibrated: {off:?}");
    assert!(ours < naive, "Brier {ours:.4} vs the last score's {naive:.4}");
    assert!(ours < flat, "Brier {ours:.4} vs ignoring exposure {flat:.4}");
}

#[test]
fn the_pass_probability_is_calibrated_on_synthetic_candidates() {
    let n = std::env::var("PROCTOR_CALIBRATION_CANDIDATES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    calibration(n, std::env::var_os("PROCTOR_CALIBRATION_CANDIDATES").is_some());
}

/// An abandoned paper's questions never reached counted as wrong answers.
#[test]
fn abandoned_papers_are_not_evidence() {
    let b = bank(30, 30);
    let s: Vec<Summary> = (0..3).map(|n| summary(&b, n, &[(15, 14, 15, 14), (9, 8, 9, 8), (6, 6, 6, 6)])).collect();
    let mut abandoned = summary(&b, 3, &[(15, 1, 15, 1), (9, 0, 9, 0), (6, 0, 6, 0)]);
    abandoned.finish = Some(FinishReason::Abandoned);
    let with = estimate(&b, &[s.clone(), vec![abandoned]].concat(), 80);
    assert_eq!(with, estimate(&b, &s, 80));
}

/// Rushed papers still fed the estimate: 90 answers in 30 seconds moved the pass
/// probability like a considered paper. A rushed paper is no evidence of ability.
#[test]
fn rushed_answers_still_fed_the_estimate() {
    let b = bank(30, 30);
    let s: Vec<Summary> = (0..3).map(|n| summary(&b, n, &[(15, 10, 15, 10), (9, 6, 9, 6), (6, 4, 6, 4)])).collect();
    let mut rushed = summary(&b, 3, &[(15, 15, 15, 15), (9, 9, 9, 9), (6, 6, 6, 6)]);
    rushed.rushed = true;
    let with = estimate(&b, &[s.clone(), vec![rushed.clone()]].concat(), 80);
    assert_eq!(with, estimate(&b, &s, 80));
    rushed.rushed = false;
    assert_ne!(estimate(&b, &[s.clone(), vec![rushed]].concat(), 80), with, "the same paper, considered, counts");
}

/// The estimate after a session, taken as a prefix of the sorted evidence (as readiness's
/// trend takes it), is the estimate over the sessions up to it, to the last bit: shuffled
/// input, equal start times, an abandoned and a rushed paper included.
#[test]
fn a_prefix_of_the_evidence_is_the_estimate_up_to_it() {
    let b = bank(30, 30);
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut all: Vec<Summary> = (0..40)
        .map(|n| {
            let r = |rng: &mut ChaCha8Rng, a: usize| rng.random_range(0..=a);
            let (x, y, z) = (r(&mut rng, 15), r(&mut rng, 9), r(&mut rng, 6));
            let mut s = summary(&b, n / 2, &[(15, x, 15, x), (9, y, 5, y.min(5)), (6, z, 0, 0)]);
            s.id = format!("s{:03}", 40 - n);
            s.finish = [Some(FinishReason::Completed), Some(FinishReason::TimeUp), Some(FinishReason::Abandoned)]
                [(n % 3) as usize];
            s.rushed = n % 7 == 0;
            s
        })
        .collect();
    all.reverse();
    let evidence = Evidence::of(&b, all.iter());
    for c in &all {
        let upto = all.iter().filter(|s| (s.started_at, &s.id) <= (c.started_at, &c.id));
        let direct = estimate_of(&b, upto, 80, Weights::default());
        assert_eq!(
            evidence.estimate(&b, evidence.upto(c.started_at, &c.id), 80, Weights::default()),
            direct,
            "{}",
            c.id
        );
    }
    assert_eq!(evidence.estimate(&b, evidence.len(), 80, Weights::default()), estimate(&b, &all, 80));
}
