//! `proctor validate` end to end: the real binary against one invalid bank per validation
//! rule (`tests/fixtures/banks/invalid/`), hostile inputs generated at test time, the
//! summary line, exit codes and `--format json`.
//!
//! The committed fixtures are run from their own directory, so diagnostics name them as
//! `name.yaml`, and most tests assert the binary's whole output. Each fixture is a copy of
//! `valid/mini.yaml` (trimmed, `questions: 2` so one dropped question causes no capacity
//! warning) with exactly one problem; its first line is a comment saying which, so the line
//! numbers asserted here count that comment as line 1. Hostile and binary inputs are
//! generated in a tempdir instead of being committed.
#![cfg(unix)]

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use predicates::prelude::*;

/// Upper bound for any run; a hang is killed and fails the test instead of the suite.
const TIMEOUT: Duration = Duration::from_secs(10);
/// "A couple of seconds": what a hostile input may cost at most (debug build, parallel tests).
const QUICK: Duration = Duration::from_secs(3);

const ONE_ERROR: &str = "1 error, 0 warnings in 1 bank";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/banks")
}

fn invalid_dir() -> PathBuf {
    fixtures().join("invalid")
}

fn mini_text() -> String {
    fs::read_to_string(fixtures().join("valid/mini.yaml")).expect("read mini.yaml")
}

/// The binary, run in `dir`, bounded by `TIMEOUT`, with no user data dir in play.
fn proctor(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("proctor").expect("the proctor binary is built");
    cmd.current_dir(dir).timeout(TIMEOUT).env_remove("PROCTOR_DATA_DIR");
    cmd
}

/// `proctor validate ARGS` run in `dir`, with how long it took.
fn validate_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> (Assert, Duration) {
    let mut cmd = proctor(dir);
    cmd.arg("validate").args(args);
    let start = Instant::now();
    let assert = cmd.assert();
    (assert, start.elapsed())
}

/// `proctor validate ARGS` in the fixtures directory.
fn validate_fixture(args: &[&str]) -> Assert {
    validate_in(&invalid_dir(), args).0
}

/// The whole stdout, line by line, and the exit code.
fn expect(args: &[&str], code: i32, lines: &[&str]) {
    let want: String = lines.iter().map(|l| format!("{l}\n")).collect();
    validate_fixture(args).code(code).stdout(predicate::str::diff(want)).stderr(predicate::str::is_empty());
}

/// A fixture whose only problem is `diagnostic`.
fn one_error(fixture: &str, diagnostic: &str) {
    expect(&[fixture], 1, &[diagnostic, ONE_ERROR]);
}

fn stdout_of(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8")
}

fn assert_quick(elapsed: Duration, what: &str) {
    assert!(elapsed < QUICK, "{what} took {elapsed:?}; it must be refused within {QUICK:?}");
}

