//! `proctor import` and `proctor export-bank` end to end: the real binary on the fixture
//! files of `tests/fixtures/import/` (run from that directory, so messages name them
//! briefly), each bank written checked by `proctor validate`, malformed input refused at
//! its `file:line:column` with nothing written, merging, and exports read back.
#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// The binary, run in the fixtures directory with an empty data directory.
fn proctor(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("proctor").expect("the proctor binary is built");
    cmd.current_dir(fixtures()).timeout(Duration::from_secs(20)).env("PROCTOR_DATA_DIR", data);
    cmd
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("UTF-8")
}

/// Imports `args` into `out` and checks that `proctor validate` accepts what was written.
fn import_ok(dir: &Path, out: &Path, args: &[&str]) -> String {
    let a = proctor(dir).arg("import").args(args).arg("--output").arg(out).assert().success();
    proctor(dir).arg("validate").arg(out).assert().success().stdout(predicate::str::contains("0 errors"));
    stdout(&a)
}

#[test]
fn gift_imports_with_a_summary_of_what_was_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("routing.yaml");
    let s = import_ok(dir.path(), &out, &["all-types.gift"]);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines[0], "all-types.gift: 12 questions imported (gift), 3 not imported", "{s}");
    for want in [
        "all-types.gift:24: note: option `8443` gives partial credit (50%)",
        "all-types.gift:45: note: image `topology.png` in the question text is left out",
        "all-types.gift:53: not imported: an essay question (`{}`) is marked by a person",
        "all-types.gift:55: not imported: a numerical question (`{#...}`)",
        "all-types.gift:57: not imported: a description (text without answers in braces) has nothing to answer",
        "domains (weights in proportion to the questions):",
        "  routing   Routing   10 questions  weight  83",
        "  security  Security   2 questions  weight  17",
    ] {
        assert!(lines.iter().any(|l| l.starts_with(want)), "missing {want:?} in\n{s}");
    }
    assert!(
        lines
            .last()
            .is_some_and(|l| l.starts_with("wrote ") && l.contains("bank `routing`, 12 questions in 2 domains")),
        "{s}"
    );
    let text = fs::read_to_string(&out).expect("written");
    assert!(text.contains("exam:\n  id: routing\n  title: routing\n"), "id and title from the file name: {text}");
    assert!(text.contains("  - id: ospf-backbone\n    domain: routing\n"), "{text}");
    assert!(text.contains("    exhibit: |\n      ip access-list extended EDGE\n       permit tcp"), "{text}");
}

#[test]
fn moodle_xml_aiken_and_csv_import_and_validate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = import_ok(dir.path(), &dir.path().join("m.yaml"), &["moodle-4.xml", "--title", "CCNA practice"]);
    assert!(s.starts_with("moodle-4.xml: 7 questions imported (moodle-xml), 4 not imported\n"), "{s}");
    assert!(s.contains("moodle-4.xml:331: not imported: `Explain IPsec`: an essay question"), "{s}");
    assert!(s.contains("  routing                Routing                3 questions  weight  43\n"), "{s}");
    let yaml = fs::read_to_string(dir.path().join("m.yaml")).expect("written");
    assert!(yaml.contains("  title: CCNA practice\n"), "{yaml}");
    assert!(yaml.contains("  - id: rt-show-route\n"), "the idnumber is the id: {yaml}");
    assert!(yaml.contains("    type: order\n    partial: true\n"), "{yaml}");

    let s = import_ok(dir.path(), &dir.path().join("a.yaml"), &["moodle-docs.aiken"]);
    assert!(s.starts_with("moodle-docs.aiken: 2 questions imported (aiken)\n"), "{s}");
    assert!(s.contains("  moodle-docs  moodle-docs  2 questions  weight 100\n"), "{s}");

    let s = import_ok(dir.path(), &dir.path().join("c.yaml"), &["spreadsheet.csv", "semicolons.csv"]);
    assert!(s.contains("spreadsheet.csv: 3 questions imported (csv), 1 not imported\n"), "{s}");
    assert!(s.contains("spreadsheet.csv:1: note: column(s) `Notes` are not ones Proctor reads; ignored\n"), "{s}");
    assert!(s.contains("spreadsheet.csv:6: not imported: the row has 0 option(s)"), "{s}");
    assert!(s.contains("semicolons.csv: 1 question imported (csv)\n"), "{s}");
}

