//! The readers on the fixture files (`tests/fixtures/import/`), one construct at a time;
//! the bank emitter's round trip through the loader; and export → import round trips of
//! random banks through GIFT and Moodle XML.

use proptest::collection::vec;
use proptest::prelude::*;

use super::build::{self, Options, Source, Weights};
use super::*;
use crate::engine::bank::{Bank, Cause, Choice, Domain, DomainId, Exam, Kind, Question, QuestionId, Testlet};

const GIFT: &str = include_str!("../../../tests/fixtures/import/all-types.gift");
const MOODLE: &str = include_str!("../../../tests/fixtures/import/moodle-4.xml");
const AIKEN: &str = include_str!("../../../tests/fixtures/import/moodle-docs.aiken");
const CSV: &str = include_str!("../../../tests/fixtures/import/spreadsheet.csv");

fn named<'a>(p: &'a Parsed, name: &str) -> &'a Item {
    p.items.iter().find(|i| i.name.as_deref() == Some(name)).unwrap_or_else(|| panic!("no item named {name}: {p:#?}"))
}

fn options(item: &Item) -> Vec<(&str, bool, Option<&str>)> {
    match &item.body {
        Body::Choice(o) => o.iter().map(|o| (o.text.as_str(), o.correct, o.why.as_deref())).collect(),
        other => panic!("not a choice question: {other:?}"),
    }
}

#[test]
fn gift_multiple_choice_with_feedback_and_category() {
    let p = parse(Format::Gift, GIFT).expect("parses");
    let q = named(&p, "OSPF backbone");
    assert_eq!(q.stem, "What is the OSPF backbone area?");
    assert_eq!(
        options(q),
        vec![
            ("Area 0", true, Some("The backbone is area 0 (0.0.0.0).")),
            ("Area 1", false, Some("Area 1 is an ordinary area.")),
            ("Area 51", false, Some("Not an OSPF idea at all.")),
        ]
    );
    assert_eq!(q.explanation.as_deref(), Some("Every OSPF area must connect to area 0."));
    assert_eq!(q.category.as_ref().map(|c| c.name.as_str()), Some("Routing"));
    let grant = named(&p, "Grant");
    assert_eq!(grant.pos, Pos::new(6, 1));
    assert_eq!(options(grant)[1], ("Grant and his wife", true, Some("Julia Grant lies there too.")));
}

#[test]
fn gift_weights_make_multiple_response_and_partial_credit_correct() {
    let p = parse(Format::Gift, GIFT).expect("parses");
    let multi = options(named(&p, "Private ranges"));
    assert_eq!(multi.iter().map(|o| o.1).collect::<Vec<_>>(), vec![true, true, false]);
    assert_eq!(multi[2].2, Some("That is a public range."));
    let partial = named(&p, "Partial credit");
    assert_eq!(options(partial).iter().map(|o| o.1).collect::<Vec<_>>(), vec![true, true, false]);
    assert!(
        p.notes.iter().any(|n| n.pos == partial.pos && n.message.contains("partial credit (50%)")),
        "{:?}",
        p.notes
    );
}

#[test]
fn gift_true_false_puts_each_feedback_on_its_option() {
    let p = parse(Format::Gift, GIFT).expect("parses");
    assert_eq!(options(named(&p, "TF true")), vec![("True", true, None), ("False", false, None)]);
    assert_eq!(
        options(named(&p, "TF feedback")),
        vec![
            ("True", false, Some("No: TCP sets up a connection first.")),
            ("False", true, Some("Yes: UDP is the connectionless one.")),
        ]
    );
}

#[test]
fn gift_short_answer_matching_and_missing_word() {
    let p = parse(Format::Gift, GIFT).expect("parses");
    assert_eq!(named(&p, "Short answer").body, Body::Text(vec!["50".into(), "fifty".into()]));
    assert_eq!(
        named(&p, "Ports").body,
        Body::Match {
            pairs: vec![("SSH".into(), "22".into()), ("HTTPS".into(), "443".into()), ("DNS".into(), "53".into())],
            extra: vec!["3389".into()],
            partial: true,
        }
    );
    let missing = named(&p, "Missing word");
    assert_eq!(missing.stem, "Moodle costs _____ to download from moodle.org.");
    assert_eq!(options(missing).iter().filter(|o| o.1).map(|o| o.0).collect::<Vec<_>>(), vec!["nothing"]);
}

#[test]
fn gift_escapes_and_line_breaks() {
    let p = parse(Format::Gift, GIFT).expect("parses");
    let q = named(&p, "Escapes: all");
    assert_eq!(q.stem, "Which characters does GIFT escape: ~ = # { }?\nPick one.");
    assert_eq!(options(q)[0].0, "All of them: ~ = # { } \\");
}

