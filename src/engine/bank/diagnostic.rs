//! Compiler-style diagnostics for question banks: `PATH:LINE:COLUMN: error: MESSAGE`.
//!
//! Every problem found while loading a bank becomes one `Diagnostic`; loading collects
//! them all instead of stopping at the first, so an author fixes a file in one pass.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::text::escape_controls;

/// How bad a problem is: errors stop a bank from being used, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem in a bank file, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it (or `<bundled>/NAME` for built-in banks).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// The question concerned, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity, file: file.into(), line: 0, column: 0, question: None, message: message.into() }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn question(mut self, id: impl Into<String>) -> Self {
        self.question = Some(id.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Bank text can reach this message, so control characters are escaped: a bank must
    /// never be able to write escape sequences to the user's terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = escape_controls(&self.file);
        match (self.line, self.column) {
            (0, _) => write!(f, "{file}: {}: ", self.severity)?,
            (l, 0) => write!(f, "{file}:{l}: {}: ", self.severity)?,
            (l, c) => write!(f, "{file}:{l}:{c}: {}: ", self.severity)?,
        }
        if let Some(q) = &self.question {
            write!(f, "question {}: ", escape_controls(q))?;
        }
        f.write_str(&escape_controls(&self.message))
    }
}

/// `2 errors, 1 warning in 1 bank`.
pub fn summary(diagnostics: &[Diagnostic], banks: usize) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    format!(
        "{} {}, {} {} in {} {}",
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings"),
        banks,
        plural(banks, "bank", "banks"),
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_a_compiler() {
        let d = Diagnostic::error("b.yaml", "no option is marked correct").at(12, 5).question("net-003");
        assert_eq!(d.to_string(), "b.yaml:12:5: error: question net-003: no option is marked correct");
    }

    #[test]
    fn escapes_terminal_sequences_in_messages() {
        let d = Diagnostic::warning("b.yaml", "stem \u{1b}[2J here").at(1, 1);
        assert!(!d.to_string().contains('\u{1b}'));
        assert!(d.to_string().contains("\\u{1b}[2J"));
    }

    #[test]
    fn summary_counts_and_pluralises() {
        let ds = vec![Diagnostic::error("a", "x"), Diagnostic::error("a", "y"), Diagnostic::warning("a", "z")];
        assert_eq!(summary(&ds, 1), "2 errors, 1 warning in 1 bank");
        assert_eq!(summary(&[], 3), "0 errors, 0 warnings in 3 banks");
    }
}
