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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Fen;
    use crate::domain::permit::*;
    use crate::domain::{CustomerId, StaffId, UnitCode};
    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn r_ops_09_two_copies_one_for_the_door_one_stamped_for_passes_only() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let day = |d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let draft = PermitDraft {
            unit: UnitCode::parse("3-2-1102").unwrap(),
            customer: CustomerId(7),
            applicant: PermitApplicant::Owner,
            works: "厨卫翻新".into(),
            contractor: Contractor {
                name: "安居装饰".into(),
                licence: "L".into(),
                supervisor_name: "王工".into(),
                supervisor_phone: "13900000001".into(),
                supervisor_id: "310101198001010011".into(),
            },
            workers: Worker::parse_list("张三:T001").unwrap(),
            docs: Doc::ALL.to_vec(),
            waterproof_touched: false,
            waterproof_undertaking: false,
        };
        let mut p =
            Permit::apply(PermitNo::new(2026, 11, 7), &draft, "张伟", StaffId(1), now).unwrap();
        let approval = Approval {
            deposit: Fen(200_000),
            deposit_receipt: "YJ".into(),
            rubbish_fee: Fen(30_000),
            rubbish_receipt: "LJ".into(),
            valid_from: day("2026-11-24"),
            valid_until: day("2027-02-24"),
        };
        p.approve(StaffId(2), &approval, now).unwrap();
        p.extend(StaffId(2), day("2027-04-30"), now).unwrap();
        let names = Names {
            who: Box::new(|_| "高强".into()),
            offset_minutes: 480,
        };
        let page = permit_copies(&p, &names);
        let (door, passes) = page.split_once("- - -").unwrap();
        assert!(
            door.contains("门贴联") && !door.contains("仅供办理出入证"),
            "{door}"
        );
        assert!(
            passes.contains("仅供办理出入证") && passes.contains("T001"),
            "{passes}"
        );
        for copy in [door, passes] {
            assert!(
                copy.contains("延期至 2027-04-30"),
                "R-OPS-12 on both copies: {copy}"
            );
            assert!(!copy.contains("张三:"), "{copy}");
        }
        for line in page.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= super::WIDTH,
                "{line}"
            );
        }
    }
}