#[test]
fn gift_html_becomes_text_with_the_pre_block_as_exhibit() {
    let p = parse(Format::Gift, GIFT).expect("parses");
    let q = named(&p, "ACL");
    assert_eq!(q.category.as_ref().map(|c| c.name.as_str()), Some("Security"));
    assert_eq!(q.stem, "Which packet does this access list permit?\n\nRefer to [image: the topology] too.");
    assert_eq!(
        q.exhibit.as_deref(),
        Some("ip access-list extended EDGE\n permit tcp any host 192.0.2.10 eq 443\n deny   ip any any log\n")
    );
    assert_eq!(
        options(q),
        vec![
            ("TCP to 192.0.2.10 port 443", true, None),
            ("UDP to 192.0.2.10 port 443", false, Some("Only `tcp` is permitted.")),
        ]
    );
    assert_eq!(q.explanation.as_deref(), Some("First match wins & the last line denies the rest."));
    assert!(p.notes.iter().any(|n| n.pos == q.pos && n.message.contains("image `topology.png`")), "{:?}", p.notes);
    // Markdown is kept as written.
    assert_eq!(named(&p, "Markdown").stem, "What does **AAA** stand for?");
}

#[test]
fn gift_essay_numerical_and_description_are_reported_with_their_line() {
    let p = parse(Format::Gift, GIFT).expect("parses");
    let lines: Vec<(usize, &str)> = p.skipped.iter().map(|s| (s.pos.line, s.reason.as_str())).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].1.starts_with("an essay question"), "{lines:?}");
    assert!(lines[1].1.starts_with("a numerical question"), "{lines:?}");
    assert!(lines[2].1.starts_with("a description"), "{lines:?}");
    let line_of = |needle: &str| GIFT.lines().position(|l| l.contains(needle)).expect("in the fixture") + 1;
    assert_eq!(
        lines.iter().map(|l| l.0).collect::<Vec<_>>(),
        vec![line_of("::Essay::"), line_of("::Numeric::"), line_of("This paragraph")]
    );
    assert_eq!(p.items.len(), 12);
}

#[test]
fn gift_malformed_files_are_located() {
    let e = parse(Format::Gift, include_str!("../../../tests/fixtures/import/unclosed-brace.gift")).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].pos, Pos::new(3, 33));
    assert!(e[0].message.contains("never closed"), "{e:?}");
    let e = parse(Format::Gift, include_str!("../../../tests/fixtures/import/stray-brace.gift")).unwrap_err();
    assert_eq!(e[0].pos, Pos::new(1, 40));
    let e = parse(Format::Gift, include_str!("../../../tests/fixtures/import/unclosed-title.gift")).unwrap_err();
    assert_eq!(e[0].pos, Pos::new(1, 1));
    assert!(e[0].message.contains("title"), "{e:?}");
}

#[test]
fn aiken_reads_the_moodle_documentation_example() {
    let p = parse(Format::Aiken, AIKEN).expect("parses");
    assert_eq!(p.items.len(), 2);
    assert_eq!(p.items[0].stem, "What is the correct answer to this question?");
    assert_eq!(options(&p.items[0]).iter().filter(|o| o.1).map(|o| o.0).collect::<Vec<_>>(), vec!["Must be this one!"]);
    assert_eq!(options(&p.items[1]).len(), 6);
    assert_eq!(options(&p.items[1])[0], ("Moodle", true, None));
    let e =
        parse(Format::Aiken, include_str!("../../../tests/fixtures/import/answer-without-option.aiken")).unwrap_err();
    assert_eq!(e[0].pos, Pos::new(6, 9));
    let e = parse(Format::Aiken, include_str!("../../../tests/fixtures/import/no-answer.aiken")).unwrap_err();
    assert!(e[0].message.contains("ANSWER"), "{e:?}");
}

#[test]
fn moodle_xml_single_choice_with_html_feedback_and_category_idnumber() {
    let p = parse(Format::MoodleXml, MOODLE).expect("parses");
    let q = named(&p, "OSPF backbone");
    assert_eq!(q.stem, "Which OSPF area is the backbone?");
    assert_eq!(
        options(q),
        vec![
            ("Area 0", true, Some("Yes: area 0 (0.0.0.0) is the backbone.")),
            ("Area 1", false, Some("Area 1 is an ordinary area.")),
            ("Area 255", false, None),
        ]
    );
    assert_eq!(q.explanation.as_deref(), Some("Every area must connect to area 0."));
    assert_eq!(q.category, Some(Category { name: "Routing".into(), id: Some("routing".into()) }));
    assert_eq!(q.pos.line, MOODLE.lines().position(|l| l.contains("question: 101")).expect("there") + 2);
}

