//! The measures panel's notebook (`crate::notebook`): the view's settings; the study's data
//! (every seed's training points with their flipped labels, the clean test set), every
//! initial weight vector and minibatch order the population uses, the PAC-Bayes noise
//! draws, trained weights and step-by-step losses of a few nets (`subset`), the random
//! orderings behind the bands; the app's numbers for every net and its readout; then
//! `notebook.py`, which ranks every measure over the whole population from the app's
//! per-net numbers, measures the few nets on the app's weights, retrains them in numpy,
//! draws the scatter and the seed-by-seed chart, and checks everything against the app.
//!
//! The worker trains the whole population to write this (as the page's workers do, and
//! with the same results: each net depends on the study and its own id only).
//!
//! The tolerances in `notebook.py` were measured (natively, f32 engine against numpy in
//! f64 and in f32) on every net of 12 settings, 1,312 nets: the defaults with Seed 1 to 5,
//! all six axes, ce 0.03 and 0.3, flip 0 and 0.3, fixed steps, 5 seeds of Seed 7, with every
//! net's noise, weights and losses embedded. On the app's weights the measures differ by at
//! most 1.4e-6 (training loss), 3.5e-7 (norms, spectral, path), 1.4e-5 (margin-based),
//! 3.5e-4 (SAM's sharpness) and 1.1e-3 (PAC-Bayes, in 2 of 2,624 bisections; elsewhere
//! 1e-6), relative; error counts never. The first 20 steps' losses agree to 1.5e-6. 1,152
//! nets' losses stayed within 1e-5 of the app's at every step (numpy in f32: 1,173); those
//! took the app's steps, errors and capped flag exactly, training loss within 1.2e-4 and
//! norms within 5e-6, while SAM's sharpness moved up to 37 % and 1/γ² 0.75 %. The others
//! parted from the app's path, the earliest at step 26 (in f32, 30).

use super::config::MeasuresConfig;
use super::table::{summary_json, table, Progress, BAND_DRAWS};
use crate::engine::data::Dataset;
use crate::engine::measures::measure::{DEVIATION, DRAWS, HALVINGS, MAGNITUDE_EPS2, MARGIN_FLOOR, RHO, SIGMA_RANGE};
use crate::engine::measures::seeds::MIN_SEEDS;
use crate::engine::measures::study::{architecture, CAP, CHECK_EVERY, FIXED_STEPS, MOMENTUM};
use crate::engine::measures::{
    initial_weights, population, run_net, study_data, train_net, Axis, Measure, NetId, NetResult, StudySpec,
};
use crate::engine::rng::{normal, seeded, shuffle, Stream};
use crate::notebook::{array, python_literal, Notebook};
use crate::state::{Notices, PanelConfig, Query};
use std::fmt::Write as _;

/// Nets the notebook reruns by default (at most).
pub const SUBSET_SIZE: usize = 4;

/// The columns of `APP_NETS`, one row per net: its id, how training ended, its errors,
/// then every measure in `Measure::ALL` order (the measure "steps" is the steps taken).
const COLUMNS: [&str; 8] = [
    "rep",
    "config",
    "capped",
    "diverged",
    "train_ce",
    "train_err",
    "test_err",
    "test_ce",
];

/// A study as the app runs it: the population, each seed's data and every net's result.
struct Study {
    spec: StudySpec,
    ids: Vec<NetId>,
    data: Vec<(Dataset, Dataset)>,
    nets: Vec<NetResult>,
}

fn run_study(spec: &StudySpec) -> Study {
    let ids = population(spec);
    let data: Vec<(Dataset, Dataset)> = (0..spec.seeds).map(|rep| study_data(spec, rep)).collect();
    let nets = ids
        .iter()
        .map(|&id| {
            let (train, test) = &data[id.rep as usize];
            run_net(spec, id, train, test)
        })
        .collect();
    Study {
        spec: spec.clone(),
        ids,
        data,
        nets,
    }
}

