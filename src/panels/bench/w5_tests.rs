//! Host tests of W5: its two sizes, its data, its steps and its clock.

use super::*;

fn digits() -> Digits {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/digits.bin")).expect("the asset");
    Digits::decode(&bytes).expect("a digits file")
}

#[test]
fn the_sizes_are_the_labs_default_and_784_512_128() {
    let lab = NetSetup::default_lab();
    let default = Spec::of(Size::Default);
    assert_eq!(default.mlp().widths, vec![196, lab.width, 10]);
    assert_eq!(
        (default.batch, default.lr, default.momentum),
        (lab.batch, lab.lr, lab.momentum)
    );
    let large = Spec::of(Size::Large);
    assert_eq!((large.mlp().widths, large.batch), (vec![784, 512, 10], 128));
    assert_eq!(
        (large.lr, large.momentum, large.hidden),
        (lab.lr, lab.momentum, lab.hidden)
    );
    // 196·256 + 256·10 = 52,736 multiply–adds per example: 4 flops each (forward and weight
    // gradient) and 2 for the 2,560 of the second layer's input gradient, times B = 32.
    assert_eq!(default.flops_per_step(), (4.0 * 52_736.0 + 2.0 * 2_560.0) * 32.0);
}

#[test]
fn the_data_are_standardised_and_upsampled_by_pixel_blocks() {
    let d = digits();
    let (x, y) = training_data(&d, 1);
    let (x2, y2) = training_data(&d, 2);
    assert_eq!((x.len(), x2.len()), (TRAIN * 196, TRAIN * 784));
    assert_eq!(y, d.labels[TEST_COUNT..TEST_COUNT + TRAIN].to_vec());
    assert_eq!(y2, y);
    // Pixel (r, c) of the 28 × 28 image is pixel (r/2, c/2) of the 14 × 14 one.
    for (image, big) in [0, 1, 999].map(|i| (&x[i * 196..(i + 1) * 196], &x2[i * 784..(i + 1) * 784])) {
        for (r, c) in [(0, 0), (13, 27), (27, 26), (9, 14)] {
            assert_eq!(big[r * 28 + c], image[(r / 2) * 14 + c / 2]);
        }
    }
    // (v − μ)/σ with the training images' μ and σ: mean 0 and variance 1 at both sizes.
    for xs in [&x, &x2] {
        let n = xs.len() as f64;
        let mean = xs.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let var = xs.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / n;
        assert!(
            mean.abs() < 1e-4 && (var - 1.0).abs() < 1e-3,
            "mean {mean}, variance {var}"
        );
    }
}

#[test]
fn steps_learn_the_digits_and_the_clock_times_them() {
    let d = digits();
    let mut w5 = W5::new(&d, Size::Default);
    w5.step();
    // He-normal weights give logits of order one: the first loss is near chance, ln 10.
    assert!((w5.loss - 10f32.ln()).abs() < 1.5, "first loss {}", w5.loss);
    let mut readings = 0;
    let ms = w5.train(299, &mut || {
        readings += 1;
        f64::from(readings) * 7.0
    });
    assert_eq!((ms, readings), (7.0, 2));
    assert!(w5.loss < 0.5, "loss after 300 steps {}", w5.loss);
    // Every batch is full: 1,000 examples give 31 batches of 32 a pass, then a reshuffle,
    // so step 300 is the 21st batch of the tenth pass.
    assert_eq!(w5.next, (299 % 31 + 1) * 32);
}

#[test]
fn the_timing_and_the_slices() {
    let spec = Spec::of(Size::Large);
    let t = Timing::new(spec.clone(), 2000.0, 0.5);
    assert_eq!(t.steps_per_s, spec.steps as f64 / 2.0);
    assert!((t.gflops - spec.flops_per_step() * spec.steps as f64 / 2e9).abs() < 1e-9);
    let json = serde_json::to_value(&t).unwrap();
    for key in [
        "size",
        "inputs",
        "width",
        "batch",
        "steps",
        "ms",
        "steps_per_s",
        "gflops",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(json["size"], "large");
    assert_eq!((slice_steps(2.0), slice_steps(100.0), slice_steps(0.0)), (15, 1, 1));
}
