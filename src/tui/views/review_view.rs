//! The review screens: one question at a time with its testlet's scenario, its exhibits
//! (exact), the answer set against the right one (the correct options and every option's
//! `why`; the order, pairs or typed answer and the credit they earned), the explanation and
//! the suggested cause; and the breakdown table.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::answer_check::check_lines;
use super::exhibit::{block, exhibits, scenario_lines, testlet_of};
use super::table_part::{Column, DomainTable, Stack, more_marks, right};
use super::wrap::{clip, wrap, wrap_items, wrap_spans};
use super::{clock_text, count};
use crate::engine::bank::{Bank, Kind};
use crate::engine::review::{self, COLUMNS};
use crate::engine::session::Unanswered;
use crate::engine::text::escape_controls;
use crate::tui::review_state::{LinkKind, ReviewPane, ReviewState};
use crate::tui::state::App;
use crate::tui::theme::Theme;

/// The review screen: one question with its cause, or the breakdown.
pub struct ReviewView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for &ReviewView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ReviewView { app, theme } = *self;
        let Some(st) = &app.review else { return };
        let bank = &app.banks[st.bank].bank;
        let (title, content) = content(st, bank, area, theme);
        let [body, note] = areas(st, area);
        // A title too long for the border is cut with a mark, not silently.
        let block = Block::bordered().title(clip(&title, body.width.saturating_sub(2) as usize));
        let inner = block.inner(body);
        let block = match more_marks(content.height(), inner.height, st.scroll) {
            Some(m) => block.title_bottom(m),
            None => block,
        };
        block.render(body, buf);
        content.render_scrolled(inner, buf, st.scroll);
        if let Some(input) = &st.note {
            // The note is for the question on screen: say which.
            let label =
                st.current().map_or_else(|| "Note".to_owned(), |it| format!("Note for question {}", it.item + 1));
            Paragraph::new(input.line(&label, theme.key(), note.width as usize)).render(note, buf);
        }
    }
}

/// The bordered body, and the line of the note being typed (empty when none is).
fn areas(st: &ReviewState, area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(1), Constraint::Length(u16::from(st.note.is_some()))]).areas(area)
}

/// The title and the scrolled content of the review in the screen's `area`.
fn content(st: &ReviewState, bank: &Bank, area: Rect, theme: Theme) -> (String, Stack<'static>) {
    let width = area.width.saturating_sub(2) as usize;
    match st.view {
        ReviewPane::Question => {
            let (title, lines) = question(st, bank, width, theme);
            let mut s = Stack::new();
            s.lines(lines);
            (title, s)
        }
        ReviewPane::Breakdown => {
            let (title, body, _) = breakdown(st, bank, width, theme);
            (title, body)
        }
    }
}

/// The row of the breakdown's marked entry in its scrolled body, and the rows the body
/// shows at once, in the screen's `area`.
pub fn link_row(app: &App, area: Rect) -> Option<(u16, u16)> {
    let st = app.review.as_ref()?;
    if st.view != ReviewPane::Breakdown {
        return None;
    }
    let width = area.width.saturating_sub(2) as usize;
    let (_, _, rows) = breakdown(st, &app.banks[st.bank].bank, width, Theme { color: false });
    let [body, _] = areas(st, area);
    Some((*rows.get(st.link)?, Block::bordered().inner(body).height))
}

/// How far the review's body can scroll in the screen's `area`.
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let Some(st) = &app.review else { return 0 };
    let (_, content) = content(st, &app.banks[st.bank].bank, area, Theme { color: false });
    let [body, _] = areas(st, area);
    content.height().saturating_sub(Block::bordered().inner(body).height)
}

/// Bank text wrapped under an indent, its line breaks kept and controls made visible.
fn text_lines(s: &str, width: usize, indent: usize, style: Style) -> Vec<Line<'static>> {
    let clean = s.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n");
    wrap(&clean, width.saturating_sub(indent))
        .into_iter()
        .map(|l| Line::styled(format!("{}{l}", " ".repeat(indent)), style))
        .collect()
}

