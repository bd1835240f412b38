//! Reviewing a finished session: every question with the candidate's answer, the
//! suggested or confirmed cause of each error, the domain × cause breakdown with advice,
//! the glossary of missed terms, and what changed since the previous session of the bank.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::bank::{Bank, Kind, QuestionId, letter};
use super::cause::Cause;
use super::diagnosis::{self, Suggested, Suggestion};
use super::history::record::FrozenItem;
use super::session::{Answer, Unanswered};

/// A cause the candidate confirmed or set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confirmed {
    /// One of the four root causes, or `time` / `not-reached`.
    #[serde(with = "diagnosis::by_name")]
    pub cause: Suggested,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewItem {
    /// Position on the paper.
    pub item: usize,
    pub question_id: QuestionId,
    /// Index in the bank; `None` when the question is no longer in the bank.
    pub question: Option<usize>,
    pub domain: String,
    pub domain_name: String,
    /// Shown position → option index, as the candidate saw them.
    pub order: Vec<u8>,
    /// The right answer in `Answer::selection`'s terms.
    pub correct_options: Vec<u8>,
    pub kind: Kind,
    /// Text: the accepted answers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<String>,
    /// The testlet the question was asked in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub testlet: Option<String>,
    pub answer: Answer,
    pub suggestion: Option<Suggestion>,
    pub confirmed: Option<Confirmed>,
}

impl ReviewItem {
    pub fn is_error(&self) -> bool {
        !self.answer.correct
    }

    pub fn lucky(&self) -> bool {
        diagnosis::lucky(&self.answer)
    }

    /// The cause that counts: confirmed, else suggested.
    pub fn cause(&self) -> Option<Suggested> {
        self.confirmed.as_ref().map(|c| c.cause).or_else(|| self.suggestion.as_ref().map(|s| s.suggested))
    }
}

/// The answer as the candidate gave it, in the letters they saw: the options chosen
/// (`AC`), the items in the order placed (`CADB`), the right-hand item given to each left
/// one in turn (`BDA`), or the typed text.
pub fn shown_answer(kind: Kind, order: &[u8], answer: &Answer) -> String {
    let shown = |o: &u8| order.iter().position(|x| x == o).map(letter);
    match kind {
        Kind::Text => answer.typed.clone().unwrap_or_default(),
        Kind::Order | Kind::Match => answer.selection.iter().filter_map(shown).collect(),
        Kind::Choice => {
            let mut letters: Vec<char> = answer.selection.iter().filter_map(shown).collect();
            letters.sort_unstable();
            letters.into_iter().collect()
        }
    }
}

/// Which questions the review steps through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Filter {
    /// Wrong and unanswered.
    Errors,
    All,
    /// Right but guessed.
    Lucky,
}

impl Filter {
    pub fn next(self) -> Filter {
        match self {
            Filter::Errors => Filter::All,
            Filter::All => Filter::Lucky,
            Filter::Lucky => Filter::Errors,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Filter::Errors => "wrong and unanswered",
            Filter::All => "all questions",
            Filter::Lucky => "lucky (guessed and right)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub items: Vec<ReviewItem>,
}

impl Review {
    /// Builds the review of a paper: `answers` has one entry per paper item (implied
    /// unanswered ones included); `confirmed` holds the causes set so far, by item.
    pub fn build(
        bank: &Bank,
        domains: &[(super::bank::DomainId, String)],
        paper: &[FrozenItem],
        answers: &[Answer],
        confirmed: &HashMap<usize, Confirmed>,
    ) -> Review {
        let by_id: HashMap<&QuestionId, usize> = bank.questions.iter().enumerate().map(|(i, q)| (&q.id, i)).collect();
        let items = paper
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let answer = answers.iter().find(|a| a.item == i)?.clone();
                let question = by_id.get(&f.question).copied();
                let suggestion = question.and_then(|q| diagnosis::suggest(&bank.questions[q], &answer));
                let domain_name =
                    domains.iter().find(|(d, _)| *d == f.domain).map_or_else(|| f.domain.0.clone(), |(_, n)| n.clone());
                Some(ReviewItem {
                    item: i,
                    question_id: f.question.clone(),
                    question,
                    domain: f.domain.0.clone(),
                    domain_name,
                    order: f.order.clone(),
                    correct_options: f.correct.clone(),
                    kind: f.kind,
                    accepted: f.accepted.clone(),
                    testlet: f.testlet.clone(),
                    answer,
                    suggestion,
                    confirmed: confirmed.get(&i).cloned(),
                })
            })
            .collect();
        Review { items }
    }

