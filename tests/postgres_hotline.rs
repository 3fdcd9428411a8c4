//! A group on one database, as the real binaries run it: two estates' desks (`serve
//! --postgres … --estate`) and the group hotline's daemon (`serve --postgres … --estates
//! all`), three processes on one throwaway cluster. The hotline's lookup spans both estates
//! and names each resident's; a case it takes for one estate is that estate's, and reaches
//! that estate's subscribed screen without anyone there pressing a key.

mod common;

use frontdesk::protocol::req;
use std::time::{Duration, Instant};

use common::*;
use frontdesk::client::{Client, Pushed};
use frontdesk::testkit::postgres::Cluster;

#[test]
fn a_hotline_and_two_estate_desks_on_one_database_share_cases_live() {
    let cluster = Cluster::start().expect("a PostgreSQL cluster");
    let conninfo = cluster.create_database("group").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let [east, west, hotline] = ["east-box", "west-box", "hotline-box"].map(|d| dir.path().join(d));
    for (code, name) in [("DH01", "东湖花园"), ("XS02", "西山苑")] {
        let (ok, _, err) = run(
            &east,
            &[
                "estate",
                "add",
                code,
                "--name",
                name,
                "--postgres",
                &conninfo,
            ],
        );
        assert!(ok, "{err}");
    }
    let east_desk = Daemon::start_with(&east, &["--postgres", &conninfo, "--estate", "DH01"]);
    let west_desk = Daemon::start_with(&west, &["--postgres", &conninfo, "--estate", "XS02"]);
    // This process's login is the first admin of both estates: the group's staff member.
    for socket in [&east_desk.socket, &west_desk.socket] {
        run_ok_on(socket, &["init"]);
        run_ok_on(
            socket,
            &[
                "customer",
                "add",
                "--name",
                "张伟",
                "--phone",
                "13800138000",
                "--unit",
                "3-2-1102",
            ],
        );
    }
    run_ok_on(
        &west_desk.socket,
        &[
            "customer",
            "add",
            "--name",
            "王芳",
            "--phone",
            "13911112222",
            "--unit",
            "1-1-101",
        ],
    );
    let hotline_daemon =
        Daemon::start_with(&hotline, &["--postgres", &conninfo, "--estates", "all"]);
    let on_hotline = |args: &[&str]| run_ok_on(&hotline_daemon.socket, args);

    // One lookup, both estates, each resident under their own estate's code.
    let found = on_hotline(&["customer", "find", "张伟"]);
    assert!(
        found.contains("DH01/C1") && found.contains("XS02/C1"),
        "{found}"
    );
    let found = on_hotline(&["--json", "customer", "find", "wf"]);
    assert!(found.contains("\"estate\": \"XS02\""), "{found}");
    assert!(!found.contains("DH01"), "{found}");

    // A case needs its estate: without one the hotline says which it serves.
    let refused = std::process::Command::new(bin())
        .arg("--socket")
        .arg(&hotline_daemon.socket)
        .args(case_add("C1", "水管爆裂", &[]))
        .output()
        .unwrap();
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && why.contains("estate") && why.contains("DH01, XS02"),
        "{why}"
    );

    // The west desk's screen is subscribed; the hotline takes a call for 西山苑's 张伟.
    let mut west_screen = Client::connect(&west_desk.socket).unwrap();
    let seen_from = west_screen.welcome.last_seq;
    west_screen.subscribe(seen_from).unwrap();
    let ticket = on_hotline(
        &[
            &["--estate", "XS02"][..],
            &case_add("C1", "热线：水管爆裂", &[]),
        ]
        .concat(),
    );
    let ticket = ticket.trim().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    let arrived = loop {
        assert!(
            Instant::now() < deadline,
            "the hotline's case never reached the estate's screen"
        );
        match west_screen.next_pushed(Duration::from_millis(200)).unwrap() {
            Some(Pushed::Change(c)) if c.summary.contains(&ticket) => break c,
            _ => continue,
        }
    };
    assert!(arrived.seq > seen_from);
    // It is the west estate's case, and only theirs.
    assert!(run_ok_on(&west_desk.socket, &["case", "show", &ticket]).contains("热线：水管爆裂"));
    let east_cases = run_ok_on(&east_desk.socket, &["case", "list"]);
    assert!(!east_cases.contains("水管爆裂"), "{east_cases}");
    // A note at the estate's desk is read back at the hotline.
    run_ok_on(
        &west_desk.socket,
        &["case", "note", &ticket, "--text", "已派维修工"],
    );
    let shown = on_hotline(&["--estate", "XS02", "case", "show", &ticket]);
    assert!(shown.contains("已派维修工"), "{shown}");
    // The other way: the hotline's screen follows the estate in view, and its lookup index
    // learns of a resident added at the estate's desk (the hotline's feed woke its pump).
    let mut hotline_screen = Client::connect(&hotline_daemon.socket).unwrap();
    hotline_screen.set_estate(Some("XS02".into()));
    hotline_screen.subscribe(u64::MAX).unwrap();
    run_ok_on(
        &west_desk.socket,
        &[
            "customer",
            "add",
            "--name",
            "欧阳娜娜",
            "--phone",
            "13700001111",
            "--unit",
            "2-1-201",
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        assert!(
            Instant::now() < deadline,
            "the estate's change never reached the hotline"
        );
        match hotline_screen
            .next_pushed(Duration::from_millis(200))
            .unwrap()
        {
            Some(Pushed::Change(c)) if c.summary.contains("欧阳娜娜") => break,
            _ => continue,
        }
    }
    let found = on_hotline(&["customer", "find", "oynn"]);
    assert!(
        found.contains("XS02/C3") && found.contains("欧阳娜娜"),
        "{found}"
    );
    // The search is on record where it showed residents (R-REC-13), and only there.
    let wait_for_reads = |socket: &std::path::Path, what: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let reads = run_ok_on(socket, &["audit", "--reads"]);
            if reads.contains(what) || Instant::now() > deadline {
                return reads;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    let west_reads = wait_for_reads(&west_desk.socket, "oynn");
    assert!(west_reads.contains("oynn"), "{west_reads}");
    let east_reads = wait_for_reads(&east_desk.socket, "张伟");
    assert!(
        east_reads.contains("张伟") && !east_reads.contains("oynn"),
        "{east_reads}"
    );

    // The group's report: each estate's section as its desk computes it, then the total.
    let report = on_hotline(&["report", "month", "--estates", "all"]);
    let (east_part, rest) = report.split_once("Estate XS02 西山苑").expect(&report);
    let (west_part, total) = rest.split_once("Group total: 2 estates").expect(&report);
    assert!(east_part.contains("Estate DH01 东湖花园"), "{report}");
    let cases_line = |part: &str| {
        part.lines()
            .find(|l| l.trim_start().starts_with("cases "))
            .map(|l| l.split_whitespace().last().unwrap_or("").to_string())
    };
    assert_eq!(cases_line(east_part).as_deref(), Some("0"), "{report}");
    assert_eq!(cases_line(west_part).as_deref(), Some("1"), "{report}");
    assert_eq!(cases_line(total).as_deref(), Some("1"), "{report}");
    let json = on_hotline(&["--json", "report", "month", "--estates", "XS02"]);
    assert!(
        json.contains("\"code\": \"XS02\"") && !json.contains("DH01"),
        "{json}"
    );
    let refused = std::process::Command::new(bin())
        .arg("--socket")
        .arg(&east_desk.socket)
        .args(["report", "month", "--estates", "all"])
        .output()
        .unwrap();
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && why.contains("hotline"),
        "{why}"
    );

    // An estate the hotline does not serve is named as such.
    let refused = std::process::Command::new(bin())
        .arg("--socket")
        .arg(&hotline_daemon.socket)
        .args(["--estate", "ZZ9", "case", "show", &ticket])
        .output()
        .unwrap();
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && why.contains("ZZ9"), "{why}");
}