#[test]
fn malformed_input_is_an_error_at_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("unclosed-brace.gift", "unclosed-brace.gift:3:33: error: `{` opens answers that are never closed"),
        ("stray-brace.gift", "stray-brace.gift:1:40: error: `}` closes no answer block"),
        ("unclosed-title.gift", "unclosed-title.gift:1:1: error: `::` opens a question title that is never closed"),
        (
            "answer-without-option.aiken",
            "answer-without-option.aiken:6:9: error: `ANSWER: E` names no option; this question's options are A to D",
        ),
        ("no-answer.aiken", "no-answer.aiken:3:1: error: the file ends before the last question's `ANSWER:` line"),
        ("bad-answer.csv", "bad-answer.csv:3:42: error: answer `D` names no option in this row (it has A, B, C)"),
        ("latin1.csv", "latin1.csv:2:3: error: invalid UTF-8 at byte offset 22; save the file as UTF-8"),
        ("truncated.xml", "truncated.xml:66:21: error: the file ends before its XML elements are closed"),
    ];
    for (file, want) in cases {
        let out = dir.path().join("out.yaml");
        proctor(dir.path())
            .args(["import", file, "--output"])
            .arg(&out)
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::starts_with(want).and(predicate::str::contains("nothing written")));
        assert!(!out.exists(), "{file}: nothing may be written");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("dir").collect();
        assert!(leftovers.is_empty(), "{file}: no temporary file is left: {leftovers:?}");
    }
}

#[test]
fn a_malformed_file_among_good_ones_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.yaml");
    proctor(dir.path())
        .args(["import", "all-types.gift", "stray-brace.gift", "--output"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("stray-brace.gift:1:40: error:"));
    assert!(!out.exists());
}

#[test]
fn the_format_is_guessed_from_the_content_or_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let txt = dir.path().join("questions.txt");
    fs::copy(fixtures().join("moodle-docs.aiken"), &txt).expect("copy");
    let s = import_ok(dir.path(), &dir.path().join("g.yaml"), &[txt.to_str().expect("utf-8")]);
    assert!(s.contains("questions.txt: 2 questions imported (aiken)"), "{s}");
    let plain = dir.path().join("notes.txt");
    fs::write(&plain, "just some words\n").expect("write");
    proctor(dir.path()).arg("import").arg(&plain).args(["--output", "x.yaml"]).assert().code(1).stderr(
        predicate::str::contains("notes.txt: error: cannot tell the format").and(predicate::str::contains("--from")),
    );
    // --from reads every file as that format, whatever its name.
    let csv = dir.path().join("exported.csv");
    fs::copy(fixtures().join("moodle-docs.aiken"), &csv).expect("copy");
    proctor(dir.path()).arg("import").arg(&csv).args(["--output", "x.yaml"]).assert().code(1);
    let s = import_ok(dir.path(), &dir.path().join("f.yaml"), &["--from", "aiken", csv.to_str().expect("utf-8")]);
    assert!(s.contains("exported.csv: 2 questions imported (aiken)"), "{s}");
}

#[test]
fn a_re_import_gives_the_same_bank_and_a_merge_adds_only_new_questions() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("one")).expect("mkdir");
    fs::create_dir(dir.path().join("two")).expect("mkdir");
    let (a, b) = (dir.path().join("one/bank.yaml"), dir.path().join("two/bank.yaml"));
    import_ok(dir.path(), &a, &["spreadsheet.csv", "--id", "net"]);
    import_ok(dir.path(), &b, &["spreadsheet.csv", "--id", "net"]);
    assert_eq!(fs::read_to_string(&a).expect("a"), fs::read_to_string(&b).expect("b"));
    let before = fs::read_to_string(&a).expect("a");
    let s = import_ok(dir.path(), &a, &["spreadsheet.csv", "moodle-docs.aiken", "--merge", a.to_str().expect("utf-8")]);
    assert!(s.contains("spreadsheet.csv: 0 questions imported (csv), 1 not imported, 3 already there\n"), "{s}");
    assert!(
        s.contains("spreadsheet.csv:2: not imported: already in the bank as `networking-001`; not added again\n"),
        "{s}"
    );
    assert!(s.contains("  moodle-docs  moodle-docs  2 questions (2 new)  weight  40\n"), "{s}");
    assert!(s.contains("2 added to the 3 already there"), "{s}");
    let after = fs::read_to_string(&a).expect("a");
    for id in ["networking-001", "networking-002", "security-001", "moodle-docs-001", "moodle-docs-002"] {
        assert!(after.contains(&format!("  - id: {id}\n")), "{id} in\n{after}");
    }
    assert!(before.lines().filter(|l| l.starts_with("  - id:")).all(|l| after.contains(l)), "existing ids are kept");
    assert!(after.contains("exam:\n  id: net\n"), "the bank's settings are kept: {after}");
    // Merging what is already there adds nothing and keeps the weights.
    let s = import_ok(dir.path(), &a, &["spreadsheet.csv", "--merge", a.to_str().expect("utf-8")]);
    assert!(s.contains("domains (weights kept from the bank merged into):"), "{s}");
    let body = |t: &str| t.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&fs::read_to_string(&a).expect("a")), body(&after));
}

