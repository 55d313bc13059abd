//! The sharpness panel's menu of surfaces: each a loss from `engine::surface` with its
//! title, formula, window, named minima and default settings.

use crate::tex_text;
use crate::engine::activation::tanh;
use crate::engine::landscape::{basin_rows, top_eigenvalue, BasinMap, RunSettings};
use crate::engine::rng::{normal, seeded, Stream};
use crate::engine::surface::{Basins, Surface};

/// A ready-made surface with everything the panel needs to show it.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// URL name.
    pub key: &'static str,
    /// Menu title.
    pub title: &'static str,
    /// The formula, as shown to the student: HTML with MathML made by `tex_text!`.
    pub formula: &'static str,
    /// The training loss.
    pub surface: Surface,
    /// The plotted window [w₁ min, w₁ max, w₂ min, w₂ max].
    pub domain: [f32; 4],
    /// The minima start points are classified by, with their names.
    pub minima: Vec<([f32; 2], &'static str)>,
    /// Default start point.
    pub start: [f32; 2],
    /// Default learning rate.
    pub lr: f32,
    /// Shift δ of the test loss L_test(w) = L(w − δ).
    pub test_shift: [f32; 2],
    /// Side of the basin-map grid: 120 for the analytic surfaces (workload W3), less for
    /// the data-based ones, whose every gradient is a pass over the data.
    pub basin_grid: usize,
}

impl Preset {
    /// Which minimum runs from rows `rows` of an n × n grid of starts end nearest to
    /// (`engine::landscape::basin_rows` on this surface, window and minima).
    pub fn basin_rows(&self, n: usize, run: RunSettings, sam: bool, rows: std::ops::Range<usize>, out: &mut [u8]) {
        let minima: Vec<[f32; 2]> = self.minima.iter().map(|m| m.0).collect();
        let map = BasinMap {
            surface: &self.surface,
            domain: self.domain,
            minima: &minima,
        };
        basin_rows(map, n, run, sam, rows, out);
    }
}

/// URL names of the presets, in menu order.
pub const PRESET_KEYS: [&str; 6] = ["wells", "valley", "ravine", "tanh", "linear", "linear10"];

/// The menu title of preset `key` (plain text: an `<option>` of the surface menu), without
/// building the preset: the data-based ones find their minima by thousands of descent
/// steps, which a menu of titles does not need.
pub fn title(key: &str) -> &'static str {
    match key {
        "wells" => "Sharp and flat minimum",
        "valley" => "Valley of global minima",
        "ravine" => "Long narrow valley",
        "tanh" => "Tiny network: w₂·tanh(w₁x)", // plain text: an <option> of the surface menu
        "linear" => "Linear model: w₁x + w₂", // plain text: an <option> of the surface menu
        "linear10" => "Same model: 10·w₁x + w₂", // plain text: an <option> of the surface menu
        _ => "",
    }
}

/// Whether the preset `key` is the empirical risk of a model on data (so that minibatch
/// SGD means something on it), without building it.
pub fn built_from_data(key: &str) -> bool {
    matches!(key, "tanh" | "linear" | "linear10")
}

/// A ready-made setting that shows one effect (offered as buttons, and keys 1–9 later).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scenario {
    /// Name in the shortcuts list (`?`), plain text.
    pub label: &'static str,
    /// Button label: HTML with MathML made by `tex_text!`.
    pub button: &'static str,
    /// Surface preset.
    pub surface: &'static str,
    /// Learning rate η.
    pub lr: f32,
    /// SAM radius ρ.
    pub rho: f32,
    /// What will happen and why, in one line shown once the button is pressed: HTML with
    /// MathML made by `tex_text!` (each claim asserted in tests/engine_sam.rs).
    pub says: &'static str,
}