fn question(st: &ReviewState, bank: &Bank, width: usize, theme: Theme) -> (String, Vec<Line<'static>>) {
    let title = format!(
        " Review · {} · {} of {} · {} ",
        escape_controls(&st.title),
        if st.shown.is_empty() { 0 } else { st.pos + 1 },
        st.shown.len(),
        st.focus.as_deref().unwrap_or(st.filter.name())
    );
    let Some(it) = st.current() else {
        return (title, vec![Line::from(" Nothing to show with this filter; press f for another.")]);
    };
    let mut lines = Vec::new();
    let mut head = vec![
        vec![Span::styled(format!("Question {}", it.item + 1), theme.title())],
        vec![Span::raw(escape_controls(&it.domain_name))],
        vec![Span::raw(format!("{} spent", clock_text(it.answer.seconds.round() as i64)))],
    ];
    let verdict = match (it.answer.correct, it.answer.unanswered) {
        (true, _) => Span::styled("✓ right", theme.good()),
        (false, Some(Unanswered::Time)) => Span::styled("✗ unanswered: time ran out", theme.bad()),
        (false, Some(Unanswered::Abandoned)) => Span::styled("✗ not reached (abandoned)", theme.bad()),
        (false, Some(Unanswered::Skipped)) => Span::styled("✗ skipped", theme.bad()),
        (false, None) if it.answer.credit() > 0.0 => {
            Span::styled(format!("◐ partly right, credit {:.0}%", it.answer.credit() * 100.0), theme.warn())
        }
        (false, None) => Span::styled("✗ wrong", theme.bad()),
    };
    head.push(vec![verdict]);
    if it.answer.guess {
        head.push(vec![Span::styled("⚑ guess", theme.warn())]);
    }
    if it.answer.changed_right_to_wrong() {
        head.push(vec![Span::styled("↺ changed a right answer", theme.warn())]);
    }
    // Broken between its parts, never cut: the domain's name is one of them.
    lines.extend(wrap_items(" ", &head, Span::raw(" · "), width, 3));
    lines.push(Line::from(""));
    let Some(qi) = it.question else {
        lines.push(Line::styled(
            format!(" {} is no longer in the bank; your answer is kept.", it.question_id),
            theme.warn(),
        ));
        return (title, lines);
    };
    let q = &bank.questions[qi];
    if let Some(t) = testlet_of(bank, q) {
        lines.push(Line::styled(format!(" Testlet: {}", escape_controls(&t.title)), theme.title()));
        lines.extend(scenario_lines(t, width));
        lines.push(Line::from(""));
    }
    lines.extend(text_lines(&q.stem, width, 1, Style::new()));
    lines.push(Line::from(""));
    for e in exhibits(bank, q) {
        lines.extend(block(&e.title, e.text, width, None, theme));
        lines.push(Line::from(""));
    }
    lines.extend(check_lines(q, &it.order, &it.answer, width, theme));
    // Only a choice question has options to mark (and traps).
    let options = if q.kind == Kind::Choice { &it.order[..] } else { &[] };
    for (pos, &opt) in options.iter().enumerate() {
        let Some(o) = q.options.get(opt as usize) else { continue };
        let chosen = it.answer.selection.contains(&opt);
        let correct = it.correct_options.contains(&opt);
        let mark = match (correct, chosen) {
            (true, true) => "✓ you ",
            (true, false) => "✓     ",
            (false, true) => "✗ you ",
            (false, false) => "      ",
        };
        let style = if correct {
            theme.good()
        } else if chosen {
            theme.bad()
        } else {
            Style::new()
        };
        let prefix = format!(" {mark}{} ", (b'A' + pos as u8) as char);
        let indent = prefix.width();
        let text = o.text.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n");
        for (k, l) in wrap(&text, width.saturating_sub(indent)).into_iter().enumerate() {
            let head = if k == 0 { prefix.clone() } else { " ".repeat(indent) };
            lines.push(Line::from(vec![Span::styled(head, style), Span::styled(l, style)]));
        }
        if let Some(why) = &o.why {
            lines.extend(text_lines(why, width, indent, theme.dim()));
        }
        if let Some(t) = o.trap.filter(|_| !o.correct) {
            lines.push(Line::styled(format!("{}trap: {t}", " ".repeat(indent)), theme.dim()));
        }
    }
    if let Some(e) = &q.explanation {
        lines.push(Line::from(""));
        lines.push(Line::styled(" Explanation", theme.title()));
        lines.extend(text_lines(e, width, 1, Style::new()));
    }
    if !q.terms.is_empty() {
        lines.extend(text_lines(&format!("Key terms: {}", q.terms.join(", ")), width, 1, Style::new()));
    }
    if !q.refs.is_empty() {
        lines.extend(text_lines(&format!("References: {}", q.refs.join("; ")), width, 1, theme.dim()));
    }
    if it.is_error() {
        lines.push(Line::from(""));
        if let Some(s) = &it.suggestion {
            let conf = if s.low_confidence { " (low confidence)" } else { "" };
            lines.push(Line::from(vec![
                Span::styled(" Suggested cause: ", theme.title()),
                Span::styled(s.suggested.name(), theme.warn()),
                Span::styled(conf.to_owned(), theme.dim()),
            ]));
            lines.extend(text_lines(&s.reason, width, 3, theme.dim()));
        }
        match &it.confirmed {
            Some(c) => {
                let mut l =
                    vec![Span::styled(" Confirmed: ", theme.title()), Span::styled(c.cause.name(), theme.good())];
                if let Some(n) = &c.note {
                    l.push(Span::raw(format!(" · note: {}", escape_controls(n))));
                }
                lines.extend(wrap_spans(&l, width, 3));
            }
            None => {
                lines.push(Line::styled(" Not confirmed yet: Enter confirms, c/t/m/r sets another cause.", theme.dim()))
            }
        }
    }
    (title, lines)
}

