//! Running phases while collecting intervals: every `interval` the recorders' data becomes a
//! snapshot that goes to the result writer, then to the progress line or the dashboard (moved
//! there, not copied). A phase runs as one segment, or several when the dashboard changes its
//! rate or pauses it: the running segment is ended like a stop (no new claims, requests in
//! flight finish), and the rest of the phase starts as a new segment (`segment.rs`). While
//! paused nothing is sent and no interval is collected, so the pause is in no phase's time.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use tokio::sync::watch;

use crate::exec::{self, GaugeSnapshot, PhaseContext, PhaseGauges, PhaseReport};
use crate::metrics::Registry;
use crate::plan::{PhasePlan, RunPlan};
use crate::progress::Progress;
use crate::results::{ResultWriter, RunMeta, RunResult, RunStatus};
use crate::tui::{ControlSource, EventSink, RunEvent, SegmentInfo};

use super::control::{stop_requested, Pending};
use super::segment::{Names, Segment};

/// Collects interval snapshots while phases run and writes them out.
pub struct Collector {
    pub registry: Arc<Registry>,
    pub writer: ResultWriter,
    pub progress: Option<Progress<std::io::Stderr>>,
    pub dashboard: Option<EventSink>,
    pub run_start: Instant,
    pub interval: Duration,
    /// Warnings for run.json beside those the results derive from the measurements.
    pub warnings: Vec<String>,
}

/// Start of the warning given when interval data cannot be written.
const WRITE_WARNING: &str = "some interval data could not be written";

impl Collector {
    /// Run phase `index` of the run to its end, in as many segments as the dashboard's
    /// controls make. True when the run's stop signal ended it.
    pub async fn phase(
        &mut self,
        ctx: &PhaseContext,
        phase: &PhasePlan,
        index: usize,
        stop: &watch::Receiver<bool>,
        controls: &mut Option<ControlSource>,
        names: &mut Names,
    ) -> anyhow::Result<bool> {
        let mut segment = Segment::first(phase, index);
        loop {
            let mut pending = Pending::default();
            let report = self
                .segment(ctx, &segment, stop, controls, &mut pending)
                .await?;
            self.note_report(&report);
            if *stop.borrow() {
                return Ok(true);
            }
            // Controls that came while the segment drained count too.
            while let Some(control) = controls.as_mut().and_then(ControlSource::try_control) {
                pending.apply(control);
            }
            if !pending.ended {
                return Ok(false);
            }
            if pending.pause && !self.paused(controls, stop, &mut pending).await {
                return Ok(true);
            }
            match segment.next(&report, pending.rate, names) {
                Some(next) => segment = next,
                None => return Ok(false),
            }
        }
    }

