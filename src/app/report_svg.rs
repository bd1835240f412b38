//! The report's charts as SVG, drawn with plotters' SVG backend: full-simulation scores
//! over time against the passing and target lines, each domain's trend as a small
//! multiple, the domain × cause heat map, and the time per question by domain.
//!
//! Every point of a series is one `<circle>` (and nothing else draws circles), so a
//! reader — or a test — can count them. Colours are a small fixed palette; [`STYLE`]
//! maps the ones that need it to lighter shades for a dark page, inline in the HTML and
//! inside each standalone SVG file. Plotters escapes the text it writes.

use std::error::Error;

use chrono::{DateTime, Duration, Local, Utc};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::report::{CAUSE_COLUMNS, MARKER, Report, ReportError};

/// Text, axes and the zero line.
const FG: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Secondary text (a count of zero, captions inside a chart).
const MUTED: RGBColor = RGBColor(0x80, 0x80, 0x80);
/// Grid lines.
const GRID: RGBColor = RGBColor(0xD0, 0xD0, 0xD0);
/// The candidate's figures.
const SERIES: RGBColor = RGBColor(0x25, 0x63, 0xEB);
/// The passing line.
const PASS: RGBColor = RGBColor(0xC2, 0x41, 0x0C);
/// The target line.
const TARGET: RGBColor = RGBColor(0x15, 0x80, 0x3D);
/// An empty heat-map cell.
const EMPTY: RGBColor = RGBColor(0xEE, 0xEE, 0xEE);
/// The heat map's scale, from one error to the most.
const HEAT_LOW: (u8, u8, u8) = (0xFD, 0xE3, 0xCF);
const HEAT_HIGH: (u8, u8, u8) = (0xB3, 0x3A, 0x0A);

