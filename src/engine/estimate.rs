//! A calibrated pass probability: from every answer of a bank's sessions (recent ones
//! weighted more, first exposures fully, repeats discounted), each domain's chance of a
//! right answer as a Beta posterior over a weak prior, then the exact distribution of the
//! score on a fresh paper drawn by the blueprint (a convolution of beta-binomials), and from
//! it P(score ≥ passing), P(score ≥ target) and an 80% interval of the score.

use serde::Serialize;

use super::bank::Bank;
use super::blueprint::full_counts;
use super::history::Summary;
use super::scoring::meets;

/// A session `HALF_LIFE` sessions older than the latest weighs half as much: candidates
/// improve while they prepare, so old answers say less about today.
pub const HALF_LIFE: f64 = 8.0;
/// A repeated question answered right says less than a fresh one: it may be memory.
pub const REPEAT_WEIGHT: f64 = 0.25;
/// When a journal did not record which questions were new, every answer gets this weight.
pub const UNKNOWN_WEIGHT: f64 = 0.6;
/// The weak prior: one right and one wrong answer's worth.
pub const PRIOR: (f64, f64) = (1.0, 1.0);
/// Below this much weighted evidence in a domain (or in all), there is no number.
pub const MIN_DOMAIN_EVIDENCE: f64 = 4.0;
pub const MIN_EVIDENCE: f64 = 20.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// P(score ≥ passing) on a fresh paper; `None`: not enough evidence.
    pub pass_probability: Option<f64>,
    pub target_probability: Option<f64>,
    /// Expected score, percent.
    pub expected_score: Option<f64>,
    /// 80% interval of the score, percent.
    pub interval: Option<(f64, f64)>,
    /// Answers the estimate rests on (unweighted).
    pub answers_used: usize,
}

impl Estimate {
    pub fn not_enough(answers_used: usize) -> Estimate {
        Estimate {
            pass_probability: None,
            target_probability: None,
            expected_score: None,
            interval: None,
            answers_used,
        }
    }
}

/// Weighted evidence for one domain: (right, wrong) pseudo-counts and answers seen.
#[derive(Debug, Clone, Copy, Default)]
struct DomainEvidence {
    right: f64,
    wrong: f64,
    answers: usize,
}

/// How evidence is weighed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub half_life: f64,
    pub repeat: f64,
    pub unknown: f64,
    /// Points taken off every score: the gap a real exam showed between practice and it.
    pub shift: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { half_life: HALF_LIFE, repeat: REPEAT_WEIGHT, unknown: UNKNOWN_WEIGHT, shift: 0.0 }
    }
}

/// The estimate for `bank` from its sessions in `sessions` (any mode, any order).
pub fn estimate(bank: &Bank, sessions: &[Summary], target: u8) -> Estimate {
    estimate_with(bank, sessions, target, Weights::default())
}

/// As `estimate`, with the evidence weighed by `w`.
pub fn estimate_with(bank: &Bank, sessions: &[Summary], target: u8, w: Weights) -> Estimate {
    estimate_of(bank, sessions.iter(), target, w)
}

/// As `estimate_with`, over any sessions (a prefix of a history, say) without copying them.
pub fn estimate_of<'a>(bank: &Bank, sessions: impl Iterator<Item = &'a Summary>, target: u8, w: Weights) -> Estimate {
    let evidence = Evidence::of(bank, sessions);
    evidence.estimate(bank, evidence.len(), target, w)
}

/// The sessions of a bank that are evidence, oldest first, each domain already matched to
/// the bank's: sorted and matched once, so the estimate after each of the last sessions
/// (readiness's trend) is a prefix of it rather than a new pass over the whole history.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    sessions: Vec<&'a Summary>,
    /// Per session, its domains that the bank knows: (index in the bank, the domain's
    /// figures), in the summary's order; `starts[i]..starts[i + 1]` are session `i`'s.
    domains: Vec<(usize, &'a super::history::DomainSummary)>,
    starts: Vec<usize>,
}

