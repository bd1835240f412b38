//! The four root causes of a wrong answer that preparation advice asks a candidate to
//! trace, used both for `trap:` annotations in banks and for the diagnosis of answers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a question was answered wrongly. The order is the tie-break order of diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cause {
    /// A misunderstood concept.
    Concept,
    /// A key term not recognised (or confused with another).
    Term,
    /// The question was misread.
    Misread,
    /// Flawed reasoning from correct knowledge.
    Reasoning,
}

impl Cause {
    pub const ALL: [Cause; 4] = [Cause::Concept, Cause::Term, Cause::Misread, Cause::Reasoning];
    pub const NAMES: [&'static str; 4] = ["concept", "term", "misread", "reasoning"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Cause {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Cause::ALL.into_iter().find(|c| c.name() == s).ok_or(())
    }
}