/// The breakdown's title, body, and the body row of each of its entries (`st.links`).
fn breakdown(st: &ReviewState, bank: &Bank, width: usize, theme: Theme) -> (String, Stack<'static>, Vec<u16>) {
    let bd = review::breakdown(&st.review, bank);
    let title = if st.session_id.is_empty() {
        format!(" Breakdown · {} ", escape_controls(&st.title))
    } else {
        format!(" Breakdown · {} · {} ", escape_controls(&st.title), escape_controls(&st.session_id))
    };
    let mut lines = Vec::new();
    let figures: Vec<Vec<Span>> = [
        count(bd.errors, "error", "errors"),
        format!("{} lucky (guessed and right)", bd.lucky),
        count(bd.changed_right_to_wrong, "right answer changed to wrong", "right answers changed to wrong"),
        count(bd.unconfirmed, "cause not yet confirmed", "causes not yet confirmed"),
    ]
    .into_iter()
    .map(|f| vec![Span::raw(f)])
    .collect();
    lines.extend(wrap_items(" ", &figures, Span::raw(" · "), width, 1));
    lines.push(Line::from(""));
    // The cause columns keep their width; the domain name takes what is left, and wraps.
    // Where that would leave the names too little room (under 80-odd columns), the
    // shares of each domain's errors give way to the bare counts.
    let longest = bd.domains.iter().map(|d| d.name.width()).max().unwrap_or(6);
    let with_shares: u16 = 7 + COLUMNS.iter().map(|c| (c.len() as u16).max(9) + 1).sum::<u16>() + 1;
    let shares = (width as u16).saturating_sub(with_shares) as usize >= longest.min(24);
    let cell = |n: usize, of: usize| match n {
        0 => "·".to_owned(),
        n if shares => format!("{n} ({:.0}%)", n as f64 * 100.0 / of.max(1) as f64),
        n => n.to_string(),
    };
    let col_w = |c: &str| if shares { (c.len() as u16).max(9) } else { c.len() as u16 };
    let columns: Vec<Column> = std::iter::once(Column::right("errors", 6))
        .chain(COLUMNS.iter().map(|c| Column::right(*c, col_w(c))))
        .collect();
    let row = |name: String, errors: usize, counts: &[usize], style: Style| {
        let cells = std::iter::once(right(errors.to_string(), style))
            .chain(counts.iter().map(|&n| right(cell(n, errors), style)))
            .collect();
        (name, cells, style)
    };
    let mut rows: Vec<_> =
        bd.domains.iter().map(|d| row(escape_controls(&d.name), d.errors, &d.counts, Style::new())).collect();
    rows.push(row("Total".to_owned(), bd.errors, &bd.totals, theme.title()));
    let mut body = Stack::new();
    body.lines(lines);
    body.table(DomainTable::new(width as u16, "Domain", columns, rows, theme.title()));
    let mut lines = Vec::new();
    lines.push(Line::from(""));
    lines.push(Line::styled(" What to do", theme.title()));
    for d in &bd.domains {
        if let (Some(c), Some(a)) = (d.dominant, d.advice) {
            lines.extend(text_lines(&format!("{}: mostly {c}: {a}.", d.name), width, 2, Style::new()));
        } else if d.counts[..4].iter().sum::<usize>() > 0 {
            let why = if crate::engine::review::mixed_causes(&d.counts) {
                "mixed causes"
            } else {
                "too few errors for a pattern"
            };
            lines.extend(text_lines(&format!("{}: {why}: go through each question.", d.name), width, 2, Style::new()));
        }
    }
    // The entries that open questions: since last time, then the missed terms. Each
    // row's place is kept, for the caller to scroll the marked one into view.
    let base = body.height();
    let mut rows = Vec::new();
    let mut entry = |lines: &mut Vec<Line<'static>>, text: String, style: Style| {
        let k = rows.len();
        rows.push(base + lines.len() as u16);
        let chosen = k == st.link;
        let mark = if chosen { Span::styled("  › ", theme.key()) } else { Span::raw("    ") };
        let style = if chosen { theme.selected() } else { style };
        lines.extend(wrap_spans(&[mark, Span::styled(text, style)], width, 6));
    };
    lines.push(Line::from(""));
    match &st.since {
        Some(since) => {
            let day =
                |t: &chrono::DateTime<chrono::Utc>| t.with_timezone(&chrono::Local).format("%Y-%m-%d").to_string();
            let over = match since.sessions {
                1 => format!("the session of {}", day(&since.last)),
                n if day(&since.first) == day(&since.last) => format!("{n} earlier sessions, {}", day(&since.last)),
                n => format!("{n} earlier sessions, {} to {}", day(&since.first), day(&since.last)),
            };
            lines.extend(text_lines(
                &format!("Since last time: each question against your last answer to it ({over})"),
                width,
                1,
                theme.title(),
            ));
            let s = &since.comparison;
            let figures = [
                Span::styled(format!("  fixed {}", s.fixed), theme.good()),
                Span::raw(" · "),
                Span::styled(format!("slipped {}", s.slipped), theme.bad()),
                Span::raw(format!(" · still missed {} · right both times {}", s.still_missed, s.right_both)),
            ];
            if s.questions.is_empty() {
                let what = if since.sessions == 1 { "it" } else { "them" };
                let text = format!("none of this session's questions was asked in {what}");
                lines.extend(text_lines(&text, width, 2, theme.dim()));
            } else {
                lines.extend(wrap_spans(&figures, width, 2));
            }
            for (kind, head) in
                [(LinkKind::Slipped, "  Slipped (right last time):"), (LinkKind::StillMissed, "  Still missed:")]
            {
                let mut first = true;
                for link in st.links.iter().filter(|l| l.kind == kind) {
                    if first {
                        lines.push(Line::styled(head, theme.dim()));
                        first = false;
                    }
                    let it = &st.review.items[link.group[link.first]];
                    let stem = it.question.map_or_else(
                        || "(no longer in the bank)".to_owned(),
                        // On one line: the stem's line breaks become spaces, not `\n`.
                        |q| escape_controls(&bank.questions[q].stem.split_whitespace().collect::<Vec<_>>().join(" ")),
                    );
                    let text = format!("Question {} · {} · {stem}", it.item + 1, it.question_id);
                    entry(&mut lines, clip(&text, width.saturating_sub(4)), Style::new());
                }
            }
        }
        None => lines.push(Line::styled(" Since last time: no earlier session of this bank to compare.", theme.dim())),
    }
    if st.links.iter().any(|l| matches!(l.kind, LinkKind::Term(_))) {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            " Missed terms (glossary to study; Enter opens the questions that taught one)",
            theme.title(),
        ));
        for link in &st.links {
            let LinkKind::Term(t) = &link.kind else { continue };
            let asked: Vec<String> = link.group.iter().map(|&i| (st.review.items[i].item + 1).to_string()).collect();
            let text = format!(
                "{}{} · {} {}",
                escape_controls(t),
                if link.group.len() > 1 { format!(" ×{}", link.group.len()) } else { String::new() },
                if asked.len() == 1 { "question" } else { "questions" },
                asked.join(", ")
            );
            entry(&mut lines, text, Style::new());
        }
    }
    body.lines(lines);
    (title, body, rows)
}
