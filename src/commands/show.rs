//! `ringbench show` (being built).
use crate::cli::ShowArgs;

/// Carry out `ringbench show`.
pub fn run(args: &ShowArgs) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("`ringbench show` is not available yet")
}