#[test]
fn domain_weights_and_exam_settings_can_be_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("w.yaml");
    let s = import_ok(
        dir.path(),
        &out,
        &[
            "all-types.gift",
            "--weights",
            "routing=60,security=40",
            "--minutes",
            "30",
            "--questions",
            "10",
            "--passing",
            "80",
        ],
    );
    assert!(s.contains("domains (weights as given):"), "{s}");
    let yaml = fs::read_to_string(&out).expect("written");
    assert!(yaml.contains("  minutes: 30\n  questions: 10\n  passing_score: 80\n  buffer: 10\n"), "{yaml}");
    assert!(yaml.contains("    weight: 60\n") && yaml.contains("    weight: 40\n"), "{yaml}");
    let s = import_ok(dir.path(), &out, &["all-types.gift", "moodle-4.xml", "--domain", "ccna"]);
    assert!(s.contains("  ccna  ccna  19 questions  weight 100\n"), "{s}");
    proctor(dir.path())
        .args(["import", "all-types.gift", "--weights", "routing=60,security=30", "--output"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--weights sum to 90; they must sum to 100"));
    proctor(dir.path())
        .args(["import", "all-types.gift", "--minutes", "0", "--output"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--minutes"));
}

#[test]
fn export_bank_lists_what_each_format_cannot_hold_and_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gift = dir.path().join("demo.gift");
    let a = proctor(dir.path())
        .args(["export-bank", "item-types-demo", "--to", "gift", "--output"])
        .arg(&gift)
        .assert()
        .success();
    let s = stdout(&a);
    assert!(s.starts_with(&format!("wrote {}: 9 questions of 11 as GIFT\nnot exported:\n  ordering questions: GIFT has none (demo-ike-order, demo-dot1x-order)\n", gift.display())), "{s}");
    for want in [
        "  exam settings (time, questions, passing score, buffer, vendor) and domain weights: GIFT holds none",
        "  testlet `demo-branch`: GIFT has no testlets; each of its questions is written on its own with the scenario",
        "  `trap` on wrong options: GIFT has no place for it; dropped (demo-cmap, demo-acl, demo-branch-group, demo-branch-verify)",
        "  exhibit: written into the question text as preformatted text (HTML <pre>)",
        "  all-or-nothing matching: Moodle gives credit pair by pair, so it comes back with `partial: true` (demo-ports-match)",
    ] {
        assert!(s.lines().any(|l| l.starts_with(want)), "missing {want:?} in\n{s}");
    }
    let back = import_ok(dir.path(), &dir.path().join("back.yaml"), &[gift.to_str().expect("utf-8")]);
    assert!(back.contains("demo.gift: 9 questions imported (gift)\n"), "{back}");

    let xml = dir.path().join("demo.xml");
    let a = proctor(dir.path())
        .args(["export-bank", "item-types-demo", "--to", "moodle-xml", "-o"])
        .arg(&xml)
        .assert()
        .success();
    let s = stdout(&a);
    assert!(
        s.starts_with(&format!(
            "wrote {}: 11 questions of 11 as Moodle XML\nheld differently or dropped:\n",
            xml.display()
        )),
        "{s}"
    );
    assert!(
        s.contains("  `refs`: Moodle XML has no place for them; dropped (demo-ike-order, demo-dot1x-order)\n"),
        "{s}"
    );
    let back = import_ok(dir.path(), &dir.path().join("back2.yaml"), &[xml.to_str().expect("utf-8")]);
    assert!(
        back.contains("  vpn     VPN and Cryptography           6 questions  weight  55\n"),
        "Moodle XML keeps domain ids: {back}"
    );
    let yaml = fs::read_to_string(dir.path().join("back2.yaml")).expect("written");
    assert!(yaml.contains("  - id: demo-ike-order\n    domain: vpn\n    type: order\n"), "{yaml}");
    assert!(
        yaml.contains("    stem: |-\n      A branch router connects to headquarters"),
        "the scenario before the stem: {yaml}"
    );
}
