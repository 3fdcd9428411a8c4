//! `frontdesk visitor …`: visitor registration (访客登记, R-OPS-14).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;

use super::units::parse_date;
use crate::domain::visitor::VisitorNo;
use crate::domain::UnitCode;

#[derive(Subcommand, Debug)]
pub enum VisitorCmd {
    /// A visitor arrives: the unit they visit, who, how many, by which car, why, the card.
    In {
        #[arg(long, value_parser = UnitCode::parse)]
        unit: UnitCode,
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: String,
        /// How many in the party.
        #[arg(long, default_value_t = 1)]
        party: u32,
        /// Car plate, if they drove in.
        #[arg(long, default_value = "")]
        plate: String,
        /// Why they came (探亲, 送货 …).
        #[arg(long)]
        reason: String,
        /// The visitor card handed over.
        #[arg(long, default_value = "")]
        card: String,
    },
    /// The visitor leaves (and hands the card back).
    Out {
        #[arg(value_parser = VisitorNo::parse)]
        no: VisitorNo,
    },
    /// Who is on site now, or a day's log (--day); --csv writes it for Excel and WPS.
    List {
        /// The day's log, YYYY-MM-DD (default: who is on site now).
        #[arg(long, value_parser = parse_date)]
        day: Option<NaiveDate>,
        /// Write the list as CSV (UTF-8 with BOM) to this file.
        #[arg(long)]
        csv: Option<PathBuf>,
    },
}
