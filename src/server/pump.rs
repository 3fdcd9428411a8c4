//! The change-log pump: the only way the desk learns that something changed. It reads the
//! log past the desk's cursor, re-reads what each change touched (its `Effects`) to bring
//! the lookup index and open work up to date, and queues the change for the screens. It
//! runs after each local commit, and on a timer for changes another writer made to the
//! same store (a second daemon on a shared database, a second desk in a test); a screen
//! that reconnects catches up from the same log. A local change and another writer's are
//! therefore shown the same way.

use std::sync::{Arc, Weak};
use std::time::Duration;

use super::desk::Desk;
use super::open_work::OpenWork;
use super::Shared;
use crate::domain::{ChangeRecord, ChangeSubject, CustomerSummary};
use crate::store::{Effects, StoreError, Woken, WriteSet};

/// Changes read from the log at a time.
const PAGE: usize = 1000;
/// How often the pump looks for changes another writer made.
pub(super) const POLL: Duration = Duration::from_millis(200);

impl Desk {
    /// Follows the log to its end. A read that fails leaves the cursor where it got to, and
    /// the next pump (the timer's, at the latest) goes on from there.
    pub(super) fn pump(&mut self) {
        if let Err(e) = self.follow_log() {
            tracing::warn!(
                "reading the change log after #{} failed: {e}; trying again shortly",
                self.cursor
            );
        }
    }

    fn follow_log(&mut self) -> Result<(), StoreError> {
        loop {
            let page = self.store.log_after(self.cursor, PAGE)?;
            let Some(last) = page.last().map(|l| l.change.seq) else {
                return Ok(());
            };
            let full = page.len() == PAGE;
            tracing::debug!(
                "followed changes #{}..#{last} from the log",
                self.cursor + 1
            );
            for logged in page {
                self.follow(&logged.effects)?;
                if logged.effects.all_customers
                    || matches!(
                        logged.change.subject,
                        ChangeSubject::Staff(_) | ChangeSubject::Customers { .. }
                    )
                {
                    // Who may do what changed (or a desk's worth arrived, the demo's staff
                    // with it): named afresh.
                    self.staff = self.store.all_staff()?;
                }
                self.followed(logged.change);
            }
            self.cursor = last;
            if !full {
                return Ok(());
            }
        }
    }

    /// A change this desk has just committed, followed from the write set it committed
    /// instead of read back: the same records, without the round trips. Only when it is the
    /// next change in the log (no other writer's came between) and does not touch every
    /// resident or case; otherwise false, and the caller pumps.
    pub(super) fn follow_own(&mut self, ws: &WriteSet, change: &ChangeRecord) -> bool {
        let effects = Effects::of(ws);
        if change.seq != self.cursor + 1 || effects.all_customers || effects.all_cases {
            return false;
        }
        if !ws.removed_customers.is_empty() || !ws.customers.is_empty() {
            let mut index = self.index.write().unwrap_or_else(|p| p.into_inner());
            for id in &ws.removed_customers {
                index.remove(*id);
                if let Some(group) = &self.mirror {
                    group.remove(*id);
                }
            }
            for c in &ws.customers {
                let projection = CustomerSummary::from(c).to_projection();
                index.upsert_projection(c.id, &projection);
                if let Some(group) = &self.mirror {
                    group.upsert(c.id, &projection);
                }
            }
        }
        self.open_work.forget(&ws.removed_cases);
        self.open_work.apply(&ws.cases);
        if !ws.staff.is_empty() {
            let mut staff: Vec<_> = std::mem::take(&mut self.staff)
                .into_iter()
                .filter(|s| ws.staff.iter().all(|w| w.uid != s.uid))
                .collect();
            staff.extend(ws.staff.iter().cloned());
            self.staff = staff;
        }
        self.followed(change.clone());
        self.cursor = change.seq;
        true
    }

    /// Re-reads what one change touched.
    fn follow(&mut self, effects: &Effects) -> Result<(), StoreError> {
        if effects.all_customers {
            let index = super::lookup::build_index(self.store.as_ref())?;
            let mut held = self.index.write().unwrap_or_else(|p| p.into_inner());
            if let Some(group) = &self.mirror {
                group.clear_from(&held);
                group.fill_from(&index);
            }
            *held = index;
        } else if !effects.customers.is_empty() {
            let mut read = Vec::with_capacity(effects.customers.len());
            for id in &effects.customers {
                read.push((*id, self.store.customer(*id)?));
            }
            let mut index = self.index.write().unwrap_or_else(|p| p.into_inner());
            for (id, customer) in read {
                match customer {
                    Some(c) => {
                        let projection = CustomerSummary::from(&c).to_projection();
                        index.upsert_projection(id, &projection);
                        if let Some(group) = &self.mirror {
                            group.upsert(id, &projection);
                        }
                    }
                    None => {
                        index.remove(id);
                        if let Some(group) = &self.mirror {
                            group.remove(id);
                        }
                    }
                }
            }
        }
        if effects.all_cases {
            self.open_work = OpenWork::load(self.store.as_ref())?;
        } else {
            for key in &effects.cases {
                match self.store.case(*key)? {
                    Some(c) => self.open_work.apply(std::slice::from_ref(&c)),
                    None => self.open_work.forget(&[*key]),
                }
            }
        }
        Ok(())
    }

    /// A change followed: its author was at work then, and the screens are told.
    fn followed(&mut self, change: ChangeRecord) {
        let latest = self.last_action.entry(change.by).or_insert(change.at);
        *latest = (*latest).max(change.at);
        self.outbox_mut().push(change);
    }

    fn outbox_mut(&self) -> std::sync::MutexGuard<'_, Vec<ChangeRecord>> {
        self.outbox.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The changes followed and not yet pushed, oldest first.
    pub(super) fn take_events(&self) -> Vec<ChangeRecord> {
        std::mem::take(&mut *self.outbox_mut())
    }

    /// Whether the log has changes the pump has not followed.
    pub(super) fn behind(&self) -> bool {
        self.store
            .last_change_seq()
            .is_ok_and(|last| last > self.cursor)
    }
}

impl Shared {
    /// Pushes the desk's followed changes to the screens, each to those allowed to see it.
    /// Called with the desk held for writing, so events go out in commit order.
    pub(super) fn publish(&self, desk: &Desk) {
        for change in desk.take_events() {
            let hidden = desk.hidden_from(&change);
            self.broadcast(&crate::protocol::ServerMsg::Event(change), hidden);
        }
    }
}

/// Follows other writers' changes while the server lives: woken by the store where it can
/// (a PostgreSQL notification), and on the timer in any case.
pub(super) fn start(shared: Weak<Shared>) {
    let mut waker = shared.upgrade().and_then(|s| s.desk_read().store.waker());
    let spawned = std::thread::Builder::new()
        .name("pump".into())
        .spawn(move || loop {
            let woken = match waker.as_mut() {
                Some(w) => w.wait(POLL),
                None => {
                    std::thread::sleep(POLL);
                    Woken::Look
                }
            };
            let Some(shared) = shared.upgrade() else {
                return;
            };
            match woken {
                Woken::Look => poll(&shared),
                // Most often this desk's own commit, followed as it was written: nothing to
                // read, and no lock taken from the writers.
                Woken::Reached(seq) if shared.desk_read().last_seq() >= seq => {}
                Woken::Reached(_) => poll(&shared),
                Woken::Quiet => {}
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the change-log pump: {e}");
    }
}

fn poll(shared: &Arc<Shared>) {
    if !shared.desk_read().behind() {
        return;
    }
    let mut desk = shared.desk();
    desk.pump();
    shared.publish(&desk);
}
