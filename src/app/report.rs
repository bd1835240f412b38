//! The progress report a candidate mails to a mentor or prints: everything `proctor
//! progress` and `proctor retake` say, the charts behind it, the study plan, the real
//! attempts and the last sessions, as one typed [`Report`] built from the store, the bank
//! and the time. [`super::report_html`] and [`super::report_md`] render it (the charts by
//! [`super::report_svg`]); [`write_files`] puts the result on disk.
//!
//! The progress screen's `e` key is meant to call [`export`] with the candidate's path:
//! it builds, renders and writes in one step, and returns the files written.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use crate::engine::bank::{Bank, Cause};
use crate::engine::estimate::Estimate;
use crate::engine::history::{Store, Summary};
use crate::engine::progress::PlanItem;
use crate::engine::readiness::{self, Trend, VerdictKind};
use crate::engine::retake::{Booking, Outcome, ReportedResult};
use crate::engine::review::{self, Review};
use crate::engine::scoring::Label;
use crate::engine::session::{FinishReason, Mode};
use crate::engine::text::escape_controls;

use super::progress::{self, Calibration};

/// The most recent sessions listed at the end of the report.
pub const SESSIONS_SHOWN: usize = 10;

/// The causes of the heat map's columns, as the breakdown counts them.
pub const CAUSE_COLUMNS: [&str; 6] = review::COLUMNS;

