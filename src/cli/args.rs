//! The command line: `proctor` opens the home screen; subcommands script the rest.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The longest time limit a flag may ask for: a day, as long as a bank's own limit may be
/// (`minutes: 1..=1440`).
pub const MAX_LIMIT_SECS: u64 = 24 * 60 * 60;
/// The most questions a paper may ask for, as many as a bank's full simulation may hold
/// (`questions: 1..=10000`).
pub const MAX_QUESTIONS: u64 = 10_000;
/// The largest `--max-bank-size`: 4 GiB. Bank files are read whole into memory.
pub const MAX_BANK_SIZE: u64 = 4 << 30;

// Every numeric flag takes its range from one of these parsers, so that a value out of
// range is a usage error (exit 2) naming the flag and the range, never a panic, a wrap
// or a silent correction further in. `allow_negative_numbers` lets `-1` reach them (and
// `allow_hyphen_values` lets `-inf` reach `--minutes`): clap would otherwise read it as an
// unknown option and suggest `-- -1`.

/// A parser of whole numbers in `lo..=hi` (`what` says of what, for the message), as `T`.
/// Negative and oversized numbers get the same message as any number out of range, rather
/// than "invalid digit" or "number too large".
fn whole<T: TryFrom<u64>>(
    lo: u64,
    hi: u64,
    what: &'static str,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |s: &str| {
        let t = s.trim();
        let (negative, digits) = match t.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let give = format!("give a whole number of {what} from {lo} to {hi}");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{t}` is not a whole number; {give}"));
        }
        match digits.parse::<u64>() {
            Ok(n) if !negative && (lo..=hi).contains(&n) => {
                T::try_from(n).map_err(|_| format!("{t} is out of range; {give}"))
            }
            _ => Err(format!("{t} is out of range; {give}")),
        }
    }
}

/// `--minutes`: a finite number above 0, at most a day; fractions allowed.
fn minutes(s: &str) -> Result<f64, String> {
    let limit = MAX_LIMIT_SECS as f64 / 60.0;
    let m: f64 =
        s.trim().parse().map_err(|_| format!("`{s}` is not a number of minutes; write one such as 90 or 1.5"))?;
    if !m.is_finite() || m <= 0.0 || m > limit {
        return Err(format!("{s} minutes: give a time limit above 0 and at most {limit} (24 hours)"));
    }
    Ok(m)
}

/// `--until` and `--book`: a calendar date, YYYY-MM-DD with a four-digit year (whether it
/// is late enough is for the command to say, against today).
fn date(s: &str) -> Result<chrono::NaiveDate, String> {
    let t = s.trim();
    let shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return Err(format!("`{t}` is not a date; use YYYY-MM-DD, such as 2026-12-18"));
    }
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| format!("{t}: there is no such day; use YYYY-MM-DD, such as 2026-12-18"))
}

/// `--seed`: any whole number a results screen can show.
fn seed(s: &str) -> Result<u64, String> {
    s.trim().parse().map_err(|_| {
        format!("`{s}` is not a seed; a seed is a whole number from 0 to {} (the one a results screen shows)", u64::MAX)
    })
}

#[derive(Debug, Parser)]
#[command(name = "proctor", version, about = "Timed practice exams for IT certification retakes")]
pub struct Cli {
    /// Where history and your own banks are kept [env: PROCTOR_DATA_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Largest bank file Proctor will read, in bytes
    #[arg(long, global = true, value_name = "BYTES", default_value_t = crate::engine::bank::load::DEFAULT_MAX_FILE_BYTES,
          allow_negative_numbers = true, value_parser = whole::<u64>(1, MAX_BANK_SIZE, "bytes"))]
    pub max_bank_size: u64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check bank files or directories (or banks by id) and print every problem found
    Validate {
        /// A bank file or directory, or a bank id (see `proctor banks`)
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
        /// List BANK's questions per exam objective, and the objectives with none
        #[arg(long, value_name = "BANK")]
        coverage: Option<String>,
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
        /// Readiness buffer in points, 0 to 100 (default: the bank's)
        #[arg(long, allow_negative_numbers = true, value_parser = whole::<u8>(0, 100, "points"))]
        buffer: Option<u8>,
        /// Consecutive full simulations at or above target needed to be ready, 1 to 100
        #[arg(long, default_value_t = crate::engine::readiness::DEFAULT_STREAK, allow_negative_numbers = true,
              value_parser = whole::<usize>(1, 100, "simulations"))]
        streak: usize,
        /// Lower the estimate by the gap your last real exam showed between practice and it
        #[arg(long)]
        adjust: bool,
    },
    /// Record, list or remove real exam attempts (their score reports feed the weak domains)
    #[command(subcommand)]
    Attempt(AttemptCommand),
    /// The earliest retake date under the vendor's rules, next to your readiness; --book
    /// records the date you booked, which `proctor plan` counts down to
    Retake {
        bank: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Record the exam date you booked, YYYY-MM-DD
        #[arg(long, value_name = "DATE", value_parser = date, conflicts_with = "cancel_booking")]
        book: Option<chrono::NaiveDate>,
        /// Forget the booked date
        #[arg(long)]
        cancel_booking: bool,
    },
    /// A day-by-day plan to the exam date: due reviews, drill questions by domain and full
    /// simulations
    Plan {
        bank: String,
        /// The exam date, YYYY-MM-DD (default: the date booked with `proctor retake --book`)
        #[arg(long, value_name = "DATE", value_parser = date)]
        until: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a progress report to share with a mentor: an HTML page, or markdown with SVG charts
    Report(crate::cli::report::ReportArgs),
    /// List past sessions, newest first
    History {
        /// Only sessions of this bank id
        bank: Option<String>,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
    /// Every answer of a session (or all) with question, domain, correctness, time and cause
    Export {
        /// A session id from `proctor history`, or `latest` (one of them or --all is needed:
        /// `crate::cli::run` says so, as clap's message would not name --all)
        #[arg(conflicts_with = "all")]
        session: Option<String>,
        /// Export every session
        #[arg(long)]
        all: bool,
        /// `text` is CSV
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
    },
    /// Review a finished session's errors and their causes (the terminal app), or print its
    /// breakdown with --format text or json
    Review {
        /// A session id from `proctor history`, or `latest`
        #[arg(default_value = "latest")]
        session: String,
        /// Print the breakdown instead of opening the terminal app
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Import questions from GIFT, Aiken, Moodle XML or CSV files into a bank in Proctor's format
    Import(ImportArgs),
    /// Write a bank as GIFT or Moodle XML, listing what the format cannot hold
    ExportBank {
        /// Bank id (see `proctor banks`) or path to a bank file or directory
        bank: String,
        /// The format to write
        #[arg(long, value_enum)]
        to: ExportTo,
        /// The file to write
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
    },
    /// Check every session journal and the index; exit 1 when any problem is found
    Doctor {
        /// Rewrite index.json from the journals
        #[arg(long)]
        rebuild_index: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Question files: GIFT, Aiken, Moodle XML or CSV
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The bank file to write (YAML); with --merge it may be the same file
    #[arg(long, short = 'o', value_name = "OUT.yaml")]
    pub output: PathBuf,
    /// The files' format (by default guessed from each file's extension, then its content)
    #[arg(long, value_enum)]
    pub from: Option<ImportFormat>,
    /// The bank's id (default: from the output file's name, or the merged bank's)
    #[arg(long)]
    pub id: Option<String>,
    /// The bank's title (default: the output file's name, or the merged bank's)
    #[arg(long)]
    pub title: Option<String>,
    /// Time limit of a full simulation in whole minutes, 1 to 1440 (default: one a question)
    #[arg(long, value_name = "M", allow_negative_numbers = true, value_parser = whole::<u32>(1, 1440, "minutes"))]
    pub minutes: Option<u32>,
    /// Questions in a full simulation, 1 to 10000 (default: all imported)
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole::<u32>(1, MAX_QUESTIONS, "questions"))]
    pub questions: Option<u32>,
    /// Passing score in percent, 1 to 100 (default 70)
    #[arg(long, value_name = "P", allow_negative_numbers = true, value_parser = whole::<u8>(1, 100, "percent"))]
    pub passing: Option<u8>,
    /// Put every imported question in this domain (default: each question's category)
    #[arg(long, value_name = "ID")]
    pub domain: Option<String>,
    /// Domain weights, summing to 100 (default: in proportion to the questions per domain)
    #[arg(long, value_name = "ID=N,...", value_parser = weights)]
    pub weights: Option<WeightList>,
    /// Add the new questions to this bank, keeping its ids, domains and settings
    #[arg(long, value_name = "INTO.yaml")]
    pub merge: Option<PathBuf>,
}

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Gift,
    Aiken,
    MoodleXml,
    Csv,
}

impl From<ImportFormat> for crate::engine::import::Format {
    fn from(f: ImportFormat) -> Self {
        use crate::engine::import::Format;
        match f {
            ImportFormat::Gift => Format::Gift,
            ImportFormat::Aiken => Format::Aiken,
            ImportFormat::MoodleXml => Format::MoodleXml,
            ImportFormat::Csv => Format::Csv,
        }
    }
}

/// The formats `export-bank` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportTo {
    Gift,
    MoodleXml,
}

/// `--weights id=N,...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightList(pub Vec<(String, u32)>);

fn weights(s: &str) -> Result<WeightList, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((id, n)) = part.split_once('=') else {
            return Err(format!("`{part}` is not ID=N; write --weights routing=60,switching=40"));
        };
        let n: u32 =
            n.trim().parse().map_err(|_| format!("`{part}`: the weight must be a whole number from 1 to 100"))?;
        if !(1..=100).contains(&n) {
            return Err(format!("`{part}`: the weight must be a whole number from 1 to 100"));
        }
        out.push((id.trim().to_owned(), n));
    }
    if out.is_empty() {
        return Err("give each domain's weight: --weights routing=60,switching=40".into());
    }
    Ok(WeightList(out))
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
    /// Ask N questions instead of the bank's full count (keeps the blueprint proportions), 1 to 10000
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole::<u32>(1, MAX_QUESTIONS, "questions"))]
    pub questions: Option<u32>,
    #[command(flatten)]
    pub time: TimeArgs,
}

