//! The desk: every request applied to the store under the domain rules. The caller's identity
//! arrives from the kernel (via the session) and is the only source of `received_by`, owner
//! and audit `by`. Writes are idempotent per (caller, request id), committed as one
//! transaction with their audit entry, and answered only once durable.

use crate::domain::Field;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use super::open_work::OpenWork;
use crate::domain::{
    ChangeRecord, ChangeSubject, Customer, CustomerId, DeskError, Policy, RequestId, Role, Staff,
    StaffId, Time,
};
use crate::protocol::{self, Reply, Welcome};
use crate::search::SearchIndex;
use crate::store::{Counter, SledStore, Store, StoreConfig, StoreError, WriteSet};

/// Who is calling, as the kernel says (SO_PEERCRED) or a test injects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub uid: u32,
    pub username: String,
}

pub struct Desk {
    pub(super) store: Box<dyn Store>,
    pub(super) policy: Policy,
    /// Shared with the sessions' search workers, which read it without the desk lock.
    pub(super) index: Arc<RwLock<SearchIndex>>,
    pub(super) data_dir: PathBuf,
    /// Every case not yet closed; follows the change log (`open_work`).
    pub(super) open_work: OpenWork,
    /// The last change the index, open work and outbox have followed (`pump`).
    pub(super) cursor: u64,
    /// Changes read from the log and not yet pushed to the screens.
    pub(super) outbox: std::sync::Mutex<Vec<ChangeRecord>>,
    /// Every staff record, read at open and again when the log shows a staff change (the
    /// pump): each request names its caller from here, without a round trip to the store.
    pub(super) staff: Vec<Staff>,
    /// On the hotline: this estate's part of the index over every estate.
    pub(super) mirror: Option<super::group_index::Mirror>,
    /// The last commit failed only because another writer drew the same number.
    pub(super) number_taken: bool,
    /// Each staff member's latest change followed since the daemon started: R-OPS-15, who
    /// is back at the desk after a cover ran out.
    pub(super) last_action: std::collections::HashMap<StaffId, Time>,
    /// Each operator's last step on a case, while it may be undone (`desk_undo`).
    pub(super) last_steps: LastSteps,
}

/// An operator's last step on a case, as it may be undone.
#[derive(Debug, Clone)]
pub(super) struct LastStep {
    pub operation: String,
    pub at: Time,
    /// The case before the step.
    pub before: Box<crate::domain::Case>,
    /// Its version and timeline length right after the step: anything since is another's.
    pub after_version: u32,
    pub after_len: usize,
    /// A callback the step queued (a resolution's): another record, so not undone.
    pub queued: Option<crate::domain::CallbackId>,
}

/// Each operator's last step.
pub(super) type LastSteps = std::collections::HashMap<StaffId, LastStep>;

pub(super) type DeskResult<T> = Result<T, DeskError>;

/// A write's outcome: the reply, and the change it committed (none when nothing changed).
pub(super) type Written = (Reply, Option<ChangeRecord>);

/// What a desk's write handler returns: its reply and change, or why it refused.
pub(super) type Handled = DeskResult<Written>;

impl Desk {
    /// Opens the embedded sled store in `data_dir/store`: the one place the daemon chooses
    /// its backend.
    pub fn open(data_dir: &Path, config: StoreConfig, policy: Policy) -> Result<Desk, StoreError> {
        let store = SledStore::open(&data_dir.join("store"), config)?;
        Desk::on(Box::new(store), policy, data_dir)
    }