/// Splits mini.yaml into a directory bank's header and its two question files.
fn split_mini() -> (String, String, String) {
    let text = mini_text();
    let q = text.find("\nquestions:\n").expect("questions: in mini.yaml") + 1;
    let c = text.find("  - id: cld-001\n").expect("cld-001 in mini.yaml");
    let (header, net, cloud) = (&text[..q], &text[q..c], &text[c..]);
    (header.to_owned(), net.to_owned(), format!("questions:\n{cloud}"))
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

// ---------------------------------------------------------------------------------------
// One fixture per rule: ids, domains and the exam header.

#[test]
fn duplicate_question_id_names_both_places() {
    one_error(
        "duplicate-question-id.yaml",
        "duplicate-question-id.yaml:31:5: error: question net-001: duplicate question id `net-001`; \
         first defined at duplicate-question-id.yaml:18:5; ids must be unique across the bank",
    );
}

#[test]
fn duplicate_domain_id_names_both_places() {
    one_error(
        "duplicate-domain-id.yaml",
        "duplicate-domain-id.yaml:14:5: error: duplicate domain id `net`; first defined at duplicate-domain-id.yaml:11:5",
    );
}

#[test]
fn unknown_domain_suggests_the_close_one() {
    one_error(
        "unknown-domain.yaml",
        "unknown-domain.yaml:58:5: error: question cld-002: unknown domain `clod`; did you mean `cloud`?",
    );
}

#[test]
fn weights_must_sum_to_100() {
    one_error(
        "weights-not-100.yaml",
        "weights-not-100.yaml:10:1: error: domain weights sum to 90; they must sum to 100",
    );
}

#[test]
fn bad_id_format() {
    one_error(
        "bad-id-format.yaml",
        "bad-id-format.yaml:18:5: error: question id `NET-001` may use only lowercase letters, digits, `-`, `_` and `.`, \
         starting with a letter or digit",
    );
}

/// A 250-character bank id made every journal file name too long for the file system
/// (`File name too long` when the exam started): at most 64 characters, refused where
/// it is written.
#[test]
fn bank_id_longer_than_64_characters_is_refused() {
    one_error(
        "bank-id-too-long.yaml",
        "bank-id-too-long.yaml:3:3: error: exam id `mini-xxxxxxxxxxxxxxxxxxx…` is 65 characters long; a bank id may \
         have at most 64 (it names the journal files): shorten it",
    );
    // 64 is still fine; the defect's 250 is refused the same way.
    let dir = tempfile::tempdir().expect("tempdir");
    let mini = mini_text();
    for (len, ok) in [(64, true), (250, false)] {
        let id = format!("mini-{}", "x".repeat(len - 5));
        write(&dir.path().join(format!("id{len}.yaml")), mini.replacen("  id: mini\n", &format!("  id: {id}\n"), 1));
        let (out, _) = validate_in(dir.path(), &[format!("id{len}.yaml")]);
        let text = stdout_of(&out);
        if ok {
            assert_eq!(text, "0 errors, 0 warnings in 1 bank\n");
        } else {
            assert!(text.contains(&format!("is {len} characters long; a bank id may have at most 64")), "{text}");
        }
    }
}

#[test]
fn passing_score_out_of_range() {
    one_error(
        "passing-score-out-of-range.yaml",
        "passing-score-out-of-range.yaml:8:3: error: `passing_score` is 101; it must be in 1..=100",
    );
}

#[test]
fn buffer_out_of_range_depends_on_passing_score() {
    one_error("buffer-out-of-range.yaml", "buffer-out-of-range.yaml:9:3: error: `buffer` is 40; it must be in 0..=30");
}

#[test]
fn minutes_out_of_range() {
    one_error(
        "minutes-out-of-range.yaml",
        "minutes-out-of-range.yaml:6:3: error: `minutes` is 0; it must be in 1..=1440",
    );
}

#[test]
fn questions_out_of_range() {
    one_error(
        "questions-out-of-range.yaml",
        "questions-out-of-range.yaml:7:3: error: `questions` is 10001; it must be in 1..=10000",
    );
}

#[test]
fn missing_exam_section_concerns_the_whole_file() {
    one_error(
        "missing-exam.yaml",
        "missing-exam.yaml: error: the bank has no `exam:` section; add one with id, title, minutes, questions and \
         passing_score",
    );
}

#[test]
fn missing_domains_concerns_the_whole_file() {
    one_error(
        "missing-domains.yaml",
        "missing-domains.yaml: error: the bank has no `domains:` list; add the blueprint's domains with their weights",
    );
}

// ---------------------------------------------------------------------------------------
// Questions and options.

#[test]
fn no_correct_option() {
    one_error(
        "no-correct-option.yaml",
        "no-correct-option.yaml:49:5: error: question cld-001: no option is marked correct; mark the right one(s) with \
         `correct: true`",
    );
}

#[test]
fn choose_must_match_the_correct_options() {
    one_error(
        "choose-mismatch.yaml",
        "choose-mismatch.yaml:34:5: error: question net-002: `choose: 3` but 2 option(s) are marked correct; they must match",
    );
}

#[test]
fn trap_on_a_correct_option() {
    one_error(
        "trap-on-correct-option.yaml",
        "trap-on-correct-option.yaml:64:9: error: question cld-002: `trap` on a correct option; traps describe what \
         picking a wrong option reveals",
    );
}

#[test]
fn bad_trap_value_suggests_the_close_one() {
    one_error(
        "bad-trap-value.yaml",
        "bad-trap-value.yaml:28:9: error: question net-001: `trap: terms` is not a cause; did you mean `term`? use \
         concept, term, misread or reasoning",
    );
}

#[test]
fn fewer_than_two_options() {
    one_error(
        "too-few-options.yaml",
        "too-few-options.yaml:60:5: error: question cld-002: 1 option(s); a question needs 2 to 10",
    );
}

#[test]
fn more_than_ten_options() {
    one_error(
        "too-many-options.yaml",
        "too-many-options.yaml:60:5: error: question cld-002: 11 option(s); a question needs 2 to 10",
    );
}

#[test]
fn duplicate_option_text_ignores_case() {
    one_error(
        "duplicate-option-text.yaml",
        "duplicate-option-text.yaml:64:9: error: question cld-002: option B repeats the text of option A; option texts \
         must differ",
    );
}

#[test]
fn difficulty_out_of_range() {
    one_error(
        "difficulty-out-of-range.yaml",
        "difficulty-out-of-range.yaml:30:5: error: question net-001: `difficulty` is 6; it must be in 1..=5",
    );
}

#[test]
fn unknown_field_suggests_explanation() {
    one_error(
        "unknown-field-explaination.yaml",
        "unknown-field-explaination.yaml:67:5: error: questions[3]: unknown field `explaination`; did you mean \
         `explanation`?",
    );
}

/// `stem: ~` is reported at the `stem:` line (a missing field falls back to the question).
#[test]
fn null_stem_is_missing_text() {
    one_error(
        "missing-stem.yaml",
        "missing-stem.yaml:59:5: error: question cld-002: `stem` is missing or empty (`~`); write the text",
    );
}

#[test]
fn blank_stem_is_empty_text() {
    one_error("empty-stem.yaml", "empty-stem.yaml:59:5: error: question cld-002: `stem` is empty; write the text");
}

#[test]
fn control_characters_are_refused_and_never_echoed() {
    let raw = fs::read(invalid_dir().join("control-character.yaml")).expect("read fixture");
    assert!(!raw.contains(&0x1b), "the fixture writes ESC as a YAML escape, not as a raw byte");
    assert!(String::from_utf8_lossy(&raw).contains("\\e[2J"), "the fixture holds a `\\e` escape");
    one_error(
        "control-character.yaml",
        "control-character.yaml:59:5: error: question cld-002: `stem` contains the control character U+001B; terminal \
         escape sequences, bidirectional overrides and other control characters are not allowed in bank text",
    );
    for format in ["text", "json"] {
        let out = validate_fixture(&["--format", format, "control-character.yaml"]).code(1);
        let o = out.get_output();
        assert!(!o.stdout.contains(&0x1b) && !o.stderr.contains(&0x1b), "raw ESC in the {format} output");
    }
}

#[test]
fn missing_explanation_is_only_a_warning() {
    expect(
        &["missing-explanation.yaml"],
        0,
        &[
            "missing-explanation.yaml:57:3: warning: question cld-002: no `explanation`; add one so the review can \
             teach the point",
            "0 errors, 1 warning in 1 bank",
        ],
    );
}

#[test]
fn capacity_shortfall_is_a_warning_and_an_error_when_strict() {
    let msg = "domain `cloud` has 1 question(s) but a full simulation of 4 needs 2; add questions or lower \
               `exam.questions`";
    expect(
        &["capacity-warning.yaml"],
        0,
        &[&format!("capacity-warning.yaml:14:3: warning: {msg}"), "0 errors, 1 warning in 1 bank"],
    );
    expect(
        &["--strict", "capacity-warning.yaml"],
        1,
        &[&format!("capacity-warning.yaml:14:3: error: {msg}"), ONE_ERROR],
    );
}

// ---------------------------------------------------------------------------------------
// Item types: order, match and text questions, exhibits, testlets. Each message points at
// the offending field: inside a flow sequence (`items: [..]`) or a flow mapping
// (`- {left: .., right: ..}`) at the element or key itself; only a field that is absent
// falls back to its question or testlet.

#[test]
fn order_question_with_one_item() {
    one_error(
        "order-one-item.yaml",
        "order-one-item.yaml:61:5: error: question cld-002: 1 item(s); an order question needs 2 to 10",
    );
}

#[test]
fn order_question_with_eleven_items() {
    one_error(
        "order-eleven-items.yaml",
        "order-eleven-items.yaml:61:5: error: question cld-002: 11 item(s); an order question needs 2 to 10",
    );
}

/// Inside a testlet: `testlets.0.questions.1.items.2` is found, at its `-`.
#[test]
fn order_question_with_a_repeated_item_in_a_testlet() {
    one_error(
        "order-repeated-item.yaml",
        "order-repeated-item.yaml:96:11: error: question branch-2: item 3 repeats item 1; the items of an order \
         question must differ",
    );
}

#[test]
fn match_question_with_one_pair() {
    one_error(
        "match-one-pair.yaml",
        "match-one-pair.yaml:61:5: error: question cld-002: 1 pair(s); a match question needs 2 to 10",
    );
}

/// `- {left: iaas, ...}`: the column of `left` inside the flow mapping, not of the `-`.
#[test]
fn match_question_with_a_repeated_left_item() {
    one_error(
        "match-repeated-left.yaml",
        "match-repeated-left.yaml:63:10: error: question cld-002: pair 2 repeats the left item of pair 1; each left \
         item is matched once",
    );
}

#[test]
fn match_question_with_a_repeated_right_item() {
    one_error(
        "match-repeated-right.yaml",
        "match-repeated-right.yaml:64:22: error: question cld-002: pair 3 repeats the right item of pair 1; each \
         right item matches one left item",
    );
}

/// `extra: ["23", "443"]`: the column of the second element.
#[test]
fn match_extra_repeating_a_right_item() {
    one_error(
        "match-extra-repeats-right.yaml",
        "match-extra-repeats-right.yaml:66:19: error: question cld-002: extra item 2 repeats the right item of pair \
         2; an extra is a right-hand item that matches nothing, so it must differ from every other one",
    );
}

/// Absent, the field cannot be located better than its question.
#[test]
fn text_question_without_answers() {
    one_error(
        "text-no-answers.yaml",
        "text-no-answers.yaml:57:3: error: question cld-002: `answers` is missing; give at least one accepted answer",
    );
}

#[test]
fn text_question_with_an_empty_answers_list() {
    one_error(
        "text-empty-answers.yaml",
        "text-empty-answers.yaml:61:5: error: question cld-002: `answers` is empty; give at least one accepted answer",
    );
}

#[test]
fn text_question_with_a_blank_answer() {
    one_error(
        "text-blank-answer.yaml",
        "text-blank-answer.yaml:63:7: error: question cld-002: item 2 of `answers` is empty; write the text or \
         remove it",
    );
}

#[test]
fn exhibit_with_a_control_character() {
    let raw = fs::read(invalid_dir().join("exhibit-control-character.yaml")).expect("read fixture");
    assert!(!raw.contains(&0x1b), "the fixture writes ESC as a YAML escape, not as a raw byte");
    one_error(
        "exhibit-control-character.yaml",
        "exhibit-control-character.yaml:60:5: error: question cld-002: `exhibit` contains the control character \
         U+001B; terminal escape sequences, bidirectional overrides and other control characters are not allowed in \
         bank text",
    );
}

#[test]
fn items_on_a_choice_question_suggest_type_order() {
    one_error(
        "items-on-choice.yaml",
        "items-on-choice.yaml:60:5: error: question cld-002: `items` belongs to order questions, not choice; did you \
         mean `type: order`?",
    );
}

#[test]
fn options_on_a_text_question_suggest_type_choice() {
    one_error(
        "options-on-text.yaml",
        "options-on-text.yaml:62:5: error: question cld-002: `options` belongs to choice questions, not text; did you \
         mean `type: choice`?",
    );
}

#[test]
fn partial_on_a_choice_question_suggests_order_or_match() {
    one_error(
        "partial-on-choice.yaml",
        "partial-on-choice.yaml:60:5: error: question cld-002: `partial` belongs to order and match questions, not \
         choice; did you mean `type: order` or `type: match`?",
    );
}

/// Two swapped letters are one typo: `odrer` was not close enough to `order` for a
/// suggestion when only insertions, deletions and substitutions counted.
#[test]
fn type_odrer_suggests_order() {
    one_error(
        "type-typo-odrer.yaml",
        "type-typo-odrer.yaml:59:5: error: question cld-002: `type: odrer` is not an item type; did you mean \
         `order`? use choice, order, match or text",
    );
}

/// Absent, the scenario cannot be located better than its testlet.
#[test]
fn testlet_without_a_scenario() {
    one_error(
        "testlet-no-scenario.yaml",
        "testlet-no-scenario.yaml:69:3: error: testlet branch-vpn: `scenario` is missing or empty (`~`); write the text",
    );
}

#[test]
fn testlet_with_one_question() {
    one_error(
        "testlet-one-question.yaml",
        "testlet-one-question.yaml:79:5: error: testlet branch-vpn: 1 question(s); a testlet needs 2 to 10",
    );
}

#[test]
fn testlet_with_eleven_questions() {
    one_error(
        "testlet-eleven-questions.yaml",
        "testlet-eleven-questions.yaml:79:5: error: testlet branch-vpn: 11 question(s); a testlet needs 2 to 10",
    );
}

#[test]
fn duplicate_testlet_id_names_both_places() {
    one_error(
        "duplicate-testlet-id.yaml",
        "duplicate-testlet-id.yaml:97:5: error: testlet branch-vpn: duplicate testlet id `branch-vpn`; first defined \
         at duplicate-testlet-id.yaml:69:5; testlet ids must be unique",
    );
}

#[test]
fn duplicate_question_id_between_a_testlet_and_a_plain_question_names_both_places() {
    one_error(
        "duplicate-id-testlet-and-plain.yaml",
        "duplicate-id-testlet-and-plain.yaml:90:9: error: question net-001: duplicate question id `net-001`; first \
         defined at duplicate-id-testlet-and-plain.yaml:18:5; ids must be unique across the bank",
    );
}

#[test]
fn testlet_question_with_an_unknown_domain_and_no_testlet_domain() {
    one_error(
        "testlet-question-unknown-domain.yaml",
        "testlet-question-unknown-domain.yaml:80:9: error: question branch-1: unknown domain `nett`; did you mean \
         `net`?",
    );
}

#[test]
fn testlet_question_without_a_domain_in_a_testlet_without_one() {
    one_error(
        "testlet-question-without-domain.yaml",
        "testlet-question-without-domain.yaml:79:7: error: question branch-1: `domain` is missing and its testlet has \
         none; give the question a `domain:` or the testlet one",
    );
}

/// Reported once, at the testlet's `domain:`, not again for every question that takes it.
#[test]
fn unknown_testlet_domain_is_reported_once_at_the_testlet() {
    one_error(
        "testlet-unknown-domain.yaml",
        "testlet-unknown-domain.yaml:70:5: error: testlet branch-vpn: unknown domain `nett`; did you mean `net`?",
    );
}

#[test]
fn a_bank_with_every_item_type_and_a_testlet_is_clean() {
    let (out, _) = validate_in(&fixtures().join("valid"), &["--strict", "item-types.yaml"]);
    out.code(0).stdout(predicate::str::diff("0 errors, 0 warnings in 1 bank\n"));
    let (out, _) = validate_in(&fixtures().join("valid"), &["--format", "json", "item-types.yaml"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out.code(0))).expect("JSON output");
    assert_eq!(doc["banks"][0]["questions"], 7, "five plain questions and the testlet's two: {doc}");
}

/// A tab before an escape sequence made the whole text count as clean: the tab was
/// normalised and the text returned before the rest of it was checked.
#[test]
fn a_tab_does_not_let_a_later_escape_sequence_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mini = mini_text();
    let from = "    stem: In IaaS, who patches the guest operating system?\n";
    assert!(mini.contains(from));
    write(&dir.path().join("tab.yaml"), mini.replacen(from, "    stem: \"In IaaS,\\twho patches \\e[2J?\"\n", 1));
    let (out, _) = validate_in(dir.path(), &["tab.yaml"]);
    out.code(1).stdout(predicate::str::diff(format!(
        "tab.yaml:63:5: error: question cld-001: `stem` contains the control character U+001B; terminal escape \
         sequences, bidirectional overrides and other control characters are not allowed in bank text\n{ONE_ERROR}\n"
    )));
}

