//! The router: every request a connection sends passes through `route`, which names the
//! caller, applies the rights table (`rights::RIGHTS`), answers a retried write from its
//! idempotency record, and hands the request to exactly one handler — one match over every
//! variant, so adding a request is one row in the table and one arm here.

use std::sync::{RwLockReadGuard, RwLockWriteGuard};

pub(super) use super::connection::Connection;
use super::desk::{Desk, DeskResult, Tx};
use super::desk_office as office;
use super::lookup::Job;
use super::rights::{self, Who};
use super::Shared;
use crate::domain::{Access, AccessFilter, ChangeRecord, DeskError, Field, RequestId, StaffId};
use crate::protocol::{Reply, Request, RequestKind, ServerMsg};

/// Catch-up beyond this many changes asks the client to reload instead.
const MAX_CATCH_UP: usize = 10_000;
/// How often a write is decided again when another writer drew its number first.
const NUMBER_TRIES: u64 = 64;
/// Rows one connection may stage for an import.
const MAX_STAGED_ROWS: usize = 2_000_000;

/// The desk as this request holds it: shared for a read, alone for a write.
enum Held<'a> {
    Read(RwLockReadGuard<'a, Desk>),
    Write(RwLockWriteGuard<'a, Desk>),
}

impl Held<'_> {
    fn desk(&self) -> &Desk {
        match self {
            Held::Read(d) => d,
            Held::Write(d) => d,
        }
    }

    /// The desk for a write; a request the rights table does not mark as a write gets an
    /// error instead (and the table test, which sends every request, would fail).
    fn desk_mut(&mut self) -> Result<&mut Desk, DeskError> {
        match self {
            Held::Write(d) => Ok(d),
            Held::Read(_) => Err(DeskError::Internal(
                "a write that the rights table lists as a read".into(),
            )),
        }
    }
}

/// A reply now, or later from the search worker.
pub(super) enum Answer {
    Now(Result<Reply, DeskError>),
    Later,
}

