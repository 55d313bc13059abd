//! The real-digits lab's notebook (`crate::notebook`): the view's settings, the digits it
//! trains on and every random draw of its runs (the label draws, the pixel permutations,
//! each run's initial weights, minibatch orders and shifts, the adversarial start's wrong
//! labels), exactly as the app drew them, then the app's numbers (its readout), then
//! `notebook.py`, which retrains the tab's networks in numpy, draws the tab's figure and
//! checks every run against the app's.
//!
//! The worker builds the notebook from the view's address alone, so it trains the tab's
//! runs itself (the engine gives the same bits in every browser and natively) and reads
//! the digits itself: `digits.bin` beside the page (through the service worker's cache
//! offline), or `assets/digits.bin` from disk natively.
//!
//! What does not fit in about 2 MB is left for numpy to draw with its own generator, and
//! those runs are compared statistically: the Gaussian images always (1.6 MB of floats),
//! and, at large settings, the initial weights, orders and shifts of later runs.

use super::config::{DigitsConfig, View};
use super::prose::still_rising;
use super::study::{recipes, start_key, RunResult};
use crate::engine::digits::adversarial::{extra_set, pretrain_max_steps, pretrain_order_rng};
use crate::engine::digits::given::{train_count, Inputs};
use crate::engine::digits::{
    initial_params, label_draws, order_rng, shift_index, shift_rng, train, Condition, Digits, EpochOrder, Given,
    NetSetup, Outcome, Recipe, Start, TEST_COUNT,
};
use crate::notebook::{settings_cell, Notebook};
use crate::state::{Notices, PanelConfig, Query};
use serde_json::{json, Value};

/// Most characters of embedded data (base64) in a notebook, so that it stays under about
/// 2 MB with its code.
pub const BUDGET: usize = 1_850_000;

/// The notebook of the view `q` (the page's query), linked to `link`.
pub fn build(q: &Query, link: &str) -> String {
    let c = DigitsConfig::from_query(q, &mut Notices::default());
    match load_digits() {
        Ok(digits) => notebook(&c, &digits, link),
        Err(why) => {
            let mut nb = Notebook::default();
            nb.markdown(&format!(
                "# Real digits, in Python\nThe notebook of [this view of genlab]({link}) needs the digits, \
                 which could not be read ({why}). Open the view once online, then download the notebook again."
            ));
            nb.to_json()
        }
    }
}

/// The digits, in the compute worker: `digits.bin` beside the worker's script (the page
/// has fetched it, so the service worker has a copy offline), read synchronously, which a
/// worker may do.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn load_digits() -> Result<Digits, String> {
    use web_sys::{XmlHttpRequest, XmlHttpRequestResponseType};
    let failed = |_| "the request failed".to_owned();
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open_with_async("GET", "digits.bin", false).map_err(failed)?;
    xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    xhr.send().map_err(failed)?;
    match xhr.status() {
        Ok(200) => {}
        status => return Err(format!("status {}", status.unwrap_or(0))),
    }
    let body = xhr.response().map_err(failed)?;
    Digits::decode(&js_sys::Uint8Array::new(&body).to_vec())
}

/// The digits, natively (the `notebook` example, tests): the asset on disk.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn load_digits() -> Result<Digits, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/digits.bin");
    Digits::decode(&std::fs::read(path).map_err(|e| format!("{path}: {e}"))?)
}

/// What the first cell says each tab is.
fn title(view: View) -> (&'static str, &'static str) {
    match view {
        View::Fit => (
            "Fitting anything",
            "Zhang et al. (2017)'s Figure 1a on real handwritten digits: one network, trained by SGD, \
             fits true labels, random labels, shuffled pixels, random pixels and Gaussian noise alike; \
             only the true labels, and the same digits with their pixels in one fixed new order, generalise \
             to the test set.",
        ),
        View::Corrupt => (
            "Label corruption",
            "Zhang et al. (2017)'s Figure 1b–c on real handwritten digits: a share p of the training labels \
             replaced by random ones, from p = 0 to 1. The network fits every level; its test error climbs \
             from its best to chance, and fitting takes longer.",
        ),
        View::Reg => (
            "Explicit regularisers",
            "Zhang et al. (2017)'s Tables 1–2 on real handwritten digits: weight decay and randomly shifted \
             images, on and off, with true and with random labels. They change the test accuracy a little; \
             they do not stop the network from memorising random labels.",
        ),
        View::Starts => (
            "Good and bad fits",
            "SGD from random starts against SGD from an adversarial start (Liu, Papailiopoulos and \
             Achlioptas 2020): every run fits the true training labels, but the adversarial start first \
             memorised as many images again with wrong labels, and tests worse.",
        ),
    }
}

