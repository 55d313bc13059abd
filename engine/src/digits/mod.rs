//! The real-digits lab (issue #23): Zhang et al. 2017, "Understanding deep learning
//! requires rethinking generalization", on 4,000 real handwritten digits. The same MLP
//! fits true labels, random labels, shuffled pixels, random pixels and Gaussian noise
//! alike; only the true labels generalise. Also the label-corruption sweep, explicit
//! regularisers (weight decay, shifts) and Liu et al. 2020's adversarial start.
//!
//! `data`: the asset and its split; `condition`: Zhang et al.'s randomisation tests;
//! `given`: what the network is given under a recipe; `train`: the setup, the recipe and
//! the training run; `phase`: the epoch loop; `adversarial`: the adversarial start.

pub mod adversarial;
pub mod condition;
pub mod data;
pub mod given;
mod phase;
pub mod train;

pub use condition::Condition;
pub use data::{Digits, CLASSES, TEST_COUNT};
pub use given::{given_image, given_labels, label_draws, Given};
pub use phase::{shift_index, EpochOrder};
pub use train::{initial_params, order_rng, shift_rng, train, NetSetup, Outcome, Point, Recipe, Start};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_parts;
