//! Two cells side by side, each wrapped in its own column: a match question's left item
//! beside its right-hand item, the candidate's order beside the right one. Text is wrapped,
//! never cut, so a long item takes more rows rather than losing its end.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::wrap::wrap_spans;

/// One cell: its spans, and how far its continuation rows hang (under the text after a
/// number or a mark, say).
#[derive(Clone, Copy)]
pub struct Cell<'a> {
    pub spans: &'a [Span<'a>],
    pub hang: usize,
}

impl<'a> Cell<'a> {
    pub fn new(spans: &'a [Span<'a>]) -> Cell<'a> {
        Cell { spans, hang: 0 }
    }

    pub fn hang(self, hang: usize) -> Cell<'a> {
        Cell { hang, ..self }
    }

    fn rows(self, width: usize) -> Vec<Line<'static>> {
        if self.spans.iter().all(|s| s.content.is_empty()) {
            return Vec::new();
        }
        // A hang as wide as the column would leave no room for the text.
        let hang = if self.hang < width / 2 { self.hang } else { 0 };
        wrap_spans(self.spans, width.max(1), hang)
    }
}

/// `left` wrapped to `left_w` columns beside `right` wrapped to what is left of `width`
/// after `lead` (the margin), the left column and `sep`. The first row carries `sep`;
/// later rows have spaces in its place. The left cell's rows are padded to `left_w`.
pub fn side_by_side(
    lead: &str,
    left: Cell<'_>,
    left_w: usize,
    sep: Span<'static>,
    right: Cell<'_>,
    width: usize,
) -> Vec<Line<'static>> {
    let sep_w = sep.content.width();
    let right_w = width.saturating_sub(lead.width() + left_w + sep_w).max(1);
    let lefts = left.rows(left_w);
    let rights = right.rows(right_w);
    let n = lefts.len().max(rights.len()).max(1);
    (0..n)
        .map(|i| {
            let mut spans = vec![Span::raw(lead.to_owned())];
            let l = lefts.get(i).cloned().unwrap_or_default();
            let pad = left_w.saturating_sub(l.width());
            spans.extend(l.spans);
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(if i == 0 { sep.clone() } else { Span::raw(" ".repeat(sep_w)) });
            if let Some(r) = rights.get(i) {
                spans.extend(r.spans.iter().cloned());
            }
            // Trailing spaces of an empty right cell are not drawn.
            while spans.last().is_some_and(|s| s.content.trim().is_empty()) && spans.len() > 1 {
                spans.pop();
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_wrap_in_their_own_columns() {
        let lines: Vec<String> = side_by_side(
            " ",
            Cell::new(&[Span::raw("HTTPS")]),
            6,
            Span::raw(" → "),
            Cell::new(&[Span::raw("Encrypts the payload")]),
            20,
        )
        .iter()
        .map(|l| l.to_string())
        .collect();
        assert_eq!(lines, vec![" HTTPS  → Encrypts", "          the", "          payload"]);
        let empty: Vec<String> =
            side_by_side(" ", Cell::new(&[Span::raw("TACACS+")]), 8, Span::raw(" → "), Cell::new(&[]), 30)
                .iter()
                .map(|l| l.to_string())
                .collect();
        assert_eq!(empty, vec![" TACACS+  → "]);
        let hung: Vec<String> = side_by_side(
            " ",
            Cell::new(&[Span::raw("1. ✓ EAP-Success from the switch")]).hang(5),
            20,
            Span::raw("  "),
            Cell::new(&[]),
            40,
        )
        .iter()
        .map(|l| l.to_string().trim_end().to_owned())
        .collect();
        assert_eq!(hung, vec![" 1. ✓ EAP-Success", "      from the switch"], "continuation rows hang under the text");
    }
}
