//! Schema evolution. Golden files in `tests/fixtures/schema/` hold every stored record kind
//! as each record version wrote it; this build must decode them to the same values forever
//! (bincode is positional, so changing a field in place would break them — add a versioned
//! variant instead, DESIGN §4). A missing golden file is written only when
//! `FRONTDESK_BLESS_FIXTURES=1`; otherwise it is a failure. Also: a lookup migration killed
//! midway completes on the next start, and a store from a newer schema is refused
//! (`tests/store.rs`).

mod common;

use frontdesk::client::Calls;
use frontdesk::protocol::req;
use std::path::PathBuf;
use std::time::Duration;

use chrono::TimeZone;
use frontdesk::domain::audit::{ChangeRecord, ChangeSubject};
use frontdesk::domain::callback::{Attempt, CallbackReason};
use frontdesk::domain::case::{CaseEvent, Deadlines, TimelineEntry};
use frontdesk::domain::*;
use frontdesk::store::codec::{decode, encode, Tag};
use serde::{de::DeserializeOwned, Serialize};

fn t(h: u32) -> Time {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 22, h, 30, 0)
        .unwrap()
}

fn customer() -> Customer {
    Customer {
        id: CustomerId(42),
        name: "张伟".into(),
        phones: vec![Phone("13800001102".into())],
        units: vec![UnitCode::parse("3-2-1102").unwrap()],
        tier: Tier::Vip,
        notes: "轮椅出入".into(),
        created_at: t(1),
        version: 3,
        // Written by version 1, before a record named its keeper (R-REC-11).
        keeper: None,
    }
}

fn key() -> CaseKey {
    CaseKey {
        customer: CustomerId(42),
        seq: 7,
    }
}

fn case() -> Case {
    let by = StaffId(5001);
    let events = vec![
        CaseEvent::Registered,
        CaseEvent::Dispatched(Handler::Department("工程部".into())),
        CaseEvent::Taken {
            department: "工程部".into(),
        },
        CaseEvent::Dispatched(Handler::Staff(StaffId(5002))),
        CaseEvent::Started,
        CaseEvent::Note("已联系".into()),
        CaseEvent::AssistJoined,
        CaseEvent::Replied("明天上门".into()),
        CaseEvent::PromiseChanged {
            promised: t(9),
            reason: "住户不在家".into(),
        },
        CaseEvent::Escalated("重复投诉".into()),
        CaseEvent::Reassigned {
            from: by,
            to: StaffId(5004),
            reason: "休假".into(),
        },
        CaseEvent::Resolved("换了阀门".into()),
        CaseEvent::CallbackScheduled(CallbackId(3)),
        CaseEvent::ReopenedByCallback("还在漏".into()),
        CaseEvent::CallbackSatisfied,
        CaseEvent::CallbackGaveUp,
        CaseEvent::Closed,
    ];
    Case {
        key: key(),
        ticket: Ticket("T2611-0007".into()),
        kind: CaseKind::Repair,
        channel: Channel::Phone,
        category: "plumbing".into(),
        severity: Severity::L1,
        description: "厨房漏水".into(),
        received_by: by,
        owner: StaffId(5004),
        handler: Some(Handler::Staff(StaffId(5002))),
        assists: vec![StaffId(5003)],
        subject: Some(StaffId(5009)),
        promised_at: Some(t(9)),
        registered_at: t(2),
        // Written by version 1 with a dispatch deadline; a repair ran the three-minute
        // chain then, so the upgrade keeps it.
        deadlines: Deadlines {
            acknowledge: t(3),
            dispatch: Some(t(2)),
            respond: t(3),
            resolve: t(6),
            // Record version 7 (R-INT-17); a case written before has none.
            investigate: None,
        },
        dispatched_at: Some(t(2)),
        responded_at: Some(t(3)),
        resolved_at: Some(t(5)),
        status: CaseStatus::Closed,
        callback: Some(CallbackId(3)),
        timeline: events
            .into_iter()
            .enumerate()
            .map(|(i, event)| TimelineEntry {
                at: t(2 + i as u32 % 10),
                by,
                event,
            })
            .collect(),
        version: 18,
    }
}

