//! Word wrapping by display width, so CJK, emoji and combining characters line up and an
//! option's continuation lines can hang under its text rather than under its letter.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Wraps `text` to `width` columns, keeping its own line breaks. Words longer than a line
/// are broken between characters (which is also how text without spaces, such as
/// Chinese, wraps).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.trim_end_matches('\n').split('\n') {
        let mut line = String::new();
        let mut line_w = 0;
        for word in para.split(' ') {
            let w = word.width();
            let sep = usize::from(!line.is_empty());
            if line_w + sep + w <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += sep + w;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if w <= width {
                line.push_str(word);
                line_w = w;
                continue;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if line_w + cw > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        out.push(line);
    }
    out
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
    fn fit_pads_and_cuts() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4).width(), 4);
        assert_eq!(fit("漢字漢字", 5).width(), 5);
    }
}
