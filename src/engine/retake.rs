//! The retake planner: vendors' waiting periods and attempt caps (from a policy file),
//! real exam attempts, and the earliest date a candidate may sit the exam again — next to
//! the readiness verdict, to suggest when to book.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::bank::locate::Outline;
use super::scoring::Label;
use super::text::is_forbidden_char;

/// The longest wait and cap window a policy may give: ten years, beyond any vendor's rule
/// and far inside the calendar, so date arithmetic on them never leaves it.
pub const MAX_POLICY_DAYS: u32 = 3650;
/// The most attempts a cap (and the largest `after_failures` a wait) may name.
pub const MAX_POLICY_ATTEMPTS: u32 = 100;

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

/// One thing wrong with a policy file, at its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Parses and checks a policy file (through the one YAML module): every problem found,
/// each at its line and column, when it is not usable. Every field is checked, because
/// the planner computes dates from them: a cap of 0 attempts or a wait of 400000000 days
/// would otherwise reach the date arithmetic.
pub fn check_policies(text: &str) -> Result<PolicyFile, Vec<PolicyProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = super::bank::parse_yaml::<PolicyFile>(text)
        .map_err(|e| vec![PolicyProblem { line: e.line, column: e.column, message: e.message }])?;
    let mut found = Checks::default();
    for (i, p) in file.policies.iter().enumerate() {
        let at = format!("policies.{i}");
        found.text(&at, "vendor", &p.vendor, &p.vendor);
        found.text(&at, "name", &p.vendor, &p.name);
        found.text(&at, "source", &p.vendor, &p.source);
        if let Some(j) = file.policies[..i].iter().position(|q| q.vendor.eq_ignore_ascii_case(&p.vendor)) {
            let (l, c) = Outline::of(text).find(&format!("policies.{j}.vendor"));
            found.push(
                format!("{at}.vendor"),
                format!("vendor `{}` has two policies; the first is at {l}:{c}; keep one", escape(&p.vendor)),
            );
        }
        found.waits(&at, &p.vendor, &p.waits);
        if let Some(c) = &p.cap {
            found.range(&format!("{at}.cap"), &p.vendor, "attempts", c.attempts, 1..=MAX_POLICY_ATTEMPTS);
            found.range(&format!("{at}.cap"), &p.vendor, "window_days", c.window_days, 1..=MAX_POLICY_DAYS);
        }
        for (j, v) in p.variants.iter().enumerate() {
            let at = format!("{at}.variants.{j}");
            found.text(&at, "name", &p.vendor, &v.name);
            if v.matches.is_empty() {
                found.push(
                    format!("{at}.match"),
                    format!("vendor `{}`: `match` is empty; list the exam ids it covers", p.vendor),
                );
            }
            for m in &v.matches {
                found.text(&at, "match", &p.vendor, m);
            }
            found.waits(&at, &p.vendor, &v.waits);
        }
    }
    if found.0.is_empty() {
        return Ok(file);
    }
    // Positions are looked up only now, when there is something to report.
    let outline = Outline::of(text);
    Err(found
        .0
        .into_iter()
        .map(|(path, message)| {
            let (line, column) = outline.find(&path);
            PolicyProblem { line, column, message }
        })
        .collect())
}

/// The problems found so far, by dotted path into the file.
#[derive(Default)]
struct Checks(Vec<(String, String)>);

impl Checks {
    fn push(&mut self, path: String, message: String) {
        self.0.push((path, message));
    }

    /// A required text: not empty, and no control character (it is shown on the terminal).
    fn text(&mut self, at: &str, field: &str, vendor: &str, value: &str) {
        let who = if field == "vendor" { String::new() } else { format!("vendor `{}`: ", escape(vendor)) };
        if value.trim().is_empty() {
            self.push(format!("{at}.{field}"), format!("{who}`{field}` is empty; write it"));
        } else if let Some(c) = value.chars().find(|&c| is_forbidden_char(c)) {
            self.push(
                format!("{at}.{field}"),
                format!("{who}`{field}` contains the control character U+{:04X}; write plain text", c as u32),
            );
        }
    }

