//! GIFT, Moodle's plain-text question format, read and written.
//!
//! A file is questions separated by blank lines; lines starting with `//` are comments.
//! A question is an optional `::title::`, an optional `[html]`/`[moodle]`/`[plain]`/
//! `[markdown]` format, the text, and its answers in braces: `=right ~wrong`, weights as
//! `~%50%`, per-answer feedback after `#`, general feedback after `####`; `{T}`/`{F}` for
//! true/false, only `=` answers for short answer, `=left -> right` for matching.
//! `$CATEGORY: path` files the questions after it. `\~ \= \# \{ \} \: \\` escape those
//! characters and `\n` is a line break. Text after the braces makes a missing-word question
//! (the blank shown as `_____`). Essays (`{}`), numerical answers (`{#...}`) and
//! descriptions (no braces) have no Proctor item type: they are reported, not imported.

use super::export::Exported;
use super::html;
use super::{Body, Category, Item, ItemOption, Parsed, Pos, SyntaxError, category_from_path, clean_text};
use crate::engine::bank::{Bank, Kind};

/// One character of a question, with whether it was escaped and where it was written.
#[derive(Debug, Clone, Copy)]
struct Ch {
    c: char,
    esc: bool,
    pos: Pos,
}

/// How a question's text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextFormat {
    /// As written (no format, `[plain]`, `[markdown]`: Proctor shows markdown as is).
    Plain,
    Html,
    /// Moodle auto-format: HTML, with line breaks kept.
    Moodle,
}

impl TextFormat {
    fn render(self, s: &str) -> html::Rendered {
        match self {
            TextFormat::Plain => html::Rendered { text: clean_text(s), ..Default::default() },
            TextFormat::Html => html::render(s),
            TextFormat::Moodle => html::render(&s.replace('\n', "<br>\n")),
        }
    }
}

/// Reads a GIFT file.
pub fn parse(text: &str) -> Result<Parsed, Vec<SyntaxError>> {
    let mut parsed = Parsed::default();
    let mut errors = Vec::new();
    let mut category: Option<Category> = None;
    for block in blocks(text) {
        let mut chars = block;
        if starts_with(&chars, "$CATEGORY:") {
            let end = chars.iter().position(|c| c.c == '\n' && !c.esc).unwrap_or(chars.len());
            let path: String = chars[10..end].iter().map(|c| c.c).collect();
            category = category_from_path(&path, None);
            chars.drain(..(end + 1).min(chars.len()));
            if chars.iter().all(|c| c.c.is_whitespace()) {
                continue;
            }
        }
        if let Err(e) = question(&chars, &category, &mut parsed) {
            errors.push(e);
        }
    }
    if errors.is_empty() { Ok(parsed) } else { Err(errors) }
}

/// The questions of a file: runs of non-blank lines, comment lines dropped, each line
/// trimmed and escapes resolved.
fn blocks(text: &str) -> Vec<Vec<Ch>> {
    let mut out = Vec::new();
    let mut current: Vec<Ch> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let indent = raw.chars().count() - raw.trim_start().chars().count();
        if let Some(last) = current.last() {
            let pos = last.pos;
            current.push(Ch { c: '\n', esc: false, pos });
        }
        let chars: Vec<char> = trimmed.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let pos = Pos::new(n + 1, indent + i + 1);
            let c = chars[i];
            if c == '\\'
                && let Some(&next) = chars.get(i + 1)
                && matches!(next, '~' | '=' | '#' | '{' | '}' | ':' | '\\' | 'n')
            {
                let c = if next == 'n' { '\n' } else { next };
                current.push(Ch { c, esc: true, pos });
                i += 2;
                continue;
            }
            current.push(Ch { c, esc: false, pos });
            i += 1;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn starts_with(chars: &[Ch], s: &str) -> bool {
    let mut it = chars.iter();
    s.chars().all(|c| it.next().is_some_and(|ch| ch.c == c && !ch.esc))
}

fn is(ch: &Ch, c: char) -> bool {
    ch.c == c && !ch.esc
}

fn string(chars: &[Ch]) -> String {
    chars.iter().map(|c| c.c).collect()
}

/// `chars` without white space at either end.
fn trim(chars: &[Ch]) -> &[Ch] {
    let start = chars.iter().position(|c| !c.c.is_whitespace() || c.esc).unwrap_or(chars.len());
    let end = chars.iter().rposition(|c| !c.c.is_whitespace() || c.esc).map_or(start, |i| i + 1);
    &chars[start..end.max(start)]
}

/// Where the unescaped `pat` first starts in `chars`.
fn find(chars: &[Ch], pat: &str) -> Option<usize> {
    let pat: Vec<char> = pat.chars().collect();
    (0..chars.len()).find(|&i| pat.iter().enumerate().all(|(k, &p)| chars.get(i + k).is_some_and(|c| is(c, p))))
}

/// Parts of `chars` split at each unescaped `sep`.
fn split<'a>(chars: &'a [Ch], sep: &str) -> Vec<&'a [Ch]> {
    let mut out = Vec::new();
    let mut rest = chars;
    while let Some(i) = find(rest, sep) {
        out.push(&rest[..i]);
        rest = &rest[i + sep.chars().count()..];
    }
    out.push(rest);
    out
}

