//! The one module that names the YAML crate, so it can be swapped without touching the
//! rest of Proctor. It also guards serde_yaml's known weak spots before handing it text:
//! deep flow nesting (its parser slows with the square of the depth), and it turns the
//! parser's errors into positioned messages with a hint of what to fix.

use serde::de::DeserializeOwned;

/// Deeper flow nesting than this is refused before parsing. serde_yaml itself stops at
/// 128 levels, but only after its parser has walked the whole (quadratic) structure.
pub const MAX_FLOW_DEPTH: usize = 128;

/// A problem the parser found, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses one YAML document into `T`. `text` must already be valid UTF-8 without a BOM.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    check_structure(text)?;
    serde_yaml::from_str(text).map_err(|e| to_syntax_error(text, &e))
}

/// About how much of a large file each piece holds: small enough that the parser's
/// events for a piece (several times its size) stay small, large enough that starting a
/// parser per piece costs nothing measurable.
const PIECE_BYTES: usize = 1 << 20;

/// As `parse`, with the `key:` list cut into pieces (`list_cut`) parsed on every core: the
/// head as `T`, the others as `Vec<E>` handed to `join` in file order. Any doubt — a
/// layout `list_cut` will not cut, a piece whose structure check does not end where it
/// began (inside a quote or a flow collection), or an error in any piece (an alias across
/// a cut, say) — falls back to checking and parsing the whole text, so a file with a
/// problem gets exactly the message `parse` gives.
pub fn parse_pieces<T, E>(text: &str, key: &str, join: impl FnOnce(&mut T, Vec<Vec<E>>)) -> Result<T, SyntaxError>
where
    T: DeserializeOwned + Send,
    E: DeserializeOwned + Send,
{
    parse_in_pieces_of(PIECE_BYTES.max(text.len() / 256), text, key, join)
}

fn parse_in_pieces_of<T, E>(
    size: usize,
    text: &str,
    key: &str,
    join: impl FnOnce(&mut T, Vec<Vec<E>>),
) -> Result<T, SyntaxError>
where
    T: DeserializeOwned + Send,
    E: DeserializeOwned + Send,
{
    if let Some(pieces) = super::list_cut::find(text, key, size)
        && let Some((mut head, rest)) = parse_each(text, &pieces)
    {
        join(&mut head, rest);
        return Ok(head);
    }
    parse(text)
}

/// What one worker parsed: the head if it took it, and its pieces with their numbers.
struct Done<T, E> {
    head: Option<T>,
    pieces: Vec<(usize, Vec<E>)>,
}

/// Every piece parsed, or nothing at the first doubt. Workers take the next piece from a
/// shared counter, so a core that finishes early takes more; each piece's events are
/// dropped as soon as it is parsed, which keeps the peak near the parsed questions' size.
fn parse_each<T, E>(text: &str, pieces: &super::list_cut::Pieces) -> Option<(T, Vec<Vec<E>>)>
where
    T: DeserializeOwned + Send,
    E: DeserializeOwned + Send,
{
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8).min(pieces.len() + 1);
    let neutral = |t: &str| scan(t).is_ok_and(|ends_neutral| ends_neutral);
    let work = || {
        let mut done = Done { head: None, pieces: Vec::new() };
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i > pieces.len() || failed.load(Ordering::Relaxed) {
                break;
            }
            let ok = if i == 0 {
                // The keys after the list need only pass: nothing follows them.
                let [items, after] = pieces.head_runs(text);
                neutral(items)
                    && scan(after).is_ok()
                    && serde_yaml::from_str::<T>(&pieces.head(text)).map(|h| done.head = Some(h)).is_ok()
            } else {
                let piece = pieces.piece(text, i - 1);
                neutral(piece) && serde_yaml::from_str::<Vec<E>>(piece).map(|p| done.pieces.push((i - 1, p))).is_ok()
            };
            if !ok {
                failed.store(true, Ordering::Relaxed);
                break;
            }
        }
        done
    };
    let results: Vec<Done<T, E>> = std::thread::scope(|s| {
        let others: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        let mine = work();
        std::iter::once(Some(mine)).chain(others.into_iter().map(|h| h.join().ok())).collect::<Option<_>>()
    })?;
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut head = None;
    let mut rest: Vec<Option<Vec<E>>> = std::iter::repeat_with(|| None).take(pieces.len()).collect();
    for done in results {
        head = head.or(done.head);
        for (i, p) in done.pieces {
            rest[i] = Some(p);
        }
    }
    Some((head?, rest.into_iter().collect::<Option<Vec<_>>>()?))
}