/// The notebook of the view `q` (the page's query), linked to `link`.
pub fn build(q: &Query, link: &str) -> String {
    let c = MeasuresConfig::from_query(q, &mut Notices::default());
    let s = run_study(&c.spec());
    let subset = subset(&s);
    let steps: u32 = s.nets.iter().map(|n| n.steps).sum();
    let mut nb = Notebook::default();
    let rerun: u32 = subset.iter().map(|&i| s.nets[i].steps).sum();
    nb.markdown(&format!(
        "# Which measure predicts the generalisation gap? In Python\n\
         A small replication of Jiang et al. 2020 (\"Fantastic generalization measures and where to find \
         them\") with Dziugaite et al. 2020's coupled pairs, exactly as in [this view of genlab]({link}): \
         open it beside the notebook. The app trained a population of {} small networks ({} seeds of {} \
         hyperparameter configurations) to the same training loss, measured each, and ranked every \
         measure by Kendall's τ with the networks' generalisation gaps, seed by seed against a band of \
         random orderings.\n\n\
         This notebook holds the study's data, every net's initial weights and minibatch order, and the \
         app's numbers for every net. It ranks every measure over all {} nets from the app's per-net \
         numbers (every τ, Ψ, band and verdict, compared exactly), computes the measures of {} nets \
         from the app's trained weights, and retrains those {} nets in numpy. Set `RUN_ALL = True` to \
         retrain every net ({} training steps in all, about {} more).\n\n\
         Needs only numpy and matplotlib; runs in about {} at these settings.",
        s.ids.len(),
        s.spec.seeds,
        s.ids.len() / s.spec.seeds.max(1) as usize,
        s.ids.len(),
        subset.len(),
        subset.len(),
        steps,
        words(cost(steps, s.ids.len())),
        words(BASE_SECONDS + cost(rerun, subset.len())),
    ));
    nb.code(&crate::notebook::settings_cell(&c));
    nb.code(&data_cell(&s, &subset));
    nb.code(&app_cell(&s, &subset));
    nb.code(&format!(
        "# What this notebook reruns (not URL keys).\n\
         import time\n\
         SUBSET = {subset:?}  # indices into APP_NETS: the nets with the app's weights, paths and PAC-Bayes noise\n\
         RUN_ALL = False  # True retrains every net of the population: about {} more\n\
         FLOAT = np.float64  # np.float32 computes in 32-bit floats, as the app does\n\
         VERBOSE = False  # True prints every compared number",
        words(cost(steps, s.ids.len()))
    ));
    nb.script(include_str!("notebook.py"));
    nb.to_json()
}

/// Seconds the notebook takes besides training: starting the kernel, reading the data,
/// ranking the population, the measures on the app's weights and the figures (measured
/// 1.5 s of computing on one core, and 10 to 14 s for the whole notebook in a fresh kernel
/// on a machine 2.5 times slower than usual, where genlab's SAM notebook took 5 s).
const BASE_SECONDS: f64 = 5.0;

/// Roughly how many seconds numpy takes to train `nets` nets for `steps` steps in all and
/// measure them: about 0.15 ms a step and 15 ms a net's measures (measured on one core:
/// every net of the default study, 18,130 steps, in 4.4 s).
fn cost(steps: u32, nets: usize) -> f64 {
    f64::from(steps) * 1.5e-4 + nets as f64 * 0.015
}

/// A duration in words.
fn words(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{:.0} s", seconds.max(1.0))
    } else {
        format!("{:.0} min", seconds / 60.0)
    }
}

fn py_bool(b: bool) -> String {
    if b { "True" } else { "False" }.to_owned()
}

/// The nets rerun by default: of the first seed, up to `SUBSET_SIZE` configurations with
/// width 16 (the smallest nets, so the embedded noise draws stay small): every axis at its
/// first value; depth and learning rate at their second; batch, size and weight decay at
/// their second; all of them at their second; then width alone.
fn subset(s: &Study) -> Vec<usize> {
    let bit = |a: Axis| 1u8 << a.index();
    let mask: u8 = Axis::ALL
        .into_iter()
        .filter(|a| s.spec.varying[a.index()])
        .map(bit)
        .sum();
    let g1 = bit(Axis::Depth) | bit(Axis::Lr);
    let g2 = bit(Axis::Batch) | bit(Axis::N) | bit(Axis::Wd);
    let mut out = Vec::new();
    for config in [0, g1, g2, g1 | g2, bit(Axis::Width)] {
        let id = NetId {
            config: config & mask,
            rep: 0,
        };
        if let Some(i) = s.ids.iter().position(|&n| n == id) {
            if !out.contains(&i) && out.len() < SUBSET_SIZE {
                out.push(i);
            }
        }
    }
    out
}

/// The architecture of `config` as the notebook's key: its layer widths.
fn widths_key(id: NetId) -> String {
    let w: Vec<String> = architecture(id).widths.iter().map(usize::to_string).collect();
    format!("({},)", w.join(", "))
}

