//! After a case is saved: what it may be linked to (an open incident of its building and
//! category, or an open case like it within the policy's window), said on the saved screen
//! and linked with one key.

use super::{IntakePane, Stage};
use crate::client::Calls;
use crate::protocol::{req, LinkOffer, LinkTo};
use crate::tui::i18n::Msg;
use crate::tui::panes::{Cx, Outcome, View};

impl IntakePane {
    /// Reads what the saved case may join (nothing, on any error: it is an offer).
    pub(super) fn load_offers(&mut self, cx: &mut Cx<'_>) {
        self.offers = match &self.stage {
            Stage::Saved { case } => cx
                .link
                .send(req::IncidentOffers {
                    ticket: case.ticket.clone(),
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
    }

    /// `link_incident`: the saved case joins the first offer.
    pub(super) fn link_first(&mut self, cx: &mut Cx<'_>) -> Outcome {
        let (Stage::Saved { case }, Some(offer)) = (&self.stage, self.offers.first()) else {
            return Outcome::Nothing;
        };
        match cx.link.send(req::IncidentLink {
            ticket: case.ticket.clone(),
            to: offer.to.clone(),
        }) {
            Ok(linked) => {
                let no = linked.incident().map(|n| n.0.clone()).unwrap_or_default();
                self.stage = Stage::Saved {
                    case: Box::new(linked),
                };
                self.offers.clear();
                Outcome::Info(Msg::LinkedTo.with(cx.lang, &[&no]))
            }
            Err(e) => Outcome::from_error(e),
        }
    }
}

/// The saved screen's line for an offer: what it is and the key that links it.
pub(super) fn offer_line(offer: &LinkOffer, view: &View<'_>) -> String {
    let what = match &offer.to {
        LinkTo::Incident(no) => no.0.clone(),
        LinkTo::Case(t) => t.0.clone(),
    };
    Msg::LinkOffer.with(
        view.lang,
        &[
            &what,
            &offer.building.to_string(),
            view.category(&offer.category),
            &crate::domain::text::printable(&offer.text),
            &offer.callers.to_string(),
            &view.key(
                crate::tui::keymap::Section::Intake,
                crate::tui::command::Command::LinkIncident,
            ),
        ],
    )
}
