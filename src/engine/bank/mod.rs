//! Question banks: the validated model the rest of Proctor works with, and how it is
//! loaded. `raw` mirrors the YAML, `validate` turns it into this model (collecting every
//! problem as a `Diagnostic`), `load` reads files, directories and the bundled banks.

mod bundled;
pub mod cache;
pub mod catalog;
pub mod diagnostic;
pub mod load;
pub(crate) mod locate;
pub mod raw;
mod validate;
mod yaml;

use serde::{Deserialize, Serialize};

pub use crate::engine::cause::Cause;
pub use diagnostic::{Diagnostic, Severity};
pub use load::{BankSource, LoadError, LoadedBank, Origin};

/// Parses YAML into `T` through the one module that names the YAML crate.
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, yaml::SyntaxError> {
    yaml::parse(text)
}

/// A question's id, unique within its bank.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct QuestionId(pub String);

/// A blueprint domain's id, unique within its bank.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DomainId(pub String);

impl std::fmt::Display for QuestionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for DomainId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A validated bank. Invariants: domain weights sum to 100; every question names a
/// domain by index, has 2..=10 options with distinct texts and `choose` correct ones;
/// traps sit only on wrong options; ids are unique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bank {
    pub exam: Exam,
    pub domains: Vec<Domain>,
    pub questions: Vec<Question>,
}

/// The exam a full simulation reproduces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exam {
    pub id: String,
    pub title: String,
    pub vendor: Option<String>,
    pub minutes: u32,
    pub questions: u32,
    pub passing_score: u8,
    pub buffer: u8,
}

impl Exam {
    /// Passing score plus the readiness buffer, in percent.
    pub fn target(&self) -> u8 {
        self.passing_score.saturating_add(self.buffer).min(100)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub id: DomainId,
    pub name: String,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: QuestionId,
    /// Index into `Bank::domains`.
    pub domain: usize,
    pub stem: String,
    /// How many options make the answer (the number of correct ones).
    pub choose: usize,
    pub options: Vec<Choice>,
    pub explanation: Option<String>,
    pub terms: Vec<String>,
    pub refs: Vec<String>,
    pub difficulty: Option<u8>,
}

impl Question {
    pub fn is_multi(&self) -> bool {
        self.choose > 1
    }

    /// Indices (in bank order) of the correct options.
    pub fn correct(&self) -> impl Iterator<Item = usize> + '_ {
        self.options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i)
    }

    /// Words in the stem and all options, for reading-time estimates.
    pub fn word_count(&self) -> usize {
        self.stem.split_whitespace().count()
            + self.options.iter().map(|o| o.text.split_whitespace().count()).sum::<usize>()
    }
}

/// One answer option of a question. Its identity is its index in the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
    pub why: Option<String>,
    pub trap: Option<Cause>,
    pub pin: bool,
}

impl Bank {
    pub fn domain_index(&self, id: &str) -> Option<usize> {
        self.domains.iter().position(|d| d.id.0 == id)
    }

    /// Questions per domain, in domain order.
    pub fn domain_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.domains.len()];
        for q in &self.questions {
            counts[q.domain] += 1;
        }
        counts
    }
}
#[cfg(test)]
mod tests;
