//! `frontdesk release …`: move-out release slips (物品放行通知单, R-OPS-02..05).

use crate::domain::ParseWord;
use chrono::NaiveDate;
use clap::Subcommand;

use super::units::parse_date;
use crate::domain::release::{Scope, SlipNo};
use crate::domain::{CustomerId, UnitCode};

#[derive(Subcommand, Debug)]
pub enum ReleaseCmd {
    /// Issue a slip for goods leaving a resident's unit. A full move-out, or one at lease
    /// end, needs the fee-clearance receipt, and no arrears on file unless a supervisor
    /// waives them.
    Issue {
        #[arg(long, value_parser = UnitCode::parse)]
        unit: UnitCode,
        /// The resident applying (or whose unit it is): C42 or 42.
        #[arg(long)]
        customer: CustomerId,
        /// full | partial (全部 部分).
        #[arg(long, value_parser = Scope::parse)]
        scope: Scope,
        /// The main items leaving.
        #[arg(long)]
        items: String,
        /// Fee-clearance receipt number (management fee, water and electricity settled).
        #[arg(long)]
        receipt: Option<String>,
        /// The move is at the end of a lease (fees first).
        #[arg(long)]
        lease_end: bool,
        /// A proxy applies: their name (with --attorney).
        #[arg(long, requires = "attorney")]
        proxy: Option<String>,
        /// The proxy's power of attorney, by reference.
        #[arg(long, requires = "proxy")]
        attorney: Option<String>,
        /// A tenant applies: the owner's phone (with their signed consent on file).
        #[arg(long, conflicts_with = "proxy")]
        tenant_owner_phone: Option<String>,
        /// The applicant's ID number, as on the ID shown (the proxy's own for a proxy).
        #[arg(long)]
        id_number: String,
        /// A supervisor lets a full or lease-end move out while the unit owes fees on file:
        /// why (printed on the slip and kept in the audit log).
        #[arg(long)]
        waive_arrears: Option<String>,
        /// The day the goods leave, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = parse_date)]
        day: Option<NaiveDate>,
        /// Days the slip stays valid after that day (default 3).
        #[arg(long)]
        valid_days: Option<i64>,
    },
    /// At the gate: VALID, USED, EXPIRED or VOID, with the unit and the items.
    Verify {
        #[arg(value_parser = SlipNo::parse)]
        no: SlipNo,
    },
    /// At the gate: the goods go out (once), recorded with the guard, the gate and the time.
    Out {
        #[arg(value_parser = SlipNo::parse)]
        no: SlipNo,
        /// Which gate: 南门, north gate …
        #[arg(long)]
        gate: String,
    },
    /// The slips out: issued, not yet used or voided (expired ones say so).
    List,
    /// The printable slip (A5, UTF-8 text): --print sends it to the printer.
    Print {
        #[arg(value_parser = SlipNo::parse)]
        no: SlipNo,
        #[command(flatten)]
        page: super::PageOut,
    },
    /// Cancel a slip not yet used.
    Void {
        #[arg(value_parser = SlipNo::parse)]
        no: SlipNo,
        #[arg(long)]
        reason: String,
    },
}
