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
/// Counted simulations whose estimate is kept for the trend.
pub const ESTIMATE_TREND: usize = 10;
/// Ready needs at least this chance of passing a fresh paper (when it can be estimated).
pub const READY_PASS_PROBABILITY: f64 = 0.80;
/// Ready needs at least this share of first exposures on the last counted papers.
pub const READY_FRESH_SHARE: f64 = 0.5;
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
    /// Counts toward readiness; when not, `reason` says why.
    pub counted: bool,
    pub reason: Option<&'static str>,
    /// Questions on the paper the candidate had never been shown (when recorded).
    pub new_questions: Option<usize>,
    /// The score on those first exposures alone.
    pub fresh_score: Option<f64>,
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
    /// Finished simulations that do not count, oldest first, each with its reason.
    pub not_counted: Vec<Point>,
    /// The chance of passing a fresh paper, from every answer given.
    pub estimate: super::estimate::Estimate,
    /// The chance of passing as it stood after each of the last `ESTIMATE_TREND` counted
    /// simulations (oldest first; `None` where the evidence was too thin).
    pub estimate_trend: Vec<Option<f64>>,
    /// At or above target among the last N counted sessions: (hits, of).
    pub rate_last_n: (usize, usize),
    pub rate_all: (usize, usize),
    pub streak: usize,
    pub domains: Vec<DomainTrend>,
    pub verdict: Verdict,
}

/// Finished full-length simulations: not drills, not abandoned, not shortened, not rushed.
pub fn counted(s: &Summary) -> bool {
    not_counted(s).is_none()
}

/// Why a session does not count toward readiness, in words for the candidate.
pub fn not_counted(s: &Summary) -> Option<&'static str> {
    if s.mode != Mode::Simulation {
        return Some("a drill: drills never count toward readiness");
    }
    if !s.full_length {
        return Some("shortened: only the bank's full paper in its own time counts");
    }
    match s.finish {
        Some(FinishReason::Completed | FinishReason::TimeUp) => {}
        Some(FinishReason::Abandoned) => return Some("abandoned"),
        None => return Some("not finished"),
    }
    if s.rushed {
        return Some("rushed: more than a quarter of the answers came faster than the questions can be read");
    }
    None
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
    let key = bank.key();
    let mut counted: Vec<&Summary> = sessions.iter().filter(|s| s.is_of(&key) && counted(s)).collect();
    counted.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    let point = |s: &Summary| Point {
        session: s.id.clone(),
        started_at: s.started_at,
        score: s.score,
        correct: s.correct,
        questions: s.questions,
        reached_target: s.questions > 0
            && meets(s.earned_units(), s.questions * crate::engine::scoring::CREDIT_UNITS, target),
        counted: not_counted(s).is_none(),
        reason: not_counted(s),
        new_questions: s.new_questions,
        fresh_score: s.fresh_score,
    };
    let scores: Vec<Point> = counted.iter().map(|s| point(s)).collect();
    // Finished simulations that do not count, each with its reason (drills are left out:
    // they never count, and the candidate knows it).
    let mut not_counted_points: Vec<Point> = sessions
        .iter()
        .filter(|s| s.is_of(&key) && s.mode == Mode::Simulation && s.finish.is_some() && not_counted(s).is_some())
        .map(point)
        .collect();
    not_counted_points.sort_by(|a, b| (a.started_at, &a.session).cmp(&(b.started_at, &b.session)));
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
    // The evidence sorted and matched once; the estimate after each recent session is the
    // one from the sessions up to it, a prefix.
    let evidence = super::estimate::Evidence::of(bank, sessions.iter());
    let estimate = evidence.estimate(bank, evidence.len(), target, Default::default());
    let estimate_trend: Vec<Option<f64>> = counted[counted.len().saturating_sub(ESTIMATE_TREND)..]
        .iter()
        .map(|c| {
            let upto = evidence.upto(c.started_at, &c.id);
            evidence.estimate(bank, upto, target, Default::default()).pass_probability
        })
        .collect();
    let mut verdict = verdict(&scores, counted.last().copied(), bank, passing, target, cfg.streak);
    if verdict.kind != VerdictKind::NotEnoughData {
        let mut more = Vec::new();
        if let Some(p) = estimate.pass_probability
            && p < READY_PASS_PROBABILITY
        {
            more.push(format!(
                "the chance of passing a fresh paper is {:.0}%, below the {:.0}% a booking needs",
                p * 100.0,
                READY_PASS_PROBABILITY * 100.0
            ));
        }
        let last_k = &scores[scores.len().saturating_sub(cfg.streak)..];
        let (new, of) = last_k.iter().fold((0, 0), |(n, o), p| match p.new_questions {
            Some(k) => (n + k, o + p.questions),
            None => (n, o),
        });
        if of > 0 && (new as f64) < READY_FRESH_SHARE * of as f64 {
            more.push(format!(
                "your last {} scores rest mostly on questions you had seen before ({new} of {of} new)",
                last_k.len()
            ));
        }
        if !more.is_empty() {
            if verdict.kind == VerdictKind::Ready {
                verdict = Verdict { kind: VerdictKind::NotYet, reasons: Vec::new() };
            }
            verdict.reasons.extend(more);
        }
    }
    Readiness {
        passing_score: passing,
        target,
        scores,
        not_counted: not_counted_points,
        estimate,
        estimate_trend,
        rate_last_n,
        rate_all,
        streak,
        domains,
        verdict,
    }
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
