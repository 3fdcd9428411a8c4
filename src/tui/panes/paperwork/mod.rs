//! The Paperwork pane (办事, F8): the desk's lists — decoration permits by where they stand
//! (awaiting approval, overdue, expiring, awaiting inspection, refundable), release slips,
//! visitors on site, keys and radios out with the cover hand-overs, and units in arrears —
//! with a form for each new record and one key for each transition. A guard's screen is
//! this pane alone, on its slips list: type the number, Enter for the verdict, `o` to let
//! the goods out.

mod detail;
pub use detail::state_label;
mod draw;
pub mod forms;
mod lists;
mod submit;

use crate::client::Calls;
use crate::domain::cover::Cover;
use crate::domain::fees::UnitArrears;
use crate::domain::loan::Loan;
use crate::domain::permit::{Permit, PermitQueue};
use crate::domain::release::{ReleaseSlip, Verdict};
use crate::domain::visitor::Visitor;
use crate::domain::{CustomerId, Staff, UnitCode};
use crate::protocol::req;
use crate::protocol::PermitStep;
use crate::tui::command::Command;
use crate::tui::i18n::Msg;
use crate::tui::keymap::Key;
use crate::tui::link::LinkError;
use crate::tui::panes::cursor;

use super::{Cx, Outcome};
use forms::{Form, FormKind, Prefill};
use submit::Saved;

/// The pane's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Permits,
    Slips,
    Visitors,
    Loans,
    Fees,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Permits,
        Tab::Slips,
        Tab::Visitors,
        Tab::Loans,
        Tab::Fees,
    ];

    /// The tab a command switches to, if it is a tab key.
    fn of(cmd: Command) -> Option<Tab> {
        match cmd {
            Command::PaperPermits => Some(Tab::Permits),
            Command::PaperSlips => Some(Tab::Slips),
            Command::PaperVisitors => Some(Tab::Visitors),
            Command::PaperLoans => Some(Tab::Loans),
            Command::PaperFees => Some(Tab::Fees),
            _ => None,
        }
    }
}

/// Where a permit's list sits on screen: the lists a clerk works first come first.
pub fn queue_rank(q: PermitQueue) -> u8 {
    match q {
        PermitQueue::AwaitingApproval => 0,
        PermitQueue::Overdue => 1,
        PermitQueue::Expiring => 2,
        PermitQueue::AwaitingInspection => 3,
        PermitQueue::Refundable => 4,
        PermitQueue::AwaitingRefundPapers => 5,
        PermitQueue::InWorks => 6,
        PermitQueue::Closed => 7,
    }
}

#[derive(Debug, Default)]
pub struct PaperworkPane {
    pub tab: Tab,
    pub selected: usize,
    pub permits: Vec<Permit>,
    /// The slip just verified or issued (the guard's verdict; the desk's, until it moves).
    pub slip: Option<(ReleaseSlip, Verdict)>,
    /// The desk's slips out: not used or voided.
    pub slips: Vec<(ReleaseSlip, Verdict)>,
    pub visitors: Vec<Visitor>,
    pub loans: Vec<Loan>,
    pub covers: Vec<Cover>,
    pub arrears: Vec<UnitArrears>,
    pub form: Option<Form>,
    pub error: Option<String>,
    pub stale: bool,
    /// A guard's screen: the slips list only, the verify form ready.
    pub gate_only: bool,
    /// The open resident (from Lookup), for new records.
    pub prefill: Prefill,
}

impl PaperworkPane {
    pub fn for_guard() -> PaperworkPane {
        PaperworkPane {
            tab: Tab::Slips,
            gate_only: true,
            stale: true,
            ..PaperworkPane::default()
        }
    }

    pub fn text_focus(&self) -> bool {
        self.form.is_some()
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        match &mut self.form {
            Some(f) => f.inputs.get_mut(f.focus).is_some_and(|i| i.value.edit(key)),
            None => false,
        }
    }

    /// Esc: closes the form (a guard's verify form stays: it is their screen).
    pub fn back(&mut self) -> bool {
        if self.gate_only {
            self.form = Some(Form::new(FormKind::VerifySlip, &self.prefill));
            return true;
        }
        self.form.take().is_some()
    }

