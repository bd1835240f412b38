//! The Security+ bank follows the SY0-701 blueprint it records: the official domain
//! weights and the source they come from, an objective on every question and a question
//! on every objective, enemies (one question answering another) never on one paper, no
//! longest-option cue, and the exhibits and incident-response testlet the real exam's
//! scenario items need. Checked on the bank as it is on disk and as it is compiled in.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use assert_cmd::Command as Cmd;
use proctor::engine::bank::Bank;
use proctor::engine::bank::cues::{MAX_RATIO, length_cue, outruns};
use proctor::engine::bank::load::{load_bundled, load_path};
use proctor::engine::blueprint::{draw, full_counts, rng_from_seed};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks/secplus");

fn secplus() -> Bank {
    load_path(Path::new(DIR), &Default::default()).expect("the Security+ bank loads").bank
}

fn proctor(data: &Path) -> Cmd {
    let mut cmd = Cmd::cargo_bin("proctor").expect("binary");
    cmd.current_dir(data).env("PROCTOR_DATA_DIR", data);
    cmd
}

#[test]
fn the_bundled_copy_is_the_bank_on_disk() {
    let bundled = load_bundled()
        .into_iter()
        .map(|b| b.expect("bundled banks are valid"))
        .find(|b| b.bank.exam.id == "secplus")
        .expect("secplus is bundled");
    assert_eq!(bundled.bank, secplus());
}

#[test]
fn weights_are_the_sy0_701_weights_and_their_source_is_recorded() {
    let b = secplus();
    let weights: Vec<(&str, &str, u32)> =
        b.domains.iter().map(|d| (d.id.0.as_str(), d.name.as_str(), d.weight)).collect();
    assert_eq!(
        weights,
        [
            ("general", "General Security Concepts", 12),
            ("threats", "Threats, Vulnerabilities and Mitigations", 22),
            ("architecture", "Security Architecture", 18),
            ("operations", "Security Operations", 28),
            ("program", "Security Program Management and Oversight", 20),
        ]
    );
    let note = b.exam.blueprint.as_ref().expect("a blueprint note");
    assert!(note.source.contains("SY0-701"), "{}", note.source);
    assert_eq!(note.verified.to_string(), "2026-12-01");
    assert!(note.note.is_some());
    // The description says how the pass mark relates to the scaled 750 of 900.
    let description = b.exam.description.as_deref().expect("a description");
    assert!(description.contains("750") && description.contains("900"), "{description}");
}

#[test]
fn every_domain_fills_two_full_papers() {
    let b = secplus();
    let need = full_counts(&b, b.exam.questions as usize);
    for ((d, have), need) in b.domains.iter().zip(b.domain_counts()).zip(need) {
        assert!(have >= 2 * need, "{} holds {have}, two papers need {}", d.name, 2 * need);
    }
}

#[test]
fn every_question_has_an_objective_and_every_objective_a_question() {
    let b = secplus();
    let mut per: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for (di, d) in b.domains.iter().enumerate() {
        assert!(!d.objectives.is_empty(), "{} lists its objectives", d.name);
        for o in &d.objectives {
            per.insert((di, o.id.as_str()), 0);
        }
    }
    for q in &b.questions {
        let o = q.objective.as_deref().unwrap_or_else(|| panic!("{} has no objective", q.id.0));
        *per.get_mut(&(q.domain, o)).unwrap_or_else(|| panic!("{}: {o} is not its domain's", q.id.0)) += 1;
    }
    let empty: Vec<_> = per.iter().filter(|(_, n)| **n == 0).map(|((_, o), _)| *o).collect();
    assert!(empty.is_empty(), "objectives with no question: {empty:?}");
    // SY0-701 has 28 objectives: 1.1-1.4, 2.1-2.5, 3.1-3.4, 4.1-4.9, 5.1-5.6.
    let ids: Vec<&str> = per.keys().map(|(_, o)| *o).collect();
    assert_eq!(ids.len(), 28);
    for (domain, last) in [(1, 4), (2, 5), (3, 4), (4, 9), (5, 6)] {
        for n in 1..=last {
            let id = format!("{domain}.{n}");
            assert!(ids.contains(&id.as_str()), "objective {id}");
        }
    }
}

