//! Word wrapping by display width (`textwrap`), so CJK, emoji and combining characters
//! line up and an option's continuation lines can hang under its text rather than under
//! its letter; wrapping styled spans the same way; and fitting a cell to a width with `…`
//! where it is cut.

use crate::engine::text::display_safe;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Wraps `text` to `width` columns, keeping its own line breaks, except inside a sentence:
/// a line that starts with a lowercase letter continues the prose line before it (banks
/// written as YAML literal blocks break their prose where the editor did, which would
/// leave a word or two alone on a line at any other width). Words longer than a line are
/// broken between characters (which is also how text without spaces, such as Chinese,
/// wraps); words are never split at hyphens, so a command or a term stays whole when it
/// fits.
///
/// A line that starts with a space is literal: an exhibit (a configuration, a YAML
/// manifest, command output) whose indentation and columns carry its meaning. It keeps
/// every space and is never re-wrapped; one wider than `width` is cut, with `…` at the
/// cut, rather than continued at the margin where its indentation would be lost.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let text = display_safe(text);
    let options = textwrap::Options::new(width)
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut paras: Vec<String> = Vec::new();
    for line in text.trim_end_matches('\n').split('\n') {
        let continues = line.chars().next().is_some_and(char::is_lowercase)
            && paras.last().is_some_and(|p| !p.trim().is_empty() && !p.starts_with(' '));
        match paras.last_mut() {
            Some(p) if continues => {
                p.push(' ');
                p.push_str(line);
            }
            _ => paras.push(line.to_owned()),
        }
    }
    paras
        .iter()
        .flat_map(|para| {
            if para.starts_with(' ') {
                return vec![clip(para.trim_end(), width)];
            }
            let lines = textwrap::wrap(para, &options);
            if lines.is_empty() { vec![String::new()] } else { lines.into_iter().map(|l| l.into_owned()).collect() }
        })
        .collect()
}

/// `s` when it fits in `width` columns, else cut to fit with `…` as its last column.
pub fn clip(s: &str, width: usize) -> String {
    let s = display_safe(s);
    if s.width() <= width { s.into_owned() } else { fit(&s, width) }
}

