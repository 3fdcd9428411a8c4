//! Dwellings (每一套房): one archive per unit code, as the seeds keep it (R-REC-01) — who
//! lives there, in which role, from when to when (R-REC-03 move-in and move-out), and the
//! move-in papers checklist (入伙会签单, 临时管理规约, 装修 papers) with their dates. A person
//! may occupy several dwellings; a dwelling keeps its past occupants, so its history stays.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::text::{self, MAX_SHORT_BYTES};
pub use super::unit_papers::{DocKind, DocRecord};
use super::{CustomerId, DeskError, Field, UnitCode};

crate::domain::by_word::words! {
    /// An occupant's standing in a dwelling.
    pub enum OccupantRole in Field::Role, "owner, tenant or family (业主, 租户, 家属)" {
        /// 业主
        Owner = ["owner", "业主"],
        /// 租户: moves in with the owner named (R-OPS-06).
        Tenant = ["tenant", "租户"],
        /// 家属
        Family = ["family", "家属"],
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occupancy {
    pub customer: CustomerId,
    pub role: OccupantRole,
    pub moved_in: NaiveDate,
    pub moved_out: Option<NaiveDate>,
    /// Residence-card number (居住证), if given.
    pub residence_card: String,
    /// A tenant's owner; a relative's consenting owner (R-REC-02).
    pub owner: Option<CustomerId>,
    /// R-REC-02: a relative's notarised proof of kinship. Record version 6; empty for
    /// occupancies recorded before, and for owners and tenants.
    pub kinship_proof: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dwelling {
    pub unit: UnitCode,
    /// Every occupant, past and present, in move-in order.
    pub occupants: Vec<Occupancy>,
    pub documents: Vec<DocRecord>,
    pub version: u32,
}

/// A move-in as typed: who, in which role, from when, with what papers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveIn {
    pub customer: CustomerId,
    pub role: OccupantRole,
    pub date: NaiveDate,
    pub residence_card: String,
    /// A tenant's owner; for a relative, the owner who consented to the move-in.
    pub owner: Option<CustomerId>,
    /// R-REC-02: a relative's notarised proof of kinship (its number or reference).
    pub kinship_proof: String,
}

impl Dwelling {
    pub fn new(unit: UnitCode) -> Dwelling {
        Dwelling {
            unit,
            occupants: Vec::new(),
            documents: Vec::new(),
            version: 0,
        }
    }

    /// Occupants living there now.
    pub fn current(&self) -> impl Iterator<Item = &Occupancy> {
        self.occupants.iter().filter(|o| o.moved_out.is_none())
    }

    pub fn lives_here(&self, who: CustomerId) -> bool {
        self.current().any(|o| o.customer == who)
    }

    /// R-REC-03 / R-OPS-06: records a move-in. An owner, or a tenant with the owner named
    /// (who must live there as owner), or family.
    pub fn move_in(&mut self, m: &MoveIn) -> Result<(), DeskError> {
        if self.lives_here(m.customer) {
            return Err(DeskError::conflict(
                crate::domain::refusal::PaperRefusal::AlreadyLivesIn {
                    customer: m.customer.to_string(),
                    unit: self.unit.to_string(),
                },
            ));
        }
        let residence_card = text::optional_text(Field::Card, &m.residence_card, MAX_SHORT_BYTES)?;
        let kinship_proof = text::optional_text(Field::Kinship, &m.kinship_proof, MAX_SHORT_BYTES)?;
        match (m.role, m.owner) {
            (OccupantRole::Tenant, None) => {
                return Err(DeskError::invalid(
                    Field::Owner,
                    crate::domain::refusal::PaperRefusal::TenantNeedsOwner {},
                ))
            }
            (OccupantRole::Tenant | OccupantRole::Family, Some(owner)) => {
                let owns = self
                    .current()
                    .any(|o| o.customer == owner && o.role == OccupantRole::Owner);
                if !owns {
                    return Err(DeskError::invalid(
                        Field::Owner,
                        crate::domain::refusal::PaperRefusal::NotOwnerOf {
                            owner: owner.to_string(),
                            unit: self.unit.to_string(),
                        },
                    ));
                }
            }
            (_, Some(_)) => {
                return Err(DeskError::invalid(
                    Field::Owner,
                    crate::domain::refusal::PaperRefusal::OwnerForTenants {},
                ))
            }
            _ => {}
        }
        self.occupants.push(Occupancy {
            customer: m.customer,
            role: m.role,
            moved_in: m.date,
            moved_out: None,
            residence_card,
            owner: m.owner,
            kinship_proof,
        });
        self.version += 1;
        Ok(())
    }

    /// A move-in registered at the desk (R-REC-02, 000:1049): a relative moving in names
    /// the owner who consented and the notarised proof of kinship. Imports record who
    /// already lives there through `move_in` alone.
    pub fn admit(&mut self, m: &MoveIn) -> Result<(), DeskError> {
        if m.role == OccupantRole::Family {
            if m.owner.is_none() {
                return Err(DeskError::invalid(
                    Field::Owner,
                    crate::domain::refusal::PaperRefusal::RelativeNeedsOwner {},
                ));
            }
            if m.kinship_proof.trim().is_empty() {
                return Err(DeskError::invalid(
                    Field::Kinship,
                    crate::domain::refusal::PaperRefusal::RelativeNeedsKinshipProof {},
                ));
            }
        }
        self.move_in(m)
    }

    /// R-REC-03: deregisters an occupant; their occupancy (and history) stays, dated.
    pub fn move_out(&mut self, who: CustomerId, date: NaiveDate) -> Result<(), DeskError> {
        let unit = self.unit;
        let o = self
            .occupants
            .iter_mut()
            .find(|o| o.customer == who && o.moved_out.is_none())
            .ok_or_else(|| {
                DeskError::conflict(crate::domain::refusal::PaperRefusal::NotLivingIn {
                    customer: who.to_string(),
                    unit: unit.to_string(),
                })
            })?;
        if date < o.moved_in {
            return Err(DeskError::invalid(
                Field::Date,
                crate::domain::refusal::PaperRefusal::MoveOutBeforeIn {
                    date: date.to_string(),
                    moved_in: o.moved_in.to_string(),
                },
            ));
        }
        o.moved_out = Some(date);
        self.version += 1;
        Ok(())
    }

    /// R-REC-01: files one of the move-in papers with its date (a later one replaces it).
    pub fn file_document(&mut self, kind: DocKind, dated: NaiveDate) {
        self.documents.retain(|d| d.kind != kind);
        self.documents.push(DocRecord { kind, dated });
        self.documents.sort_by_key(|d| d.kind);
        self.version += 1;
    }

    /// The checklist: each paper with its date, or None when missing.
    pub fn checklist(&self) -> Vec<(DocKind, Option<NaiveDate>)> {
        DocKind::BOUND
            .iter()
            .map(|k| {
                (
                    *k,
                    self.documents
                        .iter()
                        .find(|d| d.kind == *k)
                        .map(|d| d.dated),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ParseWord;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    /// R-REC-02 (000:1049): a relative moves in with the owner on record's consent and a
    /// notarised proof of kinship, both kept on the occupancy.
    #[test]
    fn r_rec_02_a_relative_moves_in_with_the_owners_consent_and_proof_of_kinship() {
        let mut d = Dwelling::new(UnitCode::parse("3-2-1102").unwrap());
        d.admit(&move_in(1, OccupantRole::Owner, None)).unwrap();
        let field = |r: Result<(), DeskError>| r.unwrap_err().field();
        let relative = |owner: Option<u64>, proof: &str| MoveIn {
            kinship_proof: proof.into(),
            ..move_in(2, OccupantRole::Family, owner)
        };
        let mut trial = d.clone();
        assert_eq!(
            field(trial.admit(&relative(None, "公证书123"))),
            Some(Field::Owner)
        );
        assert_eq!(
            field(trial.admit(&relative(Some(1), " "))),
            Some(Field::Kinship)
        );
        // The consenting owner must be the owner living there.
        assert_eq!(
            field(trial.admit(&relative(Some(9), "公证书123"))),
            Some(Field::Owner)
        );
        assert_eq!(trial, d, "nothing recorded by a refused move-in");
        d.admit(&relative(Some(1), "(2026)沪东证字第123号"))
            .unwrap();
        let o = d.current().find(|o| o.customer == CustomerId(2)).unwrap();
        assert_eq!(o.owner, Some(CustomerId(1)));
        assert_eq!(o.kinship_proof, "(2026)沪东证字第123号");
        // An owner names no owner.
        assert_eq!(
            field(d.admit(&move_in(3, OccupantRole::Owner, Some(1)))),
            Some(Field::Owner)
        );
    }

    fn move_in(who: u64, role: OccupantRole, owner: Option<u64>) -> MoveIn {
        MoveIn {
            customer: CustomerId(who),
            role,
            date: day(1),
            residence_card: String::new(),
            kinship_proof: String::new(),
            owner: owner.map(CustomerId),
        }
    }

    #[test]
    fn r_rec_03_r_ops_06_a_tenant_moves_in_with_the_owner_named_and_out_with_history_kept() {
        let mut d = Dwelling::new(UnitCode::parse("3-2-1102").unwrap());
        let field = |r: Result<(), DeskError>| match r {
            Err(DeskError::Validation { field, .. }) => Some(field),
            _ => None,
        };
        assert_eq!(
            field(d.move_in(&move_in(2, OccupantRole::Tenant, None))),
            Some(Field::Owner)
        );
        assert_eq!(
            field(d.move_in(&move_in(2, OccupantRole::Tenant, Some(1)))),
            Some(Field::Owner),
            "the owner must live there as owner"
        );
        d.move_in(&move_in(1, OccupantRole::Owner, None)).unwrap();
        d.move_in(&move_in(2, OccupantRole::Tenant, Some(1)))
            .unwrap();
        assert!(d.move_in(&move_in(2, OccupantRole::Family, None)).is_err());
        d.move_out(CustomerId(2), day(20)).unwrap();
        assert!(!d.lives_here(CustomerId(2)));
        assert_eq!(d.occupants.len(), 2, "the past occupant stays on file");
        assert!(d.move_out(CustomerId(2), day(21)).is_err());
        assert_eq!(
            field(d.move_out(CustomerId(1), NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())),
            Some(Field::Date)
        );
    }

    #[test]
    fn r_rec_01_the_move_in_papers_checklist_names_what_is_missing() {
        let mut d = Dwelling::new(UnitCode::parse("3-2-1102").unwrap());
        d.file_document(DocKind::InterimRules, day(2));
        let list = d.checklist();
        assert_eq!(list[0], (DocKind::MoveInSignoff, None));
        assert_eq!(list[1], (DocKind::InterimRules, Some(day(2))));
        assert_eq!(
            DocKind::parse("入伙会签单").unwrap(),
            DocKind::MoveInSignoff
        );
    }
}
