//! A compute-worker job the student can start, pause and resume, on the kit's worker pool
//! with one worker: its updates are folded into a state and handed to the view at most
//! every `FLUSH_MS`, so a burst of frames costs one redraw; pausing terminates the worker
//! and keeps what arrived; resuming folds a new job's updates into what is kept.

use super::pool::{Pool, Report};
use crate::ui::tasks::now_ms;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    /// Nothing started yet.
    Idle,
    /// Running since this time (ms since the page started, pauses left out).
    Running(f64),
    /// Finished after this many milliseconds of work.
    Done(f64),
    /// Paused by the student.
    Stopped,
    /// The worker failed to load, crashed or refused the request.
    Failed,
}

/// Results reach the view at most this often while a job runs.
const FLUSH_MS: u64 = 100;

/// A job whose updates `U` fold into an `S`.
pub struct Runner<S: 'static, U: 'static> {
    /// What the view shows.
    pub state: RwSignal<S>,
    /// Where the job stands.
    pub status: RwSignal<Status>,
    pool: Pool<U>,
    /// Whether the next report replaces the state (a fresh start) rather than adds to it.
    fresh: StoredValue<bool>,
    /// Milliseconds of work before the current run of the job (the time before pauses).
    worked_ms: StoredValue<f64>,
}

impl<S: 'static, U: 'static> Clone for Runner<S, U> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: 'static, U: 'static> Copy for Runner<S, U> {}

impl<S, U> Runner<S, U>
where
    S: Default + Send + Sync + 'static,
    U: DeserializeOwned + 'static,
{
    /// Nothing running; the worker stops when the view goes away.
    pub fn new(fold: fn(&mut S, U)) -> Self {
        let state = RwSignal::new(S::default());
        let status = RwSignal::new(Status::Idle);
        let fresh = StoredValue::new(true);
        let pool = Pool::new(FLUSH_MS, move |report| match report {
            Report::Batch(updates) => state.update(|s| {
                if fresh.try_update_value(|f| std::mem::replace(f, false)) == Some(true) {
                    *s = S::default();
                }
                updates.into_iter().for_each(|u| fold(s, u));
            }),
            Report::Done => {
                if let Status::Running(t0) = status.get_untracked() {
                    status.set(Status::Done(now_ms() - t0));
                }
            }
            Report::Failed => status.set(Status::Failed),
        });
        Runner {
            state,
            status,
            pool,
            fresh,
            worked_ms: StoredValue::new(0.0),
        }
    }

    /// Stops whatever runs and starts `request` of panel `panel` from an empty state (the
    /// old results stay on show until the first report, so nothing flickers).
    pub fn start<Q: Serialize>(&self, panel: &'static str, request: &Q) {
        self.fresh.set_value(true);
        self.worked_ms.set_value(0.0);
        self.run(panel, request);
    }

    /// Starts `request`, a continuation of the paused job, folding its updates into what
    /// the paused job left.
    pub fn resume<Q: Serialize>(&self, panel: &'static str, request: &Q) {
        self.fresh.set_value(false);
        self.run(panel, request);
    }

    fn run<Q: Serialize>(&self, panel: &'static str, request: &Q) {
        self.status.set(Status::Running(now_ms() - self.worked_ms.get_value()));
        if !self.pool.start(panel, std::slice::from_ref(request)) {
            self.status.set(Status::Failed);
        }
    }

    /// Pauses the job, keeping what arrived.
    pub fn stop(&self) {
        if let Status::Running(t0) = self.status.get_untracked() {
            self.pool.stop();
            self.worked_ms.set_value(now_ms() - t0);
            self.status.set(Status::Stopped);
        }
    }
}
