//! The `jianghua` binary: install the panic report, parse the command line, run, and turn errors
//! into one line and exit status 2.

use std::io::Write as _;

use clap::Parser;

fn main() {
    // The reader installs its terminal-restoring panic hook on top of this one, so a panic first
    // restores the terminal and then prints the report.
    let _ = color_eyre::install();
    let cli = jianghua::cli::Cli::parse();
    if let Err(e) = jianghua::cli::run(cli) {
        // Not eprintln!, which panics when standard error is gone (a closed terminal).
        let _ = writeln!(std::io::stderr(), "jianghua: {e}");
        std::process::exit(2);
    }
}
