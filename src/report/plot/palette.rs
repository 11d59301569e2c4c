//! Run colours shared by every plot (and usable by renderers): the Okabe-Ito palette, which
//! stays distinguishable under the common forms of colour blindness. Run 0 (the base) is
//! blue, run 1 orange, and so on; yellow and black come last because yellow is faint on white
//! and black is used for reference lines. Past eight runs the colours repeat.

use plotters::style::RGBColor;

/// Okabe & Ito (2008), in the order runs get them.
const OKABE_ITO: [(u8, u8, u8); 8] = [
    (0x00, 0x72, 0xB2), // blue
    (0xE6, 0x9F, 0x00), // orange
    (0x00, 0x9E, 0x73), // bluish green
    (0xD5, 0x5E, 0x00), // vermillion
    (0xCC, 0x79, 0xA7), // reddish purple
    (0x56, 0xB4, 0xE9), // sky blue
    (0xF0, 0xE4, 0x42), // yellow
    (0x00, 0x00, 0x00), // black
];

/// The colour of reference lines (SLO) and axes: dark grey, not a run colour.
pub const REFERENCE: RGBColor = RGBColor(0x44, 0x44, 0x44);

/// The colour of run `run` in every plot.
pub fn run_colour(run: usize) -> RGBColor {
    let (r, g, b) = OKABE_ITO[run % OKABE_ITO.len()];
    RGBColor(r, g, b)
}

/// The same colour as `#rrggbb`, for HTML or CSS.
pub fn run_colour_hex(run: usize) -> String {
    let RGBColor(r, g, b) = run_colour(run);
    format!("#{r:02x}{g:02x}{b:02x}")
}
