//! Table layout shared by the renderers: how many columns, which are
//! numeric (right-aligned), and each cell's text with its status mark in a fixed slot so that
//! the numbers of a column still line up when only some of them carry a mark.

use super::{Cell, Status, Table};

/// Horizontal alignment of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A table reduced to plain strings: header and rows all `columns` wide, marks placed.
pub(crate) struct Laid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<(String, Status)>>,
    pub align: Vec<Align>,
    /// Whether any cell carries a mark (the renderer then prints [`Status::LEGEND`]).
    pub marked: bool,
}

/// Lays out `table`: ragged rows are padded with empty cells, newlines become spaces.
pub(crate) fn lay_out(table: &Table) -> Laid {
    let columns = table
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(table.header.len()))
        .max()
        .unwrap_or(0);
    let empty = Cell::plain("");
    let cell = |row: &[Cell], column: usize| -> Cell { row.get(column).unwrap_or(&empty).clone() };
    let align: Vec<Align> = (0..columns)
        .map(|column| {
            let texts = table.rows.iter().map(|row| cell(row, column).text);
            column_alignment(column, texts)
        })
        .collect();
    let marked_columns: Vec<bool> = (0..columns)
        .map(|column| {
            table
                .rows
                .iter()
                .any(|row| !cell(row, column).status.mark().is_empty())
        })
        .collect();
    let slot = |text: &str, mark: &str, column: usize| -> String {
        let text = one_line(text);
        match marked_columns.get(column) {
            Some(true) if mark.is_empty() => format!("{text}  "),
            Some(true) => format!("{text} {mark}"),
            _ => text,
        }
    };
    let header = (0..columns)
        .map(|column| {
            let text = table.header.get(column).map(String::as_str).unwrap_or("");
            match align.get(column) {
                Some(Align::Right) => slot(text, "", column),
                _ => one_line(text),
            }
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            (0..columns)
                .map(|column| {
                    let c = cell(row, column);
                    (slot(&c.text, c.status.mark(), column), c.status)
                })
                .collect()
        })
        .collect();
    Laid {
        header,
        rows,
        align,
        marked: marked_columns.iter().any(|m| *m),
    }
}

/// The width a string takes in a monospaced terminal, counting each `char` as one column
/// (report text is Latin, digits, `µ`, `%` and the marks, all one column wide).
pub(crate) fn width(text: &str) -> usize {
    text.chars().count()
}

/// The first column names things and is left-aligned; any other column whose non-empty
/// cells all look like numbers (`12.3 ms`, `+4.5%`, `-`) is right-aligned.
fn column_alignment(column: usize, texts: impl Iterator<Item = String>) -> Align {
    if column == 0 {
        return Align::Left;
    }
    let mut numbers = 0;
    for text in texts {
        let text = text.trim();
        if text.is_empty() || is_placeholder(text) {
            continue;
        }
        if !looks_numeric(text) {
            return Align::Left;
        }
        numbers += 1;
    }
    if numbers > 0 {
        Align::Right
    } else {
        Align::Left
    }
}

fn is_placeholder(text: &str) -> bool {
    matches!(text, "-" | "—" | "–" | "n/a")
}

/// A number, optionally signed or approximate, optionally followed by a unit.
fn looks_numeric(text: &str) -> bool {
    let unsigned = text.trim_start_matches(['+', '-', '−', '±', '~', '≈', '×']);
    unsigned.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
