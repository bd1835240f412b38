//! The command line: `proctor` opens the home screen; subcommands script the rest. This
//! module dispatches a parsed command to the app layer and prints what comes back; the
//! terminal app is started from here too.

pub mod args;
pub mod banks;
pub mod history;
pub mod import;
mod notice;
pub mod progress;
pub mod report;
pub mod retake;
pub mod study;
pub mod table;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use crate::app::{self, paths};
use crate::engine::bank::load::LoadOptions;
use crate::engine::bank::{LoadedBank, catalog};
use crate::engine::clock::Clock;
use crate::engine::history::Store;
use crate::engine::prepare::{DrillSpec, ExamOptions};
use crate::tui::clock::SystemClock;
use crate::tui::effects::Runtime;
use crate::tui::state::App;
use args::{Cli, Command};

/// Said while the banks take long to read (the first start with large banks); short, so
/// that it stays on one line of a narrow terminal and clears whole.
const READING: &str = "Reading the question banks… (the first time takes a moment)";

/// Runs one parsed command line; the exit code on success. Bank cache entries still
/// being written when it ends are waited for.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let out = run_command(cli);
    crate::engine::bank::cache::finish_writes();
    out
}

fn run_command(cli: Cli) -> anyhow::Result<ExitCode> {
    // Past a file-size limit (`ulimit -f`) the default is to kill the process: handled,
    // a write fails instead (a bank cache entry is then skipped; in an exam the app says
    // "NOT saved" and keeps the answer). Set first: loading writes the bank cache.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let clock = SystemClock::new();
    let data_dir = paths::data_dir(cli.data_dir.clone());
    let dir = data_dir.as_deref().ok();
    // Validated banks are cached under the data dir; `validate` always checks afresh.
    let opts = &LoadOptions::new(cli.max_bank_size, dir.map(|d| d.join("cache")));
    // A session finished but not indexed (killed between the two, or the disk filled up)
    // is indexed now, before anything lists or counts sessions.
    if !matches!(
        cli.command,
        Some(
            Command::Validate { .. }
                | Command::Banks { .. }
                | Command::Doctor { .. }
                | Command::Import(_)
                | Command::ExportBank { .. }
        )
    ) && let Some(d) = dir
        && d.join("index.json").exists()
    {
        let _ = Store::at(d).reconcile();
    }
    match cli.command {
        Some(Command::Validate { paths, strict, format }) => {
            let fresh = LoadOptions::new(cli.max_bank_size, None);
            banks::validate(&paths, strict, format, &fresh, || app::banks::discover(dir, &fresh))
        }
        Some(Command::Banks { format, coverage: Some(bank) }) => {
            banks::coverage(app::banks::discover(dir, opts), &bank, format)
        }
        Some(Command::Banks { format, coverage: None }) => banks::banks(&app::banks::discover(dir, opts), format),
        Some(Command::Drill(a)) => {
            // The bank first: a mistyped id is worth knowing about without a terminal too.
            let mut banks = notice::while_slow(READING, || app::banks::usable(dir, &opts.deferring()));
            // A path names a bank read here, possibly for the first time.
            let idx = notice::while_slow(READING, || catalog::resolve(&a.bank, &mut banks, opts))?;
            notice::while_slow(READING, || complete_for_start(dir, &mut banks, idx))?;
            // The reviews due are known without a terminal: printed on request, and
            // "nothing is due" is said before asking for one.
            let mut due = Vec::new();
            if a.due {
                let store = dir.map(Store::at);
                let d = app::study::due_drill(store.as_ref(), &banks[idx].bank, a.until, clock.now(), a.questions)?;
                if let Some(format) = a.format {
                    return study::print_due(&d, &banks[idx].bank, format);
                }
                if d.due.items.is_empty() {
                    println!("{}", study::nothing_due(&d));
                    return Ok(ExitCode::SUCCESS);
                }
                due = d.due.items.iter().map(|i| i.question.clone()).collect();
            }
            require_terminal();
            let mut rt =
                Runtime::start(App::new(banks, ExamOptions::default(), fresh_seed()), open(&data_dir), clock.now());
            rt.app.selected = idx;
            let spec = DrillSpec {
                domains: a.domain.clone(),
                missed: a.missed,
                questions: Some(a.questions.unwrap_or(crate::engine::prepare::DEFAULT_DRILL_QUESTIONS)),
                untimed: a.untimed,
                // Reviews teach with the answer shown, unless asked not to.
                feedback: a.feedback || (a.due && !a.no_feedback),
                limit_secs: a.time.limit_secs(),
                seed: a.time.seed,
                reported: Vec::new(),
                due,
            };
            // An interrupted exam is offered first; declined, the drill follows.
            if let Err(e) = rt.prepare_drill_or_wait(idx, spec) {
                bail!(e);
            }
            run_app(rt, &data_dir)
        }
        Some(Command::Exam(a)) => {
            // The bank first: a mistyped id is worth knowing about without a terminal too.
            let mut banks = notice::while_slow(READING, || app::banks::usable(dir, &opts.deferring()));
            // A path names a bank read here, possibly for the first time.
            let idx = notice::while_slow(READING, || catalog::resolve(&a.bank, &mut banks, opts))?;
            notice::while_slow(READING, || complete_for_start(dir, &mut banks, idx))?;
            require_terminal();
            let options = ExamOptions { questions: a.questions, limit_secs: a.time.limit_secs(), seed: a.time.seed };
            let mut rt = Runtime::start(App::new(banks, options, fresh_seed()), open(&data_dir), clock.now());
            rt.app.selected = idx;
            if let Err(e) = rt.prepare_exam_or_wait(idx) {
                bail!(e);
            }
            run_app(rt, &data_dir)
        }
        Some(Command::Progress { bank, format, buffer, streak, adjust }) => {
            let mut banks = app::banks::usable(dir, opts);
            let idx = catalog::resolve(&bank, &mut banks, opts)?;
            let store = dir.map(Store::at);
            let cfg = crate::engine::readiness::Config { streak: streak.max(1), buffer, ..Default::default() };
            progress::progress(store.as_ref(), &banks[idx].bank, cfg, format, adjust)
        }
        Some(Command::Attempt(args::AttemptCommand::Add { bank, date, result, score, domain })) => {
            let dir = data_dir?;
            let mut banks = app::banks::usable(Some(&dir), opts);
            let idx = catalog::resolve(&bank, &mut banks, opts)?;
            let today = app::progress::local_day(clock.now());
            retake::add(&Store::open(&dir)?, &banks[idx].bank, today, &date, &result, score, &domain)
        }
        Some(Command::Attempt(args::AttemptCommand::List { bank, format })) => {
            retake::list(&Store::at(&data_dir?), bank.as_deref(), format)
        }
        Some(Command::Attempt(args::AttemptCommand::Remove { id })) => retake::remove(&Store::at(&data_dir?), &id),
        Some(Command::Retake { bank, format, book, cancel_booking }) => {
            let mut banks = app::banks::usable(dir, opts);
            let idx = catalog::resolve(&bank, &mut banks, opts)?;
            if book.is_some() || cancel_booking {
                let store = Store::open(&data_dir?)?;
                return retake::book(&store, &banks[idx].bank, book, clock.now());
            }
            let store = dir.map(Store::at);
            retake::retake(store.as_ref(), &banks[idx].bank, format, clock.now())
        }
        Some(Command::Plan { bank, until, format }) => {
            let mut banks = app::banks::usable(dir, opts);
            let idx = catalog::resolve(&bank, &mut banks, opts)?;
            let store = dir.map(Store::at);
            study::plan(store.as_ref(), &banks[idx].bank, until, format, clock.now())
        }
        Some(Command::Report(a)) => {
            let mut banks = app::banks::usable(dir, opts);
            let idx = catalog::resolve(&a.bank, &mut banks, opts)?;
            let store = dir.map(Store::at);
            report::report(store.as_ref(), &banks[idx].bank, &a, clock.now())
        }
        Some(Command::History { bank, format }) => {
            let mut known: Vec<String> = match bank {
                Some(_) => app::banks::usable(dir, opts).into_iter().map(|b| b.bank.exam.id).collect(),
                None => Vec::new(),
            };
            known.sort();
            known.dedup();
            history::history(&Store::at(&data_dir?), bank.as_deref(), &known, format)
        }
        Some(Command::Export { session, all, format }) => {
            if session.is_none() && !all {
                usage_error("export", "give a session id, `latest`, or `--all`");
            }
            let mut banks = app::banks::usable(dir, opts);
            let store = Store::at(&data_dir?);
            app::banks::add_session_banks(&store, &mut banks, opts, true);
            history::export(&store, &banks, session.as_deref(), format)
        }
        Some(Command::Review { session, format }) => {
            let dir = data_dir.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?.clone();
            let store = Store::at(&dir);
            let mut banks = app::banks::usable(Some(&dir), opts);
            app::banks::add_session_banks(&store, &mut banks, opts, true);
            if let Some(format) = format {
                return history::review_print(&store, &banks, &session, format);
            }
            let stored = app::review_session::find_session(&store, &session)?;
            let review = app::review_session::review_stored(&banks, &store, &stored)?;
            require_terminal();
            // Reviewing needs no recovery: only confirmed causes are written, to this journal.
            let journaling = app::journaling::Journaling::new(Store::open(&dir).ok());
            let mut rt = Runtime { app: App::new(banks, ExamOptions::default(), fresh_seed()), journaling };
            rt.app.show_review(review);
            run_app(rt, &data_dir)
        }
        Some(Command::Import(a)) => import::import(a, cli.max_bank_size),
        Some(Command::ExportBank { bank, to, output }) => {
            let mut banks = app::banks::usable(dir, opts);
            let idx = catalog::resolve(&bank, &mut banks, opts)?;
            import::export_bank(&banks[idx].bank, to, &output)
        }
        Some(Command::Doctor { rebuild_index }) => history::doctor(&Store::at(&data_dir?), rebuild_index),
        None => {
            require_terminal();
            // Banks served by their stamps are listed from their cache entries' heads and
            // read whole after the first frame (`Runtime::complete_banks`).
            let banks = notice::while_slow(READING, || {
                let mut banks = app::banks::usable(dir, &opts.deferring());
                if let Some(d) = dir {
                    let store = Store::at(d);
                    app::banks::add_session_banks(&store, &mut banks, opts, false);
                    app::banks::complete_if_needed(&store, &mut banks);
                }
                banks
            });
            let rt =
                Runtime::start(App::new(banks, ExamOptions::default(), fresh_seed()), open(&data_dir), clock.now());
            run_app(rt, &data_dir)
        }
    }
}

