//! `frontdesk template …`: the desk's reply templates (快捷回复), kept by supervisors.

use crate::domain::ParseWord;
use clap::{Args, Subcommand};

use crate::domain::CaseKind;

#[derive(Subcommand, Debug)]
pub enum TemplateCmd {
    /// The templates in the list (with --category and --kind: those offered for such a
    /// case, the closest first).
    List {
        #[arg(long)]
        category: Option<String>,
        #[arg(long, value_parser = CaseKind::parse)]
        kind: Option<CaseKind>,
    },
    /// Write a template (supervisors). Its text may name {姓名} {单元} {工单号} {承诺时间}
    /// (or {name} {unit} {ticket} {promised}), which the case fills in.
    Add {
        #[command(flatten)]
        body: TemplateBody,
    },
    /// Rewrite template ID (supervisors).
    Edit {
        id: u64,
        #[command(flatten)]
        body: TemplateBody,
    },
    /// Take template ID out of the list (supervisors; it is kept on record).
    Remove { id: u64 },
}

/// What a template says and what it is for.
#[derive(Args, Debug)]
pub struct TemplateBody {
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub text: String,
    /// For cases of this category only (a list entry's code, label or alias).
    #[arg(long)]
    pub category: Option<String>,
    /// For cases of this kind only.
    #[arg(long, value_parser = CaseKind::parse)]
    pub kind: Option<CaseKind>,
}
