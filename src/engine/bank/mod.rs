//! Question banks: the validated model the rest of Proctor works with, and how it is
//! loaded. `raw` mirrors the YAML, `validate` turns it into this model (collecting every
//! problem as a `Diagnostic`), `load` reads files, directories and the bundled banks.

mod bundled;
pub mod cache;
pub mod catalog;
pub mod coverage;
pub mod cues;
pub mod diagnostic;
mod list_cut;
pub mod load;
pub(crate) mod locate;
pub mod raw;
mod validate;
mod yaml;

use serde::{Deserialize, Serialize};

pub use crate::engine::cause::Cause;
pub use diagnostic::{Diagnostic, Severity};
pub use load::{BankSource, LoadError, LoadedBank, Origin};
pub use validate::MAX_BANK_ID_LEN;

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
/// domain by index; a choice question has 2..=10 options with distinct texts and `choose`
/// correct ones, traps only on wrong options; an order question 2..=10 distinct items; a
/// match question 2..=10 pairs with distinct sides; a text question 1+ accepted answers;
/// ids are unique across the bank; a testlet's questions sit next to each other in
/// `questions`, in the testlet's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bank {
    pub exam: Exam,
    pub domains: Vec<Domain>,
    pub questions: Vec<Question>,
    #[serde(default)]
    pub testlets: Vec<Testlet>,
}

/// A scenario with several questions, answered in any order while inside it and locked
/// once left. Its questions name it by index (`Question::testlet`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Testlet {
    pub id: String,
    pub title: String,
    pub scenario: String,
    pub exhibit: Option<String>,
}

/// A question's item type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Pick `choose` of the options.
    #[default]
    Choice,
    /// Arrange the items (`options`, written in the right order) in order.
    Order,
    /// Give each left item (`lefts[i]`) its right-hand item (`options[i]`; extras after).
    Match,
    /// Type the answer; any of `answers` is accepted.
    Text,
}

impl Kind {
    pub const NAMES: &'static [&'static str] = &["choice", "order", "match", "text"];

    pub fn name(self) -> &'static str {
        Kind::NAMES[self as usize]
    }

    /// Whether the answer is a sequence (order, match) rather than a set or a text.
    pub fn is_sequence(self) -> bool {
        matches!(self, Kind::Order | Kind::Match)
    }
}

impl std::str::FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> Result<Kind, ()> {
        match s {
            "choice" => Ok(Kind::Choice),
            "order" => Ok(Kind::Order),
            "match" => Ok(Kind::Match),
            "text" => Ok(Kind::Text),
            _ => Err(()),
        }
    }
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
    /// What the bank is and how its pass mark was chosen.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the domain weights come from.
    #[serde(default, with = "blueprint_fields")]
    pub blueprint: Option<BlueprintNote>,
}

/// The source of a bank's domain weights and the date they were last checked against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlueprintNote {
    pub source: String,
    /// A date (`YYYY-MM-DD`).
    pub verified: chrono::NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `Exam::blueprint` with every field written, for the bank cache's binary format (the
/// note's own serde form leaves an absent note out, as `banks --format json` shows it).
mod blueprint_fields {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::BlueprintNote;

    pub fn serialize<S: Serializer>(v: &Option<BlueprintNote>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(|b| (&b.source, &b.verified, &b.note)).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BlueprintNote>, D::Error> {
        let t: Option<(String, chrono::NaiveDate, Option<String>)> = Deserialize::deserialize(d)?;
        Ok(t.map(|(source, verified, note)| BlueprintNote { source, verified, note }))
    }
}

/// One exam objective of a domain (`2.4` "Configure and verify site-to-site VPNs").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    pub id: String,
    pub title: String,
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
    #[serde(default)]
    pub objectives: Vec<Objective>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: QuestionId,
    /// Index into `Bank::domains`.
    pub domain: usize,
    pub stem: String,
    #[serde(default)]
    pub kind: Kind,
    /// How many parts make a complete answer: the correct options of a choice question,
    /// the items of an order question, the left items of a match question, 1 for text.
    pub choose: usize,
    /// Choice: the options. Order: the items, in the right order. Match: the right-hand
    /// items, `options[i]` matching `lefts[i]`, the extras after them.
    pub options: Vec<Choice>,
    /// Match: the left-hand items.
    #[serde(default)]
    pub lefts: Vec<String>,
    /// Text: the accepted answers.
    #[serde(default)]
    pub answers: Vec<String>,
    /// Order and match: credit per right position or pair instead of all or nothing.
    #[serde(default)]
    pub partial: bool,
    /// Literal text shown monospace with its indentation kept exactly.
    #[serde(default)]
    pub exhibit: Option<String>,
    /// Index into `Bank::testlets` of the testlet holding this question.
    #[serde(default)]
    pub testlet: Option<usize>,
    pub explanation: Option<String>,
    pub terms: Vec<String>,
    pub refs: Vec<String>,
    pub difficulty: Option<u8>,
    /// The id of the exam objective it tests, one of its domain's `objectives`.
    #[serde(default)]
    pub objective: Option<String>,
    /// Questions that must never share a paper with this one (one answers the other);
    /// kept symmetric by validation.
    #[serde(default)]
    pub enemies: Vec<QuestionId>,
}

impl Question {
    pub fn is_multi(&self) -> bool {
        self.choose > 1
    }

    /// Indices (in bank order) of the correct options.
    pub fn correct(&self) -> impl Iterator<Item = usize> + '_ {
        self.options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i)
    }

    /// The right answer as the session compares it: the correct options ascending
    /// (choice), the items in order (order), the right item of each left one (match),
    /// nothing for text (its answers are compared as text).
    pub fn key(&self) -> Vec<u8> {
        match self.kind {
            Kind::Choice => self.correct().map(|i| i as u8).collect(),
            Kind::Order => (0..self.options.len() as u8).collect(),
            Kind::Match => (0..self.lefts.len() as u8).collect(),
            Kind::Text => Vec::new(),
        }
    }

    /// Words the candidate reads: stem, options, left items and exhibit, for
    /// reading-time estimates.
    pub fn word_count(&self) -> usize {
        let words = |s: &str| s.split_whitespace().count();
        words(&self.stem)
            + self.options.iter().map(|o| words(&o.text)).sum::<usize>()
            + self.lefts.iter().map(|l| words(l)).sum::<usize>()
            + self.exhibit.as_deref().map_or(0, words)
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

/// `A`, `B`, … for option `i`.
pub fn letter(i: usize) -> char {
    (b'A' + (i as u8 % 26)) as char
}

impl Choice {
    /// An order item or a match's right-hand item: text only.
    pub fn item(text: String) -> Choice {
        Choice { text, correct: false, why: None, trap: None, pin: false }
    }
}

/// Which sessions are a bank's: its id *and* its content family, a fingerprint of its
/// domain ids. Two banks that share an id but not a blueprint (a copy edited into another
/// exam, a user bank that reuses a bundled id) never feed each other's readiness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankKey {
    pub id: String,
    pub family: String,
}

/// The content family of a blueprint with these domain ids (in any order): 16 hex digits.
pub fn family_of<'a>(domain_ids: impl IntoIterator<Item = &'a str>) -> String {
    use sha2::Digest as _;
    let mut ids: Vec<&str> = domain_ids.into_iter().collect();
    ids.sort_unstable();
    let digest = sha2::Sha256::digest(ids.join("\n").as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Bank {
    /// The key sessions of this bank are filed under.
    pub fn key(&self) -> BankKey {
        BankKey { id: self.exam.id.clone(), family: family_of(self.domains.iter().map(|d| d.id.0.as_str())) }
    }

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