/// The settings that tell apart what moves SAM (asserted in tests/engine_sam.rs): on the
/// sharp-and-flat surface, the bounce at η·λ_max near 2, then a small step where SAM stays
/// in the sharp well, then a ρ as wide as the well; and the valley of global minima.
pub const SCENARIOS: [Scenario; 4] = [
    // plain text: the labels are listed as text in the shortcuts overlay; the buttons show MathML
    Scenario {
        label: "Bounce: η 0.06, ρ 0.05", // plain text: as above
        button: tex_text!(r"Bounce: $\eta = 0.06$, $\rho = 0.05$"),
        surface: "wells",
        lr: 0.06,
        rho: 0.05,
        says: tex_text!(r"Here $\eta\,\lambda_{\max}$ in the sharp well is just under 2, where gradient descent is barely stable: gradient descent stays in the sharp minimum, while SAM's step overshoots and bounces out into the flat one."),
    },
    Scenario {
        label: "Small step: η 0.01, ρ 0.2", // plain text: as above
        button: tex_text!(r"Small step: $\eta = 0.01$, $\rho = 0.2$"),
        surface: "wells",
        lr: 0.01,
        rho: 0.2,
        says: tex_text!(r"Both stay in the sharp minimum: at a step this small nothing bounces, and a ball of $\rho = 0.2$ around the minimum stays inside the sharp well, so nothing pulls SAM out."),
    },
    Scenario {
        label: "Wide ρ: η 0.01, ρ 0.4", // plain text: as above
        button: tex_text!(r"Wide $\rho$: $\eta = 0.01$, $\rho = 0.4$"),
        surface: "wells",
        lr: 0.01,
        rho: 0.4,
        says: tex_text!(r"Gradient descent stays in the sharp minimum. SAM leaves it but stalls on the slope at a high loss: its ascent point $w + \varepsilon$ has landed in the sharp minimum, the lowest point of its $\rho$-circle, where the gradient is zero."),
    },
    Scenario {
        label: "Valley: η 0.01, ρ 0.3", // plain text: as above
        button: tex_text!(r"Valley: $\eta = 0.01$, $\rho = 0.3$"),
        surface: "valley",
        lr: 0.01,
        rho: 0.3,
        says: tex_text!(r"Both reach the floor of global minima; gradient descent stops where it lands, while SAM drifts along the floor towards $w_1 = 0$ and ends where the floor is less than half as sharp (compare $\lambda_{\max}$ in the table)."),
    },
];

