//! The retake planner: vendors' waiting periods and attempt caps (from a policy file),
//! real exam attempts, and the earliest date a candidate may sit the exam again — next to
//! the readiness verdict, to suggest when to book.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::scoring::Label;

/// How a wait is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaitRule {
    /// `days` whole days pass, starting the day after the attempt; eligible the day after.
    FullDays,
    /// Eligible `days` days after the attempt date.
    Elapsed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wait {
    pub after_failures: u32,
    pub days: u32,
    #[serde(default)]
    pub business: bool,
    pub rule: WaitRule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub attempts: u32,
    pub window_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    #[serde(rename = "match")]
    pub matches: Vec<String>,
    pub waits: Vec<Wait>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub vendor: String,
    pub name: String,
    pub source: String,
    pub verified: NaiveDate,
    pub waits: Vec<Wait>,
    #[serde(default)]
    pub cap: Option<Cap>,
    #[serde(default)]
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    pub policies: Vec<Policy>,
}

impl PolicyFile {
    pub fn for_vendor(&self, vendor: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.vendor.eq_ignore_ascii_case(vendor))
    }
}

/// The bundled policy file.
pub const BUNDLED_POLICIES: &str = include_str!("../../question_banks/retake-policies.yaml");

/// The name a policy file has in a banks directory (it is not a bank).
pub const POLICY_FILE_NAME: &str = "retake-policies.yaml";

/// Parses and checks a policy file (through the one YAML module): the problem and its
/// 1-based line and column when it is not usable.
pub fn check_policies(text: &str) -> Result<PolicyFile, (usize, usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = super::bank::parse_yaml::<PolicyFile>(text).map_err(|e| (e.line, e.column, e.message))?;
    for (i, p) in file.policies.iter().enumerate() {
        if file.policies[..i].iter().any(|q| q.vendor.eq_ignore_ascii_case(&p.vendor)) {
            return Err((1, 1, format!("vendor `{}` has two policies; keep one", p.vendor)));
        }
        if p.waits.is_empty() || p.waits.iter().any(|w| w.after_failures == 0) {
            return Err((
                1,
                1,
                format!("vendor `{}`: give at least one wait, with `after_failures` of 1 or more", p.vendor),
            ));
        }
    }
    Ok(file)
}

/// Parses a policy file; errors read `LINE:COLUMN: message`.
pub fn parse_policies(text: &str) -> Result<PolicyFile, String> {
    check_policies(text).map_err(|(l, c, m)| format!("{l}:{c}: {m}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
}

/// A domain's result on a real score report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportedResult {
    Percent(f64),
    Label(Label),
}

/// A real exam attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub v: u32,
    pub bank: String,
    pub date: NaiveDate,
    pub result: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    #[serde(default)]
    pub domains: Vec<(String, ReportedResult)>,
}

impl ReportedResult {
    /// A comparable percentage: a label stands for a typical score in its band.
    pub fn percent(self, passing: u8, target: u8) -> f64 {
        match self {
            ReportedResult::Percent(p) => p,
            ReportedResult::Label(Label::AboveTarget) => f64::from(target),
            ReportedResult::Label(Label::NearTarget) => (f64::from(passing) + f64::from(target)) / 2.0,
            ReportedResult::Label(Label::NeedsImprovement) => (f64::from(passing) - 15.0).max(0.0),
        }
    }

    /// `74`, `above`, `near`, `below`.
    pub fn parse(s: &str) -> Option<ReportedResult> {
        match s {
            "above" => Some(ReportedResult::Label(Label::AboveTarget)),
            "near" => Some(ReportedResult::Label(Label::NearTarget)),
            "below" => Some(ReportedResult::Label(Label::NeedsImprovement)),
            n => n
                .trim_end_matches('%')
                .parse::<f64>()
                .ok()
                .filter(|p| (0.0..=100.0).contains(p))
                .map(ReportedResult::Percent),
        }
    }
}

/// Where the candidate stands with the vendor's rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eligibility {
    pub attempts: usize,
    pub failures_since_pass: usize,
    pub passed_on: Option<NaiveDate>,
    /// The earliest date of the next attempt (None after a pass).
    pub earliest: Option<NaiveDate>,
    /// Why that date, in words.
    pub why: String,
    /// Attempts left in the cap's window as of `today` (None without a cap).
    pub left_in_window: Option<u32>,
}

/// Adds `n` weekdays after `d` (the result is a weekday).
fn add_business_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut x = d;
    let mut left = n;
    while left > 0 {
        x += Duration::days(1);
        if !matches!(x.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    x
}

/// The first date the wait after an attempt on `d` allows.
pub fn after_wait(d: NaiveDate, w: &Wait) -> NaiveDate {
    let end = if w.business { add_business_days(d, w.days) } else { d + Duration::days(i64::from(w.days)) };
    match w.rule {
        WaitRule::Elapsed => end,
        WaitRule::FullDays => end + Duration::days(1),
    }
}

/// The waits that apply to `exam_id` under `policy` (a variant when its pattern matches).
pub fn waits_for<'a>(policy: &'a Policy, exam_id: &str) -> (&'a [Wait], Option<&'a str>) {
    let id = exam_id.to_lowercase();
    match policy.variants.iter().find(|v| v.matches.iter().any(|m| id.contains(&m.to_lowercase()))) {
        Some(v) => (&v.waits, Some(&v.name)),
        None => (&policy.waits, None),
    }
}

