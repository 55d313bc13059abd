//! The infinite-width panel's notebook (`crate::notebook`): the view's settings, the lab's
//! constants, the training data and the exact initial weights the app drew (64-bit floats,
//! carried exactly as base64 of their bytes), the app's numbers, then `notebook.py`, which
//! recomputes the NNGP and NTK kernels in closed form, the prior's statistics, the trained
//! net against its kernel prediction and, in the laziness view, the sweep over widths, in
//! numpy, draws the panel's figures and checks the app's numbers.
//!
//! What is embedded. A net of width n is the first n units of its pool (`WideNet::from_pool`),
//! so one pool of the widest width per seed holds every net the view trains: the view's
//! width, the widest net of the training view (the same seed) and, in the laziness view,
//! the sweep's 5 widths of seeds `seed`, `seed + 1`, `seed + 2` (at most 3 x 12,289
//! numbers, 390 kB). The prior's 2,000 nets are embedded while they hold at most
//! `PRIOR_EMBED` numbers (widths up to 16, about 1 MB); wider, the notebook draws its own
//! seeded nets in batches of 2,000 and compares the app's statistics with their mean, its
//! standard error and the batches' spread.
//!
//! Tolerances (measured against this engine at a few hundred settings; see the report of
//! issue #27): numbers recomputed from the app's weights within 1e-9 relative, or 100 times
//! how far a twin run with 1e-14 random errors added to its weights at every step ends from
//! the run, for runs that amplify rounding (narrow nets, small output scales).

use super::claims::guides;
use super::config::{View, WideConfig, DRAWS, STEPS, X0};
use super::jobs::{
    run as run_job, summarise_sweep, the_grid, Request, SweepPoint, Update, BINS, GRID_POINTS, SAMPLES, SLOPE_FROM,
    SWEEP_RUNS, SWEEP_SEEDS, SWEEP_WIDTHS, WIDEST,
};
use crate::engine::wide::data::Data;
use crate::engine::wide::prior::{draws_at, summarise, Distribution, PriorSpec};
use crate::engine::wide::train::{final_figures, Run, Snapshot, TrainSpec};
use crate::engine::wide::{WideNet, SIGMA_B, SIGMA_W};
use crate::notebook::{python_literal, Notebook};
use crate::panels::wide::claims::MERGE_BELOW;
use crate::state::{Notices, PanelConfig, Query};

/// The most numbers of the prior's nets the notebook embeds (2,000 nets of width 16 are
/// 98,000 numbers, 1.05 MB as base64); wider priors are drawn in numpy.
const PRIOR_EMBED: usize = 100_000;

/// The notebook of the view `q` (the page's query), linked to `link`.
pub fn build(q: &Query, link: &str) -> String {
    let c = WideConfig::from_query(q, &mut Notices::default());
    let prior_embedded = prior_size(c.width) <= PRIOR_EMBED;
    let mut nb = Notebook::default();
    let cost = match c.view {
        View::Prior => "trains the net of this width next to its kernel prediction",
        View::Train => "trains the net of this width and the widest one (4,096 units) next to their kernel prediction",
        View::Lazy => "trains the net of this width and the sweep's 15 nets of widths 16 to 4,096",
    };
    let prior_text = if prior_embedded {
        "the app's own 2,000 random nets (embedded)"
    } else {
        "its own seeded random nets (the app's 2,000 nets of this width would make the file too large), compared by their statistics"
    };
    nb.markdown(&format!(
        "# Infinite width, in Python\n\
         A network of one hidden layer becomes a Gaussian process when it is wide (Neal 1996), and \
         trains like kernel regression with its neural tangent kernel (Jacot et al. 2018; Lee et al. \
         2019) while its weights barely move (lazy training: Chizat, Oyallon and Bach 2019), exactly \
         as in [this view of genlab]({link}): open it beside the notebook.\n\n\
         The notebook computes both kernels in closed form, draws the prior with {prior_text}, \
         {cost}, draws the panel's figures and checks the app's numbers. The training data and the \
         exact initial weights the app drew are embedded, so no seed needs the app's random \
         generator.\n\n\
         Needs only numpy and matplotlib. At the default settings it runs in about 3 seconds. Each \
         run is trained twice (the second time with tiny random errors added at every step, to measure how much it \
         amplifies rounding), and a run's time grows with width times the number of training points \
         N: the training view at width 4,096 with N = 32 takes about half a minute, the laziness \
         view's sweep 10 to 40 seconds, and a prior wider than 16 units, drawn here in batches of \
         2,000 nets, a few seconds more."
    ));
    nb.code(&crate::notebook::settings_cell(&c));
    nb.code(&data_cell(&c, prior_embedded));
    nb.code(&format!(
        "# The app's numbers for these settings, to compare with at the end: its readout\n\
         # (`wide-readout`, and `wide-sweep` in the laziness view) and the figures' sentences.\n\
         # The app computes all of them in 64-bit floats.\nAPP = {}",
        python_literal(&app_numbers(&c))
    ));
    nb.script(include_str!("notebook.py"));
    nb.to_json()
}

