//! Builders shared by the engine's unit tests: a small bank and session summaries.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::bank::{Bank, Choice, Domain, DomainId, Exam, Kind, Question, QuestionId};
use super::history::{DomainSummary, Summary};
use super::scoring::{meets, percent};
use super::session::{FinishReason, Mode};

/// Three domains `net` 50, `cloud` 30, `end` 20 with `per` questions each (option A right,
/// option D pinned); passing 70, buffer 10 (target 80); a full simulation is 10 questions.
pub fn bank(per: usize) -> Bank {
    let domains: Vec<Domain> = [("net", "Network", 50), ("cloud", "Cloud", 30), ("end", "Endpoint", 20)]
        .iter()
        .map(|(id, name, w)| Domain {
            id: DomainId((*id).into()),
            name: (*name).into(),
            weight: *w,
            objectives: vec![],
        })
        .collect();
    let questions = (0..3 * per)
        .map(|i| Question {
            id: QuestionId(format!("q{i}")),
            domain: i % 3,
            stem: format!("stem {i}"),
            kind: Kind::Choice,
            choose: 1,
            options: (0..4)
                .map(|o| Choice { text: format!("o{o}"), correct: o == 0, why: None, trap: None, pin: o == 3 })
                .collect(),
            lefts: vec![],
            answers: vec![],
            partial: false,
            exhibit: None,
            testlet: None,
            explanation: None,
            terms: vec![],
            refs: vec![],
            difficulty: None,
            objective: None,
            enemies: vec![],
        })
        .collect();
    let exam = Exam {
        id: "t".into(),
        title: "T".into(),
        vendor: None,
        minutes: 10,
        questions: 10,
        passing_score: 70,
        buffer: 10,
        description: None,
        blueprint: None,
    };
    Bank { exam, domains, questions, testlets: vec![] }
}

pub fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).single().expect("date") + Duration::days(n)
}

/// A finished full simulation on day `n` with per-domain (correct, asked).
pub fn sim(n: i64, domains: &[(usize, usize)]) -> Summary {
    let ids = ["net", "cloud", "end"];
    let names = ["Network", "Cloud", "Endpoint"];
    let correct: usize = domains.iter().map(|d| d.0).sum();
    let questions: usize = domains.iter().map(|d| d.1).sum();
    Summary {
        id: format!("s{n}"),
        bank_id: "t".into(),
        family: None,
        bank_title: "T".into(),
        mode: Mode::Simulation,
        full_length: true,
        seed: 0,
        started_at: day(n),
        finished_at: Some(day(n)),
        finish: Some(FinishReason::Completed),
        questions,
        answered: questions,
        correct,
        credit_units: None,
        score: percent(correct, questions),
        passing_score: 70,
        target: 80,
        passed: meets(correct, questions, 70),
        domains: domains
            .iter()
            .enumerate()
            .map(|(i, &(c, a))| DomainSummary {
                id: ids[i].into(),
                name: names[i].into(),
                asked: a,
                correct: c,
                fresh: None,
            })
            .collect(),
        clock_anomaly: false,
        torn_tail: false,
        unconfirmed: 0,
        new_questions: None,
        fresh_score: None,
        rushed: false,
    }
}
