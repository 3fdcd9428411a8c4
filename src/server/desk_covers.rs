//! The cover hand-over (R-OPS-15: the desk is never unattended; leaving needs the team
//! lead's OK and a cover): signed by whoever leaves, naming the supervisor to approve it;
//! approved by that supervisor from their own login; and, on supervisors' status lines, the
//! desk noticed as unattended while a cover runs without the OK or has run out with nobody
//! back.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::cover::Cover;
use crate::domain::refusal::DeskRefusal;
use crate::domain::{ChangeSubject, DeskError, Field, Role, Time};
use crate::protocol::Reply;
use crate::store::{Counter, WriteSet};

impl Desk {
    /// R-OPS-15: the caller leaves the desk in `covering`'s hands, approved by a supervisor.
    pub(super) fn cover_sign(
        &mut self,
        tx: &mut Tx<'_>,
        covering: &str,
        from: Time,
        until: Time,
        approved_by: &str,
    ) -> Handled {
        let cover_staff = self.staff_by_username(Field::Covers, covering)?;
        if cover_staff.role < Role::Clerk {
            return Err(DeskError::invalid(
                Field::Covers,
                crate::domain::refusal::PaperRefusal::NotCounterStaff {
                    login: cover_staff.username.clone(),
                },
            ));
        }
        let approver = self.staff_by_username(Field::ApprovedBy, approved_by)?;
        if approver.role < Role::Supervisor {
            return Err(DeskError::invalid(
                Field::ApprovedBy,
                crate::domain::refusal::PaperRefusal::NotTeamLead {
                    login: approver.username.clone(),
                },
            ));
        }
        let mut ws = WriteSet::default();
        let seq = self.next_counter(&mut ws, Counter::Cover)?;
        let cover = Cover::sign(
            seq,
            tx.me.uid,
            cover_staff.uid,
            from,
            until,
            approver.uid,
            tx.now,
        )?;
        ws.covers.push((seq, cover));
        let summary = format!(
            "{} leaves the desk to {} from {} to {}, for {} to approve",
            tx.me.label(),
            cover_staff.username,
            self.policy.local(from).format("%m-%d %H:%M"),
            self.policy.local(until).format("%m-%d %H:%M"),
            approver.username
        );
        let reply =
            Reply::Covers(self.covers_today(tx.now, ws.covers.iter().map(|(_, c)| c.clone()))?);
        self.commit(
            tx,
            ws,
            "cover.sign",
            ChangeSubject::Cover(tx.me.uid),
            summary,
            reply,
        )
    }

    /// The covers signed in the day before `now`: the ones that can still be in force,
    /// await an OK or have just run out.
    fn recent_covers(&self, now: Time) -> DeskResult<Vec<Cover>> {
        Ok(self.store.covers_since(now - chrono::Duration::hours(24))?)
    }

    /// The covers not yet over at `now`, with `extra` (what a request is writing) in place
    /// of the stored copies, by start.
    fn covers_today(
        &self,
        now: Time,
        extra: impl Iterator<Item = Cover>,
    ) -> DeskResult<Vec<Cover>> {
        let mut out: Vec<Cover> = self
            .recent_covers(now)?
            .into_iter()
            .filter(|c| c.until > now)
            .collect();
        let extra: Vec<Cover> = extra.collect();
        out.retain(|c| extra.iter().all(|e| e.no != c.no));
        out.extend(extra);
        out.sort_by_key(|c| c.from);
        Ok(out)
    }

    pub(super) fn cover_list(&self, tx: &Tx<'_>) -> DeskResult<Reply> {
        Ok(Reply::Covers(
            self.covers_today(tx.now, std::iter::empty())?,
        ))
    }
}

impl Desk {
    /// R-OPS-15: the caller, a supervisor, approves the covers that name them and await
    /// their OK (only `leaving`'s, when given). Nobody else's login can.
    pub(super) fn cover_confirm(&mut self, tx: &mut Tx<'_>, leaving: Option<&str>) -> Handled {
        let leaver = leaving
            .map(|login| self.staff_by_username(Field::Leaving, login).map(|s| s.uid))
            .transpose()?;
        let mut ws = WriteSet::default();
        for mut cover in self.recent_covers(tx.now)? {
            let mine = cover.approved_by == tx.me.uid && cover.awaiting_ok(tx.now);
            if !mine || leaver.is_some_and(|l| l != cover.leaving) {
                continue;
            }
            cover.confirm(tx.me.uid, tx.now)?;
            ws.covers.push((cover.no, cover));
        }
        if ws.covers.is_empty() {
            return Err(DeskError::conflict(DeskRefusal::NoCoverAwaitsYou {}));
        }
        let who: Vec<String> = ws
            .covers
            .iter()
            .map(|(no, c)| format!("#{no} {}", self.staff_name(c.leaving)))
            .collect();
        let summary = format!("{} approved the cover {}", tx.me.label(), who.join(", "));
        let covers = self.covers_today(tx.now, ws.covers.iter().map(|(_, c)| c.clone()))?;
        self.commit(
            tx,
            ws,
            "cover.confirm",
            ChangeSubject::Cover(tx.me.uid),
            summary,
            Reply::Covers(covers),
        )
    }

    /// R-OPS-15 on the status line: the covers awaiting `me`'s OK, and (for supervisors)
    /// how many covers of the last day leave the desk unattended now.
    pub(super) fn cover_counts(
        &self,
        me: &crate::domain::Staff,
        now: Time,
    ) -> DeskResult<(u64, u64)> {
        let (mut awaiting, mut unattended) = (0, 0);
        for c in self.recent_covers(now)? {
            if c.approved_by == me.uid && c.awaiting_ok(now) {
                awaiting += 1;
            }
            let back = self.last_action.get(&c.leaving).copied();
            if me.role >= Role::Supervisor && c.leaves_desk_unattended(now, back) {
                unattended += 1;
            }
        }
        Ok((awaiting, unattended))
    }
}

super::serve::serve! {
    write CoverSign(r, desk, cx) =>
        desk.cover_sign(&mut cx.tx, &r.covering, r.from, r.until, &r.approved_by);
    write CoverConfirm(r, desk, cx) => desk.cover_confirm(&mut cx.tx, r.leaving.as_deref());
    read CoverList(r, desk, cx) => desk.cover_list(&cx.tx);
}
