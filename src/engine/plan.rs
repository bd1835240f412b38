//! The study plan: which domains are weak (ranked by blueprint weight times the shortfall
//! from the target), and how a drill splits its questions — about 70% on the weak
//! domains, 30% across the others by weight — as the preparation advice recommends.

use serde::Serialize;

use super::bank::Bank;
use super::blueprint::apportion;
use super::history::Summary;
use super::scoring::percent;
use super::session::FinishReason;

/// Share of a weak-domain drill (and of study time) given to the weak domains.
pub const WEAK_SHARE: f64 = 0.7;
/// A real score report's domain result weighs as much as this many practice answers: it
/// is the evidence until practice in that domain outweighs it.
pub const REPORT_WEIGHT: usize = 10;
/// At most this many domains are "weak" at once.
pub const MAX_WEAK: usize = 3;

/// Evidence about a domain from a real exam's score report (see attempts).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedDomain {
    pub id: String,
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakDomain {
    /// Index in the bank's domains.
    pub domain: usize,
    pub id: String,
    pub name: String,
    pub weight: u32,
    /// Recent percentage (practice answers in the last N sessions, or the real report).
    pub recent: Option<f64>,
    /// Questions behind `recent`.
    pub answered: usize,
    /// `weight × max(0, target − recent)`.
    pub rank: f64,
    pub weak: bool,
}

/// Ranks every domain of `bank` from the last `last_n` finished, not abandoned sessions of
/// any mode (each answer counted once). Domains without practice evidence fall back to
/// `reported` (a real score report), then count as unknown (not weak).
pub fn rank_domains(
    bank: &Bank,
    sessions: &[Summary],
    last_n: usize,
    target: u8,
    reported: &[ReportedDomain],
) -> Vec<WeakDomain> {
    let key = bank.key();
    let mut recent: Vec<&Summary> = sessions
        .iter()
        .filter(|s| s.is_of(&key) && matches!(s.finish, Some(FinishReason::Completed | FinishReason::TimeUp)))
        .collect();
    recent.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
    recent.truncate(last_n);
    let mut out: Vec<WeakDomain> = bank
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (asked, correct) = recent
                .iter()
                .flat_map(|s| s.domains.iter().filter(|x| x.id == d.id.0))
                .fold((0, 0), |(a, c), x| (a + x.asked, c + x.correct));
            let report = reported.iter().find(|r| r.id == d.id.0).map(|r| r.percent);
            let pct = match (asked, report) {
                (0, None) => None,
                (_, None) => Some(percent(correct, asked)),
                (a, Some(_)) if a >= REPORT_WEIGHT => Some(percent(correct, asked)),
                (a, Some(r)) => Some((correct as f64 * 100.0 + REPORT_WEIGHT as f64 * r) / (a + REPORT_WEIGHT) as f64),
            };
            let rank = pct.map_or(0.0, |p| f64::from(d.weight) * (f64::from(target) - p).max(0.0));
            WeakDomain {
                domain: i,
                id: d.id.0.clone(),
                name: d.name.clone(),
                weight: d.weight,
                recent: pct,
                answered: asked,
                rank,
                weak: false,
            }
        })
        .collect();
    out.sort_by(|a, b| b.rank.total_cmp(&a.rank).then(a.domain.cmp(&b.domain)));
    for w in out.iter_mut().take(MAX_WEAK) {
        w.weak = w.rank > 0.0;
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the chosen domains hold {available} question(s); a drill of {needed} needs more")]
pub struct NotEnough {
    pub needed: usize,
    pub available: usize,
}

/// Questions per domain for a drill of `n` on the weak domains: ~70% to the weak ones by
/// rank, ~30% to the others by weight. A domain without enough questions lends its excess
/// to the next one in order (weak by rank, then the others by weight).
pub fn weak_drill_counts(
    bank: &Bank,
    ranked: &[WeakDomain],
    n: usize,
    available: &[usize],
) -> Result<Vec<usize>, NotEnough> {
    let weak: Vec<&WeakDomain> = ranked.iter().filter(|w| w.weak).collect();
    let mut others: Vec<&WeakDomain> = ranked.iter().filter(|w| !w.weak).collect();
    others.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.domain.cmp(&b.domain)));
    let mut counts = vec![0usize; bank.domains.len()];
    if weak.is_empty() {
        let weights: Vec<u32> = bank.domains.iter().map(|d| d.weight).collect();
        counts = apportion(&weights, n);
    } else {
        let weak_n = if others.is_empty() { n } else { (n as f64 * WEAK_SHARE).round() as usize };
        // Rank scores as integer weights (thousandths keep their proportions).
        let w: Vec<u32> = weak.iter().map(|x| ((x.rank * 1000.0).round() as u32).max(1)).collect();
        for (x, c) in weak.iter().zip(apportion(&w, weak_n)) {
            counts[x.domain] = c;
        }
        let o: Vec<u32> = others.iter().map(|x| x.weight).collect();
        for (x, c) in others.iter().zip(apportion(&o, n - weak_n)) {
            counts[x.domain] = c;
        }
    }
    let order: Vec<usize> = weak.iter().chain(others.iter()).map(|x| x.domain).collect();
    lend(&mut counts, available, &order, n)?;
    Ok(counts)
}

