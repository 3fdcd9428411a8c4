//! Who may call what, as each request declares it (`protocol::req`), applied by the router
//! before any handler runs — searches and event subscriptions included. Rules about one
//! record (only the owner replies, the subject of a complaint is recused, R-INT-12 /
//! R-LIFE-01) sit on top of this in `domain`; a request refused here never reaches them.

use crate::domain::case::CaseView;
use crate::domain::{DeskError, Role, Staff};
use crate::protocol::{Allowed, RequestKind};

use super::Caller;

/// One kind's rights, from its declaration.
#[derive(Debug, Clone, Copy)]
pub struct Right {
    pub kind: RequestKind,
    pub allowed: Allowed,
}

use Allowed::*;
use RequestKind as K;

/// The rights of `kind`, as its request declares them.
pub fn right(kind: RequestKind) -> Right {
    Right {
        kind,
        allowed: kind.allowed(),
    }
}

/// The caller as the table sees them: a staff record, or nobody the desk knows.
pub enum Who {
    Staff(Staff),
    /// No staff record, an inactive one, or a desk with no staff yet: the text says which
    /// and what to do.
    Unregistered(DeskError),
}

/// Checks `who` against `right` (the request's declared rights): the staff record when
/// allowed (none for `Anyone`), or a refusal that says who may do it.
pub fn authorise(right: Right, who: Who, caller: &Caller) -> Result<Option<Staff>, DeskError> {
    let staff = match (right.allowed, who) {
        (Anyone, Who::Staff(s)) => return Ok(Some(s)),
        (Anyone, Who::Unregistered(_)) => return Ok(None),
        (_, Who::Unregistered(e)) => return Err(e),
        (_, Who::Staff(s)) => s,
    };
    let needed = match right.allowed {
        Supervisor => Role::Supervisor,
        Admin => Role::Admin,
        Gate => Role::Guard,
        Anyone | Staff | CaseParty => Role::Clerk,
    };
    if staff.role < needed {
        return Err(DeskError::forbidden(
            crate::domain::refusal::DeskRefusal::RoleNeeded {
                needed: needed.into(),
                right: crate::domain::refusal::Term::of("right", what(right.kind)),
                login: caller.username.clone(),
                role: staff.role.into(),
            },
        ));
    }
    Ok(Some(staff))
}

/// What a request does, for refusals.
fn what(kind: RequestKind) -> &'static str {
    match kind {
        K::StaffAdd => "add-staff",
        K::StaffDeactivate | K::StaffReactivate | K::StaffSet => "change-staff",
        K::StaffHandover => "hand-over",
        K::CategoryMap => "map-categories",
        K::AccessLog => "read-access-log",
        K::CallbackPlan => "plan-callbacks",
        K::ImportStage | K::ImportCommit => "import-customers",
        K::Demo => "load-demo",
        K::Export => "export",
        K::Backup => "backup",
        K::DatabaseStatus => "read-database-status",
        K::Changes => "read-audit",
        K::PermitDecide => "decide-permits",
        K::FeesImport | K::FeesStage => "import-arrears",
        _ => "do-this",
    }
}

/// The case lists, by view: the same table's second half. Every staff member sees their own
/// work, the deadline board and what was escalated to them; all open work is a supervisor's.
pub const VIEW_RIGHTS: &[(CaseView, Role)] = &[
    (CaseView::Mine, Role::Clerk),
    (CaseView::Handling, Role::Clerk),
    (CaseView::Deadlines, Role::Clerk),
    (CaseView::Escalated, Role::Clerk),
    (CaseView::Suggestions, Role::Supervisor),
    (CaseView::Open, Role::Supervisor),
];

/// Whether `who` may list `view`; the refusal says which views they have.
pub fn may_view(view: CaseView, who: &Staff) -> Result<(), DeskError> {
    let needed = VIEW_RIGHTS
        .iter()
        .find(|(v, _)| *v == view)
        .map_or(Role::Admin, |(_, r)| *r);
    if who.role < needed {
        return Err(DeskError::forbidden(
            crate::domain::refusal::DeskRefusal::ViewNeedsRole {
                view: view.into(),
                needed: needed.into(),
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// A refusal names what was asked in the reader's words: every request's, in both.
    #[test]
    fn what_each_request_does_is_in_both_languages() {
        for kind in RequestKind::iter() {
            let id = crate::domain::refusal::Term::of("right", what(kind)).0;
            for lang in crate::words::Lang::ALL {
                crate::words::say_checked(lang, &id, &[]).unwrap();
            }
        }
    }
}
