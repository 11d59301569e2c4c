//! `ringbench list` (being built).

/// Carry out `ringbench list`.
pub fn run() -> anyhow::Result<()> {
    anyhow::bail!("`ringbench list` is not available yet")
}