/// Every element of a list is checked and located: an escape sequence in the second of
/// `items: [..]`, a repeated, a blank and an escaped extra each at their own column, each
/// reported once.
#[test]
fn list_elements_are_checked_and_located_one_by_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = fs::read_to_string(fixtures().join("valid/item-types.yaml")).expect("read item-types.yaml");
    let bank = text
        .replacen(
            "items: [IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL]",
            "items: [IKE_SA_INIT, \"IKE_\\e[2JAUTH\", CREATE_CHILD_SA, INFORMATIONAL]",
            1,
        )
        .replacen("extra: [\"23\"]", "extra: [\"23\", \"23\", \" \", \"\\e\"]", 1);
    write(&dir.path().join("lists.yaml"), bank);
    let (out, _) = validate_in(dir.path(), &["lists.yaml"]);
    let controls = "terminal escape sequences, bidirectional overrides and other control characters are not allowed \
                    in bank text";
    out.code(1).stdout(predicate::str::diff(format!(
        "lists.yaml:35:26: error: question net-ike-order: item 2 of `items` contains the control character U+001B; \
         {controls}\n\
         lists.yaml:47:19: error: question net-ports: extra item 2 repeats extra item 1; an extra is a right-hand item \
         that matches nothing, so it must differ from every other one\n\
         lists.yaml:47:25: error: question net-ports: extra item 3 is empty; write the text or remove it\n\
         lists.yaml:47:30: error: question net-ports: extra item 4 contains the control character U+001B; {controls}\n\
         4 errors, 0 warnings in 1 bank\n"
    )));
}

