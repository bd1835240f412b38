//! Reading a real exam attempt from the candidate's words — the command line's flags or
//! the one-line form on the progress screen — checked against the bank's domains.

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

/// An attempt from the command line's words.
pub fn parse_attempt(
    bank: &Bank,
    date: &str,
    result: &str,
    score: Option<u32>,
    domains: &[String],
) -> Result<Attempt, FormError> {
    let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
        return fail(format!("--date {date}: use YYYY-MM-DD"));
    };
    let result = match result {
        "pass" => Outcome::Pass,
        "fail" => Outcome::Fail,
        other => return fail(format!("--result {other}: use pass or fail")),
    };
    let mut parsed = Vec::new();
    for d in domains {
        let Some((id, value)) = d.split_once('=') else {
            return fail(format!("--domain {d}: use ID=PERCENT, ID=above, ID=near or ID=below"));
        };
        if bank.domain_index(id).is_none() {
            let known: Vec<&str> = bank.domains.iter().map(|x| x.id.0.as_str()).collect();
            return fail(format!(
                "--domain {d}: no domain `{id}` in {}; its domains are {}",
                bank.exam.id,
                known.join(", ")
            ));
        }
        let Some(r) = ReportedResult::parse(value) else {
            return fail(format!("--domain {d}: the result must be 0-100, above, near or below"));
        };
        parsed.push((id.to_owned(), r));
    }
    if score.is_some_and(|s| s > 1000) {
        return fail("--score: give the score as the report shows it (0-1000)".into());
    }
    Ok(Attempt { v: 1, bank: bank.exam.id.clone(), date, result, score, domains: parsed })
}

/// The form on the progress screen: `DATE pass|fail [SCORE] [DOMAIN=RESULT ...]`.
pub fn parse_form(bank: &Bank, line: &str) -> Result<Attempt, FormError> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let [date, result, rest @ ..] = words.as_slice() else {
        return fail("write: DATE pass|fail [SCORE] [DOMAIN=PERCENT|above|near|below ...]".into());
    };
    let mut score = None;
    let mut domains = Vec::new();
    for w in rest {
        if w.contains('=') {
            domains.push((*w).to_owned());
        } else {
            match w.parse() {
                Ok(s) => score = Some(s),
                Err(e) => return fail(format!("`{w}`: a score is a number; domains are ID=RESULT: {e}")),
            }
        }
    }
    parse_attempt(bank, date, result, score, &domains)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../tests/fixtures/banks/valid/mini.yaml");

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
}
