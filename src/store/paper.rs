//! A stored kind declared once. A record that is kept by its number, perhaps filed under
//! a unit and perhaps "open" (on the desk's lists until settled), implements `Paper` — its
//! tag, its one-letter kind, its number, its unit, whether it is open — and every backend
//! stores, reads, checks, exports and restores it through the same few generic paths
//! (sled's `papers` tree with its open and unit indexes, PostgreSQL's `papers` table, the
//! memory map). A new kind of such record is its type, one row of `papers!` below, and its
//! line in `exported!`.

use serde::{de::DeserializeOwned, Serialize};

use super::codec::{decode, encode, Tag};
use super::{PaperRow, StoreError, Which, WriteSet};
use crate::domain::incident::Incident;
use crate::domain::loan::Loan;
use crate::domain::permit::Permit;
use crate::domain::release::{ReleaseSlip, SlipState};
use crate::domain::template::Template;
use crate::domain::visitor::Visitor;
use crate::domain::UnitCode;

/// Where a paper that belongs to no unit is filed.
pub const NO_UNIT: UnitCode = UnitCode {
    building: 0,
    unit: 0,
    room: 0,
};

pub trait Paper: Serialize + DeserializeOwned + Clone {
    const TAG: Tag;
    /// Its letter among the papers (PostgreSQL's `papers.kind`): unique per kind.
    const KIND: char;
    /// What its stored values are called in an error ("incidents").
    const NAME: &'static str;
    /// What one is called in a refusal ("loan K2611-0001 changed since …").
    const WHAT: &'static str;
    /// Its number; the papers of a kind are listed in this text's order.
    fn no(&self) -> String;
    /// The unit it is filed under (a building's incidents under `b-0-0`); none: `NO_UNIT`.
    fn unit(&self) -> UnitCode;
    /// Still on the desk's lists.
    fn open(&self) -> bool;
}

/// A record as every backend stores it.
impl PaperRow {
    pub fn of<P: Paper>(p: &P) -> PaperRow {
        PaperRow {
            kind: P::KIND,
            no: p.no(),
            unit: p.unit(),
            open: p.open(),
            body: encode(P::TAG, p),
        }
    }
}

impl WriteSet {
    /// Writes `p` (new, or replacing the one of its number).
    pub fn put<P: Paper>(&mut self, p: &P) {
        self.papers.push(PaperRow::of(p));
    }

    /// Records that the change was decided on there being no `P` numbered `no` (a record
    /// as read is `ws.read(&record)`): checked again at commit.
    pub fn read_absent<P: Paper>(&mut self, no: &str) {
        self.expect
            .push(super::Expect::Unchanged(super::Prior::Paper {
                kind: P::KIND,
                what: P::WHAT,
                no: no.to_string(),
                body: None,
            }));
    }
}

/// `paper` to change, with the write set that checks at commit that it is still as read.
pub fn to_change<P: Paper>(paper: P) -> (P, WriteSet) {
    let mut ws = WriteSet::default();
    ws.read(&paper);
    (paper, ws)
}

/// `ws.read(&paper)`: the change was decided on `paper` as read.
impl<P: Paper> From<&P> for super::Prior {
    fn from(p: &P) -> super::Prior {
        super::Prior::Paper {
            kind: P::KIND,
            what: P::WHAT,
            no: p.no(),
            body: Some(encode(P::TAG, p)),
        }
    }
}

/// The typed reads every store has over its raw `paper_bodies`.
pub trait Papers {
    fn paper<P: Paper>(&self, no: &str) -> Result<Option<P>, StoreError>;
    /// In number order.
    fn papers<P: Paper>(&self, open_only: bool) -> Result<Vec<P>, StoreError>;
    /// The ones `which` picks (a unit's, a building's, a month's …).
    fn papers_where<P: Paper>(&self, which: Which<'_>) -> Result<Vec<P>, StoreError>;
    /// A unit's permits, release slips and visitors.
    fn unit_papers(&self, unit: UnitCode) -> Result<super::UnitPapers, StoreError> {
        Ok(super::UnitPapers {
            permits: self.papers_where(Which::Unit(unit))?,
            slips: self.papers_where(Which::Unit(unit))?,
            visitors: self.papers_where(Which::Unit(unit))?,
        })
    }
}

impl<S: super::PaperStore + ?Sized> Papers for S {
    fn paper<P: Paper>(&self, no: &str) -> Result<Option<P>, StoreError> {
        self.paper_bodies(P::KIND, Which::One(no))?
            .first()
            .map(|b| decode(P::NAME, P::TAG, b))
            .transpose()
    }

    fn papers<P: Paper>(&self, open_only: bool) -> Result<Vec<P>, StoreError> {
        self.papers_where(if open_only { Which::Open } else { Which::All })
    }

    fn papers_where<P: Paper>(&self, which: Which<'_>) -> Result<Vec<P>, StoreError> {
        self.paper_bodies(P::KIND, which)?
            .iter()
            .map(|b| decode(P::NAME, P::TAG, b))
            .collect()
    }
}

/// Declares papers, one row each: `Type: Tag, 'letter', "stored values", "one of them",
/// no |r| …, unit |r| …, open |r| …;`.
macro_rules! papers {
    ($($(#[$m:meta])* $ty:ty: $tag:ident, $kind:literal, $name:literal, $what:literal,
        no $no:expr, unit $unit:expr, open $open:expr;)+) => {$(
        $(#[$m])*
        impl Paper for $ty {
            const TAG: Tag = Tag::$tag;
            const KIND: char = $kind;
            const NAME: &'static str = $name;
            const WHAT: &'static str = $what;
            fn no(&self) -> String {
                let no: fn(&Self) -> String = $no;
                no(self)
            }
            fn unit(&self) -> UnitCode {
                let unit: fn(&Self) -> UnitCode = $unit;
                unit(self)
            }
            fn open(&self) -> bool {
                let open: fn(&Self) -> bool = $open;
                open(self)
            }
        }
    )+};
}

// The kinds declared once as papers. "Open" is what keeps one on the desk's lists.
papers! {
    /// Filed under its building; open until resolved.
    Incident: Incident, 'I', "incidents", "incident",
        no |i| i.no.0.clone(), unit |i| building(i.building), open |i| i.is_open();
    /// Numbered zero-padded, so the text orders as the number does; open until removed.
    Template: Template, 'Q', "templates", "template",
        no |t| template_no(t.id), unit |_| NO_UNIT, open |t| !t.removed;
    /// Open while out.
    Loan: Loan, 'K', "loans", "loan",
        no |l| l.no.0.clone(), unit |_| NO_UNIT, open |l| l.is_out();
    /// Open until rejected or refunded.
    Permit: Permit, 'P', "permits", "permit",
        no |p| p.no.0.clone(), unit |p| p.unit, open |p| p.state.is_open();
    /// Open until used or voided.
    ReleaseSlip: ReleaseSlip, 'R', "release_slips", "slip",
        no |s| s.no.0.clone(), unit |s| s.unit, open |s| s.state == SlipState::Issued;
    /// Filed under the unit visited; open while on site.
    Visitor: Visitor, 'V', "visitors", "visitor",
        no |v| v.no.0.clone(), unit |v| v.host_unit, open |v| v.on_site();
}

/// A building's own file: its unit 0, room 0.
fn building(building: u32) -> UnitCode {
    UnitCode {
        building,
        unit: 0,
        room: 0,
    }
}

/// A reply template's number among the papers.
pub fn template_no(id: u64) -> String {
    format!("{id:020}")
}