/// An unquoted ` #` inside a testlet names the testlet's question (or the testlet), not
/// the last plain question above it.
#[test]
fn a_hash_that_cuts_text_in_a_testlet_names_its_question_or_testlet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = fs::read_to_string(fixtures().join("valid/item-types.yaml")).expect("read item-types.yaml");
    let bank = text
        .replacen("stem: Type the action the policy allows.", "stem: Type the action the policy allows # exactly", 1)
        .replacen("title: A tenant's storage bucket", "title: A tenant's storage bucket # public", 1);
    write(&dir.path().join("hash.yaml"), bank);
    let (out, _) = validate_in(dir.path(), &["hash.yaml"]);
    out.code(0).stdout(predicate::str::diff(
        "hash.yaml:68:1: warning: title of testlet tenant-case ends at a '#': quote the text, or YAML reads the rest \
         of the line as a comment\n\
         hash.yaml:92:1: warning: stem of tenant-action ends at a '#': quote the text, or YAML reads the rest of the \
         line as a comment\n\
         0 errors, 2 warnings in 1 bank\n",
    ));
}

// ---------------------------------------------------------------------------------------
// Syntax: the parser's own location, with a hint.

#[test]
fn tab_indentation_is_a_located_syntax_error() {
    let out = validate_fixture(&["tab-indentation.yaml"]).code(1);
    let text = stdout_of(&out);
    assert!(
        text.starts_with("tab-indentation.yaml:59:1: error: found a tab character that violates indentation"),
        "{text}"
    );
    assert!(text.contains("; YAML indentation must use spaces, not tabs\n"), "{text}");
    assert!(text.ends_with(&format!("\n{ONE_ERROR}\n")), "{text}");
}

#[test]
fn tab_indentation_message_does_not_repeat_the_location() {
    let text = stdout_of(&validate_fixture(&["tab-indentation.yaml"]).code(1));
    // Today: `...:59:1: error: found a tab character that violates indentation at line 59 column 1,
    // while scanning a plain scalar; ...` (the context's own mark, 58:13, was cut instead).
    assert!(!text.contains(" at line "), "the location belongs in the prefix only: {text}");
}

#[test]
fn unclosed_quote_is_a_syntax_error() {
    let out = validate_fixture(&["unclosed-quote.yaml"]).code(1);
    let text = stdout_of(&out);
    assert!(text.starts_with("unclosed-quote.yaml:"), "{text}");
    assert!(text.contains(": error: found unexpected end of stream"), "{text}");
    assert!(text.contains("while scanning a quoted scalar"), "{text}");
    assert!(text.ends_with(&format!("\n{ONE_ERROR}\n")), "{text}");
}

#[test]
fn unclosed_quote_points_at_the_opening_quote() {
    let text = stdout_of(&validate_fixture(&["unclosed-quote.yaml"]).code(1));
    // serde_yaml says "... at line 68 column 1, while scanning a quoted scalar at line 59
    // column 11"; yaml.rs keeps the first mark and cuts the second, then adds
    // "is the file empty or cut short?", which sends the author to the wrong place.
    assert!(text.starts_with("unclosed-quote.yaml:59:11: error: "), "{text}");
    assert!(!text.contains("cut short"), "{text}");
}

#[test]
fn duplicate_key_is_refused_at_its_question() {
    // serde reports a duplicate field at the start of the mapping that holds it (the
    // question's first key, 57:5); the repeated `stem:` itself is line 60.
    one_error("duplicate-key.yaml", "duplicate-key.yaml:57:5: error: questions[3]: duplicate field `stem`");
}

#[test]
fn multiple_documents_are_refused() {
    let out = validate_fixture(&["multiple-documents.yaml"]).code(1);
    let text = stdout_of(&out);
    assert!(
        text.contains(
            ": error: the file holds more than one YAML document (a `---` or `...` line between them); a bank file \
             holds exactly one: remove the separator or split the bank into a directory\n"
        ),
        "{text}"
    );
    assert!(text.ends_with(&format!("\n{ONE_ERROR}\n")), "{text}");
}

#[test]
fn multiple_documents_point_at_the_separator() {
    let text = stdout_of(&validate_fixture(&["multiple-documents.yaml"]).code(1));
    assert!(
        text.starts_with("multiple-documents.yaml:68:1: error: the file holds more than one YAML document"),
        "{text}"
    );
}

#[test]
fn custom_tag_on_text_is_refused() {
    one_error(
        "custom-tag.yaml",
        "custom-tag.yaml:59:11: error: custom tag `!include`: tags are not part of the bank format; remove it, or quote \
         the text if the `!` belongs to it",
    );
}

