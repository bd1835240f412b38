//! Records for the store's tests: a two-question start, answers, a finish.

use chrono::{Duration, TimeZone, Utc};

use super::record::{AnswerRecord, ExamInfo, FinishRecord, FrozenItem};
use super::*;
use crate::engine::bank::{DomainId, QuestionId};
use crate::engine::session::{Answer, FinishReason, Mode, Settings};

pub(super) fn start(id: &str) -> StartRecord {
    let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
    StartRecord {
        session: id.into(),
        bank_id: "mini".into(),
        bank_title: "Mini".into(),
        bank_sha256: "00".into(),
        bank_source: "mini.yaml".into(),
        mode: Mode::Simulation,
        seed: 7,
        settings: Settings { mode: Mode::Simulation, limit_secs: Some(600), feedback: false, full_length: true },
        exam: ExamInfo { questions: 2, minutes: 10, passing_score: 70, buffer: 10 },
        domains: vec![(DomainId("net".into()), "Network".into())],
        paper: (0..2)
            .map(|i| FrozenItem {
                kind: Default::default(),
                partial: false,
                accepted: Vec::new(),
                testlet: None,
                question: QuestionId(format!("q{i}")),
                domain: DomainId("net".into()),
                order: vec![0, 1],
                correct: vec![0],
                choose: 1,
                new: None,
                read_secs: None,
            })
            .collect(),
        started_at: t,
        deadline: Some(t + Duration::seconds(600)),
    }
}

pub(super) fn answer(item: usize, correct: bool, secs: i64) -> Record {
    let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date") + Duration::seconds(secs);
    Record::new(Body::Answer(AnswerRecord {
        seq: item,
        answer: Answer {
            typed: None,
            credit: None,
            item,
            question: QuestionId(format!("q{item}")),
            selection: vec![if correct { 0 } else { 1 }],
            correct,
            seconds: 5.0,
            changed: false,
            held_correct: correct,
            guess: false,
            unanswered: None,
            at: t,
        },
    }))
}

pub(super) fn finish(secs: i64) -> Record {
    let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date") + Duration::seconds(secs);
    Record::new(Body::Finish(FinishRecord { reason: FinishReason::Completed, finished_at: t, clock_anomaly: false }))
}
