//! Service-level numbers and configurable rules, with the defaults the source documents give.
//! Loaded by the daemon from `policy.toml` in the data dir; every field is optional there.

use std::sync::Arc;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;
use super::category::CategoryList;

use super::{CaseKind, Severity, Tier, Time};

/// How resolved cases are chosen for a callback. R-CB-01 says every complaint; R-CB-02 says
/// a 10 % sample with at least 30 % of those on-site and signed. Both are PM rules (DOMAIN §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackMode {
    All,
    Sample,
}

/// Whether resolved cases of a kind other than complaints are called back: repairs by
/// `repair_callback` (R-CB-03, default all), inquiries, suggestions and help requests by
/// `other_callback` (default none: ordinary opinions are answered on the spot, R-CB-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackRule {
    All,
    None,
}

/// Which clock L2/L3 respond and resolve deadlines run on. L1 and the 3-minute dispatch
/// always run on the wall clock (an urgent leak does not wait for Monday).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaClockMode {
    #[default]
    Wall,
    /// Working days of `calendar.toml`, within its `[hours]` when set.
    Business,
}

/// R-LIFE-01/05: who may reply to the resident. The two PM texts disagree: 000:625 has the
/// one who received the case reply (谁受理、谁回复, `owner`, the default); 001:401 has the
/// responsible department reply with the result (`owner_or_handler`: the owner, or the
/// colleague handling it once dispatched to them or taken by them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyBy {
    #[default]
    Owner,
    OwnerOrHandler,
}

/// The policy a case's steps are decided under: the daemon's when it takes them, the same
/// one on the screen (sent in the welcome) when it dims the keys it would refuse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRules {
    pub reply_by: ReplyBy,
}

fn shipped_categories() -> Arc<CategoryList> {
    Arc::new(CategoryList::shipped())
}

