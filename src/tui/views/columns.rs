//! Two cells side by side, each wrapped in its own column: a match question's left item
//! beside its right-hand item, the candidate's order beside the right one. Text is wrapped,
//! never cut, so a long item takes more rows rather than losing its end.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::wrap::wrap_spans;

/// `left` wrapped to `left_w` columns beside `right` wrapped to what is left of `width`
/// after `lead` (the margin), the left column and `sep`. The first row carries `sep`;
/// later rows have spaces in its place. The left cell's rows are padded to `left_w`.
pub fn side_by_side(
    lead: &str,
    left: &[Span<'_>],
    left_w: usize,
    sep: Span<'static>,
    right: &[Span<'_>],
    width: usize,
) -> Vec<Line<'static>> {
    let sep_w = sep.content.width();
    let right_w = width.saturating_sub(lead.width() + left_w + sep_w).max(1);
    let lefts = if left.iter().all(|s| s.content.is_empty()) { Vec::new() } else { wrap_spans(left, left_w.max(1), 0) };
    let rights = if right.iter().all(|s| s.content.is_empty()) { Vec::new() } else { wrap_spans(right, right_w, 0) };
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
        let lines: Vec<String> =
            side_by_side(" ", &[Span::raw("HTTPS")], 6, Span::raw(" → "), &[Span::raw("Encrypts the payload")], 20)
                .iter()
                .map(|l| l.to_string())
                .collect();
        assert_eq!(lines, vec![" HTTPS  → Encrypts", "          the", "          payload"]);
        let empty: Vec<String> = side_by_side(" ", &[Span::raw("TACACS+")], 8, Span::raw(" → "), &[], 30)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(empty, vec![" TACACS+  → "]);
    }
}