    fn range(&mut self, at: &str, vendor: &str, field: &str, n: u32, range: std::ops::RangeInclusive<u32>) {
        if !range.contains(&n) {
            self.push(
                format!("{at}.{field}"),
                format!(
                    "vendor `{}`: `{field}` is {n}; it must be in {}..={}",
                    escape(vendor),
                    range.start(),
                    range.end()
                ),
            );
        }
    }

    fn waits(&mut self, at: &str, vendor: &str, waits: &[Wait]) {
        if waits.is_empty() {
            self.push(
                format!("{at}.waits"),
                format!(
                    "vendor `{}`: `waits` is empty; give at least one wait, with `after_failures` of 1 or more",
                    escape(vendor)
                ),
            );
        }
        for (k, w) in waits.iter().enumerate() {
            let at = format!("{at}.waits.{k}");
            self.range(&at, vendor, "after_failures", w.after_failures, 1..=MAX_POLICY_ATTEMPTS);
            self.range(&at, vendor, "days", w.days, 0..=MAX_POLICY_DAYS);
            if waits[..k].iter().any(|o| o.after_failures == w.after_failures) {
                self.push(
                    format!("{at}.after_failures"),
                    format!(
                        "vendor `{}`: two waits with `after_failures: {}`; keep one",
                        escape(vendor),
                        w.after_failures
                    ),
                );
            }
        }
    }
}

fn escape(s: &str) -> String {
    super::text::escape_controls(s)
}

/// Parses a policy file; errors read `LINE:COLUMN: message` (the first problem, and how
/// many more there are).
pub fn parse_policies(text: &str) -> Result<PolicyFile, String> {
    check_policies(text).map_err(|problems| {
        let more = problems.len().saturating_sub(1);
        let first = problems.into_iter().next().map(|p| p.to_string()).unwrap_or_default();
        if more == 0 { first } else { format!("{first} (and {more} more: `proctor validate` lists them all)") }
    })
}

/// A date the planner cannot compute, or a policy it cannot apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetakeError {
    #[error("{what} falls outside the calendar; check the recorded attempt dates and the policy's days")]
    OutOfCalendar { what: String },
    #[error("the policy `{policy}` caps attempts at 0; a cap allows at least 1 (`proctor validate` checks the file)")]
    ZeroCap { policy: String },
}

fn out_of_calendar(what: String) -> RetakeError {
    RetakeError::OutOfCalendar { what }
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
    /// The scale the score was given on (`780/1000`: 1000; `78%`: 100), when it was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_of: Option<u32>,
    #[serde(default)]
    pub domains: Vec<(String, ReportedResult)>,
}

