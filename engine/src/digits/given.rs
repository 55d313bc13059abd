//! The data as the network is given it under a recipe: the training images' labels (true,
//! corrupted or random) and every image as the network's input, for Zhang et al.'s (2017)
//! randomisation tests.
//!
//! Inputs are standardised with one mean μ and one standard deviation σ, those of all the
//! pixels of the n training images in [0, 1] (grey level / 255): x = (v − μ)/σ. A Gaussian
//! image is then v = μ + σ·z with z ~ N(0, 1) per pixel, so its input is z itself.

use super::condition::Condition;
use super::data::{Digits, CLASSES, TEST_COUNT};
use super::train::{NetSetup, Recipe};
use crate::rng::{normal, seeded, shuffle, Rng, Stream};
use rand::Rng as _;

/// `Stream::Data` run of the label draws (random labels and corruption).
const LABELS: u32 = 0;
/// `Stream::Data` run of the shuffled-pixels permutation.
const SHUFFLE: u32 = 1;
/// `Stream::Other` of the random-pixels permutations; the run is the image's row.
const RANDOM_PIXELS: u32 = 40;
/// `Stream::Other` of the Gaussian images; the run is the image's row.
const GAUSSIAN: u32 = 41;

/// How a condition turns an image of the asset into the network's input.
#[derive(Clone, Debug)]
pub struct Inputs {
    condition: Condition,
    seed: u64,
    /// Shuffled pixels: pixel j of an input is pixel perm[j] of the image.
    perm: Vec<usize>,
    /// μ, the mean grey level of all the training images' pixels, in [0, 1].
    pub mean: f32,
    /// σ, their standard deviation (at least 10⁻³, so a blank set cannot divide by zero).
    pub std: f32,
}

impl Inputs {
    /// The transform of `condition` for data seed `seed`, standardising with the
    /// statistics of the first `n` training images.
    pub fn new(digits: &Digits, n: usize, seed: u64, condition: Condition) -> Inputs {
        let pixels = &digits.pixels[TEST_COUNT * digits.dim()..(TEST_COUNT + n) * digits.dim()];
        let count = pixels.len().max(1) as f64;
        let mean = pixels.iter().map(|&p| f64::from(p) / 255.0).sum::<f64>() / count;
        let var = pixels
            .iter()
            .map(|&p| (f64::from(p) / 255.0 - mean).powi(2))
            .sum::<f64>()
            / count;
        let mut perm: Vec<usize> = (0..digits.dim()).collect();
        if condition == Condition::ShuffledPixels {
            shuffle(&mut seeded(seed, Stream::Data, SHUFFLE), &mut perm);
        }
        Inputs {
            condition,
            seed,
            perm,
            mean: mean as f32,
            std: (var.sqrt() as f32).max(1e-3),
        }
    }

    /// Image `row` of the asset as the network sees it, in grey levels v ∈ [0, 1] (a
    /// Gaussian image's levels fall outside).
    pub fn levels(&self, digits: &Digits, row: usize) -> Vec<f32> {
        let image = digits.image(row);
        let level = |j: usize| f32::from(image[j]) / 255.0;
        match self.condition {
            Condition::TrueLabels | Condition::RandomLabels => (0..image.len()).map(level).collect(),
            Condition::ShuffledPixels => self.perm.iter().map(|&j| level(j)).collect(),
            Condition::RandomPixels => self.row_permutation(row).into_iter().map(level).collect(),
            Condition::Gaussian => {
                let mut rng = self.row_rng(GAUSSIAN, row);
                (0..image.len())
                    .map(|_| self.mean + self.std * normal(&mut rng, 0.0, 1.0))
                    .collect()
            }
        }
    }

    /// Shuffled pixels: pixel j of every input is pixel `permutation()[j]` of its image
    /// (the identity under the other conditions).
    pub fn permutation(&self) -> &[usize] {
        &self.perm
    }

    /// Random pixels: pixel j of the input of image `row` is pixel `row_permutation(row)[j]`
    /// of the image, a permutation of its own for every image.
    pub fn row_permutation(&self, row: usize) -> Vec<usize> {
        let mut perm: Vec<usize> = (0..self.perm.len()).collect();
        shuffle(&mut self.row_rng(RANDOM_PIXELS, row), &mut perm);
        perm
    }

    /// Appends the standardised input (v − μ)/σ of image `row` to `out`.
    pub fn push_input(&self, digits: &Digits, row: usize, out: &mut Vec<f32>) {
        out.extend(self.levels(digits, row).into_iter().map(|v| self.standardise(v)));
    }

