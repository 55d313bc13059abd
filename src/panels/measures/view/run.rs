//! Running a study: one Web Worker per core but one, each training its share of the nets;
//! results are collected off the signal and handed to the view in batches, so a burst of
//! finished nets costs one redraw, not one each (as the restarts panel does).

use crate::engine::measures::{population, NetResult, StudySpec};
use crate::jobs::JobEvent;
use crate::panels::measures::jobs::Request;
use crate::ui::tasks::{now_ms, Deferred};
use crate::ui::worker::{start, JobHandle};
use leptos::prelude::*;

/// The state of the current study.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Study {
    /// The study running or shown (None before the first start).
    pub spec: Option<StudySpec>,
    /// Nets in the study.
    pub total: usize,
    /// Finished nets, in arrival order.
    pub nets: Vec<NetResult>,
    /// Milliseconds from the start to the latest batch shown.
    pub elapsed_ms: f64,
    /// Whether workers are still training.
    pub running: bool,
    /// Whether the student stopped it early.
    pub stopped: bool,
    /// Set when a worker could not start or failed.
    pub failed: bool,
}

/// Starts, stops and collects studies.
#[derive(Clone, Copy)]
pub struct Runner {
    /// What the view shows.
    pub study: RwSignal<Study>,
    jobs: StoredValue<Vec<JobHandle>, LocalStorage>,
    inbox: StoredValue<Vec<NetResult>, LocalStorage>,
    /// Bumped by every start and stop: updates from older jobs are ignored.
    generation: StoredValue<u64>,
    started_ms: StoredValue<f64>,
    pending_workers: StoredValue<usize>,
    flush_job: Deferred,
}

/// Results are handed to the view at most this often while a study runs.
const FLUSH_MS: u64 = 250;

impl Runner {
    /// A runner with nothing running; its workers stop when the panel goes away.
    pub fn new() -> Runner {
        let runner = Runner {
            study: RwSignal::new(Study::default()),
            jobs: StoredValue::new_local(Vec::new()),
            inbox: StoredValue::new_local(Vec::new()),
            generation: StoredValue::new(0),
            started_ms: StoredValue::new(0.0),
            pending_workers: StoredValue::new(0),
            flush_job: Deferred::new(),
        };
        on_cleanup(move || {
            let _ = runner.jobs.try_update_value(Vec::clear);
        });
        runner
    }

    /// Cancels whatever runs and starts study `spec` afresh.
    pub fn start(&self, spec: &StudySpec) {
        self.cancel();
        let generation = self.generation.get_value();
        let nets = population(spec);
        // One worker per core but one, which is left to the page (see the restarts panel).
        let cores = web_sys::window().map_or(2.0, |w| w.navigator().hardware_concurrency());
        let workers = (cores as usize).saturating_sub(1).clamp(1, 8).min(nets.len().max(1));
        self.started_ms.set_value(now_ms());
        self.pending_workers.set_value(workers);
        self.study.set(Study {
            spec: Some(spec.clone()),
            total: nets.len(),
            running: true,
            ..Study::default()
        });
        // Worker w trains nets w, w + W, …: similar loads, early results from every seed.
        let runner = *self;
        let mut handles = Vec::with_capacity(workers);
        for w in 0..workers {
            let request = Request {
                spec: spec.clone(),
                nets: nets.iter().copied().skip(w).step_by(workers).collect(),
            };
            match start(super::super::INFO.id, &request, move |event| runner.receive(generation, event)) {
                Some(handle) => handles.push(handle),
                None => {
                    self.study.update(|s| {
                        s.failed = true;
                        s.running = false;
                    });
                    return;
                }
            }
        }
        self.jobs.set_value(handles);
    }

    /// Stops the workers, keeping the nets that finished.
    pub fn stop(&self) {
        let was_running = self.study.with_untracked(|s| s.running);
        self.flush();
        self.cancel();
        if was_running {
            self.study.update(|s| {
                s.running = false;
                s.stopped = true;
            });
        }
    }

    /// Cancels whatever runs and forgets its results (the settings changed).
    pub fn clear(&self) {
        self.cancel();
        self.study.set(Study::default());
    }

    fn cancel(&self) {
        self.generation.update_value(|g| *g += 1);
        self.jobs.update_value(Vec::clear);
        self.inbox.update_value(Vec::clear);
    }

    fn receive(&self, generation: u64, event: JobEvent<NetResult>) {
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        match event {
            JobEvent::Update(net) => {
                self.inbox.update_value(|inbox| inbox.push(net));
                let runner = *self;
                self.flush_job.schedule_after(FLUSH_MS, move || runner.flush());
            }
            JobEvent::Failed => {
                self.cancel();
                self.study.update(|s| {
                    s.failed = true;
                    s.running = false;
                });
            }
            JobEvent::Done => {
                self.pending_workers.update_value(|n| *n = n.saturating_sub(1));
                if self.pending_workers.get_value() == 0 {
                    self.jobs.update_value(Vec::clear);
                    self.flush();
                    self.study.update(|s| s.running = false);
                }
            }
        }
    }

    /// Moves the collected results into the study (one signal update).
    fn flush(&self) {
        let Some(batch) = self.inbox.try_update_value(std::mem::take) else {
            return;
        };
        if batch.is_empty() {
            return;
        }
        let elapsed = now_ms() - self.started_ms.get_value();
        self.study.update(|s| {
            s.nets.extend(batch);
            s.elapsed_ms = elapsed;
        });
    }
}
