//! Loading the bundled example and the fixture bank through the public entry points.

use super::load::load_str;

const MINI: &str = include_str!("../../../tests/fixtures/banks/valid/mini.yaml");

#[test]
fn mini_fixture_loads_with_every_feature() {
    let b = load_str("mini.yaml", MINI).expect("valid");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    let bank = b.bank;
    assert_eq!(bank.exam.target(), 80);
    assert_eq!(bank.questions.len(), 4);
    let q2 = &bank.questions[1];
    assert_eq!(q2.choose, 2);
    assert_eq!(q2.options[3].text, "62");
    assert!(q2.options[4].pin);
    assert_eq!(bank.questions[2].options[2].text, "yes");
    assert_eq!(bank.questions[0].terms, vec!["ESP", "AH"]);
}

#[test]
fn bom_is_accepted() {
    let with_bom = format!("\u{feff}{MINI}");
    assert!(load_str("mini.yaml", &with_bom).is_ok());
}
