//! `frontdesk permit …` and `frontdesk fees …`: decoration permits (R-OPS-07..12) and fee
//! arrears and reminders (R-OPS-13).

use crate::domain::ParseWord;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::units::parse_date;
use crate::domain::fees::Way;
use crate::domain::permit::{Doc, PermitNo, Worker};
use crate::domain::{CustomerId, UnitCode};

/// Where a printable page goes.
#[derive(Args, Debug, Clone, Default)]
pub struct PageOut {
    /// Send the page to the printer (`lp`) when one is configured; otherwise it is written
    /// to a file as without this flag.
    #[arg(long)]
    pub print: bool,
    /// Write the page here (default: a file named after the record in this directory).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum PermitCmd {
    /// Register an application: owner, or tenant with --consent.
    Apply {
        #[arg(long, value_parser = UnitCode::parse)]
        unit: UnitCode,
        /// The applying resident: C42 or 42.
        #[arg(long)]
        customer: CustomerId,
        /// What is done (装修内容).
        #[arg(long)]
        works: String,
        #[arg(long)]
        contractor: String,
        /// The contractor's business licence number.
        #[arg(long)]
        licence: String,
        /// The contractor's site supervisor (负责人): name.
        #[arg(long)]
        supervisor: String,
        #[arg(long)]
        supervisor_phone: String,
        /// The supervisor's ID number.
        #[arg(long)]
        supervisor_id: String,
        /// Workers and their pass numbers: "张三:T001,李四:T002".
        #[arg(long, value_parser = Worker::parse_list)]
        // A path, not `Vec`: clap takes the whole list as one value.
        workers: std::vec::Vec<Worker>,
        /// Documents in the file: all, or some of application,undertaking,plan,licence,
        /// drawings,supervisor-id,worker-ids,agreement.
        #[arg(long, value_parser = Doc::parse_list, default_value = "")]
        docs: std::vec::Vec<Doc>,
        /// The works touch the waterproof layer.
        #[arg(long)]
        waterproof: bool,
        /// The owner signed the waterproof undertaking.
        #[arg(long)]
        undertaking: bool,
        /// A tenant applies: how the owner consented (letter reference or owner's phone).
        #[arg(long)]
        consent: Option<String>,
    },
    /// Approve (supervisor): issued against the deposit and rubbish-fee receipts, at most 3 months.
    Approve {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        /// The deposit, in yuan.
        #[arg(long)]
        deposit: String,
        #[arg(long)]
        deposit_receipt: String,
        /// The rubbish-removal fee, in yuan.
        #[arg(long)]
        rubbish_fee: String,
        #[arg(long)]
        rubbish_receipt: String,
        /// First day of works (default: today).
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Last day of works, at most 3 months on.
        #[arg(long, value_parser = parse_date)]
        until: NaiveDate,
    },
    /// Reject (supervisor), with the reason the owner is told.
    Reject {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        #[arg(long)]
        reason: String,
    },
    /// The owner withdraws an application not yet decided.
    Withdraw {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        #[arg(long)]
        reason: String,
    },
    /// Extend (supervisor) by at most 3 months; stamps "延期至 date".
    Extend {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        #[arg(long, value_parser = parse_date)]
        until: NaiveDate,
    },
    /// The owner reports the works finished: awaiting inspection.
    Finish {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
    },
    /// Engineering's completion inspection: --pass, or --fail with what to put right.
    Inspect {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        #[arg(long, conflicts_with = "fail", required_unless_present = "fail")]
        pass: bool,
        #[arg(long)]
        fail: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Workers' passes returned.
    PassBack {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        #[arg(required = true)]
        passes: Vec<String>,
    },
    /// The household moved in after the works on this day (3 months before the refund).
    Occupied {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        #[arg(long, value_parser = parse_date)]
        since: NaiveDate,
    },
    /// The downstairs neighbour signed.
    Neighbour {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        #[arg(long)]
        name: String,
    },
    /// The original permit and the deposit receipt were brought back.
    Papers {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
    },
    /// The file was checked complete.
    FileComplete {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
    },
    /// Refund the deposit; refused naming the first missing item of the checklist.
    Refund {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
    },
    /// One permit with its refund checklist; --print/--out for the door and pass copies.
    Show {
        #[arg(value_parser = PermitNo::parse)]
        no: PermitNo,
        #[command(flatten)]
        page: PageOut,
    },
    /// The lists: awaiting approval, overdue, expiring within 7 days, awaiting
    /// inspection, refundable.
    List,
    /// A building's file index, floor by floor, low to high.
    Index { building: u32 },
}

#[derive(Subcommand, Debug)]
pub enum FeesCmd {
    /// Import the billing system's arrears CSV (unit,fee,period,amount): all or nothing,
    /// replacing the last import. Supervisors.
    Import { file: PathBuf },
    /// This month's reminder list by building: each unit's arrears and reminders.
    List {
        #[arg(long)]
        building: Option<u32>,
    },
    /// Log a reminder: --way phone|sms|letter|visit|counter, --outcome paid|
    /// promised:YYYY-MM-DD|refused|unreachable.
    Remind {
        #[arg(value_parser = UnitCode::parse)]
        unit: UnitCode,
        #[arg(long, value_parser = Way::parse)]
        way: Way,
        #[arg(long)]
        outcome: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The unit's payment notice (缴费通知单): items, periods, total in figures and 大写.
    Notice {
        #[arg(value_parser = UnitCode::parse)]
        unit: UnitCode,
        #[command(flatten)]
        page: PageOut,
    },
}
