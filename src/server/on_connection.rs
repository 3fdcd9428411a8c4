//! The handlers that need more than the desk: the connection's own state (rows staged for an
//! import, the search worker, the event subscription), the access log a look is noted in
//! (R-REC-13), the other connections a deactivation closes, the database watch.

use super::arrears_staging::stage_arrears;
use super::connection::Connection;
use super::desk::{Desk, DeskResult, Written};
use super::lookup::Job;
use super::serve::{why, Cx, Read, ReadReply, Write};
use crate::domain::{Access, AccessFilter, DeskError, Field, RequestId, Time};
use crate::protocol::{req, Reply, ServerMsg};

/// Catch-up beyond this many changes asks the client to reload instead.
const MAX_CATCH_UP: usize = 10_000;
/// Rows one connection may stage for an import.
const MAX_STAGED_ROWS: usize = 2_000_000;

impl Write for req::Init {
    fn write(&self, desk: &mut Desk, cx: &mut Cx<'_>) -> DeskResult<Written> {
        desk.init(&cx.conn.caller, &self.name, cx.tx.request_id, cx.tx.now)
    }

    fn write_unregistered(
        &self,
        desk: &mut Desk,
        conn: &Connection,
        request_id: RequestId,
        now: Time,
    ) -> DeskResult<Written> {
        desk.init(&conn.caller, &self.name, request_id, now)
    }
}

impl Write for req::StaffDeactivate {
    fn write(&self, desk: &mut Desk, cx: &mut Cx<'_>) -> DeskResult<Written> {
        desk.staff_set_active(&mut cx.tx, &self.username, false, &self.reason)
    }

    /// Durable first, then at once: every connection the leaver holds is closed.
    fn then(&self, cx: &mut Cx<'_>, result: &DeskResult<Written>) {
        if let Ok((Reply::Staff(left), _)) = result {
            cx.conn.shared.close_uid(
                left.uid.0,
                DeskError::NotRegistered(
                    crate::domain::refusal::DeskRefusal::DeactivatedBy {
                        person: cx.tx.me.label(),
                        reason: self.reason.trim().to_string(),
                    }
                    .into(),
                ),
            );
        }
    }
}

impl Read for req::CustomerFind {
    /// The search runs on this connection's worker, off the desk lock.
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let ticket_customer = desk.ticket_customer(&self.query)?;
        cx.conn.searcher.submit(
            cx.id,
            Job {
                query: self.query,
                limit: self.limit,
                ticket_customer,
            },
        );
        Ok(None)
    }
}

impl Read for req::CustomerShow {
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let reason = why(self.reason)?;
        let card = desk.customer_card(&cx.tx, self.id)?;
        cx.noted(Access::Card(self.id), reason);
        Ok(Some(card))
    }
}

impl Read for req::UnitShow {
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let reason = why(self.reason)?;
        let shown = desk.unit_show(&cx.tx, self.unit)?;
        if let Reply::Unit(view) = &shown {
            // Every resident on the page was looked at (R-REC-13).
            for r in &view.residents {
                cx.noted(Access::Card(r.customer.id), reason.clone());
            }
        }
        Ok(Some(shown))
    }
}

impl Read for req::CaseShow {
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let reason = why(self.reason)?;
        let shown = desk.case_show(&cx.tx, &self.ticket)?;
        if let Reply::Case(case) = &shown {
            let customer = case.key.customer;
            let ticket = self.ticket;
            cx.noted(Access::Case { ticket, customer }, reason);
        }
        Ok(Some(shown))
    }
}

impl Read for req::Export {
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let exported = desk.export(&cx.tx, &self.dir)?;
        cx.noted(Access::Export { dir: self.dir }, None);
        Ok(Some(exported))
    }
}

impl Read for req::Backup {
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let made = desk.backup(&cx.tx, self.to.as_deref(), self.keep)?;
        cx.noted(Access::Backup, None);
        Ok(Some(made))
    }
}

impl Read for req::Changes {
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let limit = self.limit.clamp(1, 10_000) as usize;
        let changes = desk.changes_for(cx.tx.me.uid, self.after_seq, limit)?;
        cx.noted(Access::ChangeTrail, None);
        Ok(Some(Reply::Changes(changes)))
    }
}

