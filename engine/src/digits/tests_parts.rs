//! The real-digits lab's parts: the asset, what the network is given under each
//! condition, the shifts of augmentation, and the MLP's softmax cross-entropy gradient.

use super::data::CLASSES;
use super::given::train_count;
use super::phase::push_shifted;
use super::tests::asset;
use super::*;
use crate::activation::Activation;
use crate::mlp::Mlp;
use crate::rng::{normal, seeded, Stream};

#[test]
fn the_asset_decodes_with_every_class_well_represented() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/digits.bin")).unwrap();
    let digits = Digits::decode(&bytes).unwrap();
    assert_eq!((digits.len(), digits.side, digits.dim()), (4000, 14, 196));
    assert_eq!(digits.train_pool(), 3000);
    assert_eq!(digits.image(3999).len(), 196);
    // Measured: 350 (fives) to 445 (sevens) of 4,000.
    let mut counts = [0usize; CLASSES];
    digits.labels.iter().for_each(|&y| counts[usize::from(y)] += 1);
    assert!(counts.iter().all(|c| (300..=500).contains(c)), "{counts:?}");
    // Ink on paper: most pixels blank, some full.
    assert!(digits.pixels.iter().filter(|&&p| p == 0).count() > digits.pixels.len() / 2);
    assert!(digits.pixels.contains(&255));

    assert!(Digits::decode(&bytes[..bytes.len() - 1]).is_err(), "truncated");
    assert!(
        Digits::decode(&[bytes.as_slice(), &[0]].concat()).is_err(),
        "trailing byte"
    );
    assert!(Digits::decode(&bytes[..10]).is_err(), "header only");
    let mut garbled = bytes.clone();
    garbled[0] = b'X';
    assert!(Digits::decode(&garbled).is_err(), "magic");
    let mut garbled = bytes.clone();
    garbled[12 + 7] = 10;
    assert!(Digits::decode(&garbled).unwrap_err().contains("image 7"), "label 10");
    let mut garbled = bytes;
    garbled[4] ^= 1;
    assert!(Digits::decode(&garbled).is_err(), "count");
}

/// R̂(w) = (1/B) Σ_b −log softmax(f(x_b; w))_{y_b} in f64 with naive loops, independent of
/// the engine's f32 kernels.
fn softmax_objective_f64(mlp: &Mlp, w: &[f64], x: &[f64], y: &[u8]) -> f64 {
    let n0 = mlp.widths[0];
    let mut total = 0.0;
    for (b, &label) in y.iter().enumerate() {
        let mut a: Vec<f64> = x[b * n0..(b + 1) * n0].to_vec();
        let mut offset = 0;
        for (l, pair) in mlp.widths.windows(2).enumerate() {
            let (n_in, n_out) = (pair[0], pair[1]);
            let bias = offset + n_in * n_out;
            let z: Vec<f64> = (0..n_out)
                .map(|o| w[bias + o] + (0..n_in).map(|i| a[i] * w[offset + i * n_out + o]).sum::<f64>())
                .collect();
            let last = l + 2 == mlp.widths.len();
            a = match (last, mlp.activation) {
                (false, Activation::Relu) => z.iter().map(|v| v.max(0.0)).collect(),
                (false, Activation::Tanh) => z.iter().map(|v| v.tanh()).collect(),
                _ => z,
            };
            offset = bias + n_out;
        }
        total += a.iter().map(|v| v.exp()).sum::<f64>().ln() - a[usize::from(label)];
    }
    total / y.len() as f64
}

#[test]
fn softmax_cross_entropy_gradient_matches_finite_differences() {
    let shapes: [&[usize]; 3] = [&[3, 4], &[5, 7, 4], &[4, 6, 5, 3]];
    for (seed, shape) in shapes.iter().enumerate() {
        for activation in [Activation::Relu, Activation::Tanh] {
            let mlp = Mlp::new(shape, activation);
            let mut rng = seeded(seed as u64, Stream::Other(0), 0);
            let mut w = mlp.init(&mut rng);
            w.iter_mut().for_each(|v| *v += normal(&mut rng, 0.0, 0.1));
            let batch = 6;
            let classes = *shape.last().unwrap();
            let x: Vec<f32> = (0..batch * shape[0]).map(|_| normal(&mut rng, 0.0, 1.0)).collect();
            let y: Vec<u8> = (0..batch).map(|b| (b % classes) as u8).collect();
            let mut grad = vec![0.0; w.len()];
            let mut ws = mlp.workspace(batch);
            let (loss, correct) = mlp.softmax_loss_and_grad(&w, &x, &y, &mut ws, &mut grad);

            let w64: Vec<f64> = w.iter().map(|&v| f64::from(v)).collect();
            let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
            let exact = softmax_objective_f64(&mlp, &w64, &x64, &y);
            assert!(
                (f64::from(loss) - exact).abs() < 1e-5,
                "{shape:?}: loss {loss} vs {exact}"
            );
            let out = mlp.forward(&w, &x, &mut ws).to_vec();
            let predicted = out
                .chunks(classes)
                .zip(&y)
                .filter(|(f, &l)| crate::mlp::argmax(f) == l as usize);
            assert_eq!(correct, predicted.count());

            let h = 1e-6;
            let scale = grad.iter().fold(0.0f64, |m, g| m.max(f64::from(g.abs())));
            for k in 0..w.len() {
                let (mut plus, mut minus) = (w64.clone(), w64.clone());
                plus[k] += h;
                minus[k] -= h;
                let numeric = (softmax_objective_f64(&mlp, &plus, &x64, &y)
                    - softmax_objective_f64(&mlp, &minus, &x64, &y))
                    / (2.0 * h);
                let err = (numeric - f64::from(grad[k])).abs();
                assert!(
                    err <= 1e-4 * scale.max(1e-3) + 1e-5 * numeric.abs(),
                    "{shape:?} {activation:?}: ∂R̂/∂w[{k}] backprop {} vs numeric {numeric}",
                    grad[k]
                );
            }
        }
    }
}

