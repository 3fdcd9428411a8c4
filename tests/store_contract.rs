//! The store contract: what every backend behind `frontdesk::store::Store` must do, written
//! once as generic functions and run on each backend (`contract!` at the bottom: sled and
//! memory today; a new backend adds one line). The records come from a real desk — a
//! `MemoryStore` loaded through the daemon with demo residents, carried-through history and
//! the desk's paperwork — and are copied into a fresh store of the backend under test, which
//! must then answer every read exactly as the source does, in the orders the seam promises.

mod common;

use frontdesk::domain::incident::Incident;
use frontdesk::domain::loan::Loan;
use frontdesk::domain::permit::Permit;
use frontdesk::domain::release::ReleaseSlip;
use frontdesk::domain::template::Template;
use frontdesk::domain::visitor::Visitor;
use frontdesk::protocol::req;
use frontdesk::store::{Papers, Which};
use std::sync::OnceLock;

use frontdesk::client::Calls;
use frontdesk::domain::fees::{ReminderOutcome, Way};
use frontdesk::domain::{
    AccessFilter, AccessRecord, ChangeRecord, ChangeSubject, CustomerId, RequestId, StaffId, Time,
};
use frontdesk::store::{
    export, Counter, Effects, Expect, MemoryStore, PaperStore, PostgresStore, Prior, SledStore,
    Store, StoreConfig, StoreError, WriteSet,
};
use frontdesk::testkit::{TestDesk, ADMIN, LI};

/// A fresh, empty store of one backend, with whatever keeps it alive (and stops it).
struct Fresh<S> {
    store: S,
    _guard: Box<dyn std::any::Any>,
}

fn sled() -> Fresh<SledStore> {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(&dir.path().join("store"), StoreConfig::default()).unwrap();
    Fresh {
        store,
        _guard: Box::new(dir),
    }
}

fn memory() -> Fresh<MemoryStore> {
    Fresh {
        store: MemoryStore::new(),
        _guard: Box::new(()),
    }
}

/// A throwaway cluster of its own (stopped when the test ends, passed or not), one estate.
fn postgres() -> Fresh<PostgresStore> {
    let cluster = frontdesk::testkit::postgres::Cluster::start().expect("a PostgreSQL cluster");
    let conninfo = cluster.create_database("group").unwrap();
    PostgresStore::add_estate(&conninfo, "E1", "东湖花园").unwrap();
    let store = PostgresStore::open(&conninfo, "E1").unwrap();
    Fresh {
        store,
        _guard: Box::new(cluster),
    }
}

/// A desk's worth of every record kind, written through the daemon (once per test run).
fn source() -> &'static MemoryStore {
    static SOURCE: OnceLock<MemoryStore> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let store = MemoryStore::new();
        let dir = tempfile::tempdir().unwrap();
        let desk = TestDesk::on_store(Box::new(store.clone()), dir.path(), common::unthrottled())
            .unwrap()
            .staff_up(0)
            .unwrap();
        let mut admin = desk.client(ADMIN).unwrap();
        admin
            .send(req::Demo {
                customers: 120,
                seed: 7,
                history_days: 75,
            })
            .unwrap();
        desk.paperwork_demo().unwrap();
        let mut li = desk.client(LI).unwrap();
        let owner = common::add_customer(&mut li, "张伟", "13800001102", "3-2-1102");
        common::add_case(&mut li, owner, "漏水");
        residents(&desk, &mut li, owner);
        // Two reminders on a unit in arrears.
        let unit = store.arrears_in(None).unwrap()[0].unit;
        for way in [Way::Phone, Way::Sms] {
            li.send(req::FeesRemind {
                unit,
                way,
                outcome: ReminderOutcome::Unreachable,
                note: String::new(),
            })
            .unwrap();
        }
        // A cover hand-over, approved by the supervisor.
        let now = chrono::Utc::now();
        li.send(req::CoverSign {
            covering: "wang".into(),
            from: now,
            until: now + chrono::Duration::hours(1),
            approved_by: "boss".into(),
        })
        .unwrap();
        // An incident declared, and the case above linked to it; another declared and resolved.
        let mut boss = desk.client(frontdesk::testkit::BOSS).unwrap();
        let lift = boss
            .send(req::IncidentOpen {
                building: 3,
                category: "lift".into(),
                text: "3栋电梯停运".into(),
            })
            .unwrap();
        let ticket = li
            .send(req::CaseList {
                filter: frontdesk::protocol::CaseFilter {
                    mine: true,
                    limit: 1,
                    ..Default::default()
                },
            })
            .unwrap()
            .rows[0]
            .ticket
            .clone();
        li.send(req::IncidentLink {
            ticket: frontdesk::domain::Ticket(ticket),
            to: frontdesk::protocol::LinkTo::Incident(lift.no),
        })
        .unwrap();
        let power = boss
            .send(req::IncidentOpen {
                building: 4,
                category: "停电".into(),
                text: "4栋停电".into(),
            })
            .unwrap();
        boss.send(req::IncidentResolve {
            no: power.no,
            resolution: frontdesk::domain::case::Resolution::new("已恢复供电", "", ""),
        })
        .unwrap();
        // Reply templates: one in the list, one taken out of it.
        for (title, text) in [
            ("上门时间", "{姓名}您好，师傅将于{承诺时间}前到。"),
            ("旧", "旧话术"),
        ] {
            let t = boss
                .send(req::TemplateSave {
                    id: None,
                    category: None,
                    kind: None,
                    title: title.into(),
                    text: text.into(),
                })
                .unwrap();
            if title == "旧" {
                boss.send(req::TemplateRemove { id: t.id }).unwrap();
            }
        }
        // Two calls: one from a resident, hung up; one from a number on no record.
        for from in ["13800001102", "13912345678"] {
            let rang = li
                .send(req::CallRing {
                    from: from.into(),
                    ext: "801".into(),
                    line: None,
                })
                .unwrap();
            if !rang.callers.is_empty() {
                li.send(req::CallEnd { id: rang.call.id }).unwrap();
            }
        }
        store
    })
}

