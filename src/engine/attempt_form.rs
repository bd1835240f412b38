//! Reading a real exam attempt from the candidate's words — the command line's flags or
//! the one-line form on the progress screen — checked against the bank's domains and the
//! calendar. `today` is given by the caller (the engine reads no clock): an attempt cannot
//! be in the future.

use chrono::NaiveDate;

use super::bank::Bank;
use super::retake::{Attempt, Outcome, ReportedResult};

/// What is wrong with an attempt as written, and how to write it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormError(String);

fn fail<T>(msg: String) -> Result<T, FormError> {
    Err(FormError(msg))
}

/// The earliest date an attempt may have: IT certification exams as Proctor knows them
/// are younger, and an earlier year is a typo (`26-1-1` read as the year 26).
pub const EARLIEST_ATTEMPT: NaiveDate = match NaiveDate::from_ymd_opt(1990, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// `YYYY-MM-DD` with a four-digit year (month and day may drop a leading zero), from
/// 1990 to `today`. chrono alone reads `26-1-1` as the year 26, and any date as valid.
fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, FormError> {
    let parts: Vec<&str> = s.split('-').collect();
    let digits =
        |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let [y, m, d] = parts.as_slice() else {
        return fail(format!("--date {s}: use YYYY-MM-DD with a four-digit year, such as 2026-03-01"));
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return fail(format!("--date {s}: use YYYY-MM-DD with a four-digit year, such as 2026-03-01"));
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return fail(format!("--date {s}: use YYYY-MM-DD with a four-digit year, such as 2026-03-01"));
    };
    let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
        return fail(format!("--date {s}: there is no such day; use YYYY-MM-DD, such as 2026-03-01"));
    };
    if date < EARLIEST_ATTEMPT {
        return fail(format!("--date {s}: that is before 1990; check the year"));
    }
    if date > today {
        return fail(format!(
            "--date {s}: that is in the future (today is {today}); record an attempt once it is taken"
        ));
    }
    Ok(date)
}

/// A score as the report prints it: `780/1000`, `78%`, or just `780`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportedScore {
    pub points: u32,
    /// The scale, when the score was given with one.
    pub out_of: Option<u32>,
}

/// Reads `780/1000`, `78%` or `780` (0 to 1000).
pub fn parse_score(s: &str) -> Result<ReportedScore, FormError> {
    // A plain number out of range gets the range, as every numeric flag does.
    if !s.contains(['/', '%']) && s.trim().parse::<i64>().is_ok_and(|n| !(0..=1000).contains(&n)) {
        return Err(FormError(format!(
            "{s} is out of range; give a whole number of points from 0 to 1000, or the score with its scale (780/1000, 78%)"
        )));
    }
    let bad = || FormError(format!("score `{s}`: give it as the report prints it: 780/1000, 78% or 780"));
    let number = |t: &str| t.trim().parse::<u32>().map_err(|_| bad());
    let score = if let Some(p) = s.strip_suffix('%') {
        ReportedScore { points: number(p)?, out_of: Some(100) }
    } else if let Some((n, of)) = s.split_once('/') {
        ReportedScore { points: number(n)?, out_of: Some(number(of)?) }
    } else {
        ReportedScore { points: number(s)?, out_of: None }
    };
    match score.out_of {
        Some(0) => Err(bad()),
        Some(of) if score.points > of => Err(FormError(format!("score `{s}`: {} is more than {of}", score.points))),
        None if score.points > 1000 => {
            Err(FormError(format!("score `{s}`: give the score as the report shows it (0-1000)")))
        }
        _ if score.out_of.is_some_and(|of| of > 1000) => Err(bad()),
        _ => Ok(score),
    }
}