/// Wraps styled `spans` to `width` columns at spaces, as `wrap` does plain text; lines
/// after the first start with `hang` spaces. Spaces where a line breaks are dropped;
/// a word longer than a line is broken between characters.
pub fn wrap_spans(spans: &[Span<'_>], width: usize, hang: usize) -> Vec<Line<'static>> {
    let safe: Vec<Span<'_>> =
        spans.iter().map(|s| Span::styled(display_safe(&s.content).into_owned(), s.style)).collect();
    let spans = &safe[..];
    let width = width.max(hang + 1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    // Words and runs of spaces, each with its span's style.
    let mut pieces: Vec<(String, Style)> = Vec::new();
    for span in spans {
        let mut word = String::new();
        let mut spaces = false;
        for c in span.content.chars() {
            if (c == ' ') != spaces && !word.is_empty() {
                pieces.push((std::mem::take(&mut word), span.style));
            }
            spaces = c == ' ';
            word.push(c);
        }
        if !word.is_empty() {
            pieces.push((word, span.style));
        }
    }
    fn push_line(line: &mut Vec<Span<'static>>, lines: &mut Vec<Line<'static>>) {
        // Spaces before the break are not shown.
        while line.last().is_some_and(|s| s.content.trim().is_empty()) && line.len() > 1 {
            line.pop();
        }
        lines.push(Line::from(std::mem::take(line)));
    }
    // Whether the line holds a word yet (and not only spaces).
    let mut has_word = false;
    for (piece, style) in pieces {
        let w = piece.width();
        let space = piece.starts_with(' ');
        if used + w <= width {
            line.push(Span::styled(piece, style));
            used += w;
            has_word |= !space;
            continue;
        }
        if space {
            // A break: the spaces go, the next word starts the next line.
            push_line(&mut line, &mut lines);
            line.push(Span::raw(" ".repeat(hang)));
            used = hang;
            has_word = false;
            continue;
        }
        let had_word = std::mem::replace(&mut has_word, true);
        if had_word && w <= width - hang {
            push_line(&mut line, &mut lines);
            line.push(Span::raw(" ".repeat(hang)));
            used = hang;
            line.push(Span::styled(piece, style));
            used += w;
            continue;
        }
        // Longer than a line: break it between characters.
        let mut part = String::new();
        for c in piece.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                line.push(Span::styled(std::mem::take(&mut part), style));
                push_line(&mut line, &mut lines);
                line.push(Span::raw(" ".repeat(hang)));
                used = hang;
            }
            part.push(c);
            used += cw;
        }
        line.push(Span::styled(part, style));
    }
    if !line.is_empty() || lines.is_empty() {
        push_line(&mut line, &mut lines);
    }
    lines
}

/// Lays `items` (each a few styled spans: a figure, a name) out in lines of `width`
/// columns, `sep` between them, breaking lines only between items: a name or a figure is
/// not split while it fits a line. `lead` starts the first line; lines after it start
/// with `hang` spaces. An item wider than a line is wrapped at its spaces.
pub fn wrap_items(lead: &str, items: &[Vec<Span<'_>>], sep: Span<'_>, width: usize, hang: usize) -> Vec<Line<'static>> {
    let width = width.max(hang + 1);
    let own = |spans: &[Span<'_>]| -> Vec<Span<'static>> {
        spans.iter().map(|s| Span::styled(s.content.clone().into_owned(), s.style)).collect()
    };
    let sep_w = sep.content.width();
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut line: Vec<Span<'static>> = vec![Span::raw(lead.to_owned())];
    let mut used = lead.width();
    let mut empty = true;
    for item in items {
        let w: usize = item.iter().map(|s| s.content.width()).sum();
        let gap = if empty { 0 } else { sep_w };
        if used + gap + w <= width {
            if !empty {
                line.extend(own(std::slice::from_ref(&sep)));
            }
            line.extend(own(item));
            used += gap + w;
            empty = false;
            continue;
        }
        if !empty {
            lines.push(Line::from(std::mem::take(&mut line)));
            line = vec![Span::raw(" ".repeat(hang))];
            used = hang;
        }
        if used + w <= width {
            line.extend(own(item));
            used += w;
            empty = false;
            continue;
        }
        // Wider than a line on its own: wrapped at its spaces.
        let mut spans = std::mem::take(&mut line);
        spans.extend(own(item));
        let mut wrapped = wrap_spans(&spans, width, hang);
        let last = wrapped.pop().unwrap_or_default();
        used = last.width();
        lines.extend(wrapped);
        line = last.spans;
        empty = false;
    }
    lines.push(Line::from(line));
    lines
}

/// Pads or cuts `s` to exactly `width` columns; a cut ends in `…` (its last column).
pub fn fit(s: &str, width: usize) -> String {
    let s = display_safe(s);
    let cut = s.width() > width;
    // Room for the text: all of it, or all but the marker's column.
    let room = if cut { width.saturating_sub(1) } else { width };
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > room {
            break;
        }
        out.push(c);
        w += cw;
    }
    if cut && width > 0 {
        out.push('…');
        w += 1;
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
        assert_eq!(wrap("One two three\nFour", 7), vec!["One two", "three", "Four"]);
    }

    #[test]
    fn wraps_cjk_by_width() {
        let lines = wrap("漢字漢字漢字", 5);
        assert_eq!(lines, vec!["漢字", "漢字", "漢字"]);
        assert!(lines.iter().all(|l| l.width() <= 5));
    }

    #[test]
    fn a_sentence_broken_by_the_editor_is_reflowed() {
        let stem = "The only policy in the payments\nnamespace is shown below.\n\n  kind: Policy\nWhich is it?";
        assert_eq!(
            wrap(stem, 40),
            vec!["The only policy in the payments", "namespace is shown below.", "", "  kind: Policy", "Which is it?"]
        );
        assert_eq!(wrap(stem, 80)[0], "The only policy in the payments namespace is shown below.");
    }

    #[test]
    fn leading_spaces_are_kept() {
        assert_eq!(wrap("a:\n  b: c", 20), vec!["a:", "  b: c"]);
    }

    #[test]
    fn literal_lines_are_clipped_not_rewrapped() {
        let exhibit = "Output:\n  dst             src             state\n   set peer 203.0.113.2";
        assert_eq!(
            wrap(exhibit, 24),
            vec!["Output:", "  dst             src  …", "   set peer 203.0.113.2"],
            "the wide line keeps its columns and is cut with a marker; no line starts at the margin"
        );
        assert!(wrap(exhibit, 24).iter().all(|l| l.width() <= 24));
    }

    #[test]
    fn items_break_between_themselves() {
        let items: Vec<Vec<Span>> =
            ["4 questions", "2 domains", "not enough data yet"].iter().map(|s| vec![Span::raw(*s)]).collect();
        let lines: Vec<String> =
            wrap_items("  ", &items, Span::raw(" · "), 30, 4).iter().map(|l| l.to_string()).collect();
        assert_eq!(lines, vec!["  4 questions · 2 domains", "    not enough data yet"]);
    }

    #[test]
    fn spans_wrap_at_spaces_with_a_hanging_indent() {
        let spans = [Span::raw(" time used "), Span::styled("0:02:35", Style::new().bold()), Span::raw(" of 2:00:00")];
        let lines: Vec<String> = wrap_spans(&spans, 16, 3).iter().map(|l| l.to_string()).collect();
        assert_eq!(lines, vec![" time used", "   0:02:35 of", "   2:00:00"]);
        let long: Vec<String> = wrap_spans(&[Span::raw("abcdefghij")], 4, 0).iter().map(|l| l.to_string()).collect();
        assert_eq!(long, vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn hyphenated_words_are_not_split() {
        // A hyphen splitter would give "aa bb-" / "cc".
        assert_eq!(wrap("aa bb-cc", 6), vec!["aa", "bb-cc"]);
    }

    #[test]
    fn fit_pads_and_cuts() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcdef", 4), "abc…", "a cut is marked, even where it falls on the last column");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(fit("漢字漢字", 4), "漢… ");
    }
}

#[cfg(test)]
mod display_tests {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

    /// A stem with a ZWJ family and a flag wrapped and clipped: every row measures the
    /// same char by char as by cluster, so no terminal draws it wider than laid out.
    #[test]
    fn emoji_sequences_are_laid_out_at_the_width_every_terminal_draws() {
        let stem = "Which team 👩\u{200d}💻\u{200d}🔧 in 🇩🇪 owns the 👋\u{1f3fd} onboarding runbook for the new site?";
        for width in [10, 17, 30] {
            for row in super::wrap(stem, width).iter().chain([super::clip(stem, width), super::fit(stem, width)].iter())
            {
                let by_char: usize = row.chars().map(|c| c.width().unwrap_or(0)).sum();
                assert_eq!(row.width(), by_char, "{row:?}");
                assert!(row.width() <= width, "{row:?} in {width}");
            }
        }
        assert!(super::wrap(stem, 80)[0].contains("[DE]"));
    }
}