/// The hotline's counter screen, in process: a lookup shows both estates' residents with
/// their codes, the status line names the estate in view, and a case taken for a resident
/// of the second estate is filed there — the operator never chose an estate by hand. With
/// all estates in view the counts add up and the Cases pane lists and follows every
/// estate's cases; opening one brings its estate into view.
#[test]
fn the_hotline_screen_takes_a_case_for_the_residents_own_estate() {
    use frontdesk::client::Calls;
    use frontdesk::domain::Policy;
    use frontdesk::server::{Desk, Hotline};
    use frontdesk::store::PostgresStore;
    use frontdesk::testkit::{Drive, TestDesk, LI, ZHAO};
    use frontdesk::tui::{app::App, i18n::Lang, keymap::Keymap, link::Link};

    let cluster = Cluster::start().expect("a PostgreSQL cluster");
    let conninfo = cluster.create_database("group").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let open = |code: &str| Box::new(PostgresStore::open(&conninfo, code).unwrap());
    let mut desks = Vec::new();
    for (code, name, phone) in [
        ("DH01", "东湖花园", "13800138000"),
        ("XS02", "西山苑", "13911112222"),
    ] {
        PostgresStore::add_estate(&conninfo, code, name).unwrap();
        let desk = TestDesk::on_store(open(code), &dir.path().join(code), Policy::default())
            .and_then(|d| d.staff_up(0))
            .unwrap();
        add_customer(&mut desk.client(LI).unwrap(), "张伟", phone, "3-2-1102");
        desks.push(desk);
    }
    let hotline = Hotline::new(vec![
        Desk::on(open("DH01"), Policy::default(), &dir.path().join("h1")).unwrap(),
        Desk::on(open("XS02"), Policy::default(), &dir.path().join("h2")).unwrap(),
    ])
    .unwrap();
    let hotline = std::sync::Arc::new(hotline);
    let line = hotline.clone();
    let connector: frontdesk::client::Connector = std::sync::Arc::new(move || {
        let stream = line
            .attach_pair(LI.caller())
            .map_err(|e| frontdesk::client::ClientError::Lost(e.to_string()))?;
        Client::handshake(stream)
    });
    let link = Link::open(connector).unwrap();
    let mut app = App::new(link, Keymap::default_map(), Lang::Zh, chrono::Utc::now());

    app.press("zw");
    let shown = common::screen::text_of(&mut app);
    assert!(
        shown.contains("DH01/C1") && shown.contains("XS02/C1"),
        "{shown}"
    );
    assert!(shown.contains("DH01 东湖花园"), "{shown}");
    // The second 张伟 is 西山苑's (the first Down enters the list, the second moves on):
    // intake from that row files the case there.
    app.press("<Down><Down><Enter>");
    app.press("nnoise<Tab>热线：楼上装修噪音<Tab>2099-12-31 18:00<Enter><Enter>");
    app.settle();
    let shown = common::screen::text_of(&mut app);
    assert!(shown.contains("XS02 西山苑"), "{shown}");
    let card = |desk: &TestDesk| {
        desk.client(LI)
            .unwrap()
            .send(req::CustomerShow::of(frontdesk::domain::CustomerId(1)))
            .unwrap()
    };
    let west = card(&desks[1]);
    assert!(
        west.cases
            .iter()
            .any(|c| c.description.contains("楼上装修噪音")),
        "{:?}",
        west.cases
    );
    assert!(card(&desks[0]).cases.is_empty());

    // Alt-E after the last estate puts them all in view: the counts add up, the Cases pane
    // lists every estate's cases under their codes, and follows every estate live.
    app.press("<A-e>");
    let shown = common::screen::text_of(&mut app);
    assert!(
        shown.contains("全部小区") && shown.contains("我的在办 1"),
        "{shown}"
    );
    app.press("<F6>");
    let shown = common::screen::text_of(&mut app);
    assert!(shown.contains("XS02/T"), "{shown}");
    let east_case = add_case(
        &mut desks[0].client(LI).unwrap(),
        frontdesk::domain::CustomerId(1),
        "东湖：电梯困人",
    );
    let arrived = |app: &mut App| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            app.await_events();
            let shown = common::screen::text_of(app);
            if shown.contains(&format!("DH01/{}", east_case.ticket.0)) {
                return shown;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the east desk's case never reached the hotline's list: {shown}"
            );
        }
    };
    let shown = arrived(&mut app);
    assert!(shown.contains("我的在办 2"), "{shown}");
    // Opening it (newest first: the top row) brings its estate into view.
    app.press("<Enter>");
    let shown = common::screen::text_of(&mut app);
    assert!(
        shown.contains("DH01 东湖花园") && shown.contains("电梯困人"),
        "{shown}"
    );
    assert!(
        shown.contains("当前小区：DH01 东湖花园"),
        "said so: {shown}"
    );
    // From one estate, Alt-E goes on to the next: its name, its counts.
    app.press("<Esc><A-e>");
    let shown = common::screen::text_of(&mut app);
    assert!(
        shown.contains("XS02 西山苑") && shown.contains("当前小区"),
        "{shown}"
    );
    assert!(shown.contains("我的在办 1"), "{shown}");

    // An operator on one estate's staff only finds that estate's residents.
    // (Added at the estate's own desk: the hotline learns of it from the log, within its
    // feed's tick.)
    desks[1].add_staff(ZHAO).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut zhao = loop {
        let c = Client::handshake(hotline.attach_pair(ZHAO.caller()).unwrap()).unwrap();
        if c.welcome.me.is_some() {
            break c;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the hotline never learnt of 赵敏"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let found = zhao
        .send(req::CustomerFind {
            query: "zw".into(),
            limit: 50,
        })
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].estate.as_deref(), Some("XS02"));
    assert_eq!(zhao.welcome.estates.len(), 1);
}