/// An attempt from the command line's words, on `today`.
pub fn parse_attempt(
    bank: &Bank,
    today: NaiveDate,
    date: &str,
    result: &str,
    score: Option<ReportedScore>,
    domains: &[String],
) -> Result<Attempt, FormError> {
    let date = parse_date(date, today)?;
    let result = match result.to_ascii_lowercase().as_str() {
        "pass" => Outcome::Pass,
        "fail" => Outcome::Fail,
        _ => return fail(format!("--result {result}: use pass or fail")),
    };
    let mut parsed = Vec::new();
    for d in domains {
        let Some((id, value)) = d.split_once('=') else {
            return fail(format!("--domain {d}: use ID=PERCENT, ID=above, ID=near or ID=below"));
        };
        let Some(id) = resolve_domain(bank, id) else {
            let known: Vec<&str> = bank.domains.iter().map(|x| x.id.0.as_str()).collect();
            return fail(format!(
                "--domain {d}: no domain `{id}` in {}; its domains are {} (or their names, in quotes)",
                bank.exam.id,
                known.join(", ")
            ));
        };
        let Some(r) = ReportedResult::parse(value) else {
            return fail(format!("--domain {d}: the result must be 0-100, above, near or below"));
        };
        if parsed.iter().any(|(seen, _)| seen == id) {
            return fail(format!("--domain {d}: domain `{id}` is given twice; give each domain once"));
        }
        parsed.push((id.to_owned(), r));
    }
    Ok(Attempt {
        v: 1,
        bank: bank.exam.id.clone(),
        date,
        result,
        score: score.map(|s| s.points),
        out_of: score.and_then(|s| s.out_of),
        domains: parsed,
    })
}

/// The id of the domain `written` names: its id in any case, or its name in any case
/// with spacing and punctuation ignored (`"Network Security"`, `network-security`), as a
/// score report prints it.
fn resolve_domain<'a>(bank: &'a Bank, written: &str) -> Option<&'a str> {
    let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let w = squash(written);
    bank.domains
        .iter()
        .find(|d| d.id.0.eq_ignore_ascii_case(written))
        .or_else(|| bank.domains.iter().find(|d| !w.is_empty() && squash(&d.name) == w))
        .map(|d| d.id.0.as_str())
}

