//! The measures panel's compute-worker job: some nets of the study (one worker's share),
//! each trained, measured and reported as it finishes.

use crate::engine::measures::{run_net, study_data, NetId, NetResult, StudySpec};
use serde::{Deserialize, Serialize};

/// Train and measure these nets of the study `spec`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The study.
    pub spec: StudySpec,
    /// The nets to train, in order.
    pub nets: Vec<NetId>,
}

/// Runs `request`, reporting each net as it finishes.
pub fn run(request: &Request, report: &mut dyn FnMut(NetResult)) {
    let mut data = Vec::new();
    for &id in &request.nets {
        if data.len() <= id.rep as usize {
            data.resize_with(id.rep as usize + 1, || None);
        }
        let (train, test) = data[id.rep as usize].get_or_insert_with(|| study_data(&request.spec, id.rep));
        report(run_net(&request.spec, id, train, test));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Request {
        Request {
            spec: StudySpec {
                varying: [true, false, false, false, false, false],
                seeds: 2,
                ..StudySpec::default()
            },
            nets: vec![NetId { config: 1, rep: 1 }, NetId { config: 0, rep: 0 }],
        }
    }

    #[test]
    fn the_job_reports_its_nets_as_trained_directly() {
        let request = request();
        let mut updates = Vec::new();
        run(&request, &mut |u| updates.push(u));
        let expected: Vec<NetResult> = request
            .nets
            .iter()
            .map(|&id| {
                let (train, test) = study_data(&request.spec, id.rep);
                run_net(&request.spec, id, &train, &test)
            })
            .collect();
        assert_eq!(updates, expected);
    }

    #[test]
    fn messages_round_trip_through_the_worker_encoding() {
        crate::jobs::assert_round_trip("measures", &request(), run);
    }
}
