//! Message types. `Hello`/`Welcome` start with a fixed 8-byte prefix (magic + version) that
//! both sides check before decoding anything else, so peers of different protocol versions
//! get a clear mismatch error instead of garbage.

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::domain::callback::CallbackReason;
use crate::domain::case::{CaseDraft, Deadlines, SlaClock};
use crate::domain::{
    AccessRecord, Callback, CallbackId, Case, CaseKind, CaseStatus, ChangeRecord, Customer,
    CustomerId, DeskError, Field, Handler, NewCustomer, Outcome, RequestId, Role, Severity, Staff,
    StaffId, Ticket, Tier, Time, UnitCode, Visit, VisitId, VisitKind,
};

pub const MAGIC: [u8; 4] = *b"FDSK";
/// 3: typed wire (drafts, roles, outcomes, ids and validation fields are domain types).
pub const PROTOCOL_VERSION: u32 = 3;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub magic: [u8; 4],
    pub version: u32,
    pub client: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub magic: [u8; 4],
    pub version: u32,
    /// Set when the daemon refuses the connection (version mismatch).
    pub refused: Option<String>,
    pub server: String,
    /// The caller as the kernel named them.
    pub username: String,
    pub uid: u32,
    pub me: Option<Staff>,
    /// True once `frontdesk init` has made a first admin.
    pub initialised: bool,
    pub last_seq: u64,
    pub utc_offset_minutes: i32,
}

