//! Finds the line and column of a field in block-style YAML text, by key path.
//!
//! The YAML parser reports positions only for syntax and type errors; semantic errors
//! (a duplicate id, a weight sum) would otherwise have no location. Banks are written in
//! block style, whose structure is visible from indentation alone, so an outline of the
//! text is enough to map `questions.3.options.1.trap` to `12:9`. Flow collections and
//! multi-line scalars are skipped over as values; a path that cannot be found falls back
//! to its nearest located ancestor. This runs only when there is something to report.

use std::collections::HashMap;

/// Position of every key and sequence item in a file, by dotted path.
#[derive(Debug, Default)]
pub struct Outline {
    positions: HashMap<String, (usize, usize)>,
}

#[derive(Debug)]
struct Frame {
    col: usize,
    path: String,
    is_item: bool,
}

impl Outline {
    pub fn of(text: &str) -> Outline {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut seq_counts: HashMap<String, usize> = HashMap::new();
        let mut lines = text.lines().enumerate().peekable();
        while let Some((lineno, line)) = lines.next() {
            let line_no = lineno + 1;
            let indent = line.len() - line.trim_start_matches(' ').len();
            let mut rest = &line[indent..];
            if rest.is_empty() || rest.starts_with('#') || rest.starts_with("---") || rest.starts_with("...") {
                continue;
            }
            let mut col = indent;
            // Sequence items, possibly several on one line (`- - x`).
            while rest == "-" || rest.starts_with("- ") {
                while stack.last().is_some_and(|f| f.col > col || (f.col == col && f.is_item)) {
                    stack.pop();
                }
                let parent = stack.last().map(|f| f.path.clone()).unwrap_or_default();
                let n = seq_counts.entry(parent.clone()).or_insert(0);
                let path = join(&parent, &n.to_string());
                *n += 1;
                positions.insert(path.clone(), (line_no, col + 1));
                stack.push(Frame { col, path, is_item: true });
                let after = rest[1..].trim_start_matches(' ');
                col += rest.len() - after.len();
                rest = after;
            }
            let Some((key, value)) = split_key(rest) else {
                skip_multiline_value(rest, col, &mut lines);
                continue;
            };
            while stack.last().is_some_and(|f| f.col >= col) {
                stack.pop();
            }
            let parent = stack.last().map(|f| f.path.clone()).unwrap_or_default();
            let path = join(&parent, key);
            positions.insert(path.clone(), (line_no, col + 1));
            stack.push(Frame { col, path, is_item: false });
            skip_multiline_value(value, col, &mut lines);
        }
        Outline { positions }
    }

    /// Position of `path`, or of its nearest ancestor that was found, or `(1, 1)`.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(&pos) = self.positions.get(p) {
                return pos;
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return (1, 1),
            }
        }
    }
}

impl Outline {
    /// The index of the `prefix.N` item that contains `line` (the last one starting at or
    /// before it).
    pub fn item_at(&self, prefix: &str, line: usize) -> Option<usize> {
        self.positions
            .iter()
            .filter_map(|(p, &(l, _))| {
                let rest = p.strip_prefix(prefix)?.strip_prefix('.')?;
                let n: usize = rest.parse().ok()?;
                (l <= line).then_some((l, n))
            })
            .max()
            .map(|(_, n)| n)
    }
}

/// Lines where a plain (unquoted) `stem`, `text`, `why` or `explanation` value is followed
/// by ` #`: YAML reads the rest as a comment, cutting the text short. `(line, field)`.
pub fn cut_by_comment(text: &str) -> Vec<(usize, &'static str)> {
    const FIELDS: [&str; 4] = ["stem", "text", "why", "explanation"];
    let mut out = Vec::new();
    if !text.contains(" #") {
        return out;
    }
    for (i, line) in text.lines().enumerate() {
        if !line.contains(" #") {
            continue;
        }
        let mut rest = line.trim_start();
        while let Some(r) = rest.strip_prefix("- ") {
            rest = r.trim_start();
        }
        let Some((key, value)) = split_key(rest) else { continue };
        let Some(field) = FIELDS.iter().find(|f| **f == key) else { continue };
        // `split_key` keeps the comment; a plain value with text before ` #` was cut.
        if value.starts_with(['"', '\'', '|', '>', '[', '{', '#']) {
            continue;
        }
        if let Some(before) = value.split(" #").next()
            && !before.trim().is_empty()
            && value.contains(" #")
        {
            out.push((i + 1, *field));
        }
    }
    out
}

