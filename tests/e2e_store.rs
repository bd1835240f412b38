//! Crash safety end to end: SIGKILL a real `proctor` mid-exam, start it again, and find
//! every submitted answer, the same paper and less time; two processes and the lock.

mod common;

use std::fs;

use common::Pty;

fn journal(dir: &std::path::Path) -> String {
    let sessions = dir.join("sessions");
    let entry = fs::read_dir(&sessions).expect("sessions dir").next().expect("one journal").expect("entry");
    fs::read_to_string(entry.path()).expect("read journal")
}

fn clock_secs(screen: &str) -> u32 {
    let line = screen.lines().find(|l| l.contains("Question ")).expect("header");
    let t = line.split_whitespace().last().expect("clock");
    let parts: Vec<u32> = t.split(':').map(|p| p.parse().expect("number")).collect();
    parts.iter().fold(0, |acc, p| acc * 60 + p)
}

#[test]
fn sigkill_mid_exam_then_resume_keeps_answers_paper_and_deadline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = Pty::proctor(&["exam", "netfund-quick", "--seed", "5"], dir.path());
    p.wait_for("Exam rules", 10);
    p.send("\r");
    p.wait_for("Question 1 of 12", 10);
    assert_eq!(fs::read_dir(dir.path().join("sessions")).expect("dir").count(), 1);
    for n in 2..=4 {
        p.send("a");
        p.send("\r");
        let next = format!("Question {n} of 12");
        let s = p.wait_until(|s| s.contains("Submit an incomplete") || s.contains(&next), 10);
        if s.contains("Submit an incomplete") {
            p.send("y");
        }
        p.wait_for(&next, 10);
    }
    let before = clock_secs(&p.screen());
    let written = journal(dir.path());
    assert_eq!(written.lines().filter(|l| l.contains("\"type\":\"answer\"")).count(), 3);
    // For the resumed clock to show less than `before`, the exam's clock must move on
    // first: wait for it to tick on screen. Nothing is journaled meanwhile, so only a kept
    // deadline can make the resumed clock lower.
    p.wait_until(|s| s.lines().any(|l| l.contains("Question 4 of 12")) && clock_secs(s) < before, 10);
    p.signal("KILL");
    p.wait_exit(10);

    let mut p = Pty::proctor(&[], dir.path());
    let s = p.wait_for("Interrupted exam", 10);
    assert!(s.contains("3 of 12 answered"), "{s}");
    p.send("y");
    let s = p.wait_for("Question 4 of 12", 10);
    assert!(clock_secs(&s) < before, "time kept running: {} then {}", before, clock_secs(&s));
    // The journal was continued, not rewritten: the same start record and answers.
    assert!(journal(dir.path()).starts_with(&written));
    p.send("q");
    p.send("y");
    p.wait_for("Results", 10);
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
    let done = journal(dir.path());
    assert!(done.lines().last().is_some_and(|l| l.contains("\"type\":\"finish\"") && l.contains("abandoned")));
    assert!(fs::read_to_string(dir.path().join("index.json")).expect("index").contains("netfund-quick"));
    assert_eq!(fs::read_dir(dir.path().join("sessions")).expect("dir").count(), 1, "one journal per session");
}

#[test]
fn second_process_cannot_start_an_exam() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut first = Pty::proctor(&["exam", "netfund-quick"], dir.path());
    first.wait_for("Exam rules", 10);
    first.send("\r");
    first.wait_for("Question 1 of 12", 10);
    let mut second = Pty::proctor(&["exam", "netfund-quick"], dir.path());
    second.wait_for("Exam rules", 10);
    second.send("\r");
    let s = second.wait_for("an exam is in progress in process", 10);
    assert!(s.contains("Exam rules"), "stays on the rules: {s}");
    // q quits from the rules: no exam is running there.
    second.send("q");
    assert_eq!(second.wait_exit(10), 0);
    first.signal("TERM");
    assert_eq!(first.wait_exit(10), 143);
}

