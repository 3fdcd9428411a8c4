//! Computing a report in one pass: feed every callback, then every case, then `finish`. The
//! period and the one before it are tallied side by side (the trend costs no second pass);
//! nothing is kept per case beyond what the figures need.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{Duration, FixedOffset, NaiveDate};

use super::{
    percent, CallbackStats, Change, Count, DayCount, DeadlineStat, Period, Report, StaffStat,
    Trend, Volumes, REPEAT_WINDOW_DAYS,
};
use crate::domain::callback::{CallbackReason, CallbackStatus, Outcome};
use crate::domain::category::CategoryList;
use crate::domain::{
    Callback, Case, CaseEvent, CaseKey, CaseKind, CustomerId, Staff, StaffId, Time,
};

const CLOCKS: [&str; 6] = [
    "acknowledge",
    "dispatch",
    "respond",
    "resolve",
    "promise",
    "investigate",
];

/// How a resolved case's callback ended (its latest callback).
#[derive(Debug, Clone, Copy)]
struct CallbackEnd {
    created_at: Time,
    /// When the last attempt settled it (None while pending).
    settled_at: Option<Time>,
    outcome: Option<Outcome>,
    onsite: bool,
    signed: bool,
}

#[derive(Default)]
struct ClockTally {
    cases: u64,
    met: u64,
    missed: u64,
    pending: u64,
    minutes: Vec<i64>,
}

#[derive(Default)]
struct StaffTally {
    received: u64,
    resolved: u64,
    on_time: u64,
    satisfied: u64,
    unsatisfied: u64,
}

#[derive(Default)]
struct Tally {
    cases: u64,
    complaints: u64,
    by_kind: HashMap<&'static str, u64>,
    by_category: HashMap<String, u64>,
    /// Cases whose category is on no entry of the list.
    unmapped: u64,
    by_channel: HashMap<&'static str, u64>,
    by_building: HashMap<String, u64>,
    clocks: [ClockTally; 6],
    callbacks: CallbackStats,
    staff: HashMap<StaffId, StaffTally>,
    daily: BTreeMap<NaiveDate, u64>,
}

pub struct ReportBuilder {
    period: Period,
    previous: Period,
    now: Time,
    offset: FixedOffset,
    /// Each resolved case's callbacks, by when they were created.
    ends: HashMap<CaseKey, Vec<CallbackEnd>>,
    current: Tally,
    before: Tally,
    /// Complaints registered from 90 days before the period to its end, for R-LIFE-09.
    /// (Fed by `case` and, for the residents who complained in the period, `earlier_case`.)
    complaints: HashMap<CaseKey, (CustomerId, String, Time)>,
    /// The desk's list: cases count under their entry, whatever word they were filed as.
    categories: Arc<CategoryList>,
    /// R-LIFE-09: how many days back an earlier complaint makes one a repeat.
    repeat_days: i64,
}

fn clock_time(t: Time, offset: FixedOffset) -> NaiveDate {
    t.with_timezone(&offset).date_naive()
}

impl ReportBuilder {
    pub fn new(period: Period, now: Time, offset: FixedOffset) -> ReportBuilder {
        ReportBuilder {
            period,
            previous: period.compared_with(clock_time(now, offset)),
            now,
            offset,
            ends: HashMap::new(),
            current: Tally::default(),
            before: Tally::default(),
            complaints: HashMap::new(),
            categories: Arc::new(CategoryList::shipped()),
            repeat_days: REPEAT_WINDOW_DAYS,
        }
    }

    /// The desk's repeat window (`policy.repeat_days`), the one intake flags repeats by.
    pub fn with_repeat_days(mut self, days: i64) -> ReportBuilder {
        self.repeat_days = days;
        self
    }

    /// Counts categories by the desk's own list (the shipped one otherwise).
    pub fn with_categories(mut self, categories: Arc<CategoryList>) -> ReportBuilder {
        self.categories = categories;
        self
    }

    /// The entry a stored category counts under (its code), or the stored text and false
    /// when it is on no entry.
    fn filed_under(&self, stored: &str) -> (String, bool) {
        match self.categories.resolve(stored) {
            Some(c) => (c.code.clone(), true),
            None => (stored.to_string(), false),
        }
    }

