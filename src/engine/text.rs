//! Small text helpers shared by every layer: escaping control characters so bank text can
//! never drive the terminal, "did you mean" suggestions (edit distance from `strsim`), and
//! errors with their causes on one line.

/// True for characters that must never reach a terminal from bank text: C0/C1 controls
/// (except newline and tab, which callers handle), DEL, and every Unicode bidirectional
/// control (the `Bidi_Control` property: U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069), which can make text display differently from what it says.
pub fn is_forbidden_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// True when `s` holds a forbidden character, a tab or a carriage return. Works on bytes:
/// every such character is ASCII or starts with 0xC2 (C1 controls), 0xD8 (U+061C, the
/// Arabic letter mark, is D8 9C) or 0xE2 (the other bidi controls), so ordinary text,
/// accents and dashes included, is screened at memory speed.
pub fn may_need_cleaning(s: &str) -> bool {
    let b = s.as_bytes();
    // Printable ASCII and newlines need no look at each byte: most text is all of them,
    // and a whole bank file is screened at once.
    let plain = |c: &u8| (0x20..0x7f).contains(c) || *c == b'\n';
    let mut at = 0;
    for chunk in b.chunks(64) {
        if !chunk.iter().all(plain) && (at..at + chunk.len()).any(|i| needs_cleaning_at(b, i)) {
            return true;
        }
        at += chunk.len();
    }
    false
}

/// Whether the character starting at `b[i]` (or the byte, within one) is one
/// `may_need_cleaning` looks for.
fn needs_cleaning_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        0x00..=0x09 | 0x0b..=0x1f | 0x7f => true,
        0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
        0xd8 => matches!(b.get(i + 1), Some(0x9c)),
        0xe2 => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    }
}

/// Replaces every forbidden character (and tab, carriage return, newline) with a visible
/// `\u{..}` escape, for messages that echo user-supplied text on one line.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(|c| is_forbidden_char(c) || c == '\t' || c == '\r' || c == '\n') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_forbidden_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Text for a terminal cell grid: emoji sequences whose width terminals disagree on are
/// taken apart, so the width Proctor measures is the width every terminal draws. A ZWJ
/// sequence (👨‍👩‍👧) shows as its emoji side by side, a flag (🇩🇪) as its letters in brackets
/// (`[DE]`); skin-tone modifiers, emoji variation selectors and keycap marks are dropped.
/// What is left measures the same char by char as by cluster, which is what a terminal
/// that knows none of these sequences does.
pub fn display_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let tricky = |c: char| matches!(c, '\u{200d}' | '\u{fe0f}' | '\u{20e3}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{1f1e6}'..='\u{1f1ff}');
    if s.is_ascii() || !s.chars().any(tricky) {
        return std::borrow::Cow::Borrowed(s);
    }
    let indicator = |c: char| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c);
    let letter = |c: char| char::from(b'A' + (c as u32 - 0x1f1e6) as u8);
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Between emoji a joiner makes one glyph of several, or not, terminal by terminal.
            '\u{200d}' if out.chars().next_back().is_some_and(is_pictographic) => {}
            '\u{fe0f}' | '\u{20e3}' | '\u{1f3fb}'..='\u{1f3ff}' => {}
            c if indicator(c) => match chars.next_if(|&n| indicator(n)) {
                Some(n) => {
                    out.push('[');
                    out.push(letter(c));
                    out.push(letter(n));
                    out.push(']');
                }
                None => out.push(letter(c)),
            },
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Emoji and pictographs (an approximation of Unicode's Extended_Pictographic by blocks).
fn is_pictographic(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}' | '\u{1f000}'..='\u{1faff}')
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a
/// plausible typo (at most a third of the word's length, and at least one edit away).
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|&(d, _)| d > 0 && d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// An error and each of its causes, joined by `: ` on one line; a cause whose text the
/// message already holds is not repeated.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e.source();
    join_causes(
        e.to_string(),
        std::iter::from_fn(move || {
            let c = cause?;
            cause = c.source();
            Some(c.to_string())
        }),
    )
}

/// `first` and then each of `causes` not already in the text, joined by `: `.
pub fn join_causes(first: String, causes: impl Iterator<Item = String>) -> String {
    let mut out = first;
    for c in causes {
        if !out.contains(&c) {
            out.push_str(": ");
            out.push_str(&c);
        }
    }
    out
}

#[cfg(test)]
mod display_tests {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

    use super::display_safe;

