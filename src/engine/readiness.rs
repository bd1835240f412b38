//! Readiness: whether full simulations score at or above the passing score plus a buffer,
//! consistently, with no domain left weak — the test the preparation advice sets before
//! booking a retake. Pure: it reads session summaries and returns figures and a verdict.

use serde::Serialize;

use super::bank::Bank;
use super::history::Summary;
use super::scoring::{Label, meets, percent};
use super::session::{FinishReason, Mode};

/// Default number of recent counted sessions for rates and trends.
pub const DEFAULT_LAST_N: usize = 5;
/// Default number of consecutive sessions at or above target needed to be ready.
pub const DEFAULT_STREAK: usize = 3;
/// A domain's trend is rising or falling beyond this many points per session.
pub const TREND_THRESHOLD: f64 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub last_n: usize,
    pub streak: usize,
    /// Overrides the bank's buffer.
    pub buffer: Option<u8>,
}

impl Default for Config {
    fn default() -> Self {
        Config { last_n: DEFAULT_LAST_N, streak: DEFAULT_STREAK, buffer: None }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub session: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub score: f64,
    pub correct: usize,
    pub questions: usize,
    pub reached_target: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Rising,
    Flat,
    Falling,
}

impl Trend {
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Rising => "↗",
            Trend::Flat => "→",
            Trend::Falling => "↘",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainTrend {
    pub id: String,
    pub name: String,
    /// Percentages in the last N counted sessions, oldest first.
    pub last: Vec<f64>,
    pub latest: Option<f64>,
    pub trend: Trend,
    pub label: Option<Label>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    Ready,
    NotYet,
    NotEnoughData,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// Every reason, spelled out.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    pub passing_score: u8,
    pub target: u8,
    /// Counted sessions, oldest first.
    pub scores: Vec<Point>,
    /// At or above target among the last N counted sessions: (hits, of).
    pub rate_last_n: (usize, usize),
    pub rate_all: (usize, usize),
    pub streak: usize,
    pub domains: Vec<DomainTrend>,
    pub verdict: Verdict,
}

/// Finished full-length simulations: not drills, not abandoned, not shortened.
pub fn counted(s: &Summary) -> bool {
    s.mode == Mode::Simulation
        && s.full_length
        && matches!(s.finish, Some(FinishReason::Completed | FinishReason::TimeUp))
}

/// Least-squares slope of `ys` over 0, 1, 2, …
pub fn slope(ys: &[f64]) -> f64 {
    let n = ys.len() as f64;
    if ys.len() < 2 {
        return 0.0;
    }
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = ys.iter().sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - mean_x;
        num += dx * (y - mean_y);
        den += dx * dx;
    }
    num / den
}

pub fn trend(ys: &[f64]) -> Trend {
    match slope(ys) {
        s if s > TREND_THRESHOLD => Trend::Rising,
        s if s < -TREND_THRESHOLD => Trend::Falling,
        _ => Trend::Flat,
    }
}

/// Readiness of `bank` from the summaries of its sessions (any order, any mode).
pub fn assess(bank: &Bank, sessions: &[Summary], cfg: Config) -> Readiness {
    let passing = bank.exam.passing_score;
    let buffer = cfg.buffer.unwrap_or(bank.exam.buffer);
    let target = passing.saturating_add(buffer).min(100);
    let mut counted: Vec<&Summary> = sessions.iter().filter(|s| s.bank_id == bank.exam.id && counted(s)).collect();
    counted.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    let scores: Vec<Point> = counted
        .iter()
        .map(|s| Point {
            session: s.id.clone(),
            started_at: s.started_at,
            score: s.score,
            correct: s.correct,
            questions: s.questions,
            reached_target: s.questions > 0 && meets(s.correct, s.questions, target),
        })
        .collect();
    let recent = &scores[scores.len().saturating_sub(cfg.last_n)..];
    let rate_last_n = (recent.iter().filter(|p| p.reached_target).count(), recent.len());
    let rate_all = (scores.iter().filter(|p| p.reached_target).count(), scores.len());
    let streak = scores.iter().rev().take_while(|p| p.reached_target).count();
    let recent_sessions = &counted[counted.len().saturating_sub(cfg.last_n)..];
    let domains: Vec<DomainTrend> = bank
        .domains
        .iter()
        .map(|d| {
            let last: Vec<f64> = recent_sessions
                .iter()
                .filter_map(|s| s.domains.iter().find(|x| x.id == d.id.0))
                .filter(|x| x.asked > 0)
                .map(|x| percent(x.correct, x.asked))
                .collect();
            let latest_counts =
                counted.last().and_then(|s| s.domains.iter().find(|x| x.id == d.id.0)).filter(|x| x.asked > 0);
            DomainTrend {
                id: d.id.0.clone(),
                name: d.name.clone(),
                latest: latest_counts.map(|x| percent(x.correct, x.asked)),
                label: latest_counts.map(|x| Label::of(x.correct, x.asked, passing, target)),
                trend: trend(&last),
                last,
            }
        })
        .collect();
    let verdict = verdict(&scores, counted.last().copied(), bank, passing, target, cfg.streak);
    Readiness { passing_score: passing, target, scores, rate_last_n, rate_all, streak, domains, verdict }
}

fn verdict(scores: &[Point], latest: Option<&Summary>, bank: &Bank, passing: u8, target: u8, k: usize) -> Verdict {
    if scores.len() < k {
        return Verdict {
            kind: VerdictKind::NotEnoughData,
            reasons: vec![format!(
                "{} of the {k} full-length timed {} needed so far; take {} more",
                scores.len(),
                if k == 1 { "simulation" } else { "simulations" },
                k - scores.len()
            )],
        };
    }
    let mut reasons = Vec::new();
    let last_k = &scores[scores.len() - k..];
    let hits = last_k.iter().filter(|p| p.reached_target).count();
    if hits < k {
        reasons.push(format!("{hits} of the last {k} at or above {target}%"));
    }
    if let Some(latest) = latest {
        for d in &bank.domains {
            if let Some(x) = latest.domains.iter().find(|x| x.id == d.id.0 && x.asked > 0)
                && !meets(x.correct, x.asked, passing)
            {
                reasons.push(format!(
                    "{} at {:.0}% in the latest, below {passing}%",
                    d.name,
                    percent(x.correct, x.asked)
                ));
            }
        }
    }
    if reasons.is_empty() {
        let last =
            if k == 1 { "the last full simulation".to_owned() } else { format!("the last {k} full simulations all") };
        reasons.push(format!("{last} at or above {target}%, and no domain below {passing}%"));
        Verdict { kind: VerdictKind::Ready, reasons }
    } else {
        Verdict { kind: VerdictKind::NotYet, reasons }
    }
}

#[cfg(test)]
#[path = "readiness_tests.rs"]
mod tests;
