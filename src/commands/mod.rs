//! Carrying out a parsed command line. `main` calls [`run`]; each subcommand has its own file.

pub mod demo;
pub mod serve;

use crate::cli::{Cli, Command};

/// Run the command. Errors carry the context a user needs to fix the invocation.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(&args).await,
        Command::Demo(args) => demo::run(&args).await,
    }
}