/// The other banks, listed from their cache heads, are read whole after the first frame;
/// the one asked for (and any an interrupted session or a booked plan needs) now.
fn complete_for_start(dir: Option<&std::path::Path>, banks: &mut [LoadedBank], idx: usize) -> anyhow::Result<()> {
    banks[idx].complete()?;
    if let Some(d) = dir {
        app::banks::complete_if_needed(&Store::at(d), banks);
    }
    Ok(())
}

/// A usage error of the subcommand `name`, as clap reports its own (with the usage line),
/// exit code 2.
fn usage_error(name: &str, message: &str) -> ! {
    use clap::CommandFactory as _;
    let mut cmd = Cli::command();
    cmd.build();
    match cmd.find_subcommand_mut(name) {
        Some(sub) => sub.error(clap::error::ErrorKind::MissingRequiredArgument, message).exit(),
        None => cmd.error(clap::error::ErrorKind::MissingRequiredArgument, message).exit(),
    }
}

/// Opens (creating) the history store, or says why it cannot be used: the app then still
/// runs, and says that nothing will be saved.
fn open(data_dir: &Result<PathBuf, paths::NoDataDir>) -> Result<Store, String> {
    match data_dir {
        Ok(d) => Store::open(d).map_err(|e| e.report()),
        Err(e) => Err(e.to_string()),
    }
}

