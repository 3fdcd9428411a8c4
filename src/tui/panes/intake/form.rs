//! The intake form: which fields it has and in what order, the typed choices (channel, kind,
//! severity) cycled with ←/→, the text fields, focus, and the draft they make.

use super::{IntakePane, Stage};
use crate::domain::case::CaseDraft;
use crate::domain::category::{Category, CategoryList};
use crate::domain::local_time::parse_time_on;
use crate::domain::Field as WireField;
use crate::domain::{CaseKind, Channel, Severity};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::Msg;
use crate::tui::keymap::Key;
use crate::tui::keymap::Section;
use crate::tui::panes::{cursor, Cx, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Resident,
    Channel,
    Kind,
    Category,
    Severity,
    Description,
    Subject,
    Promised,
}

pub(super) const FIELDS: [Field; 8] = [
    Field::Resident,
    Field::Channel,
    Field::Kind,
    Field::Severity,
    Field::Category,
    Field::Description,
    // R-INT-06: a complaint or repair not solved on the spot is promised a time, so it is
    // one Tab after the description; naming a subject is rarer.
    Field::Promised,
    Field::Subject,
];
pub(super) const CHANNELS: [Channel; 5] = [
    Channel::Counter,
    Channel::Phone,
    Channel::Letter,
    Channel::Email,
    Channel::Staff,
];
pub(super) const KINDS: [CaseKind; 5] = [
    CaseKind::Complaint,
    CaseKind::Repair,
    CaseKind::Inquiry,
    CaseKind::Suggestion,
    CaseKind::Help,
];
pub(super) const SEVERITIES: [Severity; 3] = [Severity::L1, Severity::L2, Severity::L3];

impl Field {
    /// The field the daemon names in validation errors.
    pub(super) fn wire(self) -> WireField {
        match self {
            Field::Resident => WireField::Customer,
            Field::Channel => WireField::Channel,
            Field::Kind => WireField::Kind,
            Field::Category => WireField::Category,
            Field::Severity => WireField::Severity,
            Field::Description => WireField::Description,
            Field::Subject => WireField::Subject,
            Field::Promised => WireField::Promised,
        }
    }

    pub(super) fn label(self) -> Msg {
        match self {
            Field::Resident => Msg::FieldResident,
            Field::Channel => Msg::FieldChannel,
            Field::Kind => Msg::FieldKind,
            Field::Category => Msg::FieldCategory,
            Field::Severity => Msg::FieldSeverity,
            Field::Description => Msg::FieldDescription,
            Field::Subject => Msg::FieldSubject,
            Field::Promised => Msg::FieldPromised,
        }
    }
}

impl IntakePane {
    pub(super) fn text(&self, f: Field) -> Option<&TextField> {
        Some(match f {
            Field::Resident => &self.resident,
            Field::Category => &self.category,
            Field::Description => &self.description,
            Field::Subject => &self.subject,
            Field::Promised => &self.promised,
            Field::Channel | Field::Kind | Field::Severity => return None,
        })
    }

    pub(super) fn text_mut(&mut self, f: Field) -> Option<&mut TextField> {
        Some(match f {
            Field::Resident => &mut self.resident,
            Field::Category => &mut self.category,
            Field::Description => &mut self.description,
            Field::Subject => &mut self.subject,
            Field::Promised => &mut self.promised,
            Field::Channel | Field::Kind | Field::Severity => return None,
        })
    }

    pub fn text_focus(&self) -> bool {
        match &self.stage {
            Stage::Edit => self.text(self.focus).is_some(),
            Stage::ReadBack { .. } => false,
            Stage::Saved { case } => case.dispatched_at.is_none(),
        }
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        if let Stage::Saved { .. } = self.stage {
            // The department offered is replaced by what is typed, kept by Enter.
            if std::mem::take(&mut self.dispatch_offered)
                && !key.ctrl
                && matches!(key.code, crate::tui::keymap::KeyName::Char(_))
            {
                self.dispatch.clear();
            }
            return self.dispatch.edit(key);
        }
        let focus = self.focus;
        let Some(field) = self.text_mut(focus) else {
            return false;
        };
        let edited = field.edit(key);
        if edited && focus == Field::Resident {
            self.customer = None;
            self.resident_dirty = true;
        }
        if edited && focus == Field::Category {
            self.category_taken = None;
            self.category_pick = 0;
        }
        if edited && self.error.as_ref().is_some_and(|(f, _)| *f == focus) {
            self.error = None;
        }
        edited
    }

