//! Visitors (R-OPS-14): the desk registers an arrival (numbered `V2611-0007` in the month's
//! series) and the departure, and lists who is on site now (from its own index) or a day's
//! log (from that month's numbers).

use crate::domain::refusal::PaperRefusal;
use chrono::{Datelike, NaiveDate};

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::visitor::{Visitor, VisitorDraft, VisitorNo};
use crate::domain::ChangeSubject;
use crate::protocol::Reply;
use crate::store::{to_change, Papers, Which, WriteSet};

impl Desk {
    pub(super) fn visitor_in(&mut self, tx: &mut Tx<'_>, draft: &VisitorDraft) -> Handled {
        let mut ws = WriteSet::default();
        let no: VisitorNo = self.next_no(&mut ws, tx.now)?;
        let v = Visitor::arrive(no.clone(), draft, tx.me.uid, tx.now)?;
        let summary = format!(
            "{} registered visitor {no}: {} ({}) for {}, party of {}",
            tx.me.label(),
            v.name,
            v.reason,
            v.host_unit,
            v.party
        );
        ws.put(&v);
        let subject = ChangeSubject::Visitor(no);
        self.commit(
            tx,
            ws,
            "visitor.in",
            subject,
            summary,
            Reply::Visitors(vec![v]),
        )
    }

    pub(super) fn visitor_out(&mut self, tx: &mut Tx<'_>, no: &VisitorNo) -> Handled {
        let (mut v, mut ws) =
            to_change(self.stored_paper::<Visitor>(&no.0, |visitor| {
                PaperRefusal::NoSuchVisitor { visitor }
            })?);
        v.leave(tx.me.uid, tx.now)?;
        let summary = format!("{} saw visitor {no} ({}) out", tx.me.label(), v.name);
        ws.put(&v);
        let subject = ChangeSubject::Visitor(no.clone());
        self.commit(
            tx,
            ws,
            "visitor.out",
            subject,
            summary,
            Reply::Visitors(vec![v]),
        )
    }

    /// Who is on site now, or everyone who came in on `day` (desk-local), in arrival order.
    pub(super) fn visitor_list(&self, day: Option<NaiveDate>) -> DeskResult<Reply> {
        let list = match day {
            None => self.store.papers::<Visitor>(true)?,
            Some(d) => {
                let prefix = VisitorNo::month_prefix(d.year(), d.month());
                let offset = self.policy.offset();
                self.store
                    .papers_where::<Visitor>(Which::Numbered(&prefix))?
                    .into_iter()
                    .filter(|v| v.in_at.with_timezone(&offset).date_naive() == d)
                    .collect()
            }
        };
        Ok(Reply::Visitors(list))
    }
}

super::serve::serve! {
    write VisitorIn(r, desk, cx) => desk.visitor_in(&mut cx.tx, &r.draft);
    write VisitorOut(r, desk, cx) => desk.visitor_out(&mut cx.tx, &r.no);
    read VisitorList(r, desk, cx) => desk.visitor_list(r.day);
}
