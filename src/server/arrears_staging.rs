//! The arrears rows a connection stages ahead of its import (R-OPS-13).

use super::desk::DeskResult;
use crate::domain::DeskError;
use crate::protocol::Reply;

/// Most arrears rows one import may carry (a large estate's every unit, fee and period);
/// the whole list must still fit one reply frame (8 MiB, about 40 bytes a row).
pub(super) const MAX_ARREARS_ROWS: usize = 150_000;

/// Adds `rows` to a connection's staged arrears (R-OPS-13), or refuses and drops them all.
pub(super) fn stage_arrears(
    staged: &mut Vec<(u32, crate::domain::fees::Arrear)>,
    rows: Vec<(u32, crate::domain::fees::Arrear)>,
) -> DeskResult<Reply> {
    if staged.len() + rows.len() > MAX_ARREARS_ROWS {
        staged.clear();
        return Err(DeskError::TooLarge(
            crate::domain::refusal::SystemRefusal::ArrearsImportTooLarge {
                max: MAX_ARREARS_ROWS,
            }
            .into(),
        ));
    }
    staged.extend(rows);
    Ok(Reply::Staged {
        rows: staged.len() as u64,
    })
}
