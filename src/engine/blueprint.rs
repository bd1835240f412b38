//! Drawing a paper from a bank: questions apportioned to domains by blueprint weight
//! (largest remainder), drawn at random within each domain with a seeded generator,
//! preferring questions the candidate has not seen recently, then shuffled together.

use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::bank::{Bank, Question, QuestionId};

/// Splits `total` items over `weights` by the largest-remainder method: each part gets
/// the floor or the ceiling of its exact share, and the parts sum to `total`. Equal
/// remainders go to the earlier part.
pub fn apportion(weights: &[u32], total: usize) -> Vec<usize> {
    let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let total64 = total as u64;
    let mut counts: Vec<usize> = weights.iter().map(|&w| (total64 * u64::from(w) / sum) as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (Reverse(total64 * u64::from(weights[i]) % sum), i));
    let short = total - counts.iter().sum::<usize>();
    for &i in order.iter().take(short) {
        counts[i] += 1;
    }
    counts
}

/// The seeded generator every draw uses; a named algorithm, so a seed keeps meaning
/// the same paper across versions of the `rand` crate.
pub fn rng_from_seed(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// One question on a paper, with its options in the order shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperItem {
    /// Index into `Bank::questions`.
    pub question: usize,
    /// `order[shown position] = option index in the bank`.
    pub order: Vec<u8>,
}

/// The questions of one session, in the order they are asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Paper {
    pub items: Vec<PaperItem>,
}

/// What the candidate has seen before: for each question, how many sessions ago it was
/// last shown (0 = the latest session).
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub sessions_ago: HashMap<QuestionId, usize>,
}

/// Default number of recent sessions whose questions a draw avoids.
pub const DEFAULT_FRESH_SESSIONS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error(
        "domain `{domain}` has {available} question(s) but this paper needs {needed}; add questions or ask for fewer"
    )]
    NotEnough { domain: String, needed: usize, available: usize },
}

/// Draws `counts[d]` questions from each domain `d`, fresh ones first, then shuffles
/// the paper so domains interleave and shuffles each question's unpinned options.
pub fn draw(
    bank: &Bank,
    counts: &[usize],
    seen: &Seen,
    fresh_sessions: usize,
    rng: &mut impl Rng,
) -> Result<Paper, DrawError> {
    let mut by_domain: Vec<Vec<usize>> = vec![Vec::new(); bank.domains.len()];
    for (i, q) in bank.questions.iter().enumerate() {
        by_domain[q.domain].push(i);
    }
    for (d, pool) in by_domain.iter().enumerate() {
        let needed = counts.get(d).copied().unwrap_or(0);
        if pool.len() < needed {
            return Err(DrawError::NotEnough { domain: bank.domains[d].name.clone(), needed, available: pool.len() });
        }
    }
    let mut chosen = Vec::with_capacity(counts.iter().sum());
    for (d, mut pool) in by_domain.into_iter().enumerate() {
        let needed = counts.get(d).copied().unwrap_or(0);
        if needed == 0 {
            continue;
        }
        let recent = |i: &usize| seen.sessions_ago.get(&bank.questions[*i].id).copied().filter(|&a| a < fresh_sessions);
        let (mut fresh, mut stale): (Vec<usize>, Vec<usize>) = if seen.sessions_ago.is_empty() {
            (std::mem::take(&mut pool), Vec::new())
        } else {
            pool.into_iter().partition(|i| recent(i).is_none())
        };
        if fresh.len() >= needed {
            let (picked, _) = fresh.partial_shuffle(rng, needed);
            chosen.extend_from_slice(picked);
        } else {
            chosen.extend_from_slice(&fresh);
            // Least recently seen first; random among equals.
            stale.shuffle(rng);
            stale.sort_by_key(|i| Reverse(recent(i)));
            chosen.extend_from_slice(&stale[..needed - fresh.len()]);
        }
    }
    chosen.shuffle(rng);
    let items =
        chosen.into_iter().map(|q| PaperItem { question: q, order: option_order(&bank.questions[q], rng) }).collect();
    Ok(Paper { items })
}

