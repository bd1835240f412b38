//! Each vendor's rule at its boundaries, with a fixed "today".

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn policies() -> PolicyFile {
    parse_policies(BUNDLED_POLICIES).expect("bundled policies parse")
}

/// The planner with dates in range: the tests below check its rules, not its errors.
fn eligibility(policy: &Policy, exam_id: &str, attempts: &[Attempt], today: NaiveDate) -> Eligibility {
    super::eligibility(policy, exam_id, attempts, today).expect("dates within the calendar")
}

fn after_wait(d: NaiveDate, w: &Wait) -> NaiveDate {
    super::after_wait(d, w).expect("date within the calendar")
}

fn fail(date: &str) -> Attempt {
    Attempt { v: 1, bank: "x".into(), date: d(date), result: Outcome::Fail, score: None, out_of: None, domains: vec![] }
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

/// A policy file as a user might write one, with `cap` and the first wait's `days` given.
fn policy_file(cap: &str, days: &str) -> String {
    format!(
        "policies:\n  - vendor: acme\n    name: Acme exams\n    source: acme.example/retakes\n    verified: 2026-11-01\n    \
         waits:\n      - after_failures: 1\n        days: {days}\n        rule: elapsed\n    cap: {cap}\n"
    )
}

/// `cap: {attempts: 0}` panicked the planner (an index past the attempts) and `days:
/// 400000000` overflowed the date, while `proctor validate` called the file clean: both
/// are refused where they are written, and the planner never panics on them.
#[test]
fn cap_of_zero_attempts_and_a_wait_of_400000000_days_are_refused_and_never_panic() {
    let problems = check_policies(&policy_file("{attempts: 0, window_days: 365}", "400000000")).expect_err("refused");
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "8:9: vendor `acme`: `days` is 400000000; it must be in 0..=3650",
            "10:11: vendor `acme`: `attempts` is 0; it must be in 1..=100",
        ]
    );
    let e = parse_policies(&policy_file("{attempts: 0, window_days: 365}", "400000000")).expect_err("refused");
    assert_eq!(
        e,
        "8:9: vendor `acme`: `days` is 400000000; it must be in 0..=3650 (and 1 more: `proctor validate` lists them all)"
    );
    // The engine itself refuses them with an error, for a policy built without the file.
    let wait = Wait { after_failures: 1, days: 400_000_000, business: false, rule: WaitRule::Elapsed };
    let err = super::after_wait(d("2026-03-01"), &wait).expect_err("past the calendar");
    assert!(
        err.to_string().starts_with("the end of a 400000000-day wait after 2026-03-01 falls outside the calendar"),
        "{err}"
    );
    let business = Wait { business: true, ..wait.clone() };
    assert!(super::after_wait(d("2026-03-01"), &business).is_err(), "business days too, without walking them");
    let mut policy =
        parse_policies(&policy_file("{attempts: 5, window_days: 365}", "1")).expect("valid").policies.remove(0);
    policy.cap = Some(Cap { attempts: 0, window_days: 365 });
    let err = super::eligibility(&policy, "x", &[fail("2026-03-01")], d("2026-03-02")).expect_err("no attempt allowed");
    assert!(err.to_string().contains("caps attempts at 0"), "{err}");
    policy.cap = Some(Cap { attempts: 1, window_days: 365 });
    policy.waits = vec![wait];
    assert!(super::eligibility(&policy, "x", &[fail("2026-03-01")], d("2026-03-02")).is_err());
}

/// Every field is checked, each problem at its own line and column.
#[test]
fn every_policy_field_is_validated_with_its_location() {
    let text = "\
policies:
  - vendor: acme
    name: \"\"
    source: \"bad \\e[2J\"
    verified: 2026-11-01
    waits:
      - after_failures: 0
        days: 3651
        rule: full-days
      - after_failures: 0
        days: 1
        rule: elapsed
    cap:
      attempts: 101
      window_days: 0
    variants:
      - name: \"\"
        match: []
        waits: []
  - vendor: ACME
    name: Again
    source: s
    verified: 2026-11-01
    waits:
      - after_failures: 1
        days: 1
        rule: elapsed
";
    let problems = check_policies(text).expect_err("refused");
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "3:5: vendor `acme`: `name` is empty; write it",
            "4:5: vendor `acme`: `source` contains the control character U+001B; write plain text",
            "7:9: vendor `acme`: `after_failures` is 0; it must be in 1..=100",
            "8:9: vendor `acme`: `days` is 3651; it must be in 0..=3650",
            "10:9: vendor `acme`: `after_failures` is 0; it must be in 1..=100",
            "10:9: vendor `acme`: two waits with `after_failures: 0`; keep one",
            "14:7: vendor `acme`: `attempts` is 101; it must be in 1..=100",
            "15:7: vendor `acme`: `window_days` is 0; it must be in 1..=3650",
            "17:9: vendor `acme`: `name` is empty; write it",
            "18:9: vendor `acme`: `match` is empty; list the exam ids it covers",
            "19:9: vendor `acme`: `waits` is empty; give at least one wait, with `after_failures` of 1 or more",
            "20:5: vendor `ACME` has two policies; the first is at 2:5; keep one",
        ]
    );
    assert!(check_policies(BUNDLED_POLICIES).is_ok());
}

/// Whole weeks at a time give the same dates as walking day by day.
#[test]
fn business_days_by_weeks_agree_with_walking_them() {
    for start in 0..14 {
        let from = d("2026-03-02") + chrono::Duration::days(start);
        let mut walked = from;
        for n in 0..40u32 {
            let w = Wait { after_failures: 1, days: n, business: true, rule: WaitRule::Elapsed };
            assert_eq!(after_wait(from, &w), walked, "{n} business days after {from}");
            walked += chrono::Duration::days(1);
            while matches!(walked.weekday(), Weekday::Sat | Weekday::Sun) {
                walked += chrono::Duration::days(1);
            }
        }
    }
}