    /// Positions in `items` that `filter` keeps.
    pub fn select(&self, filter: Filter) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, it)| match filter {
                Filter::Errors => it.is_error(),
                Filter::All => true,
                Filter::Lucky => it.lucky(),
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn unconfirmed(&self) -> usize {
        self.items.iter().filter(|it| it.is_error() && it.confirmed.is_none()).count()
    }
}

/// Causes counted in the breakdown, in column order.
pub const COLUMNS: [&str; 6] = ["concept", "term", "misread", "reasoning", "time", "not-reached"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainBreakdown {
    pub id: String,
    pub name: String,
    pub asked: usize,
    pub errors: usize,
    /// Count per `COLUMNS` entry.
    #[serde(serialize_with = "by_column")]
    pub counts: [usize; 6],
    /// The most common of the four root causes, ties in the order concept, term, misread, reasoning.
    pub dominant: Option<Cause>,
    pub advice: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    pub domains: Vec<DomainBreakdown>,
    #[serde(serialize_with = "by_column")]
    pub totals: [usize; 6],
    pub errors: usize,
    pub lucky: usize,
    pub unconfirmed: usize,
    pub changed_right_to_wrong: usize,
    /// Terms of every missed question, counted, most missed first.
    pub missed_terms: Vec<(String, usize)>,
}

/// Counts as `{"concept": n, ...}` for scripts.
fn by_column<S: serde::Serializer>(counts: &[usize; 6], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(COLUMNS.len()))?;
    for (k, v) in COLUMNS.iter().zip(counts) {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// The cause that leads a domain's errors (counts in the order concept, term, misread,
/// reasoning): only when there are at least two errors with a cause and one cause has
/// strictly more than any other — one error or a tie is no pattern.
pub fn dominant_cause(counts: &[usize]) -> Option<Cause> {
    let four = &counts[..counts.len().min(4)];
    let total: usize = four.iter().sum();
    let top = four.iter().copied().max().unwrap_or(0);
    if total < 2 || four.iter().filter(|&&c| c == top).count() > 1 {
        return None;
    }
    four.iter().position(|&c| c == top).map(|i| Cause::ALL[i])
}

/// Several causes share the lead (at least two errors): "mixed".
pub fn mixed_causes(counts: &[usize]) -> bool {
    let four = &counts[..counts.len().min(4)];
    let top = four.iter().copied().max().unwrap_or(0);
    top > 0 && four.iter().sum::<usize>() >= 2 && four.iter().filter(|&&c| c == top).count() > 1
}

/// What to do about a domain's dominant cause.
pub fn advice(c: Cause) -> &'static str {
    match c {
        Cause::Concept => "study the domain again from a different source",
        Cause::Term => "learn the missed terms in the glossary below",
        Cause::Misread => "slow down and read every stem to the end",
        Cause::Reasoning => "practise explaining why each wrong option is wrong",
    }
}

pub fn breakdown(review: &Review, bank: &Bank) -> Breakdown {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut rows: HashMap<String, DomainBreakdown> = HashMap::new();
    let mut terms: BTreeMap<String, usize> = BTreeMap::new();
    for it in &review.items {
        let row = rows.entry(it.domain.clone()).or_insert_with(|| {
            order.push((it.domain.clone(), it.domain_name.clone()));
            DomainBreakdown {
                id: it.domain.clone(),
                name: it.domain_name.clone(),
                asked: 0,
                errors: 0,
                counts: [0; 6],
                dominant: None,
                advice: None,
            }
        });
        row.asked += 1;
        if !it.is_error() {
            continue;
        }
        row.errors += 1;
        if let Some(col) = it.cause().and_then(|c| COLUMNS.iter().position(|x| *x == c.name())) {
            row.counts[col] += 1;
        }
        if let Some(q) = it.question {
            for t in &bank.questions[q].terms {
                *terms.entry(t.clone()).or_default() += 1;
            }
        }
    }
    // Domains in blueprint order where known.
    order.sort_by_key(|(id, _)| bank.domain_index(id).unwrap_or(usize::MAX));
    let mut domains: Vec<DomainBreakdown> = order.into_iter().filter_map(|(id, _)| rows.remove(&id)).collect();
    let mut totals = [0; 6];
    for d in &mut domains {
        for (t, c) in totals.iter_mut().zip(d.counts) {
            *t += c;
        }
        d.dominant = dominant_cause(&d.counts);
        d.advice = d.dominant.map(advice);
    }
    let mut missed_terms: Vec<(String, usize)> = terms.into_iter().collect();
    missed_terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Breakdown {
        errors: review.items.iter().filter(|it| it.is_error()).count(),
        lucky: review.items.iter().filter(|it| it.lucky()).count(),
        unconfirmed: review.unconfirmed(),
        changed_right_to_wrong: review.items.iter().filter(|it| it.answer.changed_right_to_wrong()).count(),
        domains,
        totals,
        missed_terms,
    }
}

/// Each missed term with the questions that taught it (indices into `review.items`,
/// paper order), in `Breakdown::missed_terms` order: most missed first, then by name.
pub fn term_items(review: &Review, bank: &Bank) -> Vec<(String, Vec<usize>)> {
    let mut terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, it) in review.items.iter().enumerate().filter(|(_, it)| it.is_error()) {
        if let Some(q) = it.question {
            for t in &bank.questions[q].terms {
                terms.entry(t.clone()).or_default().push(i);
            }
        }
    }
    let mut out: Vec<(String, Vec<usize>)> = terms.into_iter().collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    out
}

