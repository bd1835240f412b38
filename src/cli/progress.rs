//! `proctor progress BANK`: readiness, per-domain trends and the study plan, as text or JSON.

use std::io::Write;
use std::process::ExitCode;

use super::table::pad;
use crate::app::progress::weak_drill_command;
use crate::engine::bank::Bank;
use crate::engine::history::Store;
use crate::engine::progress::{Progress, sparkline};
use crate::engine::readiness::{Config, VerdictKind};
use crate::engine::text::escape_controls;
use anyhow::Result;

use crate::cli::args::Format;

/// `proctor progress --format json`: the figures and the command that drills the weak domains.
#[derive(serde::Serialize)]
struct ProgressOut<'a> {
    #[serde(flatten)]
    progress: &'a Progress,
    drill_command: String,
    /// Each real exam with a score, against what practice predicted before it.
    calibration: &'a [crate::app::progress::Calibration],
    /// Points the estimate was lowered by (`--adjust`).
    adjusted_by: Option<f64>,
}

pub fn progress(store: Option<&Store>, bank: &Bank, cfg: Config, format: Format, adjust: bool) -> Result<ExitCode> {
    let mut p = crate::app::progress::progress_of(store, bank, cfg);
    let calibration = crate::app::progress::calibration(store, bank);
    // `--adjust`: the estimate lowered (or raised) by the latest real exam's gap.
    let adjusted = match (adjust, calibration.last()) {
        (true, Some(c)) => {
            let summaries = store.map(Store::summaries).unwrap_or_default();
            let w = crate::engine::estimate::Weights { shift: c.gap, ..Default::default() };
            p.readiness.estimate = crate::engine::estimate::estimate_with(bank, &summaries, p.readiness.target, w);
            Some(c.gap)
        }
        _ => None,
    };
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        let doc = ProgressOut {
            drill_command: weak_drill_command(&p.bank),
            progress: &p,
            calibration: &calibration,
            adjusted_by: adjusted,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let r = &p.readiness;
    writeln!(out, "{} — readiness", escape_controls(&p.title))?;
    let verdict = match r.verdict.kind {
        VerdictKind::Ready => "Ready",
        VerdictKind::NotYet => "Not yet",
        VerdictKind::NotEnoughData => "Not enough data",
    };
    writeln!(out, "Verdict: {verdict} (target {}% = passing {}% + buffer)", r.target, r.passing_score)?;
    match adjusted {
        Some(gap) => writeln!(
            out,
            "Estimate ({} by {:.1} points, the gap your last real exam showed): {}",
            if gap >= 0.0 { "lowered" } else { "raised" },
            gap.abs(),
            crate::app::progress::estimate_text(&r.estimate)
        )?,
        None => writeln!(out, "Estimate: {}", crate::app::progress::estimate_text(&r.estimate))?,
    }

    for reason in &r.verdict.reasons {
        writeln!(out, "  - {reason}")?;
    }
    let scores: Vec<String> = r
        .scores
        .iter()
        .map(|s| match s.fresh_score {
            Some(f) => format!("{:.1} (fresh {f:.1})", s.score),
            None => format!("{:.1}", s.score),
        })
        .collect();
    writeln!(out, "Full simulations: {}", if scores.is_empty() { "none yet".into() } else { scores.join(", ") })?;
    for s in &r.not_counted {
        writeln!(
            out,
            "Not counted: {} {:.1}% — {}",
            s.started_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
            s.score,
            s.reason.unwrap_or("")
        )?;
    }
    writeln!(
        out,
        "At or above {}%: {} of the last {} · {} of {} all time · current streak {}",
        r.target, r.rate_last_n.0, r.rate_last_n.1, r.rate_all.0, r.rate_all.1, r.streak
    )?;
    writeln!(out)?;
    writeln!(out, "{:<52} {:>7}  {:<8} {:<5}  STATUS", "DOMAIN", "LATEST", "LAST", "TREND")?;
    for d in &r.domains {
        writeln!(
            out,
            "{} {:>7}  {:<8} {:<5}  {}",
            pad(&escape_controls(&d.name), 52),
            d.latest.map_or("-".into(), |l| format!("{l:.0}%")),
            sparkline(&d.last),
            d.trend.arrow(),
            d.label.map_or("-", |l| l.text())
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Study plan ({})", crate::app::progress::plan_rule(&p.plan))?;
    for item in &p.plan {
        let mut line = format!(
            "  {} {} {:>3}%",
            if item.weak { "●" } else { "○" },
            pad(&escape_controls(&item.name), 50),
            item.study_percent
        );
        if let Some(c) = item.dominant_cause {
            line.push_str(&format!(" · mostly {c}"));
        } else if item.mixed_causes {
            line.push_str(" · mixed causes");
        }
        if !item.missed_terms.is_empty() {
            let terms: Vec<&str> = item.missed_terms.iter().map(|(t, _)| t.as_str()).collect();
            line.push_str(&format!(" · missed terms: {}", escape_controls(&terms.join(", "))));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out, "  Drill: {}", weak_drill_command(&p.bank))?;
    Ok(ExitCode::SUCCESS)
}