/// Numbers of 2,000 nets of `width`: c and (u, b, v) per unit, each.
fn prior_size(width: u32) -> usize {
    DRAWS * (3 * width as usize + 1)
}

/// The training run of the view (seed `seed`, width `width`).
fn spec(c: &WideConfig, width: usize, seed: u64) -> TrainSpec {
    TrainSpec {
        width,
        seed,
        ..c.train_spec(width as u32)
    }
}

/// The seeds whose pools the view trains, and the width each pool needs.
fn pools(c: &WideConfig) -> Vec<(u64, usize)> {
    match c.view {
        View::Prior => vec![(c.seed, c.width as usize)],
        View::Train => vec![(c.seed, WIDEST)],
        View::Lazy => (0..u64::from(SWEEP_SEEDS)).map(|k| (c.seed + k, WIDEST)).collect(),
    }
}

/// The first `width` units of pool `run` of `seed`, in the order the app draws them: c,
/// then (uⱼ, bⱼ, vⱼ) unit by unit.
fn pool(c: &WideConfig, width: usize, seed: u64, run: u32) -> Vec<f64> {
    let net = WideNet::from_pool(&spec(c, width, seed).kernels(), width, seed, run);
    let mut out = Vec::with_capacity(net.len());
    out.push(net.c);
    for j in 0..width {
        out.extend([net.u[j], net.b[j], net.v[j]]);
    }
    out
}

/// The constants, the data, the pools and (when small enough) the prior's nets.
fn data_cell(c: &WideConfig, prior_embedded: bool) -> String {
    let mut cell = String::from("import base64\n\n# The lab's constants.\n");
    cell.push_str(&format!(
        "SIGMA_W, SIGMA_B = {SIGMA_W:?}, {SIGMA_B:?}  # weight and bias scales\n\
         STEPS = {STEPS}  # gradient-descent steps of every run\n\
         GRID = -1.5 + 3.0 * np.arange({GRID_POINTS}) / {}  # the functions are drawn on {GRID_POINTS} points of [-1.5, 1.5]\n\
         DRAWS, X0, BINS, SAMPLES = {DRAWS}, {X0:?}, {BINS}, {SAMPLES}  # the prior: nets drawn, the input x0, histogram bins, sample functions\n\
         SWEEP_WIDTHS, SWEEP_SEEDS, SLOPE_FROM = {SWEEP_WIDTHS:?}, {SWEEP_SEEDS}, {SLOPE_FROM}  # the laziness sweep\n\
         WIDEST, MERGE_BELOW = {WIDEST}, {MERGE_BELOW:?}  # the widest net; below this distance the curves count as merged\n\n",
        GRID_POINTS - 1
    ));
    cell.push_str(
        "\ndef f64(*chunks):\n    \
         \"\"\"The app's 64-bit floats, exactly: base64 text of their little-endian bytes.\"\"\"\n    \
         return np.frombuffer(base64.b64decode(\"\".join(chunks)), dtype=\"<f8\")\n\n\n",
    );
    // The data of every seed trained.
    cell.push_str("# The training data of each seed: inputs x_i (stratified on [-1, 1]) and targets y_i = A sin(pi x_i).\nDATA = {\n");
    for (seed, _) in pools(c) {
        let d = Data::new(c.n as usize, f64::from(c.amp), seed);
        cell.push_str(&format!("    {seed}: ({}, {}),\n", array64(&d.x), array64(&d.y)));
    }
    cell.push_str("}\n");
    cell.push_str(
        "# The initial weights the app drew for each seed: c, then (u_j, b_j, v_j) unit by unit. A net of\n\
         # width n is the first n units, so one pool holds every width the view trains.\nPOOLS = {\n",
    );
    for (seed, width) in pools(c) {
        cell.push_str(&format!(
            "    {seed}: {},\n",
            base64_call(&pool(c, width, seed, 0), "        ")
        ));
    }
    cell.push_str("}\n");
    if prior_embedded {
        cell.push_str(&format!(
            "# The prior's {DRAWS} random nets of width {} (pools 1 to {DRAWS} of the seed; row m is net m + 1),\n\
             # each row c, then (u_j, b_j, v_j) unit by unit.\nPRIOR_NETS = np.array([\n",
            c.width
        ));
        for m in 1..=DRAWS as u32 {
            cell.push_str(&format!(
                "    {},\n",
                base64_call(&pool(c, c.width as usize, c.seed, m), "")
            ));
        }
        cell.push_str("])");
    } else {
        cell.push_str(&format!(
            "PRIOR_NETS = None  # 2,000 nets of width {} are {} numbers, more than this file carries: drawn below",
            c.width,
            prior_size(c.width)
        ));
    }
    cell
}