#[test]
fn an_unwritable_data_dir_is_said_plainly_and_the_exam_still_runs() {
    // /proc refuses new directories for every user, root included: a data dir that cannot
    // be written, whatever the permissions of the user running the tests.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = Pty::spawn_env(
        common::BIN,
        &["exam", "netfund-quick", "--data-dir", "/proc/proctor-data"],
        dir.path(),
        110,
        30,
        &[("TMPDIR", dir.path().to_str().expect("utf-8 temp dir"))],
    );
    let s = p.wait_for("history NOT saved", 10);
    assert!(s.contains("/proc/proctor-data"), "names the path: {s}");
    p.send("\r");
    p.wait_for("Question 1 of 12", 10);
    p.send("a");
    p.send("\r");
    let s = p.wait_until(|s| s.contains("Submit an incomplete") || s.contains("Question 2 of 12"), 10);
    if s.contains("Submit an incomplete") {
        p.send("y");
    }
    p.wait_for("Question 2 of 12", 10);
    p.send("q");
    p.send("y");
    p.wait_for("Results", 10);
    p.send("q");
    // Quitting with answers that could not be saved: said on stderr, kept in a rescue
    // journal, and the exit code is not success (it was 0, silently).
    assert_eq!(p.wait_exit(10), 1);
    let out = p.raw_text();
    assert!(out.contains("were NOT saved to /proc/proctor-data"), "{out}");
    let rescued: Vec<_> = fs::read_dir(dir.path())
        .expect("temp dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("rescued-")))
        .collect();
    assert_eq!(rescued.len(), 1, "one rescue journal: {out}");
    let text = fs::read_to_string(&rescued[0]).expect("rescue file");
    assert!(text.starts_with("{\"v\":1,\"type\":\"start\""), "a journal, start record first: {text}");
    assert_eq!(text.matches("\"type\":\"answer\"").count(), 1, "the one answer given: {text}");
    assert!(text.contains("\"type\":\"finish\""), "{text}");
    assert!(out.contains(&rescued[0].display().to_string()), "names the rescue file: {out}");
}

#[test]
fn a_bank_edited_during_an_interruption_still_resumes_with_the_answers_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = dir.path().join("mine.yaml");
    fs::copy(common::fixture("banks/valid/mini.yaml"), &bank).expect("copy");
    let path = bank.to_string_lossy().into_owned();
    let mut p = Pty::proctor(&["exam", &path, "--seed", "3"], dir.path());
    p.wait_for("Exam rules", 10);
    p.send("\r");
    p.wait_for("Question 1 of 4", 10);
    for n in 2..=3 {
        p.send("a");
        p.send("\r");
        let next = format!("Question {n} of 4");
        let s = p.wait_until(|s| s.contains("Submit an incomplete") || s.contains(&next), 10);
        if s.contains("Submit an incomplete") {
            p.send("y");
        }
        p.wait_for(&next, 10);
    }
    p.signal("KILL");
    p.wait_exit(10);
    // The first question answered is removed from the bank meanwhile.
    let journal = journal(dir.path());
    let first_answered = journal
        .lines()
        .find(|l| l.contains("\"type\":\"answer\""))
        .and_then(|l| l.split("\"question\":\"").nth(1))
        .and_then(|r| r.split('"').next())
        .expect("an answer")
        .to_owned();
    let text = fs::read_to_string(&bank).expect("read");
    let start = text.find(&format!("  - id: {first_answered}")).expect("question in the bank");
    let end = text[start + 4..].find("\n  - id: ").map_or(text.len(), |e| start + 4 + e + 1);
    let mut edited = text.clone();
    edited.replace_range(start..end, "");
    fs::write(&bank, edited).expect("write");

    let mut p = Pty::proctor(&[], dir.path());
    p.wait_for("Interrupted exam", 10);
    p.send("y");
    p.wait_for("Question 3 of 4", 10);
    p.send("q");
    p.send("y");
    p.wait_for("Results", 10);
    p.send("r");
    p.wait_for(" Review · ", 10);
    p.send("f");
    p.wait_for("1 of 4 · all questions", 10);
    let mut seen_gone = false;
    for n in 1..=4 {
        if p.screen().contains("is no longer in the bank; your answer is kept") {
            seen_gone = true;
            break;
        }
        p.send("\u{1b}[C");
        p.wait_for(&format!("{} of 4 · all questions", (n + 1).min(4)), 10);
    }
    assert!(seen_gone, "{}", p.screen());
    p.send("\u{1b}");
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
}

#[test]
fn declining_to_resume_goes_on_to_the_exam_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    // An untimed drill of one bank, interrupted after one answer.
    let mut p = Pty::proctor(&["drill", "ccnp-scor", "--questions", "3", "--untimed", "--seed", "2"], dir.path());
    p.wait_for("Press Enter to start.", 10);
    p.send("\r");
    p.wait_for("Question 1 of 3", 10);
    p.send("\r");
    p.wait_for("Submit without an answer?", 10);
    p.send("y");
    p.wait_for("Question 2 of 3", 10);
    p.signal("KILL");
    p.wait_exit(10);

    // Another bank's exam asked for: the interrupted drill is offered first.
    let mut p = Pty::proctor(&["exam", "netfund-quick", "--seed", "4"], dir.path());
    let s = p.wait_for("was interrupted", 10);
    assert!(s.contains("A drill of CCNP Security Core"), "{s}");
    assert!(s.contains("1 of 3 answered · untimed."), "no clock to speak of: {s}");
    assert!(
        ["No scores it as abandoned and goes on to", "netfund-quick exam", "you asked for"]
            .iter()
            .all(|t| s.contains(t)),
        "says what no leads to: {s}"
    );
    p.send("n");
    let s = p.wait_for("Exam rules", 10);
    assert!(s.contains("Networking Fundamentals"), "the rules of the bank asked for: {s}");
    assert!(s.contains("Questions:      12"), "{s}");
    p.send("\r");
    p.wait_for("Question 1 of 12", 10);
    p.signal("TERM");
    assert_eq!(p.wait_exit(10), 143);
    // The declined drill was scored as abandoned.
    let index = fs::read_to_string(dir.path().join("index.json")).expect("index");
    assert!(index.contains("ccnp-scor") && index.contains("abandoned"), "{index}");
}