/// Across boxes a uid means nothing: on the group's database the login names the person.
/// Another box's uid 5001 is not 李娜 unless its login is `li`; 李娜 logging in on a box
/// where her uid is different is still 李娜, and what she wrote retried there is hers.
#[test]
fn on_the_groups_database_the_login_names_the_person_not_the_uid() {
    use frontdesk::client::Calls;
    use frontdesk::domain::{DeskError, Policy};
    use frontdesk::server::Caller;
    use frontdesk::store::PostgresStore;
    use frontdesk::testkit::{TestDesk, LI};

    let cluster = Cluster::start().expect("a PostgreSQL cluster");
    let conninfo = cluster.create_database("group").unwrap();
    PostgresStore::add_estate(&conninfo, "DH01", "东湖花园").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = PostgresStore::open(&conninfo, "DH01").unwrap();
    let desk = TestDesk::on_store(Box::new(store), dir.path(), Policy::default())
        .and_then(|d| d.staff_up(0))
        .unwrap();
    let mut stranger = desk
        .client_as(Caller {
            uid: LI.uid,
            username: "mallory".into(),
        })
        .unwrap();
    assert!(stranger.welcome.me.is_none());
    let refused = stranger
        .send(req::CustomerFind {
            query: "zw".into(),
            limit: 10,
        })
        .unwrap_err();
    assert!(
        matches!(
            refused,
            frontdesk::client::ClientError::Desk(DeskError::NotRegistered(_))
        ),
        "{refused:?}"
    );
    let mut li_elsewhere = desk
        .client_as(Caller {
            uid: 7301,
            username: LI.login.into(),
        })
        .unwrap();
    assert_eq!(
        li_elsewhere.welcome.me.as_ref().map(|m| m.uid.0),
        Some(LI.uid)
    );
    let who = add_customer(&mut li_elsewhere, "张伟", "13800138000", "3-2-1102");
    let case = add_case(&mut li_elsewhere, who, "楼上漏水");
    assert_eq!(case.received_by.0, LI.uid, "filed as 李娜's");
    // A retry from that box is answered from her record, not applied again.
    let id = frontdesk::client::new_request_id();
    let request = frontdesk::protocol::Request::CaseAdd(req::CaseAdd {
        draft: draft(who, "楼下渗水"),
    });
    let first = li_elsewhere.call_with_id(id, request.clone()).unwrap();
    let again = li_elsewhere.call_with_id(id, request).unwrap();
    assert_eq!(first, again);
    assert_eq!(
        li_elsewhere
            .send(req::CustomerShow::of(who))
            .unwrap()
            .cases
            .len(),
        2
    );
}