    /// The desk over any backend; `data_dir` holds what is not the store's (exports).
    pub fn on(store: Box<dyn Store>, policy: Policy, data_dir: &Path) -> Result<Desk, StoreError> {
        // The cursor first: a change committed elsewhere while the index is built is then
        // read again by the pump, which is harmless (it re-reads records by key).
        let cursor = store.last_change_seq()?;
        let index = Arc::new(RwLock::new(super::lookup::build_index(store.as_ref())?));
        let open_work = OpenWork::load(store.as_ref())?;
        let staff = store.all_staff()?;
        let mut desk = Desk {
            staff,
            mirror: None,
            number_taken: false,
            last_action: Default::default(),
            last_steps: Default::default(),
            store,
            policy,
            index,
            open_work,
            data_dir: data_dir.to_path_buf(),
            cursor,
            outbox: Default::default(),
        };
        // An import a killed daemon left midway is finished before anyone is served.
        desk.resume_import()?;
        desk.take_events();
        Ok(desk)
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// One line on what the store holds at start: the last change and the counts.
    pub fn recovered(&self) -> String {
        let mut line = format!(
            "store open at change #{}: {} residents, {} open cases",
            self.store.last_change_seq().unwrap_or(0),
            self.customer_count(),
            self.open_work.iter().count()
        );
        for note in self.store.notes_at_open() {
            line += &format!("; {note}");
        }
        line
    }

    /// Test hook: the next durable save fails as a broken disk would.
    pub fn inject_sync_failure(&mut self) {
        if let Some(h) = self.store.hooks() {
            h.inject_sync_failure();
        }
    }

    pub fn welcome(&self, caller: &Caller) -> Welcome {
        Welcome {
            magic: protocol::MAGIC,
            version: protocol::PROTOCOL_VERSION,
            refused: None,
            server: format!("frontdesk {}", env!("CARGO_PKG_VERSION")),
            username: caller.username.clone(),
            uid: caller.uid,
            me: self.caller_record(caller).ok().flatten(),
            initialised: !self.staff.is_empty(),
            last_seq: self.cursor,
            utc_offset_minutes: self.policy.utc_offset_minutes,
            estates: self.store.estate().into_iter().collect(),
            categories: (*self.policy.categories).clone(),
            privacy_minutes: self.policy.privacy_minutes,
            step_rules: self.policy.step_rules(),
        }
    }

    /// The last change this desk's screens have been (or are being) told of.
    pub fn last_seq(&self) -> u64 {
        self.cursor
    }

    /// A reconnecting screen's catch-up: the changes after `seq` that the pump has followed.
    /// Later ones reach it from the pump, so none is sent twice.
    pub fn changes_after(&self, seq: u64, limit: usize) -> DeskResult<Vec<ChangeRecord>> {
        let mut changes = self.store.changes_after(seq, limit)?;
        changes.retain(|c| c.seq <= self.cursor);
        Ok(changes)
    }

    /// The stored answer to a request that was already applied (a client's retry), if any.
    pub fn replay(&self, uid: StaffId, request_id: RequestId) -> Option<Result<Reply, DeskError>> {
        match self.store.stored_reply(uid, request_id) {
            Ok(Some(bytes)) => Some(protocol::decode::<Reply>(&bytes)),
            Ok(None) => None,
            Err(e) => Some(Err(e.into())),
        }
    }

    /// The caller's staff record, or a refusal that says how to get registered.
    /// The caller's staff record, active or not. The kernel names the caller by uid, but on
    /// a group's database the same person logs in on several boxes under several uids: the
    /// login is what names them, the uid only finds it fast where it is the one they were
    /// added under.
    pub fn caller_record(&self, caller: &Caller) -> DeskResult<Option<Staff>> {
        let by_login = |s: &&Staff| s.username == caller.username;
        let by_uid = |s: &&Staff| s.uid == StaffId(caller.uid);
        let found = self
            .staff
            .iter()
            .filter(by_login)
            .find(by_uid)
            .or_else(|| self.staff.iter().find(by_login))
            // On its own box a desk may also know a person by uid alone (a login renamed
            // since); on a group's database another box's uid may be anyone.
            .or_else(|| match self.store.estate() {
                None => self.staff.iter().find(by_uid),
                Some(_) => None,
            });
        Ok(found.cloned())
    }

    pub fn staff_for(&self, caller: &Caller) -> DeskResult<Staff> {
        match self.caller_record(caller)? {
            Some(s) if s.active => Ok(s),
            Some(_) => Err(DeskError::NotRegistered(
                crate::domain::refusal::DeskRefusal::Deactivated {
                    login: caller.username.clone(),
                }
                .into(),
            )),
            None if self.staff.is_empty() => Err(DeskError::NotRegistered(
                crate::domain::refusal::DeskRefusal::NoStaffYet {}.into(),
            )),
            None => Err(DeskError::NotRegistered(
                crate::domain::refusal::DeskRefusal::NotStaff {
                    login: caller.username.clone(),
                    uid: caller.uid,
                }
                .into(),
            )),
        }
    }

    /// Commits `ws` with its audit entry and the stored reply, then follows the change log
    /// (which brings the index, open work and outbox up to date with it).
    pub(super) fn commit(
        &mut self,
        tx: &Tx<'_>,
        mut ws: WriteSet,
        operation: &str,
        subject: ChangeSubject,
        summary: String,
        reply: Reply,
    ) -> Handled {
        ws.change = Some(ChangeRecord {
            seq: 0,
            by: tx.me.uid,
            at: tx.now,
            request_id: tx.request_id,
            operation: operation.to_string(),
            subject,
            summary,
        });
        ws.request = Some((tx.me.uid, tx.request_id, protocol::encode(&reply)));
        let change = match self.store.commit(&ws) {
            Ok(change) => change,
            Err(StoreError::NumberTaken(why)) => {
                // Nothing was written: the router decides the request again.
                self.number_taken = true;
                return Err(StoreError::NumberTaken(why).into());
            }
            Err(StoreError::Conflict(why)) => {
                // What conflicted may be this very request, applied by a connection that
                // was lost mid-commit (a daemon killed while the database finished its
                // transaction): then the answer is the one stored, not a conflict.
                self.pump();
                return match self.replay(tx.me.uid, tx.request_id) {
                    Some(stored) => stored.map(|r| (r, None)),
                    None => Err(StoreError::Conflict(why).into()),
                };
            }
            // (Not a failed fsync, `Unavailable`: what that wrote is not durable and is
            // never answered as saved.)
            Err(StoreError::ConnectionLost(why)) => {
                // The connection died, perhaps during COMMIT: the outcome is unknown. Once
                // connected again (to the new primary after a failover), the request's id
                // says whether it was applied; until then the answer is "unavailable" and
                // the screen's retry with the same id decides it.
                return match self.replay(tx.me.uid, tx.request_id) {
                    Some(stored) => {
                        self.pump();
                        stored.map(|r| (r, None))
                    }
                    None => Err(StoreError::ConnectionLost(why).into()),
                };
            }
            Err(e) => return Err(e.into()),
        };
        // Saved: followed from what was written when nobody else wrote meanwhile; else
        // read back (a failure there is the pump's to report, not the writer's).
        match &change {
            Some(c) if self.follow_own(&ws, c) => {}
            _ => self.pump(),
        }
        Ok((reply, change))
    }

    /// The next number of `counter`. The commit refuses it if another writer drew it first
    /// (`CounterMove`), so numbers are unique with any number of writers.
    pub(super) fn next_counter(&self, ws: &mut WriteSet, counter: Counter) -> DeskResult<u64> {
        let current = match ws.pending_counter(counter) {
            Some(v) => v,
            None => self.store.counter(counter)?,
        };
        ws.move_counter(counter, current, current + 1);
        Ok(current + 1)
    }

    /// Reads `counters` in one go for the `next_counter` calls that follow (each still
    /// checked at commit against the value read here).
    pub(super) fn prefetch_counters(
        &self,
        ws: &mut WriteSet,
        counters: &[Counter],
    ) -> DeskResult<()> {
        let unread: Vec<Counter> = counters
            .iter()
            .copied()
            .filter(|c| ws.pending_counter(*c).is_none())
            .collect();
        for (c, value) in unread.iter().zip(self.store.counters_of(&unread)?) {
            ws.move_counter(*c, value, value);
        }
        Ok(())
    }

    /// Sets `counter` to `value` in `ws` (a tally, an import's highest id), checked at
    /// commit against the value read here.
    pub(super) fn set_counter(
        &self,
        ws: &mut WriteSet,
        counter: Counter,
        value: u64,
    ) -> DeskResult<()> {
        let current = match ws.pending_counter(counter) {
            Some(v) => v,
            None => self.store.counter(counter)?,
        };
        ws.move_counter(counter, current, value);
        Ok(())
    }

    /// The desk-local date of `now`.
    pub(super) fn local_day(&self, now: Time) -> chrono::NaiveDate {
        self.policy.local(now).date_naive()
    }

    pub(super) fn staff_by_username(&self, field: Field, username: &str) -> DeskResult<Staff> {
        let u = username.trim();
        self.staff
            .iter()
            .find(|s| s.username == u && s.active)
            .cloned()
            .ok_or_else(|| {
                DeskError::invalid(
                    field,
                    crate::domain::refusal::DeskRefusal::NotStaffLogin {
                        login: u.to_string(),
                    },
                )
            })
    }

    pub(super) fn staff_name(&self, uid: StaffId) -> String {
        match self.store.staff(uid) {
            Ok(Some(s)) => s.name,
            _ => format!("uid {}", uid.0),
        }
    }

    /// A resident by id; a merged duplicate's id resolves to the record it was merged into.
    pub(super) fn customer(&self, id: CustomerId) -> DeskResult<Customer> {
        let id = match self.store.customer(id)? {
            Some(c) => return Ok(c),
            None => self.store.forward(id)?.unwrap_or(id),
        };
        self.store.customer(id)?.ok_or_else(|| {
            DeskError::not_found(crate::domain::refusal::DeskRefusal::CustomerNotFound {
                customer: id.to_string(),
            })
        })
    }

    /// `frontdesk init`: the caller becomes the first admin of a desk with no staff.
    pub(super) fn init(
        &mut self,
        caller: &Caller,
        name: &str,
        request_id: RequestId,
        now: Time,
    ) -> Handled {
        {
            if self.store.staff_count() > 0 {
                let admins: Vec<String> = self
                    .store
                    .all_staff()?
                    .into_iter()
                    .filter(|s| s.role == Role::Admin)
                    .map(|s| s.username)
                    .collect();
                return Err(DeskError::conflict(
                    crate::domain::refusal::DeskRefusal::AlreadyInitialised {
                        admins: admins.join(", "),
                        login: caller.username.clone(),
                    },
                ));
            }
            let display = if name.trim().is_empty() {
                caller.username.as_str()
            } else {
                name
            };
            let me = Staff::new(
                StaffId(caller.uid),
                &caller.username,
                display,
                Role::Admin,
                "",
                now,
            )?;
            let tx = Tx {
                me: &me,
                request_id,
                now,
            };
            let ws = WriteSet {
                staff: vec![me.clone()],
                ..WriteSet::default()
            };
            let summary = format!("{} initialised the desk as its first admin", me.label());
            self.commit(
                &tx,
                ws,
                "staff.init",
                ChangeSubject::Staff(me.uid),
                summary,
                Reply::Staff(me.clone()),
            )
        }
    }

    /// The group's estate this desk serves, on a shared database.
    pub fn estate(&self) -> Option<crate::domain::Estate> {
        self.store.estate()
    }

    /// The shared lookup index.
    pub fn index(&self) -> Arc<RwLock<SearchIndex>> {
        self.index.clone()
    }

    /// How many residents the desk holds (from the index: sled's `len` walks the tree).
    pub fn customer_count(&self) -> usize {
        self.index.read().map(|i| i.len()).unwrap_or(0)
    }

    /// The customer a ticket number in `query` belongs to, if the query holds one.
    pub fn ticket_customer(&self, query: &str) -> DeskResult<Option<CustomerId>> {
        for token in query.split_whitespace() {
            if token.len() >= 9 && token.to_ascii_uppercase().starts_with('T') {
                if let Ok(t) = crate::domain::Ticket::parse(token) {
                    if let Some(case) = self.store.case_by_ticket(&t)? {
                        return Ok(Some(case.key.customer));
                    }
                }
            }
        }
        Ok(None)
    }
}

/// One request's context: the acting staff member, its idempotency key and the time.
pub struct Tx<'a> {
    pub me: &'a Staff,
    pub request_id: RequestId,
    pub now: Time,
}