/// The minibatch orders of repetition `rep` for a training set of `n` points: the
/// shuffled order of each of the first `epochs` epochs, as the trainer draws them.
pub fn batch_orders(spec: &StudySpec, rep: u32, n: usize, epochs: usize) -> Vec<Vec<usize>> {
    let mut rng = seeded(spec.seed, Stream::Sgd, rep);
    (0..epochs)
        .map(|_| {
            let mut order: Vec<usize> = (0..n).collect();
            shuffle(&mut rng, &mut order);
            order
        })
        .collect()
}

/// The standard normal draws PAC-Bayes flatness uses for net `id` (`magnitude`-aware or
/// not): `DRAWS` rows of one draw per parameter.
pub fn pacbayes_noise(spec: &StudySpec, id: NetId, magnitude: bool) -> Vec<f32> {
    let run = (id.rep << 8) | u32::from(id.config);
    let mut rng = seeded(spec.seed, Stream::Other(43), run * 2 + u32::from(magnitude));
    let p = architecture(id).param_count();
    (0..DRAWS * p).map(|_| normal(&mut rng, 0.0, 1.0)).collect()
}

/// The `BAND_DRAWS` random orderings of `n` nets drawn from stream `stream`, run `run`, as
/// the random band (`rank::random_band`) and the seeds' bands (`seeds::seed_bands`) use them:
/// one ordering shuffled again and again.
pub fn band_orders(seed: u64, stream: u32, run: u32, n: usize) -> Vec<Vec<usize>> {
    let mut rng = seeded(seed, Stream::Other(stream), run);
    let mut order: Vec<usize> = (0..n).collect();
    (0..BAND_DRAWS)
        .map(|_| {
            shuffle(&mut rng, &mut order);
            order.clone()
        })
        .collect()
}

/// `np.array([...])` of f32 values, each as the shortest text that reads back as the same f32.
/// Non-finite values are written as numpy's names.
fn np_array(values: &[f32]) -> String {
    if values.iter().all(|v| v.is_finite()) {
        return array("x", values).trim_start_matches("x = ").to_owned();
    }
    let items: Vec<String> = values
        .iter()
        .map(|v| match v {
            v if v.is_nan() => "np.nan".to_owned(),
            v if v.is_infinite() => format!("{}np.inf", if *v < 0.0 { "-" } else { "" }),
            v => format!("{v:?}"),
        })
        .collect();
    format!("np.array([{}])", items.join(", "))
}

/// Python list literal of rows of indices.
fn rows(orders: &[Vec<usize>]) -> String {
    let r: Vec<String> = orders.iter().map(|o| format!("{o:?}")).collect();
    format!("[{}]", r.join(", "))
}

/// f32 values as base64 of their little-endian bytes (exact, and less than half the size
/// of their decimal text).
fn base64_f32(values: &[f32]) -> String {
    base64(&values.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>())
}

