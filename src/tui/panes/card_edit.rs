//! Editing a resident from their card (`e`): the record's fields as text — phones and units
//! as comma-separated lists — and a reason. Saving sends only what changed, checked against
//! the version the card showed, so a colleague's edit in between is a conflict naming the
//! current version; a refused field keeps the form open with the error beside it. A tier
//! change needs a supervisor (R-REC-10); the reason is kept in the audit trail (R-REC-14).
//! The same form, blank but for a caller's number and without a reason, adds a new
//! resident (the caller pop-up's key for a number on no record).

use crate::domain::ParseWord;
use crate::protocol::req;
use crate::tui::panes::frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Widget};

use super::{error_field, style, Cx, Outcome, View};
use crate::client::Calls;
use crate::domain::{Customer, CustomerEdit, Field, Tier};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::{fill, tier_label, Msg};
use crate::tui::keymap::Key;
use crate::tui::keymap::Section;
use crate::tui::link::LinkError;

/// The form's rows, in order, with the wire field each one answers for.
const ROWS: [(Msg, Field); 6] = [
    (Msg::FieldName, Field::Name),
    (Msg::FieldPhones, Field::Phone),
    (Msg::FieldUnits, Field::Unit),
    (Msg::FieldNotes, Field::Notes),
    (Msg::FieldTier, Field::Tier),
    (Msg::FieldReason, Field::Reason),
];

