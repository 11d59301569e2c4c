//! Where each panel goes for a given terminal size. Small terminals get fewer panels, in
//! this order of importance: the status line, the header (compact below 16 rows or 40
//! columns), the per-operation table, the charts, then errors by class and the per-node
//! table. A pure function of the size, so tests can check every size from 1×1 up.

use ratatui::layout::Rect;

/// The panels to draw; `None` for those that do not fit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Panels {
    pub header: Option<Rect>,
    /// The header is one or two plain lines instead of a framed box.
    pub compact_header: bool,
    pub throughput: Option<Rect>,
    pub latency: Option<Rect>,
    pub operations: Option<Rect>,
    pub errors: Option<Rect>,
    pub nodes: Option<Rect>,
    pub status: Option<Rect>,
}

/// Rows of the framed header.
const FULL_HEADER: u16 = 5;
/// The narrowest a chart is drawn.
const MIN_CHART_WIDTH: u16 = 24;
/// Below this width the two charts share a row no more: the latency chart alone is drawn.
const TWO_CHARTS: u16 = 60;
/// From this width errors and nodes sit beside the operation table.
const WIDE: u16 = 130;

/// Rows `[top, top + rows)` of `area`, clamped to it.
fn rows(area: Rect, top: u16, rows: u16) -> Rect {
    let y = area.y.saturating_add(top.min(area.height));
    let height = rows.min(area.height.saturating_sub(top));
    Rect::new(area.x, y, area.width, height)
}

/// `area` split into columns of the given shares (in percent); the last takes the rest.
fn columns<const N: usize>(area: Rect, shares: [u16; N]) -> [Rect; N] {
    let mut out = [Rect::default(); N];
    let mut x = area.x;
    let right = area.x.saturating_add(area.width);
    for (i, share) in shares.iter().enumerate() {
        let width = if i + 1 == N {
            right.saturating_sub(x)
        } else {
            (u32::from(area.width) * u32::from(*share) / 100) as u16
        };
        out[i] = Rect::new(x, area.y, width, area.height);
        x = x.saturating_add(width);
    }
    out
}

fn non_empty(rect: Rect) -> Option<Rect> {
    (rect.width > 0 && rect.height > 0).then_some(rect)
}

/// The panels for a terminal of `area`, tables of `operations` and `nodes` rows.
pub fn layout(area: Rect, operations: usize, nodes: usize) -> Panels {
    let mut panels = Panels::default();
    if area.width == 0 || area.height == 0 {
        return panels;
    }
    let status_rows = u16::from(area.height >= 2);
    if status_rows > 0 {
        panels.status = non_empty(rows(area, area.height - 1, 1));
    }
    let body = rows(area, 0, area.height - status_rows);
    let header_rows = if body.height >= 16 && body.width >= 40 {
        FULL_HEADER
    } else {
        panels.compact_header = true;
        if body.height >= 6 {
            2
        } else {
            1
        }
    };
    panels.header = non_empty(rows(body, 0, header_rows));
    let rest = rows(body, header_rows, body.height.saturating_sub(header_rows));
    let table_rows = (operations.min(200) as u16 + 3).max(4);
    // Errors by class need up to 5 lines; nodes one each.
    let side_rows = (nodes.min(200) as u16 + 3).max(5);
    match rest.height {
        0..=2 => {}
        3..=8 => panels.operations = non_empty(rest),
        9..=15 => {
            let table = table_rows.min(rest.height / 2);
            charts(&mut panels, rows(rest, 0, rest.height - table));
            panels.operations = non_empty(rows(rest, rest.height - table, table));
        }
        _ => {
            let wide = rest.width >= WIDE;
            let wanted = match wide {
                true => table_rows.max(side_rows),
                false => table_rows + side_rows,
            };
            // The charts get what the tables do not need, and at least 40%.
            let chart_rows = rest
                .height
                .saturating_sub(wanted)
                .max(rest.height * 2 / 5)
                .max(7);
            charts(&mut panels, rows(rest, 0, chart_rows));
            let bottom = rows(rest, chart_rows, rest.height - chart_rows);
            if wide {
                let [ops, errors, nodes] = columns(bottom, [55, 15, 30]);
                panels.operations = non_empty(ops);
                panels.errors = non_empty(errors);
                panels.nodes = non_empty(nodes);
            } else {
                let table = table_rows.min(bottom.height);
                panels.operations = non_empty(rows(bottom, 0, table));
                let side = rows(bottom, table, bottom.height - table);
                if side.height >= 4 {
                    let [errors, nodes] = columns(side, [40, 60]);
                    panels.errors = non_empty(errors);
                    panels.nodes = non_empty(nodes);
                }
            }
        }
    }
    panels
}

fn charts(panels: &mut Panels, area: Rect) {
    if area.width >= TWO_CHARTS {
        let [throughput, latency] = columns(area, [45, 55]);
        panels.throughput = non_empty(throughput);
        panels.latency = non_empty(latency);
    } else if area.width >= MIN_CHART_WIDTH {
        panels.latency = non_empty(area);
    }
}
