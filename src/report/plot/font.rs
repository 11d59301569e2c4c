//! The bundled font: DejaVu Sans (assets/fonts/, Bitstream Vera licence beside it), compiled
//! into the binary and registered with plotters' pure-Rust ab_glyph text path as the
//! `sans-serif` family. PNG plots are thus labelled identically on every machine without
//! fontconfig or FreeType; SVG plots name `sans-serif` and let the viewer draw the text.

use std::sync::OnceLock;

use plotters::style::FontStyle;

use super::PlotError;

/// The TrueType font file.
pub const DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The family name plots ask for.
pub const FAMILY: &str = "sans-serif";

// Text sizes in pixels. Even sizes keep glyphs on a common baseline in PNG: plotters places
// each glyph at size/2 + its top, truncated to a whole pixel.
/// Plot titles.
pub const TITLE: u32 = 22;
/// Axis descriptions.
pub const AXIS: u32 = 18;
/// Tick labels and legend entries.
pub const LABEL: u32 = 16;
/// Values written on bars.
pub const SMALL: u32 = 14;

/// Registers the bundled font with plotters once per process; every plot calls this first.
pub fn ensure_registered() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        [FontStyle::Normal, FontStyle::Bold]
            .into_iter()
            .all(|style| plotters::style::register_font(FAMILY, style, DEJAVU_SANS).is_ok())
    });
    if ok {
        Ok(())
    } else {
        Err(PlotError::Font)
    }
}
