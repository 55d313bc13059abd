//! A compute-worker job the student can start and stop: updates are folded off the
//! signal and handed to the view at most every `FLUSH_MS`, so a burst of frames costs one
//! redraw; stopping terminates the worker and keeps what arrived.

use crate::jobs::JobEvent;
use crate::ui::tasks::{now_ms, Deferred};
use crate::ui::worker::{start, JobHandle};
use leptos::prelude::*;
use serde::Serialize;

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    /// Nothing started yet.
    Idle,
    /// Running since this time (ms since the page started).
    Running(f64),
    /// Finished after this many milliseconds.
    Done(f64),
    /// Stopped by the student.
    Stopped,
    /// The worker failed to load, crashed or refused the request.
    Failed,
}

/// Results reach the view at most this often while a job runs.
const FLUSH_MS: u64 = 100;

/// A restartable job whose updates fold into an `S`.
pub struct Runner<S: 'static, U: 'static> {
    /// What the view shows.
    pub state: RwSignal<S>,
    /// Where the job stands.
    pub status: RwSignal<Status>,
    inbox: StoredValue<S>,
    job: StoredValue<Option<JobHandle>, LocalStorage>,
    generation: StoredValue<u64>,
    fold: fn(&mut S, U),
    flush_job: Deferred,
}

impl<S: 'static, U: 'static> Clone for Runner<S, U> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: 'static, U: 'static> Copy for Runner<S, U> {}

impl<S, U> Runner<S, U>
where
    S: Default + Clone + Send + Sync + 'static,
    U: serde::de::DeserializeOwned + 'static,
{
    /// Nothing running; the worker stops when the view goes away.
    pub fn new(fold: fn(&mut S, U)) -> Self {
        let runner = Runner {
            state: RwSignal::new(S::default()),
            status: RwSignal::new(Status::Idle),
            inbox: StoredValue::new(S::default()),
            job: StoredValue::new_local(None),
            generation: StoredValue::new(0),
            fold,
            flush_job: Deferred::new(),
        };
        on_cleanup(move || {
            let _ = runner.job.try_set_value(None);
        });
        runner
    }

    /// Stops whatever runs and starts `request` of panel `panel` from an empty state (the
    /// old results stay on show until the first report, so nothing flickers).
    pub fn start<Q: Serialize>(&self, panel: &str, request: &Q) {
        self.halt();
        let generation = self.generation.get_value();
        self.inbox.set_value(S::default());
        let t0 = now_ms();
        self.status.set(Status::Running(t0));
        let runner = *self;
        let handle = start(panel, request, move |event: JobEvent<U>| runner.receive(generation, t0, event));
        if handle.is_none() {
            self.status.set(Status::Failed);
        }
        self.job.set_value(handle);
    }

    /// Stops the job, keeping what arrived.
    pub fn stop(&self) {
        if matches!(self.status.get_untracked(), Status::Running(_)) {
            self.halt();
            self.flush();
            self.status.set(Status::Stopped);
        }
    }

    fn halt(&self) {
        self.generation.update_value(|g| *g += 1);
        self.job.set_value(None);
    }

    fn receive(&self, generation: u64, t0: f64, event: JobEvent<U>) {
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        match event {
            JobEvent::Update(update) => {
                let fold = self.fold;
                self.inbox.update_value(|s| fold(s, update));
                let runner = *self;
                self.flush_job.schedule_after(FLUSH_MS, move || runner.flush());
            }
            JobEvent::Done => {
                self.job.set_value(None);
                self.flush();
                self.status.set(Status::Done(now_ms() - t0));
            }
            JobEvent::Failed => {
                self.halt();
                self.status.set(Status::Failed);
            }
        }
    }

    fn flush(&self) {
        if let Some(latest) = self.inbox.try_get_value() {
            let _ = self.state.try_set(latest);
        }
    }
}
