//! Drawing one figure twice, into SVG text and into an RGB bitmap encoded as PNG, so a
//! report's HTML and Markdown show the same picture.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{font, PlotError, SIZE};
use crate::report::Plot;

/// Something that can draw itself on any plotters backend.
pub(crate) trait Figure {
    /// Draws the whole picture on `root`; errors are plotters' messages.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// Draws `figure` as SVG and PNG at [`SIZE`].
pub(crate) fn render(title: &str, slug: &str, figure: &impl Figure) -> Result<Plot, PlotError> {
    font::ensure_registered()?;
    let failed = |format: &'static str| {
        move |message: String| PlotError::Draw {
            slug: slug.to_string(),
            format,
            message,
        }
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        figure.draw(&root).map_err(failed("SVG"))?;
        root.present()
            .map_err(|e| e.to_string())
            .map_err(failed("SVG"))?;
    }
    let (width, height) = SIZE;
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area();
        figure.draw(&root).map_err(failed("PNG"))?;
        root.present()
            .map_err(|e| e.to_string())
            .map_err(failed("PNG"))?;
    }
    let png = encode_png(&rgb, SIZE).map_err(|source| PlotError::Png {
        slug: slug.to_string(),
        source,
    })?;
    Ok(Plot {
        title: title.to_string(),
        slug: slug.to_string(),
        svg,
        png,
    })
}

/// An 8-bit RGB PNG of `rgb` (row-major, 3 bytes per pixel).
fn encode_png(rgb: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}
