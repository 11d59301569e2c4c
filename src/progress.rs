//! The one-line progress display of a run without a TUI: elapsed / total, phase, achieved vs
//! target rate, p99, errors and backlog.
//!
//! On a terminal the line refreshes in place (`\r`) on stderr every interval; otherwise (CI logs,
//! pipes) a plain line is printed every [`PLAIN_EVERY`] of run time and at each phase's end, so
//! logs stay short. When the schedule starts falling behind, a warning line is printed once per
//! phase in both modes. It renders from interval snapshots only, never from the hot path.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use crate::metrics::histogram::quantile_us;
use crate::metrics::IntervalSnapshot;
use crate::results::format::{count, latency, rate};
use crate::schedule::PhaseLength;

/// How often a plain (non-terminal) progress line is printed.
pub const PLAIN_EVERY: Duration = Duration::from_secs(10);

/// The progress display.
#[derive(Debug)]
pub struct Progress<W: Write> {
    out: W,
    terminal: bool,
    phase: Option<PhaseState>,
    /// Characters of the line on screen (to blank what a shorter line does not cover).
    shown: usize,
}

#[derive(Debug)]
struct PhaseState {
    name: String,
    length: Option<PhaseLength>,
    start_ns: u64,
    ops: u64,
    errors: u64,
    warned_behind: bool,
    last_plain_ns: u64,
}

impl Progress<std::io::Stderr> {
    /// Progress on stderr, refreshing in place when stderr is a terminal.
    pub fn stderr() -> Self {
        let err = std::io::stderr();
        let terminal = err.is_terminal();
        Progress::new(err, terminal)
    }
}

impl<W: Write> Progress<W> {
    pub fn new(out: W, terminal: bool) -> Self {
        Progress {
            out,
            terminal,
            phase: None,
            shown: 0,
        }
    }

    /// Starts a phase: its name, its length (for "elapsed / total") and when it starts
    /// (nanoseconds since the run's start). Without this call, a snapshot of a new phase starts
    /// one with an unknown total.
    pub fn begin_phase(&mut self, name: &str, length: Option<PhaseLength>, start_ns: u64) {
        self.phase = Some(PhaseState {
            name: name.to_string(),
            length,
            start_ns,
            ops: 0,
            errors: 0,
            warned_behind: false,
            last_plain_ns: start_ns,
        });
    }

    /// Shows one interval. Write errors (a closed stderr) are ignored: progress is optional.
    pub fn update(&mut self, snapshot: &IntervalSnapshot) {
        if self.phase.as_ref().is_none_or(|p| p.name != snapshot.phase) {
            self.begin_phase(&snapshot.phase, None, snapshot.start_ns);
        }
        let Some(phase) = self.phase.as_mut() else {
            return;
        };
        phase.ops += snapshot.ops();
        phase.errors += snapshot.errors();
        let warning = (snapshot.gauges.falling_behind && !phase.warned_behind).then(|| {
            format!(
                "warning: phase '{}' is falling behind its schedule (backlog {} requests): late \
                 requests are sent late and their delay is counted in response time",
                snapshot.phase,
                count(snapshot.gauges.backlog)
            )
        });
        phase.warned_behind |= snapshot.gauges.falling_behind;
        let line = render_line(phase, snapshot);
        let plain_due =
            snapshot.end_ns.saturating_sub(phase.last_plain_ns) >= PLAIN_EVERY.as_nanos() as u64;
        if plain_due {
            phase.last_plain_ns = snapshot.end_ns;
        }
        if let Some(text) = warning {
            self.print_line(&text);
        }
        if self.terminal {
            self.show_in_place(&line);
        } else if plain_due {
            self.print_line(&line);
        }
    }

    /// Ends the current line (terminal) so that what follows starts on a fresh line.
    pub fn finish(&mut self) {
        if self.terminal && self.shown > 0 {
            let _ = writeln!(self.out);
            let _ = self.out.flush();
            self.shown = 0;
        }
    }

    /// The writer (for tests).
    pub fn into_inner(self) -> W {
        self.out
    }

    fn show_in_place(&mut self, line: &str) {
        let width = line.chars().count();
        let pad = " ".repeat(self.shown.saturating_sub(width));
        let _ = write!(self.out, "\r{line}{pad}");
        let _ = self.out.flush();
        self.shown = width;
    }

    fn print_line(&mut self, line: &str) {
        if self.terminal && self.shown > 0 {
            let _ = write!(self.out, "\r{}\r", " ".repeat(self.shown));
            self.shown = 0;
        }
        let _ = writeln!(self.out, "{line}");
        let _ = self.out.flush();
    }
}

