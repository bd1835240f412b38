//! `proctor attempt add|list|remove` and `proctor retake`: real exam attempts and when the
//! vendor's rules and the candidate's readiness allow booking the next one.

use std::io::Write;
use std::process::ExitCode;

use super::table::pad;
use crate::engine::bank::Bank;
use crate::engine::history::{AttemptId, Store, StoredAttempt};
use crate::engine::retake::{Outcome, ReportedResult};
use crate::engine::scoring::Label;
use crate::engine::text::escape_controls;
use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::cli::args::Format;

/// `proctor attempt list --format json`.
#[derive(Serialize)]
struct AttemptsOut<'a> {
    attempts: Vec<AttemptOut<'a>>,
    /// Lines of `attempts.jsonl` that could not be read (`file:line: reason`), skipped.
    problems: Vec<String>,
}

#[derive(Serialize)]
struct AttemptOut<'a> {
    id: &'a AttemptId,
    bank: &'a str,
    date: NaiveDate,
    result: Outcome,
    score: Option<u32>,
    domains: Vec<DomainOut<'a>>,
}

/// A domain's result from the score report: a percentage or a label, the other null.
#[derive(Serialize)]
struct DomainOut<'a> {
    id: &'a str,
    percent: Option<f64>,
    label: Option<Label>,
}

impl<'a> AttemptOut<'a> {
    fn of(s: &'a StoredAttempt) -> Self {
        let a = &s.attempt;
        let domains = a
            .domains
            .iter()
            .map(|(id, r)| match *r {
                ReportedResult::Percent(p) => DomainOut { id, percent: Some(p), label: None },
                ReportedResult::Label(l) => DomainOut { id, percent: None, label: Some(l) },
            })
            .collect();
        AttemptOut { id: &s.id, bank: &a.bank, date: a.date, result: a.result, score: a.score, domains }
    }
}

use crate::app::attempts::result_word;

/// `proctor attempt add`: `today` is the candidate's calendar day (no attempt is later).
pub fn add(
    store: &Store,
    bank: &Bank,
    today: NaiveDate,
    date: &str,
    result: &str,
    score: Option<crate::engine::attempt_form::ReportedScore>,
    domains: &[String],
) -> Result<ExitCode> {
    let a = crate::engine::attempt_form::parse_attempt(bank, today, date, result, score, domains)?;
    let id = store.add_attempt(&a)?;
    println!("recorded: {} {} on {} (attempt {id})", escape_controls(&bank.exam.id), result_word(&a), a.date);
    Ok(ExitCode::SUCCESS)
}

