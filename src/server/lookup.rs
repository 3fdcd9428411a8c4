//! Lookup requests off the session's reader thread. Each connection gets a search worker
//! (`LatestWins`) with its own incremental `SearchState`; a newer `customer find` from the
//! same client cancels the one still running. Searches read the shared index without
//! taking the desk lock, so they never hold up a save.

use std::sync::mpsc::SyncSender;
use std::sync::{Arc, RwLock};

use super::latest_wins::LatestWins;

use crate::domain::{Access, CustomerId, DeskError, StaffId};
use crate::protocol::{Match, Reply, ServerMsg};
use crate::search::{SearchIndex, SearchState};

/// Ranked matches for `query`; a ticket number's customer comes first. `None` if cancelled.
pub fn find(
    index: &SearchIndex,
    state: &mut SearchState,
    ticket_customer: Option<CustomerId>,
    query: &str,
    limit: u32,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Match>> {
    if let Some(id) = ticket_customer {
        return Some(
            index
                .summary(id)
                .map(|r| Match {
                    customer: r,
                    score: i64::MAX,
                    name_hits: Vec::new(),
                    estate: None,
                })
                .into_iter()
                .collect(),
        );
    }
    let limit = limit.clamp(1, 500) as usize;
    let hits = index.search(state, query, limit, cancelled)?;
    Some(
        hits.into_iter()
            .filter_map(|h| {
                index.summary(h.id).map(|r| Match {
                    customer: r,
                    score: h.score,
                    name_hits: h.name_hits,
                    estate: None,
                })
            })
            .collect(),
    )
}

pub(super) struct Job {
    pub query: String,
    pub limit: u32,
    pub ticket_customer: Option<CustomerId>,
}

/// One connection's search worker.
pub(super) type Searcher = LatestWins<Job>;

/// A worker answering on `replies`; each answered search is noted in the access log as read
/// by `by` (R-REC-13).
pub(super) fn searcher(
    index: Arc<RwLock<SearchIndex>>,
    replies: SyncSender<ServerMsg>,
    log: Arc<super::Shared>,
    by: StaffId,
) -> Searcher {
    let mut state = SearchState::default();
    LatestWins::start(replies, move |job: Job, stale| {
        if stale() {
            return Err(DeskError::Superseded);
        }
        let index = index.read().unwrap_or_else(|p| p.into_inner());
        let matches = find(
            &index,
            &mut state,
            job.ticket_customer,
            &job.query,
            job.limit,
            stale,
        )
        .ok_or(DeskError::Superseded)?;
        log.access.record(
            by,
            (log.clock)(),
            Access::Search {
                query: job.query,
                hits: matches.len() as u32,
            },
            None,
        );
        Ok(Reply::Matches(matches))
    })
}

/// The lookup index from every customer's stored projection, streamed: no full record is
/// decoded.
pub(super) fn build_index(
    store: &dyn crate::store::Store,
) -> Result<SearchIndex, crate::store::StoreError> {
    let mut index = SearchIndex::new();
    store.for_each_lookup(&mut |id, bytes| index.upsert_projection(CustomerId(id), bytes))?;
    index.shrink();
    Ok(index)
}
