//! One line of `index.json`: what listing, statistics and readiness need about a session,
//! computed from its journal alone (the bank may have changed since).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Stored;
use crate::engine::scoring::{meets, percent};
use crate::engine::session::{FinishReason, Mode};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainSummary {
    pub id: String,
    pub name: String,
    pub asked: usize,
    pub correct: usize,
    /// Of those, questions new to the candidate (absent when not recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fresh: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub bank_id: String,
    /// The content family of the bank (`bank::family_of` its domains at the time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    pub bank_title: String,
    pub mode: Mode,
    /// A full simulation with the bank's own count and time.
    pub full_length: bool,
    pub seed: u64,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// `None` while in progress or interrupted.
    pub finish: Option<FinishReason>,
    pub questions: usize,
    pub answered: usize,
    /// Questions answered fully right.
    pub correct: usize,
    /// Questions earned in `CREDIT_UNITS`, when partial credit made it differ from
    /// `correct`; `score` and `passed` are from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_units: Option<usize>,
    pub score: f64,
    pub passing_score: u8,
    pub target: u8,
    pub passed: bool,
    pub domains: Vec<DomainSummary>,
    pub clock_anomaly: bool,
    /// The journal's last line was torn and dropped.
    pub torn_tail: bool,
    /// Wrong or unanswered questions whose cause the candidate has not confirmed yet.
    #[serde(default)]
    pub unconfirmed: usize,
    /// Questions on the paper the candidate had never been shown (when recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_questions: Option<usize>,
    /// The score on those first exposures alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fresh_score: Option<f64>,
    /// More than a quarter of the answers came faster than their questions can be read.
    #[serde(default)]
    pub rushed: bool,
}

impl Summary {
    /// Whether this is a session of the bank with `key`: the same id and, when recorded,
    /// the same content family.
    pub fn is_of(&self, key: &crate::engine::bank::BankKey) -> bool {
        self.bank_id == key.id && self.family.as_ref().is_none_or(|f| *f == key.family)
    }

    /// Questions earned, in `CREDIT_UNITS`.
    pub fn earned_units(&self) -> usize {
        self.credit_units.unwrap_or(self.correct * crate::engine::scoring::CREDIT_UNITS)
    }

    pub fn of(s: &Stored) -> Summary {
        let start = &s.start;
        let n = start.paper.len();
        let mut domains: Vec<DomainSummary> = start
            .domains
            .iter()
            .map(|(id, name)| DomainSummary { id: id.0.clone(), name: name.clone(), asked: 0, correct: 0, fresh: None })
            .collect();
        let slot = |domains: &mut Vec<DomainSummary>, id: &str| -> usize {
            match domains.iter().position(|d| d.id == id) {
                Some(i) => i,
                None => {
                    domains.push(DomainSummary {
                        id: id.to_owned(),
                        name: id.to_owned(),
                        asked: 0,
                        correct: 0,
                        fresh: None,
                    });
                    domains.len() - 1
                }
            }
        };
        for item in &start.paper {
            let i = slot(&mut domains, &item.domain.0);
            domains[i].asked += 1;
            if let Some(new) = item.new {
                let f = domains[i].fresh.get_or_insert((0, 0));
                f.0 += usize::from(new);
            }
        }
        let mut correct = 0;
        let mut answered = 0;
        let mut units = 0;
        // With the answers a testlet still held open when time ran out.
        let all = s.complete_answers();
        for a in &all {
            if a.unanswered.is_none() {
                answered += 1;
            }
            units += crate::engine::scoring::credit_units(a);
            if a.correct {
                correct += 1;
                if let Some(item) = start.paper.get(a.item) {
                    let i = slot(&mut domains, &item.domain.0);
                    domains[i].correct += 1;
                    if item.new == Some(true)
                        && let Some(f) = &mut domains[i].fresh
                    {
                        f.1 += 1;
                    }
                }
            }
        }
        domains.retain(|d| d.asked > 0);
        let new_items: Vec<usize> =
            start.paper.iter().enumerate().filter(|(_, f)| f.new == Some(true)).map(|(i, _)| i).collect();
        let known = start.paper.iter().any(|f| f.new.is_some());
        let fresh_right = all.iter().filter(|a| a.correct && new_items.contains(&a.item)).count();
        let given: Vec<&crate::engine::session::Answer> = all.iter().filter(|a| a.unanswered.is_none()).collect();
        let fast = given
            .iter()
            .filter(|a| {
                start
                    .paper
                    .get(a.item)
                    .and_then(|f| f.read_secs)
                    .is_some_and(|r| a.seconds < crate::engine::diagnosis::MISREAD_SHARE * f64::from(r))
            })
            .count();
        let rushed = crate::engine::diagnosis::is_rushed(fast, given.len());
        let target = start.exam.passing_score.saturating_add(start.exam.buffer).min(100);
        let finish = s.finish();
        let u = crate::engine::scoring::CREDIT_UNITS;
        Summary {
            id: start.session.clone(),
            bank_id: start.bank_id.clone(),
            family: Some(start.family()),
            bank_title: start.bank_title.clone(),
            mode: start.mode,
            full_length: start.settings.full_length,
            seed: start.seed,
            started_at: start.started_at,
            finished_at: finish.map(|f| f.finished_at),
            finish: finish.map(|f| f.reason),
            questions: n,
            answered,
            correct,
            credit_units: (units != correct * u).then_some(units),
            score: percent(units, n * u),
            passing_score: start.exam.passing_score,
            target,
            passed: n > 0 && meets(units, n * u, start.exam.passing_score),
            domains,
            clock_anomaly: s.clock_anomaly(),
            torn_tail: s.journal.torn_tail,
            unconfirmed: if finish.is_some() {
                let confirmed = s.confirmed();
                let right: std::collections::HashSet<usize> =
                    all.iter().filter(|a| a.correct).map(|a| a.item).collect();
                (0..n).filter(|i| !right.contains(i) && !confirmed.contains_key(i)).count()
            } else {
                0
            },
            new_questions: known.then_some(new_items.len()),
            fresh_score: (known && !new_items.is_empty()).then(|| percent(fresh_right, new_items.len())),
            rushed,
        }
    }
}
