//! Scoring a session: all-or-nothing per question, the overall score against the passing
//! score and the readiness target, a per-domain report labelled like a vendor's score
//! report, and the execution figures (time, guesses, changed answers).

use serde::{Deserialize, Serialize};

use super::bank::Bank;
use super::session::{Answer, FinishReason, Phase, Session, Unanswered};

/// A vendor-style label for a domain result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    /// At or above the readiness target.
    AboveTarget,
    /// At or above the passing score, below the target.
    NearTarget,
    /// Below the passing score.
    NeedsImprovement,
}

impl Label {
    pub fn of(correct: usize, asked: usize, passing: u8, target: u8) -> Label {
        if meets(correct, asked, target) {
            Label::AboveTarget
        } else if meets(correct, asked, passing) {
            Label::NearTarget
        } else {
            Label::NeedsImprovement
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Label::AboveTarget => "Above target",
            Label::NearTarget => "Near target",
            Label::NeedsImprovement => "Needs improvement",
        }
    }
}

/// `correct / asked >= percent / 100`, exactly (no rounding at the boundary).
pub fn meets(correct: usize, asked: usize, percent: u8) -> bool {
    correct * 100 >= usize::from(percent) * asked
}

/// Credit is counted in 2520ths of a question: every partial credit (k right of n ≤ 10
/// positions or pairs) is a whole number of them, so sums and the pass mark stay exact.
pub const CREDIT_UNITS: usize = 2520;

/// The credit an answer earned, in `CREDIT_UNITS`.
pub fn credit_units(a: &Answer) -> usize {
    (a.credit().clamp(0.0, 1.0) * CREDIT_UNITS as f64).round() as usize
}