/// `proctor attempt remove ID`.
pub fn remove(store: &Store, id: &str) -> Result<ExitCode> {
    let (gone, left) = store.remove_attempt(id)?;
    let a = &gone.attempt;
    println!("removed: attempt {} ({} {} on {})", gone.id, escape_controls(&a.bank), result_word(a), a.date);
    if left > 0 {
        println!(
            "{left} more attempt(s) with id {} remain (recorded twice before duplicates were refused); run the same command to remove it",
            gone.id
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `proctor attempt list`: lines that cannot be read go to stderr (and into the JSON), so
/// that stdout stays the list.
pub fn list(store: &Store, bank: Option<&str>, format: Format) -> Result<ExitCode> {
    let (attempts, problems) = store.stored_attempts(bank);
    let problems: Vec<String> = problems.iter().map(|p| escape_controls(&p.to_string())).collect();
    // Not `eprintln!`: a closed stderr must not turn a warning into a panic.
    let mut err = std::io::stderr().lock();
    for p in &problems {
        let _ = writeln!(err, "proctor: warning: {p}");
    }
    drop(err);
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        let doc = AttemptsOut { attempts: attempts.iter().map(AttemptOut::of).collect(), problems };
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if attempts.is_empty() {
        writeln!(
            out,
            "No attempts recorded. Add one with `proctor attempt add BANK --date YYYY-MM-DD --result fail`."
        )?;
    }
    for s in attempts {
        let a = &s.attempt;
        let domains = crate::app::attempts::domain_texts(a);
        let row = format!(
            "{}  {}  {} {:<4} {:>8}  {}",
            s.id,
            a.date,
            pad(&escape_controls(&a.bank), 14),
            result_word(a),
            crate::app::attempts::score_text(a),
            escape_controls(&domains.join(" "))
        );
        writeln!(out, "{}", row.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `proctor retake --format json`: the planner's advice and the date booked.
#[derive(Serialize)]
struct RetakeOut<'a> {
    #[serde(flatten)]
    booking: &'a crate::engine::retake::Booking,
    /// The exam date booked with `--book`, if any.
    booked: Option<NaiveDate>,
}

/// `proctor retake BANK --book DATE` (or `--cancel-booking` with `date` None): a date
/// before today, before the vendor lets the candidate sit again, or after a pass is
/// refused with the reason.
pub fn book(store: &Store, bank: &Bank, date: Option<NaiveDate>, now: DateTime<Utc>) -> Result<ExitCode> {
    let id = escape_controls(&bank.exam.id);
    let Some(date) = date else {
        let was = store.booked(&bank.exam.id).map_err(|e| anyhow::anyhow!(e.report()))?;
        store.book(&bank.exam.id, None).map_err(|e| anyhow::anyhow!(e.report()))?;
        match was {
            Some(d) => println!("booking cancelled: {id} on {d}"),
            None => println!("no booking for {id} to cancel"),
        }
        return Ok(ExitCode::SUCCESS);
    };
    let today = crate::app::progress::local_day(now);
    if date < today {
        anyhow::bail!("--book {date}: that is before today ({today}); give the date of the exam you booked");
    }
    // Without a vendor policy there is no rule to check the date against.
    if let Ok(b) = crate::app::progress::booking_for(Some(store), bank, today) {
        let e = &b.eligibility;
        if let Some(p) = e.passed_on {
            anyhow::bail!("--book {date}: {id} was passed on {p}; no retake is needed");
        }
        if let Some(first) = e.earliest.filter(|first| date < *first) {
            anyhow::bail!(
                "--book {date}: the vendor's rules allow the next attempt from {first} ({}); book that day or later",
                e.why
            );
        }
    }
    store.book(&bank.exam.id, Some(date)).map_err(|e| anyhow::anyhow!(e.report()))?;
    let days = (date - today).num_days();
    println!(
        "booked: {id} on {date} ({days} day{} from today); `proctor plan {id}` plans the days to it",
        if days == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

pub fn retake(store: Option<&Store>, bank: &Bank, format: Format, now: DateTime<Utc>) -> Result<ExitCode> {
    let today = crate::app::progress::local_day(now);
    let b = crate::app::progress::booking_for(store, bank, today).map_err(anyhow::Error::msg)?;
    let booked = store.and_then(|s| s.booked(&bank.exam.id).ok().flatten());
    let summaries = store.map(Store::summaries).unwrap_or_default();
    let r = crate::engine::readiness::assess(bank, &summaries, crate::engine::readiness::Config::default());
    let estimate = Some(&r.estimate);
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&RetakeOut { booking: &b, booked })?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{} — retake plan (today {today})", escape_controls(&bank.exam.title))?;
    let e = &b.eligibility;
    writeln!(
        out,
        "Attempts so far: {}{}",
        e.attempts,
        if e.failures_since_pass > 0 { format!(" ({} failed in a row)", e.failures_since_pass) } else { String::new() }
    )?;
    match (e.passed_on, e.earliest) {
        (Some(d), _) => writeln!(out, "Passed on {d}.")?,
        (None, Some(d)) => writeln!(out, "Earliest eligible date: {d} — {}", e.why)?,
        (None, None) => {}
    }
    if let Some(left) = e.left_in_window {
        writeln!(out, "Attempts left in the current window: {left}")?;
    }
    writeln!(out, "Readiness: {}", crate::app::progress::verdict_word(r.verdict.kind))?;
    for reason in &r.verdict.reasons {
        writeln!(out, "  - {reason}")?;
    }
    if let Some(e) = estimate {
        writeln!(out, "Estimate: {}", crate::app::progress::estimate_text(e))?;
    }
    writeln!(out, "Suggested booking: {}", b.suggestion)?;
    match booked {
        Some(d) => {
            writeln!(out, "Booked: {d} — `proctor plan {}` plans the days to it", escape_controls(&bank.exam.id))?
        }
        None => writeln!(
            out,
            "Booked: no date yet — `proctor retake {} --book YYYY-MM-DD` records it",
            escape_controls(&bank.exam.id)
        )?,
    }
    writeln!(
        out,
        "Rules: {} — {} (last checked {}; rules change, check before booking)",
        escape_controls(&b.policy),
        escape_controls(&b.source),
        b.verified
    )?;
    Ok(ExitCode::SUCCESS)
}