/// The preset named `key`, if any.
pub fn preset(key: &str) -> Option<Preset> {
    let regression = |rng_seed: u64, linear: bool| {
        let mut rng = seeded(rng_seed, Stream::Data, 0);
        let x: Vec<f32> = (0..24).map(|i| -2.0 + 4.0 * (i as f32 + 0.5) / 24.0).collect();
        let y: Vec<f32> = x
            .iter()
            .map(|&xi| if linear { 0.8 * xi + 0.3 } else { 1.2 * tanh(1.5 * xi) } + normal(&mut rng, 0.0, 0.1))
            .collect();
        (x, y)
    };
    Some(match key {
        "wells" => {
            let basins = Basins::sharp_and_flat();
            Preset {
                key: "wells",
                title: title("wells"),
                formula: tex_text!(r#"$L(w) = -T\log\big(e^{-q_1(w)/T} + e^{-q_2(w)/T}\big),$ $q_k = h_k + \tfrac{a_k}{2}\lVert w - c_k\rVert^2,$ $a_1 = 30,\ a_2 = 3$"#),
                minima: vec![(basins.bowls[0].centre, "sharp"), (basins.bowls[1].centre, "flat")],
                surface: Surface::Basins(basins),
                domain: [-1.5, 1.5, -1.5, 1.5],
                start: [-0.8, 0.6],
                lr: 0.06,
                test_shift: [0.12, -0.08],
                basin_grid: 120,
            }
        }
        "valley" => Preset {
            key: "valley",
            title: title("valley"),
            formula: tex_text!(r#"$L(w) = \tfrac12(1 + 4w_1^2)\,w_2^2$: every point with $w_2 = 0$ is a global minimum, of curvature $1 + 4w_1^2$ (raise $\rho$ to about 0.3)"#),
            surface: Surface::MinimaValley { a: 4.0 },
            domain: [-1.5, 1.5, -1.5, 1.5],
            // plain text: the minima's names are drawn on the canvas and read in its text alternative
            minima: vec![
                ([0.0, 0.0], "flattest (w₁ = 0)"), // plain text: as above
                ([-1.2, 0.0], "sharper (w₁ < 0)"), // plain text: as above
                ([1.2, 0.0], "sharper (w₁ > 0)"), // plain text: as above
            ],
            start: [1.2, 0.8],
            lr: 0.05,
            test_shift: [0.1, -0.1],
            basin_grid: 120,
        },
        "ravine" => Preset {
            key: "ravine",
            title: title("ravine"),
            formula: tex_text!(r#"$L(w) = \tfrac12(20u^2 + 0.2v^2),$ $(v, u)$ = $w$ rotated by 0.5 rad"#),
            surface: Surface::Valley {
                across: 20.0,
                along: 0.2,
                angle: 0.5,
            },
            domain: [-1.5, 1.5, -1.5, 1.5],
            minima: vec![([0.0, 0.0], "minimum")],
            start: [-1.2, 0.1],
            lr: 0.09,
            test_shift: [0.1, -0.1],
            basin_grid: 120,
        },
        "tanh" => {
            let (x, y) = regression(7, false);
            let surface = Surface::Model {
                linear: false,
                scale: 1.0,
                x,
                y,
            };
            Preset {
                key: "tanh",
                title: title("tanh"),
                formula: tex_text!(r#"$\hat R(w) = \frac{1}{2n}\sum_i \big(w_2\tanh(w_1 x_i) - y_i\big)^2$ on 24 points, $y \approx 1.2\tanh(1.5x)$"#),
                // The data's minima, near the teacher's (±1.5, ±1.2): f is odd in w.
                minima: vec![
                    (refine(&surface, [1.5, 1.2]), "w₁, w₂ > 0"), // plain text: canvas and text alternative
                    (refine(&surface, [-1.5, -1.2]), "w₁, w₂ < 0"), // plain text: as above
                ],
                surface,
                domain: [-3.0, 3.0, -3.0, 3.0],
                start: [0.4, -2.5],
                lr: 0.3,
                test_shift: [0.15, 0.1],
                basin_grid: 60,
            }
        }
        "linear" | "linear10" => {
            let (x, y) = regression(8, true);
            let scale = if key == "linear" { 1.0 } else { 10.0 };
            let surface = Surface::Model {
                linear: true,
                scale,
                x,
                y,
            };
            Preset {
                key: if key == "linear" { "linear" } else { "linear10" },
                title: title(key),
                formula: if key == "linear" {
                    tex_text!(r#"$\hat R(w) = \frac{1}{2n}\sum_i (w_1 x_i + w_2 - y_i)^2$"#)
                } else {
                    tex_text!(r#"$\hat R(w) = \frac{1}{2n}\sum_i (10\,w_1 x_i + w_2 - y_i)^2$: the same functions, $w_1$ scaled by 1/10"#)
                },
                minima: vec![(refine(&surface, [0.8 / scale, 0.3]), "minimum")],
                surface,
                domain: [-2.0 / scale, 2.0 / scale, -2.0, 2.0],
                start: [-1.6 / scale, -1.5],
                // λ_max is about 1.3 for s = 1 and 100× larger for s = 10.
                lr: if key == "linear" { 0.5 } else { 0.005 },
                test_shift: [0.1 / scale, 0.1],
                basin_grid: 60,
            }
        }
        _ => return None,
    })
}

/// The minimum gradient descent reaches from `near` (a few thousand small steps, with the
/// step scaled by the local curvature so it suits every preset).
fn refine(surface: &Surface, near: [f32; 2]) -> [f32; 2] {
    let lr = 0.5 / top_eigenvalue(surface, near).max(1e-3);
    let mut w = near;
    for _ in 0..5000 {
        let g = surface.grad(w);
        w = [w[0] - lr * g[0], w[1] - lr * g[1]];
    }
    w
}

