//! Case requests: intake, showing one case, and every lifecycle step (listings are in
//! `desk_case_list`, the resident's card in `desk_customers`). The domain `Case` enforces the
//! rules; this file loads, resolves usernames, schedules callbacks on resolve and commits.

use crate::domain::Field;

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::callback::{choose_callback, Callback, SampleTally};
use crate::domain::case::{CaseDraft, NewCase};
use crate::domain::record_no::TICKET_COUNTER;
use crate::domain::{CallbackId, Case, CaseKey, ChangeSubject, DeskError, Handler, Ticket};
use crate::protocol::{CaseStep, DispatchTarget, Reply};
use crate::store::{Counter, Tally, WriteSet};

impl Desk {
    pub(super) fn case_add(&mut self, tx: &mut Tx<'_>, draft: &CaseDraft) -> Handled {
        let mut ws = WriteSet::default();
        let (case, customer) = self.stage_case(tx, &mut ws, draft)?;
        // After the draft's own checks, so a screen hears of the text it left out first.
        draft.require_promise(&self.policy)?;
        let (key, ticket) = (case.key, case.ticket.clone());
        let summary = format!(
            "{} registered {} ({} {}, {}) for {} {}",
            tx.me.label(),
            ticket,
            case.severity.as_str().to_uppercase(),
            case.kind,
            case.category,
            customer.name,
            customer.first_unit()
        );
        self.commit(
            tx,
            ws,
            "case.add",
            ChangeSubject::Case { key, ticket },
            summary,
            Reply::Case(Box::new(case)),
        )
    }

