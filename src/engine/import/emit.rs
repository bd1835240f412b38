//! A bank written as YAML in Proctor's format, as a person would write it: block style,
//! `|` blocks for exhibits and text of several lines, plain scalars where YAML reads them
//! back as the same string, double quotes elsewhere. Written here rather than through the
//! YAML crate's serializer so that the layout is the documented one; a property test reads
//! every emitted bank back through the loader and compares it with the bank written.

use std::fmt::Write as _;

use crate::engine::bank::{Bank, Choice, Kind, Question};

/// The bank as YAML, after `header` (comment lines, without `# `).
pub fn bank(bank: &Bank, header: &[String]) -> String {
    let mut out = String::with_capacity(256 + bank.questions.len() * 600);
    for line in header {
        for l in line.lines() {
            let _ = writeln!(out, "# {}", l.trim_end());
        }
    }
    let e = &bank.exam;
    out.push_str("exam:\n");
    field(&mut out, 2, "id", &e.id);
    field(&mut out, 2, "title", &e.title);
    if let Some(v) = &e.vendor {
        field(&mut out, 2, "vendor", v);
    }
    let _ = writeln!(out, "  minutes: {}", e.minutes);
    let _ = writeln!(out, "  questions: {}", e.questions);
    let _ = writeln!(out, "  passing_score: {}", e.passing_score);
    let _ = writeln!(out, "  buffer: {}", e.buffer);
    if let Some(d) = &e.description {
        field(&mut out, 2, "description", d);
    }
    if let Some(b) = &e.blueprint {
        out.push_str("  blueprint:\n");
        field(&mut out, 4, "source", &b.source);
        let _ = writeln!(out, "    verified: {}", b.verified);
        if let Some(n) = &b.note {
            field(&mut out, 4, "note", n);
        }
    }
    out.push_str("domains:\n");
    for d in &bank.domains {
        item_field(&mut out, 2, "id", &d.id.0);
        field(&mut out, 4, "name", &d.name);
        let _ = writeln!(out, "    weight: {}", d.weight);
        if !d.objectives.is_empty() {
            out.push_str("    objectives:\n");
            for o in &d.objectives {
                item_field(&mut out, 6, "id", &o.id);
                field(&mut out, 8, "title", &o.title);
            }
        }
    }
    let plain: Vec<&Question> = bank.questions.iter().filter(|q| q.testlet.is_none()).collect();
    if !plain.is_empty() {
        out.push_str("questions:\n");
        for q in plain {
            question(&mut out, 2, bank, q);
        }
    }
    if !bank.testlets.is_empty() {
        out.push_str("testlets:\n");
        for (i, t) in bank.testlets.iter().enumerate() {
            item_field(&mut out, 2, "id", &t.id);
            field(&mut out, 4, "title", &t.title);
            field(&mut out, 4, "scenario", &t.scenario);
            if let Some(x) = &t.exhibit {
                field(&mut out, 4, "exhibit", x);
            }
            out.push_str("    questions:\n");
            for q in bank.questions.iter().filter(|q| q.testlet == Some(i)) {
                question(&mut out, 6, bank, q);
            }
        }
    }
    out
}

/// One question as an item of a list whose dashes stand at column `dash`.
fn question(out: &mut String, dash: usize, bank: &Bank, q: &Question) {
    let ind = dash + 2;
    item_field(out, dash, "id", &q.id.0);
    field(out, ind, "domain", &bank.domains[q.domain].id.0);
    if q.kind != Kind::Choice {
        let _ = writeln!(out, "{}type: {}", pad(ind), q.kind.name());
    }
    if q.partial && q.kind.is_sequence() {
        let _ = writeln!(out, "{}partial: true", pad(ind));
    }
    field(out, ind, "stem", &q.stem);
    if let Some(x) = &q.exhibit {
        field(out, ind, "exhibit", x);
    }
    match q.kind {
        Kind::Choice => {
            let _ = writeln!(out, "{}options:", pad(ind));
            for o in &q.options {
                option(out, ind + 2, o);
            }
        }
        Kind::Order => list(out, ind, "items", q.options.iter().map(|o| o.text.as_str())),
        Kind::Match => {
            let _ = writeln!(out, "{}pairs:", pad(ind));
            for (l, r) in q.lefts.iter().zip(&q.options) {
                item_field(out, ind + 2, "left", l);
                field(out, ind + 4, "right", &r.text);
            }
            if q.options.len() > q.lefts.len() {
                list(out, ind, "extra", q.options[q.lefts.len()..].iter().map(|o| o.text.as_str()));
            }
        }
        Kind::Text => list(out, ind, "answers", q.answers.iter().map(String::as_str)),
    }
    if let Some(x) = &q.explanation {
        field(out, ind, "explanation", x);
    }
    if !q.terms.is_empty() {
        list(out, ind, "terms", q.terms.iter().map(String::as_str));
    }
    if !q.refs.is_empty() {
        list(out, ind, "refs", q.refs.iter().map(String::as_str));
    }
    if let Some(d) = q.difficulty {
        let _ = writeln!(out, "{}difficulty: {d}", pad(ind));
    }
    if let Some(o) = &q.objective {
        field(out, ind, "objective", o);
    }
    if !q.enemies.is_empty() {
        list(out, ind, "enemies", q.enemies.iter().map(|e| e.0.as_str()));
    }
}