/// `f64("…")` of `values`, in lines of at most 1,000 characters (each line a multiple of
/// 4 characters of base64, so the chunks join to one text).
fn base64_call(values: &[f64], indent: &str) -> String {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    let text = base64(&bytes);
    let chunks: Vec<String> = text
        .as_bytes()
        .chunks(1000)
        .map(|c| format!("\"{}\"", std::str::from_utf8(c).unwrap_or_default()))
        .collect();
    if chunks.len() <= 1 {
        format!("f64({})", chunks.join(""))
    } else {
        format!(
            "f64(\n{indent}    {},\n{indent})",
            chunks.join(&format!(",\n{indent}    "))
        )
    }
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (k, &b)| n | u32::from(b) << (16 - 8 * k));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `np.array([...])` with each value as Rust prints an f64: the shortest text that reads
/// back as the same double.
fn array64(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("np.array([{}])", items.join(", "))
}

/// The prior's numbers (`Distribution`).
#[derive(serde::Serialize)]
struct Prior {
    variance_k: f64,
    sample_variance: f64,
    excess_kurtosis: f64,
    ks: f64,
    counts: Vec<u32>,
}

/// The training run of the view's width at step t, as the readout shows it.
#[derive(serde::Serialize)]
struct Train {
    t: u32,
    eta: f64,
    lambda_max: f64,
    lambda_min: f64,
    /// The snapshot at t (None: the run diverged before t).
    loss: Option<f64>,
    net_vs_kernel: Option<f64>,
    rel_weight_change: Option<f64>,
    rel_kernel_change: Option<f64>,
    /// Steps taken before the run diverged (None: it did not).
    diverged_at: Option<usize>,
}

/// The laziness view's sweep, as its readout `wide-sweep` shows it.
#[derive(serde::Serialize)]
struct Sweep {
    done: usize,
    total: usize,
    widths: Vec<usize>,
    rel_weight_change: Vec<f64>,
    rel_kernel_change: Vec<f64>,
    net_vs_kernel: Vec<f64>,
    weight_slope: Option<f64>,
    kernel_slope: Option<f64>,
    guides: [Option<f64>; 2],
}

#[derive(serde::Serialize)]
struct App {
    prior: Prior,
    train: Train,
    /// The widest net's final distance to the kernel prediction (the training view's
    /// sentence; None there if it diverged, and outside that view).
    widest: Option<f64>,
    sweep: Option<Sweep>,
}