fn question(chars: &[Ch], category: &Option<Category>, parsed: &mut Parsed) -> Result<(), SyntaxError> {
    let chars = trim(chars);
    let Some(first) = chars.first() else { return Ok(()) };
    let pos = first.pos;
    let mut rest = chars;
    let mut name = None;
    if starts_with(rest, "::") {
        let Some(end) = find(&rest[2..], "::") else {
            return Err(SyntaxError::new(
                pos,
                "`::` opens a question title that is never closed with `::`; write `::title::` (or escape a literal colon as `\\:`)",
            ));
        };
        name = Some(clean_text(&string(&rest[2..2 + end]))).filter(|n| !n.is_empty());
        rest = trim(&rest[2 + end + 2..]);
    }
    let mut format = TextFormat::Plain;
    let mut id = None;
    while rest.first().is_some_and(|c| is(c, '[')) {
        let Some(end) = rest.iter().position(|c| is(c, ']')) else { break };
        let tag = string(&rest[1..end]);
        match tag.trim().to_ascii_lowercase().as_str() {
            "html" => format = TextFormat::Html,
            "moodle" => format = TextFormat::Moodle,
            "plain" | "markdown" => format = TextFormat::Plain,
            t if t.starts_with("id:") => id = Some(tag.trim()[3..].trim().to_owned()),
            t if t.starts_with("tag:") => {}
            _ => break,
        }
        rest = trim(&rest[end + 1..]);
    }
    // The answers: one `{...}` block.
    let mut open: Option<usize> = None;
    let mut close: Option<usize> = None;
    for (i, c) in rest.iter().enumerate() {
        if is(c, '{') {
            if let Some(o) = open.filter(|_| close.is_none()) {
                let at = rest[o].pos;
                return Err(SyntaxError::new(
                    c.pos,
                    format!(
                        "`{{` inside the answers opened at {}:{}; close those with `}}` first, or escape a literal brace as `\\{{`",
                        at.line, at.column
                    ),
                ));
            }
            if close.is_some() {
                return Err(SyntaxError::new(
                    c.pos,
                    "a second answer block: a GIFT question has one `{...}`; separate questions with a blank line",
                ));
            }
            open = Some(i);
        } else if is(c, '}') {
            if open.is_none() || close.is_some() {
                return Err(SyntaxError::new(c.pos, "`}` closes no answer block; escape a literal brace as `\\}`"));
            }
            close = Some(i);
        }
    }
    let (open, close) = match (open, close) {
        (None, _) => {
            parsed.skip(pos, "a description (text without answers in braces) has nothing to answer");
            return Ok(());
        }
        (Some(o), None) => {
            return Err(SyntaxError::new(
                rest[o].pos,
                "`{` opens answers that are never closed with `}` (a blank line ends a question, so none may stand inside the braces)",
            ));
        }
        (Some(o), Some(c)) => (o, c),
    };
    let before = string(trim(&rest[..open]));
    let after = string(trim(&rest[close + 1..]));
    let stem_src = if after.is_empty() { before } else { format!("{before} _____ {after}") };
    let stem = format.render(&stem_src);
    for d in &stem.dropped {
        parsed.note(pos, format!("{d} in the question text is left out (Proctor shows text only)"));
    }
    let mut answers = trim(&rest[open + 1..close]);
    let mut explanation = None;
    if let Some(i) = find(answers, "####") {
        explanation = Some(format.render(&string(&answers[i + 4..])).joined()).filter(|e| !e.is_empty());
        answers = trim(&answers[..i]);
    }
    let item = |body: Body| Item {
        pos,
        category: category.clone(),
        name: name.clone(),
        id: id.clone(),
        stem: stem.text.clone(),
        exhibit: stem.exhibit.clone(),
        body,
        explanation: explanation.clone(),
    };
    let render = |chars: &[Ch]| format.render(&string(trim(chars))).joined();
    if answers.is_empty() {
        parsed.skip(pos, "an essay question (`{}`) is marked by a person; Proctor scores only answers it can check");
        return Ok(());
    }
    if is(&answers[0], '#') {
        parsed.skip(
            pos,
            "a numerical question (`{#...}`) accepts a range of numbers; Proctor has no such item type (a text question can hold an exact answer)",
        );
        return Ok(());
    }
    if answers.iter().any(|c| is(c, '~')) {
        let (options, _) = choice(answers, &render, pos, parsed)?;
        parsed.items.push(item(Body::Choice(options)));
        return Ok(());
    }
    if answers.iter().any(|c| is(c, '=')) && find(answers, "->").is_some() {
        let mut pairs = Vec::new();
        let mut extra = Vec::new();
        for part in split(answers, "=").into_iter().skip(1) {
            let Some(arrow) = find(part, "->") else {
                let at = part.first().map_or(pos, |c| c.pos);
                return Err(SyntaxError::new(at, "a matching answer without `->`: write `=left -> right`"));
            };
            let (left, right) = (render(&part[..arrow]), render(&part[arrow + 2..]));
            if left.is_empty() {
                extra.push(right);
            } else {
                pairs.push((left, right));
            }
        }
        if let Some(text) = split(answers, "=").first().map(|t| string(trim(t))).filter(|t| !t.is_empty()) {
            return Err(SyntaxError::new(
                answers[0].pos,
                format!("`{text}` before the first `=` of a matching question"),
            ));
        }
        // Moodle gives credit for each pair matched.
        parsed.items.push(item(Body::Match { pairs, extra, partial: true }));
        return Ok(());
    }
    let parts = split(answers, "#");
    let head = string(trim(parts[0])).to_ascii_uppercase();
    if matches!(head.as_str(), "T" | "TRUE" | "F" | "FALSE") {
        let truth = head.starts_with('T');
        let feedback = |i: usize| parts.get(i).map(|p| render(p)).filter(|f| !f.is_empty());
        // `{T#shown for a wrong answer#shown for a right one}`.
        let (wrong, right) = (feedback(1), feedback(2));
        let (why_true, why_false) = if truth { (right, wrong) } else { (wrong, right) };
        parsed.items.push(item(Body::Choice(vec![
            ItemOption::new("True".into(), truth, why_true),
            ItemOption::new("False".into(), !truth, why_false),
        ])));
        return Ok(());
    }
    // Short answer: `=answer` (with `%weight%`) for each accepted answer.
    let mut accepted = Vec::new();
    let segments = split(answers, "=");
    for (k, seg) in segments.iter().enumerate() {
        let seg = trim(seg);
        if k == 0 && seg.is_empty() {
            continue;
        }
        let (weight, seg) = weight(seg);
        let text_part = split(seg, "#");
        let text = render(text_part[0]);
        if text_part.len() > 1 {
            parsed.note(
                pos,
                format!("the feedback on answer `{text}` is left out: text questions have no per-answer feedback"),
            );
        }
        match weight {
            Some(w) if w <= 0.0 => {
                parsed.note(pos, format!("answer `{text}` gives no credit ({w}%) and is left out"));
            }
            Some(w) if w < 100.0 => {
                parsed.note(pos, format!("answer `{text}` gives partial credit ({w}%) and is accepted as right"));
                accepted.push(text);
            }
            _ => accepted.push(text),
        }
    }
    parsed.items.push(item(Body::Text(accepted)));
    Ok(())
}

