//! `proctor history`, `proctor export` and `proctor doctor`: the store, read-only (these
//! never take the exam lock, so they work while an exam runs elsewhere).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::Local;
use proctor::engine::bank::{Bank, LoadedBank};
use proctor::engine::diagnosis::{self, Suggested};
use proctor::engine::history::record::FrozenItem;
use proctor::engine::history::{Store, Stored, Summary};
use proctor::engine::session::FinishReason;
use proctor::text::escape_controls;
use serde::Serialize;

use crate::cli::TableFormat;

/// `proctor history [BANK]`, newest first.
pub fn history(store: &Store, bank: Option<&str>, format: TableFormat) -> Result<ExitCode> {
    let mut all: Vec<Summary> = store.summaries().into_iter().filter(|s| bank.is_none_or(|b| s.bank_id == b)).collect();
    all.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
    let mut out = std::io::stdout().lock();
    match format {
        TableFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?,
        TableFormat::Csv => {
            writeln!(
                out,
                "session,bank,mode,full_length,started_at,finished_at,finish,questions,answered,correct,score,passed,clock_anomaly"
            )?;
            for s in &all {
                let row = [
                    s.id.clone(),
                    s.bank_id.clone(),
                    format!("{:?}", s.mode).to_lowercase(),
                    s.full_length.to_string(),
                    s.started_at.to_rfc3339(),
                    s.finished_at.map(|f| f.to_rfc3339()).unwrap_or_default(),
                    s.finish.map(|f| f.name().to_owned()).unwrap_or_else(|| "interrupted".into()),
                    s.questions.to_string(),
                    s.answered.to_string(),
                    s.correct.to_string(),
                    format!("{:.1}", s.score),
                    s.passed.to_string(),
                    s.clock_anomaly.to_string(),
                ];
                writeln!(out, "{}", csv_row(&row))?;
            }
        }
        TableFormat::Table => {
            if all.is_empty() {
                writeln!(out, "No sessions yet. Start one with `proctor` or `proctor exam BANK`.")?;
                return Ok(ExitCode::SUCCESS);
            }
            writeln!(
                out,
                "{:<34} {:<14} {:<10} {:<16} {:>7}  {:<6} {:<11} FLAGS",
                "SESSION", "BANK", "MODE", "STARTED", "SCORE", "RESULT", "FINISH"
            )?;
            for s in &all {
                let mode = match (s.mode, s.full_length) {
                    (proctor::engine::session::Mode::Drill, _) => "drill",
                    (_, true) => "full",
                    (_, false) => "short",
                };
                let mut flags = Vec::new();
                if s.clock_anomaly {
                    flags.push("clock anomaly");
                }
                if s.torn_tail {
                    flags.push("torn last record dropped");
                }
                let unconfirmed = format!("{} causes unconfirmed", s.unconfirmed);
                if s.unconfirmed > 0 {
                    flags.push(&unconfirmed);
                }
                writeln!(
                    out,
                    "{:<34} {:<14} {:<10} {:<16} {:>6.1}%  {:<6} {:<11} {}",
                    escape_controls(&s.id),
                    escape_controls(&s.bank_id),
                    mode,
                    s.started_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                    s.score,
                    if s.passed { "pass" } else { "fail" },
                    s.finish.map_or("interrupted", FinishReason::name),
                    flags.join(", ")
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One answer, for spreadsheets.
#[derive(Debug, Serialize)]
struct Row {
    session: String,
    bank: String,
    item: usize,
    question: String,
    domain: String,
    selection: String,
    correct: bool,
    seconds: f64,
    guess: bool,
    changed: bool,
    unanswered: String,
    cause: String,
    cause_source: String,
    reason: String,
}

/// `proctor export SESSION|latest|--all`.
pub fn export(
    store: &Store,
    banks: &[LoadedBank],
    session: Option<&str>,
    format: crate::cli::ExportFormat,
) -> Result<ExitCode> {
    let scan = store.scan();
    for p in &scan.problems {
        eprintln!("proctor: skipped {p}");
    }
    let mut sessions: Vec<&Stored> = scan.sessions.iter().collect();
    sessions.sort_by_key(|s| s.start.started_at);
    let chosen: Vec<&Stored> = match session {
        None => sessions,
        Some("latest") => sessions.last().copied().into_iter().collect(),
        Some(id) => match sessions.iter().find(|s| s.id() == id) {
            Some(s) => vec![*s],
            None => bail!("no session `{id}`; `proctor history` lists them"),
        },
    };
    let rows: Vec<Row> = chosen.iter().flat_map(|s| rows(s, banks)).collect();
    let mut out = std::io::stdout().lock();
    match format {
        crate::cli::ExportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
        crate::cli::ExportFormat::Csv => {
            writeln!(
                out,
                "session,bank,item,question,domain,selection,correct,seconds,guess,changed,unanswered,cause,cause_source,reason"
            )?;
            for r in &rows {
                let fields = [
                    r.session.clone(),
                    r.bank.clone(),
                    r.item.to_string(),
                    r.question.clone(),
                    r.domain.clone(),
                    r.selection.clone(),
                    r.correct.to_string(),
                    format!("{:.1}", r.seconds),
                    r.guess.to_string(),
                    r.changed.to_string(),
                    r.unanswered.clone(),
                    r.cause.clone(),
                    r.cause_source.clone(),
                    r.reason.clone(),
                ];
                writeln!(out, "{}", csv_row(&fields))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn rows(s: &Stored, banks: &[LoadedBank]) -> Vec<Row> {
    let bank: Option<&Bank> = banks
        .iter()
        .find(|b| b.sha256 == s.start.bank_sha256)
        .or_else(|| banks.iter().find(|b| b.bank.exam.id == s.start.bank_id))
        .map(|b| &b.bank);
    let answers = s.complete_answers();
    let confirmed_causes = s.confirmed();
    let confirmed = |item: usize| confirmed_causes.get(&item).map(|c| c.cause.clone());
    answers
        .iter()
        .filter_map(|a| {
            let f: &FrozenItem = s.start.paper.get(a.item)?;
            let q = bank.and_then(|b| b.questions.iter().find(|q| q.id == f.question));
            let (cause, source, reason) = match (confirmed(a.item), q.and_then(|q| diagnosis::suggest(q, a))) {
                (Some(c), _) => (c, "confirmed".to_owned(), String::new()),
                (None, Some(sug)) => (
                    match sug.suggested {
                        Suggested::Cause(c) => c.name().to_owned(),
                        Suggested::Time => "time".into(),
                        Suggested::NotReached => "not-reached".into(),
                    },
                    if sug.low_confidence { "suggested (low confidence)".into() } else { "suggested".into() },
                    sug.reason,
                ),
                (None, None) => (String::new(), String::new(), String::new()),
            };
            let letters: String = f
                .order
                .iter()
                .enumerate()
                .filter(|(_, o)| a.selection.contains(o))
                .map(|(p, _)| (b'A' + p as u8) as char)
                .collect();
            Some(Row {
                session: s.id().to_owned(),
                bank: s.start.bank_id.clone(),
                item: a.item + 1,
                question: f.question.0.clone(),
                domain: f.domain.0.clone(),
                selection: letters,
                correct: a.correct,
                seconds: a.seconds,
                guess: a.guess,
                changed: a.changed,
                unanswered: a.unanswered.map(|u| format!("{u:?}").to_lowercase()).unwrap_or_default(),
                cause,
                cause_source: source,
                reason,
            })
        })
        .collect()
}

/// `proctor doctor [--rebuild-index]`: every journal and the index checked.
pub fn doctor(store: &Store, rebuild: bool) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let scan = store.scan();
    let mut problems = 0;
    for p in &scan.problems {
        writeln!(out, "{p}")?;
        problems += 1;
    }
    for s in &scan.sessions {
        if s.journal.torn_tail {
            writeln!(out, "{}: warning: the last record was cut short and is ignored", s.path.display())?;
        }
        if s.clock_anomaly() {
            writeln!(out, "{}: warning: the clock moved backwards during this session", s.path.display())?;
        }
    }
    let fresh: Vec<Summary> = scan.sessions.iter().map(Summary::of).collect();
    if rebuild {
        store.write_index(&fresh)?;
        writeln!(out, "rebuilt {} from {} journal(s)", store.index_path().display(), fresh.len())?;
    } else {
        match store.read_index() {
            None if fresh.is_empty() => {}
            None => {
                writeln!(
                    out,
                    "{}: missing or unreadable; run `proctor doctor --rebuild-index`",
                    store.index_path().display()
                )?;
                problems += 1;
            }
            Some(mut index) => {
                let mut fresh = fresh.clone();
                index.sort_by(|a, b| a.id.cmp(&b.id));
                fresh.sort_by(|a, b| a.id.cmp(&b.id));
                if index != fresh {
                    writeln!(
                        out,
                        "{}: out of date with the journals; run `proctor doctor --rebuild-index`",
                        store.index_path().display()
                    )?;
                    problems += 1;
                }
            }
        }
    }
    writeln!(out, "{} journal(s) checked, {} problem(s)", scan.sessions.len() + scan.problems.len(), problems)?;
    Ok(if problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A CSV line, quoting fields that need it.
fn csv_row(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.clone() })
        .collect::<Vec<_>>()
        .join(",")
}

/// The finished session a user means by `spec` (`latest` or an id).
pub fn find_session(store: &Store, spec: &str) -> Result<Stored> {
    let mut all: Vec<Summary> = store.summaries().into_iter().filter(|s| s.finish.is_some()).collect();
    all.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    let pick = if spec == "latest" { all.last() } else { all.iter().find(|s| s.id == spec) };
    let Some(sum) = pick else {
        if spec == "latest" {
            bail!("no finished session yet; take one with `proctor` or `proctor exam BANK`");
        }
        bail!("no finished session `{spec}`; `proctor history` lists them");
    };
    Ok(store.read_session(&store.journal_path(&sum.id))?)
}

/// `proctor review SESSION --format json`: the breakdown for scripts.
pub fn review_json(store: &Store, banks: &[LoadedBank], spec: &str) -> Result<ExitCode> {
    use proctor::engine::review::{self, Review};
    let s = find_session(store, spec)?;
    let Some(bank) = banks
        .iter()
        .find(|b| b.sha256 == s.start.bank_sha256)
        .or_else(|| banks.iter().find(|b| b.bank.exam.id == s.start.bank_id))
    else {
        bail!("bank `{}` is not available to review against", s.start.bank_id);
    };
    let b = &bank.bank;
    let build = |s: &Stored| Review::build(b, &s.start.domains, &s.start.paper, &s.complete_answers(), &s.confirmed());
    let r = build(&s);
    let since = store
        .previous_session(&s)
        .map(|p| serde_json::json!({ "previous": p.start.session, "comparison": review::since_last(&r, &build(&p)) }));
    let items: Vec<_> = r
        .items
        .iter()
        .filter(|it| it.is_error() || it.lucky())
        .map(|it| {
            serde_json::json!({
                "item": it.item + 1,
                "question": it.question_id,
                "domain": it.domain,
                "correct": it.answer.correct,
                "lucky": it.lucky(),
                "unanswered": it.answer.unanswered,
                "cause": it.cause(),
                "confirmed": it.confirmed,
                "suggestion": it.suggestion,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "session": s.start.session,
        "bank": s.start.bank_id,
        "breakdown": review::breakdown(&r, b),
        "since_last": since,
        "items": items,
    });
    writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&doc)?)?;
    Ok(ExitCode::SUCCESS)
}