/// The time limit and seed of a paper, for exams and drills alike.
#[derive(Debug, Args)]
pub struct TimeArgs {
    /// Time limit in minutes (fractions allowed), above 0 and at most 1440; by default the bank's pace
    #[arg(long, value_name = "M", conflicts_with = "seconds", allow_hyphen_values = true, value_parser = minutes)]
    pub minutes: Option<f64>,
    /// Time limit in seconds, 1 to 86400
    #[arg(long, value_name = "S", allow_negative_numbers = true, value_parser = whole::<u64>(1, MAX_LIMIT_SECS, "seconds"))]
    pub seconds: Option<u64>,
    /// Seed for the draw, to reproduce a paper
    #[arg(long, allow_negative_numbers = true, value_parser = seed)]
    pub seed: Option<u64>,
}

impl TimeArgs {
    /// The limit asked for, in whole seconds (at least one; `minutes` is in range, so the
    /// conversion neither saturates nor wraps).
    pub fn limit_secs(&self) -> Option<u64> {
        self.seconds.or(self.minutes.map(|m| (m * 60.0).round().clamp(1.0, MAX_LIMIT_SECS as f64) as u64))
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
        /// The score as the report prints it: 780/1000, 78% or 780 (with its scale, practice
        /// is compared with it)
        #[arg(long, allow_negative_numbers = true, value_parser = score)]
        score: Option<crate::engine::attempt_form::ReportedScore>,
        /// A domain's result from the score report: ID=PERCENT, ID=above, ID=near or ID=below (repeatable)
        #[arg(long, value_name = "ID=RESULT")]
        domain: Vec<String>,
    },
    /// List recorded attempts with their ids
    List {
        bank: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Remove a recorded attempt (an id from `proctor attempt list`)
    Remove { id: String },
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// Bank id or path
    pub bank: String,
    /// About 70% of the questions from the weak domains, 30% across the others (the default)
    #[arg(long, conflicts_with = "domain")]
    pub weak: bool,
    /// The reviews due today, most overdue first (with feedback unless --no-feedback)
    #[arg(long, conflicts_with_all = ["weak", "domain", "missed"])]
    pub due: bool,
    /// With --due: cap the intervals by this exam date, YYYY-MM-DD (default: the booked date)
    #[arg(long, value_name = "DATE", value_parser = date, requires = "due")]
    pub until: Option<chrono::NaiveDate>,
    /// With --due: print the questions due instead of starting the drill (no terminal needed)
    #[arg(long, value_enum, requires = "due")]
    pub format: Option<Format>,
    /// With --due: no feedback after each answer
    #[arg(long, requires = "due", conflicts_with = "feedback")]
    pub no_feedback: bool,
    /// Only this domain (repeatable)
    #[arg(long, value_name = "ID")]
    pub domain: Vec<String>,
    /// Questions you got wrong before first (most recently missed first), then unseen ones
    #[arg(long)]
    pub missed: bool,
    /// Number of questions, 1 to 10000 (default 20; with --due, every review due today)
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole::<usize>(1, MAX_QUESTIONS, "questions"))]
    pub questions: Option<usize>,
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

/// `--score`: as the report prints it.
fn score(s: &str) -> Result<crate::engine::attempt_form::ReportedScore, String> {
    crate::engine::attempt_form::parse_score(s).map_err(|e| e.to_string())
}