/// A `%50%` weight at the start of an answer, and the rest.
fn weight(seg: &[Ch]) -> (Option<f64>, &[Ch]) {
    if !seg.first().is_some_and(|c| is(c, '%')) {
        return (None, seg);
    }
    let Some(end) = seg[1..].iter().position(|c| is(c, '%')) else { return (None, seg) };
    match string(&seg[1..1 + end]).trim().parse::<f64>() {
        Ok(w) if w.is_finite() => (Some(w), trim(&seg[end + 2..])),
        _ => (None, seg),
    }
}

/// The options of a multiple choice answer block, and whether it is single answer (has a
/// `=`): an option is correct when `=` or its weight is above 0.
fn choice(
    answers: &[Ch],
    render: &dyn Fn(&[Ch]) -> String,
    pos: Pos,
    parsed: &mut Parsed,
) -> Result<(Vec<ItemOption>, bool), SyntaxError> {
    let starts: Vec<usize> =
        answers.iter().enumerate().filter(|(_, c)| is(c, '=') || is(c, '~')).map(|(i, _)| i).collect();
    let lead = string(trim(&answers[..starts[0]]));
    if !lead.is_empty() {
        return Err(SyntaxError::new(
            answers[0].pos,
            format!(
                "`{lead}` before the first answer: each answer starts with `=` or `~` (escape a literal one as `\\=` or `\\~`)"
            ),
        ));
    }
    let single = starts.iter().any(|&i| answers[i].c == '=');
    let mut options = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(answers.len());
        let (w, seg) = weight(trim(&answers[s + 1..end]));
        let parts = split(seg, "#");
        let text = render(parts[0]);
        let why = (parts.len() > 1).then(|| render(&seg[parts[0].len() + 1..])).filter(|w| !w.is_empty());
        let correct = match w {
            Some(w) => w > 0.0,
            None => answers[s].c == '=',
        };
        if single && let Some(w) = w.filter(|w| *w > 0.0 && *w < 100.0) {
            parsed.note(
                pos,
                format!("option `{text}` gives partial credit ({w}%); Proctor marks it correct, so the question asks for each option that gives credit"),
            );
        }
        options.push(ItemOption::new(text, correct, why));
    }
    Ok((options, single))
}