    /// (v − μ)/σ.
    pub fn standardise(&self, v: f32) -> f32 {
        (v - self.mean) / self.std
    }

    /// Random pixels and Gaussian images draw each image from its own stream, so that any
    /// one image can be shown without drawing those before it.
    fn row_rng(&self, stream: u32, row: usize) -> Rng {
        seeded(self.seed, Stream::Other(stream), row as u32)
    }
}

/// The number of training images a setup really uses: n_train, at most half the training
/// pool (MAX_TRAIN for the asset), so that the adversarial start's m = n extra images fit
/// after them and every start trains on the same images.
pub fn train_count(digits: &Digits, net: &NetSetup) -> usize {
    net.n_train.clamp(1, (digits.train_pool() / 2).max(1))
}

/// The labels the network is given for the training images, rows TEST_COUNT.. of the asset.
///
/// Zhang et al.'s corruption (Fig. 1b/c): each label independently, with probability p,
/// is replaced by a class drawn uniformly from all ten (so it may stay the same). Every
/// image draws its coin and its class whatever p is, so a label corrupted at one level is
/// corrupted, to the same class, at every higher level. Random labels are p = 1; the
/// corruption applies to true labels only.
pub fn given_labels(digits: &Digits, net: &NetSetup, recipe: &Recipe) -> Vec<u8> {
    let n = train_count(digits, net);
    let p = match recipe.condition {
        Condition::TrueLabels => recipe.corruption.clamp(0.0, 1.0),
        Condition::RandomLabels => 1.0,
        _ => 0.0,
    };
    label_draws(digits, net)
        .into_iter()
        .zip(&digits.labels[TEST_COUNT..TEST_COUNT + n])
        .map(|((coin, class), &y)| if coin < p { class } else { y })
        .collect()
}

/// Each training image's draws for `given_labels`, in order: its coin u ∈ [0, 1) and the
/// class it takes when u < p.
pub fn label_draws(digits: &Digits, net: &NetSetup) -> Vec<(f32, u8)> {
    let mut rng = seeded(net.seed, Stream::Data, LABELS);
    (0..train_count(digits, net))
        .map(|_| {
            let coin: f32 = rng.random();
            (coin, rng.random_range(0..CLASSES as u32) as u8)
        })
        .collect()
}

/// Training image `i` as the network sees it before augmentation, as grey levels 0..=255
/// for drawing (a Gaussian image's levels clamped to that range).
pub fn given_image(digits: &Digits, net: &NetSetup, recipe: &Recipe, i: usize) -> Vec<u8> {
    let n = train_count(digits, net);
    let inputs = Inputs::new(digits, n, net.seed, recipe.condition);
    inputs
        .levels(digits, TEST_COUNT + i)
        .into_iter()
        .map(|v| (v * 255.0).round().clamp(0.0, 255.0) as u8)
        .collect()
}

/// The training set (n images with the labels of `given_labels`) and the test set (the
/// TEST_COUNT test images with their true labels), both as standardised inputs under the
/// recipe's condition: shuffled pixels use the training images' permutation, random pixels
/// and Gaussian images are drawn for the test images just as for the training images.
pub struct Given {
    /// The transform.
    pub inputs: Inputs,
    /// n × side² training inputs.
    pub train_x: Vec<f32>,
    /// The n labels the network is given.
    pub train_y: Vec<u8>,
    /// TEST_COUNT × side² test inputs.
    pub test_x: Vec<f32>,
    /// The test images' true labels.
    pub test_y: Vec<u8>,
}

impl Given {
    /// The data of `recipe`.
    pub fn new(digits: &Digits, net: &NetSetup, recipe: &Recipe) -> Given {
        let n = train_count(digits, net);
        let inputs = Inputs::new(digits, n, net.seed, recipe.condition);
        let rows = |range: std::ops::Range<usize>| {
            let mut x = Vec::with_capacity(range.len() * digits.dim());
            range.for_each(|row| inputs.push_input(digits, row, &mut x));
            x
        };
        Given {
            train_x: rows(TEST_COUNT..TEST_COUNT + n),
            train_y: given_labels(digits, net, recipe),
            test_x: rows(0..TEST_COUNT),
            test_y: digits.labels[..TEST_COUNT].to_vec(),
            inputs,
        }
    }

    /// The standardised input of a blank (paper) pixel, the fill of a shifted image.
    pub fn paper(&self) -> f32 {
        self.inputs.standardise(0.0)
    }
}