#[test]
fn moodle_xml_multiple_answer_keeps_the_pre_as_exhibit_and_notes_the_image() {
    let p = parse(Format::MoodleXml, MOODLE).expect("parses");
    let q = named(&p, "Show command");
    assert_eq!(q.id.as_deref(), Some("rt-show-route"));
    assert_eq!(
        q.stem,
        "Refer to the exhibit and the topology [image: topology 1.png]\n\nWhich two statements are true?"
    );
    assert_eq!(
        q.exhibit.as_deref(),
        Some(
            "R1# show ip route\n      10.0.0.0/8 is variably subnetted\nO        10.1.1.0/24 [110/2] via 10.0.0.2, Gi0/1\n"
        )
    );
    assert_eq!(options(q).iter().map(|o| o.1).collect::<Vec<_>>(), vec![true, true, false]);
    let Body::Choice(o) = &q.body else { panic!("choice") };
    assert!(o.iter().all(|o| o.pin), "shuffleanswers false keeps the order");
    assert!(p.notes.iter().any(|n| n.pos == q.pos && n.message.contains("image `topology 1.png`")), "{:?}", p.notes);
}

#[test]
fn moodle_xml_true_false_short_answer_matching_and_ordering() {
    let p = parse(Format::MoodleXml, MOODLE).expect("parses");
    assert_eq!(
        options(named(&p, "TCP connectionless")),
        vec![("True", false, Some("No: TCP sets up a connection first.")), ("False", true, None)]
    );
    let short = named(&p, "ESP protocol number");
    assert_eq!(short.stem, "Which IP protocol number does ESP use?\nType the number.");
    assert_eq!(short.body, Body::Text(vec!["50".into(), "fifty".into()]));
    assert_eq!(short.category.as_ref().map(|c| c.name.as_str()), Some("Security Fundamentals"));
    assert!(p.notes.iter().any(|n| n.message.contains("`51` gives no credit")), "{:?}", p.notes);
    assert_eq!(
        named(&p, "Ports").body,
        Body::Match {
            pairs: vec![("SSH".into(), "22".into()), ("HTTPS".into(), "443".into()), ("TACACS+".into(), "49".into())],
            extra: vec!["3389".into()],
            partial: true,
        }
    );
    assert_eq!(
        named(&p, "802.1X order").body,
        Body::Order {
            items: vec!["EAPOL-Start".into(), "EAP-Request/Identity".into(), "EAP-Response/Identity".into()],
            partial: true
        }
    );
    assert_eq!(
        named(&p, "TCP handshake").body,
        Body::Order { items: vec!["SYN".into(), "SYN-ACK".into(), "ACK".into()], partial: false }
    );
}

#[test]
fn moodle_xml_other_types_are_reported_with_the_reason() {
    let p = parse(Format::MoodleXml, MOODLE).expect("parses");
    let reasons: Vec<&str> = p.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(reasons[0].starts_with("`Explain IPsec`: an essay question"), "{reasons:?}");
    assert!(reasons[1].contains("numerical"), "{reasons:?}");
    assert!(reasons[2].contains("description"), "{reasons:?}");
    assert!(reasons[3].contains("Cloze"), "{reasons:?}");
    assert_eq!(p.items.len(), 7);
}

#[test]
fn moodle_xml_cut_short_is_an_error_at_its_end() {
    let text = include_str!("../../../tests/fixtures/import/truncated.xml");
    let e = parse(Format::MoodleXml, text).unwrap_err();
    assert_eq!(e[0].pos, Pos::new(66, 21), "{e:?}");
    assert!(e[0].message.contains("cut short"), "{e:?}");
}

#[test]
fn csv_columns_by_header_answers_by_letter_or_text() {
    let p = parse(Format::Csv, CSV).expect("parses");
    assert_eq!(p.items.len(), 3, "{p:#?}");
    let ssh = &p.items[0];
    assert_eq!(ssh.stem, "Which port does SSH use?");
    assert_eq!(
        options(ssh),
        vec![
            ("21", false, Some("FTP uses 21 for control.")),
            ("22", true, Some("Right: SSH is 22.")),
            ("23", false, None),
            ("25", false, None)
        ]
    );
    assert_eq!(ssh.explanation.as_deref(), Some("SSH listens on TCP 22."));
    assert_eq!(ssh.category.as_ref().map(|c| c.name.as_str()), Some("Networking"));
    assert_eq!(options(&p.items[1]).iter().map(|o| o.1).collect::<Vec<_>>(), vec![true, false, true]);
    let quoted = &p.items[2];
    assert_eq!(quoted.stem, "A message says: \"your account is locked, click here\". What is it?");
    assert_eq!(options(quoted)[0], ("Phishing", true, None));
    assert_eq!(p.skipped.len(), 1);
    assert_eq!(p.skipped[0].pos.line, 6);
    assert!(p.notes[0].message.contains("`Notes`"), "{:?}", p.notes);
    let semi = parse(Format::Csv, include_str!("../../../tests/fixtures/import/semicolons.csv")).expect("parses");
    assert_eq!(options(&semi.items[0])[0], ("Layer 2", true, None));
}