    fn today(cx: &Cx<'_>) -> chrono::NaiveDate {
        cx.now.with_timezone(&cx.offset).date_naive()
    }

    /// The permits in list order.
    pub fn sorted_permits(&self, today: chrono::NaiveDate) -> Vec<&Permit> {
        let mut v: Vec<&Permit> = self.permits.iter().collect();
        v.sort_by_key(|p| (queue_rank(p.queue(today)), p.no.clone()));
        v
    }

    /// The slip the keys act on: the one just verified or issued, else the selected row.
    pub fn current_slip(&self) -> Option<&(ReleaseSlip, Verdict)> {
        self.slip.as_ref().or_else(|| {
            (!self.gate_only && self.tab == Tab::Slips)
                .then(|| self.slips.get(self.selected))
                .flatten()
        })
    }

    fn rows(&self) -> usize {
        match self.tab {
            Tab::Permits => self.permits.len(),
            Tab::Slips if self.gate_only => 0,
            Tab::Slips => self.slips.len(),
            Tab::Visitors => self.visitors.len(),
            Tab::Loans => self.loans.len(),
            Tab::Fees => self.arrears.len(),
        }
    }

    /// Reads the shown list from the daemon.
    pub fn load(&mut self, cx: &mut Cx<'_>) -> Outcome {
        self.stale = false;
        let link = &mut *cx.link;
        let slip = match &self.slip {
            Some((s, _)) => link
                .send(req::ReleaseVerify { no: s.no.clone() })
                .map(|s| self.slip = Some(s)),
            None => Ok(()),
        };
        // Every list (they are what is open, not history), so each tab shows its count.
        let answer: Result<(), LinkError> = if self.gate_only {
            slip
        } else {
            slip.and_then(|()| {
                self.permits = link.send(req::PermitList {})?;
                self.slips = link.send(req::ReleaseList {})?;
                self.visitors = link.send(req::VisitorList { day: None })?;
                self.loans = link.send(req::LoanList {})?;
                self.covers = link.send(req::CoverList {})?;
                // The estate's whole reminder list is the one list that grows with the
                // estate (not with history): read it when it is shown.
                if self.tab == Tab::Fees {
                    self.arrears = link.send(req::FeesList { building: None })?;
                }
                Ok(())
            })
        };
        if self.gate_only && self.form.is_none() && self.slip.is_none() {
            self.form = Some(Form::new(FormKind::VerifySlip, &self.prefill));
        }
        self.selected = cursor::within(self.selected, self.rows());
        match answer {
            Ok(()) => {
                self.error = None;
                Outcome::Nothing
            }
            Err(LinkError::Desk(e)) => {
                self.error = Some(crate::words::desk_error(cx.lang, &e));
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    pub fn set_resident(&mut self, customer: Option<(CustomerId, Option<UnitCode>)>) {
        self.prefill.customer = customer.map(|c| c.0);
        self.prefill.unit = customer.and_then(|c| c.1);
    }

    fn open(&mut self, kind: FormKind) -> Outcome {
        self.form = Some(Form::new(kind, &self.prefill));
        Outcome::Nothing
    }

    pub fn handle(&mut self, cmd: Command, cx: &mut Cx<'_>, staff: &[Staff]) -> Outcome {
        let today = Self::today(cx);
        if let Some(tab) = Tab::of(cmd) {
            if self.gate_only {
                return Outcome::Nothing;
            }
            self.tab = tab;
            self.selected = 0;
            self.form = None;
            return self.load(cx);
        }
        if self.form.is_some() {
            return self.form_command(cmd, cx);
        }
        let permit = (self.tab == Tab::Permits)
            .then(|| {
                self.sorted_permits(today)
                    .get(self.selected)
                    .map(|p| p.no.clone())
            })
            .flatten();
        let slip = self.current_slip().map(|(s, _)| s.no.clone());
        match (cmd, self.tab) {
            (Command::SelectNext | Command::SelectPrev, tab) => {
                self.selected = match cmd {
                    Command::SelectNext => cursor::next(self.selected, self.rows()),
                    _ => cursor::prev(self.selected),
                };
                if tab == Tab::Slips && !self.gate_only {
                    // The right side follows the selection again.
                    self.slip = None;
                }
            }
            (Command::Refresh, _) => return self.load(cx),
            (Command::FocusSearch | Command::Confirm, Tab::Slips) => {
                return self.open(FormKind::VerifySlip)
            }
            (Command::LetOut, Tab::Slips) => {
                if let Some(no) = slip {
                    return self.open(FormKind::LetOut(no));
                }
            }
            (Command::PrintPage, Tab::Slips) => {
                if let Some((s, _)) = self.current_slip() {
                    let text = crate::pages::release_slip(s, &names(staff, cx));
                    return print(&text, &format!("slip-{}.txt", s.no), cx);
                }
            }
            _ if self.gate_only => {}
            (Command::NewRecord, tab) => {
                let kind = match tab {
                    Tab::Permits => FormKind::ApplyPermit,
                    Tab::Slips => FormKind::IssueSlip,
                    Tab::Visitors => FormKind::VisitorIn,
                    Tab::Loans => FormKind::LendItem,
                    Tab::Fees => return Outcome::Nothing,
                };
                return self.open(kind);
            }
            (Command::VoidSlip, Tab::Slips) => {
                if let Some(no) = slip {
                    return self.open(FormKind::VoidSlip(no));
                }
            }
            (Command::LetOut, Tab::Visitors) => {
                if let Some(v) = self.visitors.get(self.selected) {
                    return match cx.link.send(req::VisitorOut { no: v.no.clone() }) {
                        Ok(_) => self.after(Saved::Other, cx),
                        Err(e) => Outcome::from_error(e),
                    };
                }
            }
            (Command::SignBack, Tab::Loans) => {
                if let Some(l) = self.loans.get(self.selected) {
                    return self.open(FormKind::LoanBack(l.no.clone()));
                }
            }
            (Command::SignCover, Tab::Loans) => return self.open(FormKind::Cover),
            // R-OPS-15: the supervisor the covers name approves them from their own login.
            (Command::OkCover, Tab::Loans) => {
                return match cx.link.send(req::CoverConfirm { leaving: None }) {
                    Ok(_) => self.after(Saved::Other, cx),
                    Err(e) => Outcome::from_error(e),
                };
            }
            (Command::LogReminder, Tab::Fees) => {
                if let Some(a) = self.arrears.get(self.selected) {
                    return self.open(FormKind::Remind(a.unit));
                }
            }
            (Command::PrintPage, Tab::Fees) => {
                if let Some(a) = self.arrears.get(self.selected) {
                    let text = crate::pages::payment_notice(a, today);
                    return print(&text, &format!("notice-{}.txt", a.unit), cx);
                }
            }
            (cmd, Tab::Permits) => {
                return match permit {
                    Some(no) => self.permit_command(cmd, no, cx, staff),
                    None => Outcome::NotTaken,
                };
            }
            _ => return Outcome::NotTaken,
        }
        Outcome::Nothing
    }

    /// A key while a form is open: between its fields, or submit it.
    fn form_command(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        let Some(form) = &mut self.form else {
            return Outcome::NotTaken;
        };
        let n = form.inputs.len();
        match cmd {
            Command::NextField => form.focus = (form.focus + 1) % n,
            Command::PrevField => form.focus = (form.focus + n - 1) % n,
            Command::Confirm => return self.submit(cx),
            _ => return Outcome::NotTaken,
        }
        Outcome::Nothing
    }

    fn permit_command(
        &mut self,
        cmd: Command,
        no: crate::domain::permit::PermitNo,
        cx: &mut Cx<'_>,
        staff: &[Staff],
    ) -> Outcome {
        let step = |step| req::PermitStep {
            no: no.clone(),
            step,
        };
        match cmd {
            Command::PermitApprove => self.open(FormKind::Approve(no)),
            Command::PermitReject => self.open(FormKind::Reject(no)),
            Command::PermitWithdraw => self.open(FormKind::Withdraw(no)),
            Command::PermitExtend => self.open(FormKind::Extend(no)),
            Command::InspectFail => self.open(FormKind::InspectFail(no)),
            Command::SignBack => self.open(FormKind::PassBack(no)),
            Command::PermitOccupied => self.open(FormKind::Occupied(no)),
            Command::NeighbourSigned => self.open(FormKind::Neighbour(no)),
            Command::PermitFinish => self.step(step(PermitStep::Finish), cx),
            Command::InspectPass => self.step(
                step(PermitStep::Inspect {
                    passed: true,
                    note: String::new(),
                }),
                cx,
            ),
            Command::PapersBack => self.step(step(PermitStep::PapersBack), cx),
            Command::FileComplete => self.step(step(PermitStep::FileComplete), cx),
            Command::RefundDeposit => self.step(step(PermitStep::Refund), cx),
            Command::PrintPage => match self.permits.iter().find(|p| p.no == no) {
                Some(p) => {
                    let text = crate::pages::permit_copies(p, &names(staff, cx));
                    print(&text, &format!("permit-{no}.txt"), cx)
                }
                None => Outcome::Nothing,
            },
            _ => Outcome::NotTaken,
        }
    }

    /// Submits the open form; a bad field keeps the form open with the cursor on it.
    fn submit(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some(form) = &mut self.form else {
            return Outcome::Nothing;
        };
        if let FormKind::LetOut(_) = form.kind {
            self.prefill.gate = form.get(crate::domain::Field::Gate).trim().to_string();
        }
        match form.submit(cx.link, cx.now, cx.offset.local_minus_utc() / 60) {
            Ok(saved) => {
                self.form = None;
                self.after(saved, cx)
            }
            Err(LinkError::Desk(e)) => {
                let form = self.form.as_mut().expect("checked above");
                match e.field() {
                    Some(f) => form.point_at(f, crate::words::desk_error(cx.lang, &e)),
                    None => form.error = Some(crate::words::desk_error(cx.lang, &e)),
                }
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// One step on a permit without a form.
    fn step(&mut self, step: req::PermitStep, cx: &mut Cx<'_>) -> Outcome {
        match cx.link.send(step) {
            Ok(p) => self.after(Saved::Permit(Box::new(p)), cx),
            Err(e) => Outcome::from_error(e),
        }
    }

    /// What a saved change shows: the slip's verdict, or the list read again.
    fn after(&mut self, saved: Saved, cx: &mut Cx<'_>) -> Outcome {
        let said = match &saved {
            Saved::Slip(slip, verdict) => {
                let text = format!("{} {}", slip.no, verdict.as_str());
                self.slip = Some(((**slip).clone(), *verdict));
                text
            }
            Saved::Permit(p) => format!("{} {}", p.no, detail::state_label(&p.state, cx.lang)),
            _ => Msg::PaperSaved.text(cx.lang).to_string(),
        };
        let loaded = self.load(cx);
        // The selection follows the permit it changed to its new list.
        if let Saved::Permit(p) = &saved {
            let today = Self::today(cx);
            if let Some(i) = self.sorted_permits(today).iter().position(|q| q.no == p.no) {
                self.selected = i;
            }
        }
        if loaded != Outcome::Nothing {
            return loaded;
        }
        Outcome::Info(said)
    }
}

/// Staff names and the desk's clock for a printed page.
fn names<'a>(staff: &'a [Staff], cx: &Cx<'_>) -> crate::pages::Names<'a> {
    crate::pages::Names {
        who: Box::new(move |uid| {
            staff
                .iter()
                .find(|s| s.uid == uid)
                .map_or_else(|| format!("uid {}", uid.0), |s| s.name.clone())
        }),
        offset_minutes: cx.offset.local_minus_utc() / 60,
    }
}

/// Prints a page (to `lp` when configured, else a file in the working directory).
fn print(page: &str, file: &str, cx: &Cx<'_>) -> Outcome {
    match crate::pages::deliver(page, true, None, file) {
        Ok(crate::pages::Delivered::Printer(p)) => {
            Outcome::Info(format!("{} {file} → {p}", Msg::PaperPrinted.text(cx.lang)))
        }
        Ok(crate::pages::Delivered::File(path)) => Outcome::Info(format!(
            "{} {}",
            Msg::PaperNoPrinterConfiguredWrittenTo.text(cx.lang),
            path.display()
        )),
        Err(e) => Outcome::Error(format!("{file}: {e}")),
    }
}
