//! How a [`Status`] reads without colour (a mark, a word) and which colour it gets where
//! colour is available. Every renderer takes its marks from here so they agree.

use super::Status;

impl Status {
    /// A one-column mark that reads without colour: `✓` pass, `+` improvement, `!` warning,
    /// `✗` regression, nothing for neutral. [`Status::LEGEND`] explains them.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Neutral => "",
            Status::Improvement => "+",
            Status::Pass => "✓",
            Status::Warning => "!",
            Status::Regression => "✗",
        }
    }

    /// The status as one upper-case word, e.g. for a verdict badge.
    pub fn word(self) -> &'static str {
        match self {
            Status::Neutral => "INFO",
            Status::Improvement => "IMPROVEMENT",
            Status::Pass => "PASS",
            Status::Warning => "WARNING",
            Status::Regression => "REGRESSION",
        }
    }

    /// A CSS class name (`status-regression`) for HTML.
    pub fn css_class(self) -> &'static str {
        match self {
            Status::Neutral => "status-neutral",
            Status::Improvement => "status-improvement",
            Status::Pass => "status-pass",
            Status::Warning => "status-warning",
            Status::Regression => "status-regression",
        }
    }

    /// The ANSI SGR parameters for a terminal (`None`: leave the default colour).
    pub(crate) fn ansi(self) -> Option<&'static str> {
        match self {
            Status::Neutral => None,
            Status::Improvement => Some("1;36"),
            Status::Pass => Some("32"),
            Status::Warning => Some("33"),
            Status::Regression => Some("1;31"),
        }
    }

    /// The line printed under tables that use marks.
    pub const LEGEND: &'static str = "marks: ✓ pass, + improvement, ! warning, ✗ regression";
}
