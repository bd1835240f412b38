//! Every numeric flag has a range: a value outside it is a usage error (exit 2) that names
//! the flag and the range, before anything is loaded — never a panic (`--seconds
//! 10000000000000` panicked computing the deadline), a wrap (`18446744073709551615` seconds
//! became a deadline in the past) or a value silently accepted (`--questions 0`,
//! `--minutes NaN`).

use std::time::Duration;

use assert_cmd::Command;

fn proctor(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("proctor").expect("binary");
    c.env("PROCTOR_DATA_DIR", dir).current_dir(dir).timeout(Duration::from_secs(10));
    c
}

/// `args` is refused with exit 2 and a message holding `why`.
fn refused(args: &[&str], why: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = proctor(dir.path()).args(args).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(why), "{args:?}: want {why:?} in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
}

#[test]
fn time_limit_flags_out_of_range_are_usage_errors() {
    let seconds = "is out of range; give a whole number of seconds from 1 to 86400";
    for s in ["10000000000000", "0", "18446744073709551615", "86401", "-1", "99999999999999999999999"] {
        refused(
            &["exam", "netfund-quick", "--seconds", s],
            &format!("invalid value '{s}' for '--seconds <S>': {s} {seconds}"),
        );
        refused(&["drill", "netfund-quick", "--seconds", s], seconds);
    }
    refused(
        &["exam", "netfund-quick", "--seconds", "1.5"],
        "`1.5` is not a whole number; give a whole number of seconds from 1 to 86400",
    );
    for m in ["NaN", "inf", "-inf", "0", "-1", "1440.5"] {
        refused(
            &["exam", "netfund-quick", "--minutes", m],
            &format!(
                "invalid value '{m}' for '--minutes <M>': {m} minutes: give a time limit above 0 and at most 1440 (24 hours)"
            ),
        );
    }
    refused(
        &["drill", "netfund-quick", "--minutes", "ten"],
        "`ten` is not a number of minutes; write one such as 90 or 1.5",
    );
}

#[test]
fn question_counts_out_of_range_are_usage_errors() {
    for n in ["0", "10001", "-3", "4294967296"] {
        let why = format!("{n} is out of range; give a whole number of questions from 1 to 10000");
        refused(&["exam", "netfund-quick", "--questions", n], &why);
        refused(&["drill", "netfund-quick", "--questions", n], &why);
    }
}

/// `--seed -1` said "unexpected argument '-1' found; tip: to pass '-1' as a value, use
/// '-- -1'", which sends the user the wrong way: it now says what a seed is.
#[test]
fn a_negative_seed_says_what_a_seed_is() {
    for s in ["-1", "abc", "18446744073709551616"] {
        refused(
            &["exam", "netfund-quick", "--seed", s],
            &format!(
                "invalid value '{s}' for '--seed <SEED>': `{s}` is not a seed; a seed is a whole number from 0 to \
                 18446744073709551615 (the one a results screen shows)"
            ),
        );
    }
}

#[test]
fn the_other_numeric_flags_have_ranges_too() {
    refused(
        &["progress", "netfund-quick", "--streak", "0"],
        "0 is out of range; give a whole number of simulations from 1 to 100",
    );
    refused(
        &["progress", "netfund-quick", "--buffer", "101"],
        "101 is out of range; give a whole number of points from 0 to 100",
    );
    refused(
        &["progress", "netfund-quick", "--buffer", "-1"],
        "-1 is out of range; give a whole number of points from 0 to 100",
    );
    refused(
        &["attempt", "add", "netfund-quick", "--date", "2026-01-01", "--result", "fail", "--score", "-5"],
        "-5 is out of range; give a whole number of points from 0 to 1000",
    );
    refused(
        &["attempt", "add", "netfund-quick", "--date", "2026-01-01", "--result", "fail", "--score", "1001"],
        "1001 is out of range; give a whole number of points from 0 to 1000",
    );
    refused(
        &["progress", "netfund-quick", "--streak", "101"],
        "101 is out of range; give a whole number of simulations from 1 to 100",
    );
    refused(&["--max-bank-size", "0", "banks"], "0 is out of range; give a whole number of bytes from 1 to 4294967296");
    refused(
        &["--max-bank-size", "4294967297", "banks"],
        "4294967297 is out of range; give a whole number of bytes from 1 to 4294967296",
    );
}

/// The ends of each range are accepted: these reach the command (here, its refusal to draw
/// without a terminal, exit 2 with its own message) or run it.
#[test]
fn the_ends_of_each_range_are_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [
        &["exam", "netfund-quick", "--seconds", "1", "--seed", "0"][..],
        &["exam", "netfund-quick", "--seconds", "86400", "--seed", "18446744073709551615"],
        &["exam", "netfund-quick", "--minutes", "1440", "--questions", "1"],
        &["exam", "netfund-quick", "--minutes", "0.01", "--questions", "10000"],
        &["drill", "netfund-quick", "--questions", "1", "--minutes", "0.5"],
    ] {
        let out = proctor(dir.path()).env("TERM", "xterm-256color").args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("needs an interactive terminal"), "{args:?}: {out:?}");
    }
    for args in [
        &["progress", "netfund-quick", "--streak", "100", "--buffer", "0"][..],
        &["progress", "netfund-quick", "--streak", "1", "--buffer", "100"],
        &["--max-bank-size", "1", "banks"],
        &["--max-bank-size", "4294967296", "banks"],
        &["attempt", "add", "netfund-quick", "--date", "2026-01-01", "--result", "fail", "--score", "0"],
        &["attempt", "add", "netfund-quick", "--date", "2026-01-02", "--result", "fail", "--score", "1000"],
    ] {
        proctor(dir.path()).args(args).assert().success();
    }
}
