//! The live dashboard (`ringbench run --tui`) and `ringbench show RUN --tui`: rendering into
//! ratatui's test terminal in several states, key handling as pure state transitions, a
//! saved run scrubbed through, a run paused and resumed in-process, and the real binary driven
//! in a pseudo-terminal (tmux) through a rate change and a quit, checking what it saved.

#[path = "run/support.rs"]
mod run_support;
#[path = "results/scenario.rs"]
#[allow(dead_code)]
mod scenario;
#[path = "tui/support.rs"]
#[allow(dead_code)]
mod support;

#[path = "tui/keys.rs"]
mod keys;
#[path = "tui/pause.rs"]
mod pause;
#[path = "tui/pty.rs"]
mod pty;
#[path = "tui/render.rs"]
mod render;
#[path = "tui/replay.rs"]
mod replay;
#[path = "util/system_tools.rs"]
#[allow(dead_code)]
mod system_tools;