fn option(out: &mut String, dash: usize, o: &Choice) {
    let ind = dash + 2;
    item_field(out, dash, "text", &o.text);
    if o.correct {
        let _ = writeln!(out, "{}correct: true", pad(ind));
    }
    if let Some(w) = &o.why {
        field(out, ind, "why", w);
    }
    if let Some(t) = o.trap {
        let _ = writeln!(out, "{}trap: {}", pad(ind), t.name());
    }
    if o.pin {
        let _ = writeln!(out, "{}pin: true", pad(ind));
    }
}

fn list<'a>(out: &mut String, ind: usize, key: &str, items: impl Iterator<Item = &'a str>) {
    let _ = writeln!(out, "{}{key}:", pad(ind));
    for t in items {
        let _ = write!(out, "{}- ", pad(ind + 2));
        scalar(out, ind + 2, t);
    }
}

fn pad(n: usize) -> &'static str {
    const SPACES: &str = "                                                                ";
    &SPACES[..n.min(SPACES.len())]
}

/// `key: value` at indentation `ind`.
fn field(out: &mut String, ind: usize, key: &str, value: &str) {
    let _ = write!(out, "{}{key}: ", pad(ind));
    scalar(out, ind, value);
}

/// `- key: value`, the dash at column `dash`: the first field of a list item.
fn item_field(out: &mut String, dash: usize, key: &str, value: &str) {
    let _ = write!(out, "{}- {key}: ", pad(dash));
    scalar(out, dash + 2, value);
}

/// A scalar value after `key: ` or `- ` (the line is open), its node at indentation
/// `parent`; ends the line. Block content goes two columns deeper than `parent`.
fn scalar(out: &mut String, parent: usize, s: &str) {
    if s.contains('\n') && block_safe(s) {
        let first = s.lines().find(|l| !l.is_empty()).unwrap_or("");
        let indicator = if first.starts_with(' ') { "2" } else { "" };
        let body = s.trim_end_matches('\n');
        let trailing = s.len() - body.len();
        let chomp = match trailing {
            0 => "-",
            1 => "",
            _ => "+",
        };
        let _ = writeln!(out, "|{indicator}{chomp}");
        for line in s.split('\n').take(body.split('\n').count() + trailing.saturating_sub(1)) {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{}{line}", pad(parent + 2));
            }
        }
        return;
    }
    if plain_safe(s) {
        out.push_str(s);
    } else {
        quoted(out, s);
    }
    out.push('\n');
}

/// Characters YAML does not allow raw in a block, or reads as line breaks.
fn special(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Whether `s` can be a `|` block: printable, and no line the bank's check for plain
/// values cut by ` #` would misread as a `key: value`.
fn block_safe(s: &str) -> bool {
    !s.chars().any(special)
        && s.lines().all(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            !(l.contains(" #") && ["stem:", "text:", "why:", "explanation:"].iter().any(|k| t.starts_with(k)))
        })
}

/// Whether `s` written plain reads back as the same string: it starts with a letter,
/// holds nothing YAML gives a meaning to (`: `, ` #`, `? `, a trailing `:`), has no white
/// space at either end, and is not a word YAML reads as a boolean, null or number.
fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if !(first.is_alphabetic() || matches!(first, '(' | '/' | '$')) {
        return false;
    }
    if s.ends_with([' ', ':']) || s.contains(": ") || s.contains(" #") || s.contains("? ") || s.contains(['\t', '\n']) {
        return false;
    }
    if s.chars().any(|c| special(c) || c == '\u{a0}') {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let reserved = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf", "infinity"];
    !reserved.contains(&lower.as_str()) && s.parse::<f64>().is_err()
}

/// `s` double-quoted, with escapes for what cannot stand raw.
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if special(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> String {
        let mut out = String::new();
        scalar(&mut out, 2, s);
        out
    }

    #[test]
    fn scalars_take_the_plainest_style_that_reads_back() {
        assert_eq!(one("Which port?"), "Which port?\n");
        assert_eq!(one("yes"), "\"yes\"\n");
        assert_eq!(one("50"), "\"50\"\n");
        assert_eq!(one("a: b"), "\"a: b\"\n");
        assert_eq!(one("line one\nline two\n"), "|\n    line one\n    line two\n");
        assert_eq!(one("  indented\nnext"), "|2-\n      indented\n    next\n");
        assert_eq!(one("end\n\n"), "|+\n    end\n\n");
    }
}