/// `[steady] 12.0s / 60.0s  19,998 / 20,000 ops/s  p99 1.20 ms  errors 0  backlog 0`
fn render_line(phase: &PhaseState, snapshot: &IntervalSnapshot) -> String {
    let elapsed = snapshot.end_ns.saturating_sub(phase.start_ns) as f64 / 1e9;
    let progress = match phase.length {
        Some(PhaseLength::Duration(total)) => {
            format!("{elapsed:.1}s / {:.1}s", total.as_secs_f64())
        }
        Some(PhaseLength::Ops(total)) => {
            format!("{elapsed:.1}s, {} / {} ops", count(phase.ops), count(total))
        }
        None => format!("{elapsed:.1}s"),
    };
    let achieved = rate(snapshot.achieved_rate());
    let speed = match snapshot.gauges.target_rate {
        Some(target) => format!("{achieved} / {} ops/s", rate(target)),
        None => format!("{achieved} ops/s (closed loop)"),
    };
    let response = snapshot.response_all();
    let p99 = if response.is_empty() {
        "-".to_string()
    } else {
        latency(quantile_us(&response, 0.99))
    };
    let mut line = format!(
        "[{}] {progress}  {speed}  p99 {p99}  errors {}  backlog {}",
        phase.name,
        count(phase.errors),
        count(snapshot.gauges.backlog)
    );
    if snapshot.gauges.falling_behind {
        line.push_str("  BEHIND SCHEDULE");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Gauges, Registry, Sample, SampleOutcome};

    const SEC: u64 = 1_000_000_000;

    /// One interval ending at `end_s` seconds with `ops` requests of 2 ms response time.
    fn interval(registry: &Registry, end_s: u64, ops: u64, gauges: Gauges) -> IntervalSnapshot {
        let mut recorder = registry.recorder();
        for i in 0..ops {
            recorder.record(&Sample {
                operation: 0,
                intended_ns: i,
                sent_ns: i,
                completed_ns: i + 2_000_000,
                outcome: SampleOutcome::Ok {
                    rows: 1,
                    applied: None,
                },
                coordinator: None,
            });
        }
        registry.collect("steady", end_s * SEC, gauges)
    }

    fn text(progress: Progress<Vec<u8>>) -> String {
        String::from_utf8(progress.into_inner()).expect("UTF-8")
    }

    #[test]
    fn terminal_line_refreshes_in_place() {
        let registry = Registry::with_max_shards(vec!["read".into()], 1);
        let mut progress = Progress::new(Vec::new(), true);
        let length = PhaseLength::Duration(Duration::from_secs(10));
        progress.begin_phase("steady", Some(length), 0);
        let gauges = Gauges {
            target_rate: Some(1_200.0),
            ..Gauges::default()
        };
        progress.update(&interval(&registry, 1, 1_000, gauges));
        progress.update(&interval(&registry, 2, 900, gauges));
        progress.finish();
        let out = text(progress);
        let expected =
            "\r[steady] 1.0s / 10.0s  1,000 / 1,200 ops/s  p99 2.00 ms  errors 0  backlog 0";
        assert!(out.starts_with(expected), "{out:?}");
        assert!(
            out.contains("\r[steady] 2.0s / 10.0s  900 / 1,200 ops/s"),
            "{out:?}"
        );
        assert!(out.ends_with('\n'), "finish ends the line: {out:?}");
    }

    #[test]
    fn plain_lines_every_ten_seconds_and_one_behind_warning() {
        let registry = Registry::with_max_shards(vec!["read".into()], 1);
        let mut progress = Progress::new(Vec::new(), false);
        progress.begin_phase("steady", Some(PhaseLength::Ops(100)), 0);
        let behind = Gauges {
            target_rate: Some(10.0),
            backlog: 7,
            falling_behind: true,
            ..Gauges::default()
        };
        for s in 1..=25 {
            progress.update(&interval(&registry, s, 4, behind));
        }
        let out = text(progress);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "one warning, lines at 10 s and 20 s: {out}");
        assert!(lines[0].starts_with("warning: phase 'steady' is falling behind"));
        assert!(lines[0].contains("backlog 7"));
        assert!(lines[1].starts_with("[steady] 10.0s, 40 / 100 ops  4.0 / 10.0 ops/s"));
        assert!(lines[2].contains("BEHIND SCHEDULE"));
    }
}
