//! Cues that answer a question without its content: how often picking the longest
//! option(s) of a choice question gives the key, against what guessing gives.

use super::{Kind, Question};

/// A bank with fewer choice questions says little either way: no bank-level warning.
pub const MIN_QUESTIONS: usize = 20;

/// The share of questions the longest pick may answer, as a multiple of chance.
pub const MAX_RATIO: f64 = 1.2;

/// The longest-pick figures of a set of questions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LengthCue {
    /// Choice questions looked at.
    pub questions: usize,
    /// Share answered by picking the `choose` longest options (ties: none counted).
    pub share: f64,
    /// Share a random pick of `choose` options answers, on average.
    pub chance: f64,
}

/// The longest-pick strategy on the choice questions of `questions`.
pub fn length_cue(questions: &[Question]) -> LengthCue {
    let mut n = 0usize;
    let mut hits = 0usize;
    let mut chance = 0.0;
    for q in questions.iter().filter(|q| q.kind == Kind::Choice && q.options.len() > q.choose) {
        n += 1;
        chance += 1.0 / binomial(q.options.len(), q.choose);
        let mut by_len: Vec<(usize, bool)> =
            q.options.iter().map(|o| (o.text.trim().chars().count(), o.correct)).collect();
        by_len.sort_by_key(|b| std::cmp::Reverse(b.0));
        // The `choose` longest must be strictly longer than the rest to be a cue.
        let clear = by_len.get(q.choose).is_none_or(|next| by_len[q.choose - 1].0 > next.0);
        if clear && by_len[..q.choose].iter().all(|(_, c)| *c) {
            hits += 1;
        }
    }
    let d = n.max(1) as f64;
    LengthCue { questions: n, share: hits as f64 / d, chance: chance / d }
}

/// A single-answer question whose key is longer than every distractor by more than half:
/// the key's length and the longest distractor's.
pub fn outruns(q: &Question) -> Option<(usize, usize)> {
    if q.kind != Kind::Choice || q.choose != 1 || q.options.len() < 2 {
        return None;
    }
    let len = |t: &str| t.trim().chars().count();
    let key = q.options.iter().find(|o| o.correct).map(|o| len(&o.text))?;
    let longest = q.options.iter().filter(|o| !o.correct).map(|o| len(&o.text)).max()?;
    (key * 2 > longest * 3).then_some((key, longest))
}

/// `n` choose `k`, as a float (small arguments).
fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::bank;

    #[test]
    fn picking_the_longest_is_measured_against_chance() {
        let mut b = bank(10);
        // Every key the longest: the pick answers all 30; chance is a quarter.
        for q in &mut b.questions {
            q.options[0].text = "the longest option by far".into();
        }
        let cue = length_cue(&b.questions);
        assert_eq!((cue.questions, cue.share, cue.chance), (30, 1.0, 0.25));
        assert_eq!(outruns(&b.questions[0]), Some((25, 2)));
        // Keys as long as a distractor: no clear longest, no cue.
        for q in &mut b.questions {
            q.options[1].text = "a distractor just as long".into();
        }
        assert_eq!(length_cue(&b.questions).share, 0.0);
        assert_eq!(outruns(&b.questions[0]), None);
    }
}
