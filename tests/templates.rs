//! Reply templates (快捷回复): supervisors keep them per category and kind, with fields the
//! case fills in; in a reply or note field Ctrl-T lists the ones offered for the case,
//! filtered as the operator types; Enter puts the filled words into the field, and what is
//! sent — what the resident heard — is what the timeline keeps. Both languages.

mod common;

use common::clocked::clocked_desk;
use common::screen::{screen, text_of};
use common::*;
use frontdesk::client::{Calls, Client, ClientError};
use frontdesk::domain::case::{CaseDraft, CaseEvent};
use frontdesk::domain::{CaseKind, DeskError, Field};
use frontdesk::protocol::req;
use frontdesk::testkit::{Drive, BOSS, LI};
use frontdesk::tui::i18n::Lang;

fn save(
    c: &mut Client,
    category: Option<&str>,
    kind: Option<CaseKind>,
    title: &str,
    text: &str,
) -> Result<u64, ClientError> {
    c.send(req::TemplateSave {
        id: None,
        category: category.map(String::from),
        kind,
        title: title.into(),
        text: text.into(),
    })
    .map(|t| t.id)
}

fn templates_of_the_desk(boss: &mut Client) {
    save(
        boss,
        None,
        None,
        "稍后回电",
        "{姓名}您好，我们了解情况后会尽快回电。",
    )
    .unwrap();
    save(
        boss,
        Some("水电维修"),
        Some(CaseKind::Repair),
        "上门时间",
        "{姓名}您好，{工单号}的维修师傅将于{承诺时间}前到{单元}。",
    )
    .unwrap();
    save(boss, Some("lift"), None, "电梯", "电梯维保单位已在路上。").unwrap();
}

#[test]
fn supervisors_keep_the_templates_and_a_case_is_offered_the_closest_first() {
    let d = clocked_desk("2026-11-24 09:00");
    let mut boss = d.desk.client(BOSS).unwrap();
    let mut li = d.desk.client(LI).unwrap();
    // A clerk does not write them; an unknown field is refused by name, nothing written.
    assert!(matches!(
        save(&mut li, None, None, "x", "您好"),
        Err(ClientError::Desk(DeskError::Forbidden(_)))
    ));
    match save(&mut boss, None, None, "电话", "请拨打{电话}") {
        Err(ClientError::Desk(e)) => {
            assert_eq!(e.field(), Some(Field::Text));
            assert!(e.to_string().contains("{电话}"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert!(li
        .send(req::TemplateList {
            category: None,
            kind: None
        })
        .unwrap()
        .is_empty());
    templates_of_the_desk(&mut boss);
    let offered = li
        .send(req::TemplateList {
            category: Some("water-power".into()),
            kind: Some(CaseKind::Repair),
        })
        .unwrap();
    let titles: Vec<&str> = offered.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["上门时间", "稍后回电"],
        "the lift's is not offered"
    );
    // Taken out of the list, kept on record.
    boss.send(req::TemplateRemove { id: offered[1].id })
        .unwrap();
    let all = li
        .send(req::TemplateList {
            category: None,
            kind: None,
        })
        .unwrap();
    assert_eq!(all.len(), 2);
}

#[test]
fn ctrl_t_fills_a_reply_from_the_case_and_the_resident_hears_the_filled_words() {
    for (lang, code, title, reply) in [
        (Lang::En, "en", "Reply templates", "r"),
        (Lang::Zh, "zh", "快捷回复", "r"),
    ] {
        let d = clocked_desk("2026-11-24 09:00");
        let mut boss = d.desk.client(BOSS).unwrap();
        templates_of_the_desk(&mut boss);
        let mut li = d.desk.client(LI).unwrap();
        let who = add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
        let case = li
            .send(req::CaseAdd {
                draft: CaseDraft {
                    kind: CaseKind::Repair,
                    category: "water-power".into(),
                    promised_at: Some(common::clocked::local("2026-11-24 18:00")),
                    ..draft(who, "厨房水管漏水")
                },
            })
            .unwrap();
        let mut app = d.app(LI, lang);
        app.press(&format!("{}<Enter>", case.ticket.0));
        app.press(reply);
        app.press("<C-t>");
        let text = text_of(&mut app);
        assert!(text.contains(title), "{text}");
        assert!(
            text.contains("张伟您好，T2611-0001的维修师傅将于11-24 18:00前到3-2-1102。"),
            "{text}"
        );
        insta::assert_snapshot!(format!("templates_{code}"), screen(&mut app).backend());
        // Filtered as typed: the title's words find it.
        app.press("上门<Enter>");
        app.press("<Enter>");
        let case = li
            .send(req::CaseShow {
                ticket: case.ticket.clone(),
                reason: None,
            })
            .unwrap();
        let said = case.timeline.iter().find_map(|e| match &e.event {
            CaseEvent::Replied(t) => Some(t.clone()),
            _ => None,
        });
        assert_eq!(
            said.as_deref(),
            Some("张伟您好，T2611-0001的维修师傅将于11-24 18:00前到3-2-1102。")
        );
    }
}

#[test]
fn the_cli_lists_and_writes_templates() {
    let (_dir, data, _daemon) = zhang_wei_desk();
    run_ok(
        &data,
        &[
            "template",
            "add",
            "--title",
            "上门时间",
            "--text",
            "{姓名}您好，师傅将于{承诺时间}前到。",
            "--category",
            "水电维修",
            "--kind",
            "repair",
        ],
    );
    let out = run_ok(&data, &["template", "list"]);
    assert!(out.contains("#1  上门时间  [water-power, repair]"), "{out}");
    let (ok, _, err) = run(
        &data,
        &["template", "add", "--title", "x", "--text", "{nope}"],
    );
    assert!(!ok && err.contains("{nope}"), "{err}");
}