#[test]
fn custom_tags_anywhere_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mini = mini_text();
    let cases = [
        ("number.yaml", "  passing_score: 70\n", "  passing_score: !percent 70\n"),
        ("list.yaml", "    options:\n", "    options: !shuffle\n"),
        ("mapping.yaml", "  - id: cld-002\n", "  - !include\n    id: cld-002\n"),
        ("bool.yaml", "        correct: true\n", "        correct: !yes true\n"),
    ];
    for (name, from, to) in cases {
        assert!(mini.contains(from), "{from:?} in mini.yaml");
        write(&dir.path().join(name), mini.replacen(from, to, 1));
        let (out, _) = validate_in(dir.path(), &[name]);
        out.code(1).stdout(predicate::str::contains(format!("{name}:")).and(predicate::str::contains("tag")));
    }
}

#[test]
fn empty_file() {
    one_error(
        "empty-file.yaml",
        "empty-file.yaml: error: the file is empty; it should hold `exam:`, `domains:` and `questions:`",
    );
    assert_eq!(fs::metadata(invalid_dir().join("empty-file.yaml")).expect("fixture").len(), 0);
    // Blank lines and comments only are empty too.
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("blank.yaml"), "\n  \n# nothing yet\n   # still nothing\n");
    let (out, _) = validate_in(dir.path(), &["blank.yaml"]);
    out.code(1).stdout(predicate::str::diff(format!(
        "blank.yaml: error: the file is empty; it should hold `exam:`, `domains:` and `questions:`\n{ONE_ERROR}\n"
    )));
}

// ---------------------------------------------------------------------------------------
// Encoding.

#[test]
fn non_utf8_is_reported_with_byte_offset_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Line 1 is 17 bytes (ê and é take two), line 2 is 6; on line 3, 0xFF follows 16
    // characters / 17 bytes (è takes two): byte offset 17 + 6 + 17 = 40, line 3, column 17.
    let bytes: &[u8] = b"# Ent\xc3\xaate: caf\xc3\xa9\nexam:\n  title: \"Cr\xc3\xa8me \xff br\xc3\xbbl\xc3\xa9e\"\n";
    assert_eq!(bytes.iter().position(|&b| b == 0xff), Some(40));
    write(&dir.path().join("latin1.yaml"), bytes);
    let (out, _) = validate_in(dir.path(), &["latin1.yaml"]);
    out.code(1).stdout(predicate::str::diff(format!(
        "latin1.yaml:3:17: error: invalid UTF-8 at byte offset 40; save the file as UTF-8\n{ONE_ERROR}\n"
    )));
}

#[test]
fn byte_order_mark_is_accepted_and_does_not_shift_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut valid = b"\xef\xbb\xbf".to_vec();
    valid.extend_from_slice(mini_text().as_bytes());
    write(&dir.path().join("bom.yaml"), &valid);
    let (out, _) = validate_in(dir.path(), &["bom.yaml"]);
    out.code(0).stdout(predicate::str::diff("0 errors, 0 warnings in 1 bank\n"));

    let mut invalid = b"\xef\xbb\xbf".to_vec();
    invalid.extend(fs::read(invalid_dir().join("bad-trap-value.yaml")).expect("fixture"));
    write(&dir.path().join("bom-trap.yaml"), &invalid);
    let (out, _) = validate_in(dir.path(), &["bom-trap.yaml"]);
    out.code(1).stdout(predicate::str::starts_with("bom-trap.yaml:28:9: error: question net-001: `trap: terms`"));
}

// ---------------------------------------------------------------------------------------
// Directory banks.

#[test]
fn directory_without_bank_yaml() {
    one_error(
        "dir-missing-bank-yaml",
        "dir-missing-bank-yaml: error: a directory bank needs a `bank.yaml` holding `exam:` and `domains:`",
    );
}

#[test]
fn question_file_of_a_directory_bank_may_not_hold_exam() {
    one_error(
        "dir-exam-in-question-file",
        "dir-exam-in-question-file/cloud.yaml:2:1: error: only bank.yaml may hold `exam:`; move it there",
    );
}

#[test]
fn valid_directory_bank_reads_every_question_file_and_skips_hidden_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = dir.path().join("mini");
    fs::create_dir(&bank).expect("mkdir");
    let (header, net, cloud) = split_mini();
    write(&bank.join("bank.yaml"), header);
    write(&bank.join("net.yaml"), net);
    write(&bank.join("cloud.yml"), cloud);
    write(&bank.join(".draft.yaml"), "this: [is not a bank");
    write(&bank.join("notes.txt"), "not YAML at all: [");
    let (out, _) = validate_in(dir.path(), &["mini"]);
    out.code(0).stdout(predicate::str::diff("0 errors, 0 warnings in 1 bank\n"));
    let (out, _) = validate_in(dir.path(), &["--format", "json", "mini"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out.code(0))).expect("JSON output");
    assert_eq!(doc["banks"][0]["id"], "mini");
    assert_eq!(doc["banks"][0]["questions"], 4, "questions from net.yaml and cloud.yml: {doc}");
}

#[test]
fn duplicate_question_id_across_files_names_both_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = dir.path().join("bank");
    fs::create_dir(&bank).expect("mkdir");
    let (header, net, cloud) = split_mini();
    write(&bank.join("bank.yaml"), header);
    write(&bank.join("a.yaml"), net);
    write(&bank.join("b.yaml"), cloud.replacen("  - id: cld-002\n", "  - id: net-001\n", 1));
    let (out, _) = validate_in(dir.path(), &["bank"]);
    // a.yaml: `questions:` is line 1, net-001 line 2; b.yaml: `questions:` then mini.yaml's
    // lines 61.. (cld-001), so cld-002 (mini.yaml line 75) is line 16.
    out.code(1).stdout(predicate::str::diff(format!(
        "bank/b.yaml:16:5: error: question net-001: duplicate question id `net-001`; first defined at \
         bank/a.yaml:2:5; ids must be unique across the bank\n{ONE_ERROR}\n"
    )));
}

// ---------------------------------------------------------------------------------------
// Hostile input: refused quickly, with a clear message.

