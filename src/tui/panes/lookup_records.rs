//! The Lookup pane's record work beside the search: the card's edit form (`e`), verifying a
//! record (`V`, R-REC-07), the unit view (`u` or a typed unit), the to-verify list (Alt-V)
//! and the duplicates list with merging (Alt-U, supervisors); a ringing caller found or
//! added from here.

use super::card_edit::EditForm;
use super::duplicates::DuplicatesPage;
use super::lookup::{LookupPane, Mode};
use super::to_verify::ToVerifyPage;
use super::unit::UnitPage;
use super::{Cx, Outcome};
use crate::client::Calls;
use crate::protocol::req;
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::i18n::{fill, Msg};
use crate::tui::panes::cursor;

impl LookupPane {
    /// The commands these views answer; `None` leaves the command to the search and card.
    pub(super) fn handle_records(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Option<Outcome> {
        if self.edit.is_some() {
            return Some(self.edit_key(cmd, cx));
        }
        if self.mode == Mode::Duplicates {
            return Some(self.duplicates_key(cmd, cx));
        }
        Some(match (self.mode, cmd) {
            (Mode::ToVerify, Command::SelectNext) => {
                if let Some(p) = &mut self.to_verify {
                    p.select_next();
                }
                Outcome::Nothing
            }
            (Mode::ToVerify, Command::SelectPrev) => {
                if let Some(p) = &mut self.to_verify {
                    p.select_prev();
                }
                Outcome::Nothing
            }
            (Mode::ToVerify, Command::OpenCustomer | Command::Confirm) => {
                match self.to_verify.as_ref().and_then(|p| p.selected_customer()) {
                    Some(id) => self.open_card(id, cx),
                    None => Outcome::Nothing,
                }
            }
            (Mode::Card, Command::VerifyCustomer) => self.verify_open(cx),
            (Mode::Unit, Command::SelectNext) => {
                if let Some((u, _)) = &mut self.unit {
                    u.select_next();
                }
                Outcome::Nothing
            }
            (Mode::Unit, Command::SelectPrev) => {
                if let Some((u, _)) = &mut self.unit {
                    u.select_prev();
                }
                Outcome::Nothing
            }
            (Mode::Unit, Command::OpenCustomer | Command::Confirm) => {
                match self.unit.as_ref().and_then(|(u, _)| u.selected_customer()) {
                    Some(id) => {
                        self.unit = None;
                        self.open_card(id, cx)
                    }
                    None => Outcome::Nothing,
                }
            }
            (Mode::Card, Command::OpenUnit) => {
                let first = self
                    .card
                    .as_ref()
                    .and_then(|c| c.card.customer.units.first().copied());
                match first {
                    Some(u) => self.open_unit(u, cx),
                    None => Outcome::Nothing,
                }
            }
            // A whole unit code typed in the search box opens the unit's view.
            (Mode::Search, Command::OpenCustomer | Command::Confirm)
                if crate::domain::UnitCode::parse(&self.query.text()).is_ok()
                    && self.query.text().chars().any(|c| c.is_ascii_digit()) =>
            {
                match crate::domain::UnitCode::parse(&self.query.text()) {
                    Ok(u) => self.open_unit(u, cx),
                    Err(_) => Outcome::Nothing,
                }
            }
            (Mode::Card, Command::EditCustomer) => {
                if let Some(card) = &self.card {
                    self.edit = Some(EditForm::open(&card.card.customer, cx.lang));
                }
                Outcome::Nothing
            }
            _ => return None,
        })
    }

    /// Nothing in hand: the search at its top, empty, no form open. A ringing caller's
    /// card may open here by itself.
    pub fn idle(&self) -> bool {
        self.mode == Mode::Search && self.query.text().trim().is_empty() && self.edit.is_none()
    }

    /// The residents whose phone `number` is, as a search: one key opens each.
    pub fn search_for(&mut self, number: &str, cx: &mut Cx<'_>) -> Outcome {
        self.query = crate::tui::field::TextField::with(number);
        self.mode = Mode::Results;
        self.dirty = true;
        self.settle(cx)
    }

    /// A ringing caller: their card, the residents sharing the number, or a new resident.
    pub fn show_caller(
        &mut self,
        ids: &[crate::domain::CustomerId],
        number: &str,
        cx: &mut Cx<'_>,
    ) -> Outcome {
        match ids {
            [] => {
                self.new_resident(number, cx.lang);
                Outcome::Nothing
            }
            [one] => self.open_card(*one, cx),
            _ => self.search_for(number, cx),
        }
    }

    /// The new-resident form with the caller's number filled in.
    pub fn new_resident(&mut self, number: &str, lang: crate::tui::i18n::Lang) {
        self.mode = Mode::Search;
        self.edit = Some(EditForm::new_resident(number, lang));
    }

    /// A key on the open edit form: move between fields, or save and show the card again.
    fn edit_key(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        let Some(form) = &mut self.edit else {
            return Outcome::Nothing;
        };
        match cmd {
            Command::NextField | Command::SelectNext => form.next(),
            Command::PrevField | Command::SelectPrev => form.prev(),
            Command::Confirm | Command::OpenCustomer => match form.save(cx) {
                Ok(saved) => {
                    let new = form.new;
                    self.edit = None;
                    let name = saved.name.clone();
                    let reload = if new {
                        self.open_card(saved.id, cx)
                    } else {
                        self.reload_card(cx)
                    };
                    if reload != Outcome::Nothing {
                        return reload;
                    }
                    return Outcome::Info(fill(Msg::Edited.text(cx.lang), &[&name]));
                }
                Err(o) => return o,
            },
            _ => {}
        }
        Outcome::Nothing
    }

    /// A key on the duplicates list: move, swap which is kept, merge with a reason.
    fn duplicates_key(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Outcome {
        let Some(d) = &mut self.duplicates else {
            return Outcome::Nothing;
        };
        match cmd {
            Command::SelectNext if d.reason.is_none() => {
                d.select_next();
                Outcome::Nothing
            }
            Command::SelectPrev if d.reason.is_none() => {
                d.select_prev();
                Outcome::Nothing
            }
            Command::SwapKept => {
                d.keep_second = !d.keep_second;
                Outcome::Nothing
            }
            Command::MergePair if !d.pairs.is_empty() => {
                d.reason = Some(TextField::default());
                Outcome::Nothing
            }
            Command::Confirm | Command::OpenCustomer if d.reason.is_some() => d.merge(cx),
            _ => Outcome::Nothing,
        }
    }

    /// R-REC-07: the open resident's details confirmed with them today; the to-verify list
    /// loses them and the card shows the date.
    fn verify_open(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let Some(card) = &self.card else {
            return Outcome::Nothing;
        };
        let (id, name) = (card.card.customer.id, card.card.customer.name.clone());
        match cx.link.send(req::CustomerVerify { id }) {
            Ok(_) => {
                if let Some(p) = &mut self.to_verify {
                    p.rows.retain(|r| r.customer.id != id);
                    p.selected = cursor::within(p.selected, p.rows.len());
                }
                let o = self.reload_card(cx);
                if o != Outcome::Nothing {
                    return o;
                }
                Outcome::Info(fill(Msg::VerifiedNow.text(cx.lang), &[&name]))
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// Shows likely duplicates (supervisors), loaded afresh.
    pub fn open_duplicates(&mut self, cx: &mut Cx<'_>) -> Outcome {
        match cx.link.send(req::CustomerDuplicates { limit: 200 }) {
            Ok(pairs) => {
                self.duplicates = Some(DuplicatesPage {
                    pairs,
                    ..Default::default()
                });
                self.edit = None;
                self.unit = None;
                self.mode = Mode::Duplicates;
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// Shows the residents to verify (R-REC-07), loaded afresh.
    pub fn open_to_verify(&mut self, cx: &mut Cx<'_>) -> Outcome {
        match cx.link.send(req::ToVerify {
            building: None,
            limit: 500,
        }) {
            Ok(rows) => {
                self.to_verify = Some(ToVerifyPage { rows, selected: 0 });
                self.edit = None;
                self.unit = None;
                self.mode = Mode::ToVerify;
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }

    /// Opens the unit view; Esc returns to where it was opened from.
    pub fn open_unit(&mut self, unit: crate::domain::UnitCode, cx: &mut Cx<'_>) -> Outcome {
        match cx.link.send(req::UnitShow { unit, reason: None }) {
            Ok(view) => {
                self.unit = Some((UnitPage::new(view), self.mode));
                self.mode = Mode::Unit;
                Outcome::Nothing
            }
            Err(e) => Outcome::from_error(e),
        }
    }
}