fn to_syntax_error(text: &str, e: &serde_yaml::Error) -> SyntaxError {
    let raw = e.to_string();
    // libyaml names where the problem was found and, after "while scanning …", where the
    // construct it was reading began. When the file ended inside it (an unclosed quote),
    // the beginning is where the author has to look.
    let marks = marks(&raw);
    let (line, column) = match (raw.contains("end of stream") && raw.contains("while "), marks.last(), e.location()) {
        (true, Some(&m), _) => m,
        (_, _, Some(l)) => (l.line(), l.column()),
        (_, Some(&m), None) => m,
        (_, None, None) => (1, 1),
    };
    let mut message = strip_marks(&raw);
    let (mut line, mut column) = (line, column);
    // The scanner reports control characters by byte offset only: locate it.
    if let Some(pos) = raw.split("at position ").nth(1).and_then(|p| p.trim().parse::<usize>().ok()) {
        let before = &text.as_bytes()[..pos.min(text.len())];
        line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        let c = text.get(pos..).and_then(|t| t.chars().next()).map_or(0, |c| c as u32);
        message = format!(
            "control character U+{c:04X} at byte offset {pos}; bank files may not contain control characters (write text, or an escape such as \\t in a double-quoted string)"
        );
    }
    let offending = text.lines().nth(line.saturating_sub(1)).and_then(|l| l.chars().nth(column.saturating_sub(1)));
    if message.contains("more than one document") {
        message = "the file holds more than one YAML document (a `---` or `...` line between them); a bank file \
                   holds exactly one: remove the separator or split the bank into a directory"
            .into();
        // The parser gives no position: point at the second document's separator.
        if let Some(n) = document_separator(text) {
            (line, column) = (n, 1);
        }
    } else if offending == Some('\t') || message.contains("tab") {
        message.push_str("; YAML indentation must use spaces, not tabs");
    } else if message.contains("recursion limit") {
        message.push_str("; the file nests too deeply to be a question bank");
    } else if message.contains("repetition limit") {
        message = "the file expands aliases (`*name`) too many times (an alias bomb?); write the text out instead \
                   of nesting aliases"
            .into();
    } else if message.contains("quoted scalar") {
        message.push_str("; close the quote");
    } else if message.contains("EOF while parsing") {
        message.push_str("; is the file empty or cut short?");
    }
    SyntaxError { line: line.max(1), column: column.max(1), message }
}

/// Every `line N column M` in a parser message, in order.
fn marks(msg: &str) -> Vec<(usize, usize)> {
    msg.match_indices("line ")
        .filter_map(|(i, _)| {
            let rest = &msg[i + 5..];
            let (l, rest) = rest.split_once(' ')?;
            let rest = rest.strip_prefix("column ")?;
            let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some((l.parse().ok()?, c.parse().ok()?))
        })
        .collect()
}

/// The message without its ` at line N column M` marks (the location goes in front).
fn strip_marks(msg: &str) -> String {
    let mut out = msg.to_owned();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + 9..];
        let end = rest
            .find("column ")
            .map(|c| c + 7 + rest[c + 7..].chars().take_while(char::is_ascii_digit).count())
            .unwrap_or(0);
        out.replace_range(i..i + 9 + end, "");
    }
    out
}

/// Line of the first `---`/`...` that follows content (the start of a second document).
fn document_separator(text: &str) -> Option<usize> {
    let mut content = false;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_end();
        if (t == "---" || t.starts_with("--- ") || t == "...") && content {
            return Some(i + 1);
        }
        if !t.is_empty() && !t.starts_with('#') && t != "---" {
            content = true;
        }
    }
    None
}

/// One linear pass over the text before the parser sees it. It refuses flow collections
/// (`[[[[...`, also with anchors or tags between the brackets) nested past
/// `MAX_FLOW_DEPTH`, and custom tags (`!name`), which serde_yaml would otherwise apply or
/// ignore silently. Block scalars (`|`, `>`), quoted strings, plain text and comments are
/// skipped, so brackets and `!` inside question text never count.
fn check_structure(text: &str) -> Result<(), SyntaxError> {
    scan(text).map(|_| ())
}