    pub(super) fn move_focus(&mut self, forward: bool, cx: &mut Cx<'_>) -> Outcome {
        let searched = if self.focus == Field::Resident {
            self.take_resident_hit(cx)
        } else {
            Outcome::Nothing
        };
        if self.focus == Field::Category {
            self.take_category(cx);
        }
        let i = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = FIELDS.len();
        self.focus = FIELDS[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        searched
    }

    pub(super) fn cycle(&mut self, forward: bool) {
        let (idx, len) = match self.focus {
            Field::Channel => (&mut self.channel, CHANNELS.len()),
            Field::Kind => {
                self.kind_chosen = true;
                (&mut self.kind, KINDS.len())
            }
            Field::Severity => (&mut self.severity, SEVERITIES.len()),
            _ => return,
        };
        *idx = if forward {
            (*idx + 1) % len
        } else {
            (*idx + len - 1) % len
        };
    }

    /// A category typed (or a row chosen with the arrows) and not yet taken from the list.
    pub(super) fn picking_category(&self) -> bool {
        self.focus == Field::Category
            && self.category_taken.is_none()
            && (self.category_pick > 0 || !self.category.text().trim().is_empty())
    }

    /// The list entries what is typed picks, best first.
    pub(super) fn category_matches<'c>(&self, list: &'c CategoryList) -> Vec<&'c Category> {
        list.filter(&self.category.text())
    }

    pub(super) fn move_pick(&mut self, down: bool, cx: &Cx<'_>) {
        let n = self.category_matches(cx.categories).len();
        self.category_pick = if down {
            cursor::next(self.category_pick, n)
        } else {
            cursor::prev(self.category_pick)
        };
    }

    /// Takes the highlighted entry: the field shows its label, and the kind follows it
    /// unless the operator chose one. Nothing typed, or nothing matching, takes nothing
    /// (an empty category is filed under `other`; an unknown one is refused by field).
    pub(super) fn take_category(&mut self, cx: &Cx<'_>) {
        if !self.picking_category() {
            return;
        }
        let matches = self.category_matches(cx.categories);
        let Some(entry) = matches.get(cursor::within(self.category_pick, matches.len())) else {
            return;
        };
        self.category = TextField::with(entry.label(cx.lang == crate::tui::i18n::Lang::Zh));
        self.category_taken = Some(entry.code.clone());
        if !self.kind_chosen {
            if let Some(i) = KINDS.iter().position(|k| *k == entry.kind) {
                self.kind = i;
            }
        }
        if self
            .error
            .as_ref()
            .is_some_and(|(f, _)| *f == Field::Category)
        {
            self.error = None;
        }
    }

    pub(super) fn draft(&self, cx: &Cx<'_>) -> Result<CaseDraft, (Field, String)> {
        let Some(customer) = &self.customer else {
            return Err((
                Field::Resident,
                Msg::NeedResident.with(cx.lang, &[&cx.key(Section::Intake, Command::NextField)]),
            ));
        };
        let promised = self.promised.text();
        let promised_at = if promised.trim().is_empty() {
            None
        } else {
            let today = cx.now.with_timezone(&cx.offset).date_naive();
            let minutes = cx.offset.local_minus_utc() / 60;
            Some(
                parse_time_on(WireField::Promised, &promised, minutes, Some(today))
                    .map_err(|e| (Field::Promised, crate::words::desk_error(cx.lang, &e)))?,
            )
        };
        Ok(CaseDraft {
            customer: Some(customer.id),
            kind: KINDS[self.kind],
            channel: CHANNELS[self.channel],
            category: self
                .category_taken
                .clone()
                .unwrap_or_else(|| self.category.text()),
            severity: SEVERITIES[self.severity],
            description: self.description.text(),
            subject: Some(
                self.subject
                    .text()
                    .trim()
                    .trim_start_matches('@')
                    .to_string(),
            )
            .filter(|s| !s.is_empty()),
            promised_at,
            // The resident's first unit (their home); choosing another is the CLI's --unit.
            unit: None,
        })
    }
}
