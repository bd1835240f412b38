//! `proctor import` and `proctor export-bank`: the app layer does the work; this prints
//! what it did, every question left out with `file:line` and why, and input that cannot be
//! read as compiler-style errors on stderr (exit 1, nothing written).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use unicode_width::UnicodeWidthStr;

use super::args::{ExportTo, ImportArgs};
use super::table::{pad, right};
use crate::app::import::{self as app_import, ExportFormat, ImportError, ImportRequest};
use crate::engine::bank::Bank;
use crate::engine::bank::diagnostic;
use crate::engine::import::build::Weights;
use crate::engine::text::escape_controls;

/// `proctor import FILE... --output OUT.yaml`.
pub fn import(a: ImportArgs, max_file_bytes: u64) -> Result<ExitCode> {
    let req = ImportRequest {
        files: a.files,
        from: a.from.map(Into::into),
        output: a.output,
        merge: a.merge,
        id: a.id,
        title: a.title,
        minutes: a.minutes,
        questions: a.questions,
        passing: a.passing,
        domain: a.domain,
        weights: a.weights.map(|w| w.0),
        max_file_bytes,
    };
    let done = match app_import::import(&req) {
        Ok(done) => done,
        Err(e) => return failed(&e),
    };
    let mut out = std::io::stdout().lock();
    let r = &done.report;
    for f in &r.files {
        let format = done.formats.iter().find(|(n, _)| *n == f.file).map_or("", |(_, fmt)| fmt.name());
        let mut line = format!("{}: {} imported ({format})", escape_controls(&f.file), questions(f.imported));
        if f.skipped > 0 {
            line.push_str(&format!(", {} not imported", f.skipped));
        }
        if f.duplicates > 0 {
            line.push_str(&format!(", {} already there", f.duplicates));
        }
        writeln!(out, "{line}")?;
    }
    let mut problems: Vec<(&crate::engine::import::build::Located, &str)> = Vec::new();
    problems.extend(r.skipped.iter().map(|l| (l, "not imported")));
    problems.extend(r.duplicates.iter().map(|l| (l, "not imported")));
    problems.extend(r.notes.iter().map(|l| (l, "note")));
    problems.sort_by(|a, b| (&a.0.file, a.0.pos).cmp(&(&b.0.file, b.0.pos)));
    for (l, label) in problems {
        writeln!(out, "{}:{}: {label}: {}", escape_controls(&l.file), l.pos.line, escape_controls(&l.message))?;
    }
    let how = match r.weights {
        Weights::Given => "weights as given",
        Weights::Kept => "weights kept from the bank merged into",
        Weights::Counted => "weights in proportion to the questions",
    };
    writeln!(out, "domains ({how}):")?;
    let counts: Vec<String> = r
        .domains
        .iter()
        .map(|d| {
            if r.kept > 0 { format!("{} ({} new)", questions(d.questions), d.imported) } else { questions(d.questions) }
        })
        .collect();
    let idw = r.domains.iter().map(|d| d.id.width()).max().unwrap_or(0);
    let namew = r.domains.iter().map(|d| escape_controls(&d.name).width()).max().unwrap_or(0);
    let countw = counts.iter().map(|c| c.width()).max().unwrap_or(0);
    for (d, count) in r.domains.iter().zip(&counts) {
        writeln!(
            out,
            "  {}  {}  {}  weight {}",
            pad(&d.id, idw),
            pad(&escape_controls(&d.name), namew),
            right(count, countw),
            right(&d.weight.to_string(), 3)
        )?;
    }
    let merged =
        if r.kept > 0 { format!(", {} added to the {} already there", r.imported, r.kept) } else { String::new() };
    writeln!(
        out,
        "wrote {}: bank `{}`, {} in {} domain{}{merged}; checked as `proctor validate` does: {}",
        escape_controls(&done.output.display().to_string()),
        done.bank_id,
        questions(done.questions),
        done.domains,
        if done.domains == 1 { "" } else { "s" },
        diagnostic::summary(&done.warnings, 1)
    )?;
    Ok(ExitCode::SUCCESS)
}

fn questions(n: usize) -> String {
    format!("{n} question{}", if n == 1 { "" } else { "s" })
}

/// Prints why nothing was written; exit 1.
fn failed(e: &ImportError) -> Result<ExitCode> {
    let mut err = std::io::stderr().lock();
    match e {
        ImportError::Input(ds) | ImportError::Invalid(ds) => {
            for d in ds {
                writeln!(err, "{d}")?;
            }
        }
        ImportError::Build { report_skipped, .. } => {
            for s in report_skipped {
                writeln!(err, "{}", escape_controls(s))?;
            }
        }
        ImportError::Merge { source, .. } => {
            for d in source.diagnostics.iter().filter(|d| d.is_error()) {
                writeln!(err, "{d}")?;
            }
        }
        ImportError::Write { .. } => {}
    }
    writeln!(err, "proctor: {}", escape_controls(&e.to_string()))?;
    Ok(ExitCode::from(1))
}

/// `proctor export-bank BANK --to FORMAT --output FILE`.
pub fn export_bank(bank: &Bank, to: ExportTo, output: &std::path::Path) -> Result<ExitCode> {
    let format = match to {
        ExportTo::Gift => ExportFormat::Gift,
        ExportTo::MoodleXml => ExportFormat::MoodleXml,
    };
    let ex = match app_import::export_bank(bank, format, output) {
        Ok(ex) => ex,
        Err(e) => return failed(&e),
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "wrote {}: {} of {} as {}",
        escape_controls(&output.display().to_string()),
        questions(ex.questions),
        bank.questions.len(),
        ex.format
    )?;
    let ids = |qs: &[String]| {
        if qs.is_empty() { String::new() } else { format!(" ({})", qs.join(", ")) }
    };
    if !ex.left_out.is_empty() {
        writeln!(out, "not exported:")?;
        for c in &ex.left_out {
            writeln!(out, "  {}{}", escape_controls(&c.what), ids(&c.questions))?;
        }
    }
    if !ex.changes.is_empty() {
        writeln!(out, "held differently or dropped:")?;
        for c in &ex.changes {
            writeln!(out, "  {}{}", escape_controls(&c.what), ids(&c.questions))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