/// What the view computes for `c`, as JSON (numbers as the page's readouts print them).
fn app_numbers(c: &WideConfig) -> String {
    let prior_spec = PriorSpec {
        act: c.act,
        width: c.width as usize,
        seed: c.seed,
        draws: DRAWS,
        x0: X0,
    };
    let k = prior_spec.kernels();
    let d: Distribution = summarise(draws_at(&prior_spec, |_| {}), k.nngp(X0, X0), BINS);
    let prior = Prior {
        variance_k: d.variance_k,
        sample_variance: d.sample_variance,
        excess_kurtosis: d.excess_kurtosis,
        ks: d.ks,
        counts: d.counts,
    };
    // The view's run, recorded at every checkpoint as the training job records it.
    let mut run = Run::new(&c.train_spec(c.width), &the_grid());
    let (eta, (lambda_max, lambda_min)) = (run.eta(), run.flow.spectrum());
    let mut snapshots: Vec<Snapshot> = Vec::new();
    run.run(|s| snapshots.push(s));
    let at = snapshots.iter().find(|s| s.t == c.t as usize);
    let train = Train {
        t: c.t,
        eta,
        lambda_max,
        lambda_min,
        loss: at.map(|s| s.loss),
        net_vs_kernel: at.map(|s| s.net_vs_kernel),
        rel_weight_change: at.map(|s| s.rel_weight_change),
        rel_kernel_change: at.map(|s| s.rel_kernel_change),
        diverged_at: run.diverged.then_some(run.t),
    };
    let widest = (c.view == View::Train)
        .then(|| final_figures(&spec(c, WIDEST, c.seed), &the_grid()).map(|f| f.net_vs_kernel))
        .flatten();
    let sweep = (c.view == View::Lazy).then(|| {
        let mut points: Vec<SweepPoint> = Vec::new();
        run_job(&Request::Sweep(c.train_spec(1)), &mut |u| {
            if let Update::Sweep(p) = u {
                points.push(p);
            }
        });
        let s = summarise_sweep(&points);
        let drawn = guides(&s).map(|g| g.map(|g| g.exponent));
        Sweep {
            done: points.len(),
            total: SWEEP_RUNS,
            widths: s.widths,
            rel_weight_change: s.rel_weight_change,
            rel_kernel_change: s.rel_kernel_change,
            net_vs_kernel: s.net_vs_kernel,
            weight_slope: s.weight_slope,
            kernel_slope: s.kernel_slope,
            guides: drawn,
        }
    });
    serde_json::to_string(&App {
        prior,
        train,
        widest,
        sweep,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::config::{View, WideConfig};
    use super::*;
    use crate::engine::wide::Act;
    use crate::notebook::cell_text as source;
    use serde_json::Value;

    fn notebook(query: &str) -> Value {
        serde_json::from_str(&build(&Query::parse(query), "http://localhost/?panel=wide")).expect("valid JSON")
    }

    /// Decodes standard base64 (the notebook's `base64.b64decode`).
    fn decode(text: &str) -> Vec<u8> {
        let value = |c: u8| match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            _ => 63,
        };
        let mut out = Vec::new();
        for group in text.as_bytes().chunks(4) {
            let n = group
                .iter()
                .enumerate()
                .filter(|(_, &c)| c != b'=')
                .fold(0u32, |n, (k, &c)| n | u32::from(value(c)) << (18 - 6 * k));
            let bytes = group.iter().filter(|&&c| c != b'=').count() - 1;
            out.extend((0..bytes).map(|k| (n >> (16 - 8 * k)) as u8));
        }
        out
    }

    /// The doubles of the `f64("…", "…")` call that follows `start` in `cell`.
    fn floats_after(cell: &str, start: &str) -> Vec<f64> {
        let from = cell.find(start).unwrap_or_else(|| panic!("{start} missing")) + start.len();
        let call = &cell[from..];
        let call = &call[call.find("f64(").unwrap() + 4..];
        let call = &call[..call.find(')').unwrap()];
        let text: String = call.split('"').skip(1).step_by(2).collect();
        decode(&text)
            .chunks(8)
            .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
            .collect()
    }

    /// The numbers of the `np.array([...])` that follows `start` in `cell`, read as Python reads them.
    fn numbers_after(cell: &str, start: &str) -> Vec<f64> {
        let from = cell.find(start).unwrap_or_else(|| panic!("{start} missing")) + start.len();
        let list = &cell[from..];
        let list = &list[list.find("np.array([").unwrap() + 10..];
        list[..list.find(']').unwrap()]
            .split(", ")
            .map(|s| s.parse().unwrap())
            .collect()
    }

    #[test]
    fn the_default_view_is_a_valid_notebook_under_2_mb() {
        let json = build(&Query::parse("panel=wide"), "http://localhost/?panel=wide");
        assert!(json.len() < 2_000_000, "{} bytes", json.len());
        let nb: Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(
            (nb["nbformat"].as_u64(), nb["nbformat_minor"].as_u64()),
            (Some(4), Some(5))
        );
        assert_eq!(nb["metadata"]["kernelspec"]["name"], "python3");
        let cells = nb["cells"].as_array().unwrap();
        assert_eq!(cells[0]["cell_type"], "markdown");
        assert!(cells[1..]
            .iter()
            .all(|c| c["cell_type"] == "markdown" || c["outputs"] == serde_json::json!([])));
        // The app's numbers on one line, as the e2e test reads them (`APP = {...}`).
        let app = source(&cells[3]);
        let line = app.lines().find(|l| l.starts_with("APP = {")).expect("APP line");
        assert!(line.ends_with('}') && line.contains("\"prior\":{") && line.contains("\"sweep\":None"));
        assert!(source(&cells[2]).contains("PRIOR_NETS = np.array(["));
    }

    #[test]
    fn base64_is_rfc_4648() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(&1.0f64.to_le_bytes()), "AAAAAAAA8D8=");
        assert_eq!(decode(&base64(b"any bytes \xff\x00")), b"any bytes \xff\x00");
    }

    #[test]
    fn the_parameter_cell_lists_every_url_key() {
        // Every key the panel writes into a link (each setting away from its default).
        let c = WideConfig {
            view: View::Train,
            act: Act::Relu,
            width: 64,
            n: 12,
            amp: 0.7,
            t: 100,
            alpha: 0.3,
            last: true,
            seed: 9,
            autorun: true,
        };
        let mut q = Query::default();
        c.write_query(&mut q);
        let nb = notebook(&format!("?{}", q.encode()));
        let settings = source(&nb["cells"][1]);
        assert!(settings.starts_with("import numpy as np\nimport matplotlib.pyplot as plt\n"));
        for (key, _) in q.pairs() {
            assert!(settings.contains(&format!("# {key}:")), "{key} missing:\n{settings}");
        }
        assert_eq!(q.pairs().count(), 10);
        for line in [
            "VIEW = \"train\"",
            "ACT = \"relu\"",
            "WIDTH = 64",
            "N = 12",
            "AMP = 0.7",
            "T = 100",
            "ALPHA = 0.3",
            "LAST = True",
            "SEED = 9",
            "AUTORUN = True",
        ] {
            assert!(settings.contains(line), "{line}:\n{settings}");
        }
    }

    #[test]
    fn the_notebook_embeds_the_apps_data_and_initial_weights_exactly() {
        let query = "panel=wide&view=train&width=8&n=5&amp=0.7&seed=4";
        let nb = notebook(&format!("?{query}"));
        assert_eq!(nb["nbformat"], 4);
        assert_eq!(nb["nbformat_minor"], 5);
        assert!(source(&nb["cells"][0]).contains("(http://localhost/?panel=wide)"));
        let c = WideConfig::from_query(&Query::parse(query), &mut Notices::default());
        let data = source(&nb["cells"][2]);
        let d = Data::new(5, f64::from(0.7f32), 4);
        assert_eq!(numbers_after(&data, "    4: ("), d.x);
        assert_eq!(numbers_after(&data, "    4: (np.array(["), d.y);
        // The pool: the widest net's units, whose first 8 are the view's net.
        let pool = floats_after(&data, "POOLS = {\n    4: ");
        assert_eq!(pool.len(), 3 * WIDEST + 1);
        let net = WideNet::from_pool(&c.train_spec(8).kernels(), 8, 4, 0);
        assert_eq!(pool[0], net.c);
        for j in 0..8 {
            assert_eq!(pool[1 + 3 * j..4 + 3 * j], [net.u[j], net.b[j], net.v[j]], "unit {j}");
        }
        let widest = WideNet::from_pool(&c.train_spec(8).kernels(), WIDEST, 4, 0);
        assert_eq!(
            pool[3 * WIDEST - 2..],
            [widest.u[WIDEST - 1], widest.b[WIDEST - 1], widest.v[WIDEST - 1]]
        );
        assert!(data.contains("PRIOR_NETS = np.array(["), "every view draws the prior");
        // Then the script's cells, the checks last.
        let cells = nb["cells"].as_array().unwrap();
        assert!(source(cells.last().unwrap()).contains("All numbers agree with the app."));
    }

    #[test]
    fn the_prior_embeds_its_2000_nets_up_to_width_16_and_then_draws_its_own() {
        let nb = notebook("?panel=wide&width=16&seed=3&act=relu");
        let data = source(&nb["cells"][2]);
        let c = WideConfig::from_query(&Query::parse("width=16&seed=3&act=relu"), &mut Notices::default());
        // Row 2 is net 3 (pool 3 of the seed).
        let third = floats_after(&data, "PRIOR_NETS = np.array([\n    f64(").len();
        assert_eq!(third, 3 * 16 + 1);
        let rows: Vec<&str> = data
            .split("PRIOR_NETS = np.array([\n")
            .nth(1)
            .unwrap()
            .lines()
            .collect();
        assert_eq!(rows.len(), DRAWS + 1, "2,000 rows and the closing bracket");
        let row = floats_after(rows[2], "");
        let net = WideNet::from_pool(&c.train_spec(16).kernels(), 16, 3, 3);
        assert_eq!((row[0], row[1], row[2], row[3]), (net.c, net.u[0], net.b[0], net.v[0]));
        assert_eq!(row[48], net.v[15]);
        assert!(nb.to_string().len() < 2_000_000, "{} bytes", nb.to_string().len());
        let wider = notebook("?panel=wide&width=17");
        assert!(source(&wider["cells"][2]).contains("PRIOR_NETS = None"));
        assert!(wider.to_string().len() < 200_000);
    }

    #[test]
    fn the_app_numbers_are_the_engines() {
        let nb = notebook("?panel=wide&view=train&width=32&act=relu&t=100&n=6");
        let app = source(&nb["cells"][3]);
        let c = WideConfig::from_query(
            &Query::parse("view=train&width=32&act=relu&t=100&n=6"),
            &mut Notices::default(),
        );
        let text = |v: f64| serde_json::to_string(&v).unwrap();
        let mut run = Run::new(&c.train_spec(32), &the_grid());
        let mut at = None;
        run.run(|s| {
            if s.t == 100 {
                at = Some(s);
            }
        });
        let at = at.unwrap();
        for (key, v) in [
            ("net_vs_kernel", at.net_vs_kernel),
            ("rel_weight_change", at.rel_weight_change),
            ("rel_kernel_change", at.rel_kernel_change),
            ("eta", run.eta()),
        ] {
            assert!(
                app.contains(&format!("\"{key}\":{}", text(v))),
                "{key} {v} not in {app}"
            );
        }
        let widest = final_figures(&spec(&c, WIDEST, c.seed), &the_grid()).unwrap();
        assert!(app.contains(&format!("\"widest\":{}", text(widest.net_vs_kernel))));
        assert!(app.contains("\"sweep\":None"));
        let prior = PriorSpec {
            act: Act::Relu,
            width: 32,
            seed: 1,
            draws: DRAWS,
            x0: X0,
        };
        let d = summarise(draws_at(&prior, |_| {}), prior.kernels().nngp(X0, X0), BINS);
        assert!(app.contains(&format!("\"excess_kurtosis\":{}", text(d.excess_kurtosis))));
        assert!(app.contains(&format!("\"ks\":{}", text(d.ks))));
    }
}