    fn day(&self, t: Time) -> NaiveDate {
        clock_time(t, self.offset)
    }

    /// Whether `case` did anything in the period or the one before: only then can its
    /// callbacks count (the desk fetches them for these cases alone).
    pub fn wants_callbacks(&self, case: &Case) -> bool {
        case.timeline.iter().any(|e| {
            let d = self.day(e.at);
            self.period.contains(d) || self.previous.contains(d)
        })
    }

    /// Whether `case` is counted by building (registered in the period).
    pub fn wants_building(&self, case: &Case) -> bool {
        self.period.contains(self.day(case.registered_at))
    }

    /// Feed every callback first: a resolved case's latest callback decides its outcome.
    pub fn callback(&mut self, cb: &Callback) {
        let CallbackReason::CaseResolved { case, .. } = cb.reason else {
            return;
        };
        let last = cb.attempts.last();
        let outcome = match cb.status {
            CallbackStatus::Pending => None,
            _ => last.map(|a| a.at),
        };
        let end = CallbackEnd {
            created_at: cb.created_at,
            settled_at: outcome,
            outcome: match cb.status {
                CallbackStatus::Done(o) => Some(o),
                CallbackStatus::GaveUp => Some(Outcome::Unreachable),
                CallbackStatus::Pending => None,
            },
            onsite: last.is_some_and(|a| a.onsite),
            signed: last.is_some_and(|a| a.signed),
        };
        let list = self.ends.entry(case).or_default();
        list.push(end);
        list.sort_by_key(|e| e.created_at);
    }

    /// Residents who complained in the period: their own earlier cases decide whether each
    /// complaint repeats one (R-LIFE-09); feed those with `earlier_case`.
    pub fn complainers(&self) -> std::collections::BTreeSet<CustomerId> {
        self.complaints
            .values()
            .filter(|(_, _, at)| self.period.contains(self.day(*at)))
            .map(|(who, _, _)| *who)
            .collect()
    }

    /// One of a complainer's own cases, for R-LIFE-09 alone (counted nowhere else).
    pub fn earlier_case(&mut self, case: &Case) {
        let registered = self.day(case.registered_at);
        let window_start = self.period.first - Duration::days(self.repeat_days);
        if case.kind == CaseKind::Complaint
            && window_start <= registered
            && registered <= self.period.last
        {
            self.complaints.insert(
                case.key,
                (
                    case.key.customer,
                    self.filed_under(&case.category).0,
                    case.registered_at,
                ),
            );
        }
    }

    /// Then every case, with the building it is counted under (None: no unit known).
    pub fn case(&mut self, case: &Case, building: Option<u32>) {
        self.earlier_case(case);
        let registered = self.day(case.registered_at);
        let now = self.now;
        let offset = self.offset;
        let category = self.filed_under(&case.category);
        let ends = self
            .ends
            .get(&case.key)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (period, tally) in [
            (self.period, &mut self.current),
            (self.previous, &mut self.before),
        ] {
            if period.contains(registered) {
                count_registered(tally, case, &category, building, registered, now);
            }
            let in_period = |t: Time| period.contains(clock_time(t, offset));
            // The last resolution in the period counts (a case reopened by its callback and
            // resolved again in the same period counts once), with the callback it drew.
            let resolution = case
                .entries()
                .rev()
                .filter(|e| is_resolution(&e.event))
                .map(|e| e.at)
                .find(|t| in_period(*t));
            if let Some(at) = resolution {
                let end = ends.iter().find(|e| e.created_at >= at).copied();
                count_resolved(tally, case, at, end);
            }
            for end in ends.iter().filter(|e| e.settled_at.is_some_and(in_period)) {
                count_settled(tally, case.owner, end);
            }
            tally.callbacks.reopened += case
                .timeline
                .iter()
                .filter(|e| matches!(e.event, CaseEvent::ReopenedByCallback(_)) && in_period(e.at))
                .count() as u64;
        }
    }