impl Attempt {
    /// The real score as a percentage, when it was given with its scale.
    pub fn score_percent(&self) -> Option<f64> {
        match (self.score, self.out_of) {
            (Some(s), Some(of)) if of > 0 => Some(f64::from(s) * 100.0 / f64::from(of)),
            _ => None,
        }
    }
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

/// Adds `n` weekdays after `d` (the result is a weekday), or `None` past the calendar.
/// Day by day only until the rest is whole weeks from a weekday, then a week at a time:
/// the time taken does not grow with `n`.
fn add_business_days(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    let weekend = |x: NaiveDate| matches!(x.weekday(), Weekday::Sat | Weekday::Sun);
    let mut x = d;
    let mut left = n;
    while left > 0 && (!left.is_multiple_of(5) || weekend(x)) {
        x = x.checked_add_days(Days::new(1))?;
        if !weekend(x) {
            left -= 1;
        }
    }
    // From a weekday, 7 calendar days hold exactly 5 weekdays and end on a weekday.
    x.checked_add_days(Days::new(u64::from(left / 5) * 7))
}

/// The first date the wait after an attempt on `d` allows, or an error when it falls
/// outside the calendar.
pub fn after_wait(d: NaiveDate, w: &Wait) -> Result<NaiveDate, RetakeError> {
    let end = if w.business { add_business_days(d, w.days) } else { d.checked_add_days(Days::new(u64::from(w.days))) };
    let first = match w.rule {
        WaitRule::Elapsed => end,
        WaitRule::FullDays => end.and_then(|e| e.checked_add_days(Days::new(1))),
    };
    first.ok_or_else(|| out_of_calendar(format!("the end of a {}-day wait after {d}", w.days)))
}

/// The waits that apply to `exam_id` under `policy` (a variant when its pattern matches).
pub fn waits_for<'a>(policy: &'a Policy, exam_id: &str) -> (&'a [Wait], Option<&'a str>) {
    let id = exam_id.to_lowercase();
    match policy.variants.iter().find(|v| v.matches.iter().any(|m| id.contains(&m.to_lowercase()))) {
        Some(v) => (&v.waits, Some(&v.name)),
        None => (&policy.waits, None),
    }
}

/// Eligibility for the next attempt of `exam_id`, from its attempts, on `today`; an error
/// when a date it needs falls outside the calendar or the cap allows no attempt at all (a
/// policy file that `check_policies` accepted never has one).
pub fn eligibility(
    policy: &Policy,
    exam_id: &str,
    attempts: &[Attempt],
    today: NaiveDate,
) -> Result<Eligibility, RetakeError> {
    let mut sorted: Vec<&Attempt> = attempts.iter().collect();
    sorted.sort_by_key(|a| a.date);
    if policy.cap.as_ref().is_some_and(|c| c.attempts == 0) {
        return Err(RetakeError::ZeroCap { policy: policy.name.clone() });
    }
    let left_in_window = match &policy.cap {
        Some(c) => {
            let from = today
                .checked_sub_days(Days::new(u64::from(c.window_days)))
                .ok_or_else(|| out_of_calendar(format!("{} days before {today}", c.window_days)))?;
            let used = sorted.iter().filter(|a| a.date > from && a.date <= today).count();
            Some(c.attempts.saturating_sub(u32::try_from(used).unwrap_or(u32::MAX)))
        }
        None => None,
    };
    let Some(last) = sorted.last() else {
        return Ok(Eligibility {
            attempts: 0,
            failures_since_pass: 0,
            passed_on: None,
            earliest: Some(today),
            why: "no attempt recorded yet".into(),
            left_in_window,
        });
    };
    if last.result == Outcome::Pass {
        return Ok(Eligibility {
            attempts: sorted.len(),
            failures_since_pass: 0,
            passed_on: Some(last.date),
            earliest: None,
            why: format!("passed on {}", last.date),
            left_in_window,
        });
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
            (after_wait(last.date, w)?, format!("{who}: a wait of {rule} the {nth} failed attempt ({})", last.date))
        }
        None => (last.date, "no waiting period applies".into()),
    };
    if let Some(c) = &policy.cap
        && sorted.len() >= c.attempts as usize
    {
        // The cap-th most recent attempt must leave the window first (the cap is at least 1).
        let oldest = sorted[sorted.len() - c.attempts as usize].date;
        let free = oldest
            .checked_add_days(Days::new(u64::from(c.window_days)))
            .ok_or_else(|| out_of_calendar(format!("{} days after {oldest}", c.window_days)))?;
        if free > earliest {
            earliest = free;
            why = format!(
                "{}: at most {} attempts in {} days; the attempt of {oldest} leaves the window on {free}",
                policy.name, c.attempts, c.window_days
            );
        }
    }
    Ok(Eligibility {
        attempts: sorted.len(),
        failures_since_pass: failures,
        passed_on: None,
        earliest: Some(earliest.max(last.date)),
        why,
        left_in_window,
    })
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