/// A run of the view as the app trains it.
#[derive(Clone, Debug)]
pub struct AppRun {
    /// What ran.
    pub recipe: Recipe,
    /// How it ended.
    pub outcome: Outcome,
    /// Whether its training accuracy was still rising over its last five epochs (the
    /// panel's "still climbing" for a run the cap stopped).
    pub climbing: bool,
}

/// Each run of the view, trained as the page's workers train it.
pub fn app_runs(c: &DigitsConfig, digits: &Digits) -> Vec<AppRun> {
    recipes(c.view, c.wd, c.runs)
        .into_iter()
        .map(|recipe| {
            let mut points = Vec::new();
            let outcome = train(digits, &c.net, &recipe, &mut |p| points.push(p));
            let run = RunResult {
                recipe,
                points,
                outcome: Some(outcome.clone()),
            };
            AppRun {
                climbing: still_rising(&run),
                recipe: run.recipe,
                outcome,
            }
        })
        .collect()
}

/// The notebook of `c` on `digits`.
pub fn notebook(c: &DigitsConfig, digits: &Digits, link: &str) -> String {
    let runs = app_runs(c, digits);
    let data = data_cell(c, digits, &runs);
    let (name, what) = title(c.view);
    let steps: u32 = runs
        .iter()
        .map(|r| r.outcome.steps + r.outcome.pretrain_steps.unwrap_or(0))
        .sum();
    let mut nb = Notebook::default();
    nb.markdown(&format!(
        "# Real digits, in Python: {name}\n{what} This notebook retrains the {} networks of \
         [this view of genlab]({link}) in numpy, from the app's own digits and random draws, draws the tab's \
         figure and checks each run against the app's: open it beside the view.\n\n\
         Needs only numpy and matplotlib (and the Python standard library). These runs take {} steps of SGD \
         in all: {}. Time grows with the steps (the step cap, random labels, the adversarial start), the \
         batch size and the network's multiply-adds per image ({} here; a 512-wide layer after another \
         512-wide one adds 262,144).",
        runs.len(),
        thousands(steps as usize),
        duration(steps, &c.net),
        thousands(c.net.mlp(digits.dim()).macs_per_example()),
    ));
    nb.code(&settings_cell(c));
    nb.code(&data.text);
    nb.code(&format!(
        "# The app's numbers for these settings: its readout (testid {}), and each run's steps.\nAPP = {}\nAPP_RUNS = {}",
        readout_testid(c.view),
        python(&readout(c.view, &runs)),
        python(&run_details(&runs)),
    ));
    nb.script(include_str!("notebook.py"));
    nb.to_json()
}

/// `n` with commas between thousands.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, d) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The panel's readout for the view's testid.
pub fn readout_testid(view: View) -> &'static str {
    match view {
        View::Fit => "digits-readout",
        View::Corrupt => "digits-sweep",
        View::Reg => "digits-reg",
        View::Starts => "digits-starts",
    }
}

/// About how long numpy takes for `steps` steps (measured: see the report in `notebook.py`).
fn duration(steps: u32, net: &NetSetup) -> String {
    let macs = net.mlp(196).macs_per_example() as f64 * net.batch as f64;
    // Per step: about 0.1 ms of Python and numpy calls, and 6 flops per multiply-add at
    // about 10 GFLOP/s in float64 on one core.
    let seconds = f64::from(steps) * (1e-4 + 6.0 * macs / 1e10);
    if seconds < 90.0 {
        format!("about {:.0} s on one core of a laptop", seconds.max(1.0))
    } else {
        format!("about {:.0} minutes on one core of a laptop", seconds / 60.0)
    }
}