    pub fn finish(mut self, staff: &[Staff]) -> Report {
        let (new, repeat) = self.new_and_repeat();
        let names: HashMap<StaffId, &Staff> = staff.iter().map(|s| (s.uid, s)).collect();
        let current = &self.current;
        let mut people: Vec<StaffStat> = current
            .staff
            .iter()
            .map(|(uid, t)| {
                let who = names.get(uid);
                StaffStat {
                    login: who.map_or_else(|| format!("uid{}", uid.0), |s| s.username.clone()),
                    name: who.map_or_else(String::new, |s| s.name.clone()),
                    received: t.received,
                    resolved: t.resolved,
                    resolved_on_time: t.on_time,
                    on_time_percent: percent(t.on_time, t.resolved),
                    satisfied: t.satisfied,
                    unsatisfied: t.unsatisfied,
                    satisfaction_percent: percent(t.satisfied, t.satisfied + t.unsatisfied),
                }
            })
            .collect();
        people.sort_by(|a, b| {
            (b.received + b.resolved)
                .cmp(&(a.received + a.resolved))
                .then_with(|| a.login.cmp(&b.login))
        });
        let resolve_met =
            |t: &Tally| percent(t.clocks[3].met, t.clocks[3].met + t.clocks[3].missed);
        let as_f = |n: u64| Some(n as f64);
        Report {
            period: self.period.label(),
            kind: self.period.kind,
            first_day: self.period.first,
            last_day: self.period.last,
            generated_at: self.now,
            volumes: Volumes {
                cases: current.cases,
                by_kind: sorted(current.by_kind.iter().map(|(k, v)| (k.to_string(), *v))),
                by_category: sorted(current.by_category.iter().map(|(k, v)| (k.clone(), *v))),
                by_channel: sorted(current.by_channel.iter().map(|(k, v)| (k.to_string(), *v))),
                by_building: sorted(current.by_building.iter().map(|(k, v)| (k.clone(), *v))),
                complaints_new: new,
                complaints_repeat: repeat,
                unmapped: current.unmapped,
            },
            deadlines: CLOCKS
                .iter()
                .zip(self.current.clocks.iter_mut())
                .map(|(name, c)| {
                    c.minutes.sort_unstable();
                    DeadlineStat {
                        clock: name.to_string(),
                        cases: c.cases,
                        met: c.met,
                        missed: c.missed,
                        pending: c.pending,
                        met_percent: percent(c.met, c.met + c.missed),
                        p50_minutes: nearest_rank(&c.minutes, 50),
                        p90_minutes: nearest_rank(&c.minutes, 90),
                    }
                })
                .collect(),
            callbacks: finish_callbacks(&self.current.callbacks),
            staff: people,
            daily: self
                .period
                .days()
                .map(|day| DayCount {
                    day,
                    cases: self.current.daily.get(&day).copied().unwrap_or(0),
                })
                .collect(),
            trend: Trend {
                previous: self.previous.label(),
                to_date: self.previous != self.period.previous(),
                cases: Change::new(as_f(self.current.cases), as_f(self.before.cases)),
                complaints: Change::new(
                    as_f(self.current.complaints),
                    as_f(self.before.complaints),
                ),
                resolve_met_percent: Change::new(
                    resolve_met(&self.current),
                    resolve_met(&self.before),
                ),
                callback_rate_percent: Change::new(
                    finish_callbacks(&self.current.callbacks).callback_rate_percent,
                    finish_callbacks(&self.before.callbacks).callback_rate_percent,
                ),
                satisfaction_percent: Change::new(
                    finish_callbacks(&self.current.callbacks).satisfaction_percent,
                    finish_callbacks(&self.before.callbacks).satisfaction_percent,
                ),
            },
        }
    }

    /// R-LIFE-09: complaints in the period, new or repeated (same resident and category
    /// within 90 days before).
    fn new_and_repeat(&mut self) -> (u64, u64) {
        let mut complaints: Vec<_> = self.complaints.values().collect();
        complaints.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
        let (mut new, mut repeat) = (0, 0);
        let window = Duration::days(self.repeat_days);
        for (i, (who, category, at)) in complaints.iter().enumerate() {
            if !self.period.contains(clock_time(*at, self.offset)) {
                continue;
            }
            let earlier = i
                .checked_sub(1)
                .map(|j| complaints[j])
                .is_some_and(|(w, c, t)| w == who && c == category && *at - *t <= window);
            if earlier {
                repeat += 1;
            } else {
                new += 1;
            }
        }
        (new, repeat)
    }
}