    /// Registers `draft` into `ws`: its case key, its ticket of the month, the case filed
    /// under its unit (R-REC-01). The intake's path, shared by a survey's low-score cases.
    pub(super) fn stage_case(
        &self,
        tx: &Tx<'_>,
        ws: &mut WriteSet,
        draft: &CaseDraft,
    ) -> DeskResult<(crate::domain::Case, crate::domain::Customer)> {
        let customer = self.draft_customer(draft)?;
        self.prefetch_counters(
            ws,
            &[Counter::Case, self.month_counter(TICKET_COUNTER, tx.now)],
        )?;
        let seq = self.next_counter(ws, Counter::Case)?;
        let (year, month, n) = self.next_in_month(ws, TICKET_COUNTER, tx.now)?;
        let ticket = Ticket::new(year, month, n);
        let key = CaseKey {
            customer: customer.id,
            seq,
        };
        let mut case = self.register_draft(tx, draft, key, ticket)?;
        let unit = self.draft_unit(draft, &customer)?;
        // R-LIFE-09: the resident's own complaints and their unit's.
        let mut earlier = self.store.cases_for(customer.id)?;
        if let Some(unit) = unit {
            earlier.extend(self.store.cases_at(unit)?);
        }
        if let Some(first) = case.repeat_of(&earlier, self.policy.repeat_days) {
            case.mark_repeat(first, tx.me.uid);
        }
        if let Some(unit) = unit {
            ws.case_units.push((unit, key));
        }
        ws.cases.push(case.clone());
        Ok((case, customer))
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
                crate::domain::refusal::DeskRefusal::NotTheirUnit {
                    unit: u.to_string(),
                    name: customer.name.clone(),
                    units: customer
                        .units
                        .iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            )),
        }
    }

    /// The resident a draft is for; a draft without one is refused by field.
    fn draft_customer(&self, draft: &CaseDraft) -> DeskResult<crate::domain::Customer> {
        let id = draft.customer.ok_or_else(|| {
            DeskError::invalid(
                Field::Customer,
                crate::domain::refusal::DeskRefusal::CustomerMissing {},
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
        // R-INT-06: asked before the read-back, which reads the promise to the resident.
        draft.require_promise(&self.policy)?;
        Ok(Reply::Case(Box::new(case)))
    }

    pub(super) fn case_by_ticket(&self, t: &Ticket) -> DeskResult<Case> {
        self.store.case_by_ticket(t)?.ok_or_else(|| {
            DeskError::not_found(crate::domain::refusal::DeskRefusal::TicketNotFound {
                ticket: t.clone(),
            })
        })
    }

    /// A case, unless the reader is its subject (R-INT-12): then it is withheld — as if it
    /// did not exist, or, with `subject_sees_existence`, saying that one names them.
    pub(super) fn case_show(&self, tx: &Tx<'_>, ticket: &Ticket) -> DeskResult<Reply> {
        let case = self.case_by_ticket(ticket)?;
        if case.subject == Some(tx.me.uid) {
            return Err(if self.policy.subject_sees_existence {
                DeskError::forbidden(crate::domain::refusal::DeskRefusal::ComplaintNamesYou {
                    ticket: ticket.clone(),
                })
            } else {
                DeskError::not_found(crate::domain::refusal::DeskRefusal::TicketNotFound {
                    ticket: ticket.clone(),
                })
            });
        }
        Ok(Reply::Case(Box::new(case)))
    }

    pub(super) fn case_step(
        &mut self,
        tx: &mut Tx<'_>,
        ticket: &Ticket,
        base_version: Option<u32>,
        step: CaseStep,
    ) -> Handled {
        let mut case = self.case_by_ticket(ticket)?;
        // R-INT-12: the subject of a complaint takes no step on it, whatever their role.
        case.recuse(tx.me.uid)?;
        if let Some(base) = base_version {
            if base != case.version {
                return Err(DeskError::stale(
                    crate::domain::refusal::DeskRefusal::CaseStale {
                        ticket: case.ticket.clone(),
                        current: case.version,
                        base,
                    },
                    case.version,
                ));
            }
        }
        let me = tx.me;
        let operation = step.operation();
        let mut ws = WriteSet::default();
        // Decided on this version (its state, owner and recusal): checked again at commit.
        ws.read_case(&case);
        let before = case.clone();
        let detail = self.apply_step(&mut case, step, &mut ws, tx)?;
        let summary = format!("{} {}: {}", me.label(), case.ticket, detail);
        let subject = ChangeSubject::Case {
            key: case.key,
            ticket: case.ticket.clone(),
        };
        ws.cases.push(case.clone());
        let queued = ws.callbacks.first().map(|(_, cb)| cb.id);
        let (uid, now) = (me.uid, tx.now);
        let written = self.commit(
            tx,
            ws,
            &operation,
            subject,
            summary,
            Reply::Case(Box::new(case.clone())),
        )?;
        // A retried request answered from its stored reply took no step now.
        if written.1.is_some() {
            self.remember_step(uid, &operation, now, before, &case, queued);
        }
        Ok(written)
    }

    /// Takes `step` on `case` (the domain decides whether it may), noting in `ws` what else
    /// it writes (a resolution's callback); what the trail says it did.
    fn apply_step(
        &self,
        case: &mut Case,
        step: CaseStep,
        ws: &mut WriteSet,
        tx: &Tx<'_>,
    ) -> DeskResult<String> {
        let (me, now) = (tx.me, tx.now);
        Ok(match step {
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
            CaseStep::Investigate(finding) => {
                case.investigate(me, &finding, now)?;
                format!("recorded the investigation: {}", excerpt(&finding))
            }
            CaseStep::Reply(text) => {
                case.reply(me, &text, self.policy.step_rules(), now)?;
                format!("replied to the resident: {}", excerpt(&text))
            }
            CaseStep::Promise { at, reason, agreed } => {
                case.promise(me, at, &reason, agreed, now)?;
                if agreed {
                    "changed the promised time, the resident agreed".into()
                } else {
                    "changed the promised time, the resident did not agree".into()
                }
            }
            CaseStep::Escalate { to, reason } => {
                let target = self.staff_by_username(Field::To, &to)?;
                case.escalate(me, &target, &reason, now)?;
                format!("escalated to {}: {}", target.label(), reason.trim())
            }
            CaseStep::Resolve(resolution) => {
                case.resolve(me, &resolution, now)?;
                self.schedule_case_callback(ws, case, tx)?
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
        })
    }

    /// R-CB-01/02: a resolved case gets a callback by the configured rule.
    pub(super) fn schedule_case_callback(
        &self,
        ws: &mut WriteSet,
        case: &mut Case,
        tx: &Tx<'_>,
    ) -> DeskResult<String> {
        let mut tally = SampleTally {
            resolved: self.store.counter(Counter::Tally(Tally::Resolved))?,
            sampled: self.store.counter(Counter::Tally(Tally::Sampled))?,
            onsite: self.store.counter(Counter::Tally(Tally::Onsite))?,
        };
        let choice = choose_callback(
            &self.policy,
            case.kind,
            case.was_reopened_by_callback(),
            &mut tally,
        );
        self.set_counter(ws, Counter::Tally(Tally::Resolved), tally.resolved)?;
        self.set_counter(ws, Counter::Tally(Tally::Sampled), tally.sampled)?;
        self.set_counter(ws, Counter::Tally(Tally::Onsite), tally.onsite)?;
        let Some(onsite) = choice else {
            return Ok(if case.kind == crate::domain::CaseKind::Complaint {
                "resolved (not in the callback sample)".into()
            } else {
                format!("resolved (no callback for a {} by policy)", case.kind)
            });
        };
        let id = CallbackId(self.next_counter(ws, Counter::Callback)?);
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
}

/// The first line of a note or reply, at most 40 characters, for the changes trail and the
/// screens' status lines (the whole text is on the case).
pub(super) fn excerpt(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("");
    let mut out: String = line.chars().take(40).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}

super::serve::serve! {
    write CaseAdd(r, desk, cx) => desk.case_add(&mut cx.tx, &r.draft);
    read CasePreview(r, desk, cx) => desk.case_preview(&cx.tx, &r.draft);
    write CaseStep(r, desk, cx) =>
        desk.case_step(&mut cx.tx, &r.ticket, r.base_version, r.step.clone());
}
