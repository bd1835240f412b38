//! Each vendor's rule at its boundaries, with a fixed "today".

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn policies() -> PolicyFile {
    parse_policies(BUNDLED_POLICIES).expect("bundled policies parse")
}

fn fail(date: &str) -> Attempt {
    Attempt { v: 1, bank: "x".into(), date: d(date), result: Outcome::Fail, score: None, domains: vec![] }
}

#[test]
fn bundled_policies_name_their_source_and_date() {
    let p = policies();
    for v in ["cisco", "microsoft", "comptia", "aws"] {
        let pol = p.for_vendor(v).expect(v);
        assert!(!pol.source.is_empty());
        assert!(pol.verified.year() >= 2026);
    }
}

#[test]
fn cisco_fail_on_the_first_eligible_on_the_seventh() {
    let p = policies();
    let c = p.for_vendor("cisco").expect("cisco");
    let e = eligibility(c, "ccnp-scor", &[fail("2026-03-01")], d("2026-03-02"));
    assert_eq!(e.earliest, Some(d("2026-03-07")));
    // The day before eligibility is still waiting; same day too.
    assert!(e.earliest > Some(d("2026-03-06")));
    assert!(e.why.contains("5 calendar days beginning the day after"), "{}", e.why);
}

#[test]
fn cisco_ccie_written_waits_fifteen_days() {
    let p = policies();
    let c = p.for_vendor("cisco").expect("cisco");
    let e = eligibility(c, "ccie-enterprise-written", &[fail("2026-03-01")], d("2026-03-01"));
    assert_eq!(e.earliest, Some(d("2026-03-17")));
    assert!(e.why.starts_with("CCIE/CCDE written exams"), "{}", e.why);
}

#[test]
fn microsoft_one_day_then_fourteen_and_five_a_year() {
    let p = policies();
    let m = p.for_vendor("microsoft").expect("microsoft");
    assert_eq!(eligibility(m, "az-104", &[fail("2026-01-10")], d("2026-01-10")).earliest, Some(d("2026-01-11")));
    let two = [fail("2026-01-10"), fail("2026-01-11")];
    assert_eq!(eligibility(m, "az-104", &two, d("2026-01-11")).earliest, Some(d("2026-01-25")));
    // Five attempts within the window: the sixth waits until the first leaves it.
    let five = [fail("2026-01-10"), fail("2026-01-11"), fail("2026-01-25"), fail("2026-02-08"), fail("2026-02-22")];
    let e = eligibility(m, "az-104", &five, d("2026-02-23"));
    assert_eq!(e.earliest, Some(d("2027-01-10")));
    assert_eq!(e.left_in_window, Some(0));
    // The window rolls: a year later one attempt is free again.
    assert_eq!(eligibility(m, "az-104", &five, d("2027-01-10")).left_in_window, Some(1));
    assert_eq!(eligibility(m, "az-104", &five, d("2027-01-09")).left_in_window, Some(0));
}

#[test]
fn comptia_no_wait_then_fourteen_days() {
    let p = policies();
    let c = p.for_vendor("comptia").expect("comptia");
    assert_eq!(eligibility(c, "secplus", &[fail("2026-05-04")], d("2026-05-04")).earliest, Some(d("2026-05-04")));
    let two = [fail("2026-05-04"), fail("2026-05-04")];
    assert_eq!(eligibility(c, "secplus", &two, d("2026-05-04")).earliest, Some(d("2026-05-18")));
}

#[test]
fn aws_fourteen_days() {
    let p = policies();
    let a = p.for_vendor("aws").expect("aws");
    assert_eq!(eligibility(a, "saa-c03", &[fail("2026-02-20")], d("2026-02-21")).earliest, Some(d("2026-03-06")));
}

#[test]
fn business_days_skip_the_weekend() {
    // Friday 2026-03-06 + 3 business days: Mon 9, Tue 10, Wed 11.
    let w = Wait { after_failures: 1, days: 3, business: true, rule: WaitRule::Elapsed };
    assert_eq!(after_wait(d("2026-03-06"), &w), d("2026-03-11"));
    let w = Wait { rule: WaitRule::FullDays, ..w };
    assert_eq!(after_wait(d("2026-03-06"), &w), d("2026-03-12"));
}

#[test]
fn a_pass_ends_the_retakes_and_no_attempts_means_today() {
    let p = policies();
    let c = p.for_vendor("cisco").expect("cisco");
    let mut pass = fail("2026-04-01");
    pass.result = Outcome::Pass;
    let e = eligibility(c, "ccnp-scor", &[fail("2026-03-01"), pass], d("2026-04-02"));
    assert_eq!((e.earliest, e.passed_on), (None, Some(d("2026-04-01"))));
    assert_eq!(eligibility(c, "ccnp-scor", &[], d("2026-04-02")).earliest, Some(d("2026-04-02")));
}

#[test]
fn reported_results_parse_and_map_to_percentages() {
    assert_eq!(ReportedResult::parse("62"), Some(ReportedResult::Percent(62.0)));
    assert_eq!(ReportedResult::parse("below").map(|r| r.percent(70, 80)), Some(55.0));
    assert_eq!(ReportedResult::parse("near").map(|r| r.percent(70, 80)), Some(75.0));
    assert_eq!(ReportedResult::parse("above").map(|r| r.percent(70, 80)), Some(80.0));
    assert_eq!(ReportedResult::parse("101"), None);
}

#[test]
fn booking_is_the_later_of_eligibility_and_readiness() {
    let p = policies();
    let c = p.for_vendor("cisco").expect("cisco");
    let e = eligibility(c, "ccnp-scor", &[fail("2026-03-01")], d("2026-03-02"));
    let b = booking(c, e.clone(), Some(d("2026-03-10")), 0);
    assert_eq!(b.book_on, Some(d("2026-03-10")));
    let b = booking(c, e.clone(), Some(d("2026-03-03")), 0);
    assert_eq!(b.book_on, Some(d("2026-03-07")));
    let b = booking(c, e.clone(), None, 2);
    assert_eq!(b.book_on, None);
    assert!(b.suggestion.starts_with("not yet: reach the target in 2 more simulations first"), "{}", b.suggestion);
    let b = booking(c, e, None, 1);
    assert!(b.suggestion.starts_with("not yet: reach the target in 1 more simulation first"), "{}", b.suggestion);
}
