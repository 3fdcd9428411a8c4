//! The category list's one write: a supervisor files every case stored under an old
//! free-text category (or an entry since removed from `categories.toml`) under a list
//! entry, in one audited change. The list itself is the daemon's, read at start.

use super::desk::{Desk, Handled, Tx};
use crate::domain::refusal::{DeskRefusal, InputRefusal};
use crate::domain::text::{self, MAX_SHORT_BYTES};
use crate::domain::{ChangeSubject, DeskError, Field};
use crate::protocol::Reply;
use crate::store::WriteSet;

impl Desk {
    /// Every case filed under `from` (as stored, exactly) moves to the entry `to` names.
    pub(super) fn category_map(&mut self, tx: &mut Tx<'_>, from: &str, to: &str) -> Handled {
        let from = text::required_line(Field::Category, from, MAX_SHORT_BYTES)?;
        let entry = self.policy.categories.resolve(to).cloned().ok_or_else(|| {
            DeskError::invalid(
                Field::To,
                InputRefusal::NotACategory {
                    value: to.trim().to_string(),
                },
            )
        })?;
        let mut ws = WriteSet::default();
        for mut case in self.store.all_cases()? {
            if case.category != from || case.category == entry.code {
                continue;
            }
            ws.read_case(&case);
            case.recategorize(tx.me, &entry.code, tx.now);
            ws.cases.push(case);
        }
        let moved = ws.cases.len() as u64;
        if moved == 0 {
            return Err(DeskError::not_found(DeskRefusal::NoCaseUnder {
                value: from,
            }));
        }
        let summary = format!(
            "{} filed {moved} cases under `{from}` under the category {} ({})",
            tx.me.label(),
            entry.code,
            entry.zh
        );
        self.commit(
            tx,
            ws,
            "category.map",
            ChangeSubject::Category(entry.code.clone()),
            summary,
            Reply::Recategorized { cases: moved },
        )
    }
}

super::serve::serve! {
    write CategoryMap(r, desk, cx) => desk.category_map(&mut cx.tx, &r.from, &r.to);
}
