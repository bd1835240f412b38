//! The README's "Bring your own questions" section, run: each file it shows (a line
//! "`NAME`:" before a code block) is written to a temporary directory, each `proctor`
//! command of a `sh` block is run there, and a `text` block right after a `sh` block is the
//! exact output of its last command; a block after "`NAME` then holds" must appear in NAME.
#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// The fenced blocks of the section, each with the line before it.
fn blocks(section: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut lines = section.lines().peekable();
    let mut before = String::new();
    while let Some(line) = lines.next() {
        if let Some(lang) = line.strip_prefix("```") {
            let mut body = String::new();
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            out.push((before.clone(), lang.to_owned(), body));
            before.clear();
        } else if !line.trim().is_empty() {
            before = line.to_owned();
        }
    }
    out
}

#[test]
fn the_readme_examples_do_what_it_says() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let start = readme.find("## Bring your own questions").expect("the section");
    let rest = &readme[start + 3..];
    let section = &rest[..rest.find("\n## ").expect("a next section")];
    let dir = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("data dir");
    let mut last: Option<(String, String)> = None;
    let (mut files, mut runs, mut outputs) = (0, 0, 0);
    for (before, lang, body) in blocks(section) {
        let name =
            before.strip_prefix('`').and_then(|b| b.split_once('`')).map(|(n, after)| (n.to_owned(), after.to_owned()));
        match (&name, lang.as_str()) {
            (Some((n, after)), _) if after == ":" => {
                fs::write(dir.path().join(n), &body).expect("write");
                files += 1;
            }
            (Some((n, after)), _) if after.starts_with(" then holds") => {
                let text = fs::read_to_string(dir.path().join(n)).expect("written by an example");
                assert!(text.contains(&body), "{n} does not hold\n{body}\nbut\n{text}");
            }
            (_, "sh") => {
                for cmd in body.lines().filter(|l| l.starts_with("proctor ")) {
                    let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
                    let out = Command::cargo_bin("proctor")
                        .expect("binary")
                        .args(&args)
                        .current_dir(dir.path())
                        .env("PROCTOR_DATA_DIR", data.path())
                        .timeout(Duration::from_secs(20))
                        .output()
                        .expect("runs");
                    assert!(out.status.success(), "{cmd}: {}", String::from_utf8_lossy(&out.stderr));
                    last = Some((cmd.to_owned(), String::from_utf8(out.stdout).expect("UTF-8")));
                    runs += 1;
                }
                continue;
            }
            (_, "text") if last.is_some() => {
                let (cmd, stdout) = last.take().expect("checked");
                assert_eq!(stdout, body, "the output of `{cmd}`");
                outputs += 1;
            }
            _ => {}
        }
        last = None;
    }
    assert!(files >= 4 && runs >= 5 && outputs >= 5, "{files} files, {runs} commands, {outputs} outputs");
}