/// A dwelling with an owner and a tenant who moved out, a verification, a merged
/// duplicate and a survey round: the records the demo does not make.
fn residents(desk: &TestDesk, li: &mut frontdesk::client::Client, owner: CustomerId) {
    use frontdesk::domain::{MoveIn, OccupantRole, UnitCode};
    let unit = UnitCode::parse("3-2-1102").unwrap();
    let day = chrono::Utc::now().date_naive() - chrono::Duration::days(20);
    let tenant = common::add_customer(li, "李四", "13800002222", "3-2-1102");
    let move_in = |customer, role, owner| MoveIn {
        customer,
        role,
        date: day,
        residence_card: String::new(),
        kinship_proof: String::new(),
        owner,
    };
    li.send(req::UnitMoveIn {
        unit,
        move_in: move_in(owner, OccupantRole::Owner, None),
    })
    .unwrap();
    li.send(req::UnitMoveIn {
        unit,
        move_in: move_in(tenant, OccupantRole::Tenant, Some(owner)),
    })
    .unwrap();
    li.send(req::UnitMoveOut {
        unit,
        customer: tenant,
        date: day + chrono::Duration::days(5),
        reason: "租约到期".into(),
    })
    .unwrap();
    li.send(req::CustomerVerify { id: owner }).unwrap();
    let twin = common::add_customer(li, "张伟", "13800001102", "3-2-1102");
    let mut boss = desk.client(frontdesk::testkit::BOSS).unwrap();
    boss.send(req::CustomerMerge {
        keep: owner,
        drop: twin,
        reason: "同一人登记两次".into(),
    })
    .unwrap();
    boss.send(req::SurveyOpen {
        month: frontdesk::domain::survey::RoundMonth::of(chrono::Utc::now().date_naive()),
        off_cycle: true,
        issue_on: None,
    })
    .unwrap();
}

/// Everything in `src` as one write, as a restore would.
fn copy_of(src: &MemoryStore) -> WriteSet {
    let mut ws = WriteSet {
        customers: src.customers().unwrap(),
        cases: src.all_cases().unwrap(),
        callbacks: src
            .all_callbacks()
            .unwrap()
            .into_iter()
            .map(|c| (None, c))
            .collect(),
        visits: src
            .all_visits()
            .unwrap()
            .into_iter()
            .map(|v| (None, v))
            .collect(),
        staff: src.all_staff().unwrap(),
        dwellings: src.all_dwellings().unwrap(),
        moved_out: src
            .all_moved_out()
            .unwrap()
            .into_iter()
            .map(|c| (c, true))
            .collect(),
        verifications: src.all_verifications().unwrap(),
        forwards: src.all_forwards().unwrap(),
        case_units: src.all_case_units().unwrap(),
        surveys: src.all_surveys().unwrap(),
        survey_responses: src.all_survey_responses().unwrap(),
        arrears: Some(src.arrears_in(None).unwrap()),
        reminders: (1..).zip(src.all_reminders().unwrap()).collect(),
        covers: (1..).zip(src.all_covers().unwrap()).collect(),
        calls: src.all_calls().unwrap(),

        ..WriteSet::default()
    };
    for i in src.papers::<Incident>(false).unwrap() {
        ws.put(&i);
    }
    for t in src.papers::<Template>(false).unwrap() {
        ws.put(&t);
    }
    for l in src.papers::<Loan>(false).unwrap() {
        ws.put(&l);
    }
    for p in src.papers::<Permit>(false).unwrap() {
        ws.put(&p);
    }
    for s in src.papers::<ReleaseSlip>(false).unwrap() {
        ws.put(&s);
    }
    for v in src.papers::<Visitor>(false).unwrap() {
        ws.put(&v);
    }
    for (c, v) in src.counters().unwrap() {
        ws.move_counter(c, 0, v);
    }
    ws
}

fn change(by: StaffId, at: Time, n: u8, subject: ChangeSubject) -> ChangeRecord {
    ChangeRecord {
        seq: 0,
        by,
        at,
        request_id: RequestId([n; 16]),
        operation: "test.write".into(),
        subject,
        summary: format!("change {n}"),
    }
}

