//! Running a study on the kit's worker pool (`ui::batch`), as the restarts panel does:
//! each worker trains its share of the nets; a pause keeps the finished nets and resuming
//! trains only the rest.

use crate::engine::measures::{population, NetId, NetResult, StudySpec};
use crate::panels::measures::jobs::Request;
use crate::ui::batch;

/// Starts, pauses, resumes (`resume` continues a paused study with the nets it has not
/// trained) and collects studies.
pub type Runner = batch::Runner<StudySpec, NetResult, NetResult>;

/// A runner with nothing running; its workers stop when the panel goes away.
pub fn runner() -> Runner {
    Runner::new(super::super::INFO.id, |n| n, |n| n.id)
}

/// A study is one item per net of its population.
impl batch::Plan for StudySpec {
    type Item = NetId;
    type Request = Request;

    fn items(&self) -> (Vec<NetId>, usize) {
        (population(self), 1)
    }

    fn request(&self, nets: Vec<NetId>) -> Request {
        Request {
            spec: self.clone(),
            nets,
        }
    }
}
