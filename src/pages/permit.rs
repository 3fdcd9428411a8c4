//! The decoration permit's two copies (R-OPS-09): the door copy posted on the unit, and
//! the copy stamped "仅供办理出入证" (for access passes only). Neither carries the owner's
//! name or phone: the door copy hangs in a public corridor. Extensions are stamped
//! "延期至 date" on both (R-OPS-12).

use super::{Names, Page, WIDTH};
use crate::domain::permit::Permit;

pub fn permit_copies(p: &Permit, names: &Names<'_>) -> String {
    let door = copy(p, names, "门贴联 Door copy", None);
    let passes = copy(
        p,
        names,
        "出入证联 Access-pass copy",
        Some("【仅供办理出入证 FOR ACCESS PASSES ONLY】"),
    );
    let cut = "- ".repeat(WIDTH / 2);
    format!("{door}\n{cut}\n\n{passes}")
}

fn copy(p: &Permit, names: &Names<'_>, which: &str, stamp: Option<&str>) -> String {
    let mut page = Page::new(
        "装修许可证",
        &format!("Decoration permit {} · {which}", p.no),
    );
    if let Some(stamp) = stamp {
        page.centred(stamp);
        page.blank();
    }
    page.field("编号 No.", &p.no.0);
    page.field("房号 Unit", &p.unit.to_string());
    page.field("装修内容 Works", &p.works);
    page.field("施工单位 Contractor", &p.contractor.name);
    page.field(
        "现场负责人 Supervisor",
        &format!(
            "{} {}",
            p.contractor.supervisor_name, p.contractor.supervisor_phone
        ),
    );
    if let Some(issued) = &p.issued {
        let a = &issued.approval;
        page.field(
            "施工期限 Works",
            &format!("{} 至 {}", a.valid_from, a.valid_until),
        );
        page.field(
            "批准 Approved",
            &format!(
                "{} {}",
                (names.who)(issued.approved_by),
                names.time(issued.approved_at)
            ),
        );
    } else {
        page.field("状态 State", "未批准 NOT APPROVED — not valid for works");
    }
    for e in &p.extensions {
        page.field("延期 Extended", &e.stamp());
    }
    if p.waterproof_touched {
        page.field(
            "防水层 Waterproofing",
            "涉及，业主已签承诺书 touched; undertaking signed",
        );
    }
    if stamp.is_some() {
        page.rule('-');
        page.row(&[("施工人员 Worker", 24), ("出入证号 Pass", 20)]);
        for w in &p.workers {
            page.row(&[(&w.name, 24), (&w.pass, 20)]);
        }
        page.text("凭本联办理施工人员临时出入证；延期时出入证加盖“延期至”章。");
    } else {
        page.rule('-');
        page.text("施工时间：工作日 8:00-12:00、14:00-18:00；节假日不得进行噪音施工。");
        page.text("请张贴于户门外侧，至装修验收合格。Post on the unit door until inspected.");
    }
    page.signatures(&["服务中心盖章 Centre", "日期 Date"]);
    page.finish()
}
