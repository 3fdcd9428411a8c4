//! The kit's paperwork desk: the guard `GATE` registered, and `demo::paperwork::seed` run by
//! the admin on the kit's fixed clock (2026-11-23), the radio out to `wang`.

use super::{Operator, TestDesk, ADMIN};
pub use crate::demo::paperwork::Paperwork;
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
        let offset = crate::domain::Policy::default().utc_offset_minutes;
        let today = crate::domain::local_time::local_day(self.now, offset);
        Ok(crate::demo::paperwork::seed(
            &mut self.client(ADMIN)?,
            self.now,
            today,
            "wang",
        )?)
    }
}
