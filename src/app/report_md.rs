//! The report as markdown: the same sections as the HTML page, the figures as tables and
//! each chart as an SVG file beside it, linked by name. Every value from the candidate's
//! data goes through the `md` filter, so that a title or a note can neither break a
//! table nor inject markup.

use askama::Template;

use super::report::{CAUSE_COLUMNS, Report};

#[derive(Template)]
#[template(path = "report.md")]
struct Doc<'a> {
    r: &'a Report,
    /// The charts' file names, in `report::CHARTS` order, as link targets.
    links: Vec<String>,
    cause_columns: [&'static str; 6],
}

/// The markdown of `report`, linking the charts at `chart_files` (file names beside it, in
/// `report::CHARTS` order).
pub fn render(report: &Report, chart_files: &[String]) -> Result<String, askama::Error> {
    Doc { r: report, links: chart_files.iter().map(|f| link_target(f)).collect(), cause_columns: CAUSE_COLUMNS }
        .render()
}

/// A file name as a link target: everything but unreserved characters percent-encoded, so
/// spaces and brackets in a name keep the link whole.
fn link_target(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text made inert in markdown: HTML's three characters as entities, the characters that
/// start emphasis, code, links, strikethrough and table cells escaped, and line breaks
/// (which would end a table row) turned into spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

mod filters {
    /// `{{ value|md }}`: see [`super::escape`].
    #[askama::filter_fn]
    pub fn md(value: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::escape(&value.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_user_text_is_made_inert() {
        assert_eq!(escape("<b>A|B</b> *x* [l](u) `c`"), "&lt;b&gt;A\\|B&lt;/b&gt; \\*x\\* \\[l\\](u) \\`c\\`");
        assert_eq!(escape("two\nlines"), "two lines");
    }

    #[test]
    fn link_targets_keep_odd_names_whole() {
        assert_eq!(link_target("my report (v2)-scores.svg"), "my%20report%20%28v2%29-scores.svg");
        assert_eq!(link_target("report-scores.svg"), "report-scores.svg");
    }
}
