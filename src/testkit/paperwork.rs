//! The kit's paperwork desk: the guard `GATE` registered, and `demo_paperwork::seed` run by
//! the admin on the kit's fixed clock (2026-11-23), the radio out to `wang`.

use super::{Operator, TestDesk, ADMIN};
pub use crate::demo_paperwork::Paperwork;
use crate::domain::Role;

/// The gate's guard, registered by `paperwork_demo`.
pub const GATE: Operator = Operator {
    uid: 5005,
    login: "gate",
    name: "门卫老张",
    role: Role::Guard,
};

impl TestDesk {
    pub fn paperwork_demo(&self) -> anyhow::Result<Paperwork> {
        self.add_staff(GATE)?;
        let today = self
            .now
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
            .date_naive();
        Ok(crate::demo_paperwork::seed(
            &mut self.client(ADMIN)?,
            self.now,
            today,
            "wang",
        )?)
    }
}
