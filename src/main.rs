//! `proctor`: parse the command line, load banks, run a command or the terminal app.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod cli;
mod commands;
mod ui;

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;
use proctor::engine::bank::LoadedBank;
use proctor::engine::bank::load::{self, LoadOptions};
use proctor::engine::history::Store;

use cli::{Cli, Command, ExamArgs};
use ui::app::{App, ExamOptions};
use ui::drill::DrillSpec;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`proctor history | head`) is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Not `eprintln!`: with the terminal gone, a failed print must not panic.
            let _ = writeln!(std::io::stderr(), "proctor: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let data_dir = proctor::paths::data_dir(cli.data_dir.clone());
    // Validated banks are cached under the data dir; `validate` always checks afresh.
    let cached = LoadOptions::new(cli.max_bank_size, data_dir.as_ref().ok().map(|d| d.join("cache")));
    let opts = &cached;
    match cli.command {
        Some(Command::Validate { paths, strict, format }) => {
            commands::validate(&paths, strict, format, &LoadOptions::new(cli.max_bank_size, None))
        }
        Some(Command::Banks { format }) => {
            let found = commands::discover(data_dir.as_deref().ok(), opts);
            commands::banks(&found, format)
        }
        Some(Command::Drill(args)) => {
            require_terminal()?;
            let mut banks = usable_banks(data_dir.as_deref().ok(), opts);
            let idx = resolve_bank(&args.bank, &mut banks, opts)?;
            let mut app = App::new(banks, ExamOptions::default(), fresh_seed());
            app.selected = idx;
            attach_store(&mut app, data_dir);
            let spec = DrillSpec {
                domains: args.domain.clone(),
                missed: args.missed,
                questions: Some(args.questions),
                untimed: args.untimed,
                feedback: args.feedback,
                limit_secs: args.time.limit_secs(),
                seed: args.time.seed,
                reported: Vec::new(),
            };
            if app.dialog.is_none()
                && let Err(e) = app.prepare_drill(idx, &spec)
            {
                bail!(e);
            }
            finish(ui::run(app)?)
        }
        Some(Command::Progress { bank, format, buffer, streak }) => {
            let mut banks = usable_banks(data_dir.as_deref().ok(), opts);
            let idx = resolve_bank(&bank, &mut banks, opts)?;
            let store = data_dir.ok().map(|d| Store::at(&d));
            let cfg = proctor::engine::readiness::Config { streak: streak.max(1), buffer, ..Default::default() };
            commands::progress::progress(store.as_ref(), &banks[idx].bank, cfg, format)
        }
        Some(Command::Attempt(cli::AttemptCommand::Add { bank, date, result, score, domain })) => {
            let dir = data_dir?;
            let mut banks = usable_banks(Some(&dir), opts);
            let idx = resolve_bank(&bank, &mut banks, opts)?;
            commands::retake::add(&Store::open(&dir)?, &banks[idx].bank, &date, &result, score, &domain)
        }
        Some(Command::Attempt(cli::AttemptCommand::List { bank })) => {
            commands::retake::list(&Store::at(&data_dir?), bank.as_deref())
        }
        Some(Command::Retake { bank, format }) => {
            let mut banks = usable_banks(data_dir.as_deref().ok(), opts);
            let idx = resolve_bank(&bank, &mut banks, opts)?;
            let store = data_dir.ok().map(|d| Store::at(&d));
            commands::retake::retake(store.as_ref(), &banks[idx].bank, format)
        }
        Some(Command::History { bank, format }) => {
            commands::history::history(&Store::at(&data_dir?), bank.as_deref(), format)
        }
        Some(Command::Export { session, all: _, format }) => {
            let mut banks = usable_banks(data_dir.as_deref().ok(), opts);
            let store = Store::at(&data_dir?);
            add_session_banks(&store, &mut banks, opts, true);
            commands::history::export(&store, &banks, session.as_deref(), format)
        }
        Some(Command::Review { session, format }) => {
            let dir = data_dir?;
            let store = Store::at(&dir);
            let mut banks = usable_banks(Some(&dir), opts);
            add_session_banks(&store, &mut banks, opts, true);
            if format == Some(cli::Format::Json) {
                return commands::history::review_json(&store, &banks, &session);
            }
            let stored = commands::history::find_session(&store, &session)?;
            require_terminal()?;
            let mut app = App::new(banks, ExamOptions::default(), fresh_seed());
            app.persist.store = Store::open(&dir).ok();
            let previous = store.previous_session(&stored);
            if let Err(e) = app.open_review(&stored, previous.as_ref()) {
                bail!(e);
            }
            finish(ui::run(app)?)
        }
        Some(Command::Doctor { rebuild_index }) => commands::history::doctor(&Store::at(&data_dir?), rebuild_index),
        Some(Command::Exam(args)) => {
            require_terminal()?;
            let mut banks = usable_banks(data_dir.as_deref().ok(), opts);
            let idx = resolve_bank(&args.bank, &mut banks, opts)?;
            let mut app = App::new(banks, exam_options(&args), fresh_seed());
            app.selected = idx;
            attach_store(&mut app, data_dir);
            if app.dialog.is_none()
                && let Err(e) = app.prepare_exam(idx)
            {
                bail!(e);
            }
            finish(ui::run(app)?)
        }
        None => {
            require_terminal()?;
            let banks = usable_banks(data_dir.as_deref().ok(), opts);
            let mut banks = banks;
            if let Ok(d) = &data_dir {
                add_session_banks(&Store::at(d), &mut banks, opts, false);
            }
            let mut app = App::new(banks, ExamOptions::default(), fresh_seed());
            attach_store(&mut app, data_dir);
            finish(ui::run(app)?)
        }
    }
}

