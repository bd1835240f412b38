//! How well one answer shows a question is known: the four grades a spaced-repetition
//! scheduler takes, read from the evidence the journal keeps (right or wrong, the guess
//! flag, a right answer changed away and back, the time taken against the bank's pace).

use serde::Serialize;

use crate::engine::session::Answer;

/// A right answer in less than this share of the bank's seconds per question is "easy":
/// well under the pace the exam allows.
pub const EASY_SHARE_OF_PACE: f64 = 0.5;

/// The grade of one answer, from worst to best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// Wrong, or not answered: the question comes back soon.
    Again,
    /// Right, but by a guess or after second-guessing: known shakily.
    Hard,
    /// Right.
    Good,
    /// Right, well under the bank's pace.
    Easy,
}

impl Grade {
    /// Missed or shaky: a grade that must come up again before the exam date.
    pub fn at_risk(self) -> bool {
        matches!(self, Grade::Again | Grade::Hard)
    }
}

/// The grade of answer `a` on a bank whose pace is `pace_secs` seconds per question.
///
/// A guess that happened to be right, or a right answer that was changed away and back
/// (`changed` and `held_correct`, and right in the end), is no evidence of knowing: Hard.
/// Partial credit is not right: Again.
pub fn grade(a: &Answer, pace_secs: f64) -> Grade {
    if !a.correct || a.unanswered.is_some() {
        return Grade::Again;
    }
    if a.guess || (a.changed && a.held_correct) {
        return Grade::Hard;
    }
    if pace_secs > 0.0 && a.seconds < EASY_SHARE_OF_PACE * pace_secs {
        return Grade::Easy;
    }
    Grade::Good
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::engine::bank::QuestionId;
    use crate::engine::session::Unanswered;

    fn answer(correct: bool, seconds: f64) -> Answer {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).single().expect("date");
        let mut a = Answer::unanswered(0, QuestionId("q".into()), seconds, at, Unanswered::Skipped);
        a.unanswered = None;
        a.correct = correct;
        a.selection = vec![0];
        a
    }

    #[test]
    fn the_rating_mapping_follows_the_evidence() {
        // Pace 60 s a question: easy under 30 s.
        assert_eq!(grade(&answer(false, 40.0), 60.0), Grade::Again, "wrong");
        let mut skipped = answer(false, 40.0);
        skipped.unanswered = Some(Unanswered::Skipped);
        assert_eq!(grade(&skipped, 60.0), Grade::Again, "unanswered");
        let mut timed_out = answer(false, 5.0);
        timed_out.unanswered = Some(Unanswered::Time);
        assert_eq!(grade(&timed_out, 60.0), Grade::Again, "time ran out");
        let mut guessed = answer(true, 10.0);
        guessed.guess = true;
        assert_eq!(grade(&guessed, 60.0), Grade::Hard, "right by a guess, however fast");
        let mut back = answer(true, 10.0);
        back.changed = true;
        back.held_correct = true;
        assert_eq!(grade(&back, 60.0), Grade::Hard, "changed away from the right answer and back");
        let mut changed_to_right = answer(true, 40.0);
        changed_to_right.changed = true;
        assert_eq!(grade(&changed_to_right, 60.0), Grade::Good, "a change that never left the right answer");
        let mut away = answer(false, 40.0);
        away.changed = true;
        away.held_correct = true;
        assert_eq!(grade(&away, 60.0), Grade::Again, "changed away from the right answer and left it");
        assert_eq!(grade(&answer(true, 40.0), 60.0), Grade::Good, "right");
        assert_eq!(grade(&answer(true, 30.0), 60.0), Grade::Good, "half the pace is not well under it");
        assert_eq!(grade(&answer(true, 29.0), 60.0), Grade::Easy, "right, well under the pace");
        let mut partial = answer(false, 10.0);
        partial.credit = Some(0.5);
        assert_eq!(grade(&partial, 60.0), Grade::Again, "partly right is not right");
    }

    #[test]
    fn missed_and_shaky_are_at_risk() {
        assert!(Grade::Again.at_risk() && Grade::Hard.at_risk());
        assert!(!Grade::Good.at_risk() && !Grade::Easy.at_risk());
    }
}