impl<'a> Evidence<'a> {
    /// The evidence for `bank` among `sessions` (any mode, any order).
    pub fn of(bank: &Bank, sessions: impl Iterator<Item = &'a Summary>) -> Evidence<'a> {
        // An abandoned or unfinished paper's questions never reached say nothing of ability
        // (time-up ones do: pacing is part of the real exam), nor does a rushed paper's
        // answers, given faster than the questions can be read.
        let key = bank.key();
        let mut mine: Vec<&Summary> = sessions
            .filter(|s| {
                s.is_of(&key)
                    && !s.rushed
                    && matches!(
                        s.finish,
                        Some(
                            crate::engine::session::FinishReason::Completed
                                | crate::engine::session::FinishReason::TimeUp
                        )
                    )
            })
            .collect();
        mine.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
        let mut domains = Vec::new();
        let mut starts = Vec::with_capacity(mine.len() + 1);
        for s in &mine {
            starts.push(domains.len());
            domains.extend(s.domains.iter().filter_map(|d| bank.domain_index(&d.id).map(|k| (k, d))));
        }
        starts.push(domains.len());
        Evidence { sessions: mine, domains, starts }
    }

    /// How many sessions are evidence.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    /// How many of the sessions started at or before `(started_at, id)`: the estimate as it
    /// stood after that session is `estimate(.., upto(..), ..)`.
    pub fn upto(&self, started_at: chrono::DateTime<chrono::Utc>, id: &str) -> usize {
        self.sessions.partition_point(|s| (s.started_at, s.id.as_str()) <= (started_at, id))
    }

    /// The estimate from the first `len` sessions (the oldest), weighed by `w`: the same
    /// figures, to the last bit, as `estimate_of` over those sessions alone.
    pub fn estimate(&self, bank: &Bank, len: usize, target: u8, w: Weights) -> Estimate {
        let n = len.min(self.sessions.len());
        let mut evidence = vec![DomainEvidence::default(); bank.domains.len()];
        for i in 0..n {
            let recency = 0.5f64.powf((n - 1 - i) as f64 / w.half_life);
            for &(k, d) in &self.domains[self.starts[i]..self.starts[i + 1]] {
                let e = &mut evidence[k];
                e.answers += d.asked;
                match d.fresh {
                    Some((fresh_asked, fresh_right)) => {
                        let (rep_asked, rep_right) =
                            (d.asked.saturating_sub(fresh_asked), d.correct.saturating_sub(fresh_right));
                        add(e, fresh_right, fresh_asked, recency);
                        add(e, rep_right, rep_asked, recency * w.repeat);
                    }
                    None => add(e, d.correct, d.asked, recency * w.unknown),
                }
            }
        }
        figures(bank, &evidence, target, w)
    }
}

/// The estimate from each domain's weighted evidence.
fn figures(bank: &Bank, evidence: &[DomainEvidence], target: u8, w: Weights) -> Estimate {
    let used = evidence.iter().map(|e| e.answers).sum();
    let total: f64 = evidence.iter().map(|e| e.right + e.wrong).sum();
    let questions = bank.exam.questions as usize;
    let counts = full_counts(bank, questions);
    let short = counts.iter().zip(evidence).any(|(&c, e)| c > 0 && e.right + e.wrong < MIN_DOMAIN_EVIDENCE);
    if total < MIN_EVIDENCE || short || questions == 0 {
        return Estimate::not_enough(used);
    }
    // The distribution of right answers on a fresh paper, domain by domain.
    let mut dist = vec![1.0];
    for (&c, e) in counts.iter().zip(evidence) {
        if c == 0 {
            continue;
        }
        dist = convolve(&dist, &beta_binomial(c, PRIOR.0 + e.right, PRIOR.1 + e.wrong));
    }
    // A score k is at least `pct` once the shift is taken off (with no shift, exactly `meets`).
    let at_least = |pct: u8| {
        dist.iter()
            .enumerate()
            .filter(|(k, _)| {
                if w.shift == 0.0 {
                    meets(*k, questions, pct)
                } else {
                    *k as f64 * 100.0 / questions as f64 - w.shift >= f64::from(pct)
                }
            })
            .map(|(_, p)| p)
            .sum::<f64>()
    };
    let mean: f64 = dist.iter().enumerate().map(|(k, p)| k as f64 * p).sum();
    let quantile = |q: f64| {
        let mut acc = 0.0;
        for (k, p) in dist.iter().enumerate() {
            acc += p;
            if acc >= q {
                return k;
            }
        }
        questions
    };
    let pct = |k: f64| ((k * 100.0 / questions as f64 - w.shift).clamp(0.0, 100.0) * 10.0).round() / 10.0;
    Estimate {
        pass_probability: Some(round3(at_least(bank.exam.passing_score))),
        target_probability: Some(round3(at_least(target))),
        expected_score: Some(pct(mean)),
        interval: Some((pct(quantile(0.1) as f64), pct(quantile(0.9) as f64))),
        answers_used: used,
    }
}

fn add(e: &mut DomainEvidence, right: usize, asked: usize, w: f64) {
    e.right += w * right as f64;
    e.wrong += w * asked.saturating_sub(right) as f64;
}

fn round3(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// P(k right of `n`) when the chance of a right answer is Beta(a, b), by the recurrence
/// P(k+1)/P(k) = (n−k)/(k+1) · (k+a)/(n−k−1+b) in logarithms, normalised (no gamma
/// function needed, and no overflow however strong the evidence).
pub fn beta_binomial(n: usize, a: f64, b: f64) -> Vec<f64> {
    let mut logs = Vec::with_capacity(n + 1);
    let mut x = 0.0f64;
    logs.push(x);
    for k in 0..n {
        x += ((n - k) as f64 / (k + 1) as f64).ln() + ((k as f64 + a) / ((n - k - 1) as f64 + b)).ln();
        logs.push(x);
    }
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let p: Vec<f64> = logs.iter().map(|l| (l - top).exp()).collect();
    let sum: f64 = p.iter().sum();
    p.iter().map(|v| v / sum).collect()
}

fn convolve(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; a.len() + b.len() - 1];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

#[cfg(test)]
#[path = "estimate_tests.rs"]
mod tests;
