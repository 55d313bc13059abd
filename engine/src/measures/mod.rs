//! A small replication of Jiang et al. 2020 ("Fantastic generalization measures and
//! where to find them") and of Dziugaite et al. 2020's coupled pairs: a population of
//! networks over a grid of hyperparameters, each trained to the same training loss, then
//! every candidate measure ranked by how well it orders the networks' generalisation gaps.
//!
//! `study`: the population, its data and training; `measure`: the candidate measures;
//! `rank`: Kendall's τ, the granulated Ψ, coupled-pair error shares and the random band;
//! `seeds`: τ seed by seed against each seed's band, and the verdict over seeds.

pub mod measure;
pub mod rank;
pub mod seeds;
pub mod study;

pub use measure::Measure;
pub use rank::{random_band, ranking, Band, Ranking};
pub use seeds::{seed_bands, seed_taus, verdict, SeedBand, Verdict};
pub use study::{
    initial_weights, population, run_net, study_data, train_net, Axis, NetId, NetResult, StudySpec, Trained,
};

#[cfg(test)]
mod tests;