/// How often, and when last, the candidate was shown each question of a bank, across all
/// of their sessions (simulations and drills; reviewing a session shows nothing new).
#[derive(Debug, Clone, Default)]
pub struct Exposure {
    pub shown: HashMap<QuestionId, Shown>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub times: usize,
    /// Of those, on simulation papers.
    pub in_simulations: usize,
    pub last: DateTime<Utc>,
}

impl Exposure {
    /// Counts one showing of `question` at `at`, in a simulation or not.
    pub fn add(&mut self, question: &QuestionId, at: DateTime<Utc>, simulation: bool) {
        let e = self.shown.entry(question.clone()).or_insert(Shown { times: 0, in_simulations: 0, last: at });
        e.times += 1;
        e.in_simulations += usize::from(simulation);
        e.last = e.last.max(at);
    }

    pub fn is_new(&self, question: &QuestionId) -> bool {
        !self.shown.contains_key(question)
    }
}

/// How fresh a paper is, and how many more fresh papers the bank holds for this candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// Questions on the paper the candidate has never been shown.
    pub new: usize,
    pub of: usize,
    /// Whole papers of never-shown questions left after this one (by the blueprint counts).
    pub papers_left: usize,
}

/// Draws `counts[d]` questions from each domain `d`: questions never shown first, then the
/// least often shown, the longest ago first (random among equals), so a candidate does not
/// meet a question again while the bank has others; then shuffles as `draw` does. Among
/// questions already shown, those never on a simulation paper come first, so drills in
/// between do not make simulations repeat each other while the bank has room.
pub fn draw_fresh(
    bank: &Bank,
    counts: &[usize],
    exposure: &Exposure,
    rng: &mut impl Rng,
) -> Result<(Paper, Freshness), DrawError> {
    let key = |q: &Question| {
        exposure
            .shown
            .get(&q.id)
            .map(|s| (s.times.min(1), s.in_simulations, s.times, Some(s.last)))
            .unwrap_or((0, 0, 0, None))
    };
    let paper = draw_ranked(bank, counts, key, rng)?;
    let new = paper.items.iter().filter(|it| exposure.is_new(&bank.questions[it.question].id)).count();
    let mut unseen = vec![0usize; bank.domains.len()];
    for q in &bank.questions {
        if exposure.is_new(&q.id) {
            unseen[q.domain] += 1;
        }
    }
    for it in &paper.items {
        let q = &bank.questions[it.question];
        if exposure.is_new(&q.id) {
            unseen[q.domain] -= 1;
        }
    }
    let papers_left = counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(d, n)| unseen[d] / n).min().unwrap_or(0);
    let of = paper.items.len();
    Ok((paper, Freshness { new, of, papers_left }))
}

/// Draws `counts[d]` questions from each domain, lowest `rank` first (random among equal
/// ranks), then shuffles the paper and the options, as `draw` does. Drills use it to put
/// previously missed questions first.
pub fn draw_ranked<K: Ord>(
    bank: &Bank,
    counts: &[usize],
    rank: impl Fn(&Question) -> K,
    rng: &mut impl Rng,
) -> Result<Paper, DrawError> {
    let mut by_domain: Vec<Vec<usize>> = vec![Vec::new(); bank.domains.len()];
    for (i, q) in bank.questions.iter().enumerate() {
        by_domain[q.domain].push(i);
    }
    let mut chosen = Vec::new();
    for (d, mut pool) in by_domain.into_iter().enumerate() {
        let needed = counts.get(d).copied().unwrap_or(0);
        if pool.len() < needed {
            return Err(DrawError::NotEnough { domain: bank.domains[d].name.clone(), needed, available: pool.len() });
        }
        pool.shuffle(rng);
        pool.sort_by_cached_key(|&i| rank(&bank.questions[i]));
        chosen.extend_from_slice(&pool[..needed]);
    }
    chosen.shuffle(rng);
    let items =
        chosen.into_iter().map(|q| PaperItem { question: q, order: option_order(&bank.questions[q], rng) }).collect();
    Ok(Paper { items })
}

/// A shuffled option order in which every `pin: true` option keeps its index.
pub fn option_order(q: &Question, rng: &mut impl Rng) -> Vec<u8> {
    let mut free: Vec<u8> = (0..q.options.len() as u8).filter(|&i| !q.options[i as usize].pin).collect();
    free.shuffle(rng);
    let mut free = free.into_iter();
    (0..q.options.len() as u8).map(|i| if q.options[i as usize].pin { i } else { free.next().unwrap_or(i) }).collect()
}

