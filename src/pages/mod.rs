//! Printable pages: a decoration permit (the door copy and the copy stamped for access
//! passes only, R-OPS-09), a move-out release slip (R-OPS-05) and a payment notice
//! (缴费通知单, R-OPS-13), each a UTF-8 text page laid out for A5 (58 display columns, a
//! CJK character counting two), and `deliver`, which sends a page to `lp` when a printer is
//! configured and otherwise writes it to a file. Used by the CLI and the screen alike.

mod layout;
mod notice;
mod permit;
mod slip;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub use layout::{Page, WIDTH};
pub use notice::payment_notice;
pub use permit::permit_copies;
pub use slip::release_slip;

/// How pages name staff and show times: the desk's names and its UTC offset.
pub struct Names<'a> {
    pub who: Box<dyn Fn(crate::domain::StaffId) -> String + 'a>,
    pub offset_minutes: i32,
}

impl Names<'_> {
    pub fn time(&self, t: crate::domain::Time) -> String {
        t.with_timezone(&crate::domain::local_time::fixed_offset(
            self.offset_minutes,
        ))
        .format("%Y-%m-%d %H:%M")
        .to_string()
    }
}

/// Where a page went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    Printer(String),
    File(PathBuf),
}

/// The default printer, if CUPS has one (`lpstat -d`).
fn default_printer() -> Option<String> {
    let out = Command::new("lpstat").arg("-d").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let name = text.split_once(':')?.1.trim();
    (out.status.success() && !name.is_empty()).then(|| name.to_string())
}

/// Sends `page` to the printer when `print` is asked and a printer is configured, else
/// writes it to `out` (or `default_file` in the working directory).
pub fn deliver(
    page: &str,
    print: bool,
    out: Option<&Path>,
    default_file: &str,
) -> std::io::Result<Delivered> {
    if print {
        if let Some(printer) = default_printer() {
            let mut child = Command::new("lp")
                .args(["-d", &printer, "-o", "media=A5", "-t", default_file])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()?;
            child
                .stdin
                .take()
                .ok_or_else(|| std::io::Error::other("lp took no input"))?
                .write_all(page.as_bytes())?;
            let status = child.wait()?;
            if status.success() {
                return Ok(Delivered::Printer(printer));
            }
            return Err(std::io::Error::other(format!(
                "lp refused the page ({status}); nothing was printed"
            )));
        }
    }
    let path = out.map_or_else(|| PathBuf::from(default_file), Path::to_path_buf);
    std::fs::write(&path, page)?;
    Ok(Delivered::File(path))
}