/// CSS for the charts on a dark page (plotters writes colours as presentation attributes,
/// which any CSS rule overrides). Print always uses the light colours.
pub const STYLE: &str = "@media screen and (prefers-color-scheme: dark) {
  svg [fill=\"#333333\"] { fill: #e8e8e8; }
  svg [stroke=\"#333333\"] { stroke: #e8e8e8; }
  svg [stroke=\"#D0D0D0\" i] { stroke: #444444; }
  svg [fill=\"#2563EB\" i] { fill: #7aa7ff; }
  svg [stroke=\"#2563EB\" i] { stroke: #7aa7ff; }
  svg [fill=\"#C2410C\" i] { fill: #ff9a5c; }
  svg [stroke=\"#C2410C\" i] { stroke: #ff9a5c; }
  svg [fill=\"#15803D\" i] { fill: #5ee08a; }
  svg [stroke=\"#15803D\" i] { stroke: #5ee08a; }
  svg [fill=\"#EEEEEE\" i] { fill: #2c2c2c; }
}";

const FONT: &str = "sans-serif";

/// The four charts of a report, each an `<svg>` element.
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    pub scores: String,
    pub domains: String,
    pub causes: String,
    pub pace: String,
}

impl Charts {
    pub fn draw(r: &Report) -> Result<Charts, ReportError> {
        let fail = |chart: &'static str| move |why: Box<dyn Error>| ReportError::Chart { chart, why: why.to_string() };
        Ok(Charts {
            scores: svg((800, 320), |a| scores(a, r)).map_err(fail("scores"))?,
            domains: {
                let rows = r.domains.len().div_ceil(2).max(1) as u32;
                svg((800, 190 * rows), |a| domains(a, r)).map_err(fail("domains"))?
            },
            causes: svg((800, 56 + 34 * r.causes.rows.len().max(1) as u32), |a| causes(a, r))
                .map_err(fail("causes"))?,
            pace: svg((800, 70 + 34 * r.pace.rows.len().max(1) as u32), |a| pace(a, r)).map_err(fail("pace"))?,
        })
    }

    /// The chart named `name` (one of [`super::report::CHARTS`]).
    pub fn get(&self, name: &str) -> &str {
        match name {
            "scores" => &self.scores,
            "domains" => &self.domains,
            "causes" => &self.causes,
            _ => &self.pace,
        }
    }
}

/// An SVG chart as a file of its own: the XML declaration, the report's marker and the
/// dark-page style inside the `<svg>` element.
pub fn standalone(chart: &str) -> String {
    let style = format!("<!-- {MARKER} -->\n<style>\n{STYLE}\n</style>\n");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match chart.find('>') {
        Some(end) if chart.starts_with("<svg") => {
            out.push_str(&chart[..=end]);
            out.push('\n');
            out.push_str(&style);
            out.push_str(chart[end + 1..].trim_start_matches('\n'));
        }
        _ => out.push_str(chart),
    }
    out
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn Error>>;
type TimeChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws on an SVG of `size` and returns its text.
fn svg(size: (u32, u32), draw: impl FnOnce(&Area<'_>) -> Drawn) -> Result<String, Box<dyn Error>> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    Ok(buf)
}

fn font(size: u32, color: RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(&color)
}

fn anchored(size: u32, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    font(size, color).pos(Pos::new(h, v))
}

/// `text` cut to `max` characters, ending in `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// A message in the middle of an empty chart.
fn empty(area: &Area<'_>, message: &str) -> Drawn {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        message.to_owned(),
        (w as i32 / 2, h as i32 / 2),
        anchored(16, MUTED, HPos::Center, VPos::Center),
    ))?;
    Ok(())
}

/// The time axis every chart over time shares: days since the first counted simulation.
struct TimeAxis {
    t0: DateTime<Utc>,
    lo: f64,
    hi: f64,
    /// The span is short: label with the time of day too.
    short: bool,
}

impl TimeAxis {
    fn of(r: &Report) -> Option<TimeAxis> {
        let t0 = r.scores.first()?.at;
        let last = r.scores.last().map_or(t0, |p| p.at);
        let span = (last - t0).num_seconds() as f64 / 86_400.0;
        let pad = (span * 0.05).max(0.5);
        Some(TimeAxis { t0, lo: -pad, hi: span + pad, short: span < 2.0 })
    }

    fn x(&self, t: DateTime<Utc>) -> f64 {
        (t - self.t0).num_seconds() as f64 / 86_400.0
    }

    fn label(&self, x: f64) -> String {
        let t = self.t0 + Duration::seconds((x * 86_400.0).round() as i64);
        let local = t.with_timezone(&Local);
        if self.short { local.format("%m-%d %H:%M").to_string() } else { local.format("%Y-%m-%d").to_string() }
    }
}

/// A dashed horizontal line at `y` across `x`, labelled at its right end.
fn level_line(
    chart: &mut TimeChart<'_, '_>,
    (lo, hi): (f64, f64),
    y: f64,
    color: RGBColor,
    label: Option<String>,
) -> Drawn {
    chart.draw_series(DashedLineSeries::new(vec![(lo, y), (hi, y)], 6, 4, color.stroke_width(2)))?;
    if let Some(label) = label {
        chart.draw_series(std::iter::once(Text::new(
            label,
            (hi, y),
            anchored(13, color, HPos::Right, VPos::Bottom),
        )))?;
    }
    Ok(())
}

/// Scores of the counted simulations over time: a line through one circle per simulation
/// (filled when it reached the target), the passing and target lines dashed.
fn scores(area: &Area<'_>, r: &Report) -> Drawn {
    let Some(axis) = TimeAxis::of(r) else {
        return empty(area, "No counted full simulation yet");
    };
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(axis.lo..axis.hi, 0f64..100f64)?;
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|x| axis.label(*x))
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .label_style(font(13, FG))
        .axis_style(FG)
        .bold_line_style(GRID)
        .light_line_style(GRID.mix(0.0))
        .draw()?;
    let pass = f64::from(r.bank.passing);
    let target = f64::from(r.bank.target);
    level_line(&mut chart, (axis.lo, axis.hi), pass, PASS, Some(format!("passing {}%", r.bank.passing)))?;
    if r.bank.target > r.bank.passing {
        level_line(&mut chart, (axis.lo, axis.hi), target, TARGET, Some(format!("target {}%", r.bank.target)))?;
    }
    let points: Vec<(f64, f64)> = r.scores.iter().map(|p| (axis.x(p.at), p.score)).collect();
    chart.draw_series(LineSeries::new(points.clone(), SERIES.stroke_width(2)))?;
    chart.draw_series(r.scores.iter().zip(&points).map(|(p, &xy)| {
        let style = if p.reached_target { SERIES.filled() } else { SERIES.stroke_width(2) };
        Circle::new(xy, 5, style)
    }))?;
    Ok(())
}

/// Each domain's percentage per counted simulation, one small panel per domain (two to a
/// row), on the scores chart's time axis, against the passing line.
fn domains(area: &Area<'_>, r: &Report) -> Drawn {
    let Some(axis) = TimeAxis::of(r) else {
        return empty(area, "No counted full simulation yet");
    };
    let rows = r.domains.len().div_ceil(2).max(1);
    let panels = area.split_evenly((rows, 2));
    for (d, panel) in r.domains.iter().zip(&panels) {
        let latest = d.latest.map_or(String::new(), |l| format!(" · {l:.0}%"));
        let mut chart = ChartBuilder::on(panel)
            .margin(8)
            .caption(format!("{}{latest}", cut(&d.name, 44)), font(14, FG))
            .x_label_area_size(22)
            .y_label_area_size(36)
            .build_cartesian_2d(axis.lo..axis.hi, 0f64..100f64)?;
        chart
            .configure_mesh()
            .x_labels(3)
            .y_labels(3)
            .x_label_formatter(&|x| axis.label(*x))
            .y_label_formatter(&|y| format!("{y:.0}%"))
            .label_style(font(11, FG))
            .axis_style(FG)
            .bold_line_style(GRID)
            .light_line_style(GRID.mix(0.0))
            .draw()?;
        level_line(&mut chart, (axis.lo, axis.hi), f64::from(r.bank.passing), PASS, None)?;
        let points: Vec<(f64, f64)> = d.points.iter().map(|p| (axis.x(p.at), p.percent)).collect();
        chart.draw_series(LineSeries::new(points.clone(), SERIES.stroke_width(2)))?;
        chart.draw_series(points.iter().map(|&xy| Circle::new(xy, 3, SERIES.filled())))?;
    }
    Ok(())
}

/// A colour of the heat map's scale for `count` errors of at most `max`, and a text
/// colour that reads on it.
fn heat(count: usize, max: usize) -> (RGBColor, RGBColor) {
    if count == 0 || max == 0 {
        return (EMPTY, MUTED);
    }
    let t = if max == 1 { 1.0 } else { (count - 1) as f64 / (max - 1) as f64 };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    let c = RGBColor(mix(HEAT_LOW.0, HEAT_HIGH.0), mix(HEAT_LOW.1, HEAT_HIGH.1), mix(HEAT_LOW.2, HEAT_HIGH.2));
    (c, if t < 0.5 { BLACK } else { WHITE })
}

/// Domains down, causes across, each cell the errors of that domain put down to that
/// cause, darker for more; the dominant cause of a domain in bold.
fn causes(area: &Area<'_>, r: &Report) -> Drawn {
    let m = &r.causes;
    if m.rows.is_empty() {
        return empty(area, "No domain");
    }
    let (w, _) = area.dim_in_pixel();
    let (left, top, row_h) = (300i32, 40i32, 34i32);
    let col_w = (w as i32 - left - 8) / CAUSE_COLUMNS.len() as i32;
    for (c, name) in CAUSE_COLUMNS.iter().enumerate() {
        let x = left + c as i32 * col_w + col_w / 2;
        area.draw(&Text::new(name.replace('-', " "), (x, top - 10), anchored(13, FG, HPos::Center, VPos::Bottom)))?;
    }
    for (i, row) in m.rows.iter().enumerate() {
        let y = top + i as i32 * row_h;
        area.draw(&Text::new(
            cut(&row.name, 38),
            (left - 10, y + row_h / 2),
            anchored(13, FG, HPos::Right, VPos::Center),
        ))?;
        for (c, &count) in row.counts.iter().enumerate() {
            let x = left + c as i32 * col_w;
            let (fill, text) = heat(count, m.max);
            area.draw(&Rectangle::new([(x + 2, y + 2), (x + col_w - 2, y + row_h - 2)], fill.filled()))?;
            let dominant = row.dominant.is_some_and(|d| d.name() == CAUSE_COLUMNS[c]);
            let weight = if dominant { FontStyle::Bold } else { FontStyle::Normal };
            let style = (FONT, 14, weight).into_font().color(&text).pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new(count.to_string(), (x + col_w / 2, y + row_h / 2), style))?;
        }
    }
    Ok(())
}

/// Mean seconds per answered question in each domain as a bar, against the time a full
/// paper allows per question (dashed).
fn pace(area: &Area<'_>, r: &Report) -> Drawn {
    let p = &r.pace;
    if p.rows.iter().all(|row| row.mean_secs.is_none()) {
        return empty(area, "No answers yet");
    }
    let top = p.rows.iter().filter_map(|row| row.mean_secs).fold(p.bank_secs, f64::max) * 1.2;
    let n = p.rows.len();
    let names: Vec<String> = p.rows.iter().map(|row| cut(&row.name, 38)).collect();
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(300)
        .build_cartesian_2d(0f64..top, (0..n.saturating_sub(1)).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(6)
        .y_labels(n)
        .x_label_formatter(&|x| format!("{x:.0} s"))
        .y_label_formatter(&|y| match y {
            SegmentValue::CenterOf(i) => names.get(n.wrapping_sub(1).wrapping_sub(*i)).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .label_style(font(13, FG))
        .axis_style(FG)
        .bold_line_style(GRID)
        .light_line_style(GRID.mix(0.0))
        .draw()?;
    // Segments count from the bottom: the first domain goes in the top one.
    let slot = |i: usize| n - 1 - i;
    let bars = p.rows.iter().enumerate().filter_map(|(i, row)| {
        let secs = row.mean_secs?;
        let at = slot(i);
        let mut bar =
            Rectangle::new([(0.0, SegmentValue::Exact(at)), (secs, SegmentValue::Exact(at + 1))], SERIES.filled());
        bar.set_margin(6, 6, 0, 0);
        Some(bar)
    });
    chart.draw_series(bars)?;
    chart.draw_series(p.rows.iter().enumerate().filter_map(|(i, row)| {
        let secs = row.mean_secs?;
        let at = SegmentValue::CenterOf(slot(i));
        Some(Text::new(format!(" {secs:.0} s"), (secs, at), anchored(13, FG, HPos::Left, VPos::Center)))
    }))?;
    let plot = chart.plotting_area();
    let (x, _) = plot.map_coordinate(&(p.bank_secs, SegmentValue::Exact(0)));
    let (_, y_top) = plot.map_coordinate(&(p.bank_secs, SegmentValue::Exact(n)));
    let (_, y_bottom) = plot.map_coordinate(&(p.bank_secs, SegmentValue::Exact(0)));
    let root = area;
    root.draw(&DashedPathElement::new(
        vec![(x, y_top.min(y_bottom)), (x, y_top.max(y_bottom))],
        6,
        4,
        PASS.stroke_width(2),
    ))?;
    root.draw(&Text::new(
        format!("allowed {:.0} s", p.bank_secs),
        (x + 4, y_top.min(y_bottom) - 2),
        anchored(13, PASS, HPos::Left, VPos::Bottom),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_ends_in_an_ellipsis() {
        assert_eq!(cut("Network Security", 40), "Network Security");
        assert_eq!(cut("Network Security", 8), "Network…");
    }

    #[test]
    fn standalone_svg_carries_the_marker_and_the_dark_style() {
        let s = standalone("<svg width=\"1\" height=\"1\" xmlns=\"http://www.w3.org/2000/svg\">\n<circle/>\n</svg>\n");
        assert!(s.starts_with("<?xml"));
        let svg_open = s.find("<svg").expect("svg");
        let style = s.find("<style>").expect("style");
        assert!(svg_open < style && s.find(MARKER).is_some_and(|m| m < 1024), "{s}");
        assert!(s.contains("prefers-color-scheme: dark"));
        assert!(s.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn the_heat_scale_darkens_with_the_count_and_keeps_text_legible() {
        assert_eq!(heat(0, 5), (EMPTY, MUTED));
        let (low, low_text) = heat(1, 5);
        let (high, high_text) = heat(5, 5);
        assert!(
            u32::from(low.0) + u32::from(low.1) + u32::from(low.2)
                > u32::from(high.0) + u32::from(high.1) + u32::from(high.2)
        );
        assert_eq!((low_text, high_text), (BLACK, WHITE));
    }
}