#[test]
fn what_the_network_is_given() {
    let digits = asset();
    let net = NetSetup::default_lab();
    let truth = &digits.labels[TEST_COUNT..TEST_COUNT + net.n_train];
    let plain = Recipe::plain(Condition::TrueLabels);
    assert_eq!(given_labels(&digits, &net, &plain), truth);
    assert_eq!(given_image(&digits, &net, &plain, 5), digits.image(TEST_COUNT + 5));

    // Corruption is nested: a label corrupted at p is corrupted, alike, at every p' > p;
    // at p = 1 the labels are the random ones, which agree with the truth about 1 in 10.
    let at = |p: f32| {
        given_labels(
            &digits,
            &net,
            &Recipe {
                corruption: p,
                ..plain.clone()
            },
        )
    };
    let levels: Vec<Vec<u8>> = [0.0, 0.3, 0.7, 1.0].into_iter().map(at).collect();
    for pair in levels.windows(2) {
        let changed = |l: &Vec<u8>| -> Vec<usize> { (0..l.len()).filter(|&i| l[i] != truth[i]).collect() };
        let (lo, hi) = (changed(&pair[0]), changed(&pair[1]));
        assert!(lo.len() < hi.len() && lo.iter().all(|&i| pair[1][i] == pair[0][i]));
    }
    let random = given_labels(&digits, &net, &Recipe::plain(Condition::RandomLabels));
    assert_eq!(random, levels[3]);
    let agree = random.iter().zip(truth).filter(|(a, b)| a == b).count();
    assert!((60..=140).contains(&agree), "{agree} of 1000 random labels are right");

    // Shuffled and random pixels keep each image's grey levels and its label.
    let sorted = |mut v: Vec<u8>| {
        v.sort_unstable();
        v
    };
    for c in [Condition::ShuffledPixels, Condition::RandomPixels] {
        let image = given_image(&digits, &net, &Recipe::plain(c), 3);
        assert_ne!(image, digits.image(TEST_COUNT + 3));
        assert_eq!(sorted(image), sorted(digits.image(TEST_COUNT + 3).to_vec()));
        assert_eq!(given_labels(&digits, &net, &Recipe::plain(c)), truth);
    }
    // On an asset whose every image has grey level j at pixel j, an input shows its
    // permutation: shuffled pixels use one for every image, test images included;
    // random pixels one per image.
    let ramp = Digits {
        side: 14,
        labels: vec![0; TEST_COUNT + 10],
        pixels: (0..TEST_COUNT + 10).flat_map(|_| 0..196u8).collect(),
    };
    let small = NetSetup {
        n_train: 5,
        ..net.clone()
    };
    let perm = |c: Condition, i: usize| given_image(&ramp, &small, &Recipe::plain(c), i);
    let shuffled = perm(Condition::ShuffledPixels, 0);
    assert_ne!(shuffled, ramp.image(0));
    assert_eq!(sorted(shuffled.clone()), ramp.image(0));
    assert_eq!(perm(Condition::ShuffledPixels, 4), shuffled);
    assert_ne!(perm(Condition::RandomPixels, 0), perm(Condition::RandomPixels, 1));
    for (c, same) in [(Condition::ShuffledPixels, true), (Condition::RandomPixels, false)] {
        let given = Given::new(&ramp, &small, &Recipe::plain(c));
        assert_eq!(given.test_x[..196] == given.train_x[..196], same, "{c:?}");
    }
    // Gaussian images have the training images' mean: a standardised input averages 0.
    let given = Given::new(&digits, &net, &Recipe::plain(Condition::Gaussian));
    let n = given.train_x.len() as f32;
    let mean = given.train_x.iter().sum::<f32>() / n;
    let var = given.train_x.iter().map(|v| v * v).sum::<f32>() / n;
    assert!(mean.abs() < 0.01 && (var - 1.0).abs() < 0.01, "{mean} {var}");
    assert!(given.inputs.mean > 0.05 && given.inputs.mean < 0.3);
    // Every start trains on the first n ≤ MAX_TRAIN images, the adversarial one's extras after.
    let huge = NetSetup {
        n_train: 9999,
        ..net.clone()
    };
    assert_eq!(train_count(&digits, &huge), train::MAX_TRAIN);
    assert_eq!(2 * train::MAX_TRAIN, digits.train_pool());
}

#[test]
fn a_shift_moves_every_pixel_by_at_most_one_and_fills_with_paper() {
    let image: Vec<f32> = (0..16).map(|v| v as f32).collect();
    let mut rng = seeded(1, Stream::Other(0), 0);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let mut out = Vec::new();
        push_shifted(&image, 4, &mut rng, -1.0, &mut out);
        let fills = out.iter().filter(|&&v| v == -1.0).count();
        // Find the shift: pixel (1, 1) of the result is (1 − dy, 1 − dx) of the image.
        let source = out[5] as usize;
        let (dy, dx) = (1 - (source / 4) as isize, 1 - (source % 4) as isize);
        assert!(dy.abs() <= 1 && dx.abs() <= 1);
        assert_eq!(fills, 16 - (4 - dy.unsigned_abs()) * (4 - dx.unsigned_abs()));
        seen.insert((dy, dx));
    }
    assert_eq!(seen.len(), 9);
}
