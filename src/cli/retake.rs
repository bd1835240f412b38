//! `proctor attempt add|list` and `proctor retake`: real exam attempts and when the
//! vendor's rules and the candidate's readiness allow booking the next one.

use std::io::Write;
use std::process::ExitCode;

use super::table::pad;
use crate::engine::bank::Bank;
use crate::engine::history::Store;
use crate::engine::retake::{Outcome, ReportedResult};
use crate::engine::text::escape_controls;
use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::cli::args::Format;

pub fn add(
    store: &Store,
    bank: &Bank,
    date: &str,
    result: &str,
    score: Option<u32>,
    domains: &[String],
) -> Result<ExitCode> {
    let a = crate::engine::attempt_form::parse_attempt(bank, date, result, score, domains)?;
    store.add_attempt(&a)?;
    println!("recorded: {} {} on {}", bank.exam.id, if a.result == Outcome::Pass { "pass" } else { "fail" }, a.date);
    Ok(ExitCode::SUCCESS)
}

pub fn list(store: &Store, bank: Option<&str>) -> Result<ExitCode> {
    let (attempts, problems) = store.attempts(bank);
    let mut out = std::io::stdout().lock();
    for p in problems {
        writeln!(out, "{p}")?;
    }
    if attempts.is_empty() {
        writeln!(
            out,
            "No attempts recorded. Add one with `proctor attempt add BANK --date YYYY-MM-DD --result fail`."
        )?;
    }
    for a in attempts {
        let domains: Vec<String> = a
            .domains
            .iter()
            .map(|(id, r)| match r {
                ReportedResult::Percent(p) => format!("{id}={p:.0}%"),
                ReportedResult::Label(l) => format!("{id}={}", l.text()),
            })
            .collect();
        writeln!(
            out,
            "{}  {} {:<4} {:>5}  {}",
            a.date,
            pad(&escape_controls(&a.bank), 14),
            if a.result == Outcome::Pass { "pass" } else { "fail" },
            a.score.map(|s| s.to_string()).unwrap_or_default(),
            escape_controls(&domains.join(" "))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn retake(store: Option<&Store>, bank: &Bank, format: Format, now: DateTime<Utc>) -> Result<ExitCode> {
    let today = crate::app::progress::local_day(now);
    let b = crate::app::progress::booking_for(store, bank, today).map_err(anyhow::Error::msg)?;
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&b)?)?;
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
    writeln!(out, "Readiness: {}", if b.ready { "Ready" } else { "Not yet" })?;
    writeln!(out, "Suggested booking: {}", b.suggestion)?;
    writeln!(
        out,
        "Rules: {} — {} (last checked {}; rules change, check before booking)",
        b.policy, b.source, b.verified
    )?;
    Ok(ExitCode::SUCCESS)
}