fn is_resolution(event: &CaseEvent) -> bool {
    matches!(event, CaseEvent::Resolved(_) | CaseEvent::ResolvedWith(_))
}

fn count_registered(
    t: &mut Tally,
    case: &Case,
    (category, mapped): &(String, bool),
    building: Option<u32>,
    day: NaiveDate,
    now: Time,
) {
    t.cases += 1;
    if !mapped {
        t.unmapped += 1;
    }
    if case.kind == CaseKind::Complaint {
        t.complaints += 1;
    }
    *t.by_kind.entry(case.kind.as_str()).or_default() += 1;
    *t.by_category.entry(category.clone()).or_default() += 1;
    *t.by_channel.entry(case.channel.as_str()).or_default() += 1;
    *t.by_building
        .entry(building.map_or_else(|| "-".to_string(), |b| b.to_string()))
        .or_default() += 1;
    *t.daily.entry(day).or_default() += 1;
    t.staff.entry(case.received_by).or_default().received += 1;
    let d = &case.deadlines;
    let clocks: [Option<(Option<Time>, Time)>; 6] = [
        Some((case.acknowledged_at(), d.acknowledge)),
        d.dispatch.map(|at| (case.dispatched_at, at)),
        Some((case.responded_at, d.respond)),
        Some((case.resolved_at, d.resolve)),
        case.promised_at.map(|p| (case.resolved_at, p)),
        // R-INT-17: investigated the day it came in.
        d.investigate.map(|by| (case.investigated_at(), by)),
    ];
    for (tally, clock) in t.clocks.iter_mut().zip(clocks) {
        let Some((stopped, due)) = clock else {
            continue;
        };
        tally.cases += 1;
        match stopped {
            Some(at) => {
                if at <= due {
                    tally.met += 1;
                } else {
                    tally.missed += 1;
                }
                tally.minutes.push((at - case.registered_at).num_minutes());
            }
            None if now > due => tally.missed += 1,
            None => tally.pending += 1,
        }
    }
}

fn count_resolved(t: &mut Tally, case: &Case, at: Time, end: Option<CallbackEnd>) {
    t.callbacks.resolved += 1;
    let person = t.staff.entry(case.owner).or_default();
    person.resolved += 1;
    if at <= case.deadlines.resolve {
        person.on_time += 1;
    }
    if end.is_some() {
        t.callbacks.callbacks_due += 1;
    }
    // The callback this resolution drew got an answer.
    if end.is_some_and(|e| matches!(e.outcome, Some(Outcome::Satisfied | Outcome::Unsatisfied))) {
        t.callbacks.called_back += 1;
    }
}

/// A callback settled in the period: its outcome, on-site and signed (R-CB-02), credited
/// to the case's owner (R-RPT-08).
fn count_settled(t: &mut Tally, owner: StaffId, end: &CallbackEnd) {
    let cb = &mut t.callbacks;
    let person = t.staff.entry(owner).or_default();
    match end.outcome {
        Some(Outcome::Satisfied) => {
            cb.satisfied += 1;
            person.satisfied += 1;
        }
        Some(Outcome::Unsatisfied) => {
            cb.unsatisfied += 1;
            person.unsatisfied += 1;
        }
        Some(Outcome::Unreachable) => {
            cb.unreachable += 1;
            return;
        }
        None => return,
    }
    cb.onsite += u64::from(end.onsite);
    cb.signed += u64::from(end.signed);
}

fn finish_callbacks(c: &CallbackStats) -> CallbackStats {
    CallbackStats {
        callback_rate_percent: percent(c.called_back, c.callbacks_due),
        satisfaction_percent: percent(c.satisfied, c.satisfied + c.unsatisfied),
        onsite_percent: percent(c.onsite, c.satisfied + c.unsatisfied),
        signed_percent: percent(c.signed, c.satisfied + c.unsatisfied),
        ..c.clone()
    }
}

fn sorted(counts: impl Iterator<Item = (String, u64)>) -> Vec<Count> {
    let mut v: Vec<Count> = counts.map(|(key, count)| Count { key, count }).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    v
}

/// The nearest-rank percentile of sorted values.
pub(super) fn nearest_rank(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}