/// The panel's readout of the finished runs, as the view builds it (without the elapsed
/// time, which the notebook cannot know).
pub fn readout(view: View, runs: &[AppRun]) -> Value {
    let (done, total) = (runs.len(), runs.len());
    let runs: Vec<(&Recipe, &Outcome)> = runs.iter().map(|r| (&r.recipe, &r.outcome)).collect();
    match view {
        View::Fit => json!({
            "done": done, "total": total,
            "conditions": runs.iter().map(|(r, o)| json!({
                "name": r.condition.key(), "train_acc": o.train_acc,
                "test_acc": o.test_acc, "steps_to_fit": o.steps_to_fit,
            })).collect::<Vec<_>>(),
        }),
        View::Corrupt => json!({
            "done": done, "total": total,
            "levels": runs.iter().map(|f| f.0.corruption).collect::<Vec<_>>(),
            "test_error": runs.iter().map(|f| 1.0 - f.1.test_acc).collect::<Vec<_>>(),
            "train_error": runs.iter().map(|f| 1.0 - f.1.train_acc).collect::<Vec<_>>(),
            "steps_to_fit": runs.iter().map(|f| f.1.steps_to_fit).collect::<Vec<_>>(),
        }),
        View::Reg | View::Starts => json!({
            "done": done, "total": total,
            "runs": runs.iter().map(|(r, o)| json!({
                "labels": r.condition.key(), "weight_decay": r.weight_decay,
                "shifts": r.augment, "start": start_key(r.start), "run": r.run,
                "train_acc": o.train_acc, "test_acc": o.test_acc, "steps_to_fit": o.steps_to_fit,
            })).collect::<Vec<_>>(),
        }),
    }
}

/// `value` as a Python literal: JSON with True, False and None, strings left alone (the
/// condition "true" stays a string), numbers in serde_json's text, which JavaScript reads as
/// the same doubles as the page's readout.
pub fn python(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::Number(_) | Value::String(_) => value.to_string(),
        Value::Array(items) => format!("[{}]", items.iter().map(python).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), python(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Each run's recipe and what the readout leaves out: steps taken, the adversarial
/// start's pre-training steps, divergence.
fn run_details(runs: &[AppRun]) -> Value {
    Value::Array(
        runs.iter()
            .map(
                |AppRun {
                     recipe: r,
                     outcome: o,
                     climbing,
                 }| {
                    json!({
                        "condition": r.condition.key(), "corruption": r.corruption, "weight_decay": r.weight_decay,
                        "shifts": r.augment, "start": start_key(r.start), "run": r.run,
                        "steps": o.steps, "pretrain_steps": o.pretrain_steps, "diverged": o.diverged,
                        "climbing": climbing,
                    })
                },
            )
            .collect(),
    )
}

/// The data cell and what it holds.
pub struct DataCell {
    /// The cell's Python.
    pub text: String,
    /// The runs whose initial weights, orders and shifts (and wrong labels and pre-training
    /// orders) are the app's.
    pub exact_runs: Vec<u32>,
    /// Whether the random-pixel permutations are the app's.
    pub random_pixels: bool,
}

/// Epochs of `n` examples in minibatches of `batch` that `steps` steps reach.
fn epochs(steps: usize, n: usize, batch: usize) -> usize {
    steps.div_ceil(n.div_ceil(batch.clamp(1, n.max(1))).max(1))
}

/// The orders the numpy runs may use: those the app's runs used, and a tenth more (at least
/// two epochs) in case a run in float64 fits a little later, up to the step cap.
fn with_margin(used: usize, cap: usize) -> usize {
    (used + (used / 10).max(2)).min(cap)
}

/// Bits that hold every number below `n`.
fn bits_for(n: usize) -> usize {
    (usize::BITS - n.saturating_sub(1).leading_zeros()).max(1) as usize
}

/// `values`, each in `bits` bits, packed one after another: bit j of value k is bit
/// k·bits + j of the stream, and bit i of the stream is bit i mod 8 of byte i/8 (numpy's
/// `unpackbits(..., bitorder="little")`).
pub fn pack_bits(values: impl IntoIterator<Item = usize>, bits: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut filled) = (0u64, 0usize);
    for v in values {
        acc |= (v as u64) << filled;
        filled += bits;
        while filled >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            filled -= 8;
        }
    }
    if filled > 0 {
        out.push(acc as u8);
    }
    out
}

