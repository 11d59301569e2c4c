//! Colours of the dashboard: the terminal's own foreground and background everywhere, plus a
//! few accent foregrounds that read on dark and light backgrounds alike (no background colour
//! is ever set, and neither black nor white text). With `NO_COLOR` set (no-color.org) every
//! style is colourless: emphasis uses bold / reversed, and chart lines differ by their marker.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;

/// Styles for each kind of thing the dashboard draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Titles and the header's names.
    pub title: Style,
    /// Secondary text (units, hints).
    pub dim: Style,
    /// Something to look at now: falling behind, errors, paused.
    pub alert: Style,
    /// All is well (running on schedule).
    pub good: Style,
    /// The selected operation, key names in the status line.
    pub selected: Style,
    /// Lines of a chart, in order (latency percentiles; achieved / target rate / errors).
    pub lines: [Style; 4],
    /// Markers of a chart's lines: all Braille with colour; different without.
    pub markers: [Marker; 4],
    /// The progress gauge's filled part.
    pub gauge: Style,
}

impl Theme {
    /// Accent colours on the terminal's default background.
    pub fn color() -> Theme {
        let fg = |c: Color| Style::default().fg(c);
        Theme {
            title: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            dim: Style::default().add_modifier(Modifier::DIM),
            alert: fg(Color::Red).add_modifier(Modifier::BOLD),
            good: fg(Color::Green),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            lines: [
                fg(Color::Green),
                fg(Color::Cyan),
                fg(Color::Magenta),
                fg(Color::Red),
            ],
            markers: [Marker::Braille; 4],
            gauge: fg(Color::Cyan),
        }
    }

    /// No colour at all (`NO_COLOR`).
    pub fn plain() -> Theme {
        let plain = Style::default();
        Theme {
            title: plain.add_modifier(Modifier::BOLD),
            dim: plain,
            alert: plain.add_modifier(Modifier::BOLD),
            good: plain,
            selected: plain.add_modifier(Modifier::REVERSED),
            lines: [plain; 4],
            markers: [Marker::Braille, Marker::Dot, Marker::Block, Marker::Bar],
            gauge: plain,
        }
    }

    /// The theme for a `NO_COLOR` value: colourless when it is set and not empty.
    pub fn for_no_color(no_color: Option<&std::ffi::OsStr>) -> Theme {
        match no_color {
            Some(value) if !value.is_empty() => Theme::plain(),
            _ => Theme::color(),
        }
    }

    /// The theme this process's environment asks for.
    pub fn from_env() -> Theme {
        Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }
}
