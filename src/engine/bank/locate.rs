//! Finds the line and column of a field in block-style YAML text, by key path.
//!
//! The YAML parser reports positions only for syntax and type errors; semantic errors
//! (a duplicate id, a weight sum) would otherwise have no location. Banks are written in
//! block style, whose structure is visible from indentation alone, so an outline of the
//! text is enough to map `questions.3.options.1.trap` to `12:9`. Flow collections are read
//! for the positions of their elements and keys (`items.2` in `items: [a, b, c]`,
//! `pairs.1.right` in `- {left: x, right: y}`); multi-line scalars are skipped over as
//! values; a path that cannot be found falls back to its nearest located ancestor. This
//! runs only when there is something to report.

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
                // `- {left: SSH, right: "22"}`: a flow mapping as a sequence item. A line
                // without the `- ` that starts with a bracket goes on a plain scalar
                // (`[0, 100) holds it`), and is no collection.
                if col > indent && rest.starts_with(['[', '{']) {
                    let parent = stack.last().map(|f| f.path.clone()).unwrap_or_default();
                    scan_flow(&mut positions, &parent, (line_no, line), offset_in(line, rest), &mut lines);
                } else {
                    skip_multiline_value(rest, col, &mut lines);
                }
                continue;
            };
            while stack.last().is_some_and(|f| f.col >= col) {
                stack.pop();
            }
            let parent = stack.last().map(|f| f.path.clone()).unwrap_or_default();
            let path = join(&parent, key);
            positions.insert(path.clone(), (line_no, col + 1));
            if value.starts_with(['[', '{']) {
                scan_flow(&mut positions, &path, (line_no, line), offset_in(line, value), &mut lines);
            } else {
                skip_multiline_value(value, col, &mut lines);
            }
            stack.push(Frame { col, path, is_item: false });
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
    /// Every located path with its position, in no particular order.
    pub fn paths(&self) -> impl Iterator<Item = (&str, (usize, usize))> {
        self.positions.iter().map(|(p, &pos)| (p.as_str(), pos))
    }

    /// The deepest path that starts on `line`: `questions.3.stem` for the line of that
    /// question's `stem:` key.
    pub fn path_on(&self, line: usize) -> Option<&str> {
        self.positions
            .iter()
            .filter(|(_, pos)| pos.0 == line)
            .max_by_key(|(p, pos)| (p.matches('.').count(), pos.1))
            .map(|(p, _)| p.as_str())
    }
}

/// Lines where a plain (unquoted) value of a prose field (`stem`, `text`, `why`,
/// `explanation`, a title, a scenario, an exhibit or a side of a match pair) is followed
/// by ` #`: YAML reads the rest as a comment, cutting the text short. `(line, field)`.
pub fn cut_by_comment(text: &str) -> Vec<(usize, &'static str)> {
    const FIELDS: [&str; 9] = ["stem", "text", "why", "explanation", "title", "scenario", "exhibit", "left", "right"];
    let mut out = Vec::new();
    // Only lines holding ` #` matter: find those (a large bank has millions of lines and
    // few of them), counting the lines skipped on the way.
    let bytes = text.as_bytes();
    let (mut line_no, mut counted_to, mut last_start) = (1, 0, None);
    for at in memchr::memmem::find_iter(bytes, b" #") {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if last_start == Some(start) {
            continue;
        }
        last_start = Some(start);
        line_no += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count();
        counted_to = start;
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |n| at + n);
        let line = text[start..end].strip_suffix('\r').unwrap_or(&text[start..end]);
        let i = line_no - 1;
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
/// (`|`, `>`) and unclosed quotes, so their content is never mistaken for keys (flow
/// collections are read by `scan_flow`).
fn skip_multiline_value<'a, I>(value: &str, col: usize, lines: &mut std::iter::Peekable<I>)
where
    I: Iterator<Item = (usize, &'a str)>,
{
    // A quoted value is judged by its closing quote, which may come after a ` #` inside
    // the quotes (`text: "C # sharp"`); a comment after it does not matter.
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
    } else if value.starts_with('\'') && !closes_single(&value[1..]) {
        for (_, l) in lines.by_ref() {
            if closes_single(l) {
                break;
            }
        }
    }
}

/// Whether a single-quoted scalar's text `s` (after the opening quote) holds its closing
/// quote: a `'` that is not the first of an escaped `''`.
fn closes_single(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}

/// Byte offset of `inner`, a slice of `outer`, within it.
fn offset_in(outer: &str, inner: &str) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
}

