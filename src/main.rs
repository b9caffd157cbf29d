//! The `geostance` binary: parse the command line, run, map the outcome to an exit code
//! (0 all inputs done, 1 some inputs skipped, 2 fatal error).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = geostance::cli::Cli::parse();
    match geostance::app::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("geostance: error: {}", message(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes joined by ": ", leaving out a cause whose text the one
/// before already ends with (an I/O error names its OS error in its own message).
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !out.ends_with(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}