#[test]
fn csv_an_answer_letter_without_an_option_is_an_error_at_its_field() {
    let e = parse(Format::Csv, include_str!("../../../tests/fixtures/import/bad-answer.csv")).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].pos, Pos::new(3, 42));
    assert!(e[0].message.contains("answer `D` names no option"), "{e:?}");
}

#[test]
fn gift_id_tags_give_the_question_id() {
    let p = parse(Format::Gift, "::Port question::[id:ssh-port][tag:basics] Which port does SSH use? {=22 ~23}\n")
        .expect("parses");
    assert_eq!(p.items[0].id.as_deref(), Some("ssh-port"));
    assert_eq!(p.items[0].stem, "Which port does SSH use?");
    let (bank, _) =
        build::build(vec![Source { file: "x".into(), stem: "x".into(), parsed: p }], &opts("x"), None).expect("builds");
    assert_eq!(bank.questions[0].id.0, "ssh-port");
}

fn pinned_bank(pins: &[bool]) -> Bank {
    let mut bank = build::build(vec![source("q.aiken", Format::Aiken, AIKEN)], &opts("quiz"), None).expect("builds").0;
    for (o, &p) in bank.questions[0].options.iter_mut().zip(pins) {
        o.pin = p;
    }
    bank
}

#[test]
fn moodle_xml_keeps_pins_only_when_every_option_is_pinned() {
    let all = pinned_bank(&[true; 4]);
    let ex = moodle::write(&all);
    assert!(ex.text.contains("<shuffleanswers>false</shuffleanswers>"), "{}", ex.text);
    let back = parse(Format::MoodleXml, &ex.text).expect("parses");
    assert_eq!(
        back.items[0].body,
        Body::Choice(
            all.questions[0]
                .options
                .iter()
                .map(|o| ItemOption { text: o.text.clone(), correct: o.correct, why: None, pin: true })
                .collect()
        )
    );
    let some = moodle::write(&pinned_bank(&[false, false, false, true]));
    assert!(
        some.changes.iter().any(|c| c.what.starts_with("pinned options") && c.questions == ["quiz-001"]),
        "{:?}",
        some.changes
    );
    let gift = gift::write(&all);
    assert!(
        gift.changes.iter().any(|c| c.what.starts_with("pinned options: GIFT") && c.questions == ["quiz-001"]),
        "{:?}",
        gift.changes
    );
}

#[test]
fn formats_are_guessed_from_extension_then_content() {
    assert_eq!(Format::guess(Some("gift"), ""), Some(Format::Gift));
    assert_eq!(Format::guess(Some("txt"), AIKEN), Some(Format::Aiken));
    assert_eq!(Format::guess(Some("txt"), GIFT), Some(Format::Gift));
    assert_eq!(Format::guess(None, MOODLE), Some(Format::MoodleXml));
    assert_eq!(Format::guess(Some("aiken"), ""), Some(Format::Aiken));
    assert_eq!(Format::guess(Some("xml"), ""), Some(Format::MoodleXml));
    assert_eq!(Format::guess(Some("csv"), ""), Some(Format::Csv));
    assert_eq!(Format::guess(None, "<quiz>\n</quiz>"), Some(Format::MoodleXml));
    assert_eq!(Format::guess(None, "$CATEGORY: Routing\n"), Some(Format::Gift));
    assert_eq!(Format::guess(Some("txt"), "just words\n"), None);
}

#[test]
fn gift_moodle_and_plain_formats() {
    let p = parse(
        Format::Gift,
        "::M::[moodle]Line one\nline <b>two</b> {=a ~b}\n\n::P::[plain]Kept <b>as</b> written {=a ~b}\n",
    )
    .expect("parses");
    assert_eq!(named(&p, "M").stem, "Line one\nline two");
    assert_eq!(named(&p, "P").stem, "Kept <b>as</b> written");
}

