//! Plain-text tables for the commands: cells padded by display width (so CJK and emoji
//! line up, which `{:<N}` counting `char`s does not), and cut with `…` when too wide.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// `s` in exactly `width` columns (or as it is when a cell has no limit and fits).
pub fn cell(s: &str, width: usize, align: Align) -> String {
    let cut = fit_width(s, width);
    let pad = " ".repeat(width.saturating_sub(cut.width()));
    match align {
        Align::Left => cut + &pad,
        Align::Right => pad + &cut,
    }
}

/// `s` cut to at most `width` columns, ending in `…` when cut.
pub fn fit_width(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` padded to at least `width` columns, never cut (ids and names a reader must see
/// whole).
pub fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Left-aligned `s` in `width` columns.
pub fn left(s: &str, width: usize) -> String {
    cell(s, width, Align::Left)
}

/// Right-aligned `s` in `width` columns.
pub fn right(s: &str, width: usize) -> String {
    cell(s, width, Align::Right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_are_padded_by_display_width() {
        assert_eq!(left("漢字", 6), "漢字  ");
        assert_eq!(left("漢字", 6).width(), 6);
        assert_eq!(right("ab", 4), "  ab");
        assert_eq!(pad("漢字", 6), "漢字  ");
        assert_eq!(pad("abcdefgh", 4), "abcdefgh");
    }

    #[test]
    fn long_cells_are_cut_with_an_ellipsis() {
        assert_eq!(left("abcdefgh", 5), "abcd…");
        assert_eq!(left("漢字漢字", 5).width(), 5);
        assert!(left("漢字漢字", 5).ends_with('…'));
    }
}