/// The first `epochs` orders of `orders`, packed, as Python that reads them back.
fn orders_text(orders: &mut EpochOrder, n: usize, epochs: usize) -> String {
    let bits = bits_for(n);
    let values: Vec<usize> = (0..epochs).flat_map(|_| orders.next_epoch().to_vec()).collect();
    format!(
        "unpack_bits(\"{}\", {bits}, {}).reshape(-1, {n})",
        base64(&pack_bits(values, bits)),
        epochs * n
    )
}

/// The draws of run `run`: its initial weights, the orders of its epochs on the training
/// set, its shifts when a recipe of this run shifts images, and the adversarial start's
/// wrong labels and pre-training orders when it starts adversarially.
fn run_draws(net: &NetSetup, digits: &Digits, runs: &[AppRun], run: u32) -> String {
    let n = train_count(digits, net);
    let mine: Vec<(&Recipe, &Outcome)> = runs
        .iter()
        .filter(|r| r.recipe.run == run)
        .map(|r| (&r.recipe, &r.outcome))
        .collect();
    let cap = epochs(net.max_steps, n, net.batch);
    let used = mine
        .iter()
        .map(|(_, o)| epochs(o.steps as usize, n, net.batch))
        .max()
        .unwrap_or(0);
    let count = with_margin(used, cap);
    let init = initial_params(net, &net.mlp(digits.dim()), run);
    let mut text = format!(
        "INIT[{run}] = unpack(\"{}\", \"<f4\")\nORDERS[{run}] = {}\n",
        base64(&init.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>()),
        orders_text(&mut EpochOrder::new(order_rng(net, run), n), n, count)
    );
    if mine.iter().any(|(r, _)| r.augment) {
        // One shift per image used: at most n per epoch.
        let mut rng = shift_rng(net, run);
        let shifts = (0..count * n).map(|_| shift_index(&mut rng) as usize);
        text.push_str(&format!(
            "SHIFTS[{run}] = unpack_bits(\"{}\", 4, {})\n",
            base64(&pack_bits(shifts, 4)),
            count * n
        ));
    }
    if let Some((r, o)) = mine.iter().find(|(r, _)| r.start == Start::Adversarial) {
        let given = Given::new(digits, net, r);
        let (_, wrong) = extra_set(digits, net, r, &given);
        let m = wrong.len();
        let cap = epochs(pretrain_max_steps(net, n), n + m, net.batch);
        let used = epochs(o.pretrain_steps.unwrap_or(0) as usize, n + m, net.batch);
        let mut orders = EpochOrder::new(pretrain_order_rng(net, run), n + m);
        text.push_str(&format!(
            "WRONG[{run}] = unpack(\"{}\", \"u1\")\nPRE_ORDERS[{run}] = {}\n",
            base64(&wrong),
            orders_text(&mut orders, n + m, with_margin(used, cap))
        ));
    }
    text
}

