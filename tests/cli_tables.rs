//! The commands' text tables line up by display width, so a bank titled in Chinese (or
//! with an emoji) does not push its columns out of line.

use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;

#[test]
fn banks_table_aligns_wide_titles_by_display_width() {
    let dir = tempfile::tempdir().expect("tempdir");
    let banks = dir.path().join("question_banks");
    std::fs::create_dir(&banks).expect("banks dir");
    let wide = format!("{}/tests/fixtures/banks/valid/wide.yaml", env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(wide, banks.join("wide.yaml")).expect("copy");
    let out = Command::cargo_bin("proctor")
        .expect("binary")
        .current_dir(dir.path())
        .env("PROCTOR_DATA_DIR", dir.path().join("data"))
        .arg("banks")
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let header = text.lines().next().expect("header");
    let row = text.lines().find(|l| l.starts_with("wide ")).expect("the wide bank's row");
    // Everything before SOURCE takes the same number of columns in every row.
    let source_at = |line: &str, source: &str| line.find(source).map(|i| line[..i].width());
    assert_eq!(source_at(row, "question_banks"), source_at(header, "SOURCE"), "{text}");
}