/// Opens the history store and recovers interrupted exams. Without a usable data dir the
/// app still runs, and says that nothing will be saved.
fn attach_store(app: &mut App, data_dir: Result<std::path::PathBuf, proctor::paths::NoDataDir>) {
    let opened = data_dir.map_err(|e| e.to_string()).and_then(|d| Store::open(&d).map_err(|e| e.to_string()));
    match opened {
        Ok(store) => {
            app.persist.store = Some(store);
            app.load_last_scores();
            app.recover(proctor::engine::clock::Clock::now(&proctor::engine::clock::SystemClock::new()));
        }
        Err(e) => app.status = Some(format!("history NOT saved: {e}")),
    }
}

/// The terminal app draws full-screen: into a pipe or file it would only write garbage.
fn require_terminal() -> anyhow::Result<()> {
    if !ui::interactive() {
        eprintln!(
            "proctor: proctor needs an interactive terminal (stdin and stdout); for scripts use `proctor banks` or `proctor validate`"
        );
        std::process::exit(2);
    }
    Ok(())
}

fn finish(exit: ui::Exit) -> anyhow::Result<ExitCode> {
    Ok(match exit {
        ui::Exit::Quit => ExitCode::SUCCESS,
        ui::Exit::Signal(s) => ExitCode::from((128 + s) as u8),
        ui::Exit::HungUp => ExitCode::from(128 + signal_hook::consts::SIGHUP as u8),
    })
}

/// Every bank that loads, once: a local or user copy identical to a bundled one is shown once.
fn usable_banks(data_dir: Option<&std::path::Path>, opts: &LoadOptions) -> Vec<LoadedBank> {
    let mut out: Vec<LoadedBank> = Vec::new();
    for f in commands::discover(data_dir, opts) {
        if let Some(b) = f.report.bank
            && !out.iter().any(|o| o.sha256 == b.sha256)
        {
            out.push(b);
        }
    }
    out
}

/// Banks that sessions were taken from by path (not found by discovery), so interrupted
/// sessions can resume and exports can name causes.
fn add_session_banks(store: &Store, banks: &mut Vec<LoadedBank>, opts: &LoadOptions, all: bool) {
    let sessions = if all { store.scan().sessions } else { store.unfinished() };
    for s in sessions {
        let known = banks.iter().any(|b| b.sha256 == s.start.bank_sha256);
        let path = std::path::Path::new(&s.start.bank_source);
        if !known
            && !s.start.bank_source.starts_with("<bundled>")
            && path.exists()
            && let Ok(b) = load::load_path(path, opts)
            && !banks.iter().any(|x| x.sha256 == b.sha256)
        {
            banks.push(b);
        }
    }
}

fn resolve_bank(spec: &str, banks: &mut Vec<LoadedBank>, opts: &LoadOptions) -> anyhow::Result<usize> {
    let path = std::path::Path::new(spec);
    if path.exists() {
        let b = load::load_path(path, opts).with_context(|| format!("cannot use bank {}", path.display()))?;
        banks.push(b);
        return Ok(banks.len() - 1);
    }
    if let Some(i) = banks.iter().rposition(|b| b.bank.exam.id == spec) {
        return Ok(i);
    }
    let ids: Vec<&str> = banks.iter().map(|b| b.bank.exam.id.as_str()).collect();
    bail!("no bank `{spec}`: not a path, and the known bank ids are {}", ids.join(", "))
}

fn exam_options(args: &ExamArgs) -> ExamOptions {
    ExamOptions { questions: args.questions, limit_secs: args.time.limit_secs(), seed: args.time.seed }
}

/// A seed for a new paper when none was given: the time and process id are plenty to make
/// each sitting different; it is shown on the results so a paper can be reproduced.
fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 40)
}