/// The events and status appended for the follow-through (R-INT-16 escalation target,
/// R-LIFE-02/08 resolution, R-CB-01 awaiting a supervisor), pinned the day they were added.
fn case_follow_through() -> Case {
    let mut c = case();
    c.status = CaseStatus::AwaitingDecision;
    c.timeline.push(TimelineEntry {
        at: t(7),
        by: StaffId(5001),
        event: CaseEvent::EscalatedTo {
            to: StaffId(5003),
            reason: "整层漏水".into(),
        },
    });
    c.timeline.push(TimelineEntry {
        at: t(8),
        by: StaffId(5001),
        event: CaseEvent::ResolvedWith(frontdesk::domain::case::Resolution::new(
            "换了阀门",
            "阀门老化",
            "加入月检",
        )),
    });
    c
}

fn callback() -> Callback {
    Callback {
        id: CallbackId(3),
        customer: CustomerId(42),
        reason: CallbackReason::CaseResolved {
            case: key(),
            ticket: Ticket("T2611-0007".into()),
        },
        due: t(12),
        created_at: t(5),
        require_onsite: true,
        attempts: vec![Attempt {
            at: t(13),
            by: StaffId(5002),
            outcome: Outcome::Unsatisfied,
            onsite: true,
            signed: true,
            note: "还在漏".into(),
        }],
        status: CallbackStatus::Done(Outcome::Unsatisfied),
        version: 2,
    }
}

fn tier_callback() -> Callback {
    Callback {
        reason: CallbackReason::Tier(Tier::Key),
        attempts: vec![],
        status: CallbackStatus::GaveUp,
        ..callback()
    }
}

fn visit() -> Visit {
    Visit {
        id: VisitId(4),
        customer: CustomerId(42),
        unit: UnitCode::parse("3-2-1102").unwrap(),
        staff: StaffId(5002),
        kind: VisitKind::OnsiteCallback,
        start: t(14),
        end: t(15),
        case: Some(key()),
        callback: Some(CallbackId(3)),
        purpose: "复查".into(),
        status: VisitStatus::Done,
        report: "已修好".into(),
        created_by: StaffId(5001),
        version: 2,
    }
}

fn staff() -> Staff {
    Staff {
        uid: StaffId(5001),
        username: "li".into(),
        name: "李娜".into(),
        role: Role::Supervisor,
        dept: "客服中心".into(),
        active: true,
        added_at: t(0),
        // Written by version 1, before a staff record kept the phone extension.
        ext: None,
    }
}

fn call() -> frontdesk::domain::call::Call {
    frontdesk::domain::call::Call {
        id: frontdesk::domain::call::CallId(12),
        at: t(3),
        from: "13800001102".into(),
        ext: "801".into(),
        line: Some("from-trunk".into()),
        to: Some(StaffId(5001)),
        customers: vec![CustomerId(42)],
        ended: Some(t(4)),
    }
}

fn change() -> ChangeRecord {
    ChangeRecord {
        seq: 99,
        by: StaffId(5001),
        at: t(2),
        request_id: RequestId([7; 16]),
        operation: "case.add".into(),
        subject: ChangeSubject::Case {
            key: key(),
            ticket: Ticket("T2611-0007".into()),
        },
        summary: "李娜 (li) registered T2611-0007".into(),
    }
}

fn golden<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    version: &str,
    name: &str,
    tag: Tag,
    value: &T,
) {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "schema",
        version,
    ]
    .iter()
    .collect::<PathBuf>()
    .join(format!("{name}.bin"));
    if !path.exists() {
        assert!(
            std::env::var("FRONTDESK_BLESS_FIXTURES").as_deref() == Ok("1"),
            "golden file {} is missing; golden files are written once per record version (FRONTDESK_BLESS_FIXTURES=1) and never changed",
            path.display()
        );
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, encode(tag, value)).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let decoded: T = decode("golden", tag, &bytes)
        .unwrap_or_else(|e| panic!("{} no longer decodes: {e}", path.display()));
    assert_eq!(
        &decoded,
        value,
        "{} decodes to something else",
        path.display()
    );
}