/// Everything the report shows, in the order it shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub generated_at: DateTime<Utc>,
    /// `generated_at` as the candidate's calendar and clock show it.
    pub generated_local: String,
    pub proctor_version: &'static str,
    pub bank: BankFacts,
    pub verdict: VerdictText,
    pub estimate: Estimate,
    /// The estimate in the words `proctor progress` uses.
    pub estimate_text: String,
    /// The chance of passing after each of the last counted simulations, oldest first.
    pub estimate_trend: Vec<Option<f64>>,
    pub rates: Rates,
    /// Each real exam with a score, against what practice said before it.
    pub calibration: Vec<Calibration>,
    /// The booking advice, or why there is none (no vendor, no policy).
    pub retake: Result<Booking, String>,
    /// Counted full simulations, oldest first: the points of the scores chart.
    pub scores: Vec<ScorePoint>,
    /// Finished simulations that do not count, each with its reason.
    pub not_counted: Vec<NotCounted>,
    /// Per domain, its percentage in each counted simulation: the small multiples.
    pub domains: Vec<DomainSeries>,
    /// Domain × cause counts over the recent sessions: the heat map.
    pub causes: CauseMatrix,
    /// Seconds per answered question by domain over the recent sessions.
    pub pace: Pace,
    pub plan: Vec<PlanItem>,
    pub plan_rule: &'static str,
    pub drill_command: String,
    /// Terms of the questions missed in the recent sessions, most missed first.
    pub missed_terms: Vec<MissedTerm>,
    /// Real attempts, oldest first, with their score reports.
    pub attempts: Vec<AttemptRow>,
    /// Lines of `attempts.jsonl` that could not be read (`file:line: reason`).
    pub attempt_problems: Vec<String>,
    /// The last sessions of the bank, newest first.
    pub sessions: Vec<SessionRow>,
    /// Notes the candidate wrote in review, in the recent sessions.
    pub notes: Vec<NoteRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BankFacts {
    pub id: String,
    pub title: String,
    pub vendor: Option<String>,
    pub questions: u32,
    pub minutes: u32,
    pub passing: u8,
    pub target: u8,
    /// The time a full paper allows per question.
    pub pace_secs: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictText {
    pub kind: VerdictKind,
    /// "Ready", "Not yet", "Not enough data".
    pub word: &'static str,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rates {
    /// At or above target among the last N counted simulations: (hits, of).
    pub last_n: (usize, usize),
    pub all: (usize, usize),
    pub streak: usize,
    /// Simulations in a row at or above target that readiness asks for.
    pub streak_needed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorePoint {
    pub session: String,
    pub at: DateTime<Utc>,
    pub when: String,
    pub score: f64,
    pub questions: usize,
    pub correct: usize,
    pub reached_target: bool,
    pub new_questions: Option<usize>,
    pub fresh_score: Option<f64>,
    /// The chance of passing as it stood after this simulation (kept for the last
    /// `readiness::ESTIMATE_TREND`; `None` before, or where the evidence was thin).
    pub pass_probability: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotCounted {
    pub session: String,
    pub when: String,
    pub score: f64,
    pub reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainSeries {
    pub id: String,
    pub name: String,
    pub weight: u32,
    /// One point per counted simulation that asked the domain, oldest first.
    pub points: Vec<DomainPoint>,
    /// In the latest counted simulation.
    pub latest: Option<f64>,
    /// Over the last N counted simulations, as `proctor progress` shows it.
    pub trend: Trend,
    pub label: Option<Label>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainPoint {
    pub at: DateTime<Utc>,
    pub percent: f64,
    pub correct: usize,
    pub asked: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CauseMatrix {
    /// Sessions the counts come from (the recent ones, simulations and drills).
    pub sessions: usize,
    pub rows: Vec<CauseRow>,
    pub totals: [usize; 6],
    /// The largest cell, for the colour scale.
    pub max: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CauseRow {
    pub id: String,
    pub name: String,
    pub asked: usize,
    pub errors: usize,
    /// Per [`CAUSE_COLUMNS`] entry.
    pub counts: [usize; 6],
    pub dominant: Option<Cause>,
    pub advice: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pace {
    pub sessions: usize,
    /// The time a full paper allows per question.
    pub bank_secs: f64,
    pub rows: Vec<PaceRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaceRow {
    pub id: String,
    pub name: String,
    /// Questions answered (not the ones left when time ran out).
    pub answers: usize,
    pub mean_secs: Option<f64>,
    pub right_secs: Option<f64>,
    pub wrong_secs: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedTerm {
    pub term: String,
    pub count: usize,
    /// Names of the domains it was missed in.
    pub domains: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptRow {
    pub id: String,
    pub date: NaiveDate,
    pub passed: bool,
    /// As the score report printed it: `780/1000`, `78%`, `780`.
    pub score: Option<String>,
    pub percent: Option<f64>,
    pub domains: Vec<ReportedRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedRow {
    /// The domain's name, or its id when the bank no longer has it.
    pub name: String,
    /// `62%`, or the report's band ("Near target").
    pub result: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRow {
    pub session: String,
    pub when: String,
    /// `simulation` or `drill`.
    pub mode: &'static str,
    pub full_length: bool,
    pub questions: usize,
    pub answered: usize,
    pub correct: usize,
    pub score: f64,
    pub passed: bool,
    /// `completed`, `time-up`, `abandoned`, `interrupted`.
    pub finish: &'static str,
    pub counted: bool,
    /// Why it does not count toward readiness (simulations only: drills never do).
    pub not_counted: Option<&'static str>,
    pub fresh_score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteRow {
    pub when: String,
    pub question: String,
    pub domain: String,
    pub cause: Option<&'static str>,
    /// Written by the candidate: any text, its control characters made visible.
    pub note: String,
}

/// A time as the candidate's calendar and clock show it.
fn local_text(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The report of `bank` from its history in `store` (none: an empty history), as of `now`.
pub fn build(store: Option<&Store>, bank: &Bank, now: DateTime<Utc>) -> Report {
    let cfg = readiness::Config::default();
    let p = progress::progress_of(store, bank, cfg);
    let r = &p.readiness;
    let summaries: Vec<Summary> = store.map(Store::summaries).unwrap_or_default();
    let key = bank.key();
    let mut mine: Vec<&Summary> = summaries.iter().filter(|s| s.is_of(&key)).collect();
    mine.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));

    // The estimate trend belongs to the last counted simulations.
    let skip = r.scores.len().saturating_sub(r.estimate_trend.len());
    let scores = r
        .scores
        .iter()
        .enumerate()
        .map(|(i, s)| ScorePoint {
            session: s.session.clone(),
            at: s.started_at,
            when: local_text(s.started_at),
            score: s.score,
            questions: s.questions,
            correct: s.correct,
            reached_target: s.reached_target,
            new_questions: s.new_questions,
            fresh_score: s.fresh_score,
            pass_probability: i.checked_sub(skip).and_then(|j| r.estimate_trend.get(j).copied().flatten()),
        })
        .collect();
    let not_counted = r
        .not_counted
        .iter()
        .map(|s| NotCounted {
            session: s.session.clone(),
            when: local_text(s.started_at),
            score: s.score,
            reason: s.reason.unwrap_or("does not count"),
        })
        .collect();

    // Every counted simulation, not only the last N the trend is read over: the mentor
    // sees the whole way here.
    let counted: Vec<&Summary> = mine.iter().copied().filter(|s| readiness::counted(s)).collect();
    let domains = bank
        .domains
        .iter()
        .map(|d| {
            let points = counted
                .iter()
                .filter_map(|s| {
                    let x = s.domains.iter().find(|x| x.id == d.id.0 && x.asked > 0)?;
                    Some(DomainPoint {
                        at: s.started_at,
                        percent: crate::engine::scoring::percent(x.correct, x.asked),
                        correct: x.correct,
                        asked: x.asked,
                    })
                })
                .collect();
            let t = r.domains.iter().find(|t| t.id == d.id.0);
            DomainSeries {
                id: d.id.0.clone(),
                name: d.name.clone(),
                weight: d.weight,
                points,
                latest: t.and_then(|t| t.latest),
                trend: t.map_or(Trend::Flat, |t| t.trend),
                label: t.and_then(|t| t.label),
            }
        })
        .collect();

    let recent = Recent::read(store, bank, &mine, cfg.last_n);
    let attempts = attempts(store, bank);

    let sessions = mine
        .iter()
        .rev()
        .take(SESSIONS_SHOWN)
        .map(|s| SessionRow {
            session: s.id.clone(),
            when: local_text(s.started_at),
            mode: match s.mode {
                Mode::Simulation => "simulation",
                Mode::Drill => "drill",
            },
            full_length: s.full_length,
            questions: s.questions,
            answered: s.answered,
            correct: s.correct,
            score: s.score,
            passed: s.passed,
            finish: s.finish.map_or("interrupted", FinishReason::name),
            counted: readiness::counted(s),
            not_counted: (s.mode == Mode::Simulation).then(|| readiness::not_counted(s)).flatten(),
            fresh_score: s.fresh_score,
        })
        .collect();

    let exam = &bank.exam;
    Report {
        generated_at: now,
        generated_local: local_text(now),
        proctor_version: env!("CARGO_PKG_VERSION"),
        bank: BankFacts {
            id: exam.id.clone(),
            title: exam.title.clone(),
            vendor: exam.vendor.clone(),
            questions: exam.questions,
            minutes: exam.minutes,
            passing: r.passing_score,
            target: r.target,
            pace_secs: pace_secs(bank),
        },
        verdict: VerdictText {
            kind: r.verdict.kind,
            word: progress::verdict_word(r.verdict.kind),
            reasons: r.verdict.reasons.clone(),
        },
        estimate: r.estimate.clone(),
        estimate_text: progress::estimate_text(&r.estimate),
        estimate_trend: r.estimate_trend.clone(),
        rates: Rates { last_n: r.rate_last_n, all: r.rate_all, streak: r.streak, streak_needed: cfg.streak },
        calibration: progress::calibration(store, bank),
        retake: progress::booking_for(store, bank, progress::local_day(now)),
        scores,
        not_counted,
        domains,
        causes: recent.causes,
        pace: recent.pace,
        plan_rule: progress::plan_rule(&p.plan),
        drill_command: progress::weak_drill_command(&exam.id),
        plan: p.plan,
        missed_terms: recent.terms,
        attempts: attempts.0,
        attempt_problems: attempts.1,
        sessions,
        notes: recent.notes,
    }
}

/// The seconds a full paper allows per question.
fn pace_secs(bank: &Bank) -> f64 {
    f64::from(bank.exam.minutes) * 60.0 / f64::from(bank.exam.questions.max(1))
}

/// What the journals of the recent sessions say: the matrix, the pace, the terms, the notes.
struct Recent {
    causes: CauseMatrix,
    pace: Pace,
    terms: Vec<MissedTerm>,
    notes: Vec<NoteRow>,
}

impl Recent {
    /// The last `n` finished sessions of the bank (simulations and drills), the same ones the
    /// study plan reads its causes and terms from.
    fn read(store: Option<&Store>, bank: &Bank, mine: &[&Summary], n: usize) -> Recent {
        let finished: Vec<&Summary> = mine.iter().copied().filter(|s| s.finish.is_some()).collect();
        let window = &finished[finished.len().saturating_sub(n)..];
        let mut rows: Vec<CauseRow> = bank
            .domains
            .iter()
            .map(|d| CauseRow {
                id: d.id.0.clone(),
                name: d.name.clone(),
                asked: 0,
                errors: 0,
                counts: [0; 6],
                dominant: None,
                advice: None,
            })
            .collect();
        // (all, right, wrong) seconds per domain, in bank order.
        let mut secs: Vec<[Vec<f64>; 3]> = vec![Default::default(); bank.domains.len()];
        let mut terms: BTreeMap<String, (usize, Vec<usize>)> = BTreeMap::new();
        let mut notes = Vec::new();
        let mut read = 0;
        for sum in window {
            let Some(s) = store.and_then(|st| st.read_session(&st.journal_path(&sum.id)).ok()) else { continue };
            read += 1;
            let answers = s.complete_answers();
            let rv = Review::build(bank, &s.start.domains, &s.start.paper, &answers, &s.confirmed());
            for d in review::breakdown(&rv, bank).domains {
                if let Some(row) = rows.iter_mut().find(|r| r.id == d.id) {
                    row.asked += d.asked;
                    row.errors += d.errors;
                    for (a, b) in row.counts.iter_mut().zip(d.counts) {
                        *a += b;
                    }
                }
            }
            for a in answers.iter().filter(|a| a.unanswered.is_none()) {
                let Some(d) = s.start.paper.get(a.item).and_then(|f| bank.domain_index(&f.domain.0)) else { continue };
                secs[d][0].push(a.seconds);
                secs[d][if a.correct { 1 } else { 2 }].push(a.seconds);
            }
            for it in &rv.items {
                if it.is_error()
                    && let Some(q) = it.question
                {
                    let d = bank.questions[q].domain;
                    for t in &bank.questions[q].terms {
                        let e = terms.entry(t.clone()).or_default();
                        e.0 += 1;
                        if !e.1.contains(&d) {
                            e.1.push(d);
                        }
                    }
                }
                if let Some(note) = it.confirmed.as_ref().and_then(|c| c.note.as_deref()) {
                    notes.push(NoteRow {
                        when: local_text(sum.started_at),
                        question: it.question_id.0.clone(),
                        domain: it.domain_name.clone(),
                        cause: it.cause().map(|c| c.name()),
                        note: escape_controls(note),
                    });
                }
            }
        }
        let mut totals = [0; 6];
        for row in &mut rows {
            for (t, c) in totals.iter_mut().zip(row.counts) {
                *t += c;
            }
            row.dominant = review::dominant_cause(&row.counts);
            row.advice = row.dominant.map(review::advice);
        }
        let max = rows.iter().flat_map(|r| r.counts).max().unwrap_or(0);
        let pace_rows = bank
            .domains
            .iter()
            .zip(&secs)
            .map(|(d, [all, right, wrong])| PaceRow {
                id: d.id.0.clone(),
                name: d.name.clone(),
                answers: all.len(),
                mean_secs: mean(all),
                right_secs: mean(right),
                wrong_secs: mean(wrong),
            })
            .collect();
        let mut terms: Vec<MissedTerm> = terms
            .into_iter()
            .map(|(term, (count, ds))| MissedTerm {
                term,
                count,
                domains: ds.iter().map(|&d| bank.domains[d].name.clone()).collect(),
            })
            .collect();
        terms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.to_lowercase().cmp(&b.term.to_lowercase())));
        notes.reverse();
        Recent {
            causes: CauseMatrix { sessions: read, rows, totals, max },
            pace: Pace { sessions: read, bank_secs: pace_secs(bank), rows: pace_rows },
            terms,
            notes,
        }
    }
}

/// The bank's real attempts, oldest first, and the lines that could not be read.
fn attempts(store: Option<&Store>, bank: &Bank) -> (Vec<AttemptRow>, Vec<String>) {
    let Some(store) = store else { return Default::default() };
    let (stored, problems) = store.stored_attempts(Some(&bank.exam.id));
    let mut rows: Vec<AttemptRow> = stored
        .iter()
        .map(|s| {
            let a = &s.attempt;
            let score = match (a.score, a.out_of) {
                (Some(s), Some(100)) => Some(format!("{s}%")),
                (Some(s), Some(of)) => Some(format!("{s}/{of}")),
                (Some(s), None) => Some(s.to_string()),
                (None, _) => None,
            };
            let domains = a
                .domains
                .iter()
                .map(|(id, result)| ReportedRow {
                    name: bank.domain_index(id).map_or_else(|| id.clone(), |i| bank.domains[i].name.clone()),
                    result: match result {
                        ReportedResult::Percent(p) => format!("{p:.0}%"),
                        ReportedResult::Label(l) => l.text().to_owned(),
                    },
                })
                .collect();
            AttemptRow {
                id: s.id.0.clone(),
                date: a.date,
                passed: a.result == Outcome::Pass,
                score,
                percent: a.score_percent(),
                domains,
            }
        })
        .collect();
    rows.sort_by_key(|a| a.date);
    (rows, problems.iter().map(|p| escape_controls(&p.to_string())).collect())
}

/// The two forms a report takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One self-contained page, the charts inline.
    Html,
    /// Markdown with tables, the charts as SVG files beside it.
    Md,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
        }
    }
}

/// The charts, by the name each takes in a file beside a markdown report
/// (`report.md` → `report-scores.svg`).
pub const CHARTS: [&str; 4] = ["scores", "domains", "causes", "pace"];

/// A file to write and what goes in it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutFile {
    pub path: PathBuf,
    pub text: String,
}

/// Why a report was not written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{} is a directory; give a file name, such as {}", path.display(), path.join("report.html").display())]
    IsDirectory { path: PathBuf },
    #[error(
        "{} exists and is not a Proctor report; choose another --output or move that file away",
        path.display()
    )]
    NotAReport { path: PathBuf },
    #[error("{} does not exist (or is not a directory); create it or choose another --output", dir.display())]
    NoDirectory { dir: PathBuf },
    #[error("cannot write the report to {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot draw the {chart} chart: {why}")]
    Chart { chart: &'static str, why: String },
    #[error("cannot render the report: {0}")]
    Render(String),
}

/// Every file a report leaves carries this in its first kilobyte, so that a later report
/// may replace it and nothing else is overwritten.
pub const MARKER: &str = "proctor-report";

/// The files of `report` in `format` at `output`: one HTML page, or the markdown and its
/// charts beside it (written first, so the markdown never links to a missing file).
pub fn render(report: &Report, format: Format, output: &Path) -> Result<Vec<OutFile>, ReportError> {
    let charts = super::report_svg::Charts::draw(report)?;
    match format {
        Format::Html => {
            let text = super::report_html::render(report, &charts).map_err(|e| ReportError::Render(e.to_string()))?;
            Ok(vec![OutFile { path: output.to_owned(), text }])
        }
        Format::Md => {
            let names: Vec<String> = CHARTS.iter().map(|c| chart_file_name(output, c)).collect();
            let mut files: Vec<OutFile> = CHARTS
                .iter()
                .zip(&names)
                .map(|(c, name)| OutFile {
                    path: output.with_file_name(name),
                    text: super::report_svg::standalone(charts.get(c)),
                })
                .collect();
            let text = super::report_md::render(report, &names).map_err(|e| ReportError::Render(e.to_string()))?;
            files.push(OutFile { path: output.to_owned(), text });
            Ok(files)
        }
    }
}

/// `report.md` → `report-scores.svg`.
pub fn chart_file_name(output: &Path, chart: &str) -> String {
    let stem = output.file_stem().map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem}-{chart}.svg")
}

/// Writes each file atomically (a temporary file beside it, flushed to disk, then renamed
/// over it), after checking them all: a directory, or a file that no report of Proctor's
/// wrote, is never written over.
pub fn write_files(files: &[OutFile]) -> Result<(), ReportError> {
    for f in files {
        check_target(&f.path)?;
    }
    for f in files {
        write_atomically(&f.path, f.text.as_bytes())
            .map_err(|source| ReportError::Io { path: f.path.clone(), source })?;
    }
    Ok(())
}

fn check_target(path: &Path) -> Result<(), ReportError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(ReportError::NoDirectory { dir: dir.to_owned() });
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(ReportError::Io { path: path.to_owned(), source }),
    };
    if meta.is_dir() {
        return Err(ReportError::IsDirectory { path: path.to_owned() });
    }
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .map_err(|source| ReportError::Io { path: path.to_owned(), source })?;
    if !String::from_utf8_lossy(&head).contains(MARKER) {
        return Err(ReportError::NotAReport { path: path.to_owned() });
    }
    Ok(())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::engine::history::journal::replace_durably(path, bytes)
}

/// Builds the report of `bank` as of `now`, renders it in `format` and writes it to
/// `output` (and, for markdown, its charts beside it); the files written, the page last.
pub fn export(
    store: Option<&Store>,
    bank: &Bank,
    now: DateTime<Utc>,
    format: Format,
    output: &Path,
) -> Result<Vec<PathBuf>, ReportError> {
    let report = build(store, bank, now);
    let files = render(&report, format, output)?;
    write_files(&files)?;
    Ok(files.into_iter().map(|f| f.path).collect())
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