/// The journal records the bank's SHA-256 as `sha256sum` prints it, whether the bank was
/// parsed, found in the cache by its hash, or found by its unchanged metadata.
#[test]
fn journals_record_the_banks_sha256_cold_and_warm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = dir.path().join("quick.yaml");
    fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks/netfund-quick.yaml"), &bank).expect("copy bank");
    let out = std::process::Command::new("sha256sum").arg(&bank).output().expect("sha256sum");
    let sum = String::from_utf8(out.stdout).expect("utf-8");
    let sum = sum.split_whitespace().next().expect("digest").to_owned();
    let data = dir.path().join("data");
    for run in 1..=3 {
        let mut p = Pty::proctor(&["exam", bank.to_str().expect("path"), "--seed", "1"], &data);
        abandon_at_the_first_question(&mut p);
        let journals: Vec<_> = fs::read_dir(data.join("sessions")).expect("sessions").collect();
        assert_eq!(journals.len(), run);
        for j in journals {
            let text = fs::read_to_string(j.expect("entry").path()).expect("journal");
            let start = text.lines().next().expect("start record");
            assert!(start.contains(&format!("\"bank_sha256\":\"{sum}\"")), "run {run}: {start}");
        }
    }
}

/// Home lists a user bank served by its stamp from the head of its cache entry alone (the
/// first frame does not wait for its questions); chosen, the bank is whole: its paper is
/// drawn, and the journal records the bank's SHA-256.
#[test]
fn a_bank_listed_from_its_cache_head_is_whole_when_chosen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    fs::create_dir_all(data.join("banks")).expect("banks dir");
    let text = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks/netfund-quick.yaml"))
        .expect("bank")
        .replacen("id: netfund-quick", "id: user-quick", 1);
    let bank = data.join("banks/user-quick.yaml");
    fs::write(&bank, &text).expect("write bank");
    let out = std::process::Command::new("sha256sum").arg(&bank).output().expect("sha256sum");
    let sum = String::from_utf8(out.stdout).expect("utf-8");
    let sum = sum.split_whitespace().next().expect("digest").to_owned();
    // Cold: the bank is read, validated and cached, and its stamp written.
    let mut p = Pty::proctor(&[], &data);
    p.wait_for("user-quick", 10);
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
    // The stamp dated well after the bank last changed, so it is trusted (not racily clean).
    let later = filetime::FileTime::from_unix_time(filetime::FileTime::now().unix_seconds() + 3600, 0);
    for stamp in fs::read_dir(data.join("cache/stamps")).expect("stamps") {
        filetime::set_file_mtime(stamp.expect("stamp").path(), later).expect("mtime");
    }
    let mut p = Pty::proctor(&[], &data);
    let screen = p.wait_for("user-quick", 10);
    assert!(screen.contains("48 questions · 4 domains"), "{screen}");
    // The fifth bank, after the four bundled ones.
    for _ in 0..4 {
        p.send("\x1b[B");
    }
    let screen = p.wait_for("source: ", 10);
    p.wait_until(|s| s.contains("▸ user-quick"), 10);
    assert!(screen.contains("questions)"), "{screen}");
    p.send("\r");
    abandon_at_the_first_question(&mut p);
    let journal = fs::read_dir(data.join("sessions")).expect("sessions").next().expect("a journal").expect("entry");
    let text = fs::read_to_string(journal.path()).expect("journal");
    let start = text.lines().next().expect("start record");
    assert!(start.contains(&format!("\"bank_sha256\":\"{sum}\"")), "{start}");
    assert!(start.contains("\"bank_id\":\"user-quick\""), "{start}");
}

/// From the exam rules: starts the clock, abandons on the first of 12 questions (`q`, `y`),
/// and quits from the results with success.
fn abandon_at_the_first_question(p: &mut Pty) {
    p.wait_for("Exam rules", 10);
    p.send("\r");
    p.wait_for("Question 1 of 12", 10);
    p.send("q");
    p.send("y");
    p.wait_for("Results", 10);
    p.send("q");
    assert_eq!(p.wait_exit(10), 0);
}