/// Percent with one decimal.
pub fn percent(correct: usize, asked: usize) -> f64 {
    if asked == 0 {
        return 0.0;
    }
    (correct as f64 * 1000.0 / asked as f64).round() / 10.0
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainResult {
    pub id: String,
    pub name: String,
    pub asked: usize,
    /// Questions answered fully right.
    pub correct: usize,
    /// Questions earned, partial credit included: what `percent` and `label` are from.
    pub credit: f64,
    pub percent: f64,
    pub label: Label,
    /// Mean seconds on the domain's answered questions (`None` with none answered).
    pub mean_secs: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Execution {
    pub unanswered: usize,
    /// Unanswered because time ran out.
    pub unanswered_time: usize,
    pub time_used_secs: f64,
    pub mean_secs: f64,
    pub longest_secs: f64,
    /// Answers submitted in the last 10% of the time limit.
    pub in_last_tenth: usize,
    pub guesses: usize,
    pub guesses_right: usize,
    pub changed_right_to_wrong: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub questions: usize,
    /// Questions answered fully right.
    pub correct: usize,
    /// Questions earned, partial credit included: what the score is from.
    pub credit: f64,
    pub score: f64,
    pub passing_score: u8,
    pub target: u8,
    pub passed: bool,
    pub reached_target: bool,
    pub finish: Option<FinishReason>,
    pub domains: Vec<DomainResult>,
    pub execution: Execution,
}

/// Scores `session` (finished or not: unsubmitted questions count as wrong).
pub fn score(session: &Session, bank: &Bank) -> Report {
    let passing = bank.exam.passing_score;
    let target = bank.exam.target();
    let n = session.len();
    let answers = session.answers();
    let correct = answers.iter().filter(|a| a.correct).count();
    let mut asked = vec![0usize; bank.domains.len()];
    let mut right = vec![0usize; bank.domains.len()];
    let mut earned = vec![0usize; bank.domains.len()];
    for i in 0..n {
        asked[session.item_domain(i)] += 1;
    }
    for a in answers {
        right[session.item_domain(a.item)] += usize::from(a.correct);
        earned[session.item_domain(a.item)] += credit_units(a);
    }
    let units: usize = earned.iter().sum();
    let mut spent = vec![(0.0f64, 0usize); bank.domains.len()];
    for a in answers.iter().filter(|a| a.unanswered.is_none()) {
        let s = &mut spent[session.item_domain(a.item)];
        s.0 += a.seconds;
        s.1 += 1;
    }
    let u = CREDIT_UNITS;
    let domains = bank
        .domains
        .iter()
        .enumerate()
        .filter(|(i, _)| asked[*i] > 0)
        .map(|(i, d)| DomainResult {
            id: d.id.0.clone(),
            name: d.name.clone(),
            asked: asked[i],
            correct: right[i],
            credit: earned[i] as f64 / u as f64,
            percent: percent(earned[i], asked[i] * u),
            label: Label::of(earned[i], asked[i] * u, passing, target),
            mean_secs: (spent[i].1 > 0).then(|| spent[i].0 / spent[i].1 as f64),
        })
        .collect();
    let submitted: Vec<_> = answers.iter().filter(|a| a.unanswered.is_none()).collect();
    let time_used_secs = match (session.started_at(), session.finished_at()) {
        (Some(s), Some(f)) => (f - s).num_milliseconds().max(0) as f64 / 1000.0,
        _ => answers.iter().map(|a| a.seconds).sum(),
    };
    // The last tenth of the time: `l` seconds are `l * 100` ms a tenth. Checked, because a
    // session's limit comes from its journal; one with no deadline has no last tenth.
    let last_tenth_from = match (session.deadline(), session.settings.limit_secs) {
        (Some(d), Some(l)) => l
            .checked_mul(100)
            .and_then(|ms| i64::try_from(ms).ok())
            .and_then(chrono::Duration::try_milliseconds)
            .and_then(|tenth| d.checked_sub_signed(tenth)),
        _ => None,
    };
    let execution = Execution {
        unanswered: answers.iter().filter(|a| a.unanswered.is_some()).count() + (n - answers.len()),
        unanswered_time: answers.iter().filter(|a| a.unanswered == Some(Unanswered::Time)).count(),
        time_used_secs,
        mean_secs: if submitted.is_empty() {
            0.0
        } else {
            submitted.iter().map(|a| a.seconds).sum::<f64>() / submitted.len() as f64
        },
        longest_secs: submitted.iter().map(|a| a.seconds).fold(0.0, f64::max),
        in_last_tenth: last_tenth_from.map_or(0, |from| submitted.iter().filter(|a| a.at >= from).count()),
        guesses: submitted.iter().filter(|a| a.guess).count(),
        guesses_right: submitted.iter().filter(|a| a.guess && a.correct).count(),
        changed_right_to_wrong: submitted.iter().filter(|a| a.changed_right_to_wrong()).count(),
    };
    Report {
        questions: n,
        correct,
        credit: units as f64 / u as f64,
        score: percent(units, n * u),
        passing_score: passing,
        target,
        passed: meets(units, n * u, passing) && n > 0,
        reached_target: meets(units, n * u, target) && n > 0,
        finish: match session.phase() {
            Phase::Finished(r) => Some(r),
            _ => None,
        },
        domains,
        execution,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::bank::load::load_str;
    use crate::engine::blueprint::{draw, full_counts, rng_from_seed};
    use crate::engine::session::{Command, Mode, Settings};
    use chrono::{Duration, TimeZone, Utc};
    use proptest::prelude::*;

    const MINI: &str = include_str!("../../tests/fixtures/banks/valid/mini.yaml");

    proptest! {
        #[test]
        fn scores_stay_in_range_and_domains_add_up(seed: u64, picks in prop::collection::vec((0usize..5, any::<bool>()), 0..6), stop in 0usize..5) {
            let bank = load_str("mini.yaml", MINI).expect("valid").bank;
            let paper = draw(&bank, &full_counts(&bank, 4), &mut rng_from_seed(seed)).expect("draw");
            let settings = Settings { mode: Mode::Simulation, limit_secs: Some(600), feedback: false, full_length: true };
            let mut s = Session::new(&bank, paper, settings);
            let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("date");
            s.apply(Command::Start, t0).expect("start");
            for (i, (pick, confirm)) in picks.into_iter().enumerate() {
                if i == stop {
                    let _ = s.apply(Command::Abandon, t0);
                }
                let _ = s.apply(Command::Select(pick), t0 + Duration::seconds(i as i64));
                let _ = s.apply(Command::Submit { confirmed: confirm }, t0 + Duration::seconds(i as i64));
            }
            let r = score(&s, &bank);
            prop_assert!((0.0..=100.0).contains(&r.score));
            prop_assert_eq!(r.domains.iter().map(|d| d.asked).sum::<usize>(), r.questions);
            prop_assert_eq!(r.domains.iter().map(|d| d.correct).sum::<usize>(), r.correct);
            prop_assert!(r.domains.iter().all(|d| (0.0..=100.0).contains(&d.percent) && d.correct <= d.asked));
            prop_assert!(r.correct <= r.questions);
        }
    }

    /// The last tenth of the time was `deadline - limit * 100 ms`, multiplied unchecked: a
    /// limit past `u64::MAX / 100` (from a journal; flags stop at a day) overflowed.
    #[test]
    fn an_impossible_limit_does_not_overflow_the_last_tenth() {
        let bank = load_str("mini.yaml", MINI).expect("valid").bank;
        let paper = draw(&bank, &full_counts(&bank, 4), &mut rng_from_seed(1)).expect("draw");
        let settings = Settings { mode: Mode::Simulation, limit_secs: Some(600), feedback: false, full_length: true };
        let mut s = Session::new(&bank, paper, settings);
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("date");
        s.apply(Command::Start, t0).expect("start");
        s.apply(Command::Select(0), t0).expect("select");
        s.apply(Command::Submit { confirmed: true }, t0 + Duration::seconds(590)).expect("submit");
        assert_eq!(score(&s, &bank).execution.in_last_tenth, 1, "590 s of 600 is in the last tenth");
        // A session as a journal could describe it: the same deadline, an absurd limit.
        let mut v = serde_json::to_value(&s).expect("session as JSON");
        v["settings"]["limit_secs"] = serde_json::json!(u64::MAX);
        let odd: Session = serde_json::from_value(v).expect("session from JSON");
        assert_eq!(score(&odd, &bank).execution.in_last_tenth, 0, "no last tenth can be computed");
    }

    #[test]
    fn boundaries_are_exact() {
        assert!(meets(72, 90, 80));
        assert!(!meets(71, 90, 80));
        assert_eq!(Label::of(7, 10, 70, 80), Label::NearTarget);
        assert_eq!(Label::of(8, 10, 70, 80), Label::AboveTarget);
        assert_eq!(Label::of(6, 10, 70, 80), Label::NeedsImprovement);
        assert_eq!(percent(2, 3), 66.7);
    }
}