#[derive(Debug)]
pub struct EditForm {
    pub original: Customer,
    pub fields: Vec<TextField>,
    pub focus: usize,
    /// The refused field (if the daemon named one) and why.
    pub error: Option<(Option<Field>, String)>,
    /// A new resident, not yet on record (no reason row: nothing is being corrected).
    pub new: bool,
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn split(s: &str) -> Vec<String> {
    s.split([',', '，', ';', '；'])
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

impl EditForm {
    /// The form over `c`, its tier in the words of the screen's language (both parse).
    pub fn open(c: &Customer, lang: crate::tui::i18n::Lang) -> EditForm {
        EditForm {
            original: c.clone(),
            fields: vec![
                TextField::with(&c.name),
                TextField::with(&list(c.phones.iter().map(|p| p.0.clone()))),
                TextField::with(&list(c.units.iter().map(|u| u.to_string()))),
                TextField::with(&c.notes),
                TextField::with(tier_label(c.tier, lang)),
                TextField::default(),
            ],
            focus: 0,
            error: None,
            new: false,
        }
    }

    /// A blank form for a new resident whose phone is `phone`; focus on the name.
    pub fn new_resident(phone: &str, lang: crate::tui::i18n::Lang) -> EditForm {
        let blank = Customer {
            id: crate::domain::CustomerId(0),
            name: String::new(),
            phones: Vec::new(),
            units: Vec::new(),
            tier: Tier::default(),
            notes: String::new(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            version: 0,
            keeper: None,
        };
        let mut form = EditForm::open(&blank, lang);
        form.fields[1] = TextField::with(phone);
        form.fields.truncate(ROWS.len() - 1);
        form.new = true;
        form
    }

    /// The rows shown: a new resident has no reason to give.
    fn rows(&self) -> &'static [(Msg, Field)] {
        &ROWS[..self.fields.len()]
    }

    pub fn type_key(&mut self, key: Key) -> bool {
        self.fields[self.focus].edit(key)
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// What changed against the record the card showed.
    fn edit(&self, lang: crate::tui::i18n::Lang) -> Result<CustomerEdit, (Field, String)> {
        let o = &self.original;
        let text = |i: usize| self.fields[i].text();
        let phones = split(&text(1));
        let old_phones: Vec<String> = o.phones.iter().map(|p| p.0.clone()).collect();
        let units = split(&text(2));
        let old_units: Vec<String> = o.units.iter().map(|u| u.to_string()).collect();
        let tier =
            Tier::parse(&text(4)).map_err(|e| (Field::Tier, crate::words::desk_error(lang, &e)))?;
        Ok(CustomerEdit {
            name: (text(0).trim() != o.name).then(|| text(0)),
            add_phones: phones
                .iter()
                .filter(|p| !old_phones.contains(p))
                .cloned()
                .collect(),
            remove_phones: old_phones
                .iter()
                .filter(|p| !phones.contains(p))
                .cloned()
                .collect(),
            units: (units != old_units).then_some(units),
            notes: (text(3).trim() != o.notes).then(|| text(3)),
            tier: (tier != o.tier).then_some(tier),
            reason: if self.new { String::new() } else { text(5) },
        })
    }

    /// Saves; `Ok(customer)` closes the form.
    pub fn save(&mut self, cx: &mut Cx<'_>) -> Result<Customer, Outcome> {
        let edit = match self.edit(cx.lang) {
            Ok(e) => e,
            Err((field, why)) => {
                self.error = Some((Some(field), why));
                return Err(Outcome::Nothing);
            }
        };
        let sent = if self.new {
            cx.link.send(req::CustomerAdd {
                customer: crate::domain::NewCustomer {
                    name: self.fields[0].text(),
                    phones: edit.add_phones,
                    units: edit.units.unwrap_or_default(),
                    tier: edit.tier.unwrap_or_default(),
                    notes: self.fields[3].text(),
                },
            })
        } else {
            cx.link.send(req::CustomerEdit {
                id: self.original.id,
                base_version: Some(self.original.version),
                edit,
            })
        };
        match sent {
            Ok(c) => Ok(c),
            Err(LinkError::Offline) => Err(Outcome::Offline),
            Err(e) => {
                let field = error_field(&e, cx.lang).map(|(f, _)| f);
                if let Some(i) = self.rows().iter().position(|(_, f)| Some(*f) == field) {
                    self.focus = i;
                }
                self.error = Some((field, e.in_words(cx.lang)));
                Err(Outcome::Nothing)
            }
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>) {
        let lang = view.lang;
        let rows = self.rows();
        let height = rows.len() as u16 + 4;
        let r = Rect::new(
            area.x + 2,
            area.y + 1,
            area.width.saturating_sub(4),
            height.min(area.height),
        );
        Clear.render(r, buf);
        let title = if self.new {
            Msg::NewResidentTitle.text(lang).to_string()
        } else {
            fill(
                Msg::EditTitle.text(lang),
                &[&self.original.name, &self.original.id.to_string()],
            )
        };
        let block = frame::titled(title);
        let inner = block.inner(r);
        block.render(r, buf);
        let label_w = rows
            .iter()
            .map(|(m, _)| unicode_width::UnicodeWidthStr::width(m.text(lang)))
            .max()
            .unwrap_or(8) as u16
            + 2;
        for (i, ((msg, _), field)) in rows.iter().zip(&self.fields).enumerate() {
            let y = inner.y + i as u16;
            if y >= inner.bottom() {
                break;
            }
            field.render_labelled(
                msg.text(lang),
                label_w,
                Rect::new(inner.x, y, inner.width, 1),
                buf,
                i == self.focus,
            );
        }
        let y = inner.y + rows.len() as u16;
        if y < inner.bottom() {
            let line = match &self.error {
                Some((_, e)) => Span::styled(format!("✗ {e}"), style::error()),
                None if self.new => Span::styled(
                    fill(
                        Msg::NewResidentHint.text(lang),
                        &[
                            &view.key(Section::Lookup, Command::NextField),
                            &view.key(Section::Lookup, Command::OpenCustomer),
                            &view.key(Section::Global, Command::Back),
                        ],
                    ),
                    style::dim(),
                ),
                None => Span::styled(
                    fill(
                        Msg::EditHint.text(lang),
                        &[
                            &view.key(Section::Lookup, Command::NextField),
                            &view.key(Section::Lookup, Command::OpenCustomer),
                            &view.key(Section::Global, Command::Back),
                            tier_label(self.original.tier, lang),
                        ],
                    ),
                    style::dim(),
                ),
            };
            line.render(Rect::new(inner.x, y, inner.width, 1), buf);
        }
    }
}
