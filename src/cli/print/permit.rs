//! Printing decoration permits: one permit with its refund checklist, the desk's lists
//! (awaiting approval, overdue, expiring, awaiting inspection, refundable), and a building's
//! file index floor by floor (R-OPS-11).

use chrono::NaiveDate;

use super::Printer;
use crate::domain::permit::{Permit, PermitApplicant, PermitQueue, PermitState};
use crate::domain::text::pad_to_width;

/// The lists in the order a clerk works them, with their headings.
pub const QUEUES: [(PermitQueue, &str); 6] = [
    (PermitQueue::AwaitingApproval, "awaiting approval"),
    (PermitQueue::Overdue, "OVERDUE (works past their end date)"),
    (PermitQueue::Expiring, "expiring within 7 days"),
    (PermitQueue::AwaitingInspection, "awaiting inspection"),
    (PermitQueue::Refundable, "refundable"),
    (
        PermitQueue::AwaitingRefundPapers,
        "passed, refund checklist incomplete",
    ),
];

impl Printer {
    /// The names and clock for a printable page.
    pub fn page_names(&self) -> (impl Fn(crate::domain::StaffId) -> String + '_, i32) {
        (
            move |uid| self.n.who(uid),
            self.n.offset.local_minus_utc() / 60,
        )
    }

    pub fn permit(&self, p: &Permit, today: NaiveDate) -> anyhow::Result<()> {
        json_or_text!(self, p);
        p!(
            "{}  {}  {}  {}",
            p.no,
            p.unit,
            p.applicant_name,
            p.state.as_str()
        );
        let who = match &p.applicant {
            PermitApplicant::Owner => "the owner".to_string(),
            PermitApplicant::Tenant { owner_consent } => {
                format!("a tenant (owner's consent: {owner_consent})")
            }
        };
        p!(
            "  applied by {who}, registered by {} at {}",
            self.n.who(p.applied_by),
            self.n.time(p.applied_at)
        );
        p!("  works: {}", p.works);
        let c = &p.contractor;
        p!(
            "  contractor: {} (licence {}), supervisor {} {} ID {}",
            c.name,
            c.licence,
            c.supervisor_name,
            c.supervisor_phone,
            c.supervisor_id
        );
        let workers = crate::domain::permit::Worker::listing(&p.workers, " (returned)");
        p!("  workers: {}", workers);
        if p.waterproof_touched {
            p!("  waterproof layer touched; owner's undertaking signed");
        }
        match p.missing_doc() {
            Some(d) => p!("  file lacks: {} ({})", d.label_zh(), d.as_str()),
            None => p!("  file: every document"),
        }
        if let Some(i) = &p.issued {
            let a = &i.approval;
            p!(
                "  approved by {} at {}: works {} to {}",
                self.n.who(i.approved_by),
                self.n.time(i.approved_at),
                a.valid_from,
                a.valid_until
            );
            p!(
                "  deposit {} (receipt {}), rubbish fee {} (receipt {})",
                a.deposit,
                a.deposit_receipt,
                a.rubbish_fee,
                a.rubbish_receipt
            );
        }
        for e in &p.extensions {
            p!(
                "  {} — by {} at {}",
                e.stamp(),
                self.n.who(e.by),
                self.n.time(e.at)
            );
        }
        for i in &p.inspections {
            let verdict = if i.passed { "passed" } else { "FAILED" };
            p!(
                "  inspection {verdict} by {} at {} {}",
                self.n.who(i.by),
                self.n.time(i.at),
                i.note
            );
        }
        match &p.state {
            PermitState::Rejected { by, at, reason } => p!(
                "  rejected by {} at {}: {reason}",
                self.n.who(*by),
                self.n.time(*at)
            ),
            PermitState::Withdrawn { by, at, reason } => p!(
                "  withdrawn by {} at {}: {reason}",
                self.n.who(*by),
                self.n.time(*at)
            ),
            PermitState::Refunded { by, at, amount } => p!(
                "  deposit {amount} refunded by {} at {}",
                self.n.who(*by),
                self.n.time(*at)
            ),
            PermitState::Passed | PermitState::Issued | PermitState::AwaitingInspection => {
                p!("  refund checklist:");
                for (item, why) in p.checklist(today) {
                    match why {
                        None => p!("    [x] {}", item.label()),
                        Some(why) => p!("    [ ] {} — {why}", item.label()),
                    }
                }
            }
            PermitState::Applied => {}
        }
        Ok(())
    }

    fn permit_line(&self, p: &Permit) -> String {
        let until = p
            .valid_until()
            .map(|d| format!("until {d}"))
            .unwrap_or_default();
        format!(
            "  {}  {}  {}  {}  {}",
            p.no,
            pad_to_width(&p.unit.to_string(), 10),
            pad_to_width(&p.contractor.name, 16),
            pad_to_width(&until, 16),
            p.contractor.supervisor_phone
        )
    }

    pub fn permit_lists(&self, list: &[Permit], today: NaiveDate) -> anyhow::Result<()> {
        json_or_text!(self, list, else "no open decoration permits");
        for (queue, heading) in QUEUES {
            let on: Vec<&Permit> = list.iter().filter(|p| p.queue(today) == queue).collect();
            if on.is_empty() {
                continue;
            }
            p!("{heading} ({})", on.len());
            for p in on {
                p!("{}", self.permit_line(p));
            }
        }
        let in_works = list
            .iter()
            .filter(|p| p.queue(today) == PermitQueue::InWorks)
            .count();
        if in_works > 0 {
            p!("in works, not expiring: {in_works}");
        }
        Ok(())
    }

    /// R-OPS-11: the front index of a building's decoration file: floor by floor, low to high;
    /// unit, number, applicant's name, period, supervisor phone, status and the deposit.
    pub fn permit_index(&self, building: u32, list: &[Permit]) -> anyhow::Result<()> {
        json_or_text!(self, list);
        p!(
            "decoration file, building {building}: {} permits",
            list.len()
        );
        let mut floor = None;
        for p in list {
            let f = p.unit.room / 100;
            if floor != Some(f) {
                p!("floor {f}");
                floor = Some(f);
            }
            let period = p
                .issued
                .as_ref()
                .map(|i| {
                    format!(
                        "{}..{}",
                        i.approval.valid_from,
                        p.valid_until().unwrap_or(i.approval.valid_until)
                    )
                })
                .unwrap_or_else(|| "-".into());
            let deposit = p
                .issued
                .as_ref()
                .map(|i| i.approval.deposit.to_string())
                .unwrap_or_default();
            p!(
                "  {}  {}  {}  {}  {}  {}  {}",
                pad_to_width(&p.unit.to_string(), 10),
                p.no,
                pad_to_width(&p.applicant_name, 8),
                pad_to_width(&period, 23),
                pad_to_width(&p.contractor.supervisor_phone, 12),
                pad_to_width(p.state.as_str(), 19),
                deposit
            );
        }
        Ok(())
    }
}
