//! Running a restart experiment: one Web Worker per core the browser reports, each
//! training its share of the restarts; results are collected off the signal and handed
//! to the view in batches, so a burst of finished runs costs one redraw, not one each.

use crate::jobs::JobEvent;
use crate::panels::restarts::jobs::Request;
use crate::engine::restarts::{restart_seed, RunResult, PROBE_SIDE};
use crate::panels::restarts::layout::Run;
use crate::plot::Field;
use crate::panels::restarts::config::RestartsConfig;
use crate::ui::tasks::{now_ms, Deferred};
use crate::ui::worker::{start, JobHandle};
use leptos::prelude::*;
use std::sync::Arc;

/// One finished run as the panel keeps it, with its decision boundary.
#[derive(Debug, PartialEq)]
pub struct Finished {
    /// What the worker reported.
    pub result: RunResult,
    /// The zero level set of the network's output on the probe grid, in input space.
    pub boundary: Vec<Vec<[f32; 2]>>,
}

impl Finished {
    fn new(result: RunResult) -> Finished {
        let field = Field {
            n: PROBE_SIDE,
            domain: super::draw::WINDOW,
            values: result.probe.clone(),
        };
        let boundary = if result.diverged {
            Vec::new()
        } else {
            field.iso_lines(&[0.0])
        };
        Finished { result, boundary }
    }
}

impl Run for Arc<Finished> {
    fn result(&self) -> &RunResult {
        &self.result
    }
}

/// The state of the current experiment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Experiment {
    /// Which start or reset of the runner this is (a selection belongs to one).
    pub id: u64,
    /// The settings it runs (None before the first start).
    pub config: Option<RestartsConfig>,
    /// Runs expected: restarts × pipelines.
    pub total: usize,
    /// Web Workers training them.
    pub workers: usize,
    /// Finished runs, in arrival order.
    pub runs: Vec<Arc<Finished>>,
    /// Milliseconds from the start to the latest batch shown.
    pub elapsed_ms: f64,
    /// Whether workers are still training.
    pub running: bool,
    /// Whether the user stopped it early.
    pub stopped: bool,
    /// Set when the browser could not start a worker.
    pub failed: bool,
}

/// Starts, stops and collects restart experiments.
#[derive(Clone, Copy)]
pub struct Runner {
    /// What the view shows.
    pub experiment: RwSignal<Experiment>,
    jobs: StoredValue<Vec<JobHandle>, LocalStorage>,
    inbox: StoredValue<Vec<RunResult>, LocalStorage>,
    /// Bumped by every start and stop: updates from older jobs are ignored.
    generation: StoredValue<u64>,
    started_ms: StoredValue<f64>,
    /// Workers of the current experiment that have not reported "done".
    pending_workers: StoredValue<usize>,
    flush_job: Deferred,
}

/// Results are handed to the view at most this often while a run is in progress.
const FLUSH_MS: u64 = 250;

impl Runner {
    /// A runner with nothing running; its workers stop when the panel goes away.
    pub fn new() -> Runner {
        let runner = Runner {
            experiment: RwSignal::new(Experiment::default()),
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

    /// Cancels whatever runs and starts `config`'s experiment afresh.
    pub fn start(&self, config: &RestartsConfig) {
        self.cancel();
        let generation = self.generation.get_value();
        let spec = config.spec();
        let pipelines = config.pipelines();
        let seeds: Vec<u64> = (0..config.runs).map(|k| restart_seed(&spec, k)).collect();
        // One worker per core but one, which is left to the page: on two cores a second
        // worker made W2 no faster (600–950 ms against 590–1,000 ms) and the page's own
        // tasks slower, as three busy threads shared two cores.
        let cores = web_sys::window().map_or(2.0, |w| w.navigator().hardware_concurrency());
        let workers = (cores as usize).saturating_sub(1).clamp(1, 8).min(seeds.len());
        self.started_ms.set_value(now_ms());
        self.pending_workers.set_value(workers);
        self.experiment.set(Experiment {
            id: generation,
            config: Some(config.experiment()),
            total: seeds.len() * pipelines.len(),
            workers,
            running: true,
            ..Experiment::default()
        });
        // Worker w trains restarts w, w + W, w + 2W, …: every worker gets a similar load
        // and early results come from across the seed range.
        let runner = *self;
        let mut handles = Vec::with_capacity(workers);
        for w in 0..workers {
            let request = Request {
                spec: spec.clone(),
                seeds: seeds.iter().copied().skip(w).step_by(workers).collect(),
                pipelines: pipelines.clone(),
            };
            match start(super::super::INFO.id, &request, move |event| runner.receive(generation, event)) {
                Some(handle) => handles.push(handle),
                None => {
                    self.experiment.update(|e| {
                        e.failed = true;
                        e.running = false;
                    });
                    return;
                }
            }
        }
        self.jobs.set_value(handles);
    }

    /// Cancels whatever runs and forgets its results (the settings changed).
    pub fn clear(&self) {
        self.cancel();
        self.experiment.set(Experiment {
            id: self.generation.get_value(),
            ..Experiment::default()
        });
    }

    /// Stops the workers, keeping the runs that finished.
    pub fn stop(&self) {
        let was_running = self.experiment.with_untracked(|e| e.running);
        // Runs already received but not yet shown are kept.
        self.flush();
        self.cancel();
        if was_running {
            self.experiment.update(|e| {
                e.running = false;
                e.stopped = true;
            });
        }
    }

    /// Terminates the workers and forgets their unreported results.
    fn cancel(&self) {
        self.generation.update_value(|g| *g += 1);
        self.jobs.update_value(Vec::clear);
        self.inbox.update_value(Vec::clear);
    }

    fn receive(&self, generation: u64, event: JobEvent<RunResult>) {
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        match event {
            JobEvent::Update(result) => {
                self.inbox.update_value(|inbox| inbox.push(result));
                let runner = *self;
                self.flush_job.schedule_after(FLUSH_MS, move || runner.flush());
            }
            JobEvent::Failed => {
                self.cancel();
                self.experiment.update(|e| {
                    e.failed = true;
                    e.running = false;
                });
            }
            JobEvent::Done => {
                self.pending_workers.update_value(|n| *n = n.saturating_sub(1));
                if self.pending_workers.get_value() == 0 {
                    self.jobs.update_value(Vec::clear);
                    self.flush();
                    self.experiment.update(|e| e.running = false);
                }
            }
        }
    }

    /// Moves the collected results into the experiment (one signal update).
    fn flush(&self) {
        let Some(batch) = self.inbox.try_update_value(std::mem::take) else {
            return;
        };
        if batch.is_empty() {
            return;
        }
        let elapsed = now_ms() - self.started_ms.get_value();
        self.experiment.update(|e| {
            e.runs.extend(batch.into_iter().map(|r| Arc::new(Finished::new(r))));
            e.elapsed_ms = elapsed;
        });
    }
}
