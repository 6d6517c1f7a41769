//! The `jianghua` binary: install the panic report, parse the command line, run, and turn errors
//! into sanitised text in the user's language (see `cli::lang`) and exit status 2.

use clap::Parser;
use clap::error::ErrorKind;

fn main() {
    // The reader installs its terminal-restoring panic hook on top of this one, so a panic first
    // restores the terminal and then prints the report.
    let _ = color_eyre::install();
    let cli = match jianghua::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` print clap's own text on standard output.
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => e.exit(),
        Err(e) => {
            eprint!("{}", jianghua::document::safe(jianghua::cli::lang::usage_error(&e).trim_end()));
            eprintln!();
            std::process::exit(2);
        }
    };
    if let Err(e) = jianghua::cli::run(cli) {
        jianghua::cli::warn(&jianghua::cli::lang::describe(&e));
        std::process::exit(2);
    }
}
