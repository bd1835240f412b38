//! Questions written for other tools, brought into Proctor's format, and banks written
//! back out for them.
//!
//! Each reader (`gift`, `aiken`, `moodle`, `csv`) is pure: text in, a list of [`Item`]s
//! (questions in a shape close to the bank model) out, with every question it had to leave
//! out ([`Skipped`]) and every change it made on the way ([`Note`]), or the syntax errors
//! that make the file unreadable. `build` turns items into a [`Bank`](crate::engine::bank::Bank)
//! (domains, weights, stable ids, merging into an existing bank), `emit` writes a bank as
//! YAML, and the `write` functions of `gift` and `moodle` export a bank, listing what the
//! format cannot hold. Reading and writing files is the app layer's business.

pub mod aiken;
pub mod build;
pub mod csv;
pub mod emit;
pub mod export;
pub mod gift;
pub mod html;
pub mod moodle;

use crate::engine::text::is_forbidden_char;

/// A format Proctor reads (and, for GIFT and Moodle XML, writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Gift,
    Aiken,
    MoodleXml,
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Gift => "gift",
            Format::Aiken => "aiken",
            Format::MoodleXml => "moodle-xml",
            Format::Csv => "csv",
        }
    }

    /// The format of a file from its extension (lowercase, without the dot), else from
    /// its first lines. `None` when neither says.
    pub fn guess(extension: Option<&str>, text: &str) -> Option<Format> {
        match extension {
            Some("gift") => return Some(Format::Gift),
            Some("xml") => return Some(Format::MoodleXml),
            Some("csv" | "tsv") => return Some(Format::Csv),
            Some("aiken") => return Some(Format::Aiken),
            _ => {}
        }
        let head = text.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with("<?xml") || head.starts_with("<quiz") {
            return Some(Format::MoodleXml);
        }
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        // An Aiken question ends with `ANSWER: X`; GIFT puts answers in braces.
        if lines.iter().any(|l| aiken::answer_line(l).is_some()) {
            return Some(Format::Aiken);
        }
        let code: String = lines.iter().filter(|l| !l.starts_with("//")).copied().collect::<Vec<_>>().join("\n");
        if code.contains('{') && code.contains('}') || code.contains("$CATEGORY:") {
            return Some(Format::Gift);
        }
        None
    }
}

/// A place in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }
}

/// A problem that makes a file unreadable as its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

impl SyntaxError {
    pub fn new(pos: Pos, message: impl Into<String>) -> SyntaxError {
        SyntaxError { pos, message: message.into() }
    }
}

/// A question left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub pos: Pos,
    pub reason: String,
}

/// A change made to a question on the way in (an image left out, partial credit turned
/// into a correct option…). The question is imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub pos: Pos,
    pub message: String,
}

/// A category a question was filed under in its source, which becomes its domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Shown as the domain's name.
    pub name: String,
    /// An id the source gave the category (Moodle's idnumber), used when it is a valid id.
    pub id: Option<String>,
}

/// One answer option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemOption {
    pub text: String,
    pub correct: bool,
    pub why: Option<String>,
    pub pin: bool,
}

impl ItemOption {
    pub fn new(text: String, correct: bool, why: Option<String>) -> ItemOption {
        ItemOption { text, correct, why, pin: false }
    }
}

/// What is asked and what is right, by item type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Choice(Vec<ItemOption>),
    /// The items in the right order.
    Order {
        items: Vec<String>,
        partial: bool,
    },
    /// `(left, right)` pairs and right-hand items that match nothing.
    Match {
        pairs: Vec<(String, String)>,
        extra: Vec<String>,
        partial: bool,
    },
    /// Accepted answers.
    Text(Vec<String>),
}

impl Body {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Body::Choice(_) => "choice",
            Body::Order { .. } => "order",
            Body::Match { .. } => "match",
            Body::Text(_) => "text",
        }
    }
}

