//! Aiken: the simplest multiple-choice format. A question is its text (one or more lines),
//! options `A. text` or `A) text` one per line, and `ANSWER: B`; blank lines between
//! questions. It has no feedback, categories or other types.

use super::{Body, Item, ItemOption, Parsed, Pos, SyntaxError, clean_text};

/// `(letter, text)` when `line` is an option line such as `B) Text`.
fn option_line(line: &str) -> Option<(char, &str)> {
    let b = line.as_bytes();
    if b.len() < 3 || !b[0].is_ascii_uppercase() || !matches!(b[1], b'.' | b')') || !matches!(b[2], b' ' | b'\t') {
        return None;
    }
    Some((b[0] as char, line[3..].trim()))
}

/// The answer of an `ANSWER: B` line (what follows the colon, trimmed), when it is one.
pub(crate) fn answer_line(line: &str) -> Option<&str> {
    let head = line.get(..7)?;
    if !head.eq_ignore_ascii_case("ANSWER:") {
        return None;
    }
    Some(line[7..].trim())
}

/// Reads an Aiken file.
pub fn parse(text: &str) -> Result<Parsed, Vec<SyntaxError>> {
    let mut parsed = Parsed::default();
    let mut errors = Vec::new();
    let mut stem: Vec<&str> = Vec::new();
    let mut start = Pos::default();
    let mut options: Vec<(char, String, Pos)> = Vec::new();
    // After an error, the rest of that question is skipped up to its ANSWER line.
    let mut skipping = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let indent = raw.chars().count() - raw.trim_start().chars().count();
        let at = |col: usize| Pos::new(n + 1, indent + col);
        if line.is_empty() {
            if !options.is_empty() && !skipping {
                errors.push(SyntaxError::new(
                    at(1),
                    "the question's options end without an `ANSWER:` line; add `ANSWER: ` and the right letter",
                ));
                skipping = true;
            }
            if options.is_empty() {
                stem.clear();
                skipping = false;
            }
            continue;
        }
        if let Some(answer) = answer_line(line) {
            if skipping {
                (stem, options, skipping) = (Vec::new(), Vec::new(), false);
                continue;
            }
            if options.is_empty() {
                errors.push(SyntaxError::new(at(1), "`ANSWER:` before any option (`A. text`)"));
                stem.clear();
                continue;
            }
            let col = indent + 7 + line[7..].find(answer).unwrap_or(0) + 1;
            let letter = answer.chars().next().map(|c| c.to_ascii_uppercase());
            match letter.filter(|_| answer.chars().count() == 1) {
                Some(l) if options.iter().any(|(o, _, _)| *o == l) => {
                    let opts =
                        options.drain(..).map(|(o, t, _)| ItemOption::new(clean_text(&t), o == l, None)).collect();
                    parsed.items.push(Item {
                        pos: start,
                        category: None,
                        name: None,
                        id: None,
                        stem: clean_text(&stem.join("\n")),
                        exhibit: None,
                        body: Body::Choice(opts),
                        explanation: None,
                    });
                }
                Some(l) if l.is_ascii_uppercase() => {
                    let last = options.last().map_or('A', |o| o.0);
                    errors.push(SyntaxError::new(
                        Pos::new(n + 1, col),
                        format!("`ANSWER: {answer}` names no option; this question's options are A to {last}"),
                    ));
                }
                _ => errors.push(SyntaxError::new(
                    Pos::new(n + 1, col),
                    format!("`ANSWER: {answer}` is not one option letter; write `ANSWER: B`"),
                )),
            }
            stem.clear();
            options.clear();
            continue;
        }
        if skipping {
            continue;
        }
        if let Some((letter, text)) = option_line(line) {
            if stem.is_empty() {
                errors.push(SyntaxError::new(at(1), format!("option {letter} comes before any question text")));
                skipping = true;
                continue;
            }
            if let Some((_, _, p)) = options.iter().find(|(o, _, _)| *o == letter) {
                errors.push(SyntaxError::new(
                    at(1),
                    format!("a second option {letter} (the first is at line {}); letters must differ", p.line),
                ));
                skipping = true;
                continue;
            }
            options.push((letter, text.to_owned(), at(1)));
            continue;
        }
        if !options.is_empty() {
            errors.push(SyntaxError::new(
                at(1),
                "text after the options: expected another option (`E. text`) or `ANSWER: ` and the right letter",
            ));
            skipping = true;
            continue;
        }
        if stem.is_empty() {
            start = at(1);
        }
        stem.push(line);
    }
    if !options.is_empty() && !skipping {
        let end = Pos::new(text.lines().count().max(1), 1);
        errors.push(SyntaxError::new(end, "the file ends before the last question's `ANSWER:` line"));
    }
    if errors.is_empty() { Ok(parsed) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_option_styles() {
        let p = parse("Which port does SSH use?\nA. 22\nB) 23\nANSWER: A\n\nAnd HTTPS?\nA) 443\nB) 80\nANSWER: a\n")
            .expect("parses");
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.items[1].pos, Pos::new(6, 1));
    }

    #[test]
    fn an_answer_without_an_option_is_located_at_its_letter() {
        let e = parse("Q?\nA. x\nB. y\nANSWER: E\n").unwrap_err();
        assert_eq!(e[0].pos, Pos::new(4, 9));
        assert!(e[0].message.contains("options are A to B"), "{e:?}");
    }
}
