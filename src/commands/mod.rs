//! Carrying out a parsed command line. `main` calls [`run`]; each subcommand has its own file.

pub mod baseline;
pub mod capacity;
pub mod compare;
pub mod demo;
pub mod list;
pub mod matrix;
pub mod run;
pub mod serve;
pub mod show;
pub mod validate;

use crate::cli::{Cli, Command};

/// Run the command. Errors carry the context a user needs to fix the invocation.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(&args).await,
        Command::Demo(args) => demo::run(&args).await,
        Command::Run(args) => run::run(&args).await,
        Command::Validate(args) => validate::run(&args),
        Command::List => list::run(),
        Command::Show(args) => show::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Matrix(args) => matrix::run(&args).await,
        Command::Baseline(command) => baseline::run(&command),
        Command::Capacity(args) => capacity::run(&args).await,
    }
}