impl Read for req::AccessLog {
    /// What was noted a moment ago is part of the answer; what is past retention is not.
    fn prepare(conn: &Connection) {
        super::access_log::flush(&conn.shared);
        super::access_log::prune(&conn.shared);
    }

    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let staff = self
            .staff
            .map(|s| desk.staff_uid(Field::Staff, &s))
            .transpose()?;
        let filter = AccessFilter {
            staff,
            customer: self.customer,
            since: self.since,
            limit: self.limit,
        };
        let found = desk.store.accesses(&filter)?;
        cx.noted(Access::AccessLog, None);
        Ok(Some(Reply::Accesses(found)))
    }
}

impl Read for req::DatabaseStatus {
    fn read(self, _desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let status = cx.conn.shared.database.as_ref().map(|d| d.status());
        Ok(Some(Reply::Database(Box::new(status))))
    }
}

impl Read for req::ImportStage {
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let conn = &mut *cx.conn;
        let (token, staged) = *conn.import.get_or_insert_with(|| (fastrand::u64(1..), 0));
        if staged as usize + self.rows.len() > MAX_STAGED_ROWS {
            return Err(DeskError::TooLarge(
                crate::domain::refusal::SystemRefusal::ImportTooLarge {
                    max: MAX_STAGED_ROWS,
                }
                .into(),
            ));
        }
        desk.store.stage_rows(token, &self.rows)?;
        let staged = staged + self.rows.len() as u64;
        conn.import = Some((token, staged));
        Ok(Some(Reply::Staged { rows: staged }))
    }
}

impl Write for req::ImportCommit {
    fn write(&self, desk: &mut Desk, cx: &mut Cx<'_>) -> DeskResult<Written> {
        let Some((token, _)) = cx.conn.import else {
            return Err(DeskError::invalid(
                Field::Import,
                crate::domain::refusal::SystemRefusal::NothingStaged {},
            ));
        };
        desk.import_staged(&mut cx.tx, token)
    }

    /// Committed or refused, the staged rows are this import's and no other's.
    fn then(&self, cx: &mut Cx<'_>, _result: &DeskResult<Written>) {
        cx.conn.import = None;
    }
}

impl Read for req::FeesStage {
    fn read(self, _desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        stage_arrears(&mut cx.conn.arrears, self.rows).map(Some)
    }
}

impl Write for req::FeesImport {
    fn write(&self, desk: &mut Desk, cx: &mut Cx<'_>) -> DeskResult<Written> {
        let mut all = cx.conn.arrears.clone();
        all.extend(self.rows.iter().cloned());
        desk.fees_import(&mut cx.tx, &all)
    }

    /// Imported or refused, the staged rows were this import's.
    fn then(&self, cx: &mut Cx<'_>, _result: &DeskResult<Written>) {
        cx.conn.arrears.clear();
    }
}

impl Read for req::Subscribe {
    /// The reply goes first, then the catch-up, then live events: all queued while the desk
    /// is held for reading, so no commit falls between catch-up and live.
    fn read(self, desk: &Desk, cx: &mut Cx<'_>) -> ReadReply {
        let conn = &*cx.conn;
        let _ = conn.out.try_send(ServerMsg::Reply {
            id: cx.id,
            result: Ok(Reply::Done),
        });
        let missed = desk
            .changes_after(self.after_seq, MAX_CATCH_UP + 1)
            .unwrap_or_default();
        if missed.len() > MAX_CATCH_UP {
            let _ = conn.out.try_send(ServerMsg::Resync {
                last_seq: desk.last_seq(),
            });
        } else {
            for change in missed {
                if desk.hidden_from(&change) != Some(cx.tx.me.uid) {
                    let _ = conn.out.try_send(ServerMsg::Event(change));
                }
            }
        }
        if let Some(o) = conn.shared.open().iter_mut().find(|o| o.conn == conn.conn) {
            o.subscribed = true;
        }
        Ok(None)
    }
}