/// The digits, the label draws and the pixel permutations, then each run's draws while
/// they fit in `BUDGET`.
pub fn data_cell(c: &DigitsConfig, digits: &Digits, runs: &[AppRun]) -> DataCell {
    let net = &c.net;
    let n = train_count(digits, net);
    let starts = c.view == View::Starts;
    let rows = TEST_COUNT + if starts { 2 * n } else { n };
    let inputs = Inputs::new(digits, n, net.seed, Condition::ShuffledPixels);
    let draws = label_draws(digits, net);
    let mut text = String::from(
        "import base64\n\n\n\
         def unpack(text, dtype):\n    \
         \"\"\"Bytes the app wrote as base64 text, as a numpy array (\"<f4\": little-endian float32, \"<u2\": uint16, \
         \"u1\": bytes).\"\"\"\n    \
         return np.frombuffer(base64.b64decode(text), dtype=dtype)\n\n\n\
         def unpack_bits(text, bits, count):\n    \
         \"\"\"`count` whole numbers of `bits` bits each, packed one after another, lowest bit first.\"\"\"\n    \
         stream = np.unpackbits(unpack(text, \"u1\"), bitorder=\"little\")[:count * bits]\n    \
         return stream.reshape(count, bits) @ (1 << np.arange(bits))\n\n\n",
    );
    text.push_str(&format!(
        "# The digits (MNIST, averaged down to 14 x 14 grey levels, 0 paper to 255 ink): the {TEST_COUNT} test images, \
         then the N training images{}. CLASSES: each image's true class.\n",
        if starts { ", then the N extra images the adversarial start labels wrongly" } else { "" }
    ));
    text.push_str(&format!(
        "IMAGES = unpack(\"{}\", \"u1\").reshape(-1, 14 * 14)\nCLASSES = unpack(\"{}\", \"u1\")\n",
        base64(&digits.pixels[..rows * digits.dim()]),
        base64(&digits.labels[..rows])
    ));
    text.push_str(&format!(
        "# The mean and standard deviation of the training images' pixels in [0, 1], in float32 as the app has them.\n\
         MEAN, STD = {:?}, {:?}\n",
        inputs.mean, inputs.std
    ));
    text.push_str(
        "# Each training image's label draws: a coin u in [0, 1) (float32) and a class; its label is corrupted, to that class, when u < p.\n",
    );
    let coins: Vec<u8> = draws.iter().flat_map(|d| d.0.to_le_bytes()).collect();
    let classes: Vec<u8> = draws.iter().map(|d| d.1).collect();
    text.push_str(&format!(
        "COIN = unpack(\"{}\", \"<f4\")\nCOIN_CLASS = unpack(\"{}\", \"u1\")\n",
        base64(&coins),
        base64(&classes)
    ));
    let perm: Vec<String> = inputs.permutation().iter().map(usize::to_string).collect();
    text.push_str(&format!(
        "# Shuffled pixels: pixel j of every image becomes pixel SHUFFLE[j].\nSHUFFLE = np.array([{}])\n",
        perm.join(", ")
    ));
    text.push_str(
        "# The Gaussian images (1.6 MB of floats) are not embedded: numpy draws its own below.\n\
         # Each run's draws, by run number: its initial weights (float32, layer by layer: W1 then b1, W2, b2, ...),\n\
         # the order of every epoch's minibatches (a permutation of the training images), the shift of every image\n\
         # it used when shifting, and for the adversarial start the extra images' wrong labels and the orders of its\n\
         # pre-training on the training and extra images. Runs left out draw their own in numpy.\n\
         INIT, ORDERS, SHIFTS, WRONG, PRE_ORDERS = {}, {}, {}, {}, {}\n",
    );
    let mut used = text.len();
    let mut exact_runs = Vec::new();
    let mut numbers: Vec<u32> = runs.iter().map(|r| r.recipe.run).collect();
    numbers.sort_unstable();
    numbers.dedup();
    for run in numbers {
        let draws = run_draws(net, digits, runs, run);
        if used + draws.len() > BUDGET {
            break;
        }
        used += draws.len();
        text.push_str(&draws);
        exact_runs.push(run);
    }
    let mut random_pixels = false;
    let mut pixels_text = String::from("RANDOM_PIXELS = None  # numpy draws its own (see below)\n");
    if c.view == View::Fit {
        let perms: Vec<u8> = (0..rows)
            .flat_map(|row| {
                inputs
                    .row_permutation(row)
                    .into_iter()
                    .map(|j| j as u8)
                    .collect::<Vec<_>>()
            })
            .collect();
        let candidate = format!(
            "RANDOM_PIXELS = unpack(\"{}\", \"u1\").reshape(-1, 14 * 14)\n",
            base64(&perms)
        );
        if used + candidate.len() <= BUDGET {
            pixels_text = candidate;
            random_pixels = true;
        }
    }
    text.push_str(
        "# Random pixels: pixel j of image i (a row of IMAGES) becomes pixel RANDOM_PIXELS[i, j], a permutation per image.\n",
    );
    text.push_str(&pixels_text);
    DataCell {
        text: text.trim_end().to_owned(),
        exact_runs,
        random_pixels,
    }
}

