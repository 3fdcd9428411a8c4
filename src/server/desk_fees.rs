//! Fee arrears and reminders (R-OPS-13). The arrears
//! import is all or nothing: every row names a unit the desk knows, or the import is refused
//! naming each bad line; a good import replaces the previous one in one commit.

use chrono::Datelike;

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::fees::{Arrear, Reminder, ReminderOutcome, UnitArrears, Way};
use crate::domain::{ChangeSubject, DeskError, Field, Time, UnitCode};
use crate::protocol::Reply;
use crate::store::{Counter, WriteSet};

/// Most lines an import may name in its refusal; the rest are counted.
const MAX_NAMED_LINES: usize = 20;

impl Desk {
    /// The first instant of the desk-local month `now` is in: reminders since then count.
    fn month_start(&self, now: Time) -> Time {
        let (midnight, _) = self.today(now);
        let day_of_month = self.local_day(now).day();
        midnight - chrono::Duration::days(i64::from(day_of_month) - 1)
    }

    fn known_unit(&self, unit: UnitCode) -> DeskResult<bool> {
        Ok(self.store.dwelling(unit)?.is_some() || !self.listed_at(unit).is_empty())
    }

    fn unit_arrears(
        &self,
        unit: UnitCode,
        items: Vec<Arrear>,
        since: Time,
    ) -> DeskResult<UnitArrears> {
        Ok(UnitArrears {
            unit,
            items,
            reminders: self.store.reminders_of(unit, since)?,
        })
    }

    pub(super) fn fees_import(&mut self, tx: &mut Tx<'_>, rows: &[(u32, Arrear)]) -> Handled {
        if rows.is_empty() {
            return Err(DeskError::invalid(
                Field::File,
                crate::domain::refusal::PaperRefusal::NoArrearsRows {},
            ));
        }
        let mut bad = Vec::new();
        let mut seen = std::collections::HashMap::new();
        let mut known = std::collections::HashMap::new();
        for (line, a) in rows {
            let is_known = match known.get(&a.unit) {
                Some(k) => *k,
                None => *known.entry(a.unit).or_insert(self.known_unit(a.unit)?),
            };
            if !is_known {
                bad.push((
                    u64::from(*line),
                    DeskError::invalid(
                        Field::Unit,
                        crate::domain::refusal::PaperRefusal::UnitUnknown {
                            unit: a.unit.to_string(),
                        },
                    ),
                ));
            } else if let Some(first) = seen.insert((a.unit, a.kind, a.period), *line) {
                bad.push((
                    u64::from(*line),
                    DeskError::invalid(
                        Field::Fee,
                        crate::domain::refusal::PaperRefusal::SameAsLine {
                            first: u64::from(first),
                        },
                    ),
                ));
            }
        }
        if !bad.is_empty() {
            let more = bad.len().saturating_sub(MAX_NAMED_LINES) as u64;
            bad.truncate(MAX_NAMED_LINES);
            return Err(DeskError::invalid(
                Field::File,
                crate::domain::refusal::PaperRefusal::ArrearsBadRows {
                    rows: crate::domain::refusal::Rows(bad, more),
                },
            ));
        }
        let arrears: Vec<Arrear> = rows.iter().map(|(_, a)| a.clone()).collect();
        let total = crate::domain::fees::owed(&arrears);
        let summary = format!(
            "{} imported {} arrears rows, {total} in all",
            tx.me.label(),
            arrears.len()
        );
        let reply = Reply::Arrears(self.grouped(arrears.clone(), self.month_start(tx.now))?);
        let ws = WriteSet {
            arrears: Some(arrears),
            ..WriteSet::default()
        };
        self.commit(
            tx,
            ws,
            "fees.import",
            ChangeSubject::Fees(None),
            summary,
            reply,
        )
    }

    /// The month's reminder list: units in arrears, in unit order (so by building), each
    /// with this month's reminders.
    pub(super) fn fees_list(&self, tx: &Tx<'_>, building: Option<u32>) -> DeskResult<Reply> {
        // In key order: unit (so building), fee kind, period. One building reads its own.
        let arrears = self.store.arrears_in(building)?;
        Ok(Reply::Arrears(
            self.grouped(arrears, self.month_start(tx.now))?,
        ))
    }

    /// Arrears grouped by unit in unit order, each unit with its reminders since `since`.
    fn grouped(&self, mut arrears: Vec<Arrear>, since: Time) -> DeskResult<Vec<UnitArrears>> {
        arrears.sort_by_key(|a| (a.unit.building, a.unit.unit, a.unit.room, a.kind, a.period));
        let mut out: Vec<UnitArrears> = Vec::new();
        for a in arrears {
            match out.last_mut() {
                Some(u) if u.unit == a.unit => u.items.push(a),
                _ => out.push(self.unit_arrears(a.unit, vec![a], since)?),
            }
        }
        Ok(out)
    }

    pub(super) fn fees_unit(&self, tx: &Tx<'_>, unit: UnitCode) -> DeskResult<Reply> {
        let items = self.store.arrears_of(unit)?;
        Ok(Reply::Arrears(vec![self.unit_arrears(
            unit,
            items,
            self.month_start(tx.now),
        )?]))
    }

    pub(super) fn fees_remind(
        &mut self,
        tx: &mut Tx<'_>,
        unit: UnitCode,
        way: crate::domain::fees::Way,
        outcome: ReminderOutcome,
        note: &str,
    ) -> Handled {
        let items = self.store.arrears_of(unit)?;
        if items.is_empty() {
            return Err(DeskError::invalid(
                Field::Unit,
                crate::domain::refusal::PaperRefusal::NoArrearsFor {
                    unit: unit.to_string(),
                },
            ));
        }
        let reminder = Reminder::log(unit, way, outcome, note, tx.me.uid, tx.now)?;
        let mut ws = WriteSet::default();
        let seq = self.next_counter(&mut ws, Counter::Reminder)?;
        ws.reminders.push((seq, reminder));
        let summary = format!(
            "{} reminded {unit} by {}: {outcome}",
            tx.me.label(),
            Way::as_str(way)
        );
        let mut view = self.unit_arrears(unit, items, self.month_start(tx.now))?;
        view.reminders.push(ws.reminders[0].1.clone());
        self.commit(
            tx,
            ws,
            "fees.remind",
            ChangeSubject::Fees(Some(unit)),
            summary,
            Reply::Arrears(vec![view]),
        )
    }
}

super::serve::serve! {
    read FeesList(r, desk, cx) => desk.fees_list(&cx.tx, r.building);
    read FeesUnit(r, desk, cx) => desk.fees_unit(&cx.tx, r.unit);
    write FeesRemind(r, desk, cx) =>
        desk.fees_remind(&mut cx.tx, r.unit, r.way, r.outcome, &r.note);
}