/// Counts for a full simulation of `n` questions.
pub fn full_counts(bank: &Bank, n: usize) -> Vec<usize> {
    let weights: Vec<u32> = bank.domains.iter().map(|d| d.weight).collect();
    apportion(&weights, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ccnp_blueprint_apportionment() {
        // 22.5, 18, 14.4, 13.5, 12.6, 9 -> the .6 and the first .5 round up.
        assert_eq!(apportion(&[25, 20, 16, 15, 14, 10], 90), vec![23, 18, 14, 13, 13, 9]);
        assert_eq!(apportion(&[12, 22, 18, 28, 20], 90), vec![11, 20, 16, 25, 18]);
        assert_eq!(apportion(&[25, 25, 25, 25], 12), vec![3, 3, 3, 3]);
    }

    use crate::engine::testing::bank;

    #[test]
    fn fresh_questions_come_before_recently_seen_ones() {
        let b = bank(20);
        let counts = full_counts(&b, 10);
        let first = draw(&b, &counts, &Seen::default(), 3, &mut rng_from_seed(1)).expect("draw");
        let mut seen = Seen::default();
        for it in &first.items {
            seen.sessions_ago.insert(b.questions[it.question].id.clone(), 0);
        }
        let second = draw(&b, &counts, &seen, 3, &mut rng_from_seed(2)).expect("draw");
        assert!(second.items.iter().all(|it| !seen.sessions_ago.contains_key(&b.questions[it.question].id)));
    }

    #[test]
    fn when_fresh_runs_out_the_least_recently_seen_come_first() {
        let b = bank(4);
        // Domain a (index 0) holds q0, q3, q6, q9; three are wanted.
        let counts = vec![3, 0, 0];
        let mut seen = Seen::default();
        seen.sessions_ago.insert(QuestionId("q0".into()), 0);
        seen.sessions_ago.insert(QuestionId("q3".into()), 2);
        seen.sessions_ago.insert(QuestionId("q6".into()), 1);
        let p = draw(&b, &counts, &seen, 3, &mut rng_from_seed(3)).expect("draw");
        let mut ids: Vec<String> = p.items.iter().map(|it| b.questions[it.question].id.0.clone()).collect();
        ids.sort();
        // q9 is fresh; then the least recently seen: q3 (2 ago), q6 (1 ago); not q0.
        assert_eq!(ids, vec!["q3", "q6", "q9"]);
    }

    #[test]
    fn not_enough_questions_names_the_domain() {
        let b = bank(2);
        let e = draw(&b, &[3, 0, 0], &Seen::default(), 3, &mut rng_from_seed(1)).expect_err("too few");
        assert_eq!(e, DrawError::NotEnough { domain: "Network".into(), needed: 3, available: 2 });
    }

    proptest! {
        #[test]
        fn full_papers_match_the_blueprint(n in 1usize..=30, seed: u64) {
            let b = bank(20);
            let counts = full_counts(&b, n);
            let p = draw(&b, &counts, &Seen::default(), 3, &mut rng_from_seed(seed)).expect("draw");
            prop_assert_eq!(p.items.len(), n);
            let mut per = vec![0; 3];
            for it in &p.items {
                per[b.questions[it.question].domain] += 1;
                prop_assert_eq!(it.order[3], 3, "pinned option moved");
            }
            prop_assert_eq!(per, counts);
        }

        #[test]
        fn apportionment_sums_and_stays_within_floor_and_ceil(
            weights in prop::collection::vec(1u32..100, 1..12),
            total in 0usize..2000,
        ) {
            let counts = apportion(&weights, total);
            prop_assert_eq!(counts.iter().sum::<usize>(), total);
            let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
            for (c, w) in counts.iter().zip(&weights) {
                let exact = total as u64 * u64::from(*w);
                let floor = (exact / sum) as usize;
                let ceil = floor + usize::from(!exact.is_multiple_of(sum));
                prop_assert!(*c == floor || *c == ceil, "count {} not in [{}, {}]", c, floor, ceil);
            }
        }
    }
}
