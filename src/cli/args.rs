//! The command line: `proctor` opens the home screen; subcommands script the rest.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "proctor", version, about = "Timed practice exams for IT certification retakes")]
pub struct Cli {
    /// Where history and your own banks are kept [env: PROCTOR_DATA_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Largest bank file Proctor will read, in bytes
    #[arg(long, global = true, value_name = "BYTES", default_value_t = crate::engine::bank::load::DEFAULT_MAX_FILE_BYTES)]
    pub max_bank_size: u64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check bank files or directories and print every problem found
    Validate {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the banks Proctor can find
    Banks {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Take a full-length timed simulation of BANK (an id or a path)
    Exam(ExamArgs),
    /// Practise the weak domains (or chosen ones): stored and reviewed like simulations,
    /// counted toward domain figures but never toward readiness
    Drill(DrillArgs),
    /// Readiness, per-domain trends and the study plan for BANK
    Progress {
        bank: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Readiness buffer in points (default: the bank's)
        #[arg(long)]
        buffer: Option<u8>,
        /// Consecutive full simulations at or above target needed to be ready
        #[arg(long, default_value_t = crate::engine::readiness::DEFAULT_STREAK)]
        streak: usize,
    },
    /// Record or list real exam attempts (their score reports feed the weak domains)
    #[command(subcommand)]
    Attempt(AttemptCommand),
    /// The earliest retake date under the vendor's rules, next to your readiness
    Retake {
        bank: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List past sessions, newest first
    History {
        /// Only sessions of this bank id
        bank: Option<String>,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
    /// Every answer of a session (or all) with question, domain, correctness, time and cause
    Export {
        /// A session id from `proctor history`, or `latest`
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        session: Option<String>,
        /// Export every session
        #[arg(long)]
        all: bool,
        /// `text` is CSV
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
    },
    /// Review a finished session's errors and their causes (the terminal app), or print its
    /// breakdown with --format json
    Review {
        /// A session id from `proctor history`, or `latest`
        #[arg(default_value = "latest")]
        session: String,
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Check every session journal and the index; exit 1 when any problem is found
    Doctor {
        /// Rewrite index.json from the journals
        #[arg(long)]
        rebuild_index: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExamArgs {
    /// Bank id (see `proctor banks`) or path to a bank file or directory
    pub bank: String,
    /// Ask N questions instead of the bank's full count (keeps the blueprint proportions)
    #[arg(long, value_name = "N")]
    pub questions: Option<u32>,
    #[command(flatten)]
    pub time: TimeArgs,
}

/// The time limit and seed of a paper, for exams and drills alike.
#[derive(Debug, Args)]
pub struct TimeArgs {
    /// Time limit in minutes (fractions allowed); by default the bank's pace
    #[arg(long, value_name = "M", conflicts_with = "seconds")]
    pub minutes: Option<f64>,
    /// Time limit in seconds
    #[arg(long, value_name = "S")]
    pub seconds: Option<u64>,
    /// Seed for the draw, to reproduce a paper
    #[arg(long)]
    pub seed: Option<u64>,
}

impl TimeArgs {
    /// The limit asked for, in whole seconds (at least one).
    pub fn limit_secs(&self) -> Option<u64> {
        self.seconds.or(self.minutes.map(|m| (m * 60.0).round().max(1.0) as u64))
    }
}

#[derive(Debug, Subcommand)]
pub enum AttemptCommand {
    /// Record a real attempt
    Add {
        bank: String,
        /// The exam date, YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// pass or fail
        #[arg(long)]
        result: String,
        /// The score as the report shows it
        #[arg(long)]
        score: Option<u32>,
        /// A domain's result from the score report: ID=PERCENT, ID=above, ID=near or ID=below (repeatable)
        #[arg(long, value_name = "ID=RESULT")]
        domain: Vec<String>,
    },
    /// List recorded attempts
    List { bank: Option<String> },
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// Bank id or path
    pub bank: String,
    /// About 70% of the questions from the weak domains, 30% across the others (the default)
    #[arg(long, conflicts_with = "domain")]
    pub weak: bool,
    /// Only this domain (repeatable)
    #[arg(long, value_name = "ID")]
    pub domain: Vec<String>,
    /// Questions you got wrong before first (most recently missed first), then unseen ones
    #[arg(long)]
    pub missed: bool,
    /// Number of questions
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub questions: usize,
    /// No time limit (by default a drill is paced at the bank's seconds per question)
    #[arg(long, conflicts_with_all = ["minutes", "seconds"])]
    pub untimed: bool,
    /// After each answer, show the correct answer, every option's why and the explanation
    #[arg(long)]
    pub feedback: bool,
    #[command(flatten)]
    pub time: TimeArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
