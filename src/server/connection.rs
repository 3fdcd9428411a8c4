//! What one client connection holds between requests: its caller, its import under way,
//! its arrears rows sent ahead, its search worker and its outgoing queue. The router reads
//! and updates it; dropping it clears rows a connection staged and never committed.

use std::sync::mpsc::SyncSender;
use std::sync::Arc;

use super::desk::Caller;
use super::lookup::Searcher;
use super::Shared;
use crate::protocol::ServerMsg;

/// What one connection holds between requests.
pub(super) struct Connection {
    pub shared: Arc<Shared>,
    pub conn: u64,
    pub caller: Caller,
    /// This connection's import: its staging token and the rows staged so far (on disk,
    /// until `ImportCommit`).
    pub import: Option<(u64, u64)>,
    /// Arrears rows sent ahead of a `FeesImport` on this connection (R-OPS-13), in memory:
    /// a few dozen bytes a row, capped at `MAX_ARREARS_ROWS`.
    pub arrears: Vec<(u32, crate::domain::fees::Arrear)>,
    pub searcher: Searcher,
    /// The looks at personal data this connection last put on record, with when: the
    /// screen reading an open card or case again (a change arrived, a step was saved) is
    /// the same look, not a new one (R-REC-13).
    pub looks: Vec<(crate::domain::Access, Option<String>, crate::domain::Time)>,
    /// This connection's outgoing queue (replies and pushed events).
    pub out: SyncSender<ServerMsg>,
}

impl Connection {
    /// A new connection of `caller` to the desk `shared`, with its own search worker.
    pub fn new(shared: Arc<Shared>, conn: u64, caller: Caller, out: SyncSender<ServerMsg>) -> Self {
        let searcher = super::lookup::searcher(
            shared.desk_read().index(),
            out.clone(),
            shared.clone(),
            crate::domain::StaffId(caller.uid),
        );
        Connection {
            shared,
            conn,
            caller,
            import: None,
            arrears: Vec::new(),
            searcher,
            looks: Vec::new(),
            out,
        }
    }
}

impl Drop for Connection {
    /// Rows staged by a connection that goes without committing are dropped — unless its
    /// commit is under way (after a failed batch the marker keeps them for the restart).
    fn drop(&mut self) {
        if let Some((token, _)) = self.import.take() {
            let desk = self.shared.desk_read();
            let pending = desk.store.pending_import().ok().flatten();
            if pending.is_none_or(|p| p.token != token) {
                let _ = desk.store.clear_staging(token);
            }
        }
    }
}
