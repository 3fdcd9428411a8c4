//! A connection's search worker, for a desk's lookup and the hotline's alike: jobs are
//! answered in order off the session's reader thread, and a newer job cancels the one still
//! running (its reply is `Superseded`), so a fast typist never waits for keystrokes they
//! have already typed past.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender, SyncSender};
use std::sync::Arc;

use crate::domain::DeskError;
use crate::protocol::{Reply, ServerMsg};

/// Whether a newer job has come since this one: the job's work stops at its next check.
pub(super) type Stale<'a> = &'a (dyn Fn() -> bool + Sync);

pub(super) struct LatestWins<J> {
    jobs: Sender<(u64, J)>,
    latest: Arc<AtomicU64>,
}

impl<J: Send + 'static> LatestWins<J> {
    /// A worker that answers each job with `answer` on `replies`, under the job's request id.
    pub fn start(
        replies: SyncSender<ServerMsg>,
        mut answer: impl FnMut(J, Stale<'_>) -> Result<Reply, DeskError> + Send + 'static,
    ) -> LatestWins<J> {
        let (jobs, rx) = channel::<(u64, J)>();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = latest.clone();
        std::thread::spawn(move || {
            for (id, job) in rx {
                let stale = || newest.load(Ordering::Acquire) != id;
                let result = answer(job, &stale);
                if replies.send(ServerMsg::Reply { id, result }).is_err() {
                    return;
                }
            }
        });
        LatestWins { jobs, latest }
    }

    /// Queues job `id`; any earlier one still queued or running is cancelled.
    pub fn submit(&self, id: u64, job: J) {
        self.latest.store(id, Ordering::Release);
        let _ = self.jobs.send((id, job));
    }
}