/// Eligibility for the next attempt of `exam_id`, from its attempts, on `today`.
pub fn eligibility(policy: &Policy, exam_id: &str, attempts: &[Attempt], today: NaiveDate) -> Eligibility {
    let mut sorted: Vec<&Attempt> = attempts.iter().collect();
    sorted.sort_by_key(|a| a.date);
    let left_in_window = policy.cap.as_ref().map(|c| {
        let from = today - Duration::days(i64::from(c.window_days));
        let used = sorted.iter().filter(|a| a.date > from && a.date <= today).count() as u32;
        c.attempts.saturating_sub(used)
    });
    let Some(last) = sorted.last() else {
        return Eligibility {
            attempts: 0,
            failures_since_pass: 0,
            passed_on: None,
            earliest: Some(today),
            why: "no attempt recorded yet".into(),
            left_in_window,
        };
    };
    if last.result == Outcome::Pass {
        return Eligibility {
            attempts: sorted.len(),
            failures_since_pass: 0,
            passed_on: Some(last.date),
            earliest: None,
            why: format!("passed on {}", last.date),
            left_in_window,
        };
    }
    let failures = sorted.iter().rev().take_while(|a| a.result == Outcome::Fail).count();
    let (waits, variant) = waits_for(policy, exam_id);
    let wait = waits.iter().filter(|w| w.after_failures as usize <= failures).max_by_key(|w| w.after_failures);
    let (mut earliest, mut why) = match wait {
        Some(w) => {
            let kind = if w.business { "business" } else { "calendar" };
            let rule = match w.rule {
                WaitRule::FullDays => format!("{} {kind} days beginning the day after", w.days),
                WaitRule::Elapsed => format!("{} {kind} day(s) after", w.days),
            };
            let nth = match failures {
                1 => "first".to_owned(),
                2 => "second".to_owned(),
                3 => "third".to_owned(),
                n => format!("{n}th"),
            };
            let who = variant.unwrap_or(&policy.name);
            (after_wait(last.date, w), format!("{who}: a wait of {rule} the {nth} failed attempt ({})", last.date))
        }
        None => (last.date, "no waiting period applies".into()),
    };
    if let Some(c) = &policy.cap
        && sorted.len() >= c.attempts as usize
    {
        // The cap-th most recent attempt must leave the window first.
        let oldest = sorted[sorted.len() - c.attempts as usize].date;
        let free = oldest + Duration::days(i64::from(c.window_days));
        if free > earliest {
            earliest = free;
            why = format!(
                "{}: at most {} attempts in {} days; the attempt of {oldest} leaves the window on {free}",
                policy.name, c.attempts, c.window_days
            );
        }
    }
    Eligibility {
        attempts: sorted.len(),
        failures_since_pass: failures,
        passed_on: None,
        earliest: Some(earliest.max(last.date)),
        why,
        left_in_window,
    }
}

/// When to book: the eligibility next to the readiness verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Booking {
    pub policy: String,
    pub source: String,
    pub verified: NaiveDate,
    pub eligibility: Eligibility,
    pub ready: bool,
    /// The later of the eligible date and the day readiness was reached.
    pub book_on: Option<NaiveDate>,
    pub suggestion: String,
}

/// `ready_on` is the day readiness was reached (None when not ready); `more` the number of
/// further simulations at or above target the verdict still needs.
pub fn booking(policy: &Policy, elig: Eligibility, ready_on: Option<NaiveDate>, more: usize) -> Booking {
    let (book_on, suggestion) = match (elig.passed_on, elig.earliest, ready_on) {
        (Some(d), _, _) => (None, format!("passed on {d}: no retake needed")),
        (None, Some(e), Some(r)) => {
            let on = e.max(r);
            (Some(on), format!("book for {on} or later: eligible from {e}, ready since {r}"))
        }
        (None, Some(e), None) => {
            let more = more.max(1);
            let what = if more == 1 { "simulation" } else { "simulations" };
            (None, format!("not yet: reach the target in {more} more {what} first (eligible from {e})"))
        }
        (None, None, _) => (None, "no retake date can be computed".into()),
    };
    Booking {
        policy: policy.name.clone(),
        source: policy.source.clone(),
        verified: policy.verified,
        eligibility: elig,
        ready: ready_on.is_some(),
        book_on,
        suggestion,
    }
}

#[cfg(test)]
#[path = "retake_tests.rs"]
mod tests;