/// Bytes in base64 (RFC 4648, with padding), as Python's `base64.b64decode` reads them.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The study's constants, data, initial weights, minibatch orders, the subset's noise
/// draws and the bands' random orderings.
fn data_cell(s: &Study, subset: &[usize]) -> String {
    let spec = &s.spec;
    let mut cell = String::from("import base64\n\n# The study's fixed constants, as in the app's engine.\n");
    let axis_values: Vec<String> = Axis::ALL
        .into_iter()
        .map(|a| {
            let v = |level| match (a, level) {
                (Axis::Batch, true) => "\"full\"".to_owned(),
                (Axis::Width | Axis::Depth | Axis::Batch | Axis::N, _) => format!("{}", a.value(level)),
                _ => format!("{:?}", a.value(level)),
            };
            format!("\"{}\": ({}, {})", a.key(), v(false), v(true))
        })
        .collect();
    let _ = writeln!(
        cell,
        "AXIS_VALUES = {{{}}}  # each hyperparameter's two values",
        axis_values.join(", ")
    );
    let names: Vec<&str> = Measure::ALL.map(Measure::key).to_vec();
    let labels: Vec<&str> = Measure::ALL.map(Measure::label).to_vec();
    let _ = writeln!(cell, "MEASURES = {names:?}\nLABELS = {labels:?}");
    let _ = writeln!(
        cell,
        "MOMENTUM, CAP, FIXED_STEPS, CHECK_EVERY = {MOMENTUM:?}, {CAP}, {FIXED_STEPS}, {CHECK_EVERY}  # SGD's momentum; most steps; steps with FIXED; loss checked every\n\
         MARGIN_FLOOR, DEVIATION, DRAWS, HALVINGS = {MARGIN_FLOOR:?}, {DEVIATION:?}, {DRAWS}, {HALVINGS}  # gamma's floor; PAC-Bayes: error rise, noise draws, bisection steps\n\
         SIGMA_RANGE, MAGNITUDE_EPS2, RHO_SHARPNESS = ({:?}, {:?}), {MAGNITUDE_EPS2:?}, {RHO:?}  # sigma searched in; epsilon^2; SAM's rho\n\
         BAND_DRAWS, MIN_SEEDS = {BAND_DRAWS}, {MIN_SEEDS}  # random orderings per band; fewest seeds for a verdict",
        SIGMA_RANGE.0, SIGMA_RANGE.1
    );
    // The data.
    cell.push_str(
        "\n# Two noisy moons (labels +1 and -1). Each seed (repetition) has its own training points, labels as the\n\
         # nets saw them (a share FLIP flipped); a net with n points trains on the first n. One clean test set.\n",
    );
    let mut train_x = Vec::new();
    let mut train_y = Vec::new();
    for (train, _) in &s.data {
        train_x.push(format!("{}.reshape(-1, 2)", np_array(&train.x)));
        train_y.push(np_array(&train.y));
    }
    let _ = writeln!(cell, "TRAIN_X = [{}]", train_x.join(",\n           "));
    let _ = writeln!(cell, "TRAIN_Y = [{}]", train_y.join(",\n           "));
    if let Some((_, test)) = s.data.first() {
        let _ = writeln!(cell, "{}.reshape(-1, 2)", array("TEST_X", &test.x));
        let _ = writeln!(cell, "{}", array("TEST_Y", &test.y));
    }
    // Initial weights: one per seed and architecture.
    cell.push_str(
        "\n# The initial weights of every net, per seed and architecture (layer widths), as the app drew them:\n\
         # W_l ~ N(0, 2/n_in) (He et al. 2015), biases 0; the flat layout of `layers` below.\n",
    );
    let mut seen = Vec::new();
    let mut inits = Vec::new();
    for &id in &s.ids {
        let key = (id.rep, widths_key(id));
        if !seen.contains(&key) {
            inits.push(format!(
                "({}, {}): {}",
                id.rep,
                key.1,
                np_array(&initial_weights(spec, id))
            ));
            seen.push(key);
        }
    }
    let _ = writeln!(cell, "INIT = {{\n    {}\n}}", inits.join(",\n    "));
    // Minibatch orders: for the nets with minibatches of 16, as many epochs as they took.
    cell.push_str(
        "\n# Minibatch orders per seed and training-set size: row e is epoch e's shuffled order of the points\n\
         # (batches of 16 are its consecutive slices), one byte per point, in base64. Full-batch nets need none.\n\
         def epochs(text, n):\n    return np.frombuffer(base64.b64decode(text), dtype=np.uint8).reshape(-1, n)\n\n\n",
    );
    let budget = if spec.fixed_steps { FIXED_STEPS } else { CAP };
    let mut orders = Vec::new();
    for rep in 0..spec.seeds {
        for n in [Axis::N.value(false) as usize, Axis::N.value(true) as usize] {
            let steps = s
                .nets
                .iter()
                .filter(|r| r.id.rep == rep && r.id.value(Axis::N) as usize == n && r.id.value(Axis::Batch) > 0.0)
                .map(|r| r.steps as usize)
                .max();
            if let Some(steps) = steps {
                let per_epoch = n.div_ceil(Axis::Batch.value(false) as usize);
                // Room for a rerun that stops a few checks later than the app.
                let epochs = (steps + 10 * CHECK_EVERY).min(budget).div_ceil(per_epoch);
                let bytes: Vec<u8> = batch_orders(spec, rep, n, epochs)
                    .iter()
                    .flatten()
                    .map(|&i| i as u8)
                    .collect();
                orders.push(format!("({rep}, {n}): epochs(\"{}\", {n})", base64(&bytes)));
            }
        }
    }
    let _ = writeln!(cell, "ORDERS = {{\n    {}\n}}", orders.join(",\n    "));
    // PAC-Bayes noise of the subset.
    cell.push_str(
        "\n# PAC-Bayes flatness's noise draws (DRAWS x parameters, standard normal; plain, then magnitude-aware) of the\n\
         # nets in SUBSET, as the app drew them: 32-bit floats, their bytes in base64 (exact; half the size of decimals).\n",
    );
    let mut noise = Vec::new();
    for &i in subset {
        let id = s.ids[i];
        let decode = |magnitude| format!("decode(\"{}\")", base64_f32(&pacbayes_noise(spec, id, magnitude)));
        noise.push(format!("{i}: ({}, {})", decode(false), decode(true)));
    }
    cell.push_str("def decode(text):\n    return np.frombuffer(base64.b64decode(text), dtype=\"<f4\").astype(float).reshape(DRAWS, -1)\n\n\n");
    let _ = writeln!(cell, "PB_NOISE = {{\n    {}\n}}", noise.join(",\n    "));
    // The bands' random orderings.
    let t = table(&s.nets, spec);
    cell.push_str(
        "\n# The random orderings behind the bands, as the app drew them: for the band over all ranked nets\n\
         # (BAND_DRAWS orderings of them), and for each seed's band (orderings of that seed's ranked nets).\n",
    );
    let _ = writeln!(
        cell,
        "BAND_ORDERS = np.array({})",
        rows(&band_orders(spec.seed, 44, 0, t.ranked))
    );
    let seeds: Vec<String> = t
        .seeds
        .iter()
        .map(|b| {
            format!(
                "{}: np.array({})",
                b.rep,
                rows(&band_orders(spec.seed, 45, b.rep, b.members.len()))
            )
        })
        .collect();
    let _ = write!(cell, "SEED_ORDERS = {{\n    {}\n}}", seeds.join(",\n    "));
    cell
}