#[test]
fn golden_records_of_every_version_decode_forever() {
    golden("v1", "customer", Tag::Customer, &customer());
    // Record version 5: a resident's record names its keeper.
    golden(
        "v5",
        "customer-kept",
        Tag::Customer,
        &customer().kept_by(StaffId(5001)),
    );
    golden("v1", "case", Tag::Case, &case());
    golden(
        "v1",
        "case-follow-through",
        Tag::Case,
        &case_follow_through(),
    );
    // Record version 7 (R-INT-17): a complaint's same-day investigation clock and finding.
    let mut investigated = case_follow_through();
    investigated.kind = CaseKind::Complaint;
    investigated.deadlines.investigate = Some(t(10));
    investigated.timeline.push(TimelineEntry {
        at: t(4),
        by: StaffId(5004),
        event: CaseEvent::Investigated("核实：阀门老化漏水属实".into()),
    });
    golden("v7", "case-investigated", Tag::Case, &investigated);
    golden("v1", "callback", Tag::Callback, &callback());
    golden("v1", "callback-tier", Tag::Callback, &tier_callback());
    golden("v1", "visit", Tag::Visit, &visit());
    golden("v1", "staff", Tag::Staff, &staff());
    // Record version 8: the desk phone's extension, and a call the exchange announced.
    let mut with_ext = staff();
    with_ext.ext = Some("801".into());
    golden("v8", "staff-ext", Tag::Staff, &with_ext);
    golden("v8", "call", Tag::Call, &call());
    golden("v1", "change", Tag::Change, &change());
    // The lookup projection has its own compact layout.
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema/v1/lookup.bin");
    let record = CustomerSummary::from(&customer());
    if !path.exists() && std::env::var("FRONTDESK_BLESS_FIXTURES").as_deref() == Ok("1") {
        std::fs::write(&path, record.to_projection()).unwrap();
    }
    let bytes = std::fs::read(&path).expect("golden lookup projection");
    assert_eq!(
        CustomerSummary::from_projection(CustomerId(42), &bytes),
        Some(record)
    );
}

fn slip_v1() -> frontdesk::store::upgrade::SlipV1 {
    use frontdesk::domain::release::{Applicant, Scope, SlipNo, SlipState};
    frontdesk::store::upgrade::SlipV1 {
        no: SlipNo::new(2026, 11, 7),
        unit: UnitCode::parse("3-2-1102").unwrap(),
        customer: CustomerId(42),
        applicant: Applicant::Tenant {
            owner_phone: "13900001111".into(),
        },
        scope: Scope::Full,
        lease_end: true,
        items: "全部家具".into(),
        fee_receipt: Some("SF-2026-0091".into()),
        issued_by: StaffId(5001),
        issued_at: t(2),
        valid_from: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        valid_until: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        state: SlipState::Used {
            guard: StaffId(7002),
            gate: "南门".into(),
            at: t(3),
        },
        version: 2,
    }
}

/// Record version 2 (R-OPS-03/04): a slip written by version 1 reads with no ID number and
/// no waiver; version 2's own slip, with both, reads back as written.
#[test]
fn a_slip_written_before_the_id_number_was_asked_still_reads() {
    use frontdesk::domain::release::{ReleaseSlip, Waiver};
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema");
    let v1 = dir.join("v1/release-slip.bin");
    if !v1.exists() && std::env::var("FRONTDESK_BLESS_FIXTURES").as_deref() == Ok("1") {
        let bytes = frontdesk::store::codec::encode_at(Tag::ReleaseSlip, 1, &slip_v1());
        std::fs::write(&v1, bytes).unwrap();
    }
    let bytes = std::fs::read(&v1).expect("golden v1 slip");
    let read: ReleaseSlip = decode("golden", Tag::ReleaseSlip, &bytes).unwrap();
    let mut expected = ReleaseSlip::from(slip_v1());
    assert_eq!(read, expected);
    assert_eq!(read.id_number, "");
    assert_eq!(read.waiver, None);

    expected.id_number = "310101198003150017".into();
    expected.waiver = Some(Waiver {
        by: StaffId(5001),
        reason: "已当场缴清，收据 SF-0091".into(),
        owed: frontdesk::domain::money::Fen(128_000),
        periods: "2026-09..2026-11".into(),
    });
    golden("v2", "release-slip", Tag::ReleaseSlip, &expected);
}

