//! A pool of compute workers running one panel's requests side by side: each worker gets
//! its own request, their updates are collected off the signals and handed on in batches
//! at most every `flush_ms` (a burst of results costs one redraw, not one each), the pool
//! hears "done" once every worker has finished, and a generation guard drops whatever an
//! older start still sends. Stopping or dropping the pool (the panel going away)
//! terminates its workers.

use super::worker::{start, JobHandle};
use crate::jobs::JobEvent;
use crate::ui::tasks::Deferred;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;

/// What a pool tells its owner.
pub enum Report<U> {
    /// Updates that arrived since the last report, in arrival order.
    Batch(Vec<U>),
    /// Every worker finished (after the last batch).
    Done,
    /// A worker failed to load, crashed or refused its request; the others were stopped.
    Failed,
}

/// A set of workers and what they have sent but not yet reported.
pub struct Pool<U: 'static> {
    jobs: StoredValue<Vec<JobHandle>, LocalStorage>,
    inbox: StoredValue<Vec<U>, LocalStorage>,
    /// Bumped by every start and cancel: updates from older workers are ignored.
    generation: StoredValue<u64>,
    /// Workers of the current start that have not reported "done".
    pending: StoredValue<usize>,
    sink: StoredValue<Rc<dyn Fn(Report<U>)>, LocalStorage>,
    flush_ms: u64,
    flush_job: Deferred,
}

impl<U> Clone for Pool<U> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<U> Copy for Pool<U> {}

/// The cores the browser reports (2 where it does not say).
pub fn cores() -> usize {
    web_sys::window().map_or(2.0, |w| w.navigator().hardware_concurrency()) as usize
}

impl<U: DeserializeOwned + 'static> Pool<U> {
    /// An idle pool that hands its reports to `sink`; its workers stop when the view that
    /// made it goes away.
    pub fn new(flush_ms: u64, sink: impl Fn(Report<U>) + 'static) -> Pool<U> {
        let pool = Pool {
            jobs: StoredValue::new_local(Vec::new()),
            inbox: StoredValue::new_local(Vec::new()),
            generation: StoredValue::new(0),
            pending: StoredValue::new(0),
            sink: StoredValue::new_local(Rc::new(sink) as Rc<dyn Fn(Report<U>)>),
            flush_ms,
            flush_job: Deferred::new(),
        };
        on_cleanup(move || {
            let _ = pool.jobs.try_update_value(Vec::clear);
        });
        pool
    }

    /// Cancels whatever runs and starts one worker per request of panel `panel`. Returns
    /// false, with nothing running, if the browser could not start a worker.
    pub fn start<Q: Serialize>(&self, panel: &'static str, requests: &[Q]) -> bool {
        self.cancel();
        let generation = self.generation.get_value();
        let pool = *self;
        let mut handles = Vec::with_capacity(requests.len());
        for request in requests {
            match start(panel, request, move |event| pool.receive(generation, event)) {
                Some(handle) => handles.push(handle),
                None => {
                    self.cancel();
                    return false;
                }
            }
        }
        self.pending.set_value(handles.len());
        self.jobs.set_value(handles);
        true
    }

    /// Stops the workers; what already arrived is reported first.
    pub fn stop(&self) {
        self.flush();
        self.cancel();
    }

    /// Terminates the workers and forgets their unreported updates.
    pub fn cancel(&self) {
        self.generation.update_value(|g| *g += 1);
        self.jobs.update_value(Vec::clear);
        self.inbox.update_value(Vec::clear);
    }

    fn report(&self, report: Report<U>) {
        if let Some(sink) = self.sink.try_get_value() {
            sink(report);
        }
    }

    fn receive(&self, generation: u64, event: JobEvent<U>) {
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        match event {
            JobEvent::Update(update) => {
                self.inbox.update_value(|inbox| inbox.push(update));
                let pool = *self;
                self.flush_job.schedule_after(self.flush_ms, move || pool.flush());
            }
            JobEvent::Failed => {
                self.cancel();
                self.report(Report::Failed);
            }
            JobEvent::Done => {
                self.pending.update_value(|n| *n = n.saturating_sub(1));
                if self.pending.get_value() == 0 {
                    self.jobs.update_value(Vec::clear);
                    self.flush();
                    self.report(Report::Done);
                }
            }
        }
    }

    /// Hands the collected updates on (one report).
    fn flush(&self) {
        let Some(batch) = self.inbox.try_update_value(std::mem::take) else {
            return;
        };
        if !batch.is_empty() {
            self.report(Report::Batch(batch));
        }
    }
}
