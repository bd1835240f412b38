//! Word wrapping by display width (`textwrap`), so CJK, emoji and combining characters
//! line up and an option's continuation lines can hang under its text rather than under
//! its letter; and fitting a cell to a width with `…` where it is cut.

use unicode_width::UnicodeWidthChar;

/// Wraps `text` to `width` columns, keeping its own line breaks and each line's leading
/// spaces. Words longer than a line are broken between characters (which is also how text
/// without spaces, such as Chinese, wraps); words are never split at hyphens, so a
/// command or a term stays whole when it fits.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    text.trim_end_matches('\n')
        .split('\n')
        .flat_map(|para| {
            let lines = textwrap::wrap(para, &options);
            if lines.is_empty() { vec![String::new()] } else { lines.into_iter().map(|l| l.into_owned()).collect() }
        })
        .collect()
}

/// Pads or cuts `s` to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            if w < width && width > 0 {
                // Mark the cut where there is room.
                out.push('…');
                w += 1;
            }
            break;
        }
        out.push(c);
        w += cw;
    }
    if w > width {
        out.pop();
        w -= 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wraps_words_and_keeps_breaks() {
        assert_eq!(wrap("one two three\nfour", 7), vec!["one two", "three", "four"]);
    }

    #[test]
    fn wraps_cjk_by_width() {
        let lines = wrap("漢字漢字漢字", 5);
        assert_eq!(lines, vec!["漢字", "漢字", "漢字"]);
        assert!(lines.iter().all(|l| l.width() <= 5));
    }

    #[test]
    fn leading_spaces_are_kept() {
        assert_eq!(wrap("a:\n  b: c", 20), vec!["a:", "  b: c"]);
    }

    #[test]
    fn hyphenated_words_are_not_split() {
        // A hyphen splitter would give "aa bb-" / "cc".
        assert_eq!(wrap("aa bb-cc", 6), vec!["aa", "bb-cc"]);
    }

    #[test]
    fn fit_pads_and_cuts() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4).width(), 4);
        assert_eq!(fit("漢字漢字", 5).width(), 5);
    }
}
