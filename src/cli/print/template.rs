//! Printing reply templates: number, what they are for, title and text.

use super::Printer;
use crate::domain::template::Template;

impl Printer {
    pub fn templates(&self, list: &Vec<Template>) -> anyhow::Result<()> {
        json_or_text!(self, list, else "no reply template");
        for t in list {
            self.template_line(t)?;
        }
        Ok(())
    }

    pub fn template(&self, t: &Template) -> anyhow::Result<()> {
        json_or_text!(self, t);
        self.template_line(t)
    }

    fn template_line(&self, t: &Template) -> anyhow::Result<()> {
        let kind = t.kind.map_or("any kind".to_string(), |k| k.to_string());
        let category = t.category.clone().unwrap_or_else(|| "any category".into());
        let removed = if t.removed { "  (out of the list)" } else { "" };
        p!("#{}  {}  [{category}, {kind}]{removed}", t.id, t.title);
        p!("    {}", t.text);
        Ok(())
    }
}