    /// Emoji ZWJ sequences and flags measured differently from the terminal and left
    /// fragments on later screens: after `display_safe` the width by cluster is the width
    /// char by char, which is what a terminal without emoji shaping draws.
    #[test]
    fn emoji_zwj_sequences_and_flags_measure_as_every_terminal_draws_them() {
        for (given, shown) in [
            ("family 👨\u{200d}👩\u{200d}👧 here", "family 👨👩👧 here"),
            ("flag 🇩🇪 and 🇫🇷!", "flag [DE] and [FR]!"),
            ("lone 🇩", "lone D"),
            ("love ❤\u{fe0f} and 1\u{fe0f}\u{20e3}", "love ❤ and 1"),
            ("wave 👋\u{1f3fd}", "wave 👋"),
            ("plain text, accents é and CJK 漢字", "plain text, accents é and CJK 漢字"),
            ("Malayalam ന\u{d4d}\u{200d} keeps its joiner", "Malayalam ന\u{d4d}\u{200d} keeps its joiner"),
        ] {
            let safe = display_safe(given);
            assert_eq!(safe, shown);
            let by_char: usize = safe.chars().map(|c| c.width().unwrap_or(0)).sum();
            if safe.chars().all(|c| c != '\u{200d}') {
                assert_eq!(safe.width(), by_char, "{given:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_field_names() {
        let fields = ["id", "stem", "explanation", "options"];
        assert_eq!(did_you_mean("explaination", fields), Some("explanation"));
        assert_eq!(did_you_mean("optoins", fields), Some("options"));
        assert_eq!(did_you_mean("zebra", fields), None);
    }

    #[test]
    fn the_byte_screen_agrees_with_the_character_check() {
        for s in [
            "plain",
            "tab\there",
            "em — dash",
            "naïve",
            "\u{85}",
            "\u{9f}",
            "\u{a0}",
            "\u{200e}",
            "\u{61b}",
            "\u{61c}",
            "\u{61d}",
            "\u{600}",
            "\u{2010}",
            "\u{202e}",
            "\u{2066}",
            "\u{2069}",
            "\u{206a}",
            "\u{1b}[0m",
            "\u{7f}",
            "x\ry",
        ] {
            let exact = s.chars().any(|c| is_forbidden_char(c) || c == '\t' || c == '\r');
            assert_eq!(may_need_cleaning(s), exact, "{s:?}");
        }
    }

    #[test]
    fn error_chains_do_not_repeat_a_cause_the_message_names() {
        #[derive(Debug, thiserror::Error)]
        #[error("disk full ({0})")]
        struct Outer(&'static str, #[source] std::io::Error);
        let e = Outer("x.jsonl", std::io::Error::other("disk full"));
        assert_eq!(error_chain(&e), "disk full (x.jsonl)");
        let e = Outer("x.jsonl", std::io::Error::other("read-only"));
        assert_eq!(error_chain(&e), "disk full (x.jsonl): read-only");
    }

    /// U+061C passed validation while U+200E and U+200F were refused: every character with
    /// the Unicode `Bidi_Control` property is refused, by the character check and the byte
    /// screen alike, and escaped when echoed.
    #[test]
    fn arabic_letter_mark_u061c_is_refused_like_every_bidi_control() {
        let bidi_controls =
            ['\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}']
                .into_iter()
                .chain('\u{2066}'..='\u{2069}');
        for c in bidi_controls {
            let s = format!("a{c}b");
            assert!(is_forbidden_char(c), "U+{:04X} must be refused", c as u32);
            assert!(may_need_cleaning(&s), "the byte screen misses U+{:04X}", c as u32);
            assert_eq!(escape_controls(&s), format!("a\\u{{{:x}}}b", c as u32));
        }
        // Arabic text itself is fine: its letters share U+061C's lead byte 0xD8.
        assert!(!may_need_cleaning("\u{61b}\u{61f}\u{627}\u{644}"));
    }

    /// The screen looks at 64 bytes at a time: a character is found wherever it falls,
    /// across a boundary included, and text around it does not hide it.
    #[test]
    fn the_screen_finds_a_character_at_any_offset() {
        for c in ['\u{1b}', '\u{85}', '\u{61c}', '\u{202e}', '\u{2069}', '\t'] {
            for at in 0..140 {
                let s = format!("{}{c}{}", "a".repeat(at), "é".repeat(40));
                assert!(may_need_cleaning(&s), "U+{:04X} at {at}", c as u32);
            }
        }
        assert!(!may_need_cleaning(&"plain text, accents é and dashes — ".repeat(20)));
        let mini = include_str!("../../tests/fixtures/banks/valid/mini.yaml");
        let bad = mini.replacen("Which protocol", "Which \u{61c}protocol", 1);
        assert_ne!(bad, mini, "the fixture's first stem starts with `Which protocol`");
        let err = crate::engine::bank::load::load_str("mini.yaml", &bad).expect_err("U+061C in a stem is refused");
        let shown = err.to_string();
        assert!(shown.contains("control character U+061C"), "{shown}");
    }

    #[test]
    fn escapes_escape_sequences_and_bidi() {
        assert_eq!(escape_controls("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape_controls("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape_controls("x\u{61c}y"), "x\\u{61c}y");
        assert_eq!(escape_controls("plain é 中"), "plain é 中");
    }
}
