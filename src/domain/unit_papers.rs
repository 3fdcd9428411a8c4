//! The papers of a dwelling's file (R-REC-01/02, R-OPS-06): which kinds there are, each
//! declared once with its slug and its name in the documents, and a paper on file with its
//! date. `dwelling` keeps the file and says which are missing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{DeskError, Field};

/// The papers of a dwelling's file: the archive of 000:1001 (R-REC-01), what a move-in
/// brings (000:1045-1049, R-REC-02) and the keys handed over (R-OPS-06). The decoration
/// papers are one entry: the permit keeps its own file (R-OPS-11). Stored by position:
/// new kinds are appended, so older records decode as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter)]
pub enum DocKind {
    /// 入伙会签单
    MoveInSignoff,
    /// 临时管理规约
    InterimRules,
    /// 装修 papers
    Renovation,
    /// 前期物业服务协议
    ServiceAgreement,
    /// 入伙收费单
    MoveInFeeSlip,
    /// 收楼验房记录
    TakeoverInspection,
    /// 住户成员情况登记表
    HouseholdRegister,
    /// 防火责任书
    FireSafetyLetter,
    /// 业主身份证复印件
    OwnerIdCopy,
    /// 房屋平面图
    FloorPlan,
    /// 房产证（验看）
    PropertyCertificate,
    /// 一寸照片，每人两张
    Photos,
    /// 钥匙交接
    KeysHandedOver,
}
crate::domain::by_word::by_word!(DocKind);

impl DocKind {
    /// In the order the file is bound, each with its slug and its name in the documents.
    const TABLE: [(DocKind, &'static str, &'static str); 13] = [
        (DocKind::MoveInSignoff, "move-in-signoff", "入伙会签单"),
        (DocKind::InterimRules, "interim-rules", "临时管理规约"),
        (
            DocKind::ServiceAgreement,
            "service-agreement",
            "前期物业服务协议",
        ),
        (DocKind::MoveInFeeSlip, "move-in-fee-slip", "入伙收费单"),
        (
            DocKind::TakeoverInspection,
            "takeover-inspection",
            "收楼验房记录",
        ),
        (
            DocKind::HouseholdRegister,
            "household-register",
            "住户成员情况登记表",
        ),
        (DocKind::OwnerIdCopy, "owner-id-copy", "业主身份证复印件"),
        (
            DocKind::PropertyCertificate,
            "property-certificate",
            "房产证（验看）",
        ),
        (DocKind::Photos, "photos", "一寸照片（每人两张）"),
        (DocKind::FloorPlan, "floor-plan", "房屋平面图"),
        (
            DocKind::FireSafetyLetter,
            "fire-safety-letter",
            "防火责任书",
        ),
        (DocKind::KeysHandedOver, "keys-handed-over", "钥匙交接"),
        (DocKind::Renovation, "renovation", "装修资料"),
    ];

    /// Every kind, in the order the file is bound.
    pub fn all() -> [DocKind; 13] {
        Self::TABLE.map(|(k, _, _)| k)
    }

    fn row(self) -> (DocKind, &'static str, &'static str) {
        Self::TABLE
            .into_iter()
            .find(|(k, _, _)| *k == self)
            .expect("every kind is in the table")
    }

    pub fn parse(s: &str) -> Result<DocKind, DeskError> {
        let typed = s.trim().to_ascii_lowercase();
        let alias = match typed.as_str() {
            "signoff" => "move-in-signoff",
            "rules" => "interim-rules",
            "装修" => "renovation",
            other => other,
        };
        Self::TABLE
            .into_iter()
            .find(|(_, slug, zh)| *slug == alias || *zh == s.trim())
            .map(|(k, _, _)| k)
            .ok_or_else(|| {
                DeskError::invalid(
                    Field::Kind,
                    crate::domain::refusal::InputRefusal::NotOneOf {
                        value: typed.clone(),
                        choices: format!(
                            "{}; 入伙会签单 …",
                            Self::TABLE.map(|(_, slug, _)| slug).join(", ")
                        ),
                    },
                )
            })
    }

    pub fn as_str(self) -> &'static str {
        self.row().1
    }

    pub fn chinese(self) -> &'static str {
        self.row().2
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
    use crate::domain::UnitCode;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    /// R-REC-01/02, R-OPS-06: the file lists every paper of 000:1001 and 000:1045-1049 and
    /// the keys; each is typed by its slug or its name in the documents; what is not on
    /// file is missing.
    #[test]
    fn r_rec_01_02_r_ops_06_the_file_lists_every_paper_and_says_which_are_missing() {
        use strum::IntoEnumIterator;
        let every: Vec<DocKind> = DocKind::iter().collect();
        assert_eq!(every.len(), DocKind::all().len());
        assert!(every.iter().all(|k| DocKind::all().contains(k)));
        for k in DocKind::all() {
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
