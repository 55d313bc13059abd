//! Running a restart experiment on the kit's worker pool (`ui::batch`): each worker
//! trains its share of the restarts; a pause keeps the finished runs and resuming trains
//! only the rest. Each run is kept with its decision boundary.

use crate::engine::restarts::{restart_seed, RunResult, PROBE_SIDE};
use crate::panels::restarts::config::RestartsConfig;
use crate::panels::restarts::jobs::Request;
use crate::panels::restarts::layout::Run;
use crate::plot::Field;
use crate::ui::batch;
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
    fn new(result: RunResult) -> Arc<Finished> {
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
        Arc::new(Finished { result, boundary })
    }
}

impl Run for Arc<Finished> {
    fn result(&self) -> &RunResult {
        &self.result
    }
}

/// The state of the current experiment: its runs, one per restart and pipeline.
pub type Experiment = batch::Batch<RestartsConfig, Arc<Finished>>;

/// Starts, pauses, resumes (`resume` continues a paused experiment with the restarts it
/// has not finished) and collects restart experiments.
pub type Runner = batch::Runner<RestartsConfig, RunResult, Arc<Finished>>;

/// A runner with nothing running; its workers stop when the panel goes away.
pub fn runner() -> Runner {
    Runner::new(super::super::INFO.id, Finished::new, |f| f.result.seed)
}

/// An experiment is one item per restart (its seed), each trained with every pipeline.
impl batch::Plan for RestartsConfig {
    type Item = u64;
    type Request = Request;

    fn items(&self) -> (Vec<u64>, usize) {
        let spec = self.spec();
        let seeds = (0..self.runs).map(|k| restart_seed(&spec, k)).collect();
        (seeds, self.pipelines().len())
    }

    fn request(&self, seeds: Vec<u64>) -> Request {
        Request {
            spec: self.spec(),
            seeds,
            pipelines: self.pipelines(),
        }
    }
}
