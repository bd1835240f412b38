//! Where a bank file's block `questions:` list can be cut in two at an item boundary, so
//! that a large file is parsed as two halves on two cores. Text only: the two halves are
//! parsed (and any doubt settled by parsing the whole file) in `yaml`.
//!
//! The cut is made only where the layout leaves no doubt: a top-level `questions:` key
//! with nothing after it on its line, followed by block items (`- `) at one indentation;
//! a line at that indentation starting `- ` is then always the start of an item (block
//! scalars and multi-line quoted text are indented deeper, or the file is invalid and the
//! whole-file parse reports it). Files with directives or several documents are not cut.

/// A cut of `text`: the list's items from `cut` to `end` (byte offsets, at line starts) go
/// to the second half; everything else is the first half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub cut: usize,
    pub end: usize,
}

impl Cut {
    /// The first half: the file without the second half's items.
    pub fn first<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.end == text.len() {
            std::borrow::Cow::Borrowed(&text[..self.cut])
        } else {
            std::borrow::Cow::Owned(format!("{}{}", &text[..self.cut], &text[self.end..]))
        }
    }

    /// The second half: a block sequence of the items after the cut.
    pub fn second<'a>(&self, text: &'a str) -> &'a str {
        &text[self.cut..self.end]
    }
}

/// Where to cut `text`'s `key:` list near its middle, if it can be cut safely.
pub fn find(text: &str, key: &str) -> Option<Cut> {
    let mut offset = 0;
    let mut in_list = false;
    let mut item_indent: Option<usize> = None;
    let mut items: Vec<usize> = Vec::new();
    let mut end = text.len();
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
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
    if items.len() < 2 {
        return None;
    }
    let first = items[0];
    let middle = first + (end - first) / 2;
    let cut = items[1..].iter().copied().min_by_key(|&s| s.abs_diff(middle))?;
    Some(Cut { cut, end })
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
    fn cuts_between_items_near_the_middle() {
        let text = format!("exam:\n  id: x\nquestions:\n{}", items(10));
        let c = find(&text, "questions").expect("a cut");
        assert_eq!(c.end, text.len());
        assert!(c.second(&text).starts_with("  - id: q5\n"), "{:?}", c.second(&text));
        assert!(c.first(&text).ends_with("      - not an item\n"));
    }

    #[test]
    fn a_key_after_the_list_stays_in_the_first_half() {
        let text = format!("questions:\n{}testlets:\n  - id: t\n", items(4));
        let c = find(&text, "questions").expect("a cut");
        assert!(c.first(&text).ends_with("testlets:\n  - id: t\n"));
        assert!(!c.second(&text).contains("testlets"));
    }

    #[test]
    fn doubtful_layouts_are_not_cut() {
        assert_eq!(find("questions: [a, b]\n", "questions"), None);
        assert_eq!(find(&format!("---\nquestions:\n{}", items(4)), "questions"), None);
        assert_eq!(find(&format!("questions:\n{}---\n", items(4)), "questions"), None);
        assert_eq!(find(&format!("questions:\n{}", items(1)), "questions"), None);
        assert_eq!(find(&format!("questions:\n{}questions:\n{}", items(2), items(2)), "questions"), None);
        assert_eq!(find("questions:\n    - a\n  - b\n", "questions"), None, "a shallower item");
    }
}
