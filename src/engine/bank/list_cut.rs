//! Where a bank file's block `questions:` list can be cut at item boundaries, so that a
//! large file is parsed as pieces on every core. Text only: the pieces are parsed (and any
//! doubt settled by parsing the whole file) in `yaml`.
//!
//! The cut is made only where the layout leaves no doubt: a top-level `questions:` key
//! with nothing after it on its line, followed by block items (`- `) at one indentation;
//! a line at that indentation starting `- ` is then always the start of an item (block
//! scalars and multi-line quoted text are indented deeper, or the file is invalid and the
//! whole-file parse reports it). Files with directives or several documents are not cut.

use std::borrow::Cow;

/// The cuts of `text`'s list: `cuts[0]..end` holds the items that go to other pieces,
/// split at each of `cuts` (byte offsets, at line starts); everything else is the head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pieces {
    pub cuts: Vec<usize>,
    pub end: usize,
}

impl Pieces {
    /// The head: the file without the other pieces' items (the keys after the list
    /// included, so that it is still a whole bank file).
    pub fn head<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.end == text.len() {
            Cow::Borrowed(&text[..self.cuts[0]])
        } else {
            Cow::Owned(format!("{}{}", &text[..self.cuts[0]], &text[self.end..]))
        }
    }

    /// How many pieces follow the head.
    pub fn len(&self) -> usize {
        self.cuts.len()
    }

    /// Piece `i` after the head: a block sequence of consecutive items.
    pub fn piece<'a>(&self, text: &'a str, i: usize) -> &'a str {
        let end = self.cuts.get(i + 1).copied().unwrap_or(self.end);
        &text[self.cuts[i]..end]
    }

    /// The text the head is made of, as the runs it has in `text` (its start, and the keys
    /// after the list): each is checked on its own.
    pub fn head_runs<'a>(&self, text: &'a str) -> [&'a str; 2] {
        [&text[..self.cuts[0]], &text[self.end..]]
    }
}

/// Where to cut `text`'s `key:` list into pieces of about `size` bytes (the head's items
/// included in the first), if it can be cut safely and into two at least.
pub fn find(text: &str, key: &str, size: usize) -> Option<Pieces> {
    let mut in_list = false;
    let mut item_indent: Option<usize> = None;
    let mut items: Vec<usize> = Vec::new();
    let mut end = text.len();
    for (start, line) in lines(text) {
        // Most lines of a list are its items' content, indented past the items: nothing
        // there can start an item or end the list, and a look at the indent says so.
        if let Some(i) = item_indent
            && in_list
            && line.as_bytes().get(..=i).is_some_and(|lead| lead.iter().all(|&b| b == b' '))
        {
            continue;
        }
        let l = line.trim_end_matches(['\n', '\r']);
        // Directives and document markers: several documents, or a header: not cut.
        if l.starts_with('%') || l.starts_with("---") || l.starts_with("...") {
            return None;
        }
        let trimmed = l.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = l.len() - trimmed.len();
        if !in_list {
            if indent == 0 && is_key_line(l, key) {
                if !items.is_empty() {
                    return None;
                }
                in_list = true;
            }
            continue;
        }
        let dash = trimmed == "-" || trimmed.starts_with("- ");
        match item_indent {
            None if dash => {
                item_indent = Some(indent);
                items.push(start);
            }
            // Not a block list (flow style, or a scalar): not cut.
            None => return None,
            Some(i) if indent == i && dash => items.push(start),
            // A new top-level key ends the list.
            // The key twice: the parser says so.
            Some(_) if indent == 0 && is_key_line(l, key) => return None,
            Some(_) if indent == 0 && !dash => {
                end = start;
                in_list = false;
            }
            Some(i) if indent < i => return None,
            Some(_) => {}
        }
    }
    let mut cuts = Vec::new();
    let mut from = 0;
    for &start in items.iter().skip(1) {
        if start - from >= size.max(1) {
            cuts.push(start);
            from = start;
        }
    }
    (!cuts.is_empty()).then_some(Pieces { cuts, end })
}

/// Each line with its `\n` and where it starts: `str::split_inclusive`, with the line ends
/// found many bytes at a time (a large bank has millions of lines).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    let mut start = 0;
    ends.chain(std::iter::once(text.len())).filter_map(move |end| {
        let line = (end > start).then(|| (start, &text[start..end]));
        start = end;
        line
    })
}

/// `key:` alone on its line (a comment may follow).
fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .and_then(|r| r.strip_prefix(':'))
        .is_some_and(|r| r.trim().is_empty() || r.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> String {
        (0..n).map(|i| format!("  - id: q{i}\n    stem: |\n      text {i}\n      - not an item\n")).collect()
    }

    #[test]
    fn cuts_between_items_into_pieces_of_the_size_asked() {
        let text = format!("exam:\n  id: x\nquestions:\n{}", items(10));
        let item = items(1).len();
        let p = find(&text, "questions", 3 * item).expect("a cut");
        assert_eq!(p.end, text.len());
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p.piece(&text, 0).starts_with("  - id: q3\n"), "{:?}", p.piece(&text, 0));
        assert!(p.piece(&text, 2).starts_with("  - id: q9\n"));
        assert!(p.head(&text).ends_with("      text 2\n      - not an item\n"));
        let whole: String = std::iter::once(p.head(&text).into_owned())
            .chain((0..p.len()).map(|i| p.piece(&text, i).to_owned()))
            .collect();
        assert_eq!(whole, text, "the pieces are the file");
    }

    #[test]
    fn a_key_after_the_list_stays_in_the_head() {
        let text = format!("questions:\n{}testlets:\n  - id: t\n", items(4));
        let p = find(&text, "questions", 1).expect("a cut");
        assert_eq!(p.len(), 3);
        assert!(p.head(&text).ends_with("testlets:\n  - id: t\n"));
        assert!((0..p.len()).all(|i| !p.piece(&text, i).contains("testlets")));
        assert_eq!(p.head_runs(&text)[1], "testlets:\n  - id: t\n");
    }

    #[test]
    fn doubtful_layouts_are_not_cut() {
        assert_eq!(find("questions: [a, b]\n", "questions", 1), None);
        assert_eq!(find(&format!("---\nquestions:\n{}", items(4)), "questions", 1), None);
        assert_eq!(find(&format!("questions:\n{}---\n", items(4)), "questions", 1), None);
        assert_eq!(find(&format!("questions:\n{}", items(1)), "questions", 1), None);
        assert_eq!(find(&format!("questions:\n{}questions:\n{}", items(2), items(2)), "questions", 1), None);
        assert_eq!(find("questions:\n    - a\n  - b\n", "questions", 1), None, "a shallower item");
    }

    #[test]
    fn a_list_smaller_than_a_piece_is_not_cut() {
        let text = format!("questions:\n{}", items(4));
        assert_eq!(find(&text, "questions", text.len()), None);
    }
}
