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

use super::bank::{Bank, Kind, Question, QuestionId};

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
    /// The testlet it is asked in (simulations keep a testlet's questions together and
    /// answer them as one block).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub testlet: Option<String>,
}

/// The questions of one session, in the order they are asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Paper {
    pub items: Vec<PaperItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error(
        "domain `{domain}` has {available} question(s) but this paper needs {needed}; add questions or ask for fewer"
    )]
    NotEnough { domain: String, needed: usize, available: usize },
}

/// Draws `counts[d]` questions from each domain `d` with no preference among them.
pub fn draw(bank: &Bank, counts: &[usize], rng: &mut impl Rng) -> Result<Paper, DrawError> {
    draw_ranked(bank, counts, |_| (), rng)
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

/// The share of a paper testlets may fill: a third, so standalone questions (where the
/// no-revisit rule holds) stay the bulk of it, as on the real exams.
const TESTLET_SHARE: usize = 3;

/// Draws `counts[d]` questions from each domain, lowest `rank` first (random among equal
/// ranks), then shuffles the paper and the options. Drills use it to put previously
/// missed questions first.
///
/// A testlet is drawn whole or not at all: testlets come first, lowest rank first (a
/// testlet ranks as its best-ranked question), each taken while its questions fit in
/// what every domain still needs and testlets fill at most a third of the paper; the
/// domains' remaining counts are then filled with standalone questions, so the blueprint
/// counts hold exactly. On the paper a testlet's questions stay together, in the bank's
/// order, at a random place among the standalone ones.
pub fn draw_ranked<K: Ord>(
    bank: &Bank,
    counts: &[usize],
    rank: impl Fn(&Question) -> K,
    rng: &mut impl Rng,
) -> Result<Paper, DrawError> {
    let mut by_domain: Vec<Vec<usize>> = vec![Vec::new(); bank.domains.len()];
    let mut testlets: Vec<Vec<usize>> = vec![Vec::new(); bank.testlets.len()];
    for (i, q) in bank.questions.iter().enumerate() {
        match q.testlet {
            Some(t) if t < testlets.len() => testlets[t].push(i),
            _ => by_domain[q.domain].push(i),
        }
    }
    let total: usize = counts.iter().sum();
    let mut need: Vec<usize> = (0..bank.domains.len()).map(|d| counts.get(d).copied().unwrap_or(0)).collect();
    let mut room = total / TESTLET_SHARE;
    let mut order: Vec<usize> = (0..testlets.len()).filter(|&t| !testlets[t].is_empty()).collect();
    order.shuffle(rng);
    order.sort_by_cached_key(|&t| testlets[t].iter().map(|&i| rank(&bank.questions[i])).min());
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    for t in order {
        let members = &testlets[t];
        let mut takes = vec![0usize; need.len()];
        for &i in members {
            takes[bank.questions[i].domain] += 1;
        }
        let clash = members.iter().any(|&i| {
            bank.questions[i].enemies.iter().any(|e| blocks.iter().flatten().any(|&j| bank.questions[j].id == *e))
        });
        if !clash && members.len() <= room && takes.iter().zip(&need).all(|(t, n)| t <= n) {
            room -= members.len();
            need.iter_mut().zip(&takes).for_each(|(n, t)| *n -= t);
            blocks.push(members.clone());
        }
    }
    let mut chosen = Vec::with_capacity(total);
    let mut on_paper: std::collections::HashSet<QuestionId> =
        blocks.iter().flatten().map(|&i| bank.questions[i].id.clone()).collect();
    for (d, mut pool) in by_domain.into_iter().enumerate() {
        let needed = need[d];
        if pool.len() < needed {
            // Questions in testlets that were not drawn would not have helped either:
            // the testlet is taken whole or not at all.
            let in_testlets = counts.get(d).copied().unwrap_or(0) - needed;
            return Err(DrawError::NotEnough {
                domain: bank.domains[d].name.clone(),
                needed: needed + in_testlets,
                available: pool.len() + in_testlets,
            });
        }
        pool.shuffle(rng);
        pool.sort_by_cached_key(|&i| rank(&bank.questions[i]));
        // Enemies (one question gives another away) never share a paper while the pool
        // has others; only a pool too small for that takes one, last.
        let mut taken = 0;
        let mut deferred = Vec::new();
        for &i in &pool {
            if taken == needed {
                break;
            }
            let q = &bank.questions[i];
            if !q.enemies.is_empty() && q.enemies.iter().any(|e| on_paper.contains(e)) {
                deferred.push(i);
                continue;
            }
            on_paper.insert(q.id.clone());
            chosen.push(i);
            taken += 1;
        }
        chosen.extend(deferred.into_iter().take(needed - taken));
    }
    chosen.shuffle(rng);
    let item = |q: usize, rng: &mut dyn rand::RngCore| {
        let question = &bank.questions[q];
        PaperItem {
            question: q,
            order: option_order(question, rng),
            testlet: question.testlet.map(|t| bank.testlets[t].id.clone()),
        }
    };
    let mut items: Vec<PaperItem> = chosen.into_iter().map(|q| item(q, rng)).collect();
    for block in blocks {
        let at = rng.random_range(0..=items.len());
        let block: Vec<PaperItem> = block.into_iter().map(|q| item(q, rng)).collect();
        items.splice(at..at, block);
    }
    Ok(Paper { items })
}

/// A shuffled option order in which every `pin: true` option keeps its index. The items
/// of an order question of three or more never show in the right order: that would give
/// the answer away (two items have one wrong order only, so they are shuffled freely).
pub fn option_order(q: &Question, rng: &mut (impl Rng + ?Sized)) -> Vec<u8> {
    let n = q.options.len() as u8;
    let mut free: Vec<u8> = (0..n).filter(|&i| !q.options[i as usize].pin).collect();
    free.shuffle(rng);
    if q.kind == Kind::Order && n >= 3 && free.windows(2).all(|w| w[0] < w[1]) {
        // Sorted is the right order: one rotation moves every item.
        free.rotate_left(1);
    }
    let mut free = free.into_iter();
    (0..n).map(|i| if q.options[i as usize].pin { i } else { free.next().unwrap_or(i) }).collect()
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
    fn enemies_never_share_a_paper_while_the_pool_has_others() {
        let mut b = bank(4);
        // Domain 0 holds q0, q3, q6, q9; q0 gives q3 away.
        b.questions[0].enemies = vec![QuestionId("q3".into())];
        b.questions[3].enemies = vec![QuestionId("q0".into())];
        let has = |p: &Paper, id: &str| p.items.iter().any(|it| b.questions[it.question].id.0 == id);
        for seed in 0..300 {
            let p = draw(&b, &[3, 0, 0], &mut rng_from_seed(seed)).expect("draw");
            assert!(!(has(&p, "q0") && has(&p, "q3")), "seed {seed}");
            assert_eq!(p.items.len(), 3);
        }
        // All four wanted: the pool leaves no choice.
        let p = draw(&b, &[4, 0, 0], &mut rng_from_seed(1)).expect("draw");
        assert!(has(&p, "q0") && has(&p, "q3"));
    }

    #[test]
    fn not_enough_questions_names_the_domain() {
        let b = bank(2);
        let e = draw(&b, &[3, 0, 0], &mut rng_from_seed(1)).expect_err("too few");
        assert_eq!(e, DrawError::NotEnough { domain: "Network".into(), needed: 3, available: 2 });
    }

    proptest! {
        #[test]
        fn full_papers_match_the_blueprint(n in 1usize..=30, seed: u64) {
            let b = bank(20);
            let counts = full_counts(&b, n);
            let p = draw(&b, &counts, &mut rng_from_seed(seed)).expect("draw");
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
