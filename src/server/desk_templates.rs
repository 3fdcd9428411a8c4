//! Reply templates (快捷回复): supervisors write, edit and take them out of the list; every
//! operator reads them, the closest to the case first. Kept on record when taken out.

use super::desk::{Desk, DeskResult, Handled, Tx};
use crate::domain::refusal::DeskRefusal;
use crate::domain::template::Template;
use crate::domain::{CaseKind, ChangeSubject, DeskError, Field};
use crate::protocol::Reply;
use crate::store::{Counter, Papers, WriteSet};

impl Desk {
    pub(super) fn template_list(
        &self,
        category: Option<&str>,
        kind: Option<CaseKind>,
    ) -> DeskResult<Reply> {
        let mut all: Vec<Template> = self.store.papers::<Template>(true)?;
        if let (Some(category), Some(kind)) = (category, kind) {
            let code = self.policy.categories.code_of(category).to_string();
            all.retain(|t| t.fits(&code, kind));
            all.sort_by_key(|t| (std::cmp::Reverse(t.closeness()), t.id));
        }
        Ok(Reply::Templates(all))
    }

    fn template(&self, id: u64) -> DeskResult<Template> {
        self.store
            .paper::<Template>(&crate::store::paper::template_no(id))?
            .ok_or_else(|| DeskError::invalid(Field::Template, DeskRefusal::NoSuchTemplate { id }))
    }

    pub(super) fn template_save(
        &mut self,
        tx: &mut Tx<'_>,
        r: &crate::protocol::req::TemplateSave,
    ) -> Handled {
        let category = match r.category.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(self.policy.categories.file_under(c)?.code.clone()),
        };
        let mut ws = WriteSet::default();
        let (id, version) = match r.id {
            Some(id) => {
                let old = self.template(id)?;
                ws.read(&old);
                (id, old.version + 1)
            }
            None => (self.next_counter(&mut ws, Counter::Template)?, 1),
        };
        let t = Template::write(
            id, category, r.kind, &r.title, &r.text, tx.me.uid, tx.now, version,
        )?;
        ws.put(&t);
        let summary = format!("{} wrote reply template #{id}: {}", tx.me.label(), t.title);
        self.commit(
            tx,
            ws,
            "template.save",
            ChangeSubject::Template(id),
            summary,
            Reply::Template(Box::new(t)),
        )
    }

    pub(super) fn template_remove(&mut self, tx: &mut Tx<'_>, id: u64) -> Handled {
        let mut t = self.template(id)?;
        let mut ws = WriteSet::default();
        ws.read(&t);
        t.removed = true;
        t.version += 1;
        ws.put(&t);
        let summary = format!(
            "{} took reply template #{id} out of the list",
            tx.me.label()
        );
        self.commit(
            tx,
            ws,
            "template.remove",
            ChangeSubject::Template(id),
            summary,
            Reply::Template(Box::new(t)),
        )
    }
}

super::serve::serve! {
    read TemplateList(r, desk, cx) => desk.template_list(r.category.as_deref(), r.kind);
    write TemplateSave(r, desk, cx) => desk.template_save(&mut cx.tx, r);
    write TemplateRemove(r, desk, cx) => desk.template_remove(&mut cx.tx, r.id);
}
