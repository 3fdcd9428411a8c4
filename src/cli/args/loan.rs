//! `frontdesk loan …`: keys and radios signed out and back (R-OPS-15).

use clap::Subcommand;

use crate::domain::loan::LoanNo;

#[derive(Subcommand, Debug)]
pub enum LoanCmd {
    /// Sign a key or radio out to a colleague until a time, in its condition.
    Out {
        /// What: "3号楼天台钥匙", "对讲机 #4".
        #[arg(long)]
        item: String,
        /// The colleague's login.
        #[arg(long)]
        to: String,
        /// Back by, desk local time: "2026-11-23 18:00" or 18:00 (today).
        #[arg(long)]
        until: String,
        /// Its condition going out.
        #[arg(long, default_value = "完好")]
        condition: String,
    },
    /// Sign it back in, with its condition.
    Back {
        #[arg(value_parser = LoanNo::parse)]
        no: LoanNo,
        #[arg(long, default_value = "完好")]
        condition: String,
    },
    /// What is out now, the most overdue first.
    List,
    /// Leave the desk in a colleague's hands: signed by you, to be approved by the
    /// supervisor you name (they approve it with `loan cover-ok`).
    Cover {
        /// Who covers: their login.
        #[arg(long)]
        covers: String,
        /// From, desk local time: "2026-11-23 14:00" or 14:00 (default: now).
        #[arg(long)]
        from: Option<String>,
        /// Until, desk local time.
        #[arg(long)]
        until: String,
        /// The supervisor to approve it: their login.
        #[arg(long)]
        approved_by: String,
    },
    /// Supervisors: approve, from your own login, the covers that name you and await your
    /// OK.
    CoverOk {
        /// Only the cover of this colleague (their login).
        #[arg(long)]
        leaving: Option<String>,
    },
    /// Covers in force now and later today.
    Covers,
}