#[test]
fn billion_laughs_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The classic shape: nine levels of ten aliases each, 10^9 "lol"s once expanded.
    let mut classic = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        classic.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    write(&dir.path().join("laughs.yaml"), &classic);
    let (out, elapsed) = validate_in(dir.path(), &["laughs.yaml"]);
    out.code(1).stdout(predicate::str::starts_with("laughs.yaml:1:1: error: unknown field `a0`"));
    assert_quick(elapsed, "the classic alias bomb");

    // The same idea in the bank's own shape, so the deserializer really walks the aliases:
    // 1,000 copies of a question whose 1,000 options are each an alias.
    let options =
        std::iter::once("&o {text: lol}").chain(std::iter::repeat_n("*o", 999)).collect::<Vec<_>>().join(", ");
    let mut bomb = format!("questions:\n  - &q {{id: q, domain: d, stem: s, options: [{options}]}}\n");
    bomb.push_str(&"  - *q\n".repeat(999));
    write(&dir.path().join("bomb.yaml"), &bomb);
    let (out, elapsed) = validate_in(dir.path(), &["bomb.yaml"]);
    out.code(1).stdout(predicate::str::contains(
        "bomb.yaml:1:1: error: the file expands aliases (`*name`) too many times (an alias bomb?); write the text \
         out instead of nesting aliases\n",
    ));
    assert_quick(elapsed, "the alias bomb");
}

#[test]
fn deep_flow_nesting_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 100_000;
    write(&dir.path().join("deep.yaml"), format!("questions: {}{}\n", "[".repeat(depth), "]".repeat(depth)));
    let (out, elapsed) = validate_in(dir.path(), &["deep.yaml"]);
    // `questions: ` is 11 characters: the 129th `[` is column 11 + 129.
    out.code(1).stdout(predicate::str::diff(format!(
        "deep.yaml:1:140: error: flow collections (`[`/`{{`) nested more than 128 deep; a question bank never needs \
         this\n{ONE_ERROR}\n"
    )));
    assert_quick(elapsed, "100,000-deep flow nesting");
}

#[test]
fn deep_flow_nesting_behind_anchors_or_tags_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 100_000;
    for (name, open) in [("anchors.yaml", "&a ["), ("tags.yaml", "!t [")] {
        write(&dir.path().join(name), format!("questions: {}{}\n", open.repeat(depth), "]".repeat(depth)));
        let (out, elapsed) = validate_in(dir.path(), &[name]);
        // Tags are refused outright; anchors are counted as nesting.
        out.code(1).stdout(
            predicate::str::contains("nested more than 128 deep").or(predicate::str::contains("custom tag `!t`")),
        );
        assert_quick(elapsed, name);
    }
}

#[test]
fn prose_lines_starting_with_a_bracket_are_not_flow_nesting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bank = mini_text();
    for i in 0..130 {
        bank.push_str(&format!(
            "  - id: range-{i:03}\n    domain: net\n    stem: Which half-open interval holds the value {i}?\n    \
             options:\n      - text: 0 to 99\n        correct: true\n      - text: 100 to 199\n    explanation: |\n      \
             [0, 100) holds it: 0 is included and 100 is not.\n"
        ));
    }
    write(&dir.path().join("ranges.yaml"), bank);
    let (out, _) = validate_in(dir.path(), &["ranges.yaml"]);
    out.code(0).stdout(predicate::str::diff("0 errors, 0 warnings in 1 bank\n"));
}

#[test]
fn oversized_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.yaml");
    let file = fs::File::create(&path).expect("create");
    file.set_len(200 * 1024 * 1024).expect("a sparse 200 MiB file");
    drop(file);
    // Unreadable: had the binary opened it before checking the size, it would report
    // "cannot open: Permission denied" instead of the size cap.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let mut std_cmd = std::process::Command::new(env!("CARGO_BIN_EXE_proctor"));
    std_cmd.current_dir(dir.path()).args(["validate", "huge.yaml"]);
    if fs::metadata(&path).expect("stat").uid() == 0 {
        // root reads anything: run the binary as `nobody`, who may stat but not read.
        use std::os::unix::process::CommandExt;
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod 755");
        std_cmd.uid(65534).gid(65534);
    }
    let mut cmd = Command::from_std(std_cmd);
    cmd.timeout(TIMEOUT);
    let start = Instant::now();
    let out = cmd.assert();
    assert_quick(start.elapsed(), "a 200 MiB file");
    out.code(1).stdout(predicate::str::diff(format!(
        "huge.yaml: error: the file is 209715200 bytes (200.0 MiB), over the 64.0 MiB cap; split it into a \
         directory bank or raise --max-bank-size\n{ONE_ERROR}\n"
    )));
}

#[test]
fn fifo_is_not_a_regular_file_and_is_never_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    mkfifo(&dir.path().join("pipe.yaml"));
    // Opening a FIFO with no writer blocks: a hang here would hit TIMEOUT.
    let (out, elapsed) = validate_in(dir.path(), &["pipe.yaml"]);
    out.code(1).stdout(predicate::str::diff(format!(
        "pipe.yaml: error: not a regular file (a device, FIFO or socket); give a bank file or a bank directory\n\
         {ONE_ERROR}\n"
    )));
    assert_quick(elapsed, "a FIFO");
}

#[test]
fn fifo_inside_a_directory_bank_is_reported_not_waited_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = dir.path().join("bank");
    fs::create_dir(&bank).expect("mkdir");
    let (header, net, cloud) = split_mini();
    write(&bank.join("bank.yaml"), header);
    write(&bank.join("net.yaml"), net);
    write(&bank.join("cloud.yaml"), cloud);
    mkfifo(&bank.join("zz.yaml"));
    let (out, elapsed) = validate_in(dir.path(), &["bank"]);
    out.code(1).stdout(predicate::str::diff(format!(
        "bank/zz.yaml: error: not a regular file (a device, FIFO or socket); give a bank file or a bank directory\n\
         {ONE_ERROR}\n"
    )));
    assert_quick(elapsed, "a FIFO in a directory bank");
}

#[test]
fn dev_zero_is_not_a_regular_file() {
    let (out, elapsed) = validate_in(&invalid_dir(), &["/dev/zero"]);
    out.code(1).stdout(predicate::str::diff(format!(
        "/dev/zero: error: not a regular file (a device, FIFO or socket); give a bank file or a bank directory\n\
         {ONE_ERROR}\n"
    )));
    assert_quick(elapsed, "/dev/zero");
}

