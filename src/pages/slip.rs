//! The move-out release slip (物品放行通知单, R-OPS-02..05) as the guard reads it at the
//! gate: number, unit, full or partial, the main items, who applied, the days it is valid,
//! the fee-clearance receipt, and lines for the guard's check.

use super::{Names, Page};
use crate::domain::release::{Applicant, ReleaseSlip, Scope, SlipState};

pub fn release_slip(s: &ReleaseSlip, names: &Names<'_>) -> String {
    let mut p = Page::new("物品放行通知单", &format!("Release slip  {}", s.no));
    p.field("单号 No.", &s.no.0);
    p.field("房号 Unit", &s.unit.to_string());
    let scope = match s.scope {
        Scope::Full => "全部搬出 full move-out",
        Scope::Partial => "部分搬出 partial",
    };
    let lease = if s.lease_end {
        "（租约到期 lease end）"
    } else {
        ""
    };
    p.field("类别 Scope", &format!("{scope}{lease}"));
    let applicant = match &s.applicant {
        Applicant::Owner => "业主本人 owner".to_string(),
        Applicant::Proxy { name, attorney } => format!("代理人 proxy {name}（委托书 {attorney}）"),
        Applicant::Tenant { owner_phone } => format!("租户 tenant（业主电话 {owner_phone}）"),
    };
    p.field("申请人 Applicant", &applicant);
    if !s.id_number.is_empty() {
        p.field(
            "证件号 ID no.",
            &crate::domain::release::masked_id(&s.id_number),
        );
    }
    p.field("物品 Items", &s.items);
    p.field(
        "有效期 Valid",
        &format!("{} 至 {}", s.valid_from, s.valid_until),
    );
    if let Some(r) = &s.fee_receipt {
        p.field("费用结清 Fees settled", &format!("收据 {r}"));
    }
    if let Some(w) = &s.waiver {
        p.field(
            "欠费放行 Owing, let out",
            &format!(
                "{}（{}）主管 {}：{}",
                w.owed,
                w.periods,
                (names.who)(w.by),
                w.reason
            ),
        );
    }
    p.field(
        "签发 Issued",
        &format!("{} {}", (names.who)(s.issued_by), names.time(s.issued_at)),
    );
    match &s.state {
        SlipState::Issued => {}
        SlipState::Used { guard, gate, at } => p.field(
            "已放行 Released",
            &format!("{gate} {} {}", (names.who)(*guard), names.time(*at)),
        ),
        SlipState::Void { reason, .. } => p.field("已作废 VOID", reason),
    }
    p.rule('-');
    p.text("本单一次有效，门岗核对房号与物品后放行并收回本单。");
    p.text("Valid once: the guard checks unit and items, releases, keeps this slip.");
    p.signatures(&[
        "客服经办 Desk",
        "申请人 Applicant",
        "门岗 Guard",
        "放行时间 Time",
    ]);
    p.finish()
}
