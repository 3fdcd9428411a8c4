//! `frontdesk staff …` and `frontdesk customer …`: the people on the desk.

use crate::domain::ParseWord;
use clap::Subcommand;

use crate::domain::{CustomerId, Role, Tier};

#[derive(Subcommand, Debug)]
pub enum StaffCmd {
    /// Register a Unix login as staff (admin).
    Add {
        /// The Unix login name (the kernel names callers by it).
        user: String,
        /// Display name shown on screens and in the history, e.g. 李娜.
        #[arg(long)]
        name: String,
        /// clerk | supervisor | admin.
        #[arg(long, default_value = "clerk", value_parser = Role::parse)]
        role: Role,
        /// Department, e.g. 工程部 (work can be dispatched to it).
        #[arg(long, default_value = "")]
        dept: String,
        /// The login's uid, when it is not in this machine's user database.
        #[arg(long)]
        uid: Option<u32>,
        /// On the hotline's daemon: at each of these estates (`all`, or `DH01,XS02`), as
        /// one group's staff member.
        #[arg(long)]
        estates: Option<String>,
    },
    /// Every staff member, active and deactivated, with login, role and department; on the
    /// hotline's daemon without --estate, the group's staff, each with the estates they serve.
    List,
    /// Lock a leaver out at once: their open screens are closed, every later request refused (admin).
    Deactivate {
        /// The Unix login name.
        user: String,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
        /// On the hotline's daemon: at each of these estates (`all`, or `DH01,XS02`), as
        /// one group's staff member.
        #[arg(long)]
        estates: Option<String>,
    },
    /// Let a deactivated login back in (admin).
    Reactivate {
        /// The Unix login name.
        user: String,
        /// Why (kept in the audit trail).
        #[arg(long, default_value = "reactivated")]
        reason: String,
        /// On the hotline's daemon: at each of these estates (`all`, or `DH01,XS02`), as
        /// one group's staff member.
        #[arg(long)]
        estates: Option<String>,
    },
    /// Change a member's role, department, display name or phone extension (admin).
    Set {
        /// The Unix login name.
        user: String,
        /// clerk | supervisor | admin.
        #[arg(long, value_parser = Role::parse)]
        role: Option<Role>,
        /// New department.
        #[arg(long)]
        dept: Option<String>,
        /// New display name.
        #[arg(long)]
        name: Option<String>,
        /// The desk phone's extension: calls ringing at it pop up on this person's screen
        /// (`--ext ""` takes it away).
        #[arg(long)]
        ext: Option<String>,
        /// Why (kept in the audit trail); needed for a role, department or name.
        #[arg(long)]
        reason: Option<String>,
        /// On the hotline's daemon: at each of these estates (`all`, or `DH01,XS02`), as
        /// one group's staff member.
        #[arg(long)]
        estates: Option<String>,
    },
    /// Hand a leaver's open cases and future visits to a successor, who calls every resident
    /// concerned within a week (supervisors).
    Handover {
        /// The leaver's login.
        leaver: String,
        /// The successor's login.
        #[arg(long)]
        to: String,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CustomerCmd {
    /// Register a resident.
    Add {
        /// Full name, e.g. 张伟.
        #[arg(long)]
        name: String,
        /// Phone number; repeat for several.
        #[arg(long, required = true)]
        phone: Vec<String>,
        /// Unit as building-unit-room, e.g. 3-2-1102 (3栋2单元1102 works too); repeat for several.
        #[arg(long, required = true)]
        unit: Vec<String>,
        /// general | key | vip (care tier).
        #[arg(long, default_value = "general", value_parser = Tier::parse)]
        tier: Tier,
        /// Free-text notes shown on the card.
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Ranked matches by name, pinyin, phone digits, unit or ticket.
    Find {
        /// Search words: zw, zhangwei, 张伟, 1102, 3-2-, T2611-0042; several narrow the result.
        #[arg(required = true)]
        query: Vec<String>,
        /// Most matches to print.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Correct a resident's record; the reason is kept in the audit trail.
    /// Changing the tier needs a supervisor.
    Edit {
        /// Customer id: C42 or 42.
        id: CustomerId,
        /// The corrected full name.
        #[arg(long)]
        name: Option<String>,
        /// A phone number to add; repeat for several.
        #[arg(long)]
        add_phone: Vec<String>,
        /// A phone number to remove; repeat for several (one must remain).
        #[arg(long)]
        remove_phone: Vec<String>,
        /// The resident's units, replacing the old ones; repeat for several.
        #[arg(long)]
        unit: Vec<String>,
        /// New notes (replace the old).
        #[arg(long)]
        notes: Option<String>,
        /// general | key | vip (普通 重点 贵宾); supervisors only.
        #[arg(long, value_parser = Tier::parse)]
        tier: Option<Tier>,
        /// Why the record changes.
        #[arg(long)]
        reason: String,
    },
    /// Merge a duplicate into the record kept: cases, callbacks, visits, phones and units
    /// move in one change; the duplicate's id and tickets keep resolving (supervisors).
    Merge {
        /// The record to keep: C42 or 42.
        keep: CustomerId,
        /// The duplicate to merge into it.
        drop: CustomerId,
        /// Why (kept in the audit trail).
        #[arg(long)]
        reason: String,
    },
    /// Record that you confirmed the resident's details with them today.
    Verify {
        /// Customer id: C42 or 42.
        id: CustomerId,
    },
    /// Residents not verified in 90 days, by building.
    ToVerify {
        /// Only this building.
        #[arg(long)]
        building: Option<u32>,
        /// Most residents to print.
        #[arg(long, default_value_t = 500)]
        limit: u32,
    },
    /// Likely duplicate residents: same phone, or the same name or pinyin in the same unit
    /// (supervisors).
    Duplicates {
        /// Most pairs to print.
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// A resident's card: details and whole history.
    Show {
        /// Customer id as shown by `customer find`: C42 or 42.
        id: CustomerId,
        /// Why you are looking (kept in the access log).
        #[arg(long)]
        reason: Option<String>,
    },
}
