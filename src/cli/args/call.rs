//! `frontdesk call …`: what the exchange tells the desk about a call, for a PBX that runs a
//! command per call (see `contrib/asterisk/`) or a script; `frontdesk pbx ami` does the same
//! from the Asterisk Manager Interface.

use clap::Subcommand;

use crate::domain::call::CallId;

#[derive(Subcommand, Debug)]
pub enum CallCmd {
    /// A call is ringing at an extension: the operator with that extension (`staff set
    /// LOGIN --ext 801`) sees who is calling at once. Prints the call's number.
    Ring {
        /// The caller's number, as the exchange presents it.
        #[arg(long)]
        from: String,
        /// The extension it rings.
        #[arg(long)]
        ext: String,
        /// The line or queue it came in on, if the exchange says.
        #[arg(long)]
        line: Option<String>,
    },
    /// The call ended: its length goes on the resident's history.
    Hangup {
        /// The call's number, as `call ring` printed it (#12 or 12).
        id: CallId,
    },
}

#[derive(Subcommand, Debug)]
pub enum PbxCmd {
    /// Follow an Asterisk-based exchange through its Manager Interface (AMI): every call
    /// ringing at an extension becomes `call ring`, and its hang-up `call hangup`. Runs
    /// until stopped; reconnects when the exchange restarts.
    Ami {
        /// The exchange's host.
        #[arg(long)]
        host: String,
        /// The AMI port.
        #[arg(long, default_value_t = 5038)]
        port: u16,
        /// The AMI user (manager.conf).
        #[arg(long)]
        user: String,
        /// A file holding the AMI secret (never on the command line, where `ps` shows it).
        #[arg(long)]
        secret_file: std::path::PathBuf,
    },
}