/// `check_structure`'s pass; `Ok(true)` when the text ends outside any quote and flow
/// collection, so that text after it would be read as if from the start of a file.
fn scan(text: &str) -> Result<bool, SyntaxError> {
    let mut depth = 0usize;
    // Content lines of a block scalar are indented more than this.
    let mut block: Option<usize> = None;
    // A quoted scalar that continues on the next line.
    let mut quote: Option<u8> = None;
    for (i, line) in text.split('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            // Indentation first: it is a few bytes, where emptiness means reading the line.
            if indent > parent || line.trim().is_empty() {
                continue;
            }
            block = None;
        }
        // Every character that matters here is ASCII, and UTF-8 never uses ASCII bytes inside
        // other characters, so bytes will do; columns are counted in characters on error.
        let chars = line.as_bytes();
        let err =
            |at: usize, message: String| SyntaxError { line: i + 1, column: line[..at].chars().count() + 1, message };
        // Where a value can start: where `[`, `{`, quotes, anchors and tags mean structure.
        let mut expect_value = true;
        let mut block_start: Option<usize> = None;
        let mut first_token: Option<usize> = None;
        let mut k = 0;
        while k < chars.len() {
            if let Some(q) = quote {
                // Inside quotes only the closing quote (and an escape) matter: jump to them.
                match chars[k..].iter().position(|&b| b == q || b == b'\\') {
                    Some(n) => k += n,
                    None => break,
                }
            } else if !expect_value && depth == 0 {
                // Plain text: only `: `, `? `, ` #` and brackets can change anything.
                match chars[k..].iter().position(|&b| matches!(b, b':' | b'?' | b'#' | b']' | b'}' | b',')) {
                    Some(n) => k += n,
                    None => break,
                }
            }
            let c = chars[k];
            if let Some(q) = quote {
                if c == b'\\' && q == b'"' {
                    k += 1;
                } else if c == q {
                    if q == b'\'' && chars.get(k + 1) == Some(&b'\'') {
                        k += 1;
                    } else {
                        quote = None;
                        expect_value = false;
                    }
                }
                k += 1;
                continue;
            }
            let next_blank = chars.get(k + 1).is_none_or(|n| n.is_ascii_whitespace());
            if c.is_ascii_whitespace() {
                k += 1;
                continue;
            }
            if c == b'#' && (k == 0 || chars[k - 1].is_ascii_whitespace()) {
                break;
            }
            if block_start.is_some() {
                // Only chomping and indentation indicators may follow `|` or `>`.
                if !matches!(c, b'-' | b'+' | b'1'..=b'9') {
                    block_start = None;
                }
                k += 1;
                continue;
            }
            if c == b'-' && next_blank && expect_value && depth == 0 {
                k += 1;
                continue;
            }
            first_token.get_or_insert(k);
            match c {
                b'[' | b'{' if expect_value => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Err(err(
                            k,
                            format!(
                                "flow collections (`[`/`{{`) nested more than {MAX_FLOW_DEPTH} deep; a question bank never needs this"
                            ),
                        ));
                    }
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    expect_value = false;
                }
                b',' if depth > 0 => expect_value = true,
                b':' | b'?' if next_blank => expect_value = true,
                b'"' | b'\'' if expect_value => quote = Some(c),
                b'&' | b'*' | b'!' if expect_value => {
                    let len =
                        chars[k..].iter().take_while(|c| !c.is_ascii_whitespace() && !b",[]{}".contains(c)).count();
                    let token = String::from_utf8_lossy(&chars[k..k + len]);
                    if c == b'!' && !token.starts_with("!!") {
                        return Err(err(
                            k,
                            format!(
                                "custom tag `{token}`: tags are not part of the bank format; remove it, or quote the text if the `!` belongs to it"
                            ),
                        ));
                    }
                    // An alias is a whole value; after an anchor or a tag a value may follow.
                    expect_value = c != b'*';
                    k += len;
                    continue;
                }
                b'|' | b'>' if expect_value && depth == 0 => block_start = Some(k),
                _ => expect_value = false,
            }
            k += 1;
        }
        if let Some(b) = block_start {
            // `- |`: the item is the scalar, its parent the dash; `key: |`: the key.
            block = Some(if first_token == Some(b) { indent } else { first_token.unwrap_or(indent) });
        }
    }
    Ok(depth == 0 && quote.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::bank::raw::RawFile;

    #[test]
    fn rejects_deep_flow_nesting_quickly() {
        let text = format!("questions: {}", "[".repeat(1_000_000));
        let e = parse::<RawFile>(&text).unwrap_err();
        assert!(e.message.contains("nested more than"), "{}", e.message);
        assert_eq!(e.line, 1);
    }

    #[test]
    fn prose_brackets_do_not_accumulate() {
        let body: String =
            (0..500).map(|i| format!("  - id: q{i}\n    stem: |\n      range [0, 10) and x[1\n")).collect();
        let text = format!("questions:\n{body}");
        assert!(check_structure(&text).is_ok());
    }

    fn join(f: &mut RawFile, rest: Vec<Vec<crate::engine::bank::raw::RawQuestion>>) {
        f.questions.get_or_insert_with(Vec::new).extend(rest.into_iter().flatten())
    }

    /// Parsed in pieces, a bank is what the whole-file parse makes of it.
    #[test]
    fn pieces_parse_to_what_the_whole_file_does() {
        for text in [
            include_str!("../../../question_banks/ccnp-scor.yaml"),
            include_str!("../../../question_banks/item-types-demo.yaml"),
            include_str!("../../../question_banks/netfund-quick.yaml"),
        ] {
            let pieces = super::super::list_cut::find(text, "questions", 2000).expect("the bundled layout is cut");
            assert!(pieces.len() >= 2, "{}", pieces.len());
            let whole = format!("{:?}", parse::<RawFile>(text).expect("whole"));
            let parsed = format!("{:?}", parse_in_pieces_of(2000, text, "questions", join).expect("pieces"));
            assert_eq!(whole, parsed);
            // The same with Windows line ends, and with the items at the left margin.
            let crlf = text.replace('\n', "\r\n");
            let flush: String = text
                .split_inclusive('\n')
                .scan(false, |in_list, l| {
                    *in_list = (*in_list && (l.starts_with(' ') || l.trim().is_empty())) || l == "questions:\n";
                    Some(if *in_list && l.starts_with("  ") { &l[2..] } else { l })
                })
                .collect();
            assert!(flush.contains("\n- id: "), "items at the margin");
            for variant in [crlf, flush] {
                assert!(super::super::list_cut::find(&variant, "questions", 2000).is_some(), "cut");
                let whole = format!("{:?}", parse::<RawFile>(&variant).expect("whole"));
                assert_eq!(
                    whole,
                    format!("{:?}", parse_in_pieces_of(2000, &variant, "questions", join).expect("pieces"))
                );
            }
        }
    }

    /// An error in any piece is reported as the whole-file parse reports it (and an alias
    /// across a cut, valid in the whole file, is read as the whole file reads it).
    #[test]
    fn an_error_in_a_piece_gets_the_whole_file_message() {
        let items: String = (0..20).map(|i| format!("  - id: q{i}\n    stem: s\n")).collect();
        for bad in [
            format!("questions:\n{items}  - id: late\n    stemm: typo\n"),
            format!("questions:\n  - &a\n    id: q\n{items}  - *a\n"),
            format!("questions:\n{items}  - id: \"open\n"),
            format!("questions:\n{items}  - id: !custom x\n{items}"),
            format!("exam: !custom\nquestions:\n{items}"),
            format!("questions:\n{items}testlets: [{}]\n", "[".repeat(200)),
        ] {
            let whole = parse::<RawFile>(&bad).map(|f| format!("{f:?}"));
            let parsed = parse_in_pieces_of(30, &bad, "questions", join).map(|f| format!("{f:?}"));
            assert_eq!(whole, parsed, "{bad}");
        }
    }

    /// A quote left open at a cut makes its piece doubtful: the whole file is read, where the
    /// brackets are inside the quoted text and the bank is valid.
    #[test]
    fn a_quote_open_across_a_cut_is_read_whole() {
        let text = format!(
            "questions:\n  - id: a\n    stem: \"starts here\n  - and [[[{}\"\n  - id: b\n    stem: s\n",
            "[".repeat(200)
        );
        let whole = parse::<RawFile>(&text).map(|f| format!("{f:?}"));
        assert!(whole.as_ref().is_ok_and(|w| w.contains("and [[[")), "{whole:?}");
        assert_eq!(whole, parse_in_pieces_of(1, &text, "questions", join).map(|f| format!("{f:?}")));
    }

    #[test]
    fn unknown_fields_keep_their_location() {
        let e = parse::<RawFile>("exam:\n  idd: x\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.contains("unknown field `idd`"), "{}", e.message);
    }

    #[test]
    fn multiple_documents_are_explained() {
        let e = parse::<RawFile>("exam: {}\n---\nexam: {}\n").unwrap_err();
        assert!(e.message.contains("more than one YAML document"), "{}", e.message);
    }
}