/// Record version 3 (R-INT-07): a case stores only the clocks that run for it. An inquiry
/// written by version 2 carried a dispatch deadline nothing ran; it reads without one. A
/// suggestion written by version 3 runs the three-minute chain (000:1007) and keeps it.
#[test]
fn a_case_written_before_only_running_clocks_were_stored_still_reads() {
    use frontdesk::store::upgrade::{CaseV2, DeadlinesV2};
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema");
    let current = case();
    let v2 = CaseV2 {
        key: current.key,
        ticket: current.ticket.clone(),
        kind: CaseKind::Inquiry,
        channel: current.channel,
        category: "fees".into(),
        severity: Severity::L3,
        description: "物业费怎么交".into(),
        received_by: current.received_by,
        owner: current.owner,
        handler: None,
        assists: Vec::new(),
        subject: None,
        promised_at: None,
        registered_at: t(2),
        deadlines: DeadlinesV2 {
            acknowledge: t(3),
            dispatch: t(2),
            respond: t(4),
            resolve: t(6),
        },
        dispatched_at: None,
        responded_at: Some(t(3)),
        resolved_at: None,
        status: CaseStatus::InProgress,
        callback: None,
        timeline: current.timeline[..1].to_vec(),
        version: 2,
    };
    let path = dir.join("v2/case-inquiry.bin");
    if !path.exists() && std::env::var("FRONTDESK_BLESS_FIXTURES").as_deref() == Ok("1") {
        std::fs::write(&path, frontdesk::store::codec::encode_at(Tag::Case, 2, &v2)).unwrap();
    }
    let bytes = std::fs::read(&path).expect("golden v2 inquiry");
    let read: Case = decode("golden", Tag::Case, &bytes).unwrap();
    assert_eq!(
        read,
        Case::from(frontdesk::store::upgrade::CaseV6::from(v2))
    );
    assert_eq!(
        read.deadlines.dispatch, None,
        "an inquiry ran no dispatch clock"
    );
    assert_eq!(read.deadlines.respond, t(4));
    assert!(!read.dispatch_clock_runs());

    let mut suggestion = case();
    suggestion.kind = CaseKind::Suggestion;
    suggestion.deadlines.dispatch = Some(t(2));
    golden("v3", "case-suggestion", Tag::Case, &suggestion);
    let mut inquiry = read.clone();
    inquiry.version = 3;
    golden("v3", "case-inquiry", Tag::Case, &inquiry);
}

/// Record version 4 (R-OPS-15): a cover carries its number and the supervisor's own OK. A
/// cover written before reads as approved when it was signed (the rule of the time: the
/// approver typed in was taken as given).
#[test]
fn a_cover_written_before_the_supervisors_ok_reads_as_approved() {
    use frontdesk::domain::cover::Cover;
    use frontdesk::store::upgrade::CoverV3;
    let v3 = CoverV3 {
        leaving: StaffId(5001),
        covering: StaffId(5002),
        from: t(2),
        until: t(3),
        approved_by: StaffId(5003),
        signed_at: t(1),
    };
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema/v3/cover.bin");
    if !path.exists() && std::env::var("FRONTDESK_BLESS_FIXTURES").as_deref() == Ok("1") {
        std::fs::write(
            &path,
            frontdesk::store::codec::encode_at(Tag::Cover, 3, &v3),
        )
        .unwrap();
    }
    let bytes = std::fs::read(&path).expect("golden v3 cover");
    let read: Cover = decode("golden", Tag::Cover, &bytes).unwrap();
    assert_eq!(read.confirmed_at, Some(t(1)));
    assert_eq!(
        (read.leaving, read.approved_by, read.until),
        (StaffId(5001), StaffId(5003), t(3))
    );
    let awaiting = Cover {
        no: 12,
        confirmed_at: None,
        ..read
    };
    golden("v4", "cover", Tag::Cover, &awaiting);
}

