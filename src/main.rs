//! `frontdesk`: parse the command line, then hand over to the CLI (which also starts the
//! daemon for `serve`). Errors print as one line to stderr with a non-zero exit.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() {
    let cli = match frontdesk::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            // A value the desk's own parser refused: its words in the reader's language.
            let refused = std::error::Error::source(&e)
                .and_then(|s| s.downcast_ref::<frontdesk::domain::DeskError>());
            if let Some(d) = refused {
                let lang = frontdesk::words::Lang::from_locale();
                eprintln!(
                    "frontdesk: {} (see --help)",
                    frontdesk::words::desk_error(lang, d)
                );
                std::process::exit(2);
            }
            // One line, like every other error: clap's first paragraph names the option
            // and what is wrong (a missing option is on the lines under it, so they are
            // joined); the usage block after the blank line is dropped.
            let text = e.render().to_string();
            let first: Vec<&str> = text
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let first = first.join(" ");
            let first = first.trim_start_matches("error: ");
            eprintln!("frontdesk: {first} (see --help)");
            std::process::exit(2);
        }
    };
    if let Err(e) = frontdesk::cli::run(cli) {
        let closed_stdout = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
        if closed_stdout {
            return;
        }
        let lang = frontdesk::words::Lang::from_locale();
        eprintln!("frontdesk: {}", frontdesk::cli::error_in_words(&e, lang));
        std::process::exit(1);
    }
}
