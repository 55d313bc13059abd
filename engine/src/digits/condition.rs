//! What the network is given (Zhang et al. 2017, "Understanding deep learning requires
//! rethinking generalization", §2 and Fig. 1a): the real digits, or the same images with
//! their labels or their pixels replaced by noise.

use serde::{Deserialize, Serialize};

/// One of Zhang et al.'s randomisation tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// The images with their labels.
    TrueLabels,
    /// Every training label replaced by one drawn uniformly from the ten classes.
    RandomLabels,
    /// One fixed random permutation of the pixels, applied to every image (training and
    /// test): a fully connected network cannot tell, as it has no notion of neighbours.
    ShuffledPixels,
    /// A different random permutation of the pixels for each image: only the amount of
    /// ink survives.
    RandomPixels,
    /// Every pixel drawn independently from one Gaussian with the training images' mean
    /// and variance (over all their pixels, as Zhang et al. did); the labels are kept.
    Gaussian,
}

impl Condition {
    /// Every condition, in the order of Zhang et al.'s Fig. 1a legend.
    pub const ALL: [Condition; 5] = [
        Condition::TrueLabels,
        Condition::RandomLabels,
        Condition::ShuffledPixels,
        Condition::RandomPixels,
        Condition::Gaussian,
    ];

    /// The short name used in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Condition::TrueLabels => "true",
            Condition::RandomLabels => "random_labels",
            Condition::ShuffledPixels => "shuffled_pixels",
            Condition::RandomPixels => "random_pixels",
            Condition::Gaussian => "gaussian",
        }
    }

    /// The condition with URL name `key`, if any.
    pub fn from_key(key: &str) -> Option<Condition> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// A chart legend's words for it.
    pub fn label(self) -> &'static str {
        match self {
            Condition::TrueLabels => "true labels",
            Condition::RandomLabels => "random labels",
            Condition::ShuffledPixels => "shuffled pixels",
            Condition::RandomPixels => "random pixels",
            Condition::Gaussian => "Gaussian",
        }
    }
}
