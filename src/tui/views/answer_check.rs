//! An answer set against the right one, for the item types that are not a plain choice:
//! the candidate's order beside the right order, each pair right or wrong with the right
//! match for a wrong one, the typed answer beside the accepted ones, and the partial credit
//! earned. The review and a drill's feedback both show it.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::answer_form::note;
use super::columns::{Cell, side_by_side};
use crate::engine::bank::{Kind, Question, letter};
use crate::engine::session::Answer;
use crate::engine::text::escape_controls;
use crate::tui::theme::Theme;

fn clean(s: &str) -> String {
    s.split('\n').map(escape_controls).collect::<Vec<_>>().join(" ")
}

/// `3 of 4 in place, credit 75%`, and the style that says how it went.
fn summary(right: usize, of: usize, what: &str, a: &Answer, partial: bool, theme: Theme) -> (String, Style) {
    if right == of && of > 0 {
        return (format!("All {of} {what}."), theme.good());
    }
    if partial {
        let pct = (a.credit() * 100.0).round() as u32;
        let style = if pct > 0 { theme.warn() } else { theme.bad() };
        return (format!("{right} of {of} {what}, credit {pct}%"), style);
    }
    (format!("{right} of {of} {what}: all or nothing, so no credit"), theme.bad())
}

/// The lines that set `a` against the right answer of `q`, shown in `order` (`order[pos]`
/// = bank index) as the candidate saw it; nothing for a choice question (its options
/// show it).
pub fn check_lines(q: &Question, order: &[u8], a: &Answer, width: usize, theme: Theme) -> Vec<Line<'static>> {
    match q.kind {
        Kind::Choice => Vec::new(),
        Kind::Order => order_check(q, a, width, theme),
        Kind::Match => match_check(q, order, a, width, theme),
        Kind::Text => text_check(q, a, width, theme),
    }
}

fn order_check(q: &Question, a: &Answer, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let n = q.options.len();
    let digits = n.to_string().len();
    // Two equal columns after the margin, two spaces between them.
    let col = width.saturating_sub(3) / 2;
    let gap = Span::raw("  ");
    let mut lines = side_by_side(
        " ",
        Cell::new(&[Span::styled("Your order", theme.title())]),
        col,
        gap.clone(),
        Cell::new(&[Span::styled("Right order", theme.title())]),
        width,
    );
    let mut right = 0;
    for i in 0..n {
        let given = a.selection.get(i).map(|&o| o as usize);
        let ok = given == Some(i);
        right += usize::from(ok);
        let (mark, style) = if ok { ("✓", theme.good()) } else { ("✗", theme.bad()) };
        let yours = match given.and_then(|o| q.options.get(o)) {
            Some(o) => clean(&o.text),
            None => "(not placed)".to_owned(),
        };
        let left = [Span::styled(format!("{:>digits$}. {mark} ", i + 1), style), Span::styled(yours, style)];
        let answer = [Span::raw(format!("{:>digits$}. ", i + 1)), Span::raw(clean(&q.options[i].text))];
        // Continuation rows hang under the text, after `1. ✓ ` and `1. `.
        let left = Cell::new(&left).hang(digits + 4);
        lines.extend(side_by_side(" ", left, col, gap.clone(), Cell::new(&answer).hang(digits + 2), width));
    }
    let (text, style) = summary(right, n, "in place", a, q.partial, theme);
    lines.extend(note(&text, width, style));
    lines
}

fn match_check(q: &Question, order: &[u8], a: &Answer, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let shown = |o: usize| {
        let pos = order.iter().position(|&x| x as usize == o).unwrap_or(o);
        format!("{}. {}", letter(pos), q.options.get(o).map_or(String::new(), |c| clean(&c.text)))
    };
    let longest = q.lefts.iter().map(|l| escape_controls(l).width()).max().unwrap_or(0);
    let left_w = longest.min(width / 3).max(4) + 2;
    let mut lines = Vec::new();
    let mut right = 0;
    for (i, left) in q.lefts.iter().enumerate() {
        let given = a.selection.get(i).map(|&o| o as usize);
        let ok = given == Some(i);
        right += usize::from(ok);
        let (mark, style) = if ok { ("✓ ", theme.good()) } else { ("✗ ", theme.bad()) };
        let cell = [Span::styled(mark, style), Span::raw(escape_controls(left))];
        let yours = given.map_or_else(|| "nothing given".to_owned(), shown);
        let yours = [Span::styled(yours, style)];
        lines.extend(side_by_side(
            " ",
            Cell::new(&cell).hang(2),
            left_w,
            Span::raw(" → "),
            Cell::new(&yours).hang(3),
            width,
        ));
        if !ok {
            let fix = [Span::styled(format!("right: {}", shown(i)), theme.good())];
            lines.extend(side_by_side(" ", Cell::new(&[]), left_w, Span::raw("   "), Cell::new(&fix).hang(10), width));
        }
    }
    let extras: Vec<String> = (q.lefts.len()..q.options.len()).map(shown).collect();
    if !extras.is_empty() {
        lines.extend(note(&format!("Matching nothing: {}", extras.join(" · ")), width, theme.dim()));
    }
    let (text, style) = summary(right, q.lefts.len(), "pairs right", a, q.partial, theme);
    lines.extend(note(&text, width, style));
    lines
}

fn text_check(q: &Question, a: &Answer, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let typed = a.typed.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let (mark, style) = if a.correct { ("✓", theme.good()) } else { ("✗", theme.bad()) };
    let yours = typed.map_or_else(|| "(nothing typed)".to_owned(), escape_controls);
    let label_w = "Your answer ".width();
    let mut lines = side_by_side(
        " ",
        Cell::new(&[Span::styled(format!("{mark} "), style), Span::raw("Your answer")]),
        label_w + 2,
        Span::raw(" "),
        Cell::new(&[Span::styled(yours, style)]),
        width,
    );
    let accepted = q.answers.iter().map(|s| escape_controls(s)).collect::<Vec<_>>().join(" · ");
    lines.extend(side_by_side(
        " ",
        Cell::new(&[Span::raw("  Accepted")]),
        label_w + 2,
        Span::raw(" "),
        Cell::new(&[Span::styled(accepted, theme.good())]),
        width,
    ));
    lines.extend(note("Case and spacing do not count.", width, theme.dim()));
    lines
}
