//! The suggested root cause of each wrong or unanswered question, from the evidence the
//! session holds: time-up, traps on the chosen options, answering faster than the question
//! can be read, a right answer changed, or (with low confidence) a misunderstood concept.

use serde::Serialize;

use super::bank::{Kind, Question};
use super::cause::Cause;
use super::session::{Answer, Unanswered};

/// Reading speed used to estimate how long a question takes to read.
pub const WORDS_PER_MINUTE: f64 = 230.0;
/// An answer faster than this share of the reading time suggests a misread.
pub const MISREAD_SHARE: f64 = 0.4;

/// What the engine proposes for one wrong or unanswered question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Suggested {
    /// One of the four root causes.
    Cause(Cause),
    /// Not reached or not submitted before time ran out (an execution signal).
    Time,
    /// Not reached because the session was abandoned.
    NotReached,
}

impl Suggested {
    /// Every cause a question can be given, in the breakdown's column order.
    pub const ALL: [Suggested; 6] = [
        Suggested::Cause(Cause::Concept),
        Suggested::Cause(Cause::Term),
        Suggested::Cause(Cause::Misread),
        Suggested::Cause(Cause::Reasoning),
        Suggested::Time,
        Suggested::NotReached,
    ];

    /// The name journals, exports and screens use: `concept` … `reasoning`, `time`,
    /// `not-reached`.
    pub fn name(self) -> &'static str {
        match self {
            Suggested::Cause(c) => c.name(),
            Suggested::Time => "time",
            Suggested::NotReached => "not-reached",
        }
    }

    pub fn from_name(name: &str) -> Option<Suggested> {
        Suggested::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl std::fmt::Display for Suggested {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Serde as the cause's name (`"misread"`), for journals and confirmed causes; a name
/// this build does not know is refused, never guessed.
pub mod by_name {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Suggested;

    pub fn serialize<S: Serializer>(s: &Suggested, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Suggested, D::Error> {
        let name = String::deserialize(de)?;
        Suggested::from_name(&name).ok_or_else(|| {
            let known: Vec<&str> = Suggested::ALL.iter().map(|s| s.name()).collect();
            serde::de::Error::custom(format!("unknown cause `{name}` (known: {})", known.join(", ")))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub suggested: Suggested,
    /// Why, in words for the candidate.
    pub reason: String,
    /// Nothing pointed at a cause: the default guess.
    pub low_confidence: bool,
    /// The selection held the correct answer before it was changed.
    pub changed_right_answer: bool,
}

/// Share of answers faster than `MISREAD_SHARE` of their reading time that makes a whole
/// session rushed: it does not count toward readiness.
pub const RUSHED_SHARE: f64 = 0.25;

/// More than `RUSHED_SHARE` of `given` answers were `fast`.
pub fn is_rushed(fast: usize, given: usize) -> bool {
    given > 0 && fast as f64 > RUSHED_SHARE * given as f64
}

/// Of the answers given in `session` (over `bank`), how many came faster than their
/// question can be read, and how many were given.
pub fn fast_answers(bank: &super::bank::Bank, session: &super::session::Session) -> (usize, usize) {
    let given: Vec<&Answer> = session.answers().iter().filter(|a| a.unanswered.is_none()).collect();
    let fast = given
        .iter()
        .filter(|a| {
            let q = session.paper.items.get(a.item).and_then(|it| bank.questions.get(it.question));
            q.is_some_and(|q| a.seconds < MISREAD_SHARE * reading_seconds(q))
        })
        .count();
    (fast, given.len())
}

/// Seconds a question takes to read at `WORDS_PER_MINUTE`.
pub fn reading_seconds(q: &Question) -> f64 {
    q.word_count() as f64 / WORDS_PER_MINUTE * 60.0
}

/// The suggestion for `answer` to `q`, or `None` when it was right.
pub fn suggest(q: &Question, answer: &Answer) -> Option<Suggestion> {
    if answer.correct {
        return None;
    }
    let changed_right_answer = answer.changed_right_to_wrong();
    let make = |suggested, reason: String, low_confidence| {
        Some(Suggestion { suggested, reason, low_confidence, changed_right_answer })
    };
    match answer.unanswered {
        // Never on screen (no time spent on it): not reached, apart from the one time ran
        // out on, which shows the pacing.
        Some(Unanswered::Time) if answer.seconds == 0.0 => {
            return make(Suggested::NotReached, "time ran out before it was reached".into(), false);
        }
        Some(Unanswered::Time) => return make(Suggested::Time, "time ran out before it was answered".into(), false),
        Some(Unanswered::Abandoned) => {
            return make(Suggested::NotReached, "the session was abandoned before it was answered".into(), false);
        }
        _ => {}
    }
    // Traps on the wrong options chosen: the most common; ties in the order of `Cause`.
    // Only choice options carry traps.
    let choices: &[u8] = if q.kind == Kind::Choice { &answer.selection } else { &[] };
    let trapped: Vec<(usize, Cause)> = choices
        .iter()
        .filter_map(|&o| q.options.get(o as usize).map(|opt| (o as usize, opt)))
        .filter(|(_, opt)| !opt.correct)
        .filter_map(|(i, opt)| opt.trap.map(|t| (i, t)))
        .collect();
    let count = |c: Cause| trapped.iter().filter(|(_, t)| *t == c).count();
    let best = Cause::ALL.into_iter().filter(|&c| count(c) > 0).max_by(|a, b| count(*a).cmp(&count(*b)).then(b.cmp(a)));
    if let Some(cause) = best {
        let (i, _) = trapped.iter().find(|(_, t)| *t == cause).copied().unwrap_or((0, cause));
        let opt = &q.options[i];
        let why = opt.why.as_deref().map(|w| format!(": {w}")).unwrap_or_default();
        return make(Suggested::Cause(cause), format!("you chose “{}” — a {cause} trap{why}", opt.text), false);
    }
    let read = reading_seconds(q);
    if answer.unanswered.is_none() && answer.seconds < MISREAD_SHARE * read {
        return make(
            Suggested::Cause(Cause::Misread),
            format!("answered in {:.0} s; reading the question takes about {:.0} s", answer.seconds, read),
            false,
        );
    }
    if changed_right_answer {
        return make(
            Suggested::Cause(Cause::Reasoning),
            "your selection held the right answer before you changed it (second-guessing)".into(),
            false,
        );
    }
    if answer.unanswered.is_none()
        && let Some(typed) = &answer.typed
        && let Some(close) = q.answers.iter().find(|a| near_miss(typed, a))
    {
        return make(
            Suggested::Cause(Cause::Term),
            format!("you typed “{typed}”, close to the accepted “{close}”: the exact term is what counts"),
            false,
        );
    }
    let reason = match (answer.unanswered, q.kind) {
        (Some(Unanswered::Skipped), _) => "skipped without an answer; nothing else points at a cause".to_owned(),
        (None, Kind::Order | Kind::Match) => {
            let right = answer.selection.iter().enumerate().filter(|&(i, &s)| usize::from(s) == i).count();
            let what = if q.kind == Kind::Order { "in place" } else { "matched" };
            format!("{right} of {} {what}; nothing else points at a cause", q.choose)
        }
        _ => "nothing in the answer points at another cause".to_owned(),
    };
    make(Suggested::Cause(Cause::Concept), reason, true)
}

/// A typed answer one slip from an accepted one: the same letters and digits once case,
/// spaces and punctuation are set aside, or at most two edits apart on a long answer.
fn near_miss(typed: &str, accepted: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let (t, a) = (squash(typed), squash(accepted));
    !t.is_empty() && (t == a || (a.chars().count() >= 8 && strsim::levenshtein(&t, &a) <= 2))
}

/// Right, but flagged as a guess: not yet known.
pub fn lucky(answer: &Answer) -> bool {
    answer.correct && answer.guess
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::engine::bank::load::load_str;
    use crate::engine::bank::{Bank, QuestionId};

    const MINI: &str = include_str!("../../tests/fixtures/banks/valid/mini.yaml");

    fn bank() -> Bank {
        load_str("mini.yaml", MINI).expect("valid").bank
    }

    fn answer(sel: &[u8], secs: f64) -> Answer {
        Answer {
            typed: None,
            credit: None,
            item: 0,
            question: QuestionId("net-001".into()),
            selection: sel.to_vec(),
            correct: false,
            seconds: secs,
            changed: false,
            held_correct: false,
            guess: false,
            at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("date"),
            unanswered: None,
        }
    }

    #[test]
    fn right_answers_get_no_suggestion() {
        let b = bank();
        let mut a = answer(&[0], 30.0);
        a.correct = true;
        assert_eq!(suggest(&b.questions[0], &a), None);
    }

    /// The breakdown's not-reached column was never used: after time-up, the questions
    /// never on screen are not reached; the one time ran out on is time.
    #[test]
    fn time_up_is_an_execution_signal() {
        let b = bank();
        let mut a = answer(&[], 42.0);
        a.unanswered = Some(Unanswered::Time);
        assert_eq!(suggest(&b.questions[0], &a).map(|s| s.suggested), Some(Suggested::Time));
        a.seconds = 0.0;
        assert_eq!(suggest(&b.questions[0], &a).map(|s| s.suggested), Some(Suggested::NotReached));
    }

    #[test]
    fn a_trap_names_its_cause_even_when_fast() {
        let b = bank();
        // Option 1 (AH) carries `trap: term`.
        let s = suggest(&b.questions[0], &answer(&[1], 0.5)).expect("wrong");
        assert_eq!(s.suggested, Suggested::Cause(Cause::Term));
        assert!(s.reason.contains("AH") && s.reason.contains("term trap"), "{}", s.reason);
    }

    #[test]
    fn several_traps_take_the_most_common_then_the_first_in_order() {
        let mut b = bank();
        let q = &mut b.questions[1];
        // Options 2 (concept) and 3 (misread) chosen: a tie goes to concept.
        let s = suggest(q, &answer(&[2, 3], 60.0)).expect("wrong");
        assert_eq!(s.suggested, Suggested::Cause(Cause::Concept));
        q.options[2].trap = Some(Cause::Misread);
        let s = suggest(q, &answer(&[2, 3], 60.0)).expect("wrong");
        assert_eq!(s.suggested, Suggested::Cause(Cause::Misread));
    }

    #[test]
    fn too_fast_to_have_read_it_is_a_misread() {
        let b = bank();
        let q = &b.questions[0];
        let read = reading_seconds(q);
        // Option 3 (GRE) has no trap.
        let fast = suggest(q, &answer(&[3], read * 0.39)).expect("wrong");
        assert_eq!(fast.suggested, Suggested::Cause(Cause::Misread));
        let slow = suggest(q, &answer(&[3], read * 0.41)).expect("wrong");
        assert_eq!(slow.suggested, Suggested::Cause(Cause::Concept));
        assert!(slow.low_confidence);
    }

    #[test]
    fn changing_away_from_the_right_answer_is_reasoning() {
        let b = bank();
        let mut a = answer(&[3], 60.0);
        a.changed = true;
        a.held_correct = true;
        let s = suggest(&b.questions[0], &a).expect("wrong");
        assert_eq!(s.suggested, Suggested::Cause(Cause::Reasoning));
        assert!(s.changed_right_answer);
    }

    #[test]
    fn skipped_and_abandoned() {
        let b = bank();
        let mut a = answer(&[], 60.0);
        a.unanswered = Some(Unanswered::Skipped);
        let s = suggest(&b.questions[0], &a).expect("wrong");
        assert_eq!((s.suggested, s.low_confidence), (Suggested::Cause(Cause::Concept), true));
        a.unanswered = Some(Unanswered::Abandoned);
        assert_eq!(suggest(&b.questions[0], &a).map(|s| s.suggested), Some(Suggested::NotReached));
    }

    #[test]
    fn guessed_and_right_is_lucky() {
        let mut a = answer(&[0], 10.0);
        a.correct = true;
        a.guess = true;
        assert!(lucky(&a));
    }
}
