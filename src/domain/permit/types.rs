//! What a decoration permit application is made of (R-OPS-07): its number, who applies, the
//! contractor and its site supervisor, the workers with their passes, and the document
//! checklist of 000:589-603. Each part checks itself and names the field to fix.

use serde::{Deserialize, Serialize};

use crate::domain::text::{self, MAX_SHORT_BYTES};
use crate::domain::{CustomerId, DeskError, Field, UnitCode};

pub use crate::domain::record_no::PermitNo;

/// Who applies (R-OPS-07): the owner, or a tenant with the owner's written consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PermitApplicant {
    #[serde(alias = "Owner")]
    Owner,
    /// `owner_consent`: how the consent was given (a signed letter's reference, the owner's
    /// phone it was confirmed on).
    #[serde(alias = "Tenant")]
    Tenant { owner_consent: String },
}

impl PermitApplicant {
    pub(super) fn checked(&self) -> Result<PermitApplicant, DeskError> {
        match self {
            PermitApplicant::Owner => Ok(PermitApplicant::Owner),
            PermitApplicant::Tenant { owner_consent } => Ok(PermitApplicant::Tenant {
                owner_consent: text::required_line(Field::Consent, owner_consent, MAX_SHORT_BYTES)
                    .map_err(|_| {
                        DeskError::invalid(
                            Field::Consent,
                            crate::domain::refusal::PaperRefusal::TenantConsent {},
                        )
                    })?,
            }),
        }
    }
}

/// The contractor (施工单位), its licence, and its site supervisor (负责人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contractor {
    pub name: String,
    pub licence: String,
    pub supervisor_name: String,
    pub supervisor_phone: String,
    pub supervisor_id: String,
}

impl Contractor {
    pub(super) fn checked(&self) -> Result<Contractor, DeskError> {
        let line = |f: Field, v: &str| text::required_line(f, v, MAX_SHORT_BYTES);
        Ok(Contractor {
            name: line(Field::Contractor, &self.name)?,
            licence: line(Field::Licence, &self.licence)?,
            supervisor_name: line(Field::SupervisorName, &self.supervisor_name)?,
            supervisor_phone: line(Field::SupervisorPhone, &self.supervisor_phone)?,
            supervisor_id: line(Field::SupervisorId, &self.supervisor_id)?,
        })
    }
}

/// A worker and their temporary pass (临时出入证), returned before the deposit is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worker {
    pub name: String,
    pub pass: String,
    pub returned: bool,
}

impl Worker {
    /// The workers as a listing shows them: `张三 T001, 李四 T002<returned>`, each whose
    /// pass came back marked with `returned`.
    pub fn listing(workers: &[Worker], returned: &str) -> String {
        workers
            .iter()
            .map(|w| {
                let mark = if w.returned { returned } else { "" };
                format!("{} {}{mark}", w.name, w.pass)
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `张三:T001` as typed on the command line or in the form.
    pub fn parse_list(s: &str) -> Result<Vec<Worker>, DeskError> {
        s.split([',', '，', ';'])
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                let (name, pass) = p.split_once([':', '：']).ok_or_else(|| {
                    DeskError::invalid(
                        Field::Workers,
                        crate::domain::refusal::PaperRefusal::NoPassNumber {
                            value: p.trim().to_string(),
                        },
                    )
                })?;
                Ok(Worker {
                    name: name.trim().to_string(),
                    pass: pass.trim().to_string(),
                    returned: false,
                })
            })
            .collect()
    }

    pub(super) fn checked(&self) -> Result<Worker, DeskError> {
        Ok(Worker {
            name: text::required_line(Field::Workers, &self.name, MAX_SHORT_BYTES)?,
            pass: text::required_line(Field::Pass, &self.pass, MAX_SHORT_BYTES)?,
            returned: false,
        })
    }
}

crate::domain::by_word::words! {
    /// The decoration file's documents (000:589-603), in the order the file is bound (R-OPS-11).
    #[derive(PartialOrd, Ord)]
    pub enum Doc {
        /// 装修申请表
        Application = ["application", "装修申请表"],
        /// 业主装修承诺书
        Undertaking = ["undertaking", "业主装修承诺书"],
        /// 房屋平面图及装修方案
        FloorPlan = ["plan", "房屋平面图及装修方案"],
        /// 施工单位营业执照、资质证书复印件
        Licence = ["licence", "施工单位营业执照及资质复印件"],
        /// 施工图纸及施工方案
        Drawings = ["drawings", "施工图纸及施工方案"],
        /// 施工负责人身份证复印件、照片、电话
        SupervisorId = ["supervisor-id", "施工负责人身份证、照片、电话"],
        /// 施工人员身份证复印件、照片
        WorkerIds = ["worker-ids", "施工人员身份证及照片"],
        /// 装修管理协议（一式三份，R-OPS-09）
        Agreement = ["agreement", "装修管理协议（一式三份）"],
    }
}

impl Doc {
    /// Its name on the checklist.
    pub fn label_zh(self) -> &'static str {
        self.words()[1]
    }

    /// `application,plan,…` or `all`.
    pub fn parse_list(s: &str) -> Result<Vec<Doc>, DeskError> {
        if s.trim().eq_ignore_ascii_case("all") {
            return Ok(Doc::ALL.to_vec());
        }
        s.split([',', '，'])
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                let p = p.trim().to_ascii_lowercase();
                Doc::ALL
                    .iter()
                    .copied()
                    .find(|d| d.as_str() == p)
                    .ok_or_else(|| {
                        DeskError::invalid(
                            Field::Docs,
                            crate::domain::refusal::InputRefusal::NotOneOf {
                                value: p.to_string(),
                                choices: {
                                    let every = Doc::ALL
                                        .iter()
                                        .map(|d| d.as_str())
                                        .collect::<Vec<_>>()
                                        .join(",");
                                    crate::domain::refusal::Choices {
                                        en: format!("all or some of {every}"),
                                        zh: format!("all，或其中若干：{every}"),
                                    }
                                },
                            },
                        )
                    })
            })
            .collect()
    }
}

/// What the desk typed for a new application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermitDraft {
    pub unit: UnitCode,
    pub customer: CustomerId,
    pub applicant: PermitApplicant,
    /// What is being done (装修内容).
    pub works: String,
    pub contractor: Contractor,
    pub workers: Vec<Worker>,
    pub docs: Vec<Doc>,
    pub waterproof_touched: bool,
    pub waterproof_undertaking: bool,
}
