//! The `ringbench` binary: parse the command line, run it, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = ringbench::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("ringbench: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
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
            ExitCode::FAILURE
        }
    }
}