#[test]
fn moodle_xml_types_without_a_proctor_item_type_say_why() {
    for (kind, says) in [
        ("calculated", "random values"),
        ("ddwtos", "drag and drop"),
        ("gapselect", "gap select"),
        ("random", "drawn from a category"),
        ("randomsamatch", "drawn from a category"),
    ] {
        let xml = format!("<quiz><question type=\"{kind}\"><name><text>N</text></name></question></quiz>");
        let p = parse(Format::MoodleXml, &xml).expect("parses");
        assert!(p.skipped[0].reason.contains(says), "{kind}: {:?}", p.skipped);
    }
}

#[test]
fn csv_exhibit_id_and_title_columns_and_tabs() {
    let p = parse(
        Format::Csv,
        "question\ta\tb\tanswer\texhibit\tid\ttitle\nWhich line is wrong?\tthe first\tthe second\tB\t\"  ip route 0.0.0.0 0.0.0.0\n  ip rout x\"\tbad-route\tRoutes\n",
    )
    .expect("parses");
    let q = &p.items[0];
    assert_eq!(q.exhibit.as_deref(), Some("  ip route 0.0.0.0 0.0.0.0\n  ip rout x\n"));
    assert_eq!((q.id.as_deref(), q.name.as_deref()), (Some("bad-route"), Some("Routes")));
}

#[test]
fn the_same_question_in_another_order_or_case_is_a_duplicate() {
    let a = "::A:: Which port does SSH use? {=22 ~23 ~25}\n\n::B:: which port  does ssh use? {~25 =22 ~23}\n";
    let (bank, report) = build::build(vec![source("d.gift", Format::Gift, a)], &opts("d"), None).expect("builds");
    assert_eq!(bank.questions.len(), 1);
    assert_eq!(report.duplicates.len(), 1);
    assert!(report.duplicates[0].message.contains("repeats the question at d.gift:1"), "{:?}", report.duplicates);
}

#[test]
fn every_domain_weighs_at_least_one() {
    let mut text = String::from("$CATEGORY: Big\n\n");
    for i in 0..300 {
        text.push_str(&format!("::Q{i}:: Question {i}? {{=yes ~no}}\n\n"));
    }
    text.push_str("$CATEGORY: Small\n\n::Lone:: The only one? {=yes ~no}\n");
    let (bank, _) = build::build(vec![source("w.gift", Format::Gift, &text)], &opts("w"), None).expect("builds");
    assert_eq!(bank.domains.iter().map(|d| d.weight).collect::<Vec<_>>(), vec![99, 1]);
}

#[test]
fn multiple_response_is_written_with_shares_of_the_credit_and_ids_as_names() {
    let bank = build::build(vec![source("q.csv", Format::Csv, CSV)], &opts("quiz"), None).expect("builds").0;
    let g = gift::write(&bank).text;
    assert!(g.contains("::networking-002::Which two are private ranges (RFC 1918)? {\n  ~%50%10.0.0.0/8\n  ~%-100%8.8.8.0/24\n  ~%50%192.168.0.0/16\n}"), "{g}");
    let m = moodle::write(&bank).text;
    assert!(m.contains("<name>\n      <text>networking-002</text>\n    </name>"), "{m}");
    assert!(m.contains("<idnumber>networking-002</idnumber>\n    <single>false</single>"), "{m}");
    assert!(m.contains("<answer fraction=\"50\" format=\"plain_text\">\n      <text>10.0.0.0/8</text>"), "{m}");
    assert!(m.contains("<answer fraction=\"-100\" format=\"plain_text\">\n      <text>8.8.8.0/24</text>"), "{m}");
}

#[test]
fn difficulty_is_listed_as_dropped_by_both_formats() {
    let mut bank = pinned_bank(&[]);
    bank.questions[0].difficulty = Some(2);
    for ex in [gift::write(&bank), moodle::write(&bank)] {
        assert!(
            ex.changes.iter().any(|c| c.what.starts_with("`difficulty`") && c.questions == ["quiz-001"]),
            "{:?}",
            ex.changes
        );
    }
}

fn source(file: &str, format: Format, text: &str) -> Source {
    Source { file: file.into(), stem: "quiz".into(), parsed: parse(format, text).expect("parses") }
}

fn opts(id: &str) -> Options {
    Options { id: id.into(), title: "Imported".into(), ..Options::default() }
}

