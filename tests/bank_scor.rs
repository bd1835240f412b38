//! The ccnp-scor bank against the exam it prepares for: Cisco's 350-701 weights and the
//! note recording them, an objective on every question and a question on every objective,
//! room for two full papers per domain, enemies never drawn together, no length cue, and
//! the item types the real exam uses.

use std::collections::HashMap;

use assert_cmd::Command as Cmd;
use proctor::engine::bank::cues::{MAX_RATIO, length_cue, outruns};
use proctor::engine::bank::load::load_bundled;
use proctor::engine::bank::{Bank, Kind};
use proctor::engine::blueprint::{draw, full_counts, rng_from_seed};

fn scor() -> Bank {
    load_bundled()
        .into_iter()
        .map(|b| b.expect("bundled banks are valid"))
        .find(|b| b.bank.exam.id == "ccnp-scor")
        .expect("the ccnp-scor bank is bundled")
        .bank
}

/// Domain id, Cisco's weight for 350-701 v1.1, and twice its share of a 90-question
/// paper rounded up: what two full papers need.
const SCOR: [(&str, u32, usize); 6] = [
    ("concepts", 25, 46),
    ("network", 20, 36),
    ("cloud", 15, 28),
    ("content", 10, 18),
    ("endpoint", 15, 28),
    ("access", 15, 28),
];

#[test]
fn weights_are_the_350_701_exam_topics_and_the_note_says_so() {
    let b = scor();
    let got: Vec<(&str, u32)> = b.domains.iter().map(|d| (d.id.0.as_str(), d.weight)).collect();
    assert_eq!(got, SCOR.map(|(id, w, _)| (id, w)));
    let note = b.exam.blueprint.as_ref().expect("a blueprint note");
    assert!(note.source.contains("350-701"), "{}", note.source);
    assert_eq!(note.verified.to_string(), "2026-12-01");
    assert!(note.note.as_deref().is_some_and(|n| !n.trim().is_empty()));
    // The pass mark and how it was chosen.
    assert_eq!(b.exam.passing_score, 82);
    let about = b.exam.description.as_deref().expect("a description");
    assert!(about.contains("825") && about.contains("raw"), "{about}");
}

#[test]
fn every_question_has_an_objective_and_every_objective_a_question() {
    let b = scor();
    let mut asked: HashMap<(usize, &str), usize> = HashMap::new();
    for q in &b.questions {
        let o = q.objective.as_deref().unwrap_or_else(|| panic!("{}: no objective", q.id));
        *asked.entry((q.domain, o)).or_default() += 1;
    }
    for (di, d) in b.domains.iter().enumerate() {
        assert!(!d.objectives.is_empty(), "{}: objectives", d.name);
        for o in &d.objectives {
            assert!(asked.get(&(di, o.id.as_str())).is_some_and(|&n| n > 0), "objective {} has no question", o.id);
        }
    }
    Cmd::cargo_bin("proctor")
        .expect("binary")
        .args(["banks", "--coverage", "ccnp-scor"])
        .env("PROCTOR_DATA_DIR", tempfile::tempdir().expect("tempdir").path())
        .assert()
        .success();
}

#[test]
fn every_domain_holds_two_full_papers() {
    let b = scor();
    let need = full_counts(&b, b.exam.questions as usize);
    for ((d, have), need) in b.domains.iter().zip(b.domain_counts()).zip(need) {
        let min = SCOR.iter().find(|s| s.0 == d.id.0).expect("a known domain").2;
        // Twice the share rounded up, whichever way the apportionment rounds it.
        assert!(min >= 2 * need, "{}", d.name);
        assert!(have >= min, "{} holds {have}, needs {min}", d.name);
    }
}

#[test]
fn enemies_never_share_a_paper() {
    let b = scor();
    let pairs: Vec<(usize, usize)> = b
        .questions
        .iter()
        .enumerate()
        .flat_map(|(i, q)| q.enemies.iter().map(move |e| (i, e)).collect::<Vec<_>>())
        .map(|(i, e)| (i, b.questions.iter().position(|q| &q.id == e).expect("enemy in the bank")))
        .collect();
    assert!(pairs.len() >= 10, "the give-away pairs are recorded: {}", pairs.len());
    let counts = full_counts(&b, b.exam.questions as usize);
    for seed in 0..1000 {
        let paper = draw(&b, &counts, &mut rng_from_seed(seed)).expect("a full paper");
        let on: Vec<usize> = paper.items.iter().map(|it| it.question).collect();
        for &(x, y) in &pairs {
            assert!(
                !(on.contains(&x) && on.contains(&y)),
                "seed {seed}: {} with {}",
                b.questions[x].id,
                b.questions[y].id
            );
        }
    }
}

#[test]
fn the_longest_option_is_no_better_than_chance_allows() {
    let b = scor();
    let cue = length_cue(&b.questions);
    assert!(cue.share <= MAX_RATIO * cue.chance, "{:.3} against {:.3} by chance", cue.share, cue.chance);
    let outrun: Vec<String> = b.questions.iter().filter(|q| outruns(q).is_some()).map(|q| q.id.0.clone()).collect();
    assert!(outrun.is_empty(), "keys much longer than every distractor: {outrun:?}");
}

#[test]
fn the_exam_item_types_are_all_there() {
    let b = scor();
    let of = |k: Kind| b.questions.iter().filter(|q| q.kind == k).count();
    assert!(of(Kind::Order) + of(Kind::Match) >= 12, "order {} match {}", of(Kind::Order), of(Kind::Match));
    assert!(of(Kind::Text) >= 8, "text {}", of(Kind::Text));
    let exhibits = b.questions.iter().filter(|q| q.exhibit.is_some()).count();
    assert!(exhibits >= 25, "exhibits {exhibits}");
    assert!(
        b.testlets.iter().any(|t| {
            let n = b.questions.iter().filter(|q| q.testlet.is_some_and(|i| b.testlets[i].id == t.id)).count();
            (3..=5).contains(&n)
        }),
        "a testlet of 3 to 5 questions"
    );
    // Typed answers: every accepted spelling is distinct once case and spaces are ignored.
    for q in b.questions.iter().filter(|q| q.kind == Kind::Text) {
        let mut seen: Vec<String> =
            q.answers.iter().map(|a| a.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), q.answers.len(), "{}: repeated answers", q.id);
    }
    // The difficulty ratings were dropped: nothing used them.
    assert!(b.questions.iter().all(|q| q.difficulty.is_none()));
}

#[test]
fn validates_strict_without_a_warning() {
    Cmd::cargo_bin("proctor")
        .expect("binary")
        .args(["validate", "--strict", concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks/ccnp-scor.yaml")])
        .assert()
        .success()
        .stdout(predicates::str::contains("0 errors, 0 warnings"));
}
