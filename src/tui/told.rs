//! Another operator's change told in the reader's words: who, what they did (the catalogue's
//! `change-<operation>`), and to which record. The audit log's summary is the supervisor's
//! English line and never reaches the screen.

use crate::domain::audit::{ChangeRecord, ChangeSubject};
use crate::domain::category::CategoryList;
use crate::domain::Staff;
use crate::tui::i18n::{Lang, Msg};

/// What an operation did, in the reader's words (`case.dispatch` → "dispatched a case").
pub fn operation_words(operation: &str, lang: Lang) -> String {
    let id = format!("change-{}", operation.replace(['.', '_'], "-"));
    crate::words::say_checked(lang, &id, &[])
        .unwrap_or_else(|_| crate::words::say(lang, "change-other", &[]))
}

/// The line the status bar and the digest show for `change`.
pub fn told(
    change: &ChangeRecord,
    staff: &[Staff],
    categories: &CategoryList,
    lang: Lang,
) -> String {
    let what = operation_words(&change.operation, lang);
    let name = |uid: crate::domain::StaffId| {
        staff
            .iter()
            .find(|s| s.uid == uid)
            .map_or_else(|| uid.to_string(), |s| s.name.clone())
    };
    let record = match &change.subject {
        ChangeSubject::Customer(id) => id.to_string(),
        ChangeSubject::Customers { count } => count.to_string(),
        ChangeSubject::Case { ticket, .. } => ticket.to_string(),
        ChangeSubject::Callback { id, .. } => id.to_string(),
        ChangeSubject::Visit { id, .. } => id.to_string(),
        ChangeSubject::Staff(uid) | ChangeSubject::Cover(uid) => name(*uid),
        ChangeSubject::Unit(u) | ChangeSubject::Fees(Some(u)) => u.to_string(),
        ChangeSubject::Fees(None) => String::new(),
        ChangeSubject::Survey(m) => m.to_string(),
        ChangeSubject::Slip(n) => n.to_string(),
        ChangeSubject::Visitor(n) => n.to_string(),
        ChangeSubject::Loan(n) => n.to_string(),
        ChangeSubject::Permit(n) => n.to_string(),
        ChangeSubject::Call { id, .. } => id.to_string(),
        ChangeSubject::Incident(no) => no.to_string(),
        ChangeSubject::Template(id) => format!("#{id}"),
        ChangeSubject::Category(code) => categories.label(code, lang == Lang::Zh).to_string(),
    };
    let record = crate::domain::text::printable(&record);
    // Without a record (an import), the line ends at what was done.
    Msg::OtherChanged
        .with(lang, &[&name(change.by), &what, &record])
        .trim_end_matches([' ', ':', '：'])
        .to_string()
}