#[test]
fn a_build_files_by_category_weighs_by_count_and_validates() {
    let (bank, report) = build::build(vec![source("q.gift", Format::Gift, GIFT)], &opts("quiz"), None).expect("builds");
    let ids: Vec<&str> = bank.domains.iter().map(|d| d.id.0.as_str()).collect();
    assert_eq!(ids, vec!["routing", "security"]);
    assert_eq!(bank.domain_counts(), vec![10, 2]);
    assert_eq!(bank.domains.iter().map(|d| d.weight).collect::<Vec<_>>(), vec![83, 17]);
    assert_eq!(report.weights, Weights::Counted);
    assert_eq!((bank.exam.questions, bank.exam.minutes, bank.exam.passing_score, bank.exam.buffer), (12, 12, 70, 10));
    assert_eq!(bank.questions[0].id.0, "grant");
    let text = emit::bank(&bank, &[]);
    let loaded = crate::engine::bank::load::load_str("q.yaml", &text).expect("validates");
    assert_eq!(loaded.bank, bank);
}

#[test]
fn ids_are_stable_and_a_merge_adds_only_new_questions() {
    let build_once = || build::build(vec![source("q.csv", Format::Csv, CSV)], &opts("quiz"), None).expect("builds").0;
    let first = build_once();
    assert_eq!(first, build_once(), "the same file gives the same bank");
    let ids: Vec<&str> = first.questions.iter().map(|q| q.id.0.as_str()).collect();
    assert_eq!(ids, vec!["networking-001", "networking-002", "security-001"]);
    let (merged, report) = build::build(
        vec![source("q.csv", Format::Csv, CSV), source("a.aiken", Format::Aiken, AIKEN)],
        &opts("quiz"),
        Some(first.clone()),
    )
    .expect("merges");
    assert_eq!(report.duplicates.len(), 3, "{:?}", report.duplicates);
    assert!(report.duplicates[0].message.contains("already in the bank as `networking-001`"));
    assert_eq!(report.imported, 2);
    assert_eq!(&merged.questions[..3], &first.questions[..]);
    assert_eq!(merged.questions[3].id.0, "quiz-001", "Aiken has no categories: the file's domain");
}

#[test]
fn weights_and_domain_options_are_checked() {
    let mut o = opts("quiz");
    o.domain = Some("net".into());
    let (bank, _) = build::build(vec![source("q.gift", Format::Gift, GIFT)], &o, None).expect("builds");
    assert_eq!(bank.domains.len(), 1);
    assert_eq!(bank.domains[0].weight, 100);
    let mut o = opts("quiz");
    o.weights = Some(vec![("routing".into(), 70), ("security".into(), 20)]);
    let e = build::build(vec![source("q.gift", Format::Gift, GIFT)], &o, None).unwrap_err();
    assert!(e.to_string().contains("sum to 90"), "{e}");
    o.weights = Some(vec![("routing".into(), 70)]);
    let e = build::build(vec![source("q.gift", Format::Gift, GIFT)], &o, None).unwrap_err();
    assert!(e.to_string().contains("leaves out security"), "{e}");
}

#[test]
fn items_breaking_the_bank_rules_are_left_out_with_the_reason() {
    let p = parse(Format::Gift, "::One:: Only one option {=a}\n\n::Dup:: Same twice {=a ~A}\n\n::Ok:: Fine {=a ~b}\n")
        .expect("parses");
    let (bank, report) =
        build::build(vec![Source { file: "x.gift".into(), stem: "x".into(), parsed: p }], &opts("x"), None)
            .expect("builds");
    assert_eq!(bank.questions.len(), 2, "the one-answer short answer is a text question");
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].message.contains("same text"), "{:?}", report.skipped);
}

// --- Property tests -------------------------------------------------------------------

/// Text of the kind a bank may hold and YAML makes hard: `: `, ` #`, quotes, backslashes,
/// indicators, leading and trailing spaces, line breaks, unicode.
fn tricky_text() -> impl Strategy<Value = String> {
    let line = "[ a-zA-Z0-9:#'\"?!&*|>%@`~=\\\\/\\[\\]{},.;()\\-éß漢字🙂\u{2028}]{1,14}";
    (vec(line, 1..4), 0usize..3, any::<bool>()).prop_map(|(lines, trailing, lead)| {
        let mut s = lines.join("\n");
        if lead && lines.len() > 1 {
            s.insert(0, '\n');
        }
        s.push_str(&"\n".repeat(trailing));
        if s.trim().is_empty() { format!("x{s}") } else { s }
    })
}

/// Text in the form an exported file gives back: single spaces, no space at either end of
/// a line, at most one blank line in a row, nothing a reader must trim.
fn normal_text(lines: usize) -> impl Strategy<Value = String> {
    let word = "[a-zA-Z0-9éß漢字🙂:#'\"?!&*|@`~=\\\\/\\[\\]{},.;()<>+]{1,8}";
    vec(vec(word, 1..5).prop_map(|w| w.join(" ")), 1..=lines).prop_map(|ls| ls.join("\n"))
}