/// A refusal for what another writer did meanwhile: a change to what was read, or a number
/// drawn twice.
fn conflict(r: Result<Option<ChangeRecord>, StoreError>) -> String {
    match r {
        Err(StoreError::Conflict(why) | StoreError::NumberTaken(why)) => why.to_string(),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn every_record_kind_round_trips<S: Store>(mut fresh: Fresh<S>) {
    let src = source();
    let t = &mut fresh.store;
    t.commit(&copy_of(src)).unwrap();
    assert!(src.customers().unwrap().len() > 120);
    assert_eq!(t.customers().unwrap(), src.customers().unwrap());
    assert_eq!(t.lookup_records().unwrap(), src.lookup_records().unwrap());
    assert_eq!(t.all_staff().unwrap(), src.all_staff().unwrap());
    assert_eq!(t.staff_count(), src.staff_count());
    assert_eq!(t.all_dwellings().unwrap(), src.all_dwellings().unwrap());
    assert_eq!(t.all_moved_out().unwrap(), src.all_moved_out().unwrap());
    assert_eq!(
        t.all_verifications().unwrap(),
        src.all_verifications().unwrap()
    );
    assert_eq!(t.all_forwards().unwrap(), src.all_forwards().unwrap());
    assert_eq!(t.all_cases().unwrap(), src.all_cases().unwrap());
    assert_eq!(t.all_callbacks().unwrap(), src.all_callbacks().unwrap());
    assert_eq!(t.all_visits().unwrap(), src.all_visits().unwrap());
    let mut counters = t.counters().unwrap();
    counters.sort();
    assert_eq!(counters, src.counters().unwrap());
    assert!(t.counter(Counter::Customer).unwrap() > 0);
    for c in src.customers().unwrap() {
        assert_eq!(t.customer(c.id).unwrap().as_ref(), Some(&c));
        assert_eq!(
            t.verification(c.id).unwrap(),
            src.verification(c.id).unwrap()
        );
        assert_eq!(t.moved_out(c.id).unwrap(), src.moved_out(c.id).unwrap());
    }
    for d in src.all_dwellings().unwrap() {
        assert_eq!(t.dwelling(d.unit).unwrap().as_ref(), Some(&d));
    }
    for s in src.all_staff().unwrap() {
        assert_eq!(t.staff(s.uid).unwrap().as_ref(), Some(&s));
    }
    let papers_src: &dyn PaperStore = src;
    let papers: &dyn PaperStore = t;
    assert_eq!(
        papers.all_surveys().unwrap(),
        papers_src.all_surveys().unwrap()
    );
    assert_eq!(
        papers.all_survey_responses().unwrap(),
        papers_src.all_survey_responses().unwrap()
    );
    assert_eq!(
        papers.papers::<ReleaseSlip>(false).unwrap(),
        papers_src.papers::<ReleaseSlip>(false).unwrap()
    );
    assert_eq!(
        papers.papers::<Visitor>(false).unwrap(),
        papers_src.papers::<Visitor>(false).unwrap()
    );
    assert_eq!(
        papers.papers::<Loan>(false).unwrap(),
        papers_src.papers::<Loan>(false).unwrap()
    );
    assert_eq!(
        papers.papers::<Permit>(false).unwrap(),
        papers_src.papers::<Permit>(false).unwrap()
    );
    assert_eq!(
        papers.arrears_in(None).unwrap(),
        papers_src.arrears_in(None).unwrap()
    );
    assert_eq!(
        papers.all_reminders().unwrap(),
        papers_src.all_reminders().unwrap()
    );
    assert_eq!(
        papers.all_covers().unwrap(),
        papers_src.all_covers().unwrap()
    );
    assert_eq!(papers.all_calls().unwrap(), papers_src.all_calls().unwrap());
    assert_eq!(
        t.papers::<Incident>(false).unwrap(),
        src.papers::<Incident>(false).unwrap()
    );
    assert_eq!(
        t.papers::<Template>(false).unwrap(),
        src.papers::<Template>(false).unwrap()
    );
    assert_eq!(src.papers::<Template>(false).unwrap().len(), 2);
    for i in src.papers::<Incident>(false).unwrap() {
        assert_eq!(t.paper::<Incident>(&i.no.0).unwrap().as_ref(), Some(&i));
    }
    for c in papers_src.all_calls().unwrap() {
        assert_eq!(papers.call(c.id).unwrap().as_ref(), Some(&c));
    }
    for p in papers_src.papers::<Permit>(false).unwrap() {
        assert_eq!(papers.paper::<Permit>(&p.no.0).unwrap().as_ref(), Some(&p));
    }
    for s in papers_src.papers::<ReleaseSlip>(false).unwrap() {
        assert_eq!(
            papers.paper::<ReleaseSlip>(&s.no.0).unwrap().as_ref(),
            Some(&s)
        );
    }
    for v in papers_src.papers::<Visitor>(false).unwrap() {
        assert_eq!(papers.paper::<Visitor>(&v.no.0).unwrap().as_ref(), Some(&v));
    }
    for l in papers_src.papers::<Loan>(false).unwrap() {
        assert_eq!(papers.paper::<Loan>(&l.no.0).unwrap().as_ref(), Some(&l));
    }
    for s in papers_src.all_surveys().unwrap() {
        assert_eq!(papers.survey(s.month).unwrap().as_ref(), Some(&s));
    }
    assert!(
        !papers_src.papers::<Permit>(false).unwrap().is_empty(),
        "the source has paperwork"
    );
}

fn every_index_and_queue_answers_as_the_source<S: Store>(mut fresh: Fresh<S>) {
    let src = source();
    let t = &mut fresh.store;
    t.commit(&copy_of(src)).unwrap();
    for c in src.customers().unwrap() {
        let history = t.cases_for(c.id).unwrap();
        assert_eq!(history, src.cases_for(c.id).unwrap());
        // A resident's history in key order, theirs only.
        assert!(history.windows(2).all(|w| w[0].key < w[1].key));
        assert!(history.iter().all(|k| k.key.customer == c.id));
        assert_eq!(
            t.callbacks_for(c.id).unwrap(),
            src.callbacks_for(c.id).unwrap()
        );
        assert_eq!(t.visits_for(c.id).unwrap(), src.visits_for(c.id).unwrap());
        assert_eq!(
            t.case_units_of(c.id).unwrap(),
            src.case_units_of(c.id).unwrap()
        );
    }
    for case in src.all_cases().unwrap() {
        assert_eq!(t.case(case.key).unwrap().as_ref(), Some(&case));
        assert_eq!(
            t.case_by_ticket(&case.ticket).unwrap().as_ref(),
            Some(&case)
        );
        assert_eq!(
            t.unit_of_case(case.key).unwrap(),
            src.unit_of_case(case.key).unwrap()
        );
    }
    for cb in src.all_callbacks().unwrap() {
        assert_eq!(t.callback(cb.id).unwrap().as_ref(), Some(&cb));
    }
    for v in src.all_visits().unwrap() {
        assert_eq!(t.visit(v.id).unwrap().as_ref(), Some(&v));
    }
    let open = t.unclosed_cases().unwrap();
    assert_eq!(open, src.unclosed_cases().unwrap());
    assert!(open
        .iter()
        .all(|c| c.status != frontdesk::domain::CaseStatus::Closed));
    // The callback queue in due order, cut at a time.
    let pending = t.pending_callbacks(None).unwrap();
    assert_eq!(pending, src.pending_callbacks(None).unwrap());
    assert!(pending
        .windows(2)
        .all(|w| (w[0].due, w[0].id) <= (w[1].due, w[1].id)));
    assert!(!pending.is_empty());
    let middle = pending[pending.len() / 2].due;
    let due = t.pending_callbacks(Some(middle)).unwrap();
    assert_eq!(due, src.pending_callbacks(Some(middle)).unwrap());
    assert!(due.iter().all(|c| c.due < middle));
    // Visits by time, and one colleague's.
    let visits = src.all_visits().unwrap();
    assert!(!visits.is_empty());
    let (from, to) = (
        visits.iter().map(|v| v.start).min().unwrap(),
        visits.iter().map(|v| v.start).max().unwrap(),
    );
    let window = t.visits_starting(from, to).unwrap();
    assert_eq!(window, src.visits_starting(from, to).unwrap());
    assert!(window.iter().all(|v| v.start >= from && v.start < to));
    assert!(window
        .windows(2)
        .all(|w| (w[0].start, w[0].id) <= (w[1].start, w[1].id)));
    let staff = visits[0].staff;
    assert_eq!(
        t.staff_visits_starting(staff, from, to).unwrap(),
        src.staff_visits_starting(staff, from, to).unwrap()
    );
    // Units and months.
    assert_eq!(t.all_case_units().unwrap(), src.all_case_units().unwrap());
    for d in src.all_dwellings().unwrap() {
        assert_eq!(t.cases_at(d.unit).unwrap(), src.cases_at(d.unit).unwrap());
    }
    let months: Vec<u32> = src
        .all_cases()
        .unwrap()
        .iter()
        .map(|c| frontdesk::store::months_of(c).into_iter().next().unwrap())
        .collect();
    let (first, last) = (*months.iter().min().unwrap(), *months.iter().max().unwrap());
    assert!(first < last, "the history spans months");
    for (a, b) in [(first, first), (first, last), (last, last)] {
        let touched = t.cases_touched(a, b).unwrap();
        assert_eq!(touched, src.cases_touched(a, b).unwrap());
        let keys: std::collections::HashSet<_> = touched.iter().map(|c| c.key).collect();
        assert_eq!(keys.len(), touched.len(), "each case once");
    }
    index_papers(t, src);
}

fn index_papers(t: &dyn Store, src: &MemoryStore) {
    let (t, src): (&dyn PaperStore, &dyn PaperStore) = (t, src);
    assert_eq!(
        t.papers::<ReleaseSlip>(true).unwrap(),
        src.papers::<ReleaseSlip>(true).unwrap()
    );
    assert_eq!(
        t.papers::<Visitor>(true).unwrap(),
        src.papers::<Visitor>(true).unwrap()
    );
    assert_eq!(
        t.papers::<Loan>(true).unwrap(),
        src.papers::<Loan>(true).unwrap()
    );
    assert_eq!(
        t.papers::<Permit>(true).unwrap(),
        src.papers::<Permit>(true).unwrap()
    );
    // A month's visitors, by the number's prefix; another month has none.
    let visitors = src.papers::<Visitor>(false).unwrap();
    assert!(!visitors.is_empty(), "the fixture has visitors");
    for v in &visitors {
        let month = &v.no.0[..6];
        let listed = t.papers_where::<Visitor>(Which::Numbered(month)).unwrap();
        assert_eq!(
            listed,
            src.papers_where::<Visitor>(Which::Numbered(month)).unwrap()
        );
        assert!(listed.contains(v) && listed.iter().all(|l| l.no.0.starts_with(month)));
    }
    assert!(t
        .papers_where::<Visitor>(Which::Numbered("V9901-"))
        .unwrap()
        .is_empty());
    for p in src.papers::<Permit>(false).unwrap() {
        let papers = t.unit_papers(p.unit).unwrap();
        let expected = src.unit_papers(p.unit).unwrap();
        assert_eq!(papers.permits, expected.permits);
        assert_eq!(papers.slips, expected.slips);
        assert_eq!(papers.visitors, expected.visitors);
        assert!(papers.permits.contains(&p));
        assert_eq!(
            t.papers_where::<Permit>(Which::Building(p.unit.building))
                .unwrap(),
            src.papers_where::<Permit>(Which::Building(p.unit.building))
                .unwrap()
        );
    }
    for a in src.arrears_in(None).unwrap() {
        assert_eq!(
            t.arrears_of(a.unit).unwrap(),
            src.arrears_of(a.unit).unwrap()
        );
        let b = Some(a.unit.building);
        assert_eq!(t.arrears_in(b).unwrap(), src.arrears_in(b).unwrap());
    }
    for r in src.all_reminders().unwrap() {
        assert_eq!(
            t.reminders_of(r.unit, r.at).unwrap(),
            src.reminders_of(r.unit, r.at).unwrap()
        );
    }
    for c in src.all_covers().unwrap() {
        assert_eq!(
            t.covers_since(c.from).unwrap(),
            src.covers_since(c.from).unwrap()
        );
    }
    // The open incidents, from each backend's index: one of the two.
    assert_eq!(
        t.papers::<Incident>(true).unwrap(),
        src.papers::<Incident>(true).unwrap()
    );
    assert_eq!(src.papers::<Incident>(true).unwrap().len(), 1);
    // A resident's calls, newest first, from each backend's index.
    for c in src.all_calls().unwrap() {
        for who in &c.customers {
            assert_eq!(t.calls_of(*who, 5).unwrap(), src.calls_of(*who, 5).unwrap());
            assert!(!t.calls_of(*who, 5).unwrap().is_empty());
        }
    }
    for s in src.all_surveys().unwrap() {
        assert_eq!(
            t.survey_responses(s.month).unwrap(),
            src.survey_responses(s.month).unwrap()
        );
    }
}

fn a_retried_request_finds_its_stored_reply<S: Store>(mut fresh: Fresh<S>) {
    let t = &mut fresh.store;
    let me = StaffId(7);
    let now = chrono::Utc::now();
    let ws = WriteSet {
        request: Some((me, RequestId([1; 16]), b"the reply".to_vec())),
        change: Some(change(me, now, 1, ChangeSubject::Staff(me))),
        ..WriteSet::default()
    };
    t.commit(&ws).unwrap();
    assert_eq!(
        t.stored_reply(me, RequestId([1; 16])).unwrap().as_deref(),
        Some(&b"the reply"[..])
    );
    assert_eq!(t.stored_reply(me, RequestId([2; 16])).unwrap(), None);
    assert_eq!(
        t.stored_reply(StaffId(8), RequestId([1; 16])).unwrap(),
        None
    );
    // The same request again, decided afresh (a retry after a lost answer): refused inside
    // the commit, writing nothing; the stored reply stands.
    let before = t.last_change_seq().unwrap();
    let retry = WriteSet {
        request: Some((me, RequestId([1; 16]), b"another reply".to_vec())),
        change: Some(change(me, now, 2, ChangeSubject::Staff(me))),
        ..WriteSet::default()
    };
    conflict(t.commit(&retry));
    assert_eq!(t.last_change_seq().unwrap(), before);
    assert_eq!(
        t.stored_reply(me, RequestId([1; 16])).unwrap().as_deref(),
        Some(&b"the reply"[..])
    );
}

fn a_stale_read_is_a_conflict_and_writes_nothing<S: Store>(mut fresh: Fresh<S>) {
    let src = source();
    let t = &mut fresh.store;
    t.commit(&copy_of(src)).unwrap();
    let before = t.last_change_seq().unwrap();
    let case = src.all_cases().unwrap().pop().unwrap();
    let newcomer = frontdesk::domain::Customer {
        id: CustomerId(999_999),
        ..src.customers().unwrap()[0].clone()
    };
    let at = |ws: WriteSet| WriteSet {
        customers: vec![newcomer.clone()],
        change: Some(change(
            StaffId(1),
            chrono::Utc::now(),
            9,
            ChangeSubject::Staff(StaffId(1)),
        )),
        ..ws
    };
    // A case step decided on an older version.
    let mut stale = at(WriteSet::default());
    stale.expect.push(Expect::CaseVersion {
        key: case.key,
        version: case.version - 1,
    });
    assert!(conflict(t.commit(&stale)).contains(&case.ticket.0));
    // A callback or visit changed since it was read.
    let read = src.all_callbacks().unwrap().pop().unwrap();
    let mut seen = read.clone();
    seen.due += chrono::Duration::minutes(1);
    let mut changed = read.clone();
    changed.due += chrono::Duration::days(1);
    conflict(t.commit(&at(WriteSet {
        callbacks: vec![(Some(seen), changed)],
        ..WriteSet::default()
    })));
    let visit = src
        .all_visits()
        .unwrap()
        .into_iter()
        .find(|v| v.status == frontdesk::domain::VisitStatus::Scheduled)
        .expect("the demo books visits");
    let mut seen = visit.clone();
    seen.version += 1;
    conflict(t.commit(&at(WriteSet {
        visits: vec![(Some(seen), visit.clone())],
        ..WriteSet::default()
    })));
    // A slot another writer booked.
    let mut slot = at(WriteSet::default());
    slot.expect.push(Expect::SlotFree(frontdesk::store::Slot {
        staff: visit.staff,
        since: visit.start - chrono::Duration::hours(8),
        start: visit.start,
        end: visit.end,
        moving: None,
    }));
    assert!(conflict(t.commit(&slot)).contains(&visit.id.to_string()));
    let slot_for = |moving| {
        Expect::SlotFree(frontdesk::store::Slot {
            staff: visit.staff,
            since: visit.start - chrono::Duration::hours(8),
            start: visit.start + chrono::Duration::minutes(30),
            end: visit.end + chrono::Duration::minutes(30),
            moving,
        })
    };
    // A counter another writer moved.
    let mut counter = at(WriteSet::default());
    let n = t.counter(Counter::Customer).unwrap();
    counter.move_counter(Counter::Customer, n - 1, n);
    conflict(t.commit(&counter));
    // A record changed since it was read, or written since it was found absent.
    let permit = src.papers::<Permit>(false).unwrap().pop().unwrap();
    let mut older = permit.clone();
    older.version -= 1;
    let mut read_older = at(WriteSet::default());
    read_older.read(&older);
    assert!(conflict(t.commit(&read_older)).contains(&permit.no.0));
    // A paper (a kind declared once) changed since it was read, or found absent: the
    // generic check, on every backend. The one as read commits.
    let incident = src.papers::<Incident>(false).unwrap().pop().unwrap();
    let mut older = incident.clone();
    older.version -= 1;
    let mut read_older = at(WriteSet::default());
    read_older.read(&older);
    assert!(conflict(t.commit(&read_older)).contains(&incident.no.0));
    let mut read_absent = at(WriteSet::default());
    read_absent.read_absent::<Incident>(&incident.no.0);
    conflict(t.commit(&read_absent));
    let dwelling = src.all_dwellings().unwrap().pop().unwrap();
    let mut found_absent = at(WriteSet::default());
    found_absent.read(Prior::Dwelling(dwelling.unit, None));
    conflict(t.commit(&found_absent));
    let mut staff = src.all_staff().unwrap().pop().unwrap();
    staff.name.push('·');
    let mut read_renamed = at(WriteSet::default());
    read_renamed.read(&staff);
    conflict(t.commit(&read_renamed));
    let mut overlapping = at(WriteSet::default());
    overlapping.expect.push(slot_for(None));
    conflict(t.commit(&overlapping));
    // Fees on file that moved since they were read (R-OPS-03/04: a slip against arrears).
    let unit = src.arrears_in(None).unwrap()[0].unit;
    let owed: frontdesk::domain::money::Fen =
        src.arrears_of(unit).unwrap().iter().map(|a| a.amount).sum();
    let owes = |owed| Expect::Owes { unit, owed };
    let mut paid_meanwhile = at(WriteSet::default());
    paid_meanwhile
        .expect
        .push(owes(frontdesk::domain::money::Fen(owed.0 + 1)));
    assert!(conflict(t.commit(&paid_meanwhile)).contains(&unit.to_string()));
    // None of them wrote anything.
    assert_eq!(t.customer(newcomer.id).unwrap(), None);
    assert_eq!(t.last_change_seq().unwrap(), before);
    assert_eq!(t.counter(Counter::Customer).unwrap(), n);
    assert_eq!(t.callback(read.id).unwrap(), Some(read));
    // The same writes, decided on what is stored, go through.
    let mut fresh_read = at(WriteSet::default());
    fresh_read.read_case(&case);
    fresh_read.read(&permit);
    fresh_read.read(&dwelling);
    fresh_read.move_counter(Counter::Customer, n, n + 1);
    // A visit moved half an hour later overlaps only itself (R-VIS-02).
    fresh_read.expect.push(slot_for(Some(visit.id)));
    fresh_read.expect.push(owes(owed));
    t.commit(&fresh_read).unwrap();
    assert_eq!(t.customer(newcomer.id).unwrap(), Some(newcomer));
}

fn counters_are_dense_and_a_failed_commit_draws_none<S: Store>(mut fresh: Fresh<S>) {
    let t = &mut fresh.store;
    let ticket = Counter::Monthly(frontdesk::domain::record_no::TICKET_COUNTER, 2612);
    let draw = |t: &mut S, ok: bool| {
        let was = t.counter(ticket).unwrap();
        let mut ws = WriteSet::default();
        ws.move_counter(ticket, was, was + 1);
        if !ok {
            // Decided on a case that is not there: the whole commit fails.
            ws.expect.push(Expect::CaseVersion {
                key: frontdesk::domain::CaseKey {
                    customer: CustomerId(1),
                    seq: 1,
                },
                version: 1,
            });
        }
        t.commit(&ws).map(|_| was + 1)
    };
    assert_eq!(draw(t, true).unwrap(), 1);
    assert_eq!(draw(t, true).unwrap(), 2);
    assert!(draw(t, false).is_err());
    assert_eq!(
        t.counter(ticket).unwrap(),
        2,
        "the failed commit drew nothing"
    );
    assert_eq!(
        draw(t, true).unwrap(),
        3,
        "so the next number follows without a gap"
    );
    // Two writers that read the same value: the second is refused, never given it again.
    let mut first = WriteSet::default();
    first.move_counter(ticket, 3, 4);
    let mut second = WriteSet::default();
    second.move_counter(ticket, 3, 4);
    t.commit(&first).unwrap();
    conflict(t.commit(&second));
    assert_eq!(t.counter(ticket).unwrap(), 4);
    assert_eq!(Counter::parse(&ticket.name()), Some(ticket));
}

fn the_change_log_is_dense_in_commit_order_with_effects<S: Store>(mut fresh: Fresh<S>) {
    let src = source();
    let t = &mut fresh.store;
    let customers = src.customers().unwrap();
    let now = chrono::Utc::now();
    let me = StaffId(1);
    let mut expected = Vec::new();
    for (n, c) in customers.iter().take(25).enumerate() {
        let mut ws = WriteSet {
            customers: vec![c.clone()],
            change: Some(change(me, now, n as u8, ChangeSubject::Customer(c.id))),
            ..WriteSet::default()
        };
        if n % 5 == 4 {
            // Every fifth fails inside its commit and must leave no gap.
            ws.move_counter(Counter::Cover, 99, 100);
            assert!(t.commit(&ws).is_err());
            continue;
        }
        let logged = t.commit(&ws).unwrap().unwrap();
        assert_eq!(logged.seq, expected.len() as u64 + 1);
        expected.push((logged, c.id));
    }
    // A change-less commit (an import batch) takes no sequence number.
    t.commit(&WriteSet {
        customers: vec![customers[30].clone()],
        ..WriteSet::default()
    })
    .unwrap();
    assert_eq!(t.last_change_seq().unwrap(), expected.len() as u64);
    let log = t.log_after(0, usize::MAX).unwrap();
    assert_eq!(log.len(), expected.len());
    for (l, (change, id)) in log.iter().zip(&expected) {
        assert_eq!(&l.change, change);
        assert_eq!(
            l.effects,
            Effects {
                customers: vec![*id],
                ..Effects::default()
            }
        );
    }
    // Paging: any cursor and page size read the same sequence.
    let mut paged = Vec::new();
    let mut cursor = 0;
    loop {
        let page = t.log_after(cursor, 7).unwrap();
        let Some(last) = page.last() else { break };
        cursor = last.change.seq;
        paged.extend(page);
    }
    assert_eq!(paged, log);
    assert_eq!(
        t.changes_after(5, 3).unwrap(),
        log[5..8]
            .iter()
            .map(|l| l.change.clone())
            .collect::<Vec<_>>()
    );
    assert!(t.log_after(cursor, 10).unwrap().is_empty());
}

fn a_restored_change_log_keeps_its_numbers<S: Store>(mut fresh: Fresh<S>) {
    let t = &mut fresh.store;
    let now = chrono::Utc::now();
    let restored: Vec<ChangeRecord> = (1..=5)
        .map(|n| ChangeRecord {
            seq: n,
            ..change(StaffId(1), now, n as u8, ChangeSubject::Staff(StaffId(1)))
        })
        .collect();
    t.commit(&WriteSet {
        restored_changes: restored.clone(),
        ..WriteSet::default()
    })
    .unwrap();
    assert_eq!(t.changes_all().unwrap(), restored);
    assert_eq!(t.last_change_seq().unwrap(), 5);
    // The next change follows them.
    let next = t
        .commit(&WriteSet {
            change: Some(change(StaffId(1), now, 6, ChangeSubject::Staff(StaffId(1)))),
            ..WriteSet::default()
        })
        .unwrap()
        .unwrap();
    assert_eq!(next.seq, 6);
    assert_eq!(t.log_after(5, 10).unwrap().len(), 1);
}

fn arrears_are_replaced_whole_and_staging_waits_outside_changes<S: Store>(mut fresh: Fresh<S>) {
    let src = source();
    let t = &mut fresh.store;
    let all = src.arrears_in(None).unwrap();
    assert!(all.len() >= 2);
    t.commit(&WriteSet {
        arrears: Some(all.clone()),
        ..WriteSet::default()
    })
    .unwrap();
    let last = all.last().cloned().unwrap();
    t.commit(&WriteSet {
        arrears: Some(vec![last.clone()]),
        ..WriteSet::default()
    })
    .unwrap();
    assert_eq!(t.arrears_in(None).unwrap(), vec![last]);
    // Import staging: line order, a line staged twice replaced, cleared per token.
    let row = |line: u64, name: &str| frontdesk::domain::ImportRow {
        line,
        id: None,
        customer: frontdesk::domain::NewCustomer {
            name: name.into(),
            ..Default::default()
        },
        role: None,
    };
    t.stage_rows(5, &[row(3, "c"), row(1, "a"), row(2, "b")])
        .unwrap();
    t.stage_rows(6, &[row(1, "other token")]).unwrap();
    t.stage_rows(5, &[row(2, "b again")]).unwrap();
    let names = |rows: Vec<frontdesk::domain::ImportRow>| -> Vec<String> {
        rows.into_iter().map(|r| r.customer.name).collect()
    };
    assert_eq!(names(t.staged_rows(5, 2).unwrap()), ["a", "b again"]);
    let mut streamed = Vec::new();
    t.for_each_staged(5, &mut |r| {
        streamed.push(r);
        Ok(())
    })
    .unwrap();
    assert_eq!(names(streamed), ["a", "b again", "c"]);
    // A batch consumes its rows and leaves its marker, in one commit.
    let pending = frontdesk::store::PendingImport {
        token: 5,
        by: StaffId(1),
        request_id: RequestId([3; 16]),
        started: chrono::Utc::now(),
        next_id: 10,
        applied: 2,
        first_id: 9,
    };
    t.commit(&WriteSet {
        unstaged: Some((5, vec![1, 2])),
        pending_import: Some(Some(pending.clone())),
        ..WriteSet::default()
    })
    .unwrap();
    assert_eq!(names(t.staged_rows(5, 10).unwrap()), ["c"]);
    assert_eq!(t.pending_import().unwrap(), Some(pending));
    t.clear_staging(5).unwrap();
    assert!(t.staged_rows(5, 10).unwrap().is_empty());
    assert_eq!(names(t.staged_rows(6, 10).unwrap()), ["other token"]);
}

fn the_access_log_pages_from_the_newest_and_prunes_the_oldest<S: Store>(fresh: Fresh<S>) {
    let t = &fresh.store;
    let t0 = chrono::Utc::now() - chrono::Duration::days(10);
    let mut records: Vec<AccessRecord> = (0..30)
        .map(|i| AccessRecord {
            seq: 0,
            at: t0 + chrono::Duration::hours(i),
            by: StaffId(1 + (i % 2) as u32),
            what: frontdesk::domain::Access::Card(CustomerId(i as u64)),
            reason: None,
        })
        .collect();
    t.append_accesses(&mut records).unwrap();
    assert!(records.windows(2).all(|w| w[1].seq == w[0].seq + 1));
    let newest = t
        .accesses(&AccessFilter {
            limit: 5,
            ..AccessFilter::default()
        })
        .unwrap();
    assert_eq!(newest, records[25..].to_vec());
    let by_two = t
        .accesses(&AccessFilter {
            staff: Some(StaffId(2)),
            limit: 100,
            ..AccessFilter::default()
        })
        .unwrap();
    assert_eq!(by_two.len(), 15);
    assert_eq!(
        t.prune_accesses(t0 + chrono::Duration::hours(10)).unwrap(),
        10
    );
    let left = t
        .accesses(&AccessFilter {
            limit: 100,
            ..AccessFilter::default()
        })
        .unwrap();
    assert_eq!(left, records[10..].to_vec());
}

fn export_reads_everything_through_the_seam<S: Store>(mut fresh: Fresh<S>) {
    let src = source();
    let t = &mut fresh.store;
    t.commit(&copy_of(src)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("source"), out.path().join("target"));
    export::export(src, &a, "now").unwrap();
    export::export(t, &b, "now").unwrap();
    let manifest = |dir: &std::path::Path| -> export::Manifest {
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
    };
    let (ma, mb) = (manifest(&a), manifest(&b));
    for (fa, fb) in ma.files.iter().zip(&mb.files) {
        assert_eq!(fa.name, fb.name);
        if fa.name == "changes.jsonl" {
            continue; // the copy wrote no changes
        }
        assert_eq!(fa, fb, "{} differs", fa.name);
        // Responses need forms handed out and answered; every other kind is there.
        let empty_allowed = fa.name == "survey_responses.jsonl";
        assert!(fa.count > 0 || empty_allowed, "{} is empty", fa.name);
    }
    assert_eq!(ma.files.len(), mb.files.len());
}

/// One test per contract function, on `$backend`.
macro_rules! tests_of {
    ($backend:ident: $($check:ident),* $(,)?) => {$(
        #[test]
        fn $check() {
            super::$check(super::$backend());
        }
    )*};
}

/// Runs every contract function on one backend: a new backend is one more `contract!` line.
macro_rules! contract {
    ($backend:ident) => {
        mod $backend {
            tests_of!($backend:
                every_record_kind_round_trips,
                every_index_and_queue_answers_as_the_source,
                a_retried_request_finds_its_stored_reply,
                a_stale_read_is_a_conflict_and_writes_nothing,
                counters_are_dense_and_a_failed_commit_draws_none,
                the_change_log_is_dense_in_commit_order_with_effects,
                a_restored_change_log_keeps_its_numbers,
                arrears_are_replaced_whole_and_staging_waits_outside_changes,
                the_access_log_pages_from_the_newest_and_prunes_the_oldest,
                export_reads_everything_through_the_seam,
            );
        }
    };
}

contract!(sled);
contract!(memory);
contract!(postgres);

#[test]
fn counters_are_named_as_stored_and_exported() {
    use frontdesk::store::Tally;
    for (c, name) in [
        (Counter::Customer, "next_customer"),
        (Counter::Callback, "next_callback"),
        (Counter::Monthly("ticket", 2611), "ticket_2611"),
        (Counter::Monthly("permit", 611), "permit_0611"),
        (Counter::Tally(Tally::Onsite), "cb_onsite"),
    ] {
        assert_eq!(c.name(), name);
        assert_eq!(Counter::parse(name), Some(c));
    }
    for bookkeeping in ["last_change", "schema", "lookup_projection", "ticket_26"] {
        assert_eq!(Counter::parse(bookkeeping), None, "{bookkeeping}");
    }
}
