//! The papers of a dwelling's file (R-REC-01/02, R-OPS-06): which kinds there are, each
//! declared once with its slug and its name in the documents, and a paper on file with its
//! date. `dwelling` keeps the file and says which are missing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Field;

crate::domain::by_word::words! {
    /// The papers of a dwelling's file: the archive of 000:1001 (R-REC-01), what a move-in
    /// brings (000:1045-1049, R-REC-02) and the keys handed over (R-OPS-06). The decoration
    /// papers are one entry: the permit keeps its own file (R-OPS-11). Stored by position:
    /// new kinds are appended, so older records decode as before. Each kind's words are its
    /// slug, its name in the documents, then what else the desk may type.
    #[derive(PartialOrd, Ord)]
    pub enum DocKind in Field::Kind, "move-in-signoff, interim-rules, service-agreement, move-in-fee-slip, takeover-inspection, household-register, owner-id-copy, property-certificate, photos, floor-plan, fire-safety-letter, keys-handed-over, renovation; 入伙会签单 …" {
        MoveInSignoff = ["move-in-signoff", "入伙会签单", "signoff"],
        InterimRules = ["interim-rules", "临时管理规约", "rules"],
        Renovation = ["renovation", "装修资料", "装修"],
        ServiceAgreement = ["service-agreement", "前期物业服务协议"],
        MoveInFeeSlip = ["move-in-fee-slip", "入伙收费单"],
        TakeoverInspection = ["takeover-inspection", "收楼验房记录"],
        HouseholdRegister = ["household-register", "住户成员情况登记表"],
        FireSafetyLetter = ["fire-safety-letter", "防火责任书"],
        OwnerIdCopy = ["owner-id-copy", "业主身份证复印件"],
        FloorPlan = ["floor-plan", "房屋平面图"],
        PropertyCertificate = ["property-certificate", "房产证（验看）"],
        Photos = ["photos", "一寸照片（每人两张）"],
        KeysHandedOver = ["keys-handed-over", "钥匙交接"],
    }
}

impl DocKind {
    /// Every kind, in the order the file is bound.
    pub const BOUND: [DocKind; 13] = [
        DocKind::MoveInSignoff,
        DocKind::InterimRules,
        DocKind::ServiceAgreement,
        DocKind::MoveInFeeSlip,
        DocKind::TakeoverInspection,
        DocKind::HouseholdRegister,
        DocKind::OwnerIdCopy,
        DocKind::PropertyCertificate,
        DocKind::Photos,
        DocKind::FloorPlan,
        DocKind::FireSafetyLetter,
        DocKind::KeysHandedOver,
        DocKind::Renovation,
    ];

    /// Its name in the documents.
    pub fn chinese(self) -> &'static str {
        self.words()[1]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRecord {
    pub kind: DocKind,
    pub dated: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dwelling::Dwelling;
    use crate::domain::ParseWord;
    use crate::domain::UnitCode;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    /// R-REC-01/02, R-OPS-06: the file lists every paper of 000:1001 and 000:1045-1049 and
    /// the keys; each is typed by its slug or its name in the documents; what is not on
    /// file is missing.
    #[test]
    fn r_rec_01_02_r_ops_06_the_file_lists_every_paper_and_says_which_are_missing() {
        let every = DocKind::ALL;
        assert_eq!(every.len(), DocKind::BOUND.len());
        assert!(every.iter().all(|k| DocKind::BOUND.contains(k)));
        for k in DocKind::BOUND {
            assert_eq!(DocKind::parse(k.as_str()).unwrap(), k);
            assert_eq!(DocKind::parse(k.chinese()).unwrap(), k);
        }
        assert_eq!(DocKind::parse("装修").unwrap(), DocKind::Renovation);
        let refused = DocKind::parse("居住证").unwrap_err().to_string();
        assert!(refused.starts_with("kind:"), "{refused}");
        assert!(refused.contains("service-agreement"), "{refused}");
        let mut d = Dwelling::new(UnitCode::parse("3-2-1102").unwrap());
        d.documents.push(DocRecord {
            kind: DocKind::KeysHandedOver,
            dated: day(3),
        });
        let list = d.checklist();
        assert_eq!(list.len(), 13);
        let missing: Vec<DocKind> = list
            .iter()
            .filter(|(_, on)| on.is_none())
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(missing.len(), 12);
        assert!(!missing.contains(&DocKind::KeysHandedOver));
        assert!(
            missing.contains(&DocKind::Photos) && missing.contains(&DocKind::PropertyCertificate)
        );
    }
}
