//! `ringbench show RUN`: print the summary of a saved run, exactly as the run printed it when
//! it ended (same renderer: [`crate::results::summary`]); with `--tui`, open it in the
//! dashboard to scrub through its timeline ([`crate::tui::show_saved`]).

use anyhow::Context as _;

use crate::cli::ShowArgs;
use crate::results::{locate, summary, RunResult};

/// Carry out `ringbench show`.
pub fn run(args: &ShowArgs) -> anyhow::Result<()> {
    if args.tui {
        let path = locate(&args.run, &args.out)?;
        let result = RunResult::load(&path)
            .with_context(|| format!("`ringbench show {} --tui`", args.run))?;
        return Ok(crate::tui::show_saved(result)?);
    }
    print!("{}", render(args)?);
    Ok(())
}

/// The summary `ringbench show` prints for these arguments.
pub fn render(args: &ShowArgs) -> anyhow::Result<String> {
    let path = locate(&args.run, &args.out)?;
    let result =
        RunResult::load(&path).with_context(|| format!("`ringbench show {}`", args.run))?;
    let run_dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    Ok(summary::render(&result, run_dir))
}