fn join(parent: &str, seg: &str) -> String {
    if parent.is_empty() { seg.to_owned() } else { format!("{parent}.{seg}") }
}

/// Splits `key: value` (or `key:` at end of line), honouring quoted keys.
fn split_key(s: &str) -> Option<(&str, &str)> {
    let (key, after) = if let Some(q) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = s[1..].find(q)? + 1;
        (&s[1..end], &s[end + 1..])
    } else {
        if s.starts_with(['[', '{', '|', '>', '&', '*', '!']) {
            return None;
        }
        let i = s.find(": ").or_else(|| s.strip_suffix(':').map(|k| k.len()))?;
        if s[..i].contains(" #") {
            return None;
        }
        (&s[..i], &s[i..])
    };
    let value = after.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((key.trim(), value.trim()))
}

/// Consumes the continuation lines of a value that spans several lines: block scalars
/// (`|`, `>`), unclosed quotes and unclosed flow collections, so their content is never
/// mistaken for keys.
fn skip_multiline_value<'a, I>(value: &str, col: usize, lines: &mut std::iter::Peekable<I>)
where
    I: Iterator<Item = (usize, &'a str)>,
{
    let value = value.split(" #").next().unwrap_or("").trim_end();
    if value.starts_with('|') || value.starts_with('>') {
        while let Some((_, l)) = lines.peek() {
            let ind = l.len() - l.trim_start_matches(' ').len();
            if l.trim().is_empty() || ind > col {
                lines.next();
            } else {
                break;
            }
        }
        return;
    }
    if value.starts_with('"') && !closes_double(&value[1..]) {
        for (_, l) in lines.by_ref() {
            if closes_double(l) {
                break;
            }
        }
    } else if value.starts_with('\'') && value[1..].matches('\'').count().is_multiple_of(2) {
        for (_, l) in lines.by_ref() {
            if l.matches('\'').count() % 2 == 1 {
                break;
            }
        }
    } else if value.starts_with(['[', '{']) {
        let mut depth = flow_depth(value);
        while depth > 0 {
            match lines.next() {
                Some((_, l)) => depth += flow_depth(l),
                None => break,
            }
        }
    }
}

fn closes_double(s: &str) -> bool {
    let mut escaped = false;
    for c in s.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return true,
            _ => escaped = false,
        }
    }
    false
}

fn flow_depth(s: &str) -> i64 {
    s.chars()
        .map(|c| match c {
            '[' | '{' => 1,
            ']' | '}' => -1,
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
exam:
  id: x
  title: \"T: t\"
domains:
- id: a
  name: A
  weight: 100
questions:
  - id: q1
    stem: |
      id: not a key
      - not an item
    options:
      - text: one
        correct: true
      - text: two
        trap: term
  # a comment
  - id: q2
    terms: [a,
      b]
    stem: plain
";

    #[test]
    fn finds_nested_keys_and_items() {
        let o = Outline::of(DOC);
        assert_eq!(o.find("exam.title"), (3, 3));
        assert_eq!(o.find("domains.0.weight"), (7, 3));
        assert_eq!(o.find("questions.0.stem"), (10, 5));
        assert_eq!(o.find("questions.0.options.1"), (16, 7));
        assert_eq!(o.find("questions.0.options.1.trap"), (17, 9));
        assert_eq!(o.find("questions.1"), (19, 3));
        assert_eq!(o.find("questions.1.stem"), (22, 5));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let o = Outline::of(DOC);
        assert_eq!(o.find("questions.1.explanation"), (19, 3));
        assert_eq!(o.find("nowhere.at.all"), (1, 1));
    }
}
