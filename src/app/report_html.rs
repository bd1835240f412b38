//! The report as one self-contained HTML page: the charts inline as SVG, the styles in the
//! page (light and dark by `prefers-color-scheme`, A4 for print), no script, no font or
//! image fetched from anywhere. The template (`templates/report.html`) escapes every value
//! it is given; only the charts, drawn by [`super::report_svg`], go in as markup.

use askama::Template;

use super::report::{CAUSE_COLUMNS, Report};
use super::report_svg::{Charts, STYLE};
use crate::engine::readiness::VerdictKind;

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    r: &'a Report,
    charts: &'a Charts,
    chart_style: &'static str,
    verdict_class: &'static str,
    cause_columns: [&'static str; 6],
}

/// The page of `report` with `charts`.
pub fn render(report: &Report, charts: &Charts) -> Result<String, askama::Error> {
    Page {
        r: report,
        charts,
        chart_style: STYLE,
        verdict_class: match report.verdict.kind {
            VerdictKind::Ready => "ready",
            VerdictKind::NotYet => "not-yet",
            VerdictKind::NotEnoughData => "not-enough-data",
        },
        cause_columns: CAUSE_COLUMNS,
    }
    .render()
}