#[test]
fn enemies_never_share_a_paper_over_a_thousand_draws() {
    let b = secplus();
    let pairs: Vec<(usize, usize)> = b
        .questions
        .iter()
        .enumerate()
        .flat_map(|(i, q)| {
            let b = &b;
            q.enemies.iter().map(move |e| (i, b.questions.iter().position(|x| x.id == *e).expect("enemy exists")))
        })
        .collect();
    assert!(pairs.len() >= 8, "the give-away pairs are marked: {pairs:?}");
    let counts = full_counts(&b, b.exam.questions as usize);
    for seed in 0..1000 {
        let paper = draw(&b, &counts, &mut rng_from_seed(seed)).expect("a paper");
        let on: HashSet<usize> = paper.items.iter().map(|it| it.question).collect();
        for (a, e) in &pairs {
            assert!(
                !(on.contains(a) && on.contains(e)),
                "seed {seed}: {} with {}",
                b.questions[*a].id.0,
                b.questions[*e].id.0
            );
        }
    }
}

#[test]
fn picking_the_longest_option_does_no_better_than_chance_allows() {
    let b = secplus();
    let cue = length_cue(&b.questions);
    assert!(cue.questions >= 200, "{}", cue.questions);
    assert!(cue.share <= MAX_RATIO * cue.chance, "longest pick answers {:.3}, chance {:.3}", cue.share, cue.chance);
    let long: Vec<_> = b.questions.iter().filter(|q| outruns(q).is_some()).map(|q| q.id.0.as_str()).collect();
    assert!(long.is_empty(), "keys that outrun every distractor: {long:?}");
}

#[test]
fn scenario_items_have_exhibits_and_an_incident_response_testlet() {
    let b = secplus();
    let exhibits = b.questions.iter().filter(|q| q.exhibit.is_some()).count();
    assert!(exhibits >= 25, "{exhibits} questions with an exhibit");
    assert!(b.questions.iter().all(|q| q.explanation.is_some()), "every question explains its answer");
    assert!(!b.testlets.is_empty());
    for (i, t) in b.testlets.iter().enumerate() {
        let n = b.questions.iter().filter(|q| q.testlet == Some(i)).count();
        assert!((3..=5).contains(&n), "testlet {} has {n} questions", t.id);
        assert!(t.exhibit.is_some(), "testlet {} shows its evidence", t.id);
    }
    assert!(
        b.testlets
            .iter()
            .enumerate()
            .any(|(i, _)| b.questions.iter().any(|q| q.testlet == Some(i) && q.objective.as_deref() == Some("4.8"))),
        "an incident-response case"
    );
}

/// The real exam's performance-based items: at least 12 ordering or matching items and 8
/// typed answers, and 241 questions in all (README's table).
#[test]
fn the_bank_holds_the_real_exams_item_types() {
    use proctor::engine::bank::Kind;
    let b = secplus();
    let count = |k: Kind| b.questions.iter().filter(|q| q.kind == k).count();
    assert!(
        count(Kind::Order) + count(Kind::Match) >= 12,
        "{} order, {} match",
        count(Kind::Order),
        count(Kind::Match)
    );
    assert!(count(Kind::Text) >= 8, "{} typed answers", count(Kind::Text));
    assert_eq!(b.questions.len(), 241);
    assert!(b.questions.iter().all(|q| q.difficulty.is_none()), "no assigned difficulty");
}

#[test]
fn the_bank_validates_strictly_clean_and_covers_every_objective() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = proctor(data.path()).args(["validate", "--strict", DIR]).output().expect("run");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0 errors, 0 warnings in 1 bank\n");
    let out = proctor(data.path()).args(["banks", "--coverage", "secplus"]).output().expect("run");
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("every objective has a question"), "{out:?}");
}