#[test]
fn bank_text_cannot_write_escape_sequences_to_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mini = mini_text();
    // Text that is echoed: a trap value, an unknown key and the file name (ids and domains
    // are refused for their control characters before they could be echoed).
    let bank = mini.replacen("  - id: net-001\n", "  - id: \"net-\\e[2J001\"\n", 1).replacen(
        "        trap: concept\n",
        "        trap: \"\\e[31m\\aconcept\"\n",
        1,
    );
    write(&dir.path().join("evil\u{1b}[2J.yaml"), bank);
    write(&dir.path().join("key.yaml"), mini.replacen("    explanation:", "    \"\\e[2Jexplanation\":", 1));
    for format in ["text", "json"] {
        let (out, _) = validate_in(dir.path(), &["--format", format, "evil\u{1b}[2J.yaml", "key.yaml"]);
        let out = out.code(1);
        let o = out.get_output();
        for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            assert!(!bytes.iter().any(|&b| b == 0x1b || b == 0x07), "raw control byte in {format} {stream}");
        }
        let text = stdout_of(&out);
        if format == "text" {
            for shown in [
                "evil\\u{1b}[2J.yaml:18:5: error: `id` contains the control character U+001B;",
                "evil\\u{1b}[2J.yaml:31:9: error: `trap: \\u{1b}[31m\\u{7}concept` is not a cause;",
                "key.yaml:34:5: error: questions[0]: unknown field `\\u{1b}[2Jexplanation`;",
            ] {
                assert!(text.contains(shown), "{shown} in {text}");
            }
        } else {
            let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON output");
            assert_eq!(doc["banks"][0]["path"], "evil\u{1b}[2J.yaml", "JSON keeps the name, escaped by JSON");
        }
    }
}

// ---------------------------------------------------------------------------------------
// The command: summary, exit codes, several paths, JSON, the bundled banks.

#[test]
fn summary_counts_every_problem_in_line_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mini = mini_text();
    let bank = mini
        .replacen("  minutes: 10\n", "  minutes: 0\n", 1)
        .replacen("  passing_score: 70\n", "  passing_score: 0\n", 1)
        .replacen("    explanation: CoPP and routing authentication protect the control plane.\n", "", 1);
    write(&dir.path().join("three.yaml"), bank);
    let (out, _) = validate_in(dir.path(), &["three.yaml"]);
    out.code(1).stdout(predicate::str::diff(
        "three.yaml:6:3: error: `minutes` is 0; it must be in 1..=1440\n\
         three.yaml:8:3: error: `passing_score` is 0; it must be in 1..=100\n\
         three.yaml:39:3: warning: question net-002: no `explanation`; add one so the review can teach the point\n\
         2 errors, 1 warning in 1 bank\n",
    ));
}

#[test]
fn several_paths_are_all_checked_and_counted() {
    expect(
        &["bad-trap-value.yaml", "../valid/mini.yaml", "missing-explanation.yaml"],
        1,
        &[
            "bad-trap-value.yaml:28:9: error: question net-001: `trap: terms` is not a cause; did you mean `term`? use \
             concept, term, misread or reasoning",
            "missing-explanation.yaml:57:3: warning: question cld-002: no `explanation`; add one so the review can \
             teach the point",
            "1 error, 1 warning in 3 banks",
        ],
    );
}

#[test]
fn strict_turns_warnings_into_errors() {
    expect(
        &["--strict", "missing-explanation.yaml"],
        1,
        &[
            "missing-explanation.yaml:57:3: error: question cld-002: no `explanation`; add one so the review can \
             teach the point",
            ONE_ERROR,
        ],
    );
}

#[test]
fn missing_path_is_an_error_not_a_crash() {
    validate_fixture(&["no-such-bank.yaml"])
        .code(1)
        .stdout(predicate::str::starts_with("no-such-bank.yaml: error: cannot read: "))
        .stdout(predicate::str::ends_with(format!("\n{ONE_ERROR}\n")));
}

#[test]
fn usage_errors_exit_2() {
    validate_fixture(&[]).code(2).stdout(predicate::str::is_empty()).stderr(predicate::str::contains("<PATH>"));
    validate_fixture(&["--format", "yaml", "bad-trap-value.yaml"])
        .code(2)
        .stderr(predicate::str::contains("invalid value 'yaml' for '--format <FORMAT>'"));
}

#[test]
fn json_output_carries_the_diagnostics() {
    let out = validate_fixture(&["--format", "json", "bad-trap-value.yaml", "capacity-warning.yaml"]).code(1);
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("--format json prints JSON");
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["warnings"], 1);
    let banks = doc["banks"].as_array().expect("banks array");
    assert_eq!(banks.len(), 2);

    assert_eq!(banks[0]["path"], "bad-trap-value.yaml");
    assert_eq!(banks[0]["id"], serde_json::Value::Null, "an invalid bank has no id");
    let d = &banks[0]["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "bad-trap-value.yaml");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(28), Some(9)));
    assert_eq!(d["question"], "net-001");
    assert_eq!(
        d["message"],
        "`trap: terms` is not a cause; did you mean `term`? use concept, term, misread or reasoning"
    );

    assert_eq!(banks[1]["id"], "mini", "a bank with warnings only is usable");
    assert_eq!(banks[1]["questions"], 3);
    let d = &banks[1]["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(14), Some(3)));
    assert!(d.get("question").is_none(), "no question for a domain warning: {d}");
    assert_eq!(banks[1]["diagnostics"].as_array().map(Vec::len), Some(1));
}

#[test]
fn every_bundled_bank_passes_strict_validation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // `question_banks/*` as a shell expands it: sorted, without hidden entries.
    let mut banks: Vec<String> = fs::read_dir(root.join("question_banks"))
        .expect("question_banks/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .map(|n| format!("question_banks/{n}"))
        .collect();
    banks.sort();
    assert!(banks.len() >= 3, "{banks:?}");
    let mut args = vec!["--strict".to_owned()];
    args.extend(banks.iter().cloned());
    let (out, _) = validate_in(root, &args);
    out.code(0).stdout(predicate::str::diff(format!("0 errors, 0 warnings in {} banks\n", banks.len())));
}

#[test]
fn an_unquoted_hash_that_cuts_text_short_is_a_warning() {
    let text = stdout_of(&validate_fixture(&["comment-cuts-stem.yaml"]).code(0));
    assert!(
        text.contains("comment-cuts-stem.yaml:15:1: warning: stem of q-12 ends at a '#': quote the text"),
        "{text}"
    );
    assert!(text.contains("comment-cuts-stem.yaml:20:1: warning: text of q-12 ends at a '#'"), "{text}");
    // The quoted text with a '#' is fine.
    assert!(!text.contains(":18:"), "{text}");
    validate_fixture(&["--strict", "comment-cuts-stem.yaml"]).code(1);
}

#[test]
fn nul_and_control_bytes_are_located_from_their_byte_offset() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nul.yaml"), "exam:\n  id: x\n  title: \"a\0b\"\n");
    let (out, _) = validate_in(dir.path(), &["nul.yaml"]);
    out.code(1).stdout(predicate::str::contains("nul.yaml:3:12: error: control character U+0000 at byte offset 25"));
}

