//! `frontdesk`: parse the command line, then hand over to the CLI (which also starts the
//! daemon for `serve`). Errors print as one line to stderr with a non-zero exit.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() {
    let cli = frontdesk::cli::Cli::parse();
    if let Err(e) = frontdesk::cli::run(cli) {
        let closed_stdout = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
        if closed_stdout {
            return;
        }
        eprintln!("frontdesk: {e:#}");
        std::process::exit(1);
    }
}