/// A question read from a source file, not yet checked against the bank's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Where the question starts.
    pub pos: Pos,
    pub category: Option<Category>,
    /// The question's name or title in its source, when it has one.
    pub name: Option<String>,
    /// An id the source gave the question (Moodle's idnumber, GIFT's `[id:...]`).
    pub id: Option<String>,
    pub stem: String,
    pub exhibit: Option<String>,
    pub body: Body,
    pub explanation: Option<String>,
}

/// What a reader made of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub items: Vec<Item>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<Note>,
}

impl Parsed {
    pub(crate) fn skip(&mut self, pos: Pos, reason: impl Into<String>) {
        self.skipped.push(Skipped { pos, reason: reason.into() });
    }

    pub(crate) fn note(&mut self, pos: Pos, message: impl Into<String>) {
        self.notes.push(Note { pos, message: message.into() });
    }
}

/// The domain a Moodle category path names: its last part, after the parts Moodle adds
/// (`$course$`, `$system$`, `top`, …). A `/` inside a name is written `//`. `None` for a
/// path with nothing but those parts.
pub fn category_from_path(path: &str, id: Option<&str>) -> Option<Category> {
    const CONTEXTS: [&str; 5] = ["$course$", "$system$", "$module$", "$cat1$", "$coursecategory$"];
    let marked = path.trim().replace("//", "\u{0}");
    let parts: Vec<String> = marked
        .split('/')
        .map(|p| p.replace('\u{0}', "/").trim().to_owned())
        .filter(|p| !p.is_empty() && !CONTEXTS.contains(&p.as_str()) && !p.eq_ignore_ascii_case("top"))
        .collect();
    let name = parts.last()?.clone();
    Some(Category { name, id: id.map(str::trim).filter(|i| !i.is_empty()).map(str::to_owned) })
}

/// Reads `text` as `format`.
pub fn parse(format: Format, text: &str) -> Result<Parsed, Vec<SyntaxError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::Gift => gift::parse(text),
        Format::Aiken => aiken::parse(text),
        Format::MoodleXml => moodle::parse(text),
        Format::Csv => csv::parse(text),
    }
}

/// Text as a bank holds it: line ends `\n`, tabs as four spaces (as validation does), no
/// trailing space on a line, no blank lines at either end nor more than one in a row.
pub fn clean_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ").replace('\u{a0}', " ");
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0;
    for line in s.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// An exhibit as a bank holds it: indentation kept, trailing spaces and the blank lines
/// at either end dropped, ending with one newline; `None` when nothing is left.
pub fn clean_exhibit(s: &str) -> Option<String> {
    let s = s.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ").replace('\u{a0}', " ");
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    let start = lines.iter().position(|l| !l.is_empty())?;
    let end = lines.iter().rposition(|l| !l.is_empty())?;
    let mut out = lines[start..=end].join("\n");
    out.push('\n');
    Some(out)
}

/// The first character a bank may not hold (a control character or a bidirectional
/// control), if any.
pub fn forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|&c| is_forbidden_char(c))
}

/// A lowercase id from free text: ASCII letters and digits kept, `-`, `_` and `.` kept,
/// any other run of characters one `-`; it starts with a letter or digit and is at most
/// 48 characters. An id already valid comes back unchanged (when short enough). Empty
/// when the text has no ASCII letter or digit.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            if gap && !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    let trimmed = out.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut s: String = trimmed.chars().take(48).collect();
    if s.len() < trimmed.len() {
        while s.ends_with(['-', '_', '.']) {
            s.pop();
        }
    }
    s
}

/// Whether `s` is a valid bank, domain or question id.
pub fn is_valid_id(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// Texts that differ only in case or surrounding space are the same (as validation has it).
pub fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() { a.eq_ignore_ascii_case(b) } else { a.to_lowercase() == b.to_lowercase() }
}

/// The 1-based (line, column) of byte `offset` in `text`.
pub fn pos_at(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    Pos { line, column }
}

#[cfg(test)]
mod tests;
