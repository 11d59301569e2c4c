//! What passes between a run and its dashboard, in both directions.
//!
//! The run (on its client thread) sends [`RunEvent`]s: a segment starting (with the live
//! [`PhaseGauges`] the dashboard reads by itself, lock-free, several times a second), each
//! interval snapshot once the result writer is done with it (moved, not copied), and pauses.
//! Sending never blocks and never fails the run: the channel is unbounded and a dashboard
//! that went away is ignored. The dashboard sends back [`Control`]s (pause, resume, a new
//! rate), which the run applies between segments; quitting goes through the run's ordinary
//! stop signal, like Ctrl-C.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use tokio::sync::mpsc as async_mpsc;

use crate::exec::PhaseGauges;
use crate::metrics::IntervalSnapshot;
use crate::plan::RunPlan;
use crate::schedule::PhaseLength;

/// What the dashboard knows about a run before it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    pub workload: String,
    pub profile: String,
    /// Operation names in plan order.
    pub operations: Vec<String>,
    /// The phases in the order they run (the load phase first, when there is one).
    pub phases: Vec<(String, PhaseLength)>,
}

impl RunInfo {
    /// The run `plan` describes.
    pub fn of(plan: &RunPlan) -> RunInfo {
        let workload = &plan.workload;
        RunInfo {
            workload: workload.name.clone(),
            profile: plan.profile.name.clone(),
            operations: workload.operations.iter().map(|o| o.name.clone()).collect(),
            phases: workload
                .load
                .iter()
                .chain(&workload.phases)
                .map(|p| (p.name.clone(), p.length))
                .collect(),
        }
    }
}

/// A stretch of a phase with one schedule: the phase itself, or what is left of it after a
/// rate change or a pause (see `commands/run/segment.rs`).
#[derive(Debug, Clone)]
pub struct SegmentInfo {
    /// The name its intervals and its phase in run.json carry.
    pub name: String,
    /// Its phase, as an index into [`RunInfo::phases`].
    pub phase: usize,
    /// Run time of the phase before this segment (pauses excluded).
    pub done: Duration,
    /// Requests the phase sent before this segment.
    pub done_ops: u64,
    /// The segment's live counters and schedule.
    pub gauges: Arc<PhaseGauges>,
}

/// From the run to the dashboard.
#[derive(Debug)]
pub enum RunEvent {
    Segment(SegmentInfo),
    Interval(Box<IntervalSnapshot>),
    /// No requests until resumed; the next segment's rate when one was set while paused.
    Paused {
        resume_rate: Option<f64>,
    },
}

/// From the dashboard to the run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Control {
    /// End the current segment and send nothing until [`Control::Resume`].
    Pause,
    Resume,
    /// End the current segment and go on at this constant rate (ops/s) for the rest of the
    /// phase.
    SetRate(f64),
}

/// The run's end of the link: events out, controls in (two halves, so that a run can send
/// events while it waits for a control).
#[derive(Debug)]
pub struct RunSide {
    pub events: EventSink,
    pub controls: ControlSource,
}

/// Sends events to the dashboard.
#[derive(Debug, Clone)]
pub struct EventSink(mpsc::Sender<RunEvent>);

/// Receives the dashboard's controls.
#[derive(Debug)]
pub struct ControlSource {
    controls: async_mpsc::UnboundedReceiver<Control>,
    gone: bool,
}

/// The dashboard's end of the link.
#[derive(Debug)]
pub struct DashboardSide {
    pub events: mpsc::Receiver<RunEvent>,
    pub controls: async_mpsc::UnboundedSender<Control>,
}

/// A new link between a run and a dashboard.
pub fn link() -> (RunSide, DashboardSide) {
    let (events_tx, events) = mpsc::channel();
    let (controls, controls_rx) = async_mpsc::unbounded_channel();
    let run = RunSide {
        events: EventSink(events_tx),
        controls: ControlSource {
            controls: controls_rx,
            gone: false,
        },
    };
    (run, DashboardSide { events, controls })
}

impl EventSink {
    /// Hands `event` to the dashboard; never blocks, and a dashboard that is gone is ignored.
    pub fn send(&self, event: RunEvent) {
        let _ = self.0.send(event);
    }
}

impl ControlSource {
    /// The next control; never completes once the dashboard is gone.
    pub async fn control(&mut self) -> Control {
        match self.control_or_gone().await {
            Some(control) => control,
            None => std::future::pending().await,
        }
    }

    /// The next control, or `None` once the dashboard is gone (nobody can resume a pause).
    pub async fn control_or_gone(&mut self) -> Option<Control> {
        if self.gone {
            return None;
        }
        let next = self.controls.recv().await;
        self.gone = next.is_none();
        next
    }

    /// A control already waiting, if any.
    pub fn try_control(&mut self) -> Option<Control> {
        self.controls.try_recv().ok()
    }
}
