//! `proctor attempt add|list` and `proctor retake`: real exam attempts and when the
//! vendor's rules and the candidate's readiness allow booking the next one.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{Local, NaiveDate};
use proctor::engine::bank::Bank;
use proctor::engine::history::Store;
use proctor::engine::readiness::{self, VerdictKind};
use proctor::engine::retake::{self, Attempt, Booking, Outcome, PolicyFile, ReportedResult};
use proctor::text::escape_controls;

use crate::cli::Format;

/// The policy file: the user's copy in the data dir overrides the bundled one.
pub fn policies(store: Option<&Store>) -> Result<PolicyFile, String> {
    if let Some(s) = store {
        let path = s.root().join("retake-policies.yaml");
        if let Ok(text) = std::fs::read_to_string(&path) {
            return retake::parse_policies(&text).map_err(|e| format!("{}:{e}", path.display()));
        }
    }
    retake::parse_policies(retake::BUNDLED_POLICIES).map_err(|e| format!("<bundled>/retake-policies.yaml:{e}"))
}

/// The booking advice for `bank` today, or why there is none.
pub fn booking_for(store: Option<&Store>, bank: &Bank, today: NaiveDate) -> Result<Booking, String> {
    let vendor = bank
        .exam
        .vendor
        .as_deref()
        .ok_or_else(|| format!("bank `{}` names no `vendor:`; the retake planner needs one", bank.exam.id))?;
    let file = policies(store)?;
    let policy =
        file.for_vendor(vendor).ok_or_else(|| format!("no retake policy for vendor `{vendor}` in the policy file"))?;
    let attempts = store.map(|s| s.attempts(Some(&bank.exam.id)).0).unwrap_or_default();
    let summaries = store.map(Store::summaries).unwrap_or_default();
    let r = readiness::assess(bank, &summaries, readiness::Config::default());
    let ready_on = (r.verdict.kind == VerdictKind::Ready)
        .then(|| r.scores.last().map(|p| p.started_at.with_timezone(&Local).date_naive()))
        .flatten();
    let more = readiness::DEFAULT_STREAK.saturating_sub(r.streak);
    let elig = retake::eligibility(policy, &bank.exam.id, &attempts, today);
    Ok(retake::booking(policy, elig, ready_on, more))
}

/// An attempt from the command line's (or the form's) words, checked against the bank.
pub fn parse_attempt(bank: &Bank, date: &str, result: &str, score: Option<u32>, domains: &[String]) -> Result<Attempt> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").with_context(|| format!("--date {date}: use YYYY-MM-DD"))?;
    let result = match result {
        "pass" => Outcome::Pass,
        "fail" => Outcome::Fail,
        other => bail!("--result {other}: use pass or fail"),
    };
    let mut parsed = Vec::new();
    for d in domains {
        let Some((id, value)) = d.split_once('=') else {
            bail!("--domain {d}: use ID=PERCENT, ID=above, ID=near or ID=below")
        };
        if bank.domain_index(id).is_none() {
            let known: Vec<&str> = bank.domains.iter().map(|x| x.id.0.as_str()).collect();
            bail!("--domain {d}: no domain `{id}` in {}; its domains are {}", bank.exam.id, known.join(", "));
        }
        let Some(r) = ReportedResult::parse(value) else {
            bail!("--domain {d}: the result must be 0-100, above, near or below")
        };
        parsed.push((id.to_owned(), r));
    }
    if score.is_some_and(|s| s > 1000) {
        bail!("--score: give the score as the report shows it (0-1000)");
    }
    Ok(Attempt { v: 1, bank: bank.exam.id.clone(), date, result, score, domains: parsed })
}

/// The form on the progress screen: `DATE pass|fail [SCORE] [DOMAIN=RESULT ...]`.
pub fn parse_form(bank: &Bank, line: &str) -> Result<Attempt> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let [date, result, rest @ ..] = words.as_slice() else {
        bail!("write: DATE pass|fail [SCORE] [DOMAIN=PERCENT|above|near|below ...]");
    };
    let mut score = None;
    let mut domains = Vec::new();
    for w in rest {
        if w.contains('=') {
            domains.push((*w).to_owned());
        } else {
            score = Some(w.parse().with_context(|| format!("`{w}`: a score is a number; domains are ID=RESULT"))?);
        }
    }
    parse_attempt(bank, date, result, score, &domains)
}

pub fn add(
    store: &Store,
    bank: &Bank,
    date: &str,
    result: &str,
    score: Option<u32>,
    domains: &[String],
) -> Result<ExitCode> {
    let a = parse_attempt(bank, date, result, score, domains)?;
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
            "{}  {:<14} {:<4} {:>5}  {}",
            a.date,
            escape_controls(&a.bank),
            if a.result == Outcome::Pass { "pass" } else { "fail" },
            a.score.map(|s| s.to_string()).unwrap_or_default(),
            escape_controls(&domains.join(" "))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn retake(store: Option<&Store>, bank: &Bank, format: Format) -> Result<ExitCode> {
    let today = Local::now().date_naive();
    let b = booking_for(store, bank, today).map_err(anyhow::Error::msg)?;
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