fn shipped_calendar() -> Arc<WorkCalendar> {
    Arc::new(WorkCalendar::shipped())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// R-INT-15: acknowledge and confirm the type within 30 minutes.
    pub ack_minutes: i64,
    /// R-INT-07: first receiver → staff dispatched within 3 minutes.
    pub dispatch_minutes: i64,
    /// R-INT-07: the kinds the three-minute chain runs for. 000:1007 states the rule for a
    /// suggestion ("第一接待人接到客户的建议时…"), and complaints, repairs and help requests
    /// send someone too; an inquiry is answered, so it has none by default.
    pub dispatch_kinds: Vec<CaseKind>,
    /// R-INT-06: the kinds that, not solved on the spot, are registered with a promised
    /// service time (000:1017 "不能当场解决的…承诺服务时间", 001:846).
    pub promise_kinds: Vec<CaseKind>,
    /// R-INT-17: the kinds investigated and verified the same day (001:397); the clock runs
    /// out at the end of the local day the case was registered. Empty: no such clock.
    pub investigate_kinds: Vec<CaseKind>,
    /// R-INT-15 respond / resolve hours per severity.
    pub l1_respond_hours: i64,
    pub l1_resolve_hours: i64,
    pub l2_respond_hours: i64,
    pub l2_resolve_hours: i64,
    pub l3_respond_hours: i64,
    pub l3_resolve_hours: i64,
    /// Complaints: all, or a sample (R-CB-01/02); the sample is drawn from complaints only.
    pub callback_mode: CallbackMode,
    pub repair_callback: CallbackRule,
    pub other_callback: CallbackRule,
    /// R-CB-02 sample size and on-site share, in percent.
    pub callback_sample_percent: u32,
    pub callback_onsite_percent: u32,
    /// A resolved case is called back within this many hours.
    pub callback_due_hours: i64,
    /// An unreachable resident is tried again after this many hours, up to `callback_attempts`.
    pub callback_retry_hours: i64,
    pub callback_attempts: u32,
    /// R-CB-08 periodic callback cadence by tier, in days.
    pub vip_callback_days: i64,
    pub key_callback_days: i64,
    pub general_callback_days: i64,
    /// The desk's local time (ticket months, "today"). China Standard Time by default.
    pub utc_offset_minutes: i32,
    /// Longest visit window; also bounds the double-booking scan.
    pub max_visit_hours: i64,
    /// R-VIS-05, R-CB-13: "after a visit, fulfil the promises, then call back" — a visit done
    /// that is not itself a callback and not for a case (a case is called back when it is
    /// resolved) queues a callback due this many hours later; 0 queues none.
    pub visit_callback_hours: i64,
    /// R-LIFE-09: a complaint in the same category from the same resident or unit within
    /// this many days of an earlier one is a repeat, flagged at intake.
    pub repeat_days: i64,
    /// R-INT-10: an inquiry not answered on the spot is replied to within this many hours.
    pub inquiry_reply_hours: i64,
    /// R-REC-07 (004:31 "re-verify data quarterly"): a resident's details not confirmed
    /// within this many days are due for a re-check (the to-verify list, the card).
    pub verify_days: i64,
    /// R-REC-11 (000:391 "数据更新设专人维护，其他人无权维护"): only a record's keeper (and
    /// supervisors) edit it; the tier has its own rule (supervisors). `false` lets any clerk.
    pub keeper_edits_only: bool,
    /// R-REC-16: "the successor calls back all owners within 1 week" — days after a handover.
    pub successor_callback_days: i64,
    /// R-REC-12 (001:513 "lock the terminal when leaving the desk"): after this many minutes
    /// without a key a screen hides resident details until a key is pressed; 0 never.
    pub privacy_minutes: i64,
    /// Minutes within which an operator may undo their own last step (Ctrl-Z); 0 never.
    pub undo_minutes: i64,
    /// Hours within which a new case of the same building and category as an open one is
    /// offered to join it as one incident (a burst pipe, a stuck lift); 0 never.
    pub incident_window_hours: i64,
    /// R-LIFE-01/05: who may reply to the resident (see `ReplyBy`).
    pub reply_by: ReplyBy,
    /// R-INT-12: may the subject of a complaint see that one names them (never its details)?
    pub subject_sees_existence: bool,
    /// R-REC-13: days the access log keeps a record of each look at personal data.
    pub access_retention_days: i64,
    /// Open connections one Unix user may hold (screens, scripts, watchers together).
    pub max_connections_per_uid: u32,
    /// Requests one connection may send per second (a burst of twice that is allowed).
    pub max_requests_per_second: u32,
    /// `wall` (default) or `business` for L2/L3 respond and resolve deadlines.
    pub sla_clock: SlaClockMode,
    /// The working-day calendar, read from `calendar.toml` beside `policy.toml` (never from
    /// policy.toml itself).
    #[serde(skip, default = "shipped_calendar")]
    pub calendar: Arc<WorkCalendar>,
    /// The category list, read from `categories.toml` beside `policy.toml`.
    #[serde(skip, default = "shipped_categories")]
    pub categories: Arc<CategoryList>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            ack_minutes: 30,
            dispatch_minutes: 3,
            dispatch_kinds: vec![
                CaseKind::Complaint,
                CaseKind::Repair,
                CaseKind::Suggestion,
                CaseKind::Help,
            ],
            promise_kinds: vec![CaseKind::Complaint, CaseKind::Repair],
            investigate_kinds: vec![CaseKind::Complaint],
            l1_respond_hours: 1,
            l1_resolve_hours: 4,
            l2_respond_hours: 2,
            l2_resolve_hours: 24,
            l3_respond_hours: 4,
            l3_resolve_hours: 48,
            callback_mode: CallbackMode::All,
            repair_callback: CallbackRule::All,
            other_callback: CallbackRule::None,
            callback_sample_percent: 10,
            callback_onsite_percent: 30,
            callback_due_hours: 24,
            callback_retry_hours: 24,
            callback_attempts: 3,
            vip_callback_days: 91,
            key_callback_days: 91,
            general_callback_days: 182,
            utc_offset_minutes: 8 * 60,
            max_visit_hours: 12,
            visit_callback_hours: 24,
            repeat_days: crate::domain::report::REPEAT_WINDOW_DAYS,
            inquiry_reply_hours: 24,
            successor_callback_days: 7,
            keeper_edits_only: true,
            verify_days: crate::domain::verification::VERIFY_EVERY_DAYS,
            privacy_minutes: 5,
            undo_minutes: 2,
            incident_window_hours: 6,
            reply_by: ReplyBy::Owner,
            subject_sees_existence: false,
            access_retention_days: 365,
            max_connections_per_uid: 16,
            max_requests_per_second: 500,
            sla_clock: SlaClockMode::Wall,
            calendar: shipped_calendar(),
            categories: shipped_categories(),
        }
    }
}

impl Policy {
    pub fn from_toml(text: &str) -> Result<Policy, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// (respond, resolve) windows for a severity (R-INT-15).
    pub fn windows(&self, severity: Severity) -> (Duration, Duration) {
        let (a, b) = match severity {
            Severity::L1 => (self.l1_respond_hours, self.l1_resolve_hours),
            Severity::L2 => (self.l2_respond_hours, self.l2_resolve_hours),
            Severity::L3 => (self.l3_respond_hours, self.l3_resolve_hours),
        };
        (Duration::hours(a), Duration::hours(b))
    }

    pub fn tier_cadence(&self, tier: Tier) -> Duration {
        Duration::days(match tier {
            Tier::Vip => self.vip_callback_days,
            Tier::Key => self.key_callback_days,
            Tier::General => self.general_callback_days,
        })
    }

