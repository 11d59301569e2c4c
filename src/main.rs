//! The `ringbench` binary: parse the command line, run it, map the outcome to an exit code:
//! 0 success, 1 regression found (`compare`, `matrix`), 2 usage or data error, 130 interrupted.

use std::process::ExitCode;

use clap::Parser;
use ringbench::commands::compare;

fn main() -> ExitCode {
    let cli = ringbench::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("ringbench: cannot start the async runtime: {e}");
            return ExitCode::from(compare::ERROR_EXIT_CODE);
        }
    };
    match runtime.block_on(ringbench::commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ringbench: {e:#}");
            if e.downcast_ref::<ringbench::commands::run::Interrupted>()
                .is_some()
            {
                return ExitCode::from(ringbench::commands::run::INTERRUPTED_EXIT_CODE);
            }
            if e.downcast_ref::<compare::RegressionFound>().is_some() {
                return ExitCode::from(compare::REGRESSION_EXIT_CODE);
            }
            ExitCode::from(compare::ERROR_EXIT_CODE)
        }
    }
}