/// The terminal app draws full-screen: into a pipe or file, or on a terminal that says it
/// cannot move the cursor (`TERM=dumb`: Emacs' shell, some CI logs), it would only write
/// garbage. TERM is checked first: it needs no terminal to be known, so the refusal (and
/// its advice) is the same whether or not stdin and stdout are terminals.
fn require_terminal() {
    let refusal = if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        "TERM is `dumb`: this terminal cannot draw the full-screen app; run proctor in a terminal emulator \
         (TERM=xterm-256color, for example), or for scripts use `proctor banks` or `proctor validate`"
    } else if !crate::tui::interactive() {
        "proctor needs an interactive terminal (stdin and stdout); for scripts use `proctor banks` or `proctor validate`"
    } else {
        return;
    };
    // Not `eprintln!`: a closed stderr must not turn the refusal into a panic.
    let _ = writeln!(std::io::stderr(), "proctor: {refusal}");
    std::process::exit(2);
}

/// Runs the terminal app, then makes sure nothing the candidate did is lost silently:
/// records that could not be written are kept in a rescue file and named on stderr, and
/// the exit code says so.
fn run_app(mut rt: Runtime, data_dir: &Result<PathBuf, paths::NoDataDir>) -> anyhow::Result<ExitCode> {
    let exit = crate::tui::run(&mut rt);
    let mut dirs: Vec<PathBuf> = rt.journaling.store().map(|s| s.root().to_owned()).into_iter().collect();
    dirs.push(std::env::temp_dir());
    let rescued = rt.journaling.rescue(&dirs);
    if let Some(r) = &rescued {
        let where_ = match data_dir {
            Ok(d) => d.display().to_string(),
            Err(_) => "a data directory".to_owned(),
        };
        let kept = match &r.kept {
            Ok(p) => format!(
                "they are kept in {} (a session journal: move it into {}/sessions/ once the disk takes writes again)",
                p.display(),
                where_
            ),
            Err(why) => format!(
                "no file would take them either ({why}), so here they are, as journal lines to save by hand:\n{}",
                r.lines.trim_end()
            ),
        };
        let _ = writeln!(
            std::io::stderr(),
            "proctor: {} record(s), {} of them answers, were NOT saved to {where_} ({}); {kept}",
            r.records,
            r.answers,
            r.reason
        );
    }
    Ok(match exit? {
        crate::tui::Exit::Quit if rescued.is_some() => ExitCode::from(1),
        crate::tui::Exit::Quit => ExitCode::SUCCESS,
        crate::tui::Exit::Signal(s) => ExitCode::from((128 + s) as u8),
        crate::tui::Exit::HungUp => ExitCode::from(128 + signal_hook::consts::SIGHUP as u8),
    })
}

/// A seed for a new paper when none was given: the time and process id are plenty to make
/// each sitting different; it is shown on the results so a paper can be reproduced.
fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 40)
}
