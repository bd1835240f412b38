//! CSV saved from a spreadsheet: one question a row, columns found by their header
//! (case-insensitive, spaces and dashes as underscores): `question`, the options `a`..`j`
//! (or `option1`..`option10`, `option_a`..), `answer` (letters such as `B` or `A,C`, or
//! the right option's text), `explanation`, `domain`, `why_a`..`why_j` (or `why1`..),
//! and optionally `exhibit`, `id` and `title`. Commas, semicolons or tabs separate the
//! fields, as the header row shows.

use super::{Body, Category, Item, ItemOption, Parsed, Pos, SyntaxError, clean_exhibit, clean_text, pos_at, same_text};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Question,
    Option(usize),
    Why(usize),
    Answer,
    Explanation,
    Domain,
    Exhibit,
    Id,
    Title,
}

/// The column a header names, if Proctor reads it.
fn column(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase().replace([' ', '-'], "_");
    let index = |s: &str| -> Option<usize> {
        let s = s.strip_prefix('_').unwrap_or(s);
        match s.as_bytes() {
            [c @ b'a'..=b'j'] => Some((c - b'a') as usize),
            _ => s.parse::<usize>().ok().filter(|n| (1..=10).contains(n)).map(|n| n - 1),
        }
    };
    Some(match h.as_str() {
        "question" | "stem" | "question_text" | "questiontext" => Column::Question,
        "answer" | "answers" | "correct" | "correct_answer" | "key" => Column::Answer,
        "explanation" | "general_feedback" | "feedback" => Column::Explanation,
        "domain" | "category" | "topic" => Column::Domain,
        "exhibit" => Column::Exhibit,
        "id" => Column::Id,
        "title" | "name" => Column::Title,
        _ => {
            if let Some(i) = h.strip_prefix("why").and_then(index) {
                Column::Why(i)
            } else if let Some(i) = h.strip_prefix("option").and_then(index) {
                Column::Option(i)
            } else if let Some(i) = index(&h).filter(|_| h.len() == 1) {
                Column::Option(i)
            } else {
                return None;
            }
        }
    })
}