/// The questions of `review` that `since` found `change` (indices into `review.items`,
/// paper order).
pub fn changed_items(review: &Review, since: &SinceLast, change: Change) -> Vec<usize> {
    let ids: std::collections::HashSet<&QuestionId> =
        since.questions.iter().filter(|(_, c)| *c == change).map(|(id, _)| id).collect();
    review.items.iter().enumerate().filter(|(_, it)| ids.contains(&it.question_id)).map(|(i, _)| i).collect()
}

/// How a question seen in both sessions went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Wrong before, right now.
    Fixed,
    /// Right before, wrong now.
    Slipped,
    StillMissed,
    RightBoth,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SinceLast {
    pub fixed: usize,
    pub slipped: usize,
    pub still_missed: usize,
    pub right_both: usize,
    pub questions: Vec<(QuestionId, Change)>,
}

/// Compares each question of `current` with its last answer in `earlier` (reviews of
/// earlier sessions, the latest first): a question met two sessions ago counts as much as
/// one met in the last. A question its session was abandoned before was never shown, so it
/// is not an answer.
pub fn since_earlier(current: &Review, earlier: &[Review]) -> SinceLast {
    let mut before: HashMap<&QuestionId, bool> = HashMap::new();
    for it in earlier.iter().flat_map(|r| &r.items) {
        if it.answer.unanswered != Some(Unanswered::Abandoned) {
            before.entry(&it.question_id).or_insert(it.answer.correct);
        }
    }
    let mut out = SinceLast { fixed: 0, slipped: 0, still_missed: 0, right_both: 0, questions: Vec::new() };
    for it in &current.items {
        let Some(&was) = before.get(&it.question_id) else { continue };
        let change = match (was, it.answer.correct) {
            (false, true) => {
                out.fixed += 1;
                Change::Fixed
            }
            (true, false) => {
                out.slipped += 1;
                Change::Slipped
            }
            (false, false) => {
                out.still_missed += 1;
                Change::StillMissed
            }
            (true, true) => {
                out.right_both += 1;
                Change::RightBoth
            }
        };
        out.questions.push((it.question_id.clone(), change));
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::engine::bank::DomainId;
    use crate::engine::bank::load::load_str;
    use crate::engine::session::Unanswered;

    const MINI: &str = include_str!("../../tests/fixtures/banks/valid/mini.yaml");

    fn bank() -> Bank {
        load_str("mini.yaml", MINI).expect("valid").bank
    }

    fn frozen(b: &Bank) -> Vec<FrozenItem> {
        b.questions
            .iter()
            .map(|q| FrozenItem {
                kind: Default::default(),
                partial: false,
                accepted: Vec::new(),
                testlet: None,
                question: q.id.clone(),
                domain: b.domains[q.domain].id.clone(),
                order: (0..q.options.len() as u8).collect(),
                correct: q.correct().map(|i| i as u8).collect(),
                choose: q.choose,
                new: None,
                read_secs: None,
            })
            .collect()
    }

    fn ans(item: usize, id: &str, sel: &[u8], correct: bool) -> Answer {
        Answer {
            typed: None,
            credit: None,
            item,
            question: QuestionId(id.into()),
            selection: sel.to_vec(),
            correct,
            seconds: 60.0,
            changed: false,
            held_correct: false,
            guess: false,
            at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("date"),
            unanswered: None,
        }
    }

    fn domains(b: &Bank) -> Vec<(DomainId, String)> {
        b.domains.iter().map(|d| (d.id.clone(), d.name.clone())).collect()
    }

    /// "mostly concept" was shown for a four-way tie and for one error.
    #[test]
    fn a_dominant_cause_needs_two_errors_and_a_clear_lead() {
        assert_eq!(dominant_cause(&[0, 2, 1, 0]), Some(Cause::Term));
        assert_eq!(dominant_cause(&[1, 0, 0, 0]), None, "one error");
        assert_eq!(dominant_cause(&[1, 1, 1, 1]), None, "a four-way tie");
        assert!(mixed_causes(&[1, 1, 1, 1]) && mixed_causes(&[2, 2, 0, 0]));
        assert!(!mixed_causes(&[1, 0, 0, 0]) && !mixed_causes(&[3, 1, 0, 0]));
        // Time and not-reached columns do not take part.
        assert_eq!(dominant_cause(&[0, 0, 2, 0, 9, 9]), Some(Cause::Misread));
    }

    #[test]
    fn breakdown_counts_causes_per_domain_with_advice_and_terms() {
        let b = bank();
        let mut time = ans(3, "cld-002", &[], false);
        time.unanswered = Some(Unanswered::Time);
        let answers = vec![
            ans(0, "net-001", &[1], false), // AH: term trap
            ans(1, "net-002", &[0, 1], true),
            ans(2, "cld-001", &[1], false), // provider: reasoning trap
            time,
        ];
        let r = Review::build(&b, &domains(&b), &frozen(&b), &answers, &HashMap::new());
        let bd = breakdown(&r, &b);
        assert_eq!(bd.errors, 3);
        assert_eq!(bd.domains[0].counts[1], 1);
        // One error is no pattern: no "mostly term" from a single answer.
        assert_eq!(bd.domains[0].dominant, None);
        assert_eq!(bd.domains[0].advice, None);
        assert_eq!(bd.domains[1].counts[3], 1);
        assert_eq!(bd.domains[1].counts[4], 1);
        assert_eq!(bd.totals, [0, 1, 0, 1, 1, 0]);
        assert_eq!(bd.unconfirmed, 3);
        // net-001 and cld-002 list terms; ESP, AH, SAML, OIDC once each.
        assert_eq!(bd.missed_terms.len(), 4);
        // Each term leads to the missed question that taught it.
        let terms = term_items(&r, &b);
        assert_eq!(terms.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().len(), 4);
        for (t, items) in &terms {
            assert!(!items.is_empty());
            for &i in items {
                let q = r.items[i].question.expect("in the bank");
                assert!(r.items[i].is_error() && b.questions[q].terms.contains(t), "{t}");
            }
        }
    }

    #[test]
    fn confirmed_causes_override_suggestions() {
        let b = bank();
        let answers = vec![ans(0, "net-001", &[1], false)];
        let mut c = HashMap::new();
        c.insert(0, Confirmed { cause: Suggested::Cause(Cause::Misread), note: Some("skipped NOT".into()) });
        let r = Review::build(&b, &domains(&b), &frozen(&b)[..1], &answers, &c);
        assert_eq!(r.items[0].cause().map(Suggested::name), Some("misread"));
        assert_eq!(breakdown(&r, &b).unconfirmed, 0);
    }

    #[test]
    fn filters_select_errors_all_and_lucky() {
        let b = bank();
        let mut lucky = ans(1, "net-002", &[0, 1], true);
        lucky.guess = true;
        let answers = vec![ans(0, "net-001", &[1], false), lucky];
        let r = Review::build(&b, &domains(&b), &frozen(&b)[..2], &answers, &HashMap::new());
        assert_eq!(r.select(Filter::Errors), vec![0]);
        assert_eq!(r.select(Filter::All), vec![0, 1]);
        assert_eq!(r.select(Filter::Lucky), vec![1]);
    }

    #[test]
    fn since_last_classifies_shared_questions() {
        let b = bank();
        let f = frozen(&b);
        let before = Review::build(
            &b,
            &domains(&b),
            &f,
            &[
                ans(0, "net-001", &[1], false),
                ans(1, "net-002", &[0, 1], true),
                ans(2, "cld-001", &[1], false),
                ans(3, "cld-002", &[0], true),
            ],
            &HashMap::new(),
        );
        let now = Review::build(
            &b,
            &domains(&b),
            &f,
            &[
                ans(0, "net-001", &[0], true),
                ans(1, "net-002", &[0], false),
                ans(2, "cld-001", &[1], false),
                ans(3, "cld-002", &[0], true),
            ],
            &HashMap::new(),
        );
        let s = since_earlier(&now, std::slice::from_ref(&before));
        assert_eq!((s.fixed, s.slipped, s.still_missed, s.right_both), (1, 1, 1, 1));
        assert_eq!(changed_items(&now, &s, Change::Slipped), vec![1]);
        assert_eq!(changed_items(&now, &s, Change::StillMissed), vec![2]);
    }

    /// Each question is compared with its own last answer: the latest session that asked
    /// it wins, one asked only sessions ago still counts, and a question an abandoned
    /// session never reached is no answer.
    #[test]
    fn since_earlier_takes_each_questions_last_answer() {
        let b = bank();
        let f = frozen(&b);
        let review = |answers: &[Answer]| Review::build(&b, &domains(&b), &f, answers, &HashMap::new());
        let oldest = review(&[ans(0, "net-001", &[1], false), ans(2, "cld-001", &[0], true)]);
        let mut never_shown = ans(3, "cld-002", &[], false);
        never_shown.unanswered = Some(Unanswered::Abandoned);
        let last = review(&[ans(0, "net-001", &[0], true), never_shown]);
        let now = review(&[
            ans(0, "net-001", &[1], false),
            ans(1, "net-002", &[0], true),
            ans(2, "cld-001", &[1], false),
            ans(3, "cld-002", &[0], true),
        ]);
        let s = since_earlier(&now, &[last, oldest]);
        // net-001: right last time, wrong now; cld-001: right two sessions ago, wrong now;
        // net-002 was never asked and cld-002 never shown.
        assert_eq!((s.fixed, s.slipped, s.still_missed, s.right_both), (0, 2, 0, 0));
        assert_eq!(changed_items(&now, &s, Change::Slipped), vec![0, 2]);
    }

    #[test]
    fn a_removed_question_is_kept_without_suggestion() {
        let b = bank();
        let mut f = frozen(&b);
        f[0].question = QuestionId("gone-1".into());
        let r = Review::build(&b, &domains(&b), &f[..1], &[ans(0, "gone-1", &[1], false)], &HashMap::new());
        assert_eq!(r.items[0].question, None);
        assert!(r.items[0].suggestion.is_none());
    }
}