/// Records the position of every element and key of the flow collection that starts at
/// byte `start` of `line` (`[a, b]`, `{left: SSH, right: "22"}`, nested, over several
/// lines if it is not closed on the first), under `path`: `path.1`, `path.left`. Its
/// continuation lines are consumed, so their content is never mistaken for keys.
fn scan_flow<'a, I>(
    positions: &mut HashMap<String, (usize, usize)>,
    path: &str,
    (line_no, line): (usize, &str),
    start: usize,
    lines: &mut std::iter::Peekable<I>,
) where
    I: Iterator<Item = (usize, &'a str)>,
{
    let mut flow = Flow { positions: Some(positions), root: path, ..Flow::default() };
    if flow.feed(line_no, line, start) {
        return;
    }
    for (i, l) in lines.by_ref() {
        if flow.feed(i + 1, l, 0) {
            return;
        }
    }
}

/// What the flow scanner expects next.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A sequence element or a mapping key.
    #[default]
    Item,
    /// The value after a mapping key's `:`.
    Value,
    /// A `,`, a `:` or the closing bracket.
    After,
}

/// A flow collection being read, character by character.
#[derive(Default)]
struct Flow<'p, 'r> {
    positions: Option<&'p mut HashMap<String, (usize, usize)>>,
    root: &'r str,
    /// Open collections: their path, whether a sequence, and its elements so far.
    stack: Vec<(String, bool, usize)>,
    expect: Expect,
    quote: Option<char>,
    escaped: bool,
    plain: bool,
    /// A mapping key being read: its text so far and where it starts.
    key: Option<(String, (usize, usize))>,
    /// The path of the last key read, for a collection as its value.
    last_key: Option<String>,
}

impl Flow<'_, '_> {
    /// Reads `line` from byte `start`; true once the outermost collection is closed.
    fn feed(&mut self, line_no: usize, line: &str, start: usize) -> bool {
        let mut chars = line[start..].char_indices().peekable();
        let mut col = line[..start].chars().count();
        let mut prev_space = true;
        while let Some((_, c)) = chars.next() {
            col += 1;
            let next = chars.peek().map(|&(_, n)| n);
            let pos = (line_no, col);
            if let Some(q) = self.quote {
                match c {
                    _ if self.escaped => self.escaped = false,
                    '\\' if q == '"' => self.escaped = true,
                    '\'' if q == '\'' && next == Some('\'') => {
                        self.push_key_char(c);
                        chars.next();
                        col += 1;
                    }
                    _ if c == q => {
                        self.quote = None;
                        self.end_scalar();
                    }
                    _ => self.push_key_char(c),
                }
                continue;
            }
            if c == ' ' || c == '\t' {
                prev_space = true;
                if self.plain {
                    self.push_key_char(c);
                }
                continue;
            }
            if c == '#' && prev_space {
                break;
            }
            prev_space = false;
            if self.plain {
                let ends = matches!(c, ',' | ']' | '}')
                    || (c == ':' && next.is_none_or(|n| n == ' ' || matches!(n, ',' | ']' | '}')));
                if !ends {
                    self.push_key_char(c);
                    continue;
                }
                self.plain = false;
                self.end_scalar();
            }
            match c {
                ',' => self.expect = Expect::Item,
                ':' => {
                    if self.expect == Expect::After {
                        self.expect = Expect::Value;
                    }
                }
                ']' | '}' => {
                    self.stack.pop();
                    self.expect = Expect::After;
                    self.last_key = None;
                    if self.stack.is_empty() {
                        return true;
                    }
                }
                '[' | '{' => {
                    let path = self.node_path(pos);
                    self.stack.push((path, c == '[', 0));
                    self.expect = Expect::Item;
                    self.last_key = None;
                }
                _ => {
                    self.start_scalar(pos);
                    if c == '"' || c == '\'' {
                        self.quote = Some(c);
                    } else {
                        self.plain = true;
                        self.push_key_char(c);
                    }
                }
            }
        }
        if self.plain {
            // A plain scalar may go on on the next line; a key's text is kept.
            self.push_key_char(' ');
        }
        false
    }

    fn record(&mut self, path: String, pos: (usize, usize)) {
        if let Some(p) = self.positions.as_deref_mut() {
            p.entry(path).or_insert(pos);
        }
    }

    /// The path of a collection opening at `pos`, recording it as an element.
    fn node_path(&mut self, pos: (usize, usize)) -> String {
        let Some((parent, is_seq, n)) = self.stack.last_mut() else {
            return self.root.to_owned();
        };
        match self.expect {
            Expect::Item if *is_seq => {
                let path = join(parent, &n.to_string());
                *n += 1;
                self.record(path.clone(), pos);
                path
            }
            Expect::Value => self.last_key.take().unwrap_or_else(|| parent.clone()),
            _ => parent.clone(),
        }
    }

    /// A scalar starts at `pos`: a sequence element is recorded, a key is collected.
    fn start_scalar(&mut self, pos: (usize, usize)) {
        let Some((parent, is_seq, n)) = self.stack.last_mut() else { return };
        match self.expect {
            Expect::Item if *is_seq => {
                let path = join(parent, &n.to_string());
                *n += 1;
                self.record(path, pos);
            }
            Expect::Item => self.key = Some((String::new(), pos)),
            _ => {}
        }
        self.expect = Expect::After;
    }

    fn push_key_char(&mut self, c: char) {
        if let Some((k, _)) = &mut self.key {
            k.push(c);
        }
    }

