//! Keys and radios (R-OPS-15): the desk signs one out to a colleague until a time, in a
//! stated condition (numbered `K2611-0007` in the month's series), and back in once; what is
//! out, overdue first, comes from its own index.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::loan::{Loan, LoanNo};
use crate::domain::refusal::PaperRefusal;
use crate::domain::{ChangeSubject, Field, Time};
use crate::protocol::Reply;
use crate::store::{to_change, Papers, WriteSet};

impl Desk {
    pub(super) fn loan_out(
        &mut self,
        tx: &mut Tx<'_>,
        item: &str,
        to: &str,
        due: Time,
        condition: &str,
    ) -> Handled {
        let borrower = self.staff_by_username(Field::To, to)?;
        let mut ws = WriteSet::default();
        let no: LoanNo = self.next_no(&mut ws, tx.now)?;
        let loan = Loan::lend(
            no.clone(),
            item,
            borrower.uid,
            due,
            condition,
            tx.me.uid,
            tx.now,
        )?;
        let summary = format!(
            "{} signed {} ({no}) out to {}",
            tx.me.label(),
            loan.item,
            borrower.label()
        );
        ws.put(&loan);
        let subject = ChangeSubject::Loan(no);
        self.commit(
            tx,
            ws,
            "loan.out",
            subject,
            summary,
            Reply::Loans(vec![loan]),
        )
    }

    pub(super) fn loan_back(&mut self, tx: &mut Tx<'_>, no: &LoanNo, condition: &str) -> Handled {
        let (mut loan, mut ws) =
            to_change(self.stored_paper::<Loan>(&no.0, |loan| PaperRefusal::NoSuchLoan { loan })?);
        loan.give_back(tx.me.uid, condition, tx.now)?;
        let summary = format!(
            "{} signed {} ({no}) back in: {}",
            tx.me.label(),
            loan.item,
            condition.trim()
        );
        ws.put(&loan);
        let subject = ChangeSubject::Loan(no.clone());
        self.commit(
            tx,
            ws,
            "loan.back",
            subject,
            summary,
            Reply::Loans(vec![loan]),
        )
    }

    /// Everything out, the most overdue first.
    pub(super) fn loan_list(&self) -> DeskResult<Reply> {
        let mut out: Vec<Loan> = self.store.papers(true)?;
        out.sort_by_key(|l| (l.due, l.no.clone()));
        Ok(Reply::Loans(out))
    }
}

super::serve::serve! {
    write LoanOut(r, desk, cx) => desk.loan_out(&mut cx.tx, &r.item, &r.to, r.due, &r.condition);
    write LoanBack(r, desk, cx) => desk.loan_back(&mut cx.tx, &r.no, &r.condition);
    read LoanList(r, desk, cx) => desk.loan_list();
}