/// Reads magic and version from the first 8 bytes of a hello or welcome frame.
pub fn peek_version(frame: &[u8]) -> Option<([u8; 4], u32)> {
    let magic: [u8; 4] = frame.get(..4)?.try_into().ok()?;
    // bincode 1 encodes u32 little-endian, fixed width.
    let version = u32::from_le_bytes(frame.get(4..8)?.try_into().ok()?);
    Some((magic, version))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ClientMsg {
    Call {
        id: u64,
        request_id: RequestId,
        request: Request,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ServerMsg {
    Reply {
        id: u64,
        result: Result<Reply, DeskError>,
    },
    Event(ChangeRecord),
    /// Too much was missed to replay; reload views from scratch.
    Resync {
        last_seq: u64,
    },
    /// The daemon closes this connection (the caller was deactivated); says why.
    Closed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DispatchTarget {
    Staff(String),
    Department(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseStep {
    Dispatch(DispatchTarget),
    Start,
    Note(String),
    Assist,
    Reply(String),
    Promise {
        at: Time,
        reason: String,
    },
    Escalate(String),
    Resolve(String),
    Reassign {
        to: String,
        reason: String,
    },
    Close,
    /// Take work dispatched to a department as its handler (one taker wins).
    Take,
    /// R-INT-12: name (by login) the staff member the complaint is about (supervisors).
    NameSubject(String),
}

impl CaseStep {
    pub fn operation(&self) -> &'static str {
        match self {
            CaseStep::Dispatch(_) => "case.dispatch",
            CaseStep::Start => "case.start",
            CaseStep::Note(_) => "case.note",
            CaseStep::Assist => "case.assist",
            CaseStep::Reply(_) => "case.reply",
            CaseStep::Promise { .. } => "case.promise",
            CaseStep::Escalate(_) => "case.escalate",
            CaseStep::Resolve(_) => "case.resolve",
            CaseStep::Reassign { .. } => "case.reassign",
            CaseStep::Close => "case.close",
            CaseStep::Take => "case.take",
            CaseStep::NameSubject(_) => "case.name_subject",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub mine: bool,
    pub open_only: bool,
    pub overdue_only: bool,
    pub customer: Option<CustomerId>,
    pub limit: u32,
}

/// One CSV row (or demo resident) with the line it came from, for error reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: u64,
    pub id: Option<u64>,
    pub customer: NewCustomer,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewVisit {
    pub customer: CustomerId,
    /// Login of the visiting staff member; the caller when `None`.
    pub staff: Option<String>,
    pub kind: VisitKind,
    pub start: Time,
    pub end: Time,
    pub ticket: Option<Ticket>,
    /// The customer's first unit when `None`.
    pub unit: Option<UnitCode>,
    pub purpose: String,
}

/// Every request a client can make. `RequestKind` (derived) names each variant without its
/// data; the daemon's rights table (`server::rights`) has one row per kind.
#[derive(Debug, Clone, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(name(RequestKind), derive(Hash, strum::EnumIter, strum::IntoStaticStr))]
pub enum Request {
    Init {
        name: String,
    },
    StaffAdd {
        username: String,
        name: String,
        role: Role,
        dept: String,
        uid: Option<u32>,
    },
    StaffList,
    /// Locks a leaver out at once: their connections are closed, later requests refused.
    StaffDeactivate {
        username: String,
        reason: String,
    },
    StaffReactivate {
        username: String,
        reason: String,
    },
    /// Changes role, department or display name; `None` keeps a field.
    StaffSet {
        username: String,
        role: Option<Role>,
        dept: Option<String>,
        name: Option<String>,
        reason: String,
    },
    /// R-REC-16: the leaver's open cases and future visits move to the successor in one
    /// change, and every resident concerned gets a "new contact person" callback.
    StaffHandover {
        leaver: String,
        successor: String,
        reason: String,
    },
    CustomerAdd(NewCustomer),
    CustomerFind {
        query: String,
        limit: u32,
    },
    /// A resident's card; the look is logged with the reason, if given.
    CustomerShow {
        id: CustomerId,
        reason: Option<String>,
    },
    CaseAdd(CaseDraft),
    /// Validates a draft and answers the case it would register, without saving (read-back).
    CasePreview(CaseDraft),
    CaseList(CaseFilter),
    CaseShow {
        ticket: Ticket,
        reason: Option<String>,
    },
    CaseStep {
        ticket: Ticket,
        base_version: Option<u32>,
        step: CaseStep,
    },
    CallbackList {
        overdue_only: bool,
        until: Option<Time>,
    },
    CallbackRecord {
        id: CallbackId,
        outcome: Outcome,
        onsite: bool,
        signed: bool,
        note: String,
    },
    /// R-CB-08: create the periodic tier callbacks due before `until` (supervisors).
    CallbackPlan {
        until: Time,
    },
    VisitAdd(NewVisit),
    VisitList {
        from: Time,
        to: Time,
        staff: Option<String>,
    },
    VisitDone {
        id: VisitId,
        report: String,
    },
    /// Rows are staged on the connection, then committed all at once (or not at all).
    ImportStage(Vec<ImportRow>),
    ImportCommit,
    Demo {
        customers: u32,
        seed: u64,
    },
    /// Writes an export into a directory the daemon can write to.
    Export {
        dir: String,
    },
    /// Export into `backups/<time>` inside the data dir.
    Backup,
    Changes {
        after_seq: u64,
        limit: u32,
    },
    Stats,
    /// The access log (R-REC-13), newest last (supervisors).
    AccessLog {
        /// Login of the reader to show.
        staff: Option<String>,
        customer: Option<CustomerId>,
        since: Option<Time>,
        limit: u32,
    },
    /// Start receiving events on this connection: first every change after `after_seq`, then
    /// each change as it is committed. Answered `Done` before the first event.
    Subscribe {
        after_seq: u64,
    },
}

impl Request {
    /// The first text field longer than any field may hold, by name, with its size: a client
    /// refusing an oversized request (a 1 MiB paste) says which field to shorten.
    pub fn oversized_field(&self) -> Option<(Field, usize)> {
        let fields: Vec<(Field, &str)> = match self {
            Request::CustomerAdd(c) => {
                let mut v = vec![
                    (Field::Name, c.name.as_str()),
                    (Field::Notes, c.notes.as_str()),
                ];
                v.extend(c.phones.iter().map(|p| (Field::Phone, p.as_str())));
                v.extend(c.units.iter().map(|u| (Field::Unit, u.as_str())));
                v
            }
            Request::CustomerFind { query, .. } => vec![(Field::Query, query.as_str())],
            Request::CaseAdd(d) | Request::CasePreview(d) => vec![
                (Field::Category, d.category.as_str()),
                (Field::Description, d.description.as_str()),
                (Field::Subject, d.subject.as_deref().unwrap_or_default()),
            ],
            Request::CaseStep { step, .. } => match step {
                CaseStep::Note(t) | CaseStep::Reply(t) => vec![(Field::Text, t.as_str())],
                CaseStep::Resolve(t) => vec![(Field::Summary, t.as_str())],
                CaseStep::Escalate(t) => vec![(Field::Reason, t.as_str())],
                CaseStep::Promise { reason, .. } | CaseStep::Reassign { reason, .. } => {
                    vec![(Field::Reason, reason.as_str())]
                }
                CaseStep::Dispatch(DispatchTarget::Department(d)) => vec![(Field::To, d.as_str())],
                _ => vec![],
            },
            Request::CallbackRecord { note, .. } => vec![(Field::Note, note.as_str())],
            Request::VisitAdd(v) => vec![(Field::Purpose, v.purpose.as_str())],
            Request::VisitDone { report, .. } => vec![(Field::Report, report.as_str())],
            Request::StaffAdd { name, dept, .. } => {
                vec![(Field::Name, name.as_str()), (Field::Dept, dept.as_str())]
            }
            Request::StaffDeactivate { reason, .. }
            | Request::StaffReactivate { reason, .. }
            | Request::StaffHandover { reason, .. } => vec![(Field::Reason, reason.as_str())],
            Request::StaffSet {
                reason, dept, name, ..
            } => vec![
                (Field::Reason, reason.as_str()),
                (Field::Dept, dept.as_deref().unwrap_or_default()),
                (Field::Name, name.as_deref().unwrap_or_default()),
            ],
            Request::CustomerShow {
                reason: Some(r), ..
            }
            | Request::CaseShow {
                reason: Some(r), ..
            } => vec![(Field::Reason, r.as_str())],
            _ => vec![],
        };
        fields
            .into_iter()
            .find(|(_, v)| v.len() > crate::domain::text::MAX_TEXT_BYTES)
            .map(|(name, v)| (name, v.len()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub id: CustomerId,
    pub name: String,
    pub phones: Vec<String>,
    pub units: Vec<String>,
    pub tier: Tier,
}

impl From<crate::domain::LookupRecord> for CustomerSummary {
    fn from(r: crate::domain::LookupRecord) -> Self {
        CustomerSummary {
            id: r.id,
            name: r.name,
            phones: r.phones,
            units: r.units,
            tier: r.tier,
        }
    }
}

impl From<&Customer> for CustomerSummary {
    fn from(c: &Customer) -> Self {
        CustomerSummary {
            id: c.id,
            name: c.name.clone(),
            phones: c.phones.iter().map(|p| p.0.clone()).collect(),
            units: c.units.iter().map(|u| u.to_string()).collect(),
            tier: c.tier,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    pub customer: CustomerSummary,
    pub score: i64,
    /// Character indices of the name that matched, for highlighting.
    pub name_hits: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub ticket: String,
    pub customer: CustomerId,
    pub customer_name: String,
    pub kind: CaseKind,
    pub category: String,
    pub severity: Severity,
    pub status: CaseStatus,
    pub received_by: StaffId,
    pub owner: StaffId,
    pub owner_name: String,
    pub handler: Option<Handler>,
    pub registered_at: Time,
    pub deadlines: Deadlines,
    pub promised_at: Option<Time>,
    pub overdue: Vec<SlaClock>,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCard {
    pub customer: Customer,
    /// Newest first.
    pub cases: Vec<Case>,
    pub callbacks: Vec<Callback>,
    pub visits: Vec<Visit>,
    /// Categories with more than one complaint (R-LIFE-09 repeated complaints).
    pub repeat_categories: Vec<String>,
}

/// A visit with the resident's name, for agendas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRow {
    pub visit: Visit,
    pub customer_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackRow {
    pub callback: Callback,
    pub customer_name: String,
    pub phones: Vec<String>,
    pub overdue: bool,
}

impl CallbackRow {
    pub fn ticket(&self) -> Option<&Ticket> {
        match &self.callback.reason {
            CallbackReason::CaseResolved { ticket, .. } => Some(ticket),
            CallbackReason::Tier(_) | CallbackReason::ContactChanged { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub customers: u64,
    pub open_cases: u64,
    pub cases_past_sla: u64,
    pub my_open_cases: u64,
    pub callbacks_due_today: u64,
    pub callbacks_overdue: u64,
    pub visits_today: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::IntoStaticStr)]
pub enum Reply {
    Done,
    Staff(Staff),
    StaffList(Vec<Staff>),
    Customer(Customer),
    Matches(Vec<Match>),
    Card(Box<CustomerCard>),
    Case(Box<Case>),
    Cases(Vec<CaseSummary>),
    Callback(Callback),
    Callbacks(Vec<CallbackRow>),
    Visit(Visit),
    Visits(Vec<VisitRow>),
    Staged {
        rows: u64,
    },
    Planned {
        created: u64,
        more: bool,
    },
    Imported {
        count: u64,
        first_id: u64,
    },
    Exported {
        dir: String,
        files: Vec<(String, u64)>,
    },
    Changes(Vec<ChangeRecord>),
    Stats(Stats),
    Handover(HandoverReport),
    Accesses(Vec<AccessRecord>),
}

/// What a handover moved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverReport {
    pub cases: u64,
    /// Pending callbacks of the moved cases (they follow their case).
    pub callbacks: u64,
    pub visits: u64,
    /// "New contact person" callbacks created, one per resident concerned.
    pub contact_callbacks: u64,
}

pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    bincode::serialize(msg).expect("bincode encodes every protocol type")
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DeskError> {
    use bincode::Options;
    // Same layout as `bincode::serialize` (fixed-width ints), plus a cap so a hostile length
    // inside a frame cannot make the decoder allocate more than the frame could hold.
    bincode::DefaultOptions::new()
        .with_fixint_encoding()
        .allow_trailing_bytes()
        .with_limit(super::MAX_RESPONSE_FRAME as u64 * 2)
        .deserialize(bytes)
        .map_err(|e| DeskError::ProtocolMismatch(format!("undecodable message: {e}")))
}
