//! The `jianghua` binary: install the panic report, parse the command line, run, and turn errors
//! into one sanitised line and exit status 2.

use clap::Parser;

fn main() {
    // The reader installs its terminal-restoring panic hook on top of this one, so a panic first
    // restores the terminal and then prints the report.
    let _ = color_eyre::install();
    let cli = jianghua::cli::Cli::parse();
    if let Err(e) = jianghua::cli::run(cli) {
        jianghua::cli::warn(&e.to_string());
        std::process::exit(2);
    }
}
