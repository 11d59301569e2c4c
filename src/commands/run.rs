//! `ringbench run` (being built).
use crate::cli::RunArgs;

/// Carry out `ringbench run`.
pub async fn run(args: &RunArgs) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("`ringbench run` is not available yet")
}
