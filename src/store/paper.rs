//! A stored kind declared once. A record that is kept by its number, perhaps filed under
//! a unit and perhaps "open" (on the desk's lists until settled), implements `Paper` — its
//! tag, its one-letter kind, its number, its unit, whether it is open — and every backend
//! stores, reads, checks, exports and restores it through the same few generic paths
//! (sled's `papers` tree and its open index, PostgreSQL's `papers` table, the memory map).
//! A new kind of such record is its type, one `impl Paper`, and its line in `exported!`.

use serde::{de::DeserializeOwned, Serialize};

use super::codec::{decode, encode, Tag};
use super::{PaperRow, StoreError, Which, WriteSet};
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
    fn unit(&self) -> UnitCode {
        NO_UNIT
    }
    /// Still on the desk's lists.
    fn open(&self) -> bool {
        true
    }
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

    /// Records that the change was decided on `p` as read (`None`: there was none of
    /// that number): checked again at commit.
    pub fn read_paper<P: Paper>(&mut self, no: &str, p: Option<&P>) {
        self.expect
            .push(super::Expect::Unchanged(super::Prior::Paper {
                kind: P::KIND,
                what: P::WHAT,
                no: no.to_string(),
                body: p.map(|p| encode(P::TAG, p)),
            }));
    }
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

/// The kinds declared once as papers: each a type, its tag and letter, its number.
impl Paper for crate::domain::incident::Incident {
    const TAG: Tag = Tag::Incident;
    const KIND: char = 'I';
    const NAME: &'static str = "incidents";
    const WHAT: &'static str = "incident";
    fn no(&self) -> String {
        self.no.0.clone()
    }
    /// Filed under its building.
    fn unit(&self) -> UnitCode {
        UnitCode {
            building: self.building,
            unit: 0,
            room: 0,
        }
    }
    fn open(&self) -> bool {
        self.is_open()
    }
}

impl Paper for crate::domain::template::Template {
    const TAG: Tag = Tag::Template;
    const KIND: char = 'Q';
    const NAME: &'static str = "templates";
    const WHAT: &'static str = "template";
    /// Zero-padded, so the text orders as the number does.
    fn no(&self) -> String {
        template_no(self.id)
    }
    fn open(&self) -> bool {
        !self.removed
    }
}

impl Paper for crate::domain::loan::Loan {
    const TAG: Tag = Tag::Loan;
    const KIND: char = 'K';
    const NAME: &'static str = "loans";
    const WHAT: &'static str = "loan";
    fn no(&self) -> String {
        self.no.0.clone()
    }
    /// Out, and not yet back.
    fn open(&self) -> bool {
        self.is_out()
    }
}

impl Paper for crate::domain::permit::Permit {
    const TAG: Tag = Tag::Permit;
    const KIND: char = 'P';
    const NAME: &'static str = "permits";
    const WHAT: &'static str = "permit";
    fn no(&self) -> String {
        self.no.0.clone()
    }
    fn unit(&self) -> UnitCode {
        self.unit
    }
    /// Neither rejected nor refunded.
    fn open(&self) -> bool {
        self.state.is_open()
    }
}

impl Paper for crate::domain::release::ReleaseSlip {
    const TAG: Tag = Tag::ReleaseSlip;
    const KIND: char = 'R';
    const NAME: &'static str = "release_slips";
    const WHAT: &'static str = "slip";
    fn no(&self) -> String {
        self.no.0.clone()
    }
    fn unit(&self) -> UnitCode {
        self.unit
    }
    /// Neither used nor voided.
    fn open(&self) -> bool {
        self.state == crate::domain::release::SlipState::Issued
    }
}

impl Paper for crate::domain::visitor::Visitor {
    const TAG: Tag = Tag::Visitor;
    const KIND: char = 'V';
    const NAME: &'static str = "visitors";
    const WHAT: &'static str = "visitor";
    fn no(&self) -> String {
        self.no.0.clone()
    }
    /// The unit visited.
    fn unit(&self) -> UnitCode {
        self.host_unit
    }
    /// Still on site.
    fn open(&self) -> bool {
        self.on_site()
    }
}

/// A reply template's number among the papers.
pub fn template_no(id: u64) -> String {
    format!("{id:020}")
}