fn exhibit_text() -> impl Strategy<Value = String> {
    let line = "( {0,3})[a-z0-9<>&\"=#{}:~./]{1,10}( [a-z0-9]{1,6}){0,3}";
    vec(line, 1..5).prop_map(|ls| format!("{}\n", ls.join("\n")))
}

#[derive(Debug, Clone)]
struct Gen {
    kind: Kind,
    stem: String,
    texts: Vec<String>,
    lefts: Vec<String>,
    extra: usize,
    correct: Vec<bool>,
    whys: Vec<Option<String>>,
    partial: bool,
    exhibit: Option<String>,
    explanation: Option<String>,
}

fn gen_question(normal: bool, kinds: Vec<Kind>) -> impl Strategy<Value = Gen> {
    let text = move || if normal { normal_text(1).boxed() } else { tricky_text().boxed() };
    (
        prop::sample::select(kinds),
        if normal { normal_text(3).boxed() } else { tricky_text().boxed() },
        vec(text(), 6),
        vec(text(), 5),
        (
            2usize..=6,
            0usize..=2,
            vec(any::<bool>(), 6),
            vec(prop::option::of(if normal { normal_text(2).boxed() } else { tricky_text().boxed() }), 6),
        ),
        any::<bool>(),
        prop::option::of(exhibit_text()),
        prop::option::of(if normal { normal_text(3).boxed() } else { tricky_text().boxed() }),
    )
        .prop_map(|(kind, stem, texts, lefts, (n, extra, correct, whys), partial, exhibit, explanation)| Gen {
            kind,
            stem,
            texts: texts.into_iter().take(n).collect(),
            lefts: lefts.into_iter().take(n.min(5)).collect(),
            extra,
            correct,
            whys,
            partial,
            exhibit,
            explanation,
        })
}

/// Distinct texts: each gets its position after it.
fn distinct(texts: &[String], tag: &str) -> Vec<String> {
    texts.iter().enumerate().map(|(i, t)| format!("{} {tag}{i}", t.trim_end())).collect()
}

fn make_question(g: Gen, i: usize, domain: usize, extras: bool) -> Question {
    let id = QuestionId(format!("q{i}"));
    let stem = if g.stem.trim().is_empty() { format!("stem {i}") } else { format!("{} ({i})", g.stem) };
    let base = Question {
        id,
        domain,
        stem,
        kind: g.kind,
        choose: 0,
        options: Vec::new(),
        lefts: Vec::new(),
        answers: Vec::new(),
        partial: false,
        exhibit: g.exhibit,
        testlet: None,
        explanation: g.explanation,
        terms: Vec::new(),
        refs: Vec::new(),
        difficulty: None,
        objective: None,
        enemies: Vec::new(),
    };
    let texts = distinct(&g.texts, "o");
    match g.kind {
        Kind::Choice => {
            let mut correct: Vec<bool> = g.correct[..texts.len()].to_vec();
            if !correct.contains(&true) {
                correct[i % texts.len()] = true;
            }
            let options: Vec<Choice> = texts
                .iter()
                .zip(&correct)
                .zip(&g.whys)
                .map(|((t, &c), w)| Choice {
                    text: t.clone(),
                    correct: c,
                    why: w.clone().filter(|w| !w.trim().is_empty()),
                    trap: if extras && !c && i.is_multiple_of(3) { Some(Cause::Term) } else { None },
                    pin: extras && i.is_multiple_of(4),
                })
                .collect();
            Question { choose: correct.iter().filter(|c| **c).count(), options, ..base }
        }
        Kind::Order => Question {
            choose: texts.len(),
            options: texts.into_iter().map(Choice::item).collect(),
            partial: g.partial,
            ..base
        },
        Kind::Match => {
            let lefts = distinct(&g.lefts, "l");
            let mut rights = distinct(&g.texts[..lefts.len()], "r");
            rights.extend((0..g.extra).map(|k| format!("extra r{k}")));
            Question {
                choose: lefts.len(),
                lefts,
                options: rights.into_iter().map(Choice::item).collect(),
                partial: g.partial || !extras,
                ..base
            }
        }
        Kind::Text => Question { choose: 1, answers: texts.into_iter().take(3).collect(), ..base },
    }
}

