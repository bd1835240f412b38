//! Scrolled screen bodies that mix text and ratatui `Table`s: the parts are drawn into a
//! buffer as tall as the content, and the visible rows copied out, so a table scrolls with
//! the text around it. Domain tables give the name column what is left after the fixed
//! columns and wrap a longer name onto more lines of its row, so a name is never cut.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};
use unicode_width::UnicodeWidthStr;

use super::wrap::wrap;

/// Draws a widget into the rows given to it.
pub type Draw<'a> = Box<dyn FnOnce(Rect, &mut Buffer) + 'a>;

/// One piece of a scrolled body.
pub enum Part<'a> {
    /// Lines drawn as they are (one screen row each).
    Lines(Vec<Line<'a>>),
    /// A table and the rows it takes (header included).
    Table(Box<Table<'a>>, u16),
    /// Any other widget, drawn into the rows it takes (a chart).
    Draw(Draw<'a>, u16),
}

/// A body made of parts, top to bottom.
#[derive(Default)]
pub struct Stack<'a> {
    parts: Vec<Part<'a>>,
}

impl<'a> Stack<'a> {
    pub fn new() -> Stack<'a> {
        Stack { parts: Vec::new() }
    }

    pub fn line(&mut self, line: impl Into<Line<'a>>) {
        match self.parts.last_mut() {
            Some(Part::Lines(lines)) => lines.push(line.into()),
            _ => self.parts.push(Part::Lines(vec![line.into()])),
        }
    }

    pub fn lines(&mut self, lines: impl IntoIterator<Item = Line<'a>>) {
        for l in lines {
            self.line(l);
        }
    }

    pub fn table(&mut self, table: DomainTable<'a>) {
        let h = table.height;
        self.parts.push(Part::Table(Box::new(table.table), h));
    }

    /// A widget `rows` high, drawn by `draw` into its place.
    pub fn widget(&mut self, rows: u16, draw: impl FnOnce(Rect, &mut Buffer) + 'a) {
        self.parts.push(Part::Draw(Box::new(draw), rows));
    }

    /// Rows the whole body takes.
    pub fn height(&self) -> u16 {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Lines(l) => l.len() as u16,
                Part::Table(_, h) | Part::Draw(_, h) => *h,
            })
            .fold(0u16, u16::saturating_add)
    }

    /// Draws the body into `area`, `scroll` rows down (clamped so the end stays in view).
    pub fn render_scrolled(self, area: Rect, buf: &mut Buffer, scroll: u16) {
        let height = self.height();
        let scroll = scroll.min(height.saturating_sub(area.height));
        let full = Rect::new(0, 0, area.width, height.max(1));
        let mut tall = Buffer::empty(full);
        let mut y = 0;
        for part in self.parts {
            match part {
                Part::Lines(lines) => {
                    let h = lines.len() as u16;
                    Paragraph::new(lines).render(Rect::new(0, y, area.width, h), &mut tall);
                    y += h;
                }
                Part::Table(t, h) => {
                    Widget::render(*t, Rect::new(0, y, area.width, h), &mut tall);
                    y += h;
                }
                Part::Draw(draw, h) => {
                    draw(Rect::new(0, y, area.width, h), &mut tall);
                    y += h;
                }
            }
        }
        for row in 0..area.height {
            let from = row + scroll;
            if from >= height {
                break;
            }
            for x in 0..area.width {
                buf[(area.x + x, area.y + row)] = tall[(x, from)].clone();
            }
        }
    }
}

/// A mark for the bottom border of a scrolled body of `content` rows shown `rows` at a
/// time from `scroll`: whether more lies above, below, or both.
pub fn more_marks(content: u16, rows: u16, scroll: u16) -> Option<Line<'static>> {
    let max = content.saturating_sub(rows);
    let scroll = scroll.min(max);
    let text = match (scroll > 0, scroll < max) {
        (false, false) => return None,
        (true, false) => " ▲ more above ",
        (false, true) => " ▼ more below ",
        (true, true) => " ▲▼ more ",
    };
    Some(Line::from(text).right_aligned())
}

/// A column after the domain name.
pub struct Column {
    pub header: String,
    pub width: u16,
    pub right: bool,
}

impl Column {
    pub fn right(header: impl Into<String>, width: u16) -> Column {
        Column { header: header.into(), width, right: true }
    }

    pub fn left(header: impl Into<String>, width: u16) -> Column {
        Column { header: header.into(), width, right: false }
    }
}

/// A table whose first column is a domain name and whose others are fixed.
pub struct DomainTable<'a> {
    table: Table<'a>,
    height: u16,
}

/// Space left of the name and between columns.
const SPACING: u16 = 1;

/// The width the name column gets in `width` columns next to `columns`.
pub fn name_width(width: u16, columns: &[Column], longest: usize) -> u16 {
    let fixed: u16 = columns.iter().map(|c| c.width + SPACING).sum::<u16>() + 1;
    width.saturating_sub(fixed).min(longest.max(6) as u16).max(6)
}

impl<'a> DomainTable<'a> {
    /// `rows` are (name, cells after it, style of the row's name); names longer than
    /// their column wrap onto more lines of the row.
    pub fn new(
        width: u16,
        name_header: &str,
        columns: Vec<Column>,
        rows: Vec<(String, Vec<Cell<'a>>, Style)>,
        header_style: Style,
    ) -> DomainTable<'a> {
        let longest = rows.iter().map(|r| r.0.width()).chain([name_header.width()]).max().unwrap_or(6);
        let name_w = name_width(width, &columns, longest);
        let mut height = 1;
        let body: Vec<Row> = rows
            .into_iter()
            .map(|(name, cells, style)| {
                let lines: Vec<Line> = wrap(&name, name_w as usize).into_iter().map(Line::from).collect();
                let h = lines.len().max(1) as u16;
                height += h;
                let mut all = vec![Cell::from(Text::from(lines)).style(style)];
                all.extend(cells);
                Row::new(all).height(h)
            })
            .collect();
        let header = Row::new(
            std::iter::once(Cell::from(name_header.to_owned()))
                .chain(columns.iter().map(|c| {
                    let l = Line::from(c.header.clone());
                    Cell::from(if c.right { l.right_aligned() } else { l })
                }))
                .collect::<Vec<_>>(),
        )
        .style(header_style);
        let widths: Vec<Constraint> = std::iter::once(Constraint::Length(name_w))
            .chain(columns.iter().map(|c| Constraint::Length(c.width)))
            .collect();
        // The leading blank column is the table's left margin, as the text around it has.
        let table = Table::new(body, widths)
            .header(header)
            .column_spacing(SPACING)
            .flex(ratatui::layout::Flex::Start)
            .block(ratatui::widgets::Block::new().padding(ratatui::widgets::Padding::left(1)));
        DomainTable { table, height }
    }
}

/// A right-aligned cell.
pub fn right<'a>(s: impl Into<String>, style: Style) -> Cell<'a> {
    Cell::from(Line::from(s.into()).right_aligned()).style(style)
}

/// A left-aligned cell.
pub fn left<'a>(s: impl Into<String>, style: Style) -> Cell<'a> {
    Cell::from(Line::from(s.into())).style(style)
}
