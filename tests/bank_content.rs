//! The bundled banks are worth practising on: sizes, capacity for two full papers without a
//! shared question, traps on the distractors, multiple-response items, balanced answer
//! positions, and every question complete (explanation, every option's why, difficulty).

use proctor::engine::bank::load::load_bundled;
use proctor::engine::bank::{Bank, LoadedBank};
use proctor::engine::blueprint::full_counts;

fn bank(id: &str) -> Bank {
    let all: Vec<LoadedBank> = load_bundled().into_iter().map(|b| b.expect("bundled banks are valid")).collect();
    all.into_iter().find(|b| b.bank.exam.id == id).unwrap_or_else(|| panic!("bundled bank {id}")).bank
}

fn weights(b: &Bank) -> Vec<(String, u32)> {
    b.domains.iter().map(|d| (d.name.clone(), d.weight)).collect()
}

/// Checks shared by every bundled bank.
fn check_quality(b: &Bank) {
    let id = &b.exam.id;
    // Each domain can fill two full papers that share no question.
    let need = full_counts(b, b.exam.questions as usize);
    for ((d, have), need) in b.domains.iter().zip(b.domain_counts()).zip(need) {
        assert!(have >= 2 * need, "{id}: {} holds {have}, two papers need {}", d.name, 2 * need);
    }
    let wrong: usize = b.questions.iter().map(|q| q.options.iter().filter(|o| !o.correct).count()).sum();
    let trapped: usize =
        b.questions.iter().map(|q| q.options.iter().filter(|o| !o.correct && o.trap.is_some()).count()).sum();
    assert!(trapped * 2 >= wrong, "{id}: traps on {trapped} of {wrong} wrong options, need half");
    let multi = b.questions.iter().filter(|q| q.is_multi()).count();
    assert!(multi * 100 >= 15 * b.questions.len(), "{id}: {multi} multiple-response of {}", b.questions.len());
    assert!(b.questions.iter().filter(|q| q.is_multi()).all(|q| (2..=3).contains(&q.choose)), "{id}: choose 2 or 3");
    // The correct option is not mostly in one place: no position holds over 35% of the
    // single-answer keys, and every position of a 4-option question is used.
    let mut at = [0usize; 10];
    let singles: Vec<_> = b.questions.iter().filter(|q| !q.is_multi()).collect();
    for q in &singles {
        at[q.correct().next().expect("a correct option")] += 1;
    }
    for (pos, n) in at.iter().enumerate() {
        assert!(n * 100 <= 35 * singles.len(), "{id}: {n} of {} keys at position {pos}", singles.len());
    }
    assert!(at[..4].iter().all(|&n| n > 0), "{id}: positions {at:?}");
    for q in &b.questions {
        assert!(q.explanation.is_some(), "{id}/{}: explanation", q.id);
        assert!(q.difficulty.is_some(), "{id}/{}: difficulty", q.id);
        assert!(!q.refs.is_empty(), "{id}/{}: refs", q.id);
        assert!(q.options.iter().all(|o| o.why.is_some()), "{id}/{}: a why on every option", q.id);
        // "All/none of the above" only when pinned.
        for o in &q.options {
            let t = o.text.to_lowercase();
            assert!(o.pin || !(t.contains("all of the above") || t.contains("none of the above")), "{id}/{}", q.id);
        }
    }
}

#[test]
fn ccnp_scor_blueprint_and_size() {
    let b = bank("ccnp-scor");
    assert_eq!(b.exam.vendor.as_deref(), Some("cisco"));
    assert_eq!((b.exam.questions, b.exam.minutes, b.exam.passing_score, b.exam.buffer), (90, 120, 70, 10));
    assert_eq!(
        weights(&b),
        [
            ("Network Security", 25),
            ("Securing the Cloud", 20),
            ("Security Concepts", 16),
            ("Content Security", 15),
            ("Secure Network Access, Visibility and Enforcement", 14),
            ("Endpoint Protection and Detection", 10),
        ]
        .map(|(n, w)| (n.to_owned(), w))
    );
    assert!(b.questions.len() >= 200, "{}", b.questions.len());
    check_quality(&b);
}

#[test]
fn secplus_blueprint_and_size() {
    let b = bank("secplus");
    assert_eq!(b.exam.vendor.as_deref(), Some("comptia"));
    assert_eq!((b.exam.questions, b.exam.minutes, b.exam.passing_score, b.exam.buffer), (90, 90, 75, 10));
    assert_eq!(
        weights(&b),
        [
            ("General Security Concepts", 12),
            ("Threats, Vulnerabilities and Mitigations", 22),
            ("Security Architecture", 18),
            ("Security Operations", 28),
            ("Security Program Management and Oversight", 20),
        ]
        .map(|(n, w)| (n.to_owned(), w))
    );
    assert!(b.questions.len() >= 180, "{}", b.questions.len());
    check_quality(&b);
}

#[test]
fn netfund_quick_is_a_short_first_try() {
    let b = bank("netfund-quick");
    assert!((3..=4).contains(&b.domains.len()));
    assert_eq!((b.exam.questions, b.exam.minutes), (12, 15));
    assert!(b.questions.len() >= 40, "{}", b.questions.len());
    check_quality(&b);
}

#[test]
fn secplus_is_bundled_in_directory_form_and_ccnp_as_one_file() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks");
    assert!(std::path::Path::new(dir).join("secplus/bank.yaml").is_file());
    assert!(std::path::Path::new(dir).join("ccnp-scor.yaml").is_file());
    // The bundled list matches the directory: every bank file there is compiled in.
    let mut on_disk: Vec<String> = proctor::engine::bank::catalog::bank_paths(std::path::Path::new(dir))
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut bundled: Vec<String> = load_bundled()
        .into_iter()
        .map(|b| b.expect("valid").source.display().trim_start_matches("<bundled>/").to_owned())
        .collect();
    bundled.sort();
    assert_eq!(on_disk, bundled);
}
