//! The `geostance` binary: parse the command line, run, map the outcome to an exit code
//! (0 all inputs done, 1 some inputs skipped, 2 fatal error).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = geostance::cli::Cli::parse();
    match geostance::app::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("geostance: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