/// Routes one request for this connection's caller.
pub(super) fn route(
    c: &mut Connection,
    id: u64,
    request_id: RequestId,
    request: Request,
) -> Answer {
    let now = (c.shared.clock)();
    let shared = c.shared.clone();
    let kind = RequestKind::from(&request);
    let Some(right) = rights::right(kind) else {
        let name: &'static str = kind.into();
        return Answer::Now(Err(DeskError::Internal(format!(
            "{name} has no entry in the rights table"
        ))));
    };
    // Reads share the desk; a write has it to itself, from naming the caller (a colleague
    // deactivated a moment ago writes nothing) through the idempotency check to the commit.
    let mut held = if right.writes {
        Held::Write(shared.desk())
    } else {
        Held::Read(shared.desk_read())
    };
    let who = match held.desk().staff_for(&c.caller) {
        Ok(s) => Who::Staff(s),
        Err(DeskError::NotRegistered(why)) => Who::Unregistered(DeskError::NotRegistered(why)),
        Err(e) => return Answer::Now(Err(e)),
    };
    let me = match rights::authorise(right, who, &c.caller) {
        Ok(ok) => ok,
        Err(e) => return Answer::Now(Err(e)),
    };
    if right.writes {
        // Stored under the staff record's id, which is the caller's uid only on the box
        // they were added on.
        let by = me.as_ref().map_or(StaffId(c.caller.uid), |s| s.uid);
        if let Some(reply) = held.desk().replay(by, request_id) {
            return Answer::Now(reply);
        }
    }
    let Some(me) = me else {
        // Only `Anyone` rows get here without a staff record.
        let Request::Init { name } = request else {
            return Answer::Now(Err(DeskError::Internal(
                "an open request other than init".into(),
            )));
        };
        let result = match held.desk_mut() {
            Ok(desk) => desk.init(&c.caller, &name, request_id, now),
            Err(e) => Err(e),
        };
        return Answer::Now(written(&shared, held.desk(), result));
    };
    let mut tx = Tx {
        me: &me,
        request_id,
        now,
    };
    let read = |r: DeskResult<Reply>| Answer::Now(r);
    // A read of personal data answered is noted in the access log (R-REC-13).
    let looked = |r: DeskResult<Reply>, what: Access, reason: Option<String>| {
        if r.is_ok() {
            shared.access.record(me.uid, now, what, reason);
        }
        Answer::Now(r)
    };
    // A write: on the desk held for writing (the rights table says which requests write).
    macro_rules! write {
        ($desk:ident => $call:expr) => {{
            let result = match held.desk_mut() {
                // Another daemon of the estate drew the same number a moment ago: decided
                // again, it draws the next. A busy daemon beside this one can win the same
                // race many times over, so each try waits a random moment longer.
                Ok($desk) => {
                    let mut tries: u64 = 0;
                    loop {
                        $desk.number_taken = false;
                        let r = $call;
                        if !$desk.number_taken || tries == NUMBER_TRIES {
                            break r;
                        }
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_micros(fastrand::u64(
                            0..=tries.min(20) * 1000,
                        )));
                    }
                }
                Err(e) => Err(e),
            };
            Answer::Now(written(&shared, held.desk(), result))
        }};
    }
    match request {
        Request::Init { name } => write!(desk => desk.init(&c.caller, &name, request_id, now)),
        Request::StaffAdd {
            username,
            name,
            role,
            dept,
            uid,
        } => write!(desk => desk.staff_add(&mut tx, &username, &name, role, &dept, uid)),
        Request::StaffList => read(
            held.desk()
                .store
                .all_staff()
                .map(Reply::StaffList)
                .map_err(Into::into),
        ),
        Request::StaffDeactivate { username, reason } => {
            let result = match held.desk_mut() {
                Ok(desk) => desk.staff_set_active(&mut tx, &username, false, &reason),
                Err(e) => Err(e),
            };
            if let Ok((Reply::Staff(left), _)) = &result {
                // Durable first, then at once: every connection they hold is closed.
                shared.close_uid(
                    left.uid.0,
                    &format!(
                        "{} deactivated your frontdesk account: {}; ask an admin if this is a mistake",
                        me.label(),
                        crate::domain::text::printable(reason.trim())
                    ),
                );
            }
            Answer::Now(written(&shared, held.desk(), result))
        }
        Request::StaffReactivate { username, reason } => {
            write!(desk => desk.staff_set_active(&mut tx, &username, true, &reason))
        }
        Request::StaffSet {
            username,
            role,
            dept,
            name,
            reason,
        } => write!(desk => desk.staff_set(
            &mut tx,
            &username,
            role,
            dept.as_deref(),
            name.as_deref(),
            &reason
        )),
        Request::StaffHandover {
            leaver,
            successor,
            reason,
        } => write!(desk => desk.staff_handover(&mut tx, &leaver, &successor, &reason)),
        Request::CustomerAdd(new) => write!(desk => desk.customer_add(&mut tx, &new)),
        Request::CustomerDuplicates { limit } => read(held.desk().customer_duplicates(limit)),
        Request::CustomerVerify { id } => write!(desk => desk.customer_verify(&mut tx, id)),
        Request::CustomerMerge { keep, drop, reason } => {
            write!(desk => desk.customer_merge(&mut tx, keep, drop, &reason))
        }
        Request::ToVerify { building, limit } => read(held.desk().to_verify(&tx, building, limit)),
        Request::CustomerEdit {
            id,
            base_version,
            edit,
        } => write!(desk => desk.customer_edit(&mut tx, id, base_version, &edit)),
        Request::CustomerFind { query, limit } => {
            // The search runs on this connection's worker, off the desk lock.
            let ticket_customer = match held.desk().ticket_customer(&query) {
                Ok(t) => t,
                Err(e) => return Answer::Now(Err(e)),
            };
            c.searcher.submit(Job {
                id,
                query,
                limit,
                ticket_customer,
            });
            Answer::Later
        }
        Request::CustomerShow {
            id: customer,
            reason,
        } => {
            let reason = match why(reason) {
                Ok(r) => r,
                Err(e) => return Answer::Now(Err(e)),
            };
            looked(
                held.desk().customer_card(&tx, customer),
                Access::Card(customer),
                reason,
            )
        }
        Request::UnitShow { unit, reason } => {
            let reason = match why(reason) {
                Ok(r) => r,
                Err(e) => return Answer::Now(Err(e)),
            };
            let shown = held.desk().unit_show(&tx, unit);
            if let Ok(Reply::Unit(view)) = &shown {
                // Every resident on the page was looked at (R-REC-13).
                for r in &view.residents {
                    shared
                        .access
                        .record(me.uid, now, Access::Card(r.customer.id), reason.clone());
                }
            }
            Answer::Now(shown)
        }
        Request::UnitMoveIn { unit, move_in } => {
            write!(desk => desk.unit_move_in(&mut tx, unit, &move_in))
        }
        Request::UnitMoveOut {
            unit,
            customer,
            date,
            reason,
        } => write!(desk => desk.unit_move_out(&mut tx, unit, customer, date, &reason)),
        Request::UnitDocument { unit, kind, date } => {
            write!(desk => desk.unit_document(&mut tx, unit, kind, date))
        }
        Request::CaseAdd(draft) => write!(desk => desk.case_add(&mut tx, &draft)),
        Request::CasePreview(draft) => read(held.desk().case_preview(&tx, &draft)),
        Request::CaseList(filter) => read(held.desk().case_list(&tx, &filter)),
        Request::Digest { changes_after } => read(held.desk().digest(&tx, changes_after)),
        // Reports, surveys and the paperwork (R-OPS-02..15): dispatched in `desk_office`.
        Request::FeesStage { rows } => read(office::stage_arrears(&mut c.arrears, rows)),
        Request::FeesImport { rows } => {
            let mut all = std::mem::take(&mut c.arrears);
            all.extend(rows);
            write!(desk => desk.fees_import(&mut tx, &all))
        }
        request @ (Request::Report(_)
        | Request::Calendar { .. }
        | Request::SurveyOpen { .. }
        | Request::SurveyIssue { .. }
        | Request::SurveyRecord { .. }
        | Request::SurveyClose { .. }
        | Request::SurveyStatus { .. }
        | Request::ReleaseIssue(_)
        | Request::ReleaseVerify { .. }
        | Request::ReleaseOut { .. }
        | Request::ReleaseVoid { .. }
        | Request::ReleaseList
        | Request::PermitApply(_)
        | Request::PermitDecide { .. }
        | Request::PermitStep { .. }
        | Request::PermitShow { .. }
        | Request::PermitList
        | Request::PermitIndex { .. }
        | Request::FeesList { .. }
        | Request::FeesUnit { .. }
        | Request::FeesRemind { .. }
        | Request::CoverSign { .. }
        | Request::CoverList
        | Request::VisitorIn(_)
        | Request::VisitorOut { .. }
        | Request::VisitorList { .. }
        | Request::LoanOut { .. }
        | Request::LoanBack { .. }
        | Request::LoanList) => {
            if right.writes {
                write!(desk => desk.office_write(&mut tx, request.clone()))
            } else {
                read(held.desk().office_read(&tx, request))
            }
        }
        Request::CaseShow { ticket, reason } => {
            let reason = match why(reason) {
                Ok(r) => r,
                Err(e) => return Answer::Now(Err(e)),
            };
            let shown = held.desk().case_show(&tx, &ticket);
            if let Ok(Reply::Case(case)) = &shown {
                let customer = case.key.customer;
                shared
                    .access
                    .record(me.uid, now, Access::Case { ticket, customer }, reason);
            }
            Answer::Now(shown)
        }
        Request::CaseStep {
            ticket,
            base_version,
            step,
        } => write!(desk => desk.case_step(&mut tx, &ticket, base_version, step.clone())),
        Request::CallbackList {
            overdue_only,
            until,
        } => read(held.desk().callback_list(&tx, overdue_only, until)),
        Request::CallbackRecord {
            id: callback,
            outcome,
            onsite,
            signed,
            note,
        } => {
            write!(desk => desk.callback_record(&mut tx, callback, outcome, onsite, signed, &note))
        }
        Request::CallbackPlan { until } => write!(desk => desk.callback_plan(&mut tx, until)),
        Request::VisitAdd(visit) => write!(desk => desk.visit_add(&mut tx, &visit)),
        Request::VisitList { from, to, staff } => {
            read(held.desk().visit_list(&tx, from, to, staff.as_deref()))
        }
        Request::VisitDone { id: visit, report } => {
            write!(desk => desk.visit_done(&mut tx, visit, &report))
        }
        Request::ImportStage(rows) => {
            let (token, staged) = *c.import.get_or_insert_with(|| (fastrand::u64(1..), 0));
            if staged as usize + rows.len() > MAX_STAGED_ROWS {
                return read(Err(DeskError::TooLarge(format!(
                    "an import holds at most {MAX_STAGED_ROWS} rows; split the file"
                ))));
            }
            if let Err(e) = held.desk().store.stage_rows(token, &rows) {
                return read(Err(e.into()));
            }
            let staged = staged + rows.len() as u64;
            c.import = Some((token, staged));
            read(Ok(Reply::Staged { rows: staged }))
        }
        Request::ImportCommit => {
            let Some((token, _)) = c.import.take() else {
                return read(Err(DeskError::invalid(
                    Field::Import,
                    "has no rows staged on this connection; send the file again",
                )));
            };
            write!(desk => desk.import_staged(&mut tx, token))
        }
        Request::Demo {
            customers,
            seed,
            history_days,
        } => write!(desk => desk.demo(&mut tx, customers, seed, history_days)),
        Request::Export { dir } => {
            let what = Access::Export { dir: dir.clone() };
            looked(held.desk().export(&tx, &dir), what, None)
        }
        Request::Backup { to, keep } => looked(
            held.desk().backup(&tx, to.as_deref(), keep),
            Access::Backup,
            None,
        ),
        Request::Changes { after_seq, limit } => looked(
            held.desk()
                .changes_for(me.uid, after_seq, limit.clamp(1, 10_000) as usize)
                .map(Reply::Changes),
            Access::ChangeTrail,
            None,
        ),
        Request::AccessLog {
            staff,
            customer,
            since,
            limit,
        } => {
            // What was noted a moment ago is part of the answer; what is past retention
            // is not.
            drop(held);
            super::access_log::flush(&shared);
            super::access_log::prune(&shared);
            let desk = shared.desk_read();
            let filter = match staff.map(|s| desk.staff_uid(Field::Staff, &s)).transpose() {
                Ok(staff) => AccessFilter {
                    staff,
                    customer,
                    since,
                    limit,
                },
                Err(e) => return Answer::Now(Err(e)),
            };
            looked(
                desk.store
                    .accesses(&filter)
                    .map(Reply::Accesses)
                    .map_err(Into::into),
                Access::AccessLog,
                None,
            )
        }
        Request::Stats => read(held.desk().stats(&tx)),
        Request::DatabaseStatus => read(Ok(Reply::Database(Box::new(
            shared.database.as_ref().map(|d| d.status()),
        )))),
        Request::Subscribe { after_seq } => {
            // The reply goes first, then the catch-up, then live events: all queued while
            // the desk is held for reading, so no commit falls between catch-up and live.
            let _ = c.out.try_send(ServerMsg::Reply {
                id,
                result: Ok(Reply::Done),
            });
            let missed = held
                .desk()
                .changes_after(after_seq, MAX_CATCH_UP + 1)
                .unwrap_or_default();
            if missed.len() > MAX_CATCH_UP {
                let _ = c.out.try_send(ServerMsg::Resync {
                    last_seq: held.desk().last_seq(),
                });
            } else {
                for change in missed {
                    if held.desk().hidden_from(&change) != Some(me.uid) {
                        let _ = c.out.try_send(ServerMsg::Event(change));
                    }
                }
            }
            if let Some(o) = shared.open().iter_mut().find(|o| o.conn == c.conn) {
                o.subscribed = true;
            }
            Answer::Later
        }
    }
}

/// The reason given for a look at personal data, checked like any text (it is shown to
/// supervisors later); empty means none.
fn why(reason: Option<String>) -> Result<Option<String>, DeskError> {
    let Some(r) = reason else {
        return Ok(None);
    };
    let r =
        crate::domain::text::optional_text(Field::Reason, &r, crate::domain::text::MAX_TEXT_BYTES)?;
    Ok(Some(r).filter(|r| !r.is_empty()))
}

/// A write's reply, after pushing what the pump followed (its change, and any other
/// writer's before it) to every subscriber. Called with the desk lock held, so events go
/// out in commit order.
fn written(
    shared: &Shared,
    desk: &Desk,
    result: DeskResult<(Reply, Option<ChangeRecord>)>,
) -> Result<Reply, DeskError> {
    shared.publish(desk);
    result.map(|(reply, _)| reply)
}
