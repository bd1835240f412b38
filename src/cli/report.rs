//! `proctor report BANK`: the progress report to share with a mentor, as one HTML page or
//! as markdown with its charts beside it, written atomically where `--output` says.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};

use crate::app::report::{self, Format};
use crate::engine::bank::Bank;
use crate::engine::history::Store;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Bank id (see `proctor banks`) or path to a bank file or directory
    pub bank: String,
    /// `html`: one self-contained page; `md`: markdown, the charts as SVG files beside it
    /// [default: from the --output extension, else html]
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// The file to write [default: proctor-report-BANK.html (or .md) in the current directory]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Md,
}

impl ReportArgs {
    /// The format asked for, else the one the output's extension names, else HTML.
    pub fn format(&self) -> Format {
        match self.format {
            Some(ReportFormat::Html) => Format::Html,
            Some(ReportFormat::Md) => Format::Md,
            None => match self.output.as_deref().and_then(Path::extension).and_then(|e| e.to_str()) {
                Some(e) if e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown") => Format::Md,
                _ => Format::Html,
            },
        }
    }

    pub fn output(&self, bank_id: &str) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("proctor-report-{bank_id}.{}", self.format().extension())))
    }
}

/// Builds the report of `bank` as of `now`, writes it and says where.
pub fn report(store: Option<&Store>, bank: &Bank, args: &ReportArgs, now: DateTime<Utc>) -> Result<ExitCode> {
    let output = args.output(&bank.exam.id);
    let written = report::export(store, bank, now, args.format(), &output)?;
    let shown: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    match shown.split_last() {
        Some((page, [])) => println!("wrote {page}"),
        Some((page, charts)) => println!("wrote {page} and its charts beside it: {}", charts.join(", ")),
        None => {}
    }
    Ok(ExitCode::SUCCESS)
}
