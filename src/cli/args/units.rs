//! `frontdesk unit …`: a dwelling's view, move-in and move-out, the move-in papers.

use crate::domain::ParseWord;
use chrono::NaiveDate;
use clap::Subcommand;

use crate::domain::{CustomerId, DeskError, DocKind, Field, OccupantRole, UnitCode};

/// `YYYY-MM-DD`, naming the field when it is not.
pub fn parse_date(s: &str) -> Result<NaiveDate, DeskError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        DeskError::invalid(
            Field::Date,
            crate::domain::refusal::InputRefusal::NotShaped {
                value: s.to_string(),
                shape: crate::domain::refusal::Term::of("shape", "date"),
                example: "2026-11-23 (YYYY-MM-DD)".to_string(),
            },
        )
    })
}

#[derive(Subcommand, Debug)]
pub enum UnitCmd {
    /// A unit's view: occupants past and present, move-in papers, its whole history.
    Show {
        /// Unit as building-unit-room: 3-2-1102 (3栋2单元1102 works too).
        #[arg(value_parser = UnitCode::parse)]
        unit: UnitCode,
        /// Why you are looking (kept in the access log).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Record a move-in: an owner; a tenant with the owner named; or a relative with the
    /// consenting owner named and the notarised proof of kinship.
    MoveIn {
        #[arg(value_parser = UnitCode::parse)]
        unit: UnitCode,
        /// The resident moving in: C42 or 42.
        #[arg(long)]
        customer: CustomerId,
        /// owner | tenant | family (业主 租户 家属).
        #[arg(long, value_parser = OccupantRole::parse)]
        role: OccupantRole,
        /// A tenant's owner, or the owner who consented to a relative moving in (who must
        /// live there as owner): C42 or 42.
        #[arg(long)]
        owner: Option<CustomerId>,
        /// A relative's notarised proof of kinship: its number or reference.
        #[arg(long, default_value = "")]
        kinship: String,
        /// The move-in date, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Residence-card number (居住证), if any.
        #[arg(long, default_value = "")]
        card: String,
    },
    /// Deregister an occupant; their history stays, marked moved out.
    MoveOut {
        #[arg(value_parser = UnitCode::parse)]
        unit: UnitCode,
        /// The resident moving out: C42 or 42.
        #[arg(long)]
        customer: CustomerId,
        /// The move-out date, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Why (lease ended, sold): kept in the audit trail.
        #[arg(long)]
        reason: String,
    },
    /// File a move-in paper with its date.
    Document {
        #[arg(value_parser = UnitCode::parse)]
        unit: UnitCode,
        /// The paper, by its name or its slug: move-in-signoff (入伙会签单), interim-rules
        /// (临时管理规约), service-agreement (前期物业服务协议), move-in-fee-slip (入伙收费单),
        /// takeover-inspection (收楼验房记录), household-register (住户成员情况登记表),
        /// owner-id-copy (业主身份证复印件), property-certificate (房产证（验看）), photos
        /// (一寸照片（每人两张）), floor-plan (房屋平面图), fire-safety-letter (防火责任书),
        /// keys-handed-over (钥匙交接), renovation (装修资料).
        #[arg(long, value_parser = DocKind::parse)]
        kind: DocKind,
        /// The paper's date, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
}
