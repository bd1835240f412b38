//! The raw layer: serde structs that mirror the YAML bank format field for field.
//!
//! Nothing here is trusted: every field is optional and every number is a wide integer,
//! so that `validate` can report *all* missing or out-of-range values with their location
//! instead of the parser stopping at the first one. Unknown keys are rejected here
//! (`deny_unknown_fields`), which is what catches typos such as `explaination`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// One bank file: a single-file bank has all three parts; in a directory bank `bank.yaml`
/// holds `exam` and `domains` and the other files hold `questions`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub exam: Option<RawExam>,
    pub domains: Option<Vec<RawDomain>>,
    pub questions: Option<Vec<RawQuestion>>,
    pub testlets: Option<Vec<RawTestlet>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTestlet {
    pub id: Option<Text>,
    pub domain: Option<Text>,
    pub title: Option<Text>,
    pub scenario: Option<Text>,
    pub exhibit: Option<Text>,
    pub questions: Option<Vec<RawQuestion>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExam {
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub vendor: Option<Text>,
    pub minutes: Option<i64>,
    pub questions: Option<i64>,
    pub passing_score: Option<i64>,
    pub buffer: Option<i64>,
    pub description: Option<Text>,
    pub blueprint: Option<RawBlueprint>,
}

/// Where the domain weights come from and when they were last checked against it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBlueprint {
    pub source: Option<Text>,
    pub verified: Option<Text>,
    pub note: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    pub id: Option<Text>,
    pub title: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomain {
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub weight: Option<i64>,
    pub objectives: Option<Vec<RawObjective>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Option<Text>,
    pub domain: Option<Text>,
    pub stem: Option<Text>,
    #[serde(rename = "type")]
    pub kind: Option<Text>,
    pub choose: Option<i64>,
    pub options: Option<Vec<RawOption>>,
    pub items: Option<Vec<Text>>,
    pub pairs: Option<Vec<RawPair>>,
    pub extra: Option<Vec<Text>>,
    pub answers: Option<Vec<Text>>,
    pub partial: Option<bool>,
    pub exhibit: Option<Text>,
    pub explanation: Option<Text>,
    pub terms: Option<Vec<Text>>,
    pub refs: Option<Vec<Text>>,
    pub difficulty: Option<i64>,
    pub objective: Option<Text>,
    pub enemies: Option<Vec<Text>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub text: Option<Text>,
    pub correct: Option<bool>,
    pub why: Option<Text>,
    pub trap: Option<Text>,
    pub pin: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPair {
    pub left: Option<Text>,
    pub right: Option<Text>,
}

/// Field names per level, for "did you mean" on unknown keys.
pub const FILE_FIELDS: &[&str] = &["exam", "domains", "questions", "testlets"];
pub const TESTLET_FIELDS: &[&str] = &["id", "domain", "title", "scenario", "exhibit", "questions"];
pub const PAIR_FIELDS: &[&str] = &["left", "right"];
pub const EXAM_FIELDS: &[&str] =
    &["id", "title", "vendor", "minutes", "questions", "passing_score", "buffer", "description", "blueprint"];
pub const BLUEPRINT_FIELDS: &[&str] = &["source", "verified", "note"];
pub const DOMAIN_FIELDS: &[&str] = &["id", "name", "weight", "objectives"];
pub const OBJECTIVE_FIELDS: &[&str] = &["id", "title"];
pub const QUESTION_FIELDS: &[&str] = &[
    "id",
    "domain",
    "stem",
    "type",
    "choose",
    "options",
    "items",
    "pairs",
    "extra",
    "answers",
    "partial",
    "exhibit",
    "explanation",
    "terms",
    "refs",
    "difficulty",
    "objective",
    "enemies",
];
pub const OPTION_FIELDS: &[&str] = &["text", "correct", "why", "trap", "pin"];

/// A text field. Authors write `text: 62` or `text: yes` and mean the words, so any
/// scalar is accepted and kept as its string form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text (a string, number or boolean)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}