/// Questions per domain for a drill of `n` on `domains` only, by weight.
pub fn domain_drill_counts(
    bank: &Bank,
    domains: &[usize],
    n: usize,
    available: &[usize],
) -> Result<Vec<usize>, NotEnough> {
    let mut order = domains.to_vec();
    order.sort_by(|a, b| bank.domains[*b].weight.cmp(&bank.domains[*a].weight).then(a.cmp(b)));
    let w: Vec<u32> = order.iter().map(|&d| bank.domains[d].weight).collect();
    let mut counts = vec![0usize; bank.domains.len()];
    for (&d, c) in order.iter().zip(apportion(&w, n)) {
        counts[d] = c;
    }
    lend(&mut counts, available, &order, n)?;
    Ok(counts)
}

/// Moves every count above a domain's available questions to the next domains in `order`.
fn lend(counts: &mut [usize], available: &[usize], order: &[usize], n: usize) -> Result<(), NotEnough> {
    let total: usize = order.iter().map(|&d| available[d]).sum();
    if total < n {
        return Err(NotEnough { needed: n, available: total });
    }
    let mut excess = 0;
    for &d in order {
        if counts[d] > available[d] {
            excess += counts[d] - available[d];
            counts[d] = available[d];
        }
    }
    while excess > 0 {
        for &d in order {
            if excess > 0 && counts[d] < available[d] {
                let room = (available[d] - counts[d]).min(excess);
                counts[d] += room;
                excess -= room;
            }
        }
    }
    Ok(())
}

/// Study time per domain, in percent: the weak domains share 70% by rank, the others 30%
/// by weight (all 100% by weight when nothing is weak).
pub fn study_split(ranked: &[WeakDomain]) -> Vec<(usize, u32)> {
    let weak: Vec<&WeakDomain> = ranked.iter().filter(|w| w.weak).collect();
    let others: Vec<&WeakDomain> = ranked.iter().filter(|w| !w.weak).collect();
    let mut out = Vec::new();
    if weak.is_empty() {
        let w: Vec<u32> = others.iter().map(|x| x.weight).collect();
        for (x, c) in others.iter().zip(apportion(&w, 100)) {
            out.push((x.domain, c as u32));
        }
        return out;
    }
    let weak_pct = if others.is_empty() { 100 } else { (WEAK_SHARE * 100.0).round() as usize };
    let w: Vec<u32> = weak.iter().map(|x| ((x.rank * 1000.0).round() as u32).max(1)).collect();
    for (x, c) in weak.iter().zip(apportion(&w, weak_pct)) {
        out.push((x.domain, c as u32));
    }
    let o: Vec<u32> = others.iter().map(|x| x.weight).collect();
    for (x, c) in others.iter().zip(apportion(&o, 100 - weak_pct)) {
        out.push((x.domain, c as u32));
    }
    // A weak domain never gets less time than a domain that is not weak: lift it to one
    // point above the largest such share, taking the points from the largest weak shares.
    let strong_max = out[weak.len()..].iter().map(|&(_, p)| p).max().unwrap_or(0);
    for i in 0..weak.len() {
        while out[i].1 <= strong_max {
            let Some(j) = (0..weak.len()).filter(|&j| j != i && out[j].1 > strong_max + 1).max_by_key(|&j| out[j].1)
            else {
                break;
            };
            out[j].1 -= 1;
            out[i].1 += 1;
        }
    }
    out
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
