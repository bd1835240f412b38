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
use serde_json::json;

use crate::cli::args::Format;

/// `proctor validate PATH...`: exit 0 without errors, 1 with any.
pub fn validate(paths: &[std::path::PathBuf], strict: bool, format: Format, opts: &LoadOptions) -> Result<ExitCode> {
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut banks = Vec::new();
    for p in paths {
        if p.file_name().is_some_and(|n| n == crate::engine::retake::POLICY_FILE_NAME) {
            let ds = check_policy_file(p);
            banks.push(json!({ "path": p.display().to_string(), "kind": "retake-policies", "diagnostics": ds }));
            all.extend(ds);
            continue;
        }
        let report = load::check_path(p, opts);
        let mut ds = report.diagnostics;
        if strict {
            for d in &mut ds {
                d.severity = Severity::Error;
            }
        }
        banks.push(json!({
            "path": p.display().to_string(),
            "id": report.bank.as_ref().map(|b| b.bank.exam.id.clone()),
            "questions": report.bank.as_ref().map(|b| b.bank.questions.len()),
            "diagnostics": ds,
        }));
        all.extend(ds);
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
            let doc = json!({ "banks": banks, "errors": errors, "warnings": all.len() - errors });
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
            Err((l, c, m)) => vec![Diagnostic::error(shown, m).at(l, c)],
        },
    }
}

/// `proctor banks`: every bank found. A copy identical to one listed before it (the
/// bundled banks seen again in `./question_banks/`) is listed once.
pub fn banks(found: &[Found], format: Format) -> Result<ExitCode> {
    let mut seen = std::collections::HashSet::new();
    let found: Vec<&Found> = found.iter().filter(|f| f.bank().is_none_or(|b| seen.insert(b.sha256.clone()))).collect();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let list: Vec<_> = found
                .iter()
                .map(|f| match f.bank() {
                    Some(b) => json!({
                        "id": b.bank.exam.id, "title": b.bank.exam.title, "questions": b.bank.questions.len(),
                        "domains": b.bank.domains.len(), "source": f.report.source.display(), "origin": f.origin,
                    }),
                    None => json!({
                        "source": f.report.source.display(), "origin": f.origin,
                        "errors": f.report.diagnostics.iter().filter(|d| d.is_error()).map(ToString::to_string).collect::<Vec<_>>(),
                    }),
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
        Format::Text => {
            writeln!(out, "{:<16} {:<44} {:>9} {:>7}  SOURCE", "ID", "TITLE", "QUESTIONS", "DOMAINS")?;
            for f in found {
                match f.bank() {
                    Some(b) => writeln!(
                        out,
                        "{:<16} {:<44} {:>9} {:>7}  {}",
                        escape_controls(&b.bank.exam.id),
                        truncate(&escape_controls(&b.bank.exam.title), 44),
                        b.bank.questions.len(),
                        b.bank.domains.len(),
                        escape_controls(&f.report.source.display())
                    )?,
                    None => {
                        let errors = f.report.diagnostics.iter().filter(|d| d.is_error()).count();
                        writeln!(
                            out,
                            "{:<16} {:<44} {:>9} {:>7}  {}",
                            "(invalid)",
                            format!("{errors} error(s): proctor validate PATH"),
                            "-",
                            "-",
                            escape_controls(&f.report.source.display())
                        )?
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
