//! Reply templates (快捷回复): the words a desk says again and again — "the plumber will be
//! with you by {承诺时间}" — kept by supervisors for a category and kind of case (either may
//! be left open), with fields the case fills in: `{姓名}` the resident, `{单元}` the unit,
//! `{工单号}` the ticket, `{承诺时间}` the promised time (or `{name}`, `{unit}`, `{ticket}`,
//! `{promised}`). The operator picks one in a reply or note field and the filled text goes
//! into the field, where it can still be edited: what is sent is what the resident heard.

use serde::{Deserialize, Serialize};

use super::refusal::DeskRefusal;
use super::text::{self, MAX_SHORT_BYTES, MAX_TEXT_BYTES};
use super::{CaseKind, DeskError, Field, StaffId, Time};

/// The fields a template may name, each in Chinese and in English.
pub const FIELDS: [(&str, &str); 4] = [
    ("姓名", "name"),
    ("单元", "unit"),
    ("工单号", "ticket"),
    ("承诺时间", "promised"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: u64,
    /// The category's list code it is for; any category when `None`.
    pub category: Option<String>,
    /// The kind of case it is for; any kind when `None`.
    pub kind: Option<CaseKind>,
    pub title: String,
    pub text: String,
    pub by: StaffId,
    pub at: Time,
    /// Taken out of the list (kept: the trail says what was offered when).
    pub removed: bool,
    pub version: u32,
}

/// What a case fills a template's fields with.
#[derive(Debug, Clone, Default)]
pub struct Fill {
    pub name: String,
    pub unit: String,
    pub ticket: String,
    /// The promised time as the desk says it (`11-24 18:00`); empty when none.
    pub promised: String,
}

impl Template {
    /// A checked template: a title, a text whose `{…}` are all fields it knows.
    #[allow(clippy::too_many_arguments)]
    pub fn write(
        id: u64,
        category: Option<String>,
        kind: Option<CaseKind>,
        title: &str,
        body: &str,
        by: StaffId,
        now: Time,
        version: u32,
    ) -> Result<Template, DeskError> {
        let title = text::required_line(Field::Title, title, MAX_SHORT_BYTES)?;
        let body = text::required_text(Field::Text, body, MAX_TEXT_BYTES)?;
        if let Some(unknown) = unknown_field(&body) {
            let known: Vec<String> = FIELDS.iter().map(|(zh, _)| format!("{{{zh}}}")).collect();
            return Err(DeskError::invalid(
                Field::Text,
                DeskRefusal::UnknownTemplateField {
                    field: unknown,
                    known: known.join(" "),
                },
            ));
        }
        Ok(Template {
            id,
            category,
            kind,
            title,
            text: body,
            by,
            at: now,
            removed: false,
            version,
        })
    }

    /// Whether it is offered for a case of `category` and `kind`.
    pub fn fits(&self, category: &str, kind: CaseKind) -> bool {
        !self.removed
            && self.category.as_deref().is_none_or(|c| c == category)
            && self.kind.is_none_or(|k| k == kind)
    }

    /// How closely it fits: one for the category, one for the kind (the list shows the
    /// closest first).
    pub fn closeness(&self) -> u8 {
        u8::from(self.category.is_some()) + u8::from(self.kind.is_some())
    }

    /// The text with the case's values in its fields.
    pub fn fill(&self, with: &Fill) -> String {
        let mut out = self.text.clone();
        for ((zh, en), value) in
            FIELDS
                .iter()
                .zip([&with.name, &with.unit, &with.ticket, &with.promised])
        {
            out = out
                .replace(&format!("{{{zh}}}"), value)
                .replace(&format!("{{{en}}}"), value);
        }
        out
    }
}

/// The first `{…}` in `text` that names no field.
fn unknown_field(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Some(after.chars().take(12).collect());
        };
        let name = &after[..close];
        if !FIELDS.iter().any(|(zh, en)| name == *zh || name == *en) {
            return Some(name.to_string());
        }
        rest = &after[close + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> Time {
        chrono::Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap()
    }

    #[test]
    fn a_template_fills_its_fields_in_either_language_and_refuses_an_unknown_one() {
        let t = Template::write(
            1,
            Some("water-power".into()),
            Some(CaseKind::Repair),
            "上门时间",
            "{姓名}您好，{工单号}的维修师傅将于{promised}前到{单元}。",
            StaffId(5003),
            at(),
            1,
        )
        .unwrap();
        let filled = t.fill(&Fill {
            name: "张伟".into(),
            unit: "3-2-1102".into(),
            ticket: "T2612-0001".into(),
            promised: "12-07 18:00".into(),
        });
        assert_eq!(
            filled,
            "张伟您好，T2612-0001的维修师傅将于12-07 18:00前到3-2-1102。"
        );
        assert!(t.fits("water-power", CaseKind::Repair));
        assert!(!t.fits("lift", CaseKind::Repair));
        let e = Template::write(2, None, None, "x", "您好{电话}", StaffId(1), at(), 1).unwrap_err();
        assert_eq!(e.field(), Some(Field::Text));
        assert!(e.to_string().contains("电话"), "{e}");
    }
}