/// Record version 6 (R-REC-02): an occupancy keeps a relative's proof of kinship. A file
/// written before reads with it blank.
#[test]
fn a_dwelling_written_before_the_proof_of_kinship_reads_with_it_blank() {
    use frontdesk::domain::dwelling::{DocRecord, Dwelling, OccupantRole};
    use frontdesk::store::upgrade::{DwellingV5, OccupancyV5};
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let v5 = DwellingV5 {
        unit: UnitCode::parse("3-2-1102").unwrap(),
        occupants: vec![OccupancyV5 {
            customer: CustomerId(42),
            role: OccupantRole::Family,
            moved_in: day(1),
            moved_out: None,
            residence_card: "JZ-0091".into(),
            owner: None,
        }],
        documents: vec![DocRecord {
            kind: DocKind::InterimRules,
            dated: day(2),
        }],
        version: 2,
    };
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema/v5/dwelling.bin");
    if !path.exists() && std::env::var("FRONTDESK_BLESS_FIXTURES").as_deref() == Ok("1") {
        std::fs::write(
            &path,
            frontdesk::store::codec::encode_at(Tag::Dwelling, 5, &v5),
        )
        .unwrap();
    }
    let bytes = std::fs::read(&path).expect("golden v5 dwelling");
    let read: Dwelling = decode("golden", Tag::Dwelling, &bytes).unwrap();
    assert_eq!(read, Dwelling::from(v5));
    assert_eq!(read.occupants[0].kinship_proof, "");
    assert_eq!(read.occupants[0].residence_card, "JZ-0091");
    let mut kept = read;
    kept.occupants[0].owner = Some(CustomerId(41));
    kept.occupants[0].kinship_proof = "(2026)沪东证字第123号".into();
    golden("v6", "dwelling", Tag::Dwelling, &kept);
}

#[test]
fn a_record_from_a_newer_build_is_refused_with_a_clear_message() {
    let mut bytes = encode(Tag::Customer, &customer());
    bytes[1..3].copy_from_slice(&9u16.to_be_bytes());
    let e = decode::<Customer>("customers", Tag::Customer, &bytes).unwrap_err();
    assert!(e.to_string().contains("newer than this build"), "{e}");
}

/// The lookup projection migration rewrites every customer and marks itself done only at the
/// end: a daemon killed while migrating redoes it on the next start, and the index is whole.
#[test]
fn a_lookup_migration_killed_midway_completes_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let residents = 20_000;
    {
        let daemon = common::Daemon::start(data);
        let mut c = frontdesk::client::Client::connect(&daemon.socket).unwrap();
        c.send(req::Init {
            name: "测试".into(),
        })
        .unwrap();
        c.send(req::Demo {
            customers: residents,
            seed: 3,
            history_days: 0,
        })
        .unwrap();
    }
    // Make it an older store: no projection, no marker.
    let strip = || {
        let db = sled::open(data.join("store")).expect("open the stopped store");
        db.drop_tree("lookup").unwrap();
        db.open_tree("meta")
            .unwrap()
            .remove("lookup_projection")
            .unwrap();
        db.flush().unwrap();
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        // sled's lock goes with the killed daemon's process, but give the kernel a moment.
        if std::panic::catch_unwind(strip).is_ok() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "store stayed locked");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Kill daemons while they open (and migrate) the store, at growing delays, until one
    // gets as far as serving.
    let socket = data.join("frontdesk.sock");
    let mut killed_while_opening = 0;
    for delay_ms in [5u64, 20, 50, 100, 200, 400, 800, 1600] {
        let _ = std::fs::remove_file(&socket);
        let mut child = std::process::Command::new(common::bin())
            .arg("--data")
            .arg(data)
            .arg("serve")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let serving = std::os::unix::net::UnixStream::connect(&socket).is_ok();
        let _ = child.kill();
        let _ = child.wait();
        if serving {
            break;
        }
        killed_while_opening += 1;
    }
    eprintln!("killed {killed_while_opening} daemons before one served");
    assert!(
        killed_while_opening > 0,
        "no daemon was killed before it served"
    );
    let daemon = common::Daemon::start(data);
    let mut c = frontdesk::client::Client::connect(&daemon.socket).unwrap();
    let stats = c.send(req::Stats {}).unwrap();
    assert_eq!(stats.customers, u64::from(residents));
    let card = c.send(req::CustomerShow::of(CustomerId(19_999))).unwrap();
    let m = c
        .send(req::CustomerFind {
            query: card.customer.phones[0].0.clone(),
            limit: 5,
        })
        .unwrap();
    assert!(
        m.iter().any(|x| x.customer.id == CustomerId(19_999)),
        "the last resident is findable after the migration"
    );
}