/// A bank: domains in the order their questions first appear, each with a question.
fn gen_bank(normal: bool, kinds: Vec<Kind>, extras: bool) -> impl Strategy<Value = Bank> {
    (
        1usize..=3,
        vec(gen_question(normal, kinds), 3..8),
        vec(0usize..3, 8),
        vec("[A-Za-zé]{1,8}( [A-Za-z漢字]{1,6})?", 3),
        1u8..=100,
        any::<bool>(),
    )
        .prop_map(move |(nd, gens, picks, names, passing, testlet)| {
            let names: Vec<String> = names.into_iter().enumerate().take(nd).map(|(i, n)| format!("{n} {i}")).collect();
            let weights = apportion(&vec![1; nd], 100);
            let domains: Vec<Domain> = names
                .iter()
                .zip(weights)
                .map(|(n, w)| Domain {
                    id: DomainId(slug(n)),
                    name: n.clone(),
                    weight: w as u32,
                    objectives: Vec::new(),
                })
                .collect();
            let count = gens.len();
            let mut questions: Vec<Question> = gens
                .into_iter()
                .enumerate()
                .map(|(i, g)| {
                    let d = if i < nd { i } else { picks[i] % nd };
                    make_question(g, i, d, extras)
                })
                .collect();
            let mut testlets = Vec::new();
            if extras && testlet && count >= 5 {
                testlets.push(Testlet {
                    id: "case-1".into(),
                    title: "A case: with a colon".into(),
                    scenario: "Scenario text\n  with indentation\n".into(),
                    exhibit: Some("  show run\n".into()),
                });
                for q in questions.iter_mut().skip(count - 2) {
                    q.testlet = Some(0);
                }
            }
            if extras {
                questions[0].terms = vec!["ESP: encap".into(), "#tag".into()];
                questions[0].refs = vec!["RFC 4303".into()];
                questions[0].difficulty = Some(3);
            }
            let total = questions.len() as u32;
            Bank {
                exam: Exam {
                    id: "rand-bank".into(),
                    title: "Random: bank #1".into(),
                    vendor: extras.then(|| "cisco".to_owned()),
                    minutes: total,
                    questions: total,
                    passing_score: passing,
                    buffer: 10.min(100 - passing),
                    description: None,
                    blueprint: None,
                },
                domains,
                questions,
                testlets,
            }
        })
}

use crate::engine::blueprint::apportion;

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Whatever the texts, the emitted YAML loads back, through validation, as the bank
    /// written.
    #[test]
    fn emitted_banks_load_back_as_the_same_bank(bank in gen_bank(false, vec![Kind::Choice, Kind::Order, Kind::Match, Kind::Text], true)) {
        let text = emit::bank(&bank, &["a header: with # and \"quotes\"".to_owned()]);
        let loaded = crate::engine::bank::load::check_str("emitted.yaml", &text);
        let errors: Vec<String> = loaded.diagnostics.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
        prop_assert!(errors.is_empty(), "{}\n{text}", errors.join("\n"));
        let back = loaded.bank.expect("a bank").bank;
        prop_assert_eq!(back, bank, "{}", text);
    }

    /// GIFT holds choice (single and multiple response), text and match questions.
    #[test]
    fn gift_export_imports_back_as_the_same_bank(bank in gen_bank(true, vec![Kind::Choice, Kind::Match, Kind::Text], false)) {
        round_trip(&bank, Format::Gift, &super::gift::write(&bank).text)?;
    }

    /// Moodle XML holds those and ordering questions.
    #[test]
    fn moodle_xml_export_imports_back_as_the_same_bank(bank in gen_bank(true, vec![Kind::Choice, Kind::Order, Kind::Match, Kind::Text], false)) {
        round_trip(&bank, Format::MoodleXml, &super::moodle::write(&bank).text)?;
    }
}

fn round_trip(bank: &Bank, format: Format, text: &str) -> Result<(), TestCaseError> {
    let parsed = match parse(format, text) {
        Ok(p) => p,
        Err(e) => return Err(TestCaseError::fail(format!("{e:?}\n{text}"))),
    };
    prop_assert!(parsed.skipped.is_empty(), "{:?}\n{}", parsed.skipped, text);
    let o = Options {
        id: bank.exam.id.clone(),
        title: bank.exam.title.clone(),
        minutes: Some(bank.exam.minutes),
        questions: Some(bank.exam.questions),
        passing: Some(bank.exam.passing_score),
        domain: None,
        weights: Some(bank.domains.iter().map(|d| (d.id.0.clone(), d.weight)).collect()),
    };
    let (back, report) = build::build(vec![Source { file: "x".into(), stem: "x".into(), parsed }], &o, None)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert!(
        report.skipped.is_empty() && report.duplicates.is_empty(),
        "{:?} {:?}",
        report.skipped,
        report.duplicates
    );
    prop_assert_eq!(&back, bank, "{}", text);
    Ok(())
}
