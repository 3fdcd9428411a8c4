//! `frontdesk category list` and `category map`: the desk's category list as the daemon
//! read it at start (it came with the welcome), and a supervisor filing old free-text
//! categories under a list entry.

use super::args::CategoryCmd;
use super::Env;
use crate::client::{Calls, Client};
use crate::domain::text::{pad_to_width, printable};
use crate::protocol::req;
use crate::words::Lang;

pub fn category(env: &Env, c: &mut Client, cmd: CategoryCmd) -> anyhow::Result<()> {
    let chinese = Lang::from_locale() == Lang::Zh;
    match cmd {
        CategoryCmd::List => {
            let list = &c.welcome.categories;
            if env.json {
                println!("{}", serde_json::to_string(&list.entries)?);
                return Ok(());
            }
            for e in &list.entries {
                println!(
                    "{}  {}  {}  {}  {}",
                    pad_to_width(&e.code, 12),
                    pad_to_width(e.label(chinese), 26),
                    pad_to_width(e.kind.as_str(), 10),
                    pad_to_width(&e.department, 10),
                    e.aliases.join(", ")
                );
            }
            Ok(())
        }
        CategoryCmd::Map { from, to } => {
            let cases = c.send(req::CategoryMap {
                from: from.clone(),
                to: to.clone(),
            })?;
            let entry = c.welcome.categories.resolve(&to);
            if env.json {
                println!(
                    "{}",
                    serde_json::json!({ "from": from, "to": entry.map(|e| &e.code), "cases": cases })
                );
                return Ok(());
            }
            let label = entry.map_or(to.as_str(), |e| e.label(chinese));
            if chinese {
                println!("已把 {cases} 件“{}”工单归入类别“{label}”", printable(&from));
            } else {
                println!(
                    "filed {cases} cases under `{}` under {label}",
                    printable(&from)
                );
            }
            Ok(())
        }
    }
}
