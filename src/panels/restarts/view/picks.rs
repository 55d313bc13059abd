//! The runs a student has picked out (by a histogram bar, a thumbnail or a map point),
//! kept with the experiment they were picked in: a new experiment shows none, derived
//! rather than cleared by an effect.

use super::run::Experiment;
use leptos::prelude::*;

/// The picked runs of the current experiment.
#[derive(Clone, Copy)]
pub struct Picks {
    picked: RwSignal<(u64, Vec<usize>)>,
    experiment: Memo<u64>,
    /// Indices of the picked runs in the current experiment.
    pub selected: Memo<Vec<usize>>,
}

impl Picks {
    /// None picked, for the runs of `experiment`.
    pub fn new(experiment: RwSignal<Experiment>) -> Picks {
        let picked = RwSignal::new((0u64, Vec::<usize>::new()));
        let id = Memo::new(move |_| experiment.with(|e| e.id));
        let selected = Memo::new(move |_| {
            let now = id.get();
            picked.with(|(at, runs)| if *at == now { runs.clone() } else { Vec::new() })
        });
        Picks {
            picked,
            experiment: id,
            selected,
        }
    }

    /// Picks exactly `runs`.
    pub fn set(&self, runs: Vec<usize>) {
        self.picked.set((self.experiment.get_untracked(), runs));
    }

    /// Picks run `i`, or unpicks it if it was picked.
    pub fn toggle(&self, i: usize) {
        let now = self.experiment.get_untracked();
        self.picked.update(|(at, runs)| {
            if *at != now {
                (*at, *runs) = (now, Vec::new());
            }
            match runs.iter().position(|&j| j == i) {
                Some(k) => {
                    runs.remove(k);
                }
                None => runs.push(i),
            }
        });
    }

    /// Picks none.
    pub fn clear(&self) {
        self.set(Vec::new());
    }
}