    fn end_scalar(&mut self) {
        let Some((key, pos)) = self.key.take() else { return };
        let Some((parent, _, _)) = self.stack.last() else { return };
        let path = join(parent, key.trim());
        self.record(path.clone(), pos);
        self.last_key = Some(path);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines found by looking for ` #` are the lines a look at every line finds, with the
    /// same numbers: at the start and end of the text, twice on a line, after `\r\n`.
    #[test]
    fn comment_cuts_are_found_on_their_lines() {
        let text = "stem: a #1\r\n\n  - text: b # c # d\r\nwhy: \"q #\"\n# only a comment\nx: 1\n  explanation: e #\n"
            .repeat(3)
            + "  left: l #";
        let every_line: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(" #"))
            .flat_map(|(i, l)| cut_by_comment(l).into_iter().map(move |(_, f)| (i + 1, f)))
            .collect();
        assert_eq!(cut_by_comment(&text), every_line);
        assert_eq!(
            every_line.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            [1, 3, 7, 8, 10, 14, 15, 17, 21, 22],
            "{every_line:?}"
        );
    }

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

    const ITEM_TYPES: &str = "\
questions:
  - id: order-1
    type: order
    items: [IKE_SA_INIT, \"IKE_AUTH, first\", 'it''s', CREATE_CHILD_SA] # comment [
    stem: after
testlets:
  - id: branch
    questions:
      - id: b-1
        stem: x
      - id: b-2
        type: order
        items:
          - one
          - two
          - three
      - id: b-3
        type: match
        pairs:
          - {left: SSH, right: \"22\"}
          - { left: \"a, b\" , right: 'c: d' }
          - left: HTTPS
            right: \"443\"
        extra: [\"23\",
          \"3389\", {nested: [x, y]}]
        stem: after
";

    #[test]
    fn finds_nested_testlet_paths() {
        let o = Outline::of(ITEM_TYPES);
        assert_eq!(o.find("testlets.0.questions.1"), (11, 7));
        assert_eq!(o.find("testlets.0.questions.1.items.2"), (16, 11));
        assert_eq!(o.find("testlets.0.questions.2.pairs.2.right"), (23, 13));
        assert_eq!(o.find("testlets.0.questions.2.stem"), (26, 9));
    }

    #[test]
    fn finds_the_elements_of_flow_sequences() {
        let o = Outline::of(ITEM_TYPES);
        assert_eq!(o.find("questions.0.items.0"), (4, 13));
        assert_eq!(o.find("questions.0.items.1"), (4, 26));
        assert_eq!(o.find("questions.0.items.2"), (4, 45));
        assert_eq!(o.find("questions.0.items.3"), (4, 54));
        // The comment's bracket opens nothing: the next key is found.
        assert_eq!(o.find("questions.0.stem"), (5, 5));
        // Over two lines, with a mapping inside.
        assert_eq!(o.find("testlets.0.questions.2.extra.1"), (25, 11));
        assert_eq!(o.find("testlets.0.questions.2.extra.2.nested.1"), (25, 32));
    }

    #[test]
    fn finds_the_keys_of_flow_mappings_in_pairs() {
        let o = Outline::of(ITEM_TYPES);
        assert_eq!(o.find("testlets.0.questions.2.pairs.0"), (20, 11));
        assert_eq!(o.find("testlets.0.questions.2.pairs.0.left"), (20, 14));
        assert_eq!(o.find("testlets.0.questions.2.pairs.0.right"), (20, 25));
        assert_eq!(o.find("testlets.0.questions.2.pairs.1.left"), (21, 15));
        assert_eq!(o.find("testlets.0.questions.2.pairs.1.right"), (21, 30));
    }

    #[test]
    fn path_on_a_line_is_its_deepest_key() {
        let o = Outline::of(ITEM_TYPES);
        assert_eq!(o.path_on(10), Some("testlets.0.questions.0.stem"));
        assert_eq!(o.path_on(20), Some("testlets.0.questions.2.pairs.0.right"));
        assert_eq!(o.path_on(200), None);
    }

    /// `text: "C # sharp"` was read as an unclosed quote (the ` #` was taken for a
    /// comment first), hiding every key after it until the next `"`.
    #[test]
    fn a_hash_inside_quotes_or_a_quote_inside_a_comment_hides_no_key() {
        let doc = "a:\n  - text: \"C # sharp\"\n  - text: 'it' # isn't it\n  - text: next\nb: 1\n";
        let o = Outline::of(doc);
        assert_eq!(o.find("a.1.text"), (3, 5));
        assert_eq!(o.find("a.2.text"), (4, 5));
        assert_eq!(o.find("b"), (5, 1));
    }

    #[test]
    fn a_plain_scalar_going_on_with_a_bracket_hides_no_key() {
        let doc = "q:\n  - stem: Which interval\n      [0, 100) holds it?\n    why: here\n";
        assert_eq!(Outline::of(doc).find("q.0.why"), (4, 5));
    }
}