/// GIFT text: the characters GIFT gives a meaning escaped, line breaks as `\n`; white
/// space at the end dropped (GIFT trims it).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.trim_end().chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Writes `bank` as GIFT: a `$CATEGORY:` per domain, each question titled with its id.
pub fn write(bank: &Bank) -> Exported {
    let mut ex = Exported::new(bank, "GIFT");
    ex.lose_bank_settings("GIFT");
    let mut out = format!(
        "// {} (bank `{}`), exported by Proctor.\n// GIFT holds no exam settings or domain weights: give them again to `proctor import`.\n",
        one_line(&bank.exam.title),
        bank.exam.id
    );
    let mut domain: Option<usize> = None;
    for flat in super::export::flatten(bank, "GIFT", &mut ex) {
        let q = flat.question;
        if q.kind == Kind::Order {
            ex.leave_out(&q.id.0, "ordering questions: GIFT has none");
            continue;
        }
        let arrow = |s: &str| s.contains("->");
        if q.kind == Kind::Match && (q.lefts.iter().any(|l| arrow(l)) || q.options.iter().any(|o| arrow(&o.text))) {
            ex.leave_out(&q.id.0, "matching items containing `->`, which GIFT reads as the arrow between the sides");
            continue;
        }
        if q.kind == Kind::Text && q.answers.iter().any(|a| arrow(a)) {
            ex.leave_out(&q.id.0, "accepted answers containing `->`, which GIFT reads as a matching question");
            continue;
        }
        if domain != Some(q.domain) {
            domain = Some(q.domain);
            let name = one_line(&bank.domains[q.domain].name).replace('/', "//");
            out.push_str(&format!("\n$CATEGORY: $course$/top/{name}\n"));
        }
        ex.count(q, "GIFT");
        if q.options.iter().any(|o| o.pin) {
            ex.change("pinned options: GIFT cannot keep an option in its place; dropped".into(), &q.id.0);
        }
        let html_mode = flat.exhibit.is_some();
        let text = |s: &str| if html_mode { escape(&html::escape(s.trim_end())) } else { escape(s) };
        let stem = match &flat.exhibit {
            Some(e) => format!("[html]{}", escape(&html::stem_with_exhibit(&flat.stem, e))),
            // `[` at the start would be read as a format.
            None if flat.stem.starts_with('[') => format!("[plain]{}", escape(&flat.stem)),
            None => escape(&flat.stem),
        };
        out.push_str(&format!("\n::{}::{} {{\n", escape(&q.id.0), stem));
        match q.kind {
            Kind::Choice => {
                let correct = q.options.iter().filter(|o| o.correct).count();
                for o in &q.options {
                    let mark = if correct == 1 {
                        if o.correct { "=".to_owned() } else { "~".to_owned() }
                    } else if o.correct {
                        format!("~%{}%", fraction(100.0 / correct as f64))
                    } else {
                        "~%-100%".to_owned()
                    };
                    out.push_str(&format!("  {mark}{}", text(&o.text)));
                    if let Some(w) = &o.why {
                        out.push_str(&format!(" #{}", text(w)));
                    }
                    out.push('\n');
                }
            }
            Kind::Match => {
                for (l, r) in q.lefts.iter().zip(&q.options) {
                    out.push_str(&format!("  ={} -> {}\n", text(l), text(&r.text)));
                }
                for r in &q.options[q.lefts.len()..] {
                    out.push_str(&format!("  = -> {}\n", text(&r.text)));
                }
            }
            Kind::Text => {
                for a in &q.answers {
                    out.push_str(&format!("  ={}\n", text(a)));
                }
            }
            Kind::Order => {}
        }
        if let Some(e) = &q.explanation {
            out.push_str(&format!("  ####{}\n", text(e)));
        }
        out.push_str("}\n");
    }
    ex.text = out;
    ex
}