/// A retake policy file with `cap: {attempts: 0}` (the planner panicked) and `days:
/// 400000000` (its date overflowed) was called clean by `proctor validate`: every field is
/// now checked, each problem at its line and column, text and JSON alike.
#[test]
fn retake_policy_with_a_zero_cap_and_400000000_days_is_reported_where_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("retake-policies.yaml"),
        "policies:\n  - vendor: acme\n    name: Acme exams\n    source: acme.example/retakes\n    verified: 2026-11-01\n    \
         waits:\n      - after_failures: 1\n        days: 400000000\n        rule: elapsed\n      - after_failures: 2\n        \
         days: 14\n        rule: elapsed\n    cap:\n      attempts: 0\n      window_days: 0\n",
    );
    let (out, _) = validate_in(dir.path(), &["retake-policies.yaml"]);
    out.code(1).stdout(predicate::str::diff(
        "retake-policies.yaml:8:9: error: vendor `acme`: `days` is 400000000; it must be in 0..=3650\n\
         retake-policies.yaml:14:7: error: vendor `acme`: `attempts` is 0; it must be in 1..=100\n\
         retake-policies.yaml:15:7: error: vendor `acme`: `window_days` is 0; it must be in 1..=3650\n\
         3 errors, 0 warnings in 1 bank\n",
    ));
    let (out, _) = validate_in(dir.path(), &["--format", "json", "retake-policies.yaml"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out.code(1))).expect("json");
    assert_eq!(doc["errors"], 3);
    assert_eq!(doc["banks"][0]["kind"], "retake-policies");
    assert_eq!(doc["banks"][0]["diagnostics"][1]["line"], 14);
    // The planner refuses the file the same way instead of panicking.
    let data = dir.path();
    let mut cmd = proctor(data);
    cmd.env("PROCTOR_DATA_DIR", data).args(["retake", "ccnp-scor"]);
    cmd.assert().code(1).stderr(predicate::str::contains(format!(
        "{}:8:9: vendor `acme`: `days` is 400000000; it must be in 0..=3650 (and 2 more: `proctor validate` lists them all)",
        data.join("retake-policies.yaml").display()
    )));
}

/// `validate` takes a bank id as `exam` does, by the catalog's precedence (the user's banks
/// directory beats the bundled copy); a name that is neither a path nor an id is still
/// reported as a path that cannot be read.
#[test]
fn validate_did_not_accept_a_bank_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    fs::create_dir_all(data.join("banks")).expect("banks dir");
    write(&data.join("banks/mini.yaml"), mini_text());
    let json = |args: &[&str]| -> serde_json::Value {
        let out = proctor(dir.path()).env("PROCTOR_DATA_DIR", &data).arg("validate").args(args).assert().success();
        serde_json::from_slice(&out.get_output().stdout).expect("json")
    };
    let v = json(&["ccnp-scor", "--format", "json"]);
    assert_eq!(v["banks"][0]["id"], "ccnp-scor", "{v}");
    assert_eq!(v["banks"][0]["path"], "<bundled>/ccnp-scor.yaml", "{v}");
    assert_eq!(v["errors"], 0, "{v}");
    let v = json(&["mini", "--format", "json"]);
    assert_eq!(v["banks"][0]["id"], "mini", "{v}");
    assert_eq!(v["banks"][0]["path"], data.join("banks/mini.yaml").display().to_string(), "{v}");
    proctor(dir.path()).env("PROCTOR_DATA_DIR", &data).args(["validate", "ccnp-scor"]).assert().success();
    proctor(dir.path())
        .env("PROCTOR_DATA_DIR", &data)
        .args(["validate", "nosuchbank"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("nosuchbank: error: cannot read"));
}

/// `validate` stopped at an unknown field (`corect` hid every other problem) and missed a
/// duplicate id when the duplicate had another error: now each is reported where it is.
#[test]
fn validate_stopped_at_an_unknown_field() {
    let f = "unknown-field-hides-nothing.yaml";
    expect(
        &[f],
        1,
        &[
            &format!("{f}:11:1: error: domain weights sum to 90; they must sum to 100"),
            &format!("{f}:28:9: error: questions[0].options[1]: unknown field `corect`; did you mean `correct`?"),
            &format!(
                "{f}:63:5: error: question net-002: duplicate question id `net-002`; first defined at {f}:41:5; ids \
                 must be unique across the bank"
            ),
            &format!("{f}:77:5: error: question net-002: `difficulty` is 9; it must be in 1..=5"),
            "4 errors, 0 warnings in 1 bank",
        ],
    );
}

#[test]
fn an_objective_must_be_one_its_domain_lists() {
    one_error(
        "objective-unknown.yaml",
        "objective-unknown.yaml:35:5: error: question vpn-1: unknown objective `1.3`; did you mean `1.1`?",
    );
}

#[test]
fn an_enemy_must_be_a_question_of_the_bank() {
    one_error(
        "enemy-unknown.yaml",
        "enemy-unknown.yaml:36:5: error: question vpn-1: enemy `fw-2` is not a question of this bank; did you mean `fw-1`?",
    );
}

#[test]
fn the_blueprint_check_date_must_be_a_date() {
    one_error(
        "blueprint-verified-not-a-date.yaml",
        "blueprint-verified-not-a-date.yaml:11:5: error: `verified: last week` is not a date; write the day the \
         weights were checked as YYYY-MM-DD",
    );
}

/// `banks --coverage BANK` lists each objective's questions, names the ones with none,
/// and exits 1 while any objective has no question; `banks` shows where weights come from.
#[test]
fn coverage_lists_questions_per_objective_and_the_empty_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let banks = dir.path().join("question_banks");
    fs::create_dir(&banks).expect("mkdir");
    let text = fs::read_to_string(fixtures().join("valid/objectives.yaml")).expect("fixture");
    fs::write(banks.join("objectives.yaml"), &text).expect("write");
    proctor(dir.path())
        .args(["banks", "--coverage", "objectives-demo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("  1.2    Site-to-site VPNs  1: vpn-1"))
        .stdout(predicate::str::ends_with("every objective has a question\n"));
    let fewer = text.replace(
        "      - {id: \"2.1\", title: Shared responsibility}",
        "      - {id: \"2.1\", title: Shared responsibility}\n      - {id: \"2.2\", title: Cloud security posture}",
    );
    fs::write(banks.join("objectives.yaml"), &fewer).expect("write");
    let out = proctor(dir.path()).args(["banks", "--coverage", "objectives-demo", "--format", "json"]).assert().code(1);
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("json");
    assert_eq!(doc["uncovered"], serde_json::json!(["cloud/2.2"]));
    assert_eq!(doc["domains"][0]["objectives"][1]["questions"], serde_json::json!(["vpn-1"]));
    proctor(dir.path())
        .arg("banks")
        .assert()
        .success()
        .stdout(predicate::str::contains("objectives-demo: weights from Vendor exam topics v1.0, checked 2026-11-20"));
}
