//! Case requests: intake, listing, and every lifecycle step. The domain `Case` enforces the
//! rules; this file loads, resolves usernames, schedules callbacks on resolve and commits.

use crate::domain::Field;
use chrono::Datelike;

use super::case_filter::CaseMatcher;
use super::desk::{Desk, DeskResult, Tx};
use crate::domain::callback::{choose_callback, Callback, SampleTally};
use crate::domain::case::{CaseDraft, NewCase};
use crate::domain::{
    CallbackId, Case, CaseKey, ChangeRecord, ChangeSubject, DeskError, Handler, Ticket,
};
use crate::protocol::{
    CaseFilter, CasePage, CaseStep, CaseSummary, CustomerCard, DispatchTarget, Reply,
};
use crate::store::WriteSet;

/// Staff names read once per listing (a listing names the same few owners many times).
#[derive(Default)]
pub(super) struct StaffNames(std::collections::HashMap<crate::domain::StaffId, String>);

/// Meta counter of ticket numbers for the month of `local` (tickets restart monthly).
pub(super) fn ticket_counter(local: &chrono::DateTime<chrono::FixedOffset>) -> String {
    format!("ticket_{:02}{:02}", local.year() % 100, local.month())
}

impl Desk {
    pub(super) fn case_add(
        &mut self,
        tx: &mut Tx<'_>,
        draft: &CaseDraft,
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
        let customer = self.draft_customer(draft)?;
        let customer_id = customer.id;
        let mut ws = WriteSet::default();
        let seq = self.next_counter(&mut ws, "next_case")?;
        let local = self.policy.local(tx.now);
        let ticket_seq = self.next_counter(&mut ws, &ticket_counter(&local))?;
        let ticket = Ticket::new(local.year(), local.month(), ticket_seq as u32);
        let key = CaseKey {
            customer: customer_id,
            seq,
        };
        let case = self.register_draft(tx, draft, key, ticket.clone())?;
        let summary = format!(
            "{} registered {} ({} {}, {}) for {} {}",
            tx.me.label(),
            ticket,
            case.severity.as_str().to_uppercase(),
            case.kind,
            case.category,
            customer.name,
            customer
                .units
                .first()
                .map(|u| u.to_string())
                .unwrap_or_default()
        );
        // R-REC-01: the case is filed under the unit it is about, too.
        if let Some(unit) = self.draft_unit(draft, &customer)? {
            ws.case_units.push((unit, key));
        }
        ws.cases.push(case.clone());
        self.commit(
            tx,
            ws,
            "case.add",
            ChangeSubject::Case { key, ticket },
            summary,
            Reply::Case(Box::new(case)),
        )
    }

