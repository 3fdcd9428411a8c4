//! The hotline's estate in view: Alt-E steps through the group's estates and then shows all
//! of them at once, reloading every pane for the new view.

use super::*;

impl App {
    /// The hotline: puts the next of its estates in view, and after the last all of them at
    /// once. What the panes showed was another view's, so the lookup goes back to its search
    /// and every view reloads.
    pub(super) fn next_estate(&mut self) {
        let estates = &self.link.welcome.estates;
        if estates.len() < 2 {
            self.say(Level::Info, Msg::OneEstate.text(self.lang));
            return;
        }
        let now = self.link.estate();
        let next = match now {
            None => Some(0),
            Some(code) => estates
                .iter()
                .position(|e| e.code == code)
                .map(|i| i + 1)
                .filter(|&i| i < estates.len()),
        }
        .map(|i| estates[i].clone());
        let told = match &next {
            Some(e) => {
                self.link.set_estate(&e.code);
                fill(
                    Msg::EstateInView.text(self.lang),
                    &[&self.link.estate_named(&e.code)],
                )
            }
            None => {
                self.link.show_all_estates();
                Msg::AllEstatesInView.text(self.lang).to_string()
            }
        };
        self.lookup = LookupPane::default();
        self.reload_all();
        self.say(Level::Info, told);
    }
}
