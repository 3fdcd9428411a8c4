//! `frontdesk screenshots DIR`: drives apps over a deterministic demo desk (fixed clock,
//! fixed seed) into each pane state and writes every screen as an SVG whose cells are placed
//! on a fixed grid, so CJK columns line up whatever the font's advances. `contrib/screenshots.sh`
//! turns them into the PNGs in `screenshots/`.

use crate::protocol::req;
use std::fmt::Write as _;
use std::path::Path;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;

use super::{fixed_now, Drive, TestDesk, LI, WANG};
use crate::client::Calls;
use crate::domain::Policy;
use crate::tui::app::App;
use crate::tui::i18n::Lang;
use crate::tui::ui;

const CELL_W: usize = 9;
const CELL_H: usize = 19;
const BG: &str = "#1d1f21";
const FG: &str = "#d5d8d6";

fn hex(c: Color, default: &str) -> String {
    match c {
        Color::Reset => default.to_string(),
        Color::Black => "#1d1f21".into(),
        Color::Red | Color::LightRed => "#e06c75".into(),
        Color::Green | Color::LightGreen => "#98c379".into(),
        Color::Yellow | Color::LightYellow => "#e5c07b".into(),
        Color::Blue | Color::LightBlue => "#3f6fb5".into(),
        Color::Magenta | Color::LightMagenta => "#c678dd".into(),
        Color::Cyan | Color::LightCyan => "#56b6c2".into(),
        Color::Gray | Color::White => "#eeeeee".into(),
        Color::DarkGray => "#5c6370".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(_) => default.to_string(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The buffer as an SVG: one rect per coloured cell, one text per glyph at its cell.
pub fn to_svg(buf: &Buffer) -> String {
    let area = buf.area;
    let (w, h) = (area.width as usize * CELL_W, area.height as usize * CELL_H);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="DejaVu Sans Mono, WenQuanYi Zen Hei Mono, monospace" font-size="15">"#
    );
    let _ = writeln!(out, r#"<rect width="{w}" height="{h}" fill="{BG}"/>"#);
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buf[(x, y)];
            let mut fg = hex(cell.fg, FG);
            let mut bg = hex(cell.bg, BG);
            if cell.modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fg, &mut bg);
            }
            let (px, py) = (x as usize * CELL_W, y as usize * CELL_H);
            let sym = cell.symbol();
            let wide = unicode_width::UnicodeWidthStr::width(sym) >= 2;
            if bg != BG {
                let cw = if wide { CELL_W * 2 } else { CELL_W };
                let _ = writeln!(
                    out,
                    r#"<rect x="{px}" y="{py}" width="{cw}" height="{CELL_H}" fill="{bg}"/>"#
                );
            }
            if sym.trim().is_empty() {
                continue;
            }
            let weight = if cell.modifier.contains(Modifier::BOLD) {
                r#" font-weight="bold""#
            } else {
                ""
            };
            let _ = writeln!(
                out,
                r#"<text x="{px}" y="{}" fill="{fg}"{weight}>{}</text>"#,
                py + CELL_H - 5,
                escape(sym)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

fn shot(app: &mut App, dir: &Path, name: &str) -> anyhow::Result<()> {
    let mut t = Terminal::new(TestBackend::new(110, 32))?;
    t.draw(|f| ui::render(app, f))?;
    std::fs::write(
        dir.join(format!("{name}.svg")),
        to_svg(t.backend().buffer()),
    )?;
    Ok(())
}

/// Renders every pane into `out` as SVG files; `work` is an empty scratch directory.
pub fn render_all(work: &Path, out: &Path) -> anyhow::Result<Vec<String>> {
    std::fs::create_dir_all(out)?;
    let fx = TestDesk::frozen(work, Policy::default(), fixed_now())?.staff_up(2000)?;
    let mut names = Vec::new();
    let mut take = |app: &mut App, name: &str| -> anyhow::Result<()> {
        shot(app, out, name)?;
        names.push(name.to_string());
        Ok(())
    };

    let mut app = fx.app(LI, Lang::En)?;
    app.press("zw");
    take(&mut app, "lookup")?;
    // 张卫东, whose card has history: `zwd` is his exact initials.
    app.press("d<Down><Enter>");
    take(&mut app, "card")?;
    // The card's edit form, and the resident's unit with a recorded move-in.
    app.press("e<Tab><End>, 13911112222<Tab><Tab><Tab><Tab>住户来电更新号码");
    take(&mut app, "card-edit")?;
    app.press("<Esc>");
    if let Some(c) = app.lookup.card().map(|c| c.customer.clone()) {
        let mut li = fx.client(LI)?;
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        li.send(req::UnitMoveIn {
            unit: c.units[0],
            move_in: crate::domain::MoveIn {
                customer: c.id,
                role: crate::domain::OccupantRole::Owner,
                date: day(2019, 6, 1),
                residence_card: String::new(),
                kinship_proof: String::new(),
                owner: None,
            },
        })?;
        li.send(req::UnitDocument {
            unit: c.units[0],
            kind: crate::domain::DocKind::MoveInSignoff,
            date: day(2019, 6, 1),
        })?;
        app.press("u");
        take(&mut app, "unit")?;
        app.press("<Esc>");
    }
    app.press("n<BackTab><Left><Tab>noise<Tab>楼上装修噪音，本周每晚十点以后还在施工");
    app.press("<Tab><Tab>19:00<Enter>");
    take(&mut app, "intake-read-back")?;
    app.press("<Enter>");
    take(&mut app, "intake-saved")?;
    let ticket = app.intake.saved_ticket().cloned();
    let seen = app.seen_seq;
    app.press("<Esc><F4><Right>");
    take(&mut app, "schedule")?;
    app.press("<F5>");
    take(&mut app, "callbacks")?;
    app.press("?");
    take(&mut app, "help")?;
    app.press("<Esc><A-d>");
    take(&mut app, "cases")?;
    app.press("m<Enter>");
    take(&mut app, "case-view")?;

    // The next morning's digest: a colleague noted on li's case meanwhile.
    if let Some(t) = &ticket {
        fx.client(WANG)?.send(req::CaseStep {
            ticket: t.clone(),
            base_version: None,
            step: crate::protocol::CaseStep::Note("住户来电：明天上午在家，可上门".into()),
        })?;
    }
    let mut morning = fx.app(LI, Lang::En)?;
    morning.open_digest(seen);
    take(&mut morning, "digest")?;

    let mut zh = fx.app(WANG, Lang::Zh)?;
    zh.press("3-2-");
    take(&mut zh, "lookup-zh")?;
    // Intake from the card: the category picked from the desk's list as it is typed.
    zh.press("<Enter>n噪");
    take(&mut zh, "intake-zh")?;
    zh.press("<Esc><F2><Esc><Esc><Esc>");
    zh.press("<F5>u");
    take(&mut zh, "callbacks-zh")?;
    if let Some(t) = &ticket {
        zh.press(&format!("<Esc><F6>d/{}<Enter><Enter>", t.0));
        take(&mut zh, "case-view-zh")?;
    }
    calls(&fx, &mut take)?;
    incidents(&fx, &mut take)?;
    reports(&work.join("reports"), &mut take)?;
    let printed = paperwork(&work.join("paperwork"), out, &mut take)?;
    names.extend(printed);
    Ok(names)
}

/// The Reports pane and the survey view, on a desk with 75 days of demo history and a
/// December survey under way.
/// The caller pop-up: on an idle desk the card opens by itself under it (English); over a
/// pane in use it waits for its key (Chinese).
fn calls(
    fx: &TestDesk,
    take: &mut dyn FnMut(&mut App, &str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut admin = fx.client(super::ADMIN)?;
    for (login, ext) in [("li", "801"), ("wang", "802")] {
        admin.send(req::StaffSet::extension(login, ext))?;
    }
    let mut exchange = fx.client(super::BOSS)?;
    let caller = exchange.send(req::CustomerFind {
        query: "zwd".into(),
        limit: 1,
    })?;
    let from = caller
        .first()
        .and_then(|m| m.customer.phones.first().cloned())
        .unwrap_or_else(|| "13800001102".into());
    let mut ring = |ext: &str| {
        exchange.send(req::CallRing {
            from: from.clone(),
            ext: ext.into(),
            line: None,
        })
    };
    let mut li = fx.app(LI, Lang::En)?;
    ring("801")?;
    li.await_events();
    take(&mut li, "caller-popup")?;
    let mut wang = fx.app(WANG, Lang::Zh)?;
    wang.press("<A-d>");
    ring("802")?;
    wang.await_events();
    take(&mut wang, "caller-popup-zh")
}

/// An incident declared by a supervisor, three callers' cases linked to it: the Cases
/// pane's group, in both languages.
fn incidents(
    fx: &TestDesk,
    take: &mut dyn FnMut(&mut App, &str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use crate::protocol::LinkTo;
    let mut boss = fx.client(super::BOSS)?;
    let no = boss
        .send(req::IncidentOpen {
            building: 28,
            category: "停水".into(),
            text: "28栋地下室总阀爆裂，全楼停水".into(),
        })?
        .no;
    let mut li = fx.client(LI)?;
    let residents = li.send(req::CustomerFind {
        query: "28-".into(),
        limit: 3,
    })?;
    for (m, text) in residents
        .iter()
        .zip(["家里没水了", "楼上楼下都停水", "问什么时候来水"])
    {
        let case = li.send(req::CaseAdd {
            draft: crate::domain::case::CaseDraft {
                customer: Some(m.customer.id),
                kind: crate::domain::CaseKind::Repair,
                channel: crate::domain::Channel::Phone,
                category: "water-power".into(),
                description: text.into(),
                promised_at: Some(fixed_now() + chrono::Duration::hours(4)),
                ..Default::default()
            },
        })?;
        li.send(req::IncidentLink {
            ticket: case.ticket,
            to: LinkTo::Incident(no.clone()),
        })?;
    }
    let mut en = fx.app(LI, Lang::En)?;
    en.press("<F6>i");
    take(&mut en, "incident-group")?;
    let mut zh = fx.app(WANG, Lang::Zh)?;
    zh.press("<F6>i");
    take(&mut zh, "incident-group-zh")
}

fn reports(
    work: &Path,
    take: &mut impl FnMut(&mut App, &str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use crate::domain::survey::{RoundMonth, Scores};

    let fx = TestDesk::frozen(work, Policy::default(), fixed_now())?.staff_up(0)?;
    fx.client(super::ADMIN)?.send(req::Demo {
        customers: 2000,
        seed: 1,
        history_days: 75,
    })?;
    let mut boss = fx.client(super::BOSS)?;
    boss.send(req::SurveyOpen {
        month: RoundMonth::parse("2026-12")?,
        off_cycle: false,
        issue_on: None,
    })?;
    boss.send(req::SurveyIssue {
        round: None,
        units: Vec::new(),
        all_occupied: true,
    })?;
    let mut li = fx.client(LI)?;
    let forms = [
        "5,5,4,4,5,5,5",
        "4,4,3,4,5,5,4",
        "4,5,4,3,4,5,4",
        "5,4,4,4,5,5,5",
        "4,4,4,4,5,5,4",
        "5,5,5,4,4,5,5",
        "4,5,3,4,4,4,4",
        "5,4,4,-,5,5,4",
        "4,4,4,3,4,5,4",
        "3,4,2,4,4,5,3",
    ];
    for id in 30..150u64 {
        let card = li.send(req::CustomerShow::of(crate::domain::CustomerId(id)))?;
        let Some(unit) = card.customer.units.first().copied() else {
            continue;
        };
        let scores = Scores::parse(forms[id as usize % forms.len()])?;
        // A second resident of a unit already answered: one form per dwelling.
        let _ = li.send(req::SurveyRecord {
            round: None,
            unit,
            scores,
            comment: String::new(),
        });
    }
    let mut app = fx.app(super::BOSS, Lang::En)?;
    app.press("<F7>");
    take(&mut app, "reports")?;
    app.press("s");
    take(&mut app, "survey")?;
    let mut zh = fx.app(super::BOSS, Lang::Zh)?;
    zh.press("<F7>");
    take(&mut zh, "reports-zh")?;
    Ok(())
}

/// The Paperwork pane in English and Chinese, the guard's gate, and a printed release slip
/// (the A5 text page drawn as it prints).
fn paperwork(
    work: &Path,
    out: &Path,
    take: &mut impl FnMut(&mut App, &str) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<String>> {
    let fx = TestDesk::frozen(work, Policy::default(), fixed_now())?.staff_up(0)?;
    let papers = fx.paperwork_demo()?;
    let mut li = fx.app(LI, Lang::En)?;
    li.press("<F8>");
    take(&mut li, "paperwork")?;
    let mut zh = fx.app(LI, Lang::Zh)?;
    zh.press("<F8><Down><Down>");
    take(&mut zh, "paperwork-zh")?;
    let mut gate = fx.app(super::paperwork::GATE, Lang::Zh)?;
    gate.press(&format!("{}<Enter>", papers.slip));
    take(&mut gate, "gate-zh")?;
    let (slip, _) = fx
        .client(LI)?
        .send(crate::protocol::req::ReleaseVerify { no: papers.slip })?;
    let names = crate::pages::Names {
        who: Box::new(|uid| {
            if uid.0 == LI.uid {
                LI.name.to_string()
            } else {
                format!("uid {}", uid.0)
            }
        }),
        offset_minutes: 480,
    };
    let page = crate::pages::release_slip(&slip, &names);
    let lines: Vec<&str> = page.lines().collect();
    let width = crate::pages::WIDTH as u16 + 4;
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(
        0,
        0,
        width,
        lines.len() as u16 + 2,
    ));
    for (i, line) in lines.iter().enumerate() {
        buf.set_string(2, i as u16 + 1, line, ratatui::style::Style::new());
    }
    std::fs::write(out.join("printed-slip.svg"), to_svg(&buf))?;
    Ok(vec!["printed-slip".into()])
}