    /// Run one segment, collecting an interval every `self.interval` and once at its end.
    async fn segment(
        &mut self,
        ctx: &PhaseContext,
        segment: &Segment,
        stop: &watch::Receiver<bool>,
        controls: &mut Option<ControlSource>,
        pending: &mut Pending,
    ) -> anyhow::Result<PhaseReport> {
        let plan = &segment.plan;
        let gauges = Arc::new(PhaseGauges::new(plan)?);
        let start_ns = self.now_ns();
        self.registry.start_at(start_ns);
        if let Some(progress) = self.progress.as_mut() {
            progress.begin_phase(&plan.name, Some(plan.length), start_ns);
        }
        self.send(RunEvent::Segment(SegmentInfo {
            name: plan.name.clone(),
            phase: segment.phase,
            done: segment.done,
            done_ops: segment.done_ops,
            gauges: gauges.clone(),
        }));
        // Ends this segment only; the run's stop signal is forwarded to it.
        let (end, ended) = watch::channel(false);
        let run = exec::run_phase(ctx, plan, &gauges, ended);
        tokio::pin!(run);
        let stopped = stop_requested(stop.clone());
        tokio::pin!(stopped);
        let first_tick = tokio::time::Instant::now() + self.interval;
        let mut ticks = tokio::time::interval_at(first_tick, self.interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut previous: Option<GaugeSnapshot> = None;
        let mut ending = false;
        let report = loop {
            tokio::select! {
                report = &mut run => break report,
                _ = ticks.tick() => {
                    let now = gauges.snapshot();
                    self.collect(&plan.name, now.to_metrics(previous.as_ref()));
                    previous = Some(now);
                }
                () = &mut stopped, if !ending => {
                    ending = true;
                    end.send_replace(true);
                }
                control = next_control(controls), if !ending => {
                    if pending.apply(control) {
                        ending = true;
                        end.send_replace(true);
                    }
                }
            }
        };
        // The segment's last (partial) interval, after its workers finished.
        let last = gauges.snapshot();
        self.collect(&plan.name, last.to_metrics(previous.as_ref()));
        if let Some(progress) = self.progress.as_mut() {
            progress.finish();
        }
        Ok(report?)
    }

    /// Wait while paused: until a resume, or the stop signal (false), or the dashboard going
    /// away (nobody is left to resume, so the run goes on). A rate set meanwhile is kept.
    async fn paused(
        &mut self,
        controls: &mut Option<ControlSource>,
        stop: &watch::Receiver<bool>,
        pending: &mut Pending,
    ) -> bool {
        let stopped = stop_requested(stop.clone());
        tokio::pin!(stopped);
        while pending.pause {
            self.send(RunEvent::Paused {
                resume_rate: pending.rate,
            });
            let Some(source) = controls.as_mut() else {
                break;
            };
            tokio::select! {
                () = &mut stopped => return false,
                control = source.control_or_gone() => match control {
                    Some(control) => {
                        pending.apply(control);
                    }
                    None => pending.pause = false,
                },
            }
        }
        true
    }

    fn send(&self, event: RunEvent) {
        if let Some(dashboard) = &self.dashboard {
            dashboard.send(event);
        }
    }

    fn collect(&mut self, phase: &str, gauges: crate::metrics::Gauges) {
        let snapshot = self.registry.collect(phase, self.now_ns(), gauges);
        if let Err(e) = self.writer.interval(&snapshot) {
            // Totals are kept even when a write fails, so run.json stays complete; say once.
            if self.warnings.iter().all(|w| !w.starts_with(WRITE_WARNING)) {
                self.warnings.push(format!("{WRITE_WARNING}: {e}"));
            }
        }
        if let Some(progress) = self.progress.as_mut() {
            progress.update(&snapshot);
        }
        self.send(RunEvent::Interval(Box::new(snapshot)));
    }

    fn now_ns(&self) -> u64 {
        u64::try_from(self.run_start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// What a phase report tells a reader that the histograms do not.
    fn note_report(&mut self, report: &PhaseReport) {
        if report.abandoned > 0 {
            self.warnings.push(format!(
                "phase '{}': {} request(s) were still in flight when it was stopped and were \
                 abandoned after {:?} (not in the histograms)",
                report.phase,
                report.abandoned,
                exec::DRAIN_TIMEOUT
            ));
        }
        for example in &report.error_examples {
            self.warnings.push(format!(
                "phase '{}', operation '{}': {} errors, for example: {}",
                report.phase,
                example.operation,
                example.class.name(),
                example.message
            ));
        }
    }

    /// Write run.json; returns it and the run's directory.
    pub fn finish(self, plan: &RunPlan, status: RunStatus) -> anyhow::Result<(RunResult, PathBuf)> {
        let run_dir = self.writer.run_dir().to_path_buf();
        let mut meta = RunMeta::from_plan(plan);
        meta.status = status;
        meta.warnings = self.warnings;
        let result = self
            .writer
            .finish(meta)
            .with_context(|| format!("cannot write the results to {}", run_dir.display()))?;
        Ok((result, run_dir))
    }
}

/// The next control from the dashboard; never, without one.
async fn next_control(controls: &mut Option<ControlSource>) -> crate::tui::Control {
    match controls.as_mut() {
        Some(source) => source.control().await,
        None => std::future::pending().await,
    }
}
