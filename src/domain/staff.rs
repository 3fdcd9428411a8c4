//! Staff members, keyed by Unix uid, and what each role may do. The daemon maps the kernel's
//! peer uid to one of these; the request never names its sender (DESIGN §2).

use crate::domain::Field;
use serde::{Deserialize, Serialize};

use super::text::{self, MAX_SHORT_BYTES};
use super::{DeskError, StaffId, Time};

crate::domain::by_word::words! {
    /// Stored by variant index, so a new role is appended; `rank` orders them by what they may
    /// do (a guard least of all).
    pub enum Role in Field::Role as "role" {
        Clerk = ["clerk", "前台"],
        Supervisor = ["supervisor", "主管"],
        Admin = ["admin", "管理员"],
        /// At the gate: verifies and releases move-out slips (R-OPS-02), and nothing else.
        Guard = ["guard", "门卫", "保安"],
    }
}

impl Role {
    fn rank(self) -> u8 {
        match self {
            Role::Guard => 0,
            Role::Clerk => 1,
            Role::Supervisor => 2,
            Role::Admin => 3,
        }
    }
}

impl PartialOrd for Role {
    fn partial_cmp(&self, other: &Role) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Role {
    fn cmp(&self, other: &Role) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl Role {
    /// Supervisors and admins may reassign ownership (logged with a reason).
    pub fn can_reassign(self) -> bool {
        self >= Role::Supervisor
    }

    pub fn can_manage_staff(self) -> bool {
        self == Role::Admin
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub uid: StaffId,
    /// The Unix login name, as SSH and the kernel know the person.
    pub username: String,
    /// Display name, e.g. 李娜.
    pub name: String,
    pub role: Role,
    pub dept: String,
    pub active: bool,
    pub added_at: Time,
    /// The desk phone's extension: a ringing call at it pops up on this person's screen.
    /// Record version 8; older records have none.
    pub ext: Option<String>,
}

impl Staff {
    pub fn new(
        uid: StaffId,
        username: &str,
        name: &str,
        role: Role,
        dept: &str,
        now: Time,
    ) -> Result<Staff, DeskError> {
        let username = text::required_line(Field::User, username, 64)?;
        if !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(DeskError::invalid(
                Field::User,
                crate::domain::refusal::InputRefusal::NotUnixName {
                    value: username.clone(),
                },
            ));
        }
        Ok(Staff {
            uid,
            username,
            name: text::required_line(Field::Name, name, MAX_SHORT_BYTES)?,
            role,
            dept: text::optional_text(Field::Dept, dept, MAX_SHORT_BYTES)?,
            active: true,
            added_at: now,
            ext: None,
        })
    }

    /// An admin's edit of role, department, display name or extension; `None` keeps a
    /// field, an empty extension takes it away.
    pub fn edited(
        &self,
        role: Option<Role>,
        dept: Option<&str>,
        name: Option<&str>,
        ext: Option<&str>,
    ) -> Result<Staff, DeskError> {
        let mut s = self.clone();
        if let Some(r) = role {
            s.role = r;
        }
        if let Some(d) = dept {
            s.dept = text::optional_text(Field::Dept, d, MAX_SHORT_BYTES)?;
        }
        if let Some(n) = name {
            s.name = text::required_line(Field::Name, n, MAX_SHORT_BYTES)?;
        }
        if let Some(e) = ext {
            s.ext = match e.trim() {
                "" => None,
                e => Some(extension(Field::Ext, e)?),
            };
        }
        if s == *self {
            return Err(DeskError::invalid(
                Field::Role,
                crate::domain::refusal::DeskRefusal::NothingToChange {},
            ));
        }
        Ok(s)
    }

    /// "李娜 (lina)": how timelines and messages name a person.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.username)
    }
}
/// The longest extension or line name kept: exchanges use short numbers and queue names.
const MAX_EXT: usize = 32;

/// An extension as typed: digits, letters, `*`, `#`, `-`; at most 32.
pub fn extension(field: Field, raw: &str) -> Result<String, DeskError> {
    let ext = raw.trim();
    if ext.is_empty()
        || ext.len() > MAX_EXT
        || !ext
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | '#' | '-' | '_'))
    {
        return Err(DeskError::invalid(
            field,
            crate::domain::refusal::InputRefusal::NotExtension {
                value: raw.to_string(),
            },
        ));
    }
    Ok(ext.to_string())
}