/// Standard base64 with padding, which Python's `base64.b64decode` reads.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let word = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            out.push(if k <= chunk.len() {
                char::from(ALPHABET[(word >> (18 - 6 * k) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::config::params;
    use super::*;
    use crate::notebook::cell_text as source;
    use crate::state::param::Param;

    fn digits() -> Digits {
        load_digits().expect("the asset")
    }

    fn read(query: &str) -> DigitsConfig {
        DigitsConfig::from_query(&Query::parse(query), &mut Notices::default())
    }

    fn notebook_of(query: &str) -> Value {
        serde_json::from_str(&build(&Query::parse(query), "http://localhost/?panel=digits")).expect("valid JSON")
    }

    /// Python's base64 decoding.
    fn unbase64(text: &str) -> Vec<u8> {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let sextets: Vec<u32> = text
            .bytes()
            .filter(|&b| b != b'=')
            .map(|b| ALPHABET.iter().position(|&a| a == b).expect("base64") as u32)
            .collect();
        let mut out = Vec::new();
        for group in sextets.chunks(4) {
            let word = group.iter().enumerate().fold(0u32, |w, (k, &s)| w | s << (18 - 6 * k));
            out.extend(word.to_be_bytes()[1..group.len()].iter().copied());
        }
        out
    }

    /// numpy's `unpackbits(..., bitorder="little")` read `bits` at a time.
    fn unpack_bits(bytes: &[u8], bits: usize, count: usize) -> Vec<usize> {
        (0..count)
            .map(|k| {
                (0..bits)
                    .map(|j| usize::from(bytes[(k * bits + j) / 8] >> ((k * bits + j) % 8) & 1) << j)
                    .sum()
            })
            .collect()
    }

    /// The base64 text of the first `unpack…("…"` after `name = ` in `cell`.
    fn embedded<'a>(cell: &'a str, name: &str) -> &'a str {
        let start = cell
            .find(&format!("\n{name} = "))
            .unwrap_or_else(|| panic!("{name} missing"));
        let text = &cell[start..];
        let open = text.find('"').unwrap() + 1;
        &text[open..open + text[open..].find('"').unwrap()]
    }

    fn floats(bytes: &[u8]) -> Vec<f32> {
        bytes
            .chunks(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect()
    }

    #[test]
    fn the_default_view_gives_a_notebook_of_its_five_runs_under_two_megabytes() {
        let text = build(&Query::parse("panel=digits"), "http://localhost/?panel=digits");
        assert!(text.len() < 2_000_000, "{}", text.len());
        let nb: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(
            (nb["nbformat"].as_u64(), nb["nbformat_minor"].as_u64()),
            (Some(4), Some(5))
        );
        assert_eq!(nb["metadata"]["kernelspec"]["name"], "python3");
        let cells = nb["cells"].as_array().unwrap();
        assert!(cells.iter().all(|c| c["id"].is_string() && c["source"].is_array()));
        assert_eq!(cells[0]["cell_type"], "markdown");
        assert!(source(&cells[0]).contains("[this view of genlab](http://localhost/?panel=digits)"));
        assert!(source(&cells[1]).starts_with("import numpy as np\nimport matplotlib.pyplot as plt\n"));
        assert!(source(&cells[1]).contains("VIEW = \"fit\"  # view:"));
        // Run 0's draws and the random-pixel permutations are the app's: only the Gaussian
        // images are numpy's own.
        let data = source(&cells[2]);
        assert!(data.contains("INIT[0] = unpack(") && data.contains("RANDOM_PIXELS = unpack("));
        let app = source(&cells[3]);
        for condition in Condition::ALL {
            assert!(app.contains(&format!("\"name\": \"{}\"", condition.key())), "{app}");
        }
        assert!(app.contains("\"done\": 5") && app.contains("\"total\": 5"));
    }

    #[test]
    fn base64_and_bit_packing_read_back() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(unbase64(&base64(&bytes)), bytes);
        for bits in [4, 10, 11, 12] {
            let values: Vec<usize> = (0..1000).map(|k| (k * 7919) % (1 << bits)).collect();
            assert_eq!(
                unpack_bits(&pack_bits(values.clone(), bits), bits, 1000),
                values,
                "{bits}"
            );
        }
        assert_eq!(
            (bits_for(1000), bits_for(1024), bits_for(1025), bits_for(3000)),
            (10, 10, 11, 12)
        );
        assert_eq!(
            [thousands(7), thousands(4256), thousands(262_144)],
            ["7", "4,256", "262,144"]
        );
    }

    #[test]
    fn the_parameter_cell_lists_every_url_key() {
        // Every key the panel writes into a link (each setting away from its default), on a
        // network small enough to train quickly.
        let c = DigitsConfig {
            view: View::Starts,
            show: Condition::Gaussian,
            net: NetSetup {
                n_train: 200,
                hidden: 2,
                width: 16,
                lr: 0.02,
                momentum: 0.5,
                batch: 50,
                max_steps: 200,
                seed: 9,
            },
            wd: 0.002,
            runs: 2,
            autorun: true,
        };
        let mut q = Query::default();
        c.write_query(&mut q);
        let nb = notebook_of(&q.encode());
        let settings = source(&nb["cells"][1]);
        for (key, _) in q.pairs() {
            assert!(settings.contains(&format!("# {key}:")), "{key} missing:\n{settings}");
        }
        assert_eq!(q.pairs().count(), DigitsConfig::PARAMS.len());
        let keys: Vec<&str> = [params::VIEW, params::RUNS, params::MOM]
            .iter()
            .map(|p: &Param<_>| p.key)
            .collect();
        assert_eq!(keys, ["view", "runs", "mom"]);
        for line in [
            "VIEW = \"starts\"",
            "SHOW = \"gaussian\"",
            "N = 200",
            "HIDDEN = 2",
            "WIDTH = 16",
            "LR = 0.02",
        ] {
            assert!(settings.contains(line), "{line}:\n{settings}");
        }
        for line in [
            "MOM = 0.5",
            "BATCH = 50",
            "STEPS = 200",
            "WD = 0.002",
            "RUNS = 2",
            "SEED = 9",
            "AUTORUN = True",
        ] {
            assert!(settings.contains(line), "{line}:\n{settings}");
        }
    }

    #[test]
    fn the_notebook_embeds_the_apps_digits_and_draws_exactly() {
        let query = "panel=digits&view=starts&n=200&width=16&runs=2&steps=300&seed=4";
        let nb = notebook_of(&format!("?{query}"));
        assert_eq!(nb["nbformat"], 4);
        assert!(source(&nb["cells"][0]).contains("(http://localhost/?panel=digits)"));
        let c = read(query);
        let (digits, net, n) = (digits(), &c.net, 200);
        let data = source(&nb["cells"][2]);
        let rows = TEST_COUNT + 2 * n;
        assert_eq!(unbase64(embedded(&data, "IMAGES")), digits.pixels[..rows * 196]);
        assert_eq!(unbase64(embedded(&data, "CLASSES")), digits.labels[..rows]);
        let draws = label_draws(&digits, net);
        let coins: Vec<f32> = draws.iter().map(|d| d.0).collect();
        assert_eq!(floats(&unbase64(embedded(&data, "COIN"))), coins);
        let classes: Vec<u8> = draws.iter().map(|d| d.1).collect();
        assert_eq!(unbase64(embedded(&data, "COIN_CLASS")), classes);
        let inputs = Inputs::new(&digits, n, net.seed, Condition::ShuffledPixels);
        assert!(data.contains(&format!("MEAN, STD = {:?}, {:?}\n", inputs.mean, inputs.std)));
        let perm: Vec<String> = inputs.permutation().iter().map(usize::to_string).collect();
        assert!(data.contains(&format!("SHUFFLE = np.array([{}])", perm.join(", "))));
        assert!(data.contains("RANDOM_PIXELS = None"));
        for run in 0..2u32 {
            let init = initial_params(net, &net.mlp(196), run);
            assert_eq!(floats(&unbase64(embedded(&data, &format!("INIT[{run}]")))), init);
            // The orders as the training draws them, epoch after epoch, as many as embedded.
            let (orders, bits) = (unbase64(embedded(&data, &format!("ORDERS[{run}]"))), bits_for(n));
            let values = unpack_bits(&orders, bits, orders.len() * 8 / bits / n * n);
            assert!(values.len() >= n);
            let mut expected = EpochOrder::new(order_rng(net, run), n);
            for epoch in values.chunks(n) {
                assert_eq!(epoch, expected.next_epoch());
            }
            let recipe = Recipe {
                start: Start::Adversarial,
                run,
                ..Recipe::plain(Condition::TrueLabels)
            };
            let (_, wrong) = extra_set(&digits, net, &recipe, &Given::new(&digits, net, &recipe));
            assert_eq!(unbase64(embedded(&data, &format!("WRONG[{run}]"))), wrong);
            let pre = unbase64(embedded(&data, &format!("PRE_ORDERS[{run}]")));
            let bits = bits_for(2 * n);
            let values = unpack_bits(&pre, bits, pre.len() * 8 / bits / (2 * n) * 2 * n);
            let mut expected = EpochOrder::new(pretrain_order_rng(net, run), 2 * n);
            assert!(values.len() >= 2 * n);
            for epoch in values.chunks(2 * n) {
                assert_eq!(epoch, expected.next_epoch());
            }
        }
        // The app's numbers: its readout as the view builds it, from the engine's runs.
        let runs = app_runs(&c, &digits);
        let app = source(&nb["cells"][3]);
        assert!(
            app.contains(&format!("APP = {}\n", python(&readout(View::Starts, &runs)))),
            "{app}"
        );
        assert!(app.contains(&format!("\"test_acc\": {}", json!(runs[3].outcome.test_acc))));
        assert!(app.contains("\"start\": \"adversarial\""));
        // Then the script's cells, the checks last.
        let cells = nb["cells"].as_array().unwrap();
        assert!(source(cells.last().unwrap()).contains("All numbers agree with the app."));
    }

    #[test]
    fn shifts_and_random_pixels_are_the_apps() {
        let c = read("view=reg&n=200&width=16&steps=200");
        let digits = digits();
        let runs = app_runs(&c, &digits);
        let data = data_cell(&c, &digits, &runs);
        assert_eq!(data.exact_runs, [0]);
        let packed = unbase64(embedded(&data.text, "SHIFTS[0]"));
        let mut rng = shift_rng(&c.net, 0);
        let shifts = unpack_bits(&packed, 4, packed.len() * 2);
        assert!(shifts.len() >= 200, "{}", shifts.len());
        assert!(shifts.iter().all(|&k| k == shift_index(&mut rng) as usize));

        let c = read("view=fit&n=200&width=16&steps=200");
        let runs = app_runs(&c, &digits);
        let data = data_cell(&c, &digits, &runs);
        assert!(data.random_pixels);
        let perms = unbase64(embedded(&data.text, "RANDOM_PIXELS"));
        let inputs = Inputs::new(&digits, 200, c.net.seed, Condition::RandomPixels);
        for row in [0, 999, 1000, 1199] {
            let expected: Vec<u8> = inputs.row_permutation(row).into_iter().map(|j| j as u8).collect();
            assert_eq!(perms[row * 196..(row + 1) * 196], expected);
        }
        assert_eq!(perms.len(), 1200 * 196);
    }

    #[test]
    fn every_view_stays_under_two_megabytes_even_at_the_largest_settings() {
        // Outcomes that take every step the caps allow: the most draws a notebook could need.
        let digits = digits();
        for query in [
            "view=fit",
            "view=corrupt",
            "view=reg",
            "view=starts",
            "view=starts&n=1500&hidden=3&width=512&steps=30000&runs=20",
            "view=reg&n=1500&steps=30000&batch=10",
            "view=fit&n=1500&steps=30000&hidden=3&width=64",
        ] {
            let c = read(query);
            let runs: Vec<AppRun> = recipes(c.view, c.wd, c.runs)
                .into_iter()
                .map(|r| {
                    let outcome = Outcome {
                        steps: c.net.max_steps as u32,
                        steps_to_fit: None,
                        train_acc: 1.0,
                        test_acc: 0.5,
                        pretrain_steps: r.adversarial().then_some(2 * c.net.max_steps as u32),
                        diverged: false,
                    };
                    AppRun {
                        recipe: r,
                        outcome,
                        climbing: true,
                    }
                })
                .collect();
            let data = data_cell(&c, &digits, &runs);
            assert!(data.text.len() <= BUDGET + 20_000, "{query}: {}", data.text.len());
            // Runs left out are said to draw their own; the embedded ones are the first.
            let numbers: Vec<u32> = (0..data.exact_runs.len() as u32).collect();
            assert_eq!(data.exact_runs, numbers, "{query}");
            for run in data.exact_runs.len() as u32..c.runs {
                assert!(!data.text.contains(&format!("INIT[{run}]")), "{query}");
            }
            println!("{query}: {} characters, runs {:?}", data.text.len(), data.exact_runs);
        }
    }
}
