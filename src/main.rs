//! The `jianghua` binary: parse the command line, run, and turn errors into one line and status 2.

use clap::Parser;

fn main() {
    let cli = jianghua::cli::Cli::parse();
    if let Err(e) = jianghua::cli::run(cli) {
        eprintln!("jianghua: {e}");
        std::process::exit(2);
    }
}