    /// The unit a draft is about: the one it names, which must be the resident's, or their
    /// first.
    fn draft_unit(
        &self,
        draft: &CaseDraft,
        customer: &crate::domain::Customer,
    ) -> DeskResult<Option<crate::domain::UnitCode>> {
        match draft.unit {
            None => Ok(customer.units.first().copied()),
            Some(u) if customer.units.contains(&u) => Ok(Some(u)),
            Some(u) => Err(DeskError::invalid(
                Field::Unit,
                format!(
                    "{u} is not one of {}'s units ({}); pick one of theirs or record a move-in first",
                    customer.name,
                    customer
                        .units
                        .iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// The resident a draft is for; a draft without one is refused by field.
    fn draft_customer(&self, draft: &CaseDraft) -> DeskResult<crate::domain::Customer> {
        let id = draft.customer.ok_or_else(|| {
            DeskError::invalid(
                Field::Customer,
                "is missing; find the resident first (`frontdesk customer find`) and pass --customer ID",
            )
        })?;
        self.customer(id)
    }

    /// Validates `draft` into the case the caller would register under `key` and `ticket`.
    fn register_draft(
        &self,
        tx: &Tx<'_>,
        draft: &CaseDraft,
        key: CaseKey,
        ticket: Ticket,
    ) -> DeskResult<Case> {
        let subject = match draft.subject.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(u) => Some(self.staff_by_username(Field::Subject, u)?),
        };
        Case::register(
            NewCase {
                key,
                ticket,
                draft,
                subject: subject.as_ref(),
            },
            tx.me,
            &self.policy,
            tx.now,
        )
    }

    /// Validates a draft exactly as `case_add` would and returns the case it would register
    /// (deadlines from this desk's policy) without a ticket and without writing: the intake
    /// read-back (R-INT-05) states what will be saved.
    pub(super) fn case_preview(&self, tx: &Tx<'_>, draft: &CaseDraft) -> DeskResult<Reply> {
        let customer = self.draft_customer(draft)?;
        self.draft_unit(draft, &customer)?;
        let key = CaseKey {
            customer: customer.id,
            seq: 0,
        };
        let case = self.register_draft(tx, draft, key, Ticket(String::new()))?;
        Ok(Reply::Case(Box::new(case)))
    }

    pub(super) fn case_by_ticket(&self, t: &Ticket) -> DeskResult<Case> {
        self.store.case_by_ticket(t)?.ok_or_else(|| {
            DeskError::not_found(format!(
                "ticket {t}; check the number, or list cases with `frontdesk case list`"
            ))
        })
    }

    /// A case, unless the reader is its subject (R-INT-12): then it is withheld — as if it
    /// did not exist, or, with `subject_sees_existence`, saying that one names them.
    pub(super) fn case_show(&self, tx: &Tx<'_>, ticket: &Ticket) -> DeskResult<Reply> {
        let case = self.case_by_ticket(ticket)?;
        if case.subject == Some(tx.me.uid) {
            return Err(if self.policy.subject_sees_existence {
                DeskError::forbidden(format!(
                    "complaint {ticket} names you; its details are withheld from you (R-INT-12)"
                ))
            } else {
                DeskError::not_found(format!(
                    "ticket {ticket}; check the number, or list cases with `frontdesk case list`"
                ))
            });
        }
        Ok(Reply::Case(Box::new(case)))
    }

    pub(super) fn summarize(&self, c: &Case, now: crate::domain::Time) -> CaseSummary {
        self.summarize_with(c, now, &mut StaffNames::default())
    }

    /// A listing row; `names` remembers the staff names already read for this listing.
    fn summarize_with(
        &self,
        c: &Case,
        now: crate::domain::Time,
        names: &mut StaffNames,
    ) -> CaseSummary {
        // The lookup index holds each resident's name and units in memory: no record decoded.
        let resident = self
            .index
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .summary(c.key.customer);
        // One pass over the clocks serves both the overdue list and the nearest deadline.
        let pending = c.pending_deadlines();
        let (customer_name, unit, phone) = resident
            .map(|r| {
                let first = |v: Vec<String>| v.into_iter().next().unwrap_or_default();
                (r.name, first(r.units), first(r.phones))
            })
            .unwrap_or_default();
        CaseSummary {
            ticket: c.ticket.0.clone(),
            customer: c.key.customer,
            customer_name,
            kind: c.kind,
            category: c.category.clone(),
            severity: c.severity,
            status: c.status,
            received_by: c.received_by,
            owner: c.owner,
            owner_name: names
                .0
                .entry(c.owner)
                .or_insert_with(|| self.staff_name(c.owner))
                .clone(),
            handler: c.handler.clone(),
            registered_at: c.registered_at,
            deadlines: c.deadlines,
            promised_at: c.promised_at,
            overdue: crate::domain::case::run_out(&pending, now),
            nearest: pending.first().copied(),
            escalated_to: c.escalated_to(),
            unit,
            phone,
            version: c.version,
        }
    }

    /// A case listing: a view of open work (from memory), or history (from the store). Rows
    /// after `after`, at most `limit` (200 by default, 2000 at most), and whether more remain.
    pub(super) fn case_list(&self, tx: &Tx<'_>, f: &CaseFilter) -> DeskResult<Reply> {
        let history;
        let mut rows: Vec<&Case> = match f.view {
            Some(view) => {
                super::rights::may_view(view, tx.me)?;
                self.open_work.in_view(view, tx.me)
            }
            None => {
                let mut rows: Vec<&Case> = match f.customer {
                    Some(c) => {
                        history = self.store.cases_for(c)?;
                        history.iter().collect()
                    }
                    // Open or overdue work is the open work, not history.
                    None if f.open_only || f.overdue_only => self.open_work.iter().collect(),
                    None => {
                        history = self.store.all_cases()?;
                        history.iter().collect()
                    }
                };
                rows.retain(|c| {
                    c.subject != Some(tx.me.uid)
                        && (!f.mine || c.involves(tx.me.uid))
                        && (!f.open_only || c.status.is_open())
                        && (!f.overdue_only || !c.overdue(tx.now).is_empty())
                });
                rows.sort_by(|a, b| {
                    b.registered_at
                        .cmp(&a.registered_at)
                        .then(b.key.cmp(&a.key))
                });
                rows
            }
        };
        if !f.query.is_empty() {
            let matcher = CaseMatcher::new(self, &f.query)?;
            rows.retain(|c| matcher.matches(c));
        }
        if let Some(after) = &f.after {
            let at = rows
                .iter()
                .position(|c| c.ticket == *after)
                .ok_or_else(|| {
                    DeskError::invalid(
                        Field::After,
                        format!("{after} is not in this listing; list again without --after"),
                    )
                })?;
            rows.drain(..=at);
        }
        let limit = if f.limit == 0 { 200 } else { f.limit.min(2000) } as usize;
        let more = rows.len() > limit;
        let mut names = StaffNames::default();
        Ok(Reply::Cases(CasePage {
            rows: rows
                .into_iter()
                .take(limit)
                .map(|c| self.summarize_with(c, tx.now, &mut names))
                .collect(),
            more,
        }))
    }

    pub(super) fn case_step(
        &mut self,
        tx: &mut Tx<'_>,
        ticket: &Ticket,
        base_version: Option<u32>,
        step: CaseStep,
    ) -> DeskResult<(Reply, Option<ChangeRecord>)> {
        let mut case = self.case_by_ticket(ticket)?;
        // R-INT-12: the subject of a complaint takes no step on it, whatever their role.
        case.recuse(tx.me.uid)?;
        if let Some(base) = base_version {
            if base != case.version {
                return Err(DeskError::stale(
                    &format!("case {}", case.ticket),
                    case.version,
                    base,
                ));
            }
        }
        let me = tx.me;
        let now = tx.now;
        let operation = step.operation();
        let mut ws = WriteSet::default();
        let detail = match step {
            CaseStep::Dispatch(target) => {
                let handler = match target {
                    DispatchTarget::Staff(u) => {
                        Handler::Staff(self.staff_by_username(Field::To, &u)?.uid)
                    }
                    DispatchTarget::Department(d) => Handler::Department(d.trim().to_string()),
                };
                let label = match &handler {
                    Handler::Staff(uid) => self.staff_name(*uid),
                    Handler::Department(d) => d.clone(),
                };
                case.dispatch(me, handler, now)?;
                format!("dispatched to {label}")
            }
            CaseStep::Take => {
                let holder = match &case.handler {
                    Some(Handler::Staff(uid)) => self.staff_name(*uid),
                    _ => String::new(),
                };
                case.take(me, &holder, now)?;
                "took the work".into()
            }
            CaseStep::Start => {
                case.start(me, now)?;
                "started work".into()
            }
            CaseStep::Note(text) => {
                case.note(me, &text, now)?;
                format!("added a note: {}", excerpt(&text))
            }
            CaseStep::Assist => {
                case.assist(me, now)?;
                "joined as assist".into()
            }
            CaseStep::Reply(text) => {
                case.reply(me, &text, now)?;
                format!("replied to the resident: {}", excerpt(&text))
            }
            CaseStep::Promise { at, reason } => {
                case.promise(me, at, &reason, now)?;
                "changed the promised time".into()
            }
            CaseStep::Escalate { to, reason } => {
                let target = self.staff_by_username(Field::To, &to)?;
                case.escalate(me, &target, &reason, now)?;
                format!("escalated to {}: {}", target.label(), reason.trim())
            }
            CaseStep::Resolve(resolution) => {
                case.resolve(me, &resolution, now)?;
                self.schedule_case_callback(&mut ws, &mut case, tx)?
            }
            CaseStep::Reassign { to, reason } => {
                let new_owner = self.staff_by_username(Field::To, &to)?;
                case.reassign(me, &new_owner, &reason, now)?;
                format!(
                    "reassigned to {} because: {}",
                    new_owner.label(),
                    reason.trim()
                )
            }
            CaseStep::Close => {
                case.close(me, now)?;
                "closed".into()
            }
            CaseStep::NameSubject(login) => {
                let subject = self.staff_by_username(Field::Subject, &login)?;
                case.name_subject(me, &subject, now)?;
                format!("named {} as the subject of the complaint", subject.label())
            }
        };
        let summary = format!("{} {}: {}", me.label(), case.ticket, detail);
        let subject = ChangeSubject::Case {
            key: case.key,
            ticket: case.ticket.clone(),
        };
        ws.cases.push(case.clone());
        self.commit(
            tx,
            ws,
            operation,
            subject,
            summary,
            Reply::Case(Box::new(case)),
        )
    }

    /// R-CB-01/02: a resolved case gets a callback by the configured rule.
    fn schedule_case_callback(
        &self,
        ws: &mut WriteSet,
        case: &mut Case,
        tx: &Tx<'_>,
    ) -> DeskResult<String> {
        let mut tally = SampleTally {
            resolved: self.store.meta("cb_resolved")?.unwrap_or(0),
            sampled: self.store.meta("cb_sampled")?.unwrap_or(0),
            onsite: self.store.meta("cb_onsite")?.unwrap_or(0),
        };
        let choice = choose_callback(
            &self.policy,
            case.kind,
            case.was_reopened_by_callback(),
            &mut tally,
        );
        ws.meta.push(("cb_resolved".into(), tally.resolved));
        ws.meta.push(("cb_sampled".into(), tally.sampled));
        ws.meta.push(("cb_onsite".into(), tally.onsite));
        let Some(onsite) = choice else {
            return Ok(if case.kind == crate::domain::CaseKind::Complaint {
                "resolved (not in the callback sample)".into()
            } else {
                format!("resolved (no callback for a {} by policy)", case.kind)
            });
        };
        let id = CallbackId(self.next_counter(ws, "next_callback")?);
        let cb = Callback::for_case(
            id,
            case.key,
            case.ticket.clone(),
            onsite,
            &self.policy,
            tx.now,
        );
        case.attach_callback(id, tx.me.uid, tx.now);
        ws.callbacks.push((None, cb));
        Ok(format!(
            "resolved; callback {id} scheduled{}",
            if onsite { " (on-site, signed)" } else { "" }
        ))
    }

    /// A resident's card; complaints about the reader are left out, with their callbacks
    /// and visits (R-INT-12).
    pub(super) fn customer_card(
        &self,
        tx: &Tx<'_>,
        id: crate::domain::CustomerId,
    ) -> DeskResult<Reply> {
        let customer = self.customer(id)?;
        // A merged duplicate's id shows the record it was merged into.
        let id = customer.id;
        let (mut cases, hidden): (Vec<Case>, Vec<Case>) = self
            .store
            .cases_for(id)?
            .into_iter()
            .partition(|c| c.subject != Some(tx.me.uid));
        let hidden: Vec<CaseKey> = hidden.iter().map(|c| c.key).collect();
        let withheld = |k: Option<CaseKey>| k.is_some_and(|k| hidden.contains(&k));
        cases.sort_by_key(|c| std::cmp::Reverse(c.registered_at));
        let mut callbacks = self.store.callbacks_for(id)?;
        callbacks.retain(|c| !withheld(c.case()));
        callbacks.sort_by_key(|c| std::cmp::Reverse(c.due));
        let mut visits = self.store.visits_for(id)?;
        visits.retain(|v| !withheld(v.case));
        visits.sort_by_key(|v| std::cmp::Reverse(v.start));
        // R-LIFE-09: repeated complaints of one category are flagged for root-cause analysis.
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for c in cases
            .iter()
            .filter(|c| c.kind == crate::domain::CaseKind::Complaint)
        {
            *counts.entry(c.category.as_str()).or_default() += 1;
        }
        let repeat_categories = counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(c, _)| c.to_string())
            .collect();
        Ok(Reply::Card(Box::new(CustomerCard {
            verified: self.store.verification(id)?,
            moved_out: self.store.moved_out(id)?,
            customer,
            cases,
            callbacks,
            visits,
            repeat_categories,
        })))
    }
}

/// The first line of a note or reply, at most 40 characters, for the changes trail and the
/// screens' status lines (the whole text is on the case).
fn excerpt(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("");
    let mut out: String = line.chars().take(40).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}
