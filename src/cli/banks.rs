//! `proctor validate` and `proctor banks`: what the bank files hold and what is wrong
//! with them, as text or JSON.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::engine::bank::catalog::Found;
use crate::engine::bank::diagnostic::{self, Diagnostic, Severity};
use crate::engine::bank::load::{self, LoadOptions};
use crate::engine::text::escape_controls;
use anyhow::Result;
use serde::Serialize;

use super::table::{left, pad, right};
use crate::engine::bank::Origin;

use crate::cli::args::Format;

/// One file checked by `proctor validate --format json` (keys in alphabetical order).
#[derive(Serialize)]
#[serde(untagged)]
enum Checked {
    Policies { diagnostics: Vec<Diagnostic>, kind: &'static str, path: String },
    Bank { diagnostics: Vec<Diagnostic>, id: Option<String>, path: String, questions: Option<usize> },
}

#[derive(Serialize)]
struct ValidateOut {
    banks: Vec<Checked>,
    errors: usize,
    warnings: usize,
}

/// One bank of `proctor banks --format json`.
#[derive(Serialize)]
#[serde(untagged)]
enum Listed {
    Usable {
        #[serde(skip_serializing_if = "Option::is_none")]
        blueprint: Option<crate::engine::bank::BlueprintNote>,
        domains: usize,
        id: String,
        origin: Origin,
        questions: usize,
        source: String,
        title: String,
    },
    Invalid {
        errors: Vec<String>,
        origin: Origin,
        source: String,
    },
}

/// `proctor validate PATH|ID...`: exit 0 without errors, 1 with any. A name that is not an
/// existing path is looked up as a bank id among the banks `discover` finds (as `exam`
/// does); one that is neither is reported as a path that cannot be read.
pub fn validate(
    paths: &[std::path::PathBuf],
    strict: bool,
    format: Format,
    opts: &LoadOptions,
    discover: impl Fn() -> Vec<Found>,
) -> Result<ExitCode> {
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut banks = Vec::new();
    for p in paths {
        if p.file_name().is_some_and(|n| n == crate::engine::retake::POLICY_FILE_NAME) {
            let ds = check_policy_file(p);
            all.extend(ds.iter().cloned());
            banks.push(Checked::Policies { diagnostics: ds, kind: "retake-policies", path: p.display().to_string() });
            continue;
        }
        let by_id = match p.to_str() {
            Some(id) if !p.exists() => crate::engine::bank::catalog::by_id(discover(), id),
            _ => None,
        };
        let (report, shown) = match by_id {
            Some(f) => {
                let shown = f.report.source.display();
                (f.report, shown)
            }
            None => (load::check_path(p, opts), p.display().to_string()),
        };
        let mut ds = report.diagnostics;
        if strict {
            for d in &mut ds {
                d.severity = Severity::Error;
            }
        }
        all.extend(ds.iter().cloned());
        banks.push(Checked::Bank {
            diagnostics: ds,
            id: report.bank.as_ref().map(|b| b.bank.exam.id.clone()),
            path: shown,
            questions: report.bank.as_ref().map(|b| b.bank.questions.len()),
        });
    }
    let errors = all.iter().filter(|d| d.is_error()).count();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Text => {
            for d in &all {
                writeln!(out, "{d}")?;
            }
            writeln!(out, "{}", diagnostic::summary(&all, paths.len()))?;
        }
        Format::Json => {
            let doc = ValidateOut { banks, errors, warnings: all.len() - errors };
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
    }
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A retake policy file found among the banks is checked as what it is.
fn check_policy_file(p: &Path) -> Vec<Diagnostic> {
    let shown = p.display().to_string();
    match std::fs::read_to_string(p) {
        Err(e) => vec![Diagnostic::error(shown, format!("cannot read: {e}"))],
        Ok(text) => match crate::engine::retake::check_policies(&text) {
            Ok(_) => Vec::new(),
            Err(problems) => {
                problems.into_iter().map(|p| Diagnostic::error(&shown, p.message).at(p.line, p.column)).collect()
            }
        },
    }
}

/// `proctor banks`: every bank found. A copy identical to one listed before it (the
/// bundled banks seen again in `./question_banks/`) is listed once.
pub fn banks(found: &[Found], format: Format) -> Result<ExitCode> {
    let mut seen = std::collections::HashSet::new();
    let found: Vec<&Found> = found.iter().filter(|f| f.bank().is_none_or(|b| seen.insert(b.sha256.clone()))).collect();
    for (id, sources) in crate::engine::bank::catalog::id_conflicts(found.iter().filter_map(|f| f.bank())) {
        eprintln!("proctor: warning: {}", escape_controls(&crate::engine::bank::catalog::conflict_text(&id, &sources)));
    }
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let list: Vec<_> = found
                .iter()
                .map(|f| match f.bank() {
                    Some(b) => Listed::Usable {
                        blueprint: b.bank.exam.blueprint.clone(),
                        domains: b.bank.domains.len(),
                        id: b.bank.exam.id.clone(),
                        origin: f.origin,
                        questions: b.bank.questions.len(),
                        source: f.report.source.display(),
                        title: b.bank.exam.title.clone(),
                    },
                    None => Listed::Invalid {
                        errors: f.report.diagnostics.iter().filter(|d| d.is_error()).map(ToString::to_string).collect(),
                        origin: f.origin,
                        source: f.report.source.display(),
                    },
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
        Format::Text => {
            writeln!(
                out,
                "{} {} {} {}  SOURCE",
                left("ID", 16),
                left("TITLE", 44),
                right("QUESTIONS", 9),
                right("DOMAINS", 7)
            )?;
            for f in &found {
                match f.bank() {
                    Some(b) => writeln!(
                        out,
                        "{} {} {} {}  {}",
                        pad(&escape_controls(&b.bank.exam.id), 16),
                        left(&escape_controls(&b.bank.exam.title), 44),
                        right(&b.bank.questions.len().to_string(), 9),
                        right(&b.bank.domains.len().to_string(), 7),
                        escape_controls(&f.report.source.display())
                    )?,
                    None => {
                        let errors = f.report.diagnostics.iter().filter(|d| d.is_error()).count();
                        writeln!(
                            out,
                            "{} {} {} {}  {}",
                            left("(invalid)", 16),
                            left(&format!("{errors} error(s): proctor validate PATH"), 44),
                            right("-", 9),
                            right("-", 7),
                            escape_controls(&f.report.source.display())
                        )?
                    }
                }
            }
            // Where each bank's weights come from, when it says.
            for b in found.iter().filter_map(|f| f.bank()) {
                if let Some(n) = &b.bank.exam.blueprint {
                    writeln!(
                        out,
                        "{}: weights from {}, checked {}",
                        escape_controls(&b.bank.exam.id),
                        escape_controls(&n.source),
                        n.verified
                    )?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `proctor banks --coverage BANK`: the questions of each objective and the objectives
/// with none; exit 1 when an objective has no question (a bank to complete).
pub fn coverage(found: Vec<Found>, bank: &str, format: Format) -> Result<ExitCode> {
    let Some(b) = crate::engine::bank::catalog::by_id(found, bank).and_then(|f| f.bank().cloned()) else {
        anyhow::bail!("no usable bank `{bank}`; `proctor banks` lists them");
    };
    let c = crate::engine::bank::coverage::coverage(&b.bank);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&c)?)?,
        Format::Text => {
            for d in &c.domains {
                writeln!(out, "{} ({})", escape_controls(&d.name), escape_controls(&d.id))?;
                for o in &d.objectives {
                    writeln!(
                        out,
                        "  {} {}  {}: {}",
                        pad(&escape_controls(&o.id), 6),
                        escape_controls(&o.title),
                        o.questions.len(),
                        if o.questions.is_empty() {
                            "NONE".to_owned()
                        } else {
                            escape_controls(&o.questions.join(", "))
                        }
                    )?;
                }
                if !d.untagged.is_empty() {
                    writeln!(out, "  no objective: {}", escape_controls(&d.untagged.join(", ")))?;
                }
            }
            match c.uncovered.len() {
                0 => writeln!(out, "every objective has a question")?,
                n => writeln!(out, "{n} objective(s) with no question: {}", escape_controls(&c.uncovered.join(", ")))?,
            }
        }
    }
    Ok(if c.uncovered.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