/// A share of 100 as Moodle writes grades: whole, or to five decimals.
pub(crate) fn fraction(f: f64) -> String {
    if (f - f.round()).abs() < 1e-9 { format!("{}", f.round() as i64) } else { format!("{f:.5}") }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str) -> Item {
        let p = parse(src).expect("parses");
        assert_eq!(p.items.len(), 1, "{p:?}");
        p.items.into_iter().next().expect("one item")
    }

    #[test]
    fn escapes_are_literal_text() {
        let item = one("::T\\:1:: Is 2 \\= 1 \\+ 1 \\{really\\} \\~ \\# ok?\\nYes. {T}");
        assert_eq!(item.name.as_deref(), Some("T:1"));
        assert_eq!(item.stem, "Is 2 = 1 \\+ 1 {really} ~ # ok?\nYes.");
    }

    #[test]
    fn weights_mark_partial_answers_correct() {
        let item = one("Pick {=a ~%50%b ~%-50%c ~d}");
        let Body::Choice(o) = item.body else { panic!("choice") };
        assert_eq!(o.iter().map(|o| o.correct).collect::<Vec<_>>(), vec![true, true, false, false]);
    }

    #[test]
    fn unbalanced_braces_are_located() {
        let e = parse("Q1 {=a ~b\n").unwrap_err();
        assert_eq!(e[0].pos, Pos::new(1, 4));
        let e = parse("\n  Q2 =a} \n").unwrap_err();
        assert_eq!(e[0].pos, Pos::new(2, 8));
    }

    #[test]
    fn fractions_are_written_as_moodle_grades() {
        assert_eq!(fraction(50.0), "50");
        assert_eq!(fraction(100.0 / 3.0), "33.33333");
    }
}