/// The separator the header row uses: the most frequent of `,`, `;` and tab outside quotes.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Byte offset where field `field` of the record starting at `start` begins.
fn field_start(text: &str, start: usize, field: usize, delim: u8) -> usize {
    let bytes = text.as_bytes();
    let mut quoted = false;
    let mut k = 0;
    let mut i = start;
    while i < bytes.len() && k < field {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b if b == delim && !quoted => k += 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// Reads a CSV file.
pub fn parse(text: &str) -> Result<Parsed, Vec<SyntaxError>> {
    let delim = delimiter(text);
    let mut reader =
        ::csv::ReaderBuilder::new().delimiter(delim).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let located = |e: &::csv::Error| match e.position() {
        Some(p) => pos_at(text, p.byte() as usize),
        None => Pos::new(1, 1),
    };
    let headers = reader.headers().map_err(|e| vec![SyntaxError::new(located(&e), e.to_string())])?.clone();
    let mut parsed = Parsed::default();
    let columns: Vec<Option<Column>> = headers.iter().map(column).collect();
    let ignored: Vec<&str> =
        headers.iter().zip(&columns).filter(|(h, c)| c.is_none() && !h.trim().is_empty()).map(|(h, _)| h).collect();
    if !ignored.is_empty() {
        parsed.note(
            Pos::new(1, 1),
            format!(
                "column(s) {} are not ones Proctor reads; ignored",
                ignored.iter().map(|h| format!("`{}`", h.trim())).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    let has = |c: Column| columns.contains(&Some(c));
    let options = columns.iter().filter(|c| matches!(c, Some(Column::Option(_)))).count();
    let mut missing = Vec::new();
    if !has(Column::Question) {
        missing.push("a `question` column");
    }
    if !has(Column::Answer) {
        missing.push("an `answer` column");
    }
    if options < 2 {
        missing.push("at least two option columns (`a`, `b`, … or `option1`, `option2`, …)");
    }
    if !missing.is_empty() {
        return Err(vec![SyntaxError::new(
            Pos::new(1, 1),
            format!(
                "the header row needs {}; it names: {}",
                missing.join(", "),
                headers.iter().map(|h| format!("`{}`", h.trim())).collect::<Vec<_>>().join(", ")
            ),
        )]);
    }
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(SyntaxError::new(located(&e), e.to_string()));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let pos = pos_at(text, start);
        let mut stem = String::new();
        let mut opts: Vec<Option<String>> = vec![None; 10];
        let mut whys: Vec<Option<String>> = vec![None; 10];
        let (mut answer, mut answer_field) = (String::new(), 0);
        let mut item = Item {
            pos,
            category: None,
            name: None,
            id: None,
            stem: String::new(),
            exhibit: None,
            body: Body::Choice(Vec::new()),
            explanation: None,
        };
        for (i, field) in record.iter().enumerate() {
            let Some(Some(col)) = columns.get(i) else { continue };
            let value = clean_text(field);
            if value.is_empty() {
                continue;
            }
            match *col {
                Column::Question => stem = value,
                Column::Option(k) => opts[k] = Some(value),
                Column::Why(k) => whys[k] = Some(value),
                Column::Answer => (answer, answer_field) = (value, i),
                Column::Explanation => item.explanation = Some(value),
                Column::Domain => item.category = Some(Category { name: value, id: None }),
                Column::Exhibit => item.exhibit = clean_exhibit(field),
                Column::Id => item.id = Some(value),
                Column::Title => item.name = Some(value),
            }
        }
        let answer_pos = || pos_at(text, field_start(text, start, answer_field, delim));
        // Options keep their letters: a gap (`a`, `b`, `d`) is closed up, the letters read
        // as the spreadsheet shows them.
        let letters: Vec<usize> = (0..10).filter(|&k| opts[k].is_some()).collect();
        if stem.is_empty() {
            parsed.skip(pos, "the row has no question text");
            continue;
        }
        if letters.len() < 2 {
            parsed.skip(pos, format!("the row has {} option(s); a choice question needs 2 to 10", letters.len()));
            continue;
        }
        if answer.is_empty() {
            errors.push(SyntaxError::new(
                answer_pos(),
                "the row has no answer; give the right option's letter (B) or letters (A,C)",
            ));
            continue;
        }
        let right = match letters_of(&answer) {
            Some(ls) => {
                if let Some(&bad) = ls.iter().find(|&&l| opts.get(l).is_none_or(Option::is_none)) {
                    let have: String = letters
                        .iter()
                        .map(|&k| crate::engine::bank::letter(k))
                        .map(String::from)
                        .collect::<Vec<_>>()
                        .join(", ");
                    errors.push(SyntaxError::new(
                        answer_pos(),
                        format!(
                            "answer `{}` names no option in this row (it has {have})",
                            crate::engine::bank::letter(bad)
                        ),
                    ));
                    continue;
                }
                ls
            }
            None => match letters.iter().find(|&&k| opts[k].as_deref().is_some_and(|o| same_text(o, &answer))) {
                Some(&k) => vec![k],
                None => {
                    errors.push(SyntaxError::new(
                        answer_pos(),
                        format!("answer `{answer}` is neither option letters (B, or A,C) nor the text of an option"),
                    ));
                    continue;
                }
            },
        };
        let mut options = Vec::new();
        for &k in &letters {
            let text = opts[k].take().unwrap_or_default();
            options.push(ItemOption::new(text, right.contains(&k), whys[k].take()));
        }
        item.stem = stem;
        item.body = Body::Choice(options);
        parsed.items.push(item);
    }
    if errors.is_empty() { Ok(parsed) } else { Err(errors) }
}

/// `B`, `A,C`, `a; c`, `A C` or `1,3` as option indices; `None` when the answer is
/// something else (the text of an option, perhaps).
fn letters_of(answer: &str) -> Option<Vec<usize>> {
    let parts: Vec<&str> = answer.split([',', ';', ' ', '/', '&']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let mut out = Vec::new();
    for p in parts {
        let k = match p.as_bytes() {
            [c] if c.is_ascii_alphabetic() => (c.to_ascii_uppercase() - b'A') as usize,
            _ => p.parse::<usize>().ok().filter(|n| (1..=10).contains(n))? - 1,
        };
        if !out.contains(&k) {
            out.push(k);
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_by_name_in_any_case() {
        assert_eq!(column(" Question "), Some(Column::Question));
        assert_eq!(column("Option 3"), Some(Column::Option(2)));
        assert_eq!(column("why_b"), Some(Column::Why(1)));
        assert_eq!(column("C"), Some(Column::Option(2)));
        assert_eq!(column("notes"), None);
    }

    #[test]
    fn semicolons_are_a_separator_when_the_header_uses_them() {
        let p = parse("question;a;b;answer\nWhich?;x;y;B\n").expect("parses");
        let Body::Choice(o) = &p.items[0].body else { panic!("choice") };
        assert!(o[1].correct && !o[0].correct);
    }

    #[test]
    fn an_answer_letter_without_an_option_is_located_at_its_field() {
        let e = parse("question,a,b,answer\n\"Which, really?\",x,y,D\n").unwrap_err();
        assert_eq!(e[0].pos, Pos::new(2, 22), "{e:?}");
    }
}
