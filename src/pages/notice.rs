//! The payment notice (缴费通知单, R-OPS-13): a unit's unpaid items from the last billing
//! import, each with its period, and the total in figures and in capitals (大写).

use super::Page;
use crate::domain::fees::UnitArrears;

pub fn payment_notice(a: &UnitArrears, today: chrono::NaiveDate) -> String {
    let mut p = Page::new("缴费通知单", "Payment notice");
    p.field("房号 Unit", &format!("{}  业主/住户 resident", a.unit));
    p.field("日期 Date", &today.to_string());
    p.blank();
    p.text("您好！经核对，贵户尚有以下费用未缴，请于收到本通知后及时到服务中心缴纳。");
    p.text("Our records show the following unpaid. Please pay at the service centre.");
    p.rule('-');
    p.row(&[("项目 Item", 22), ("期间 Period", 20), ("金额 Amount", 16)]);
    for item in &a.items {
        p.row(&[
            (item.kind.label_zh(), 22),
            (&item.period.to_string(), 20),
            (&item.amount.to_string(), 16),
        ]);
    }
    p.rule('-');
    let total = a.total();
    p.field("合计 Total", &total.to_string());
    p.field("大写 In words", &format!("人民币{}", total.capital()));
    p.blank();
    p.text("如已缴纳，请忽略本通知。If already paid, please disregard this notice.");
    p.signatures(&["服务中心盖章 Centre", "经办人 Clerk"]);
    p.finish()
}
