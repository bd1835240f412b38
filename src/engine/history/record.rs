//! Journal records: one JSON object per line, each with a schema version `v` and a `type`.
//! A journal is a `start` record, an `answer` per submitted answer, `diagnosis` records
//! added during review, and a closing `finish`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::engine::bank::{DomainId, Kind, QuestionId};
use crate::engine::session::{Answer, FinishReason, ItemKey, Mode, Settings};

/// The newest schema this build writes and reads. Version 2 added the item types
/// (order, match and text answers, partial credit) and testlets; a record that uses none
/// of them is still written as version 1, so older builds keep reading it.
pub const SCHEMA_VERSION: u32 = 2;

/// One question of the frozen paper, self-contained so a session can be scored and
/// reviewed even after its bank changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenItem {
    pub question: QuestionId,
    pub domain: DomainId,
    /// Shown position → option index in the bank at the time.
    pub order: Vec<u8>,
    pub correct: Vec<u8>,
    pub choose: usize,
    #[serde(default, skip_serializing_if = "is_choice")]
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Text: the accepted answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<String>,
    /// The testlet the item was asked in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub testlet: Option<String>,
    /// The candidate had never been shown this question before this paper (unknown in
    /// journals written before this was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<bool>,
    /// Seconds the question takes to read at the diagnosis reading speed, to tell a
    /// considered answer from a rushed one without the bank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_secs: Option<u32>,
}

/// The frozen paper of `session`, drawn from `bank`.
pub fn freeze(bank: &crate::engine::bank::Bank, session: &crate::engine::session::Session) -> Vec<FrozenItem> {
    session
        .paper
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let q = &bank.questions[it.question];
            FrozenItem {
                question: q.id.clone(),
                domain: bank.domains[q.domain].id.clone(),
                order: it.order.clone(),
                correct: session.item_correct(i).to_vec(),
                choose: q.choose,
                kind: q.kind,
                partial: q.partial,
                accepted: q.answers.clone(),
                testlet: it.testlet.clone(),
                new: None,
                read_secs: Some(crate::engine::diagnosis::reading_seconds(q).ceil() as u32),
            }
        })
        .collect()
}

fn is_choice(k: &Kind) -> bool {
    *k == Kind::Choice
}

impl FrozenItem {
    /// The session's key for this item, with its domain index in the bank read now.
    pub fn key(&self, domain: usize) -> ItemKey {
        ItemKey {
            question: self.question.clone(),
            domain,
            choose: self.choose,
            correct: self.correct.clone(),
            kind: self.kind,
            partial: self.partial,
            accepted: self.accepted.clone(),
            testlet: self.testlet.clone(),
        }
    }
}

/// The exam settings of the bank when the session started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamInfo {
    pub questions: u32,
    pub minutes: u32,
    pub passing_score: u8,
    pub buffer: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartRecord {
    pub session: String,
    pub bank_id: String,
    pub bank_title: String,
    pub bank_sha256: String,
    /// Where the bank was loaded from (a path, or `<bundled>/NAME`), to find it again.
    #[serde(default)]
    pub bank_source: String,
    pub mode: Mode,
    pub seed: u64,
    pub settings: Settings,
    pub exam: ExamInfo,
    /// Domain names by id at the time, for reports without the bank.
    pub domains: Vec<(DomainId, String)>,
    pub paper: Vec<FrozenItem>,
    pub started_at: DateTime<Utc>,
    pub deadline: Option<DateTime<Utc>>,
}

impl StartRecord {
    /// The content family of the bank the session was drawn from.
    pub fn family(&self) -> String {
        crate::engine::bank::family_of(self.domains.iter().map(|(d, _)| d.0.as_str()))
    }

    /// Whether the session was drawn from the bank with `key`.
    pub fn is_of(&self, key: &crate::engine::bank::BankKey) -> bool {
        self.bank_id == key.id && self.family() == key.family
    }
}

/// A submitted answer: its sequence number, then the engine's own record of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub seq: usize,
    #[serde(flatten)]
    pub answer: Answer,
}

impl AnswerRecord {
    pub fn from_answer(a: &Answer) -> Self {
        AnswerRecord { seq: a.item, answer: a.clone() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosisRecord {
    pub item: usize,
    pub question: QuestionId,
    #[serde(with = "crate::engine::diagnosis::by_name")]
    pub cause: crate::engine::diagnosis::Suggested,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// The answers of a testlet when it was left (or the session ended inside it), final
/// and in paper order: one line, so a testlet is left entirely or not at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaveRecord {
    pub answers: Vec<Answer>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinishRecord {
    pub reason: FinishReason,
    pub finished_at: DateTime<Utc>,
    #[serde(default)]
    pub clock_anomaly: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Body {
    Start(Box<StartRecord>),
    Answer(AnswerRecord),
    /// An answer given inside a testlet, open to change until the testlet is left; a
    /// later draft of the same item replaces it.
    Draft(AnswerRecord),
    Leave(LeaveRecord),
    Diagnosis(DiagnosisRecord),
    Finish(FinishRecord),
}

impl Body {
    /// Whether the record uses anything schema version 1 cannot express.
    fn needs_v2(&self) -> bool {
        let new_answer = |a: &Answer| a.typed.is_some() || a.credit.is_some();
        match self {
            Body::Start(s) => s.paper.iter().any(|p| p.kind != Kind::Choice || p.testlet.is_some()),
            Body::Answer(a) => new_answer(&a.answer),
            Body::Draft(_) | Body::Leave(_) => true,
            Body::Diagnosis(_) | Body::Finish(_) => false,
        }
    }
}

/// A journal line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub v: u32,
    #[serde(flatten)]
    pub body: Body,
}

impl Record {
    pub fn new(body: Body) -> Self {
        Record { v: if body.needs_v2() { SCHEMA_VERSION } else { 1 }, body }
    }

    /// The wall-clock time the record was made, for clock-anomaly checks.
    pub fn at(&self) -> DateTime<Utc> {
        match &self.body {
            Body::Start(s) => s.started_at,
            Body::Answer(a) | Body::Draft(a) => a.answer.at,
            Body::Leave(l) => l.at,
            Body::Diagnosis(d) => d.at,
            Body::Finish(f) => f.finished_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_written_by_name_and_unknown_names_are_refused() {
        let line =
            r#"{"v":1,"type":"diagnosis","item":0,"question":"q1","cause":"not-reached","at":"2026-03-01T09:00:00Z"}"#;
        let r: Record = serde_json::from_str(line).expect("a known cause");
        assert!(matches!(&r.body, Body::Diagnosis(d) if d.cause == crate::engine::diagnosis::Suggested::NotReached));
        assert_eq!(serde_json::to_string(&r).expect("encode"), line);
        let bogus = line.replace("not-reached", "bad-luck");
        let err = serde_json::from_str::<Record>(&bogus).expect_err("an unknown cause");
        assert!(err.to_string().contains("unknown cause `bad-luck`"), "{err}");
    }
}
