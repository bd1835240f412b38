//! The bundled banks are worth practising on: sizes, capacity for two full papers without a
//! shared question, traps on the distractors, multiple-response items, balanced answer
//! positions, and every question complete (explanation, refs, every choice option's why).
//! The item-types demo holds every item type, and what README says of how each one is
//! answered and scored is checked on its questions.

use assert_cmd::Command as Cmd;
use chrono::{DateTime, Duration, TimeZone, Utc};
use proctor::engine::bank::load::load_bundled;
use proctor::engine::bank::{Bank, Kind, LoadedBank};
use proctor::engine::blueprint::{Paper, PaperItem, full_counts, option_order, rng_from_seed};
use proctor::engine::prepare::{self, ExamOptions};
use proctor::engine::scoring::score;
use proctor::engine::session::{
    Command, Event, FinishReason, Mode, Phase, Session, SessionError, Settings, Unanswered,
};

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
    // Options, traps and key positions are a choice question's: order items and match
    // sides have no key position and no trap.
    let choice: Vec<_> = b.questions.iter().filter(|q| q.kind == Kind::Choice).collect();
    let wrong: usize = choice.iter().map(|q| q.options.iter().filter(|o| !o.correct).count()).sum();
    let trapped: usize =
        choice.iter().map(|q| q.options.iter().filter(|o| !o.correct && o.trap.is_some()).count()).sum();
    assert!(trapped * 2 >= wrong, "{id}: traps on {trapped} of {wrong} wrong options, need half");
    let multi = choice.iter().filter(|q| q.is_multi()).count();
    assert!(multi * 100 >= 15 * choice.len(), "{id}: {multi} multiple-response of {}", choice.len());
    assert!(choice.iter().filter(|q| q.is_multi()).all(|q| (2..=3).contains(&q.choose)), "{id}: choose 2 or 3");
    // The correct option is not mostly in one place: no position holds over 35% of the
    // single-answer keys, and every position of a 4-option question is used.
    let mut at = [0usize; 10];
    let singles: Vec<_> = choice.iter().filter(|q| !q.is_multi()).collect();
    for q in &singles {
        at[q.correct().next().expect("a correct option")] += 1;
    }
    for (pos, n) in at.iter().enumerate() {
        assert!(n * 100 <= 35 * singles.len(), "{id}: {n} of {} keys at position {pos}", singles.len());
    }
    assert!(at[..4].iter().all(|&n| n > 0), "{id}: positions {at:?}");
    for q in &b.questions {
        assert!(q.explanation.is_some(), "{id}/{}: explanation", q.id);
        assert!(!q.refs.is_empty(), "{id}/{}: refs", q.id);
        if q.kind == Kind::Choice {
            assert!(q.options.iter().all(|o| o.why.is_some()), "{id}/{}: a why on every option", q.id);
        }
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
    assert_eq!((b.exam.questions, b.exam.minutes, b.exam.passing_score, b.exam.buffer), (90, 120, 82, 10));
    assert_eq!(
        weights(&b),
        [
            ("Security Concepts", 25),
            ("Network Security", 20),
            ("Securing the Cloud", 15),
            ("Content Security", 10),
            ("Endpoint Protection and Detection", 15),
            ("Secure Network Access, Visibility and Enforcement", 15),
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
    assert_eq!((b.exam.questions, b.exam.minutes, b.exam.passing_score, b.exam.buffer), (90, 90, 81, 10));
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

// ---------------------------------------------------------------------------------------
// The item-types demo, and how each item type is answered and scored.

fn loaded(id: &str) -> LoadedBank {
    load_bundled()
        .into_iter()
        .map(|b| b.expect("bundled banks are valid"))
        .find(|b| b.bank.exam.id == id)
        .unwrap_or_else(|| panic!("bundled bank {id}"))
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).single().expect("date")
}

fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

fn settings(limit_secs: Option<u64>) -> Settings {
    Settings { mode: Mode::Simulation, limit_secs, feedback: false, full_length: false }
}

/// Index of question `id` in the bank.
fn index(b: &Bank, id: &str) -> usize {
    b.questions.iter().position(|q| q.id.0 == id).unwrap_or_else(|| panic!("question {id}"))
}

/// A started session over the questions `ids` of the demo bank, in that order, shuffled as
/// a draw shuffles them, each in its testlet (if any).
fn started(b: &Bank, ids: &[&str], limit_secs: Option<u64>) -> Session {
    let mut rng = rng_from_seed(7);
    let items = ids
        .iter()
        .map(|id| {
            let q = &b.questions[index(b, id)];
            PaperItem {
                question: index(b, id),
                order: option_order(q, &mut rng),
                testlet: q.testlet.map(|t| b.testlets[t].id.clone()),
            }
        })
        .collect();
    let mut s = Session::new(b, Paper { items }, settings(limit_secs));
    s.apply(Command::Start, t0()).expect("start");
    s
}

/// The shown position of the current question's option or item `bank_index`.
fn shown(s: &Session, bank_index: usize) -> usize {
    let item = s.current().expect("a question on screen");
    s.paper.items[item].order.iter().position(|&o| usize::from(o) == bank_index).expect("shown")
}

/// Places the current question's items (order) or right-hand items (match) given by
/// bank index, in turn.
fn place(s: &mut Session, bank_indices: &[usize]) {
    for &i in bank_indices {
        let pos = shown(s, i);
        s.apply(Command::Select(pos), at(1)).expect("placed");
    }
}

fn submit(s: &mut Session, secs: i64) -> Event {
    s.apply(Command::Submit { confirmed: false }, at(secs)).expect("submitted")
}

#[test]
fn item_types_demo_validates_clean_with_two_questions_of_each_type_and_a_testlet() {
    let demo = loaded("item-types-demo");
    assert!(demo.warnings.is_empty(), "{:?}", demo.warnings);
    let b = demo.bank;
    for kind in [Kind::Choice, Kind::Order, Kind::Match, Kind::Text] {
        let n = b.questions.iter().filter(|q| q.testlet.is_none() && q.kind == kind).count();
        assert_eq!(n, 2, "{kind:?} questions outside the testlet");
    }
    assert_eq!(b.testlets.len(), 1);
    let in_testlet = b.questions.iter().filter(|q| q.testlet == Some(0)).count();
    assert!((2..=10).contains(&in_testlet), "{in_testlet}");
    // The exhibits and partial credit are there to be tried too.
    assert!(b.questions.iter().any(|q| q.exhibit.is_some()) && b.testlets[0].exhibit.is_some());
    assert!(b.questions.iter().any(|q| q.partial && q.kind == Kind::Order));
    assert!(b.questions.iter().any(|q| q.partial && q.kind == Kind::Match));

    let data = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        let out = Cmd::cargo_bin("proctor")
            .expect("binary")
            .current_dir(data.path())
            .env("PROCTOR_DATA_DIR", data.path())
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success(), "proctor {args:?}: {out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    assert_eq!(run(&["validate", "--strict", "item-types-demo"]), "0 errors, 0 warnings in 1 bank\n");
    let banks = run(&["banks"]);
    assert!(banks.lines().any(|l| l.starts_with("item-types-demo ") && l.contains("<bundled>")), "{banks}");
    // `proctor exam item-types-demo` finds the bank (an unknown id fails first, exit 1);
    // without a terminal to draw on it then stops at the terminal check, exit 2.
    let out = Cmd::cargo_bin("proctor")
        .expect("binary")
        .current_dir(data.path())
        .env("PROCTOR_DATA_DIR", data.path())
        .env("TERM", "dumb")
        .args(["exam", "item-types-demo"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("TERM is `dumb`"), "{out:?}");
}

/// An exhibit is kept literally: its lines, and the leading spaces of each.
#[test]
fn exhibits_keep_their_lines_and_leading_spaces() {
    let b = loaded("item-types-demo").bank;
    let acl = b.questions[index(&b, "demo-acl")].exhibit.as_deref().expect("an exhibit");
    assert_eq!(
        acl,
        "ip access-list extended EDGE\n permit tcp any host 192.0.2.10 eq 443\n permit udp any host 192.0.2.53 eq \
         domain\n deny   ip any any log\n"
    );
}

/// A question of a testlet without its own `domain` takes the testlet's.
#[test]
fn a_testlet_question_takes_the_testlet_domain_unless_it_names_one() {
    let b = loaded("item-types-demo").bank;
    let domain = |id: &str| b.domains[b.questions[index(&b, id)].domain].id.0.clone();
    assert_eq!(domain("demo-branch-group"), "vpn");
    assert_eq!(domain("demo-branch-verify"), "access");
}

/// Order: the items in turn, the last one taken back; never shown already in order.
#[test]
fn order_items_are_placed_in_turn_and_the_last_one_taken_back() {
    let b = loaded("item-types-demo").bank;
    let mut s = started(&b, &["demo-ike-order"], None);
    place(&mut s, &[0, 2]);
    s.apply(Command::Unplace, at(1)).expect("take back");
    place(&mut s, &[1, 2]);
    let again = shown(&s, 2);
    assert_eq!(
        s.apply(Command::Select(again), at(1)),
        Err(SessionError::AlreadyPlaced { letter: proctor::engine::bank::letter(again) })
    );
    place(&mut s, &[3]);
    submit(&mut s, 20);
    assert!(s.answers()[0].correct);
    let ike = &b.questions[index(&b, "demo-ike-order")];
    for seed in 0..200 {
        assert_ne!(option_order(ike, &mut rng_from_seed(seed)), [0, 1, 2, 3], "seed {seed}");
    }
}

/// Match: for each left item in turn, its right-hand item, the last one taken back; an
/// extra matches nothing.
#[test]
fn match_gives_each_left_item_its_right_hand_item_in_turn() {
    let b = loaded("item-types-demo").bank;
    let ports = &b.questions[index(&b, "demo-ports-match")];
    assert_eq!((ports.lefts.len(), ports.options.len()), (4, 6), "four pairs and two extras");
    let mut s = started(&b, &["demo-ports-match", "demo-ports-match"], None);
    place(&mut s, &[0, 1, 3]);
    s.apply(Command::Unplace, at(1)).expect("take back");
    place(&mut s, &[2, 3]);
    submit(&mut s, 10);
    place(&mut s, &[0, 1, 2, 4]);
    submit(&mut s, 20);
    assert!(s.answers()[0].correct);
    assert!(!s.answers()[1].correct, "an extra given to a left item");
}

/// Text: accepted ignoring case and runs of spaces.
#[test]
fn text_answers_are_compared_ignoring_case_and_runs_of_spaces() {
    let b = loaded("item-types-demo").bank;
    let mut s = started(&b, &["demo-aaa-cmd", "demo-aaa-cmd"], None);
    s.apply(Command::Type("  AAA   New-Model ".into()), at(1)).expect("typed");
    submit(&mut s, 10);
    s.apply(Command::Type("aaa newmodel".into()), at(11)).expect("typed");
    submit(&mut s, 20);
    assert!(s.answers()[0].correct);
    assert!(!s.answers()[1].correct);
}

/// `partial: true` earns the share of right positions or pairs; without it, all or
/// nothing. The score and the domains count the shares.
#[test]
fn partial_credit_is_the_share_of_right_positions_or_pairs() {
    let b = loaded("item-types-demo").bank;
    assert!(b.questions[index(&b, "demo-dot1x-order")].partial);
    assert!(!b.questions[index(&b, "demo-ike-order")].partial);
    assert!(b.questions[index(&b, "demo-ipsec-match")].partial);
    let mut s = started(&b, &["demo-dot1x-order", "demo-ike-order", "demo-ipsec-match"], None);
    place(&mut s, &[0, 1, 2, 4, 5, 3]); // 3 of 6 in place
    submit(&mut s, 10);
    place(&mut s, &[0, 1, 3, 2]); // 2 of 4, all or nothing
    submit(&mut s, 20);
    place(&mut s, &[0, 1, 3, 2]); // 2 of 4 pairs
    submit(&mut s, 30);
    assert_eq!(s.phase(), Phase::Finished(FinishReason::Completed));
    let credits: Vec<f64> = s.answers().iter().map(|a| a.credit()).collect();
    assert_eq!(credits, [0.5, 0.0, 0.5]);
    let r = score(&s, &b);
    assert_eq!((r.correct, r.credit, r.score), (0, 1.0, 33.3));
    let by_domain: Vec<(&str, f64)> = r.domains.iter().map(|d| (d.id.as_str(), d.percent)).collect();
    assert_eq!(by_domain, [("vpn", 25.0), ("access", 50.0)]);
}

/// A simulation draws the testlet whole, its questions together in the bank's order, and
/// they count toward their own domains: the blueprint's counts hold.
#[test]
fn a_testlet_is_drawn_whole_and_counts_as_its_questions_toward_the_blueprint() {
    let b = loaded("item-types-demo").bank;
    let members: Vec<usize> = (0..b.questions.len()).filter(|&i| b.questions[i].testlet == Some(0)).collect();
    for seed in 0..30 {
        let p = prepare::exam(&b, ExamOptions { seed: Some(seed), ..ExamOptions::default() }, None, seed)
            .expect("a full paper");
        let items = &p.session.paper.items;
        assert_eq!(items.len(), b.exam.questions as usize);
        let at = items.iter().position(|it| it.testlet.is_some()).expect("the testlet is on the paper");
        let block: Vec<usize> = items[at..at + members.len()].iter().map(|it| it.question).collect();
        assert_eq!(block, members, "seed {seed}: together, in the bank's order");
        assert_eq!(items.iter().filter(|it| it.testlet.is_some()).count(), members.len());
        let mut per_domain = vec![0; b.domains.len()];
        for it in items {
            per_domain[b.questions[it.question].domain] += 1;
        }
        assert_eq!(per_domain, full_counts(&b, items.len()), "seed {seed}");
    }
}

/// Testlets fill at most a third of a paper: 3 testlet questions fit in 9, not in 8.
#[test]
fn testlets_fill_at_most_a_third_of_a_paper() {
    let b = loaded("item-types-demo").bank;
    for (n, drawn) in [(8, false), (9, true)] {
        for seed in 0..10 {
            let options = ExamOptions { questions: Some(n), seed: Some(seed), ..ExamOptions::default() };
            let p = prepare::exam(&b, options, None, seed).expect("a paper");
            let has = p.session.paper.items.iter().any(|it| it.testlet.is_some());
            assert_eq!(has, drawn, "{n} questions, seed {seed}");
        }
    }
}

/// Inside a testlet the candidate moves freely and may change an answer; leaving makes
/// its answers final, and there is no way back in, nor back anywhere outside a testlet.
#[test]
fn testlet_answers_change_until_it_is_left_and_then_are_final() {
    let b = loaded("item-types-demo").bank;
    let ids = ["demo-branch-group", "demo-branch-profile", "demo-branch-verify", "demo-acl", "demo-cmap"];
    let mut s = started(&b, &ids, None);
    assert_eq!(s.testlet_span(), Some((0, 3)));
    // A wrong answer to the first, then back to it (after the second shows) to change it.
    let wrong = shown(&s, 1);
    s.apply(Command::Select(wrong), at(5)).expect("selected");
    submit(&mut s, 10);
    assert_eq!(s.current(), Some(1));
    s.apply(Command::Step(false), at(11)).expect("back inside the testlet");
    let right = shown(&s, 0);
    s.apply(Command::Select(right), at(12)).expect("selected");
    submit(&mut s, 15);
    s.apply(Command::Step(true), at(16)).expect("forward inside the testlet");
    assert_eq!(s.apply(Command::Leave, at(20)), Ok(Event::Left { first: 0, end: 3 }));
    let a = s.answers();
    assert!(a[0].correct && a[0].changed, "the changed answer is the one that counts");
    assert_eq!((a[1].unanswered, a[2].unanswered), (Some(Unanswered::Skipped), Some(Unanswered::Skipped)));
    assert_eq!(s.current(), Some(3));
    assert_eq!(s.apply(Command::Step(false), at(21)), Err(SessionError::NotInTestlet));
    let right = shown(&s, 0);
    s.apply(Command::Select(right), at(22)).expect("selected");
    submit(&mut s, 25);
    assert_eq!(s.apply(Command::Step(false), at(26)), Err(SessionError::NotInTestlet));
    assert_eq!(s.answers().len(), 4, "the testlet's three and demo-acl, each final");
}

/// Time up inside a testlet: the answers given to its questions count, the rest are
/// unanswered for time.
#[test]
fn time_up_inside_a_testlet_scores_what_was_answered() {
    let b = loaded("item-types-demo").bank;
    let ids = ["demo-branch-group", "demo-branch-profile", "demo-branch-verify", "demo-acl"];
    let mut s = started(&b, &ids, Some(60));
    let right = shown(&s, 0);
    s.apply(Command::Select(right), at(5)).expect("selected");
    submit(&mut s, 10);
    s.apply(Command::Type("prof-hq".into()), at(20)).expect("typed");
    submit(&mut s, 30);
    assert_eq!(s.tick(at(61)), Some(FinishReason::TimeUp));
    let a = s.answers();
    assert!(a[0].correct && a[1].correct, "both answers given inside the testlet count");
    assert_eq!((a[2].unanswered, a[3].unanswered), (Some(Unanswered::Time), Some(Unanswered::Time)));
    assert_eq!(score(&s, &b).correct, 2);
}