/// The form's words: split at spaces, except inside double quotes (a domain's name,
/// `"Securing the Cloud"=62`), which are dropped.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The form on the progress screen: `DATE pass|fail [SCORE] [DOMAIN=RESULT ...]`, on `today`.
pub fn parse_form(bank: &Bank, today: NaiveDate, line: &str) -> Result<Attempt, FormError> {
    let words = words(line);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let [date, result, rest @ ..] = words.as_slice() else {
        return fail("write: DATE pass|fail [SCORE] [DOMAIN=PERCENT|above|near|below ...]".into());
    };
    let mut score = None;
    let mut domains = Vec::new();
    for w in rest {
        if w.contains('=') {
            domains.push((*w).to_owned());
        } else {
            match parse_score(w) {
                Ok(s) => score = Some(s),
                Err(e) => return fail(format!("`{w}`: {e}; domains are ID=RESULT")),
            }
        }
    }
    parse_attempt(bank, today, date, result, score, &domains)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../tests/fixtures/banks/valid/mini.yaml");

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    /// The day the tests take as today.
    fn today() -> NaiveDate {
        day("2026-11-22")
    }

    /// The form with today fixed.
    fn parse_form(bank: &Bank, line: &str) -> Result<Attempt, FormError> {
        super::parse_form(bank, today(), line)
    }

    fn mini() -> Bank {
        crate::engine::bank::load::load_str("mini.yaml", MINI).expect("bank").bank
    }

    /// `attempt add` took impossible input: a date in the future or before 1990, `26-1-1`
    /// stored as the year 0026, a domain given twice. Each is refused with its reason.
    #[test]
    fn impossible_attempts_are_refused_with_a_reason() {
        let b = mini();
        let err = |line: &str| parse_form(&b, line).expect_err(line).to_string();
        assert_eq!(
            err("2026-11-23 fail"),
            "--date 2026-11-23: that is in the future (today is 2026-11-22); record an attempt once it is taken"
        );
        assert_eq!(parse_form(&b, "2026-11-22 fail").expect("today is fine").date, today());
        assert_eq!(err("1989-12-31 fail"), "--date 1989-12-31: that is before 1990; check the year");
        assert_eq!(parse_form(&b, "1990-01-01 fail").expect("1990 is fine").date, day("1990-01-01"));
        assert_eq!(err("26-1-1 fail"), "--date 26-1-1: use YYYY-MM-DD with a four-digit year, such as 2026-03-01");
        for bad in ["0026-01-01", "+2026-01-01", "2026-01-01x", "2026/01/01", "2026-001-01", "20260-01-01"] {
            assert!(parse_form(&b, &format!("{bad} fail")).is_err(), "{bad}");
        }
        assert_eq!(
            err("2026-02-30 fail"),
            "--date 2026-02-30: there is no such day; use YYYY-MM-DD, such as 2026-03-01"
        );
        assert_eq!(parse_form(&b, "2026-3-1 fail").expect("leading zeros may go").date, day("2026-03-01"));
        let d = &b.domains[0].id.0;
        assert_eq!(
            err(&format!("2026-03-01 fail {d}=40 {d}=below")),
            format!("--domain {d}=below: domain `{d}` is given twice; give each domain once")
        );
        // The same checks apply to the command line's words.
        let e = super::parse_attempt(&b, today(), "2999-01-01", "fail", None, &[]).expect_err("future");
        assert!(e.to_string().contains("is in the future"), "{e}");
    }

    #[test]
    fn the_form_reads_date_result_score_and_domains() {
        let b = crate::engine::bank::load::load_str("mini.yaml", MINI).expect("bank");
        let d = &b.bank.domains[0].id.0;
        let a = parse_form(&b.bank, &format!("2026-03-01 fail 640 {d}=below")).expect("attempt");
        assert_eq!(a.result, Outcome::Fail);
        assert_eq!(a.score, Some(640));
        assert_eq!(a.domains.len(), 1);
        assert!(parse_form(&b.bank, "2026-03-01").is_err());
        assert!(parse_form(&b.bank, "2026-13-01 fail").unwrap_err().to_string().contains("YYYY-MM-DD"));
        assert!(parse_form(&b.bank, "2026-03-01 fail nope=above").unwrap_err().to_string().contains("no domain"));
    }

    /// The form took domain ids only, as written in the bank.
    #[test]
    fn domains_are_taken_by_id_in_any_case_or_by_name() {
        let b = mini();
        let a = parse_form(&b, "2026-03-01 FAIL 61% NET=40").expect("any case");
        assert_eq!((a.result, a.domains[0].0.as_str()), (Outcome::Fail, "net"));
        let a = parse_form(&b, "2026-03-01 fail 61% NET=40 \"Securing the Cloud\"=below").expect("attempt");
        assert_eq!(a.domains.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), vec!["net", "cloud"]);
        let a = parse_form(&b, "2026-03-01 fail network-security=40").expect("attempt");
        assert_eq!(a.domains[0].0, "net");
        let e = parse_form(&b, "2026-03-01 fail nope=40").expect_err("unknown");
        assert!(e.to_string().contains("(or their names, in quotes)"), "{e}");
    }

    #[test]
    fn scores_are_read_as_the_report_prints_them() {
        assert_eq!(parse_score("780/1000"), Ok(ReportedScore { points: 780, out_of: Some(1000) }));
        assert_eq!(parse_score("78%"), Ok(ReportedScore { points: 78, out_of: Some(100) }));
        assert_eq!(parse_score("780"), Ok(ReportedScore { points: 780, out_of: None }));
        assert!(parse_score("900/800").is_err());
        assert!(parse_score("7/0").is_err());
        assert!(parse_score("lots").is_err());
        assert!(parse_score("-5").unwrap_err().to_string().contains("out of range"));
    }
}
