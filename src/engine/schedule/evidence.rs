//! The review evidence of one bank, read from the session journals: every answer of every
//! session (simulations and drills, finished, interrupted or running), graded.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::grade::grade;
use super::memory::Review;
use crate::engine::bank::{Bank, QuestionId};
use crate::engine::history::Stored;
use crate::engine::session::Unanswered;

/// The bank's pace: seconds per question of its own full simulation.
pub fn pace_secs(bank: &Bank) -> f64 {
    f64::from(bank.exam.minutes) * 60.0 / f64::from(bank.exam.questions.max(1))
}

/// The reviews of `bank` in `sessions`, with `day_of` turning a moment into the
/// candidate's calendar day. Not evidence, and left out: questions the candidate never
/// reached (abandoned before them, or time ran out with no second on them), and questions
/// no longer in the bank.
pub fn reviews(bank: &Bank, sessions: &[Stored], day_of: impl Fn(DateTime<Utc>) -> NaiveDate) -> Vec<Review> {
    let index: HashMap<&QuestionId, usize> = bank.questions.iter().enumerate().map(|(i, q)| (&q.id, i)).collect();
    let pace = pace_secs(bank);
    let mut out = Vec::new();
    let mut ordered: Vec<&Stored> = sessions.iter().filter(|s| s.start.bank_id == bank.exam.id).collect();
    ordered.sort_by(|a, b| (a.start.started_at, a.id()).cmp(&(b.start.started_at, b.id())));
    for s in ordered {
        for a in s.complete_answers() {
            let reached = match a.unanswered {
                Some(Unanswered::Abandoned) => false,
                Some(Unanswered::Time) => a.seconds > 0.0,
                _ => true,
            };
            let Some(&i) = index.get(&a.question) else { continue };
            if reached {
                out.push(Review {
                    question: a.question.clone(),
                    index: i,
                    domain: bank.questions[i].domain,
                    day: day_of(a.at),
                    grade: grade(&a, pace),
                    mode: s.start.mode,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::engine::bank::DomainId;
    use crate::engine::history::record::{AnswerRecord, Body, ExamInfo, FinishRecord, FrozenItem, Record, StartRecord};
    use crate::engine::history::{ReadJournal, Stored};
    use crate::engine::schedule::Grade;
    use crate::engine::session::{Answer, FinishReason, Mode, Settings};
    use crate::engine::testing::bank;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date") + Duration::seconds(secs)
    }

    /// A drill of `ids`, the first answered right in 10 s and the second wrongly, then
    /// ended for `reason` at 100 s.
    fn session(ids: &[&str], reason: FinishReason) -> Stored {
        let start = StartRecord {
            session: "s".into(),
            bank_id: "t".into(),
            bank_title: "T".into(),
            bank_sha256: "00".into(),
            bank_source: "t".into(),
            mode: Mode::Drill,
            seed: 1,
            settings: Settings { mode: Mode::Drill, limit_secs: Some(600), feedback: false, full_length: false },
            exam: ExamInfo { questions: 10, minutes: 10, passing_score: 70, buffer: 10 },
            domains: vec![(DomainId("net".into()), "Network".into())],
            paper: ids
                .iter()
                .map(|q| FrozenItem {
                    kind: Default::default(),
                    partial: false,
                    accepted: Vec::new(),
                    testlet: None,
                    question: QuestionId((*q).into()),
                    domain: DomainId("net".into()),
                    order: vec![0, 1, 2, 3],
                    correct: vec![0],
                    choose: 1,
                    new: None,
                    read_secs: None,
                })
                .collect(),
            started_at: t(0),
            deadline: Some(t(600)),
        };
        let answer = |item: usize, correct: bool, at: i64| {
            Record::new(Body::Answer(AnswerRecord {
                seq: item,
                answer: Answer {
                    item,
                    question: QuestionId(ids[item].into()),
                    selection: vec![if correct { 0 } else { 1 }],
                    typed: None,
                    credit: None,
                    correct,
                    seconds: 10.0,
                    changed: false,
                    held_correct: correct,
                    guess: false,
                    at: t(at),
                    unanswered: None,
                },
            }))
        };
        let records = vec![
            Record::new(Body::Start(Box::new(start.clone()))),
            answer(0, true, 10),
            answer(1, false, 20),
            Record::new(Body::Finish(FinishRecord { reason, finished_at: t(100), clock_anomaly: false })),
        ];
        Stored { path: "s.jsonl".into(), journal: ReadJournal { records, good_len: 0, torn_tail: false }, start }
    }

    fn graded(r: &[Review]) -> Vec<(&str, Grade)> {
        r.iter().map(|x| (x.question.0.as_str(), x.grade)).collect()
    }

    #[test]
    fn every_answer_is_evidence_but_questions_never_reached_are_not() {
        let b = bank(2);
        let day = |_: DateTime<Utc>| NaiveDate::from_ymd_opt(2026, 3, 1).expect("day");
        // Time ran out on q2 (on screen for 80 s); q3 was never reached; `gone` is no longer
        // in the bank. Pace: 60 s a question, so 10 s is easy.
        let s = session(&["q0", "q1", "q2", "q3", "gone"], FinishReason::TimeUp);
        assert_eq!(graded(&reviews(&b, &[s], day)), [("q0", Grade::Easy), ("q1", Grade::Again), ("q2", Grade::Again)]);
        // Abandoned: the questions not answered are not evidence.
        let s = session(&["q0", "q1", "q2"], FinishReason::Abandoned);
        assert_eq!(graded(&reviews(&b, &[s], day)), [("q0", Grade::Easy), ("q1", Grade::Again)]);
        // Another bank's sessions are not this bank's evidence.
        let mut other = session(&["q0", "q1"], FinishReason::Completed);
        other.start.bank_id = "other".into();
        assert!(reviews(&b, &[other], day).is_empty());
    }
}