    /// What a case's steps are decided under (who may reply).
    pub fn step_rules(&self) -> StepRules {
        StepRules {
            reply_by: self.reply_by,
        }
    }

    pub fn offset(&self) -> chrono::FixedOffset {
        super::local_time::fixed_offset(self.utc_offset_minutes)
    }

    pub fn local(&self, t: Time) -> chrono::DateTime<chrono::FixedOffset> {
        t.with_timezone(&self.offset())
    }

    /// The desk's local day around `now`, as [midnight, next midnight).
    pub fn day_of(&self, now: Time) -> (Time, Time) {
        let local = self.local(now);
        let midnight = local
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .and_then(|d| d.and_local_timezone(*local.offset()).single())
            .map(|d| d.with_timezone(&chrono::Utc))
            .unwrap_or(now);
        (midnight, midnight + Duration::days(1))
    }

    /// R-INT-17: when a case of `kind` registered at `now` must have been investigated:
    /// the last second of that local day, for the kinds `investigate_kinds` lists.
    pub fn investigate_by(&self, kind: CaseKind, now: Time) -> Option<Time> {
        let (_, next_midnight) = self.day_of(now);
        self.investigate_kinds
            .contains(&kind)
            .then(|| next_midnight - Duration::seconds(1))
    }

    /// When a respond or resolve window that starts at `start` runs out: on the wall clock,
    /// or in business time for L2/L3 under `sla_clock = "business"`.
    pub fn deadline(&self, severity: Severity, start: Time, window: Duration) -> Time {
        match (self.sla_clock, severity) {
            (SlaClockMode::Business, Severity::L2 | Severity::L3) => {
                self.calendar.add_business(start, window, self.offset())
            }
            _ => start + window,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_int_15_defaults_match_the_source() {
        let p = Policy::default();
        assert_eq!(p.ack_minutes, 30);
        assert_eq!(
            p.windows(Severity::L1),
            (Duration::hours(1), Duration::hours(4))
        );
        assert_eq!(
            p.windows(Severity::L2),
            (Duration::hours(2), Duration::hours(24))
        );
        assert_eq!(
            p.windows(Severity::L3),
            (Duration::hours(4), Duration::hours(48))
        );
        // R-INT-07: three minutes to dispatch.
        assert_eq!(p.dispatch_minutes, 3);
    }

    #[test]
    fn business_clock_moves_l2_l3_deadlines_and_never_l1() {
        let mut p = Policy::from_toml("sla_clock = \"business\"\n").unwrap();
        assert_eq!(p.sla_clock, SlaClockMode::Business);
        p.calendar = Arc::new(
            WorkCalendar::parse("[hours]\nopen = \"08:30\"\nclose = \"17:30\"\n").unwrap(),
        );
        // Fri 2026-11-20 16:00 China time.
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-20T16:00:00+08:00")
            .unwrap()
            .to_utc();
        let l2 = p.deadline(Severity::L2, start, Duration::hours(2));
        assert_eq!(
            l2.to_rfc3339(),
            "2026-11-23T01:00:00+00:00",
            "Mon 09:00 local"
        );
        let l1 = p.deadline(Severity::L1, start, Duration::hours(2));
        assert_eq!(l1, start + Duration::hours(2), "L1 runs on the wall clock");
        assert_eq!(
            Policy::default().deadline(Severity::L3, start, Duration::hours(2)),
            start + Duration::hours(2)
        );
    }

    /// `contrib/policy.toml` is the annotated list of every setting: it names each one and
    /// gives exactly the shipped default, so the two cannot drift apart.
    #[test]
    fn the_contrib_policy_file_lists_every_setting_at_its_default() {
        let text = include_str!("../../contrib/policy.toml");
        assert_eq!(Policy::from_toml(text).unwrap(), Policy::default());
        let listed: toml::Table = toml::from_str(text).unwrap();
        let every = toml::Table::try_from(Policy::default()).unwrap();
        let missing: Vec<&String> = every.keys().filter(|k| !listed.contains_key(*k)).collect();
        assert!(
            missing.is_empty(),
            "not in contrib/policy.toml: {missing:?}"
        );
    }

    #[test]
    fn policy_file_overrides_only_what_it_names() {
        let p = Policy::from_toml("callback_mode = \"sample\"\nl1_resolve_hours = 6\n").unwrap();
        assert_eq!(p.callback_mode, CallbackMode::Sample);
        assert_eq!(p.l1_resolve_hours, 6);
        assert_eq!(p.l2_resolve_hours, 24);
        assert!(Policy::from_toml("callback_mode = \"sometimes\"").is_err());
    }
}
