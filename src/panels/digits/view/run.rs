//! Running an experiment on the kit's worker pool (`ui::batch`): each worker trains its
//! share of the runs and streams their losses; a pause keeps the finished runs and
//! resuming trains only the rest.

use crate::engine::digits::{NetSetup, Recipe};
use crate::panels::digits::config::{DigitsConfig, View};
use crate::panels::digits::jobs::{Request, Update};
use crate::panels::digits::study::recipes;
use crate::ui::batch;
use std::sync::Arc;

/// One experiment: its settings and the digits' bytes.
#[derive(Clone, Debug)]
pub struct Experiment {
    /// Which experiment.
    pub view: View,
    /// The network and its training.
    pub net: NetSetup,
    /// Weight decay where it is on.
    pub wd: f32,
    /// Restarts of each kind.
    pub runs: u32,
    /// `digits.bin`, as fetched.
    pub data: Arc<Vec<u8>>,
}

impl Experiment {
    /// The experiment `config` shows, on `data`.
    pub fn of(config: &DigitsConfig, data: Arc<Vec<u8>>) -> Experiment {
        Experiment {
            view: config.view,
            net: config.net.clone(),
            wd: config.wd,
            runs: config.runs,
            data,
        }
    }
}

/// Equal settings on the same fetched bytes.
impl PartialEq for Experiment {
    fn eq(&self, other: &Self) -> bool {
        (self.view, &self.net, self.wd, self.runs) == (other.view, &other.net, other.wd, other.runs)
            && Arc::ptr_eq(&self.data, &other.data)
    }
}

/// Starts, pauses, resumes and collects experiments; its results are the raw updates.
pub type Runner = batch::Runner<Experiment, Update, Update>;

/// A runner with nothing running; its workers stop when the panel goes away.
pub fn runner() -> Runner {
    Runner::streaming(
        super::super::INFO.id,
        |u| u,
        |u| u.recipe().clone(),
        |u| matches!(u, Update::Done(..)),
    )
}

/// An experiment is one item per training run.
impl batch::Plan for Experiment {
    type Item = Recipe;
    type Request = Request;

    fn items(&self) -> (Vec<Recipe>, usize) {
        (recipes(self.view, self.wd, self.runs), 1)
    }

    fn request(&self, runs: Vec<Recipe>) -> Request {
        Request {
            net: self.net.clone(),
            runs,
            data: self.data.to_vec(),
        }
    }
}
