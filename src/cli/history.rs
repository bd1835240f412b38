//! `proctor history`, `proctor export` and `proctor doctor`: the store, read-only (these
//! never take the exam lock, so they work while an exam runs elsewhere).

use std::io::Write;
use std::process::ExitCode;

use super::table::{Align, cell, pad};
use crate::engine::bank::LoadedBank;
use crate::engine::history::{Store, Summary};
use crate::engine::session::FinishReason;
use crate::engine::text::escape_controls;
use anyhow::Result;
use chrono::Local;
use serde::Serialize;

use crate::cli::args::{ExportFormat, Format, TableFormat};
use unicode_width::UnicodeWidthStr;

/// `proctor history [BANK]`, newest first. `known` are the ids of the banks in the catalog:
/// a BANK that is none of them and has no sessions is a mistake (a typo, most often), not
/// an empty history.
pub fn history(store: &Store, bank: Option<&str>, known: &[String], format: TableFormat) -> Result<ExitCode> {
    let listing = crate::app::history::Listing::of(store, bank);
    let all = listing.rows();
    if let Some(b) = bank
        && all.is_empty()
        && !known.iter().any(|k| k == b)
    {
        anyhow::bail!(
            "no bank `{}` and no sessions of it; the known bank ids are {}",
            escape_controls(b),
            known.join(", ")
        );
    }
    // Buffered: standard output is line-buffered, and 10,000 sessions were 10,000 writes.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        TableFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?,
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "session",
                "bank",
                "mode",
                "full_length",
                "started_at",
                "finished_at",
                "finish",
                "questions",
                "answered",
                "correct",
                "score",
                "passed",
                "clock_anomaly",
            ])?;
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
                w.write_record(&row)?;
            }
            w.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        TableFormat::Table => {
            if all.is_empty() {
                writeln!(out, "No sessions yet. Start one with `proctor` or `proctor exam BANK`.")?;
                out.flush()?;
                return Ok(ExitCode::SUCCESS);
            }
            writeln!(
                out,
                "{:<34} {:<14} {:<10} {:<16} {:>7}  {:<6} {:<11} FLAGS",
                "SESSION", "BANK", "MODE", "STARTED", "SCORE", "RESULT", "FINISH"
            )?;
            for s in &all {
                // The mode as CSV and JSON name it; a simulation shorter than the bank's own
                // paper (which never counts for readiness) is flagged.
                let mode = format!("{:?}", s.mode).to_lowercase();
                let mut flags = Vec::new();
                if s.mode == crate::engine::session::Mode::Simulation && !s.full_length {
                    flags.push("shortened");
                }
                if s.clock_anomaly {
                    flags.push("clock anomaly");
                }
                if s.torn_tail {
                    flags.push("torn last record dropped");
                }
                let answered = format!("{} of {} answered", s.answered, s.questions);
                if s.finish.is_none() {
                    flags.push(&answered);
                }
                let unconfirmed = format!("{} causes unconfirmed", s.unconfirmed);
                if s.unconfirmed > 0 {
                    flags.push(&unconfirmed);
                }
                writeln!(
                    out,
                    "{} {} {:<10} {:<16} {:>6.1}%  {:<6} {:<11} {}",
                    pad(&escape_controls(&s.id), 34),
                    pad(&escape_controls(&s.bank_id), 14),
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
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `proctor export SESSION|latest|--all`.
pub fn export(store: &Store, banks: &[LoadedBank], session: Option<&str>, format: ExportFormat) -> Result<ExitCode> {
    let (rows, problems) = crate::app::export::export_rows(store, banks, session)?;
    for p in &problems {
        eprintln!("proctor: skipped {p}");
    }
    let mut out = std::io::stdout().lock();
    match format {
        ExportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "session",
                "bank",
                "item",
                "question",
                "domain",
                "type",
                "selection",
                "correct",
                "credit",
                "seconds",
                "guess",
                "changed",
                "unanswered",
                "cause",
                "cause_source",
                "reason",
                "note",
                "stem",
                "answer",
                "right_answer",
            ])?;
            let cell = |v: &Option<String>| v.clone().unwrap_or_default();
            for r in &rows {
                w.write_record([
                    r.session.clone(),
                    r.bank.clone(),
                    r.item.to_string(),
                    r.question.clone(),
                    r.domain.clone(),
                    r.kind.clone(),
                    r.selection.clone(),
                    r.correct.to_string(),
                    format!("{:.3}", r.credit),
                    format!("{:.1}", r.seconds),
                    r.guess.to_string(),
                    r.changed.to_string(),
                    cell(&r.unanswered),
                    cell(&r.cause),
                    cell(&r.cause_source),
                    cell(&r.reason),
                    cell(&r.note),
                    cell(&r.stem),
                    cell(&r.answer),
                    cell(&r.right_answer),
                ])?;
            }
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
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
    // The real attempts feed the retake planner: a line that cannot be read is a fault.
    let (attempts, attempt_problems) = store.stored_attempts(None);
    for p in &attempt_problems {
        writeln!(out, "{}", p.report())?;
        problems += 1;
    }
    let open = scan.sessions.iter().filter(|s| s.finish().is_none()).count();
    if open > 0 {
        // An exam running here or elsewhere, or one to resume: a normal state, not a fault.
        writeln!(out, "{open} session(s) in progress or interrupted (resumed or closed when Proctor next starts)")?;
    }
    if rebuild {
        let (all, refused) = store.rebuild_index();
        let refused: Vec<_> =
            refused.into_iter().filter(|e| !scan.problems.iter().any(|p| p.to_string() == e.to_string())).collect();
        if refused.is_empty() {
            writeln!(out, "rebuilt {} from {} journal(s)", store.index_path().display(), all.len())?;
        }
        for e in &refused {
            writeln!(out, "{}", e.report())?;
            problems += 1;
        }
    } else {
        // Only finished sessions must match: an open one's journal grows as it is taken.
        let finished = |mut v: Vec<Summary>| {
            v.retain(|s| s.finish.is_some());
            v.sort_by(|a, b| a.id.cmp(&b.id));
            v
        };
        let fresh = finished(scan.sessions.iter().map(Summary::of).collect());
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
            Some(index) => {
                if finished(index) != fresh {
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
    writeln!(
        out,
        "{} journal(s) and {} attempt record(s) checked, {} problem(s)",
        scan.sessions.len() + scan.problems.len(),
        attempts.len() + attempt_problems.len(),
        problems
    )?;
    Ok(if problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// One flagged item of `proctor review --format json`.
#[derive(Serialize)]
struct ReviewItemOut<'a> {
    item: usize,
    question: &'a crate::engine::bank::QuestionId,
    domain: &'a str,
    correct: bool,
    lucky: bool,
    unanswered: Option<crate::engine::session::Unanswered>,
    cause: Option<&'static str>,
    confirmed: &'a Option<crate::engine::review::Confirmed>,
    suggestion: &'a Option<crate::engine::diagnosis::Suggestion>,
}

#[derive(Serialize)]
struct SinceOut<'a> {
    /// The latest earlier session of the bank.
    previous: &'a str,
    /// How many earlier sessions each question's last answer was looked for in.
    sessions: usize,
    comparison: &'a crate::engine::review::SinceLast,
}

#[derive(Serialize)]
struct ReviewOut<'a> {
    session: &'a str,
    bank: &'a str,
    breakdown: crate::engine::review::Breakdown,
    since_last: Option<SinceOut<'a>>,
    items: Vec<ReviewItemOut<'a>>,
}

/// `proctor review SESSION --format json|text`: the breakdown for scripts, as JSON or as a
/// plain-text table.
pub fn review_print(store: &Store, banks: &[LoadedBank], spec: &str, format: Format) -> Result<ExitCode> {
    use crate::app::review_session::{find_session, review_stored};
    let s = find_session(store, spec)?;
    let r = review_stored(banks, store, &s)?;
    let items = r
        .review
        .items
        .iter()
        .filter(|it| it.is_error() || it.lucky())
        .map(|it| ReviewItemOut {
            item: it.item + 1,
            question: &it.question_id,
            domain: &it.domain,
            correct: it.answer.correct,
            lucky: it.lucky(),
            unanswered: it.answer.unanswered,
            cause: it.cause().map(|c| c.name()),
            confirmed: &it.confirmed,
            suggestion: &it.suggestion,
        })
        .collect();
    let doc = ReviewOut {
        session: &s.start.session,
        bank: &s.start.bank_id,
        breakdown: crate::engine::review::breakdown(&r.review, &banks[r.bank].bank),
        since_last: r.previous.as_deref().zip(r.since.as_ref()).map(|(previous, s)| SinceOut {
            previous,
            sessions: s.sessions,
            comparison: &s.comparison,
        }),
        items,
    };
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?,
        Format::Text => write_review_text(&mut out, &doc)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The text form of the review: the breakdown per domain and cause, the totals, the
/// comparison with the previous session, and each flagged item.
fn write_review_text(out: &mut impl Write, doc: &ReviewOut) -> std::io::Result<()> {
    use crate::engine::review::COLUMNS;
    let b = &doc.breakdown;
    writeln!(out, "Session {} ({})", escape_controls(doc.session), escape_controls(doc.bank))?;
    writeln!(out)?;
    let name_w = b.domains.iter().map(|d| escape_controls(&d.name).width()).max().unwrap_or(0).clamp(6, 40);
    write!(out, "{} {:>5} {:>6}", pad("DOMAIN", name_w), "ASKED", "ERRORS")?;
    for c in COLUMNS {
        write!(out, " {:>11}", c.to_uppercase())?;
    }
    writeln!(out, "  ADVICE")?;
    for d in &b.domains {
        write!(out, "{} {:>5} {:>6}", cell(&escape_controls(&d.name), name_w, Align::Left), d.asked, d.errors)?;
        for n in d.counts {
            write!(out, " {n:>11}")?;
        }
        writeln!(out, "  {}", d.advice.unwrap_or(""))?;
    }
    let asked: usize = b.domains.iter().map(|d| d.asked).sum();
    write!(out, "{} {:>5} {:>6}", pad("TOTAL", name_w), asked, b.errors)?;
    for n in b.totals {
        write!(out, " {n:>11}")?;
    }
    writeln!(out)?;
    writeln!(out)?;
    writeln!(
        out,
        "{} error(s), {} lucky guess(es), {} cause(s) unconfirmed, {} changed from right to wrong",
        b.errors, b.lucky, b.unconfirmed, b.changed_right_to_wrong
    )?;
    if !b.missed_terms.is_empty() {
        let terms: Vec<String> = b.missed_terms.iter().map(|(t, n)| format!("{} ({n})", escape_controls(t))).collect();
        writeln!(out, "Missed terms: {}", terms.join(", "))?;
    }
    if let Some(since) = &doc.since_last {
        let c = since.comparison;
        writeln!(
            out,
            "Since each question's last answer ({} earlier session(s), the latest {}): {} fixed, {} slipped, {} still \
             missed, {} right both times",
            since.sessions,
            escape_controls(since.previous),
            c.fixed,
            c.slipped,
            c.still_missed,
            c.right_both
        )?;
    }
    if !doc.items.is_empty() {
        writeln!(out)?;
        writeln!(out, "{:>4}  {:<16} {:<16} {:<7} CAUSE", "ITEM", "QUESTION", "DOMAIN", "RESULT")?;
        for it in &doc.items {
            let result = if it.lucky { "lucky" } else { "wrong" };
            let cause = match (it.cause, it.confirmed.is_some()) {
                (Some(c), true) => format!("{c} (confirmed)"),
                (Some(c), false) => format!("{c} (suggested)"),
                (None, _) => String::new(),
            };
            writeln!(
                out,
                "{:>4}  {} {} {:<7} {}",
                it.item,
                pad(&escape_controls(&it.question.0), 16),
                pad(&escape_controls(it.domain), 16),
                result,
                cause
            )?;
        }
    }
    Ok(())
}