/// The app's numbers: every net's row and the readout (its JSON, without the progress that
/// only a page has: time taken, running, stopped).
fn app_cell(s: &Study, subset: &[usize]) -> String {
    let mut columns: Vec<&str> = COLUMNS.to_vec();
    columns.extend(Measure::ALL.map(Measure::key));
    let mut cell = format!(
        "# The app's numbers for every net, in the app's order (seed by seed, configurations in order; bit k of the\n\
         # configuration is the level of axis k of AXIS_NAMES), one row each: {}. NaN (None) for a net that diverged.\n",
        columns.join(", ")
    );
    let nan = |v: f32| {
        if v.is_finite() {
            format!("{v:?}")
        } else {
            "None".to_owned()
        }
    };
    let rows: Vec<String> = s
        .nets
        .iter()
        .map(|n| {
            let mut r = vec![
                n.id.rep.to_string(),
                n.id.config.to_string(),
                py_bool(n.capped),
                py_bool(n.diverged),
                nan(n.train_ce),
                nan(n.train_err),
                nan(n.test_err),
                nan(n.test_ce),
            ];
            r.extend(Measure::ALL.map(|m| nan(n.measure(m))));
            format!("[{}]", r.join(", "))
        })
        .collect();
    let _ = writeln!(cell, "COLUMNS = {columns:?}");
    let _ = writeln!(cell, "APP_NETS = [\n    {}\n]", rows.join(",\n    "));
    // The subset's trained weights and training losses.
    let mut weights = Vec::new();
    let mut losses = Vec::new();
    for &i in subset {
        let id = s.ids[i];
        let t = train_net(&s.spec, id, &s.data[id.rep as usize].0);
        weights.push(format!("{i}: {}", np_array(&t.weights)));
        losses.push(format!("{i}: {}", np_array(&t.losses)));
    }
    let _ = writeln!(
        cell,
        "# The app's trained weights of the nets in SUBSET, and their minibatch loss before each step.\n\
         W_APP = {{\n    {}\n}}\nLOSS_APP = {{\n    {}\n}}",
        weights.join(",\n    "),
        losses.join(",\n    ")
    );
    let progress = Progress {
        done: s.nets.len(),
        total: s.ids.len(),
        ..Progress::default()
    };
    // The readout's text as the page prints it, less the keys only a page has (each a
    // number or a boolean, so it ends at the next comma).
    let mut readout = summary_json(&table(&s.nets, &s.spec), progress);
    for key in ["elapsed_ms", "running", "stopped"] {
        if let Some(at) = readout.find(&format!("\"{key}\":")) {
            let end = readout[at..].find(',').map_or(readout.len(), |e| at + e + 1);
            readout.replace_range(at..end, "");
        }
    }
    let _ = write!(
        cell,
        "# The app's readout (\"Results as JSON\" under the panel), to compare with at the end.\nAPP = {}",
        python_literal(&readout)
    );
    cell
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::loss::Loss;
    use crate::engine::measures::measure::pacbayes_sigma;
    use crate::engine::measures::random_band;
    use crate::engine::measures::rank::kendall;
    use crate::engine::optim::{Optimiser, OptimiserConfig};
    use crate::notebook::cell_text as source;
    use serde_json::Value;

    /// A small study (4 nets of one seed, width and batch size varying) for quick tests.
    const SMALL: &str = "seeds=1&axes=width,batch";

    fn notebook(query: &str) -> (Value, String) {
        let text = build(&Query::parse(query), "http://localhost/?panel=measures");
        (serde_json::from_str(&text).expect("valid JSON"), text)
    }

    /// The numbers of the `np.array(...)` (or list) that follows `marker` in `cell`, flat.
    fn numbers_after(cell: &str, marker: &str) -> Vec<f64> {
        let at = cell.find(marker).unwrap_or_else(|| panic!("no {marker}")) + marker.len();
        let rest = &cell[at..];
        let open = rest.find('[').expect("a list");
        let mut depth = 0;
        let mut end = open;
        for (k, ch) in rest[open..].char_indices() {
            match ch {
                '[' => depth += 1,
                ']' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = open + k;
                break;
            }
        }
        rest[open..=end]
            .split([',', '[', ']'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| match t {
                "np.nan" | "None" => f64::NAN,
                "False" => 0.0,
                "True" => 1.0,
                t => t.parse().unwrap_or_else(|_| panic!("{t}")),
            })
            .collect()
    }

    fn as_f32(v: &[f64]) -> Vec<f32> {
        v.iter().map(|&x| x as f32).collect()
    }

    /// The bytes of base64 `text`.
    fn unbase64(text: &str) -> Vec<u8> {
        let value = |c: u8| {
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                .iter()
                .position(|&t| t == c)
        };
        let mut bytes = Vec::new();
        for chunk in text.as_bytes().chunks(4) {
            let v: Vec<u32> = chunk.iter().filter_map(|&c| value(c).map(|p| p as u32)).collect();
            let n = v.iter().enumerate().fold(0u32, |acc, (i, d)| acc | d << (18 - 6 * i));
            for i in 0..v.len().saturating_sub(1) {
                bytes.push((n >> (16 - 8 * i)) as u8);
            }
        }
        bytes
    }

    /// The `k`-th base64 text quoted after `marker` (and after `call`, as in `decode("`).
    fn quoted<'a>(cell: &'a str, marker: &str, call: &str, k: usize) -> &'a str {
        let at = cell.find(marker).expect("marker");
        cell[at..].split(call).nth(k + 1).unwrap().split('"').next().unwrap()
    }

    /// The f32 values of the `k`-th `decode("…")` after `marker`.
    fn decoded(cell: &str, marker: &str, k: usize) -> Vec<f32> {
        unbase64(quoted(cell, marker, "decode(\"", k))
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    }

    #[test]
    fn the_notebook_is_nbformat_4_at_the_defaults_and_a_second_setting() {
        for query in ["", SMALL] {
            let (nb, text) = notebook(query);
            assert_eq!(nb["nbformat"], 4);
            assert_eq!(nb["metadata"]["kernelspec"]["name"], "python3");
            let cells = nb["cells"].as_array().unwrap();
            assert!(source(&cells[0]).contains("(http://localhost/?panel=measures)"));
            assert!(source(&cells[1]).starts_with("import numpy as np\nimport matplotlib.pyplot as plt"));
            assert!(source(cells.last().unwrap()).contains("All numbers agree with the app."));
            assert!(text.len() < 2_000_000, "{} bytes", text.len());
        }
        // The default study: 96 nets, 4 rerun.
        let (nb, _) = notebook("");
        let cells = nb["cells"].as_array().unwrap();
        assert!(source(&cells[0]).contains("population of 96 small networks"));
        assert!(
            source(&cells[4]).contains("SUBSET = [0, 6, 24, 30]"),
            "{}",
            source(&cells[4])
        );
    }

    #[test]
    fn the_parameter_cell_lists_every_url_key() {
        let c = MeasuresConfig {
            axes: [true, false, true, false, true, false],
            target_ce: 0.05,
            flip: 0.2,
            seeds: 1,
            measure: Measure::Path,
            colour: Axis::Lr,
            fixed: true,
            seed: 42,
            autorun: true,
        };
        let mut q = Query::default();
        c.write_query(&mut q);
        let (nb, _) = notebook(&q.encode());
        let settings = source(&nb["cells"][1]);
        let keys: Vec<&str> = q.pairs().map(|(k, _)| k).collect();
        assert_eq!(keys.len(), MeasuresConfig::PARAMS.len(), "{keys:?}");
        for key in keys {
            assert!(settings.contains(&format!("# {key}: ")), "{key} missing:\n{settings}");
        }
        for line in [
            "AXES = \"width,lr,n\"",
            "CE = 0.05",
            "FLIP = 0.2",
            "SEEDS = 1",
            "M = \"path\"",
            "COLOUR = \"lr\"",
            "FIXED = True",
            "SEED = 42",
            "AUTORUN = True",
        ] {
            assert!(settings.contains(line), "{line}:\n{settings}");
        }
    }

    /// The data, initial weights, minibatch orders, noise draws and band orderings in the
    /// notebook are the engine's: training a net from the embedded start in the embedded
    /// order gives the app's weights bit for bit, the embedded noise gives the app's σ, the
    /// embedded orderings the app's band.
    #[test]
    fn the_embedded_data_are_the_engines() {
        let (nb, _) = notebook(SMALL);
        let c = MeasuresConfig::from_query(&Query::parse(SMALL), &mut Notices::default());
        let spec = c.spec();
        let data = source(&nb["cells"][2]);
        let app = source(&nb["cells"][3]);
        let (train, test) = study_data(&spec, 0);
        assert_eq!(as_f32(&numbers_after(&data, "TRAIN_X = [np.array(")), train.x);
        assert_eq!(as_f32(&numbers_after(&data, "TRAIN_Y = [np.array(")), train.y);
        assert_eq!(as_f32(&numbers_after(&data, "TEST_X = ")), test.x);
        assert_eq!(as_f32(&numbers_after(&data, "TEST_Y = ")), test.y);
        let ids = population(&spec);
        // The subset: configurations 0, 8 (full batch) and 1 (width 32); nets 0 and 1 have batches of 16.
        let subset = numbers_after(&source(&nb["cells"][4]), "SUBSET = ");
        assert_eq!(subset, [0.0, 2.0, 1.0]);
        for &i in &[0usize, 1] {
            let id = ids[i];
            let mlp = architecture(id);
            let key = format!("(0, {}): ", widths_key(id));
            let init = as_f32(&numbers_after(&data, &key));
            assert_eq!(init, initial_weights(&spec, id));
            // Train as the notebook does, from the embedded orders.
            let n = 24;
            let orders = unbase64(quoted(&data, "(0, 24): ", "epochs(\"", 0));
            assert_eq!(
                orders
                    .chunks(n)
                    .map(|o| o.iter().map(|&v| usize::from(v)).collect())
                    .collect::<Vec<Vec<usize>>>()[..3],
                batch_orders(&spec, 0, n, 3)[..]
            );
            let mut w = init.clone();
            let mut opt = Optimiser::new(
                OptimiserConfig {
                    momentum: MOMENTUM,
                    weight_decay: id.value(Axis::Wd),
                    ..OptimiserConfig::sgd(id.value(Axis::Lr))
                },
                w.len(),
            );
            let trained = train_net(&spec, id, &train);
            let mut ws = mlp.workspace(n);
            let sub = train.subset(&(0..n).collect::<Vec<_>>());
            let mut batches = orders.chunks(n).flat_map(|o| {
                let o: Vec<usize> = o.iter().map(|&v| v as usize).collect();
                vec![o[..16].to_vec(), o[16..].to_vec()]
            });
            for _ in 0..trained.steps {
                let batch = batches.next().expect("enough epochs embedded");
                let b = sub.subset(&batch);
                opt.step(
                    &mut w,
                    |w, g| mlp.loss_and_grad(w, &b.x, &b.y, Loss::Logistic, &mut ws, g),
                    None,
                );
            }
            assert_eq!(w, trained.weights, "net {i}");
            let w_app = &app[app.find("W_APP = ").unwrap()..];
            assert_eq!(as_f32(&numbers_after(w_app, &format!("{i}: "))), trained.weights);
            // PAC-Bayes: the embedded draws give the app's σ by the same bisection.
            for (k, magnitude) in [(0, false), (1, true)] {
                let noise = decoded(&data, &format!("    {i}: ("), k);
                assert_eq!(noise, pacbayes_noise(&spec, id, magnitude));
                let err = |v: &[f32], ws: &mut crate::engine::mlp::Workspace| {
                    1.0 - crate::engine::train::evaluate(&mlp, v, &sub, Loss::Logistic, ws).accuracy
                };
                let base = err(&w, &mut ws);
                let mut rise = |sigma: f32| {
                    let mut total = 0.0;
                    for z in noise.chunks_exact(w.len()) {
                        let moved: Vec<f32> = w
                            .iter()
                            .zip(z)
                            .map(|(&wi, &zi)| {
                                let std = if magnitude {
                                    (sigma * sigma * wi * wi + MAGNITUDE_EPS2).sqrt()
                                } else {
                                    sigma
                                };
                                wi + std * zi
                            })
                            .collect();
                        total += err(&moved, &mut ws);
                    }
                    total / DRAWS as f32 - base
                };
                let (mut lo, mut hi) = (SIGMA_RANGE.0.ln(), SIGMA_RANGE.1.ln());
                let sigma = if rise(hi.exp()) <= DEVIATION {
                    hi.exp()
                } else {
                    for _ in 0..HALVINGS {
                        let mid = 0.5 * (lo + hi);
                        if rise(mid.exp()) <= DEVIATION {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    (0.5 * (lo + hi)).exp()
                };
                let run = (id.rep << 8) | u32::from(id.config);
                assert_eq!(
                    sigma,
                    pacbayes_sigma(&mlp, &w, &sub, magnitude, DRAWS, spec.seed, run * 2 + k as u32)
                );
            }
        }
        let nets: Vec<NetResult> = ids.iter().map(|&id| run_net(&spec, id, &train, &test)).collect();
        // The app's rows: every net's gap and measures.
        let row = numbers_after(&app, "APP_NETS = [\n    ");
        assert_eq!(row[0..2], [0.0, 0.0]);
        assert_eq!(row[5] as f32, nets[0].train_err);
        assert_eq!(row[8] as f32, nets[0].measure(Measure::ALL[0]));
        assert!(app.contains(&format!("\"ranked\":{}", nets.len())), "{app}");
    }

    /// The embedded orderings, used as measures, give the app's bands of τ: over every net
    /// and seed by seed.
    #[test]
    fn the_embedded_orderings_give_the_apps_bands() {
        let query = "seeds=2&axes=width,depth,lr,wd";
        let (nb, _) = notebook(query);
        let c = MeasuresConfig::from_query(&Query::parse(query), &mut Notices::default());
        let s = run_study(&c.spec());
        let gap: Vec<f32> = s.nets.iter().map(NetResult::gap).collect();
        let data = source(&nb["cells"][2]);
        let t = table(&s.nets, &s.spec);
        assert_eq!(t.ranked, 32);
        let band = |orders: Vec<f64>, gap: &[f32]| {
            let mut taus: Vec<f32> = orders.chunks(gap.len()).map(|o| kendall(&as_f32(o), gap)).collect();
            assert_eq!(taus.len(), BAND_DRAWS);
            taus.sort_by(f32::total_cmp);
            (taus[2], taus[97])
        };
        let all = band(numbers_after(&data, "BAND_ORDERS = "), &gap);
        assert_eq!(
            all,
            random_band(&s.ids, &gap, &s.spec.varying, BAND_DRAWS, s.spec.seed).tau
        );
        assert!(all.0 < 0.0 && all.1 > 0.0 && all.0 > -0.5, "{all:?}");
        let seeds = &data[data.find("SEED_ORDERS = ").unwrap()..];
        for b in &t.seeds {
            let g: Vec<f32> = b.members.iter().map(|&i| gap[i]).collect();
            assert_eq!(
                band(numbers_after(seeds, &format!("{}: ", b.rep)), &g),
                b.tau,
                "seed {}",
                b.rep
            );
        }
    }

    #[test]
    fn base64_round_trips() {
        assert_eq!(base64_f32(&[]), "");
        assert_eq!(base64_f32(&[1.0]), "AACAPw==");
        let values = [0.1f32, -2.5, 1e-30, f32::MAX, 7.0];
        let text = format!("PB = decode(\"{}\")", base64_f32(&values));
        assert_eq!(decoded(&text, "PB", 0), values);
    }
}
