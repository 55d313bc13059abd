//! The SGD-restarts panel's notebook (`crate::notebook`): the view's settings, the data
//! (training points with the labels as the app drew them, random ones included, and the
//! test points), the exact starting points and minibatch orders of the first restarts,
//! the app's numbers for those restarts, then `notebook.py`, which retrains them in numpy
//! (SGD with momentum on the logistic loss, the app's minibatches), draws the histogram of
//! test accuracies and the decision boundaries, and checks the app's numbers.
//!
//! Every restart's minibatch order is `STEPS` x `BATCH` indices: all 100 default restarts
//! would make a file of about 5 MB, so the notebook reruns the first few (`reruns`), and its
//! headline numbers are those of the same restarts in the app.

use super::config::RestartsConfig;
use crate::engine::restarts::{
    experiment_data, initial_params, minibatch_orders, restart_seed, run_restart, Pipeline, RestartSpec, RunResult,
};
use crate::engine::Mlp;
use crate::notebook::{python_literal, settings_cell, Notebook};
use crate::state::{Notices, PanelConfig, Query};

/// Numbers (starting weights and minibatch indices) the reruns may embed: about 1.2 MB of
/// text at the default settings (20 restarts), at most about 1.8 MB when one restart alone
/// needs more (the longest minibatch orders: 5000 steps on 200 points).
const EMBED_BUDGET: usize = 350_000;

/// Floating-point operations the reruns may cost (`Mlp::flops_per_step`): numpy trains them
/// three times (see `notebook.py`) at some 4 GFLOP/s here, so about 10 s at most.
const FLOP_BUDGET: f64 = 1e10;

/// How many of the view's restarts the notebook reruns from the app's own starting points
/// and minibatches: all of them when they fit `EMBED_BUDGET` and `FLOP_BUDGET`, else the
/// first ones that do (a multiple of 5 above 10), at least one.
pub fn reruns(c: &RestartsConfig) -> usize {
    let spec = c.spec();
    let mlp = Mlp::new(&spec.widths, spec.activation);
    let batch = spec.batch_size.min(spec.n_train);
    let by_size = EMBED_BUDGET / (mlp.param_count() + order_len(&spec));
    let by_time = (FLOP_BUDGET / (mlp.flops_per_step(batch) * spec.steps as f64)) as usize;
    let runs = c.runs as usize;
    let k = by_size.min(by_time).min(runs).max(1);
    if k < runs && k > 10 {
        k / 5 * 5
    } else {
        k
    }
}

/// Minibatch indices one restart embeds: one permutation per epoch, none at full batch
/// (every step then uses every point, in whatever order).
fn order_len(spec: &RestartSpec) -> usize {
    let n = spec.n_train;
    if spec.batch_size >= n {
        0
    } else {
        spec.steps.div_ceil(n.div_ceil(spec.batch_size)) * n
    }
}

/// One restart in the page's run table (its JSON readout, `restarts-summary`): the same
/// fields, names and order.
#[derive(serde::Serialize)]
struct Row {
    seed: u64,
    pipeline: &'static str,
    train_acc: f32,
    test_acc: f32,
    lambda_max: f32,
    lambda_scaled: f32,
    rescale_shift: f32,
    draws: u64,
    diverged: bool,
}

impl From<&RunResult> for Row {
    fn from(r: &RunResult) -> Row {
        Row {
            seed: r.seed,
            pipeline: r.pipeline.key(),
            train_acc: r.train_acc,
            test_acc: r.test_acc,
            lambda_max: r.lambda_max,
            lambda_scaled: r.lambda_scaled,
            rescale_shift: r.rescale_shift,
            draws: r.draws,
            diverged: r.diverged,
        }
    }
}

/// The app's numbers for the rerun restarts: their rows of the run table and their final
/// training losses (the CSV export's `train_loss`).
#[derive(serde::Serialize)]
struct App {
    runs: Vec<Row>,
    train_loss: Vec<f32>,
}

/// The notebook of the view `q` (the page's query), linked to `link`.
pub fn build(q: &Query, link: &str) -> String {
    let c = RestartsConfig::from_query(q, &mut Notices::default());
    let spec = c.spec();
    let k = reruns(&c);
    let (train, test) = experiment_data(&spec);
    let seeds: Vec<u64> = (0..k as u32).map(|i| restart_seed(&spec, i)).collect();
    let results: Vec<RunResult> = seeds
        .iter()
        .flat_map(|&seed| run_restart(&spec, &train, &test, seed, &[Pipeline::Sgd]))
        .collect();
    let mut nb = Notebook::default();
    nb.markdown(&intro(&c, k, link));
    nb.code(&settings_cell(&c));
    nb.code(&data_cell(&c, &seeds));
    let app = App {
        runs: results.iter().map(Row::from).collect(),
        train_loss: results.iter().map(|r| r.train_loss).collect(),
    };
    nb.code(&format!(
        "# The app's numbers for these restarts: their rows of the panel's run table (its JSON readout)\n\
         # and their final training losses (the CSV export), to compare with at the end.\nAPP = {}",
        python_literal(&serde_json::to_string(&app).unwrap_or_default())
    ));
    nb.script(include_str!("notebook.py"));
    nb.to_json()
}

/// The first cell: what the notebook does, its link, what it needs and costs.
fn intro(c: &RestartsConfig, k: usize, link: &str) -> String {
    let spec = c.spec();
    let act = if c.activation == crate::engine::Activation::Relu {
        "ReLU"
    } else {
        "tanh"
    };
    let runs = c.runs as usize;
    let which = if k == runs {
        format!("all {k} restarts of the view")
    } else if k == 1 {
        format!("the first of the view's {runs} restarts")
    } else {
        format!("the first {k} of the view's {runs} restarts")
    };
    let all = if k == runs {
        String::new()
    } else {
        format!(
            " All {runs} would train in about {:.0} s, but their minibatch orders ({} numbers a restart) would make \
             this file about {:.0} MB; set `MORE` below to add restarts from numpy's own random starts, compared \
             with the app's as a sample.",
            seconds(&spec, runs),
            order_len(&spec),
            embedded_mb(&spec, runs)
        )
    };
    let left_out = if c.compare_bad || c.guess {
        " The view's other pipelines (adversarial starts and SGD + weight decay, guess-and-check) are left out: \
         the notebook reruns its SGD runs."
    } else {
        ""
    };
    format!(
        "# SGD restarts, in Python\n\
         The same {} {act} network trained many times on the same {} points of *{}*, each time from other random \
         starts, exactly as in [this view of genlab]({link}): open it beside the notebook. The notebook retrains \
         {which} in numpy, from the app's own starting points and minibatches, draws the histogram of their test \
         accuracies and their decision boundaries, and checks the app's numbers for the same restarts.{all}\n\n\
         Needs only numpy and matplotlib; runs in about {:.0} s.{left_out} The panel's curvature figures (λ_max, \
         the top eigenvalue of each run's Hessian) and its map of minima are left out.",
        widths_text(&spec.widths),
        c.n_train,
        c.dataset.key(),
        seconds(&spec, k) + 3.0
    )
}

/// "2-16-16-1".
fn widths_text(widths: &[usize]) -> String {
    widths.iter().map(usize::to_string).collect::<Vec<_>>().join("-")
}

/// Megabytes of text that `runs` restarts' starting points and orders would take.
fn embedded_mb(spec: &RestartSpec, runs: usize) -> f64 {
    let params = Mlp::new(&spec.widths, spec.activation).param_count();
    (runs * (12 * params + 4 * order_len(spec))) as f64 / 1e6
}

/// Rough seconds numpy takes to train `k` restarts three times (measured: a fixed cost per
/// step of the vectorised loop, plus the arithmetic at about 4 GFLOP/s).
fn seconds(spec: &RestartSpec, k: usize) -> f64 {
    let mlp = Mlp::new(&spec.widths, spec.activation);
    let per_step = 4e-4 + k as f64 * mlp.flops_per_step(spec.batch_size.min(spec.n_train)) / 4e9;
    3.0 * spec.steps as f64 * per_step
}

/// The data and the rerun restarts' starting points and minibatch orders, each value
/// exactly as the app has it. The numbers are written as text in a string: a notebook
/// parses a list of many thousand literals slowly (IPython tokenises every one).
fn data_cell(c: &RestartsConfig, seeds: &[u64]) -> String {
    let spec = c.spec();
    let (train, test) = experiment_data(&spec);
    let (clean, _) = experiment_data(&RestartSpec {
        corruption: 0.0,
        ..spec.clone()
    });
    let mut cell = String::from(
        "def f32(text):\n    \"\"\"Numbers written as text, read as the app's 32-bit floats (exactly), then widened.\"\"\"\n    \
         return np.array(text.split(), dtype=float).astype(np.float32).astype(float)\n\n\n",
    );
    cell.push_str(&format!(
        "# Layer widths, input first: DEPTH hidden layers of WIDTH units and one output. The data and the\n\
         # starts below were drawn by the app for DATA, N, Q, SEED and the network: change those in the app\n\
         # and download again. LR, MOM and ALPHA can be changed here.\nWIDTHS = {:?}\n",
        spec.widths
    ));
    cell.push_str(&format!(
        "# The training points and their labels (+1 or -1) as the app drew them: a share Q replaced by random\n\
         # labels (Zhang et al. 2017); Y_CLEAN holds the dataset's own labels, before that.\n{}\n{}\n{}\n",
        floats("X_TRAIN", &train.x, ".reshape(-1, 2)"),
        floats("Y_TRAIN", &train.y, ""),
        floats("Y_CLEAN", &clean.y, "")
    ));
    cell.push_str(&format!(
        "# The test points, with clean labels.\n{}\n{}\n",
        floats("X_TEST", &test.x, ".reshape(-1, 2)"),
        floats("Y_TEST", &test.y, "")
    ));
    cell.push_str(&format!(
        "# The restarts rerun here: restart k has seed SEED + k; its random starting point w_0 (every\n\
         # parameter, layer by layer) and the permutation of the training points of each of its epochs.\n\
         RERUN = {}\n",
        seeds.len()
    ));
    let starts: Vec<f32> = seeds.iter().flat_map(|&s| initial_params(&spec, s)).collect();
    cell.push_str(&floats("STARTS", &starts, ".reshape(RERUN, -1)"));
    cell.push('\n');
    if order_len(&spec) == 0 {
        cell.push_str("ORDERS = None  # BATCH >= N: every step uses all the training points");
    } else {
        let indices: Vec<String> = seeds
            .iter()
            .flat_map(|&s| minibatch_orders(&spec, train.len(), s).into_iter().flatten())
            .map(|i| i.to_string())
            .collect();
        cell.push_str(&format!(
            "ORDERS = np.array(\"{}\".split(), dtype=int).reshape(RERUN, -1, N)",
            indices.join(" ")
        ));
    }
    cell
}

/// `name = f32("...")` + `tail`: each value as the shortest text that reads back as the
/// app's f32 (whole numbers without a decimal point).
fn floats(name: &str, values: &[f32], tail: &str) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
    format!("{name} = f32(\"{}\"){tail}", items.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::optim::Optimiser;
    use crate::engine::{Loss, OptimiserConfig};
    use crate::notebook::cell_text as source;
    use serde_json::Value;

    fn notebook(query: &str) -> Value {
        serde_json::from_str(&build(&Query::parse(query), "http://localhost/?panel=restarts")).expect("valid JSON")
    }

    fn config(query: &str) -> RestartsConfig {
        RestartsConfig::from_query(&Query::parse(query), &mut Notices::default())
    }

    /// The numbers in the string of `name = ...("...")` in `cell`, as Python reads them.
    fn numbers(cell: &str, name: &str) -> Vec<f64> {
        let line = cell
            .split('\n')
            .find(|l| l.starts_with(&format!("{name} = ")))
            .unwrap_or_else(|| panic!("{name} missing"));
        let text = line.split('"').nth(1).unwrap();
        text.split_whitespace().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn the_parameter_cell_lists_every_url_key() {
        // Every key the panel writes into a link (each setting away from its default).
        let c = config(
            "data=xor&n=30&width=8&depth=3&act=relu&lr=0.2&mom=0.5&batch=5&steps=100&runs=7&q=0.25&bad=1&guess=1\
             &alpha=2&seed=9&autorun=1",
        );
        let mut q = Query::default();
        c.write_query(&mut q);
        assert_eq!(q.pairs().count(), RestartsConfig::PARAMS.len());
        let nb = notebook(&format!("?{}", q.encode()));
        let settings = source(&nb["cells"][1]);
        for (key, _) in q.pairs() {
            assert!(settings.contains(&format!("  # {key}:")), "{key} missing:\n{settings}");
        }
        for line in [
            "DATA = \"xor\"",
            "N = 30",
            "ACT = \"relu\"",
            "LR = 0.2",
            "Q = 0.25",
            "BAD = True",
            "SEED = 9",
        ] {
            assert!(settings.contains(line), "{line}:\n{settings}");
        }
        // The notebook's script reads the settings under these names.
        let script = include_str!("notebook.py");
        for name in ["N", "ACT", "LR", "MOM", "BATCH", "STEPS", "RUNS", "ALPHA", "SEED"] {
            assert!(
                script.contains(name) && settings.contains(&format!("\n{name} = ")),
                "{name}"
            );
        }
    }

    #[test]
    fn the_notebook_embeds_the_apps_data_starts_and_minibatches_exactly() {
        let query = "panel=restarts&q=0.3&n=30&batch=7&steps=60&runs=3&seed=5";
        let nb = notebook(&format!("?{query}"));
        assert_eq!(nb["nbformat"], 4);
        assert!(source(&nb["cells"][0]).contains("(http://localhost/?panel=restarts)"));
        let data = source(&nb["cells"][2]);
        let spec = config(query).spec();
        let (train, test) = experiment_data(&spec);
        // Each text read as a double and rounded to a float (dtype=np.float32) is the app's value.
        let as_f32 = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
        assert_eq!(as_f32(numbers(&data, "X_TRAIN")), train.x);
        assert_eq!(as_f32(numbers(&data, "Y_TRAIN")), train.y);
        assert_eq!(as_f32(numbers(&data, "X_TEST")), test.x);
        assert_eq!(as_f32(numbers(&data, "Y_TEST")), test.y);
        // Some labels were replaced: Y_CLEAN differs from Y_TRAIN there.
        let clean = numbers(&data, "Y_CLEAN");
        assert!(clean.iter().zip(&train.y).any(|(a, b)| *a as f32 != *b));
        // All three restarts (seeds 5, 6, 7) with their starts and their epochs' permutations.
        assert!(data.contains("\nRERUN = 3\n"));
        let starts: Vec<f32> = (5..8).flat_map(|s| initial_params(&spec, s)).collect();
        assert_eq!(as_f32(numbers(&data, "STARTS")), starts);
        let orders: Vec<f64> = (5..8)
            .flat_map(|s| minibatch_orders(&spec, 30, s).into_iter().flatten())
            .map(|i| i as f64)
            .collect();
        assert_eq!(numbers(&data, "ORDERS"), orders);
        // 60 steps of 5 minibatches per epoch (7, 7, 7, 7, 2): 12 epochs per restart.
        assert_eq!(orders.len(), 3 * 12 * 30);
        // The app's numbers are the engine's.
        let app = source(&nb["cells"][3]);
        let run = &run_restart(&spec, &train, &test, 6, &[Pipeline::Sgd])[0];
        let row = serde_json::to_string(&Row::from(run)).unwrap();
        assert!(app.contains(&python_literal(&row)), "{row} not in {app}");
        assert!(app.contains(&format!("{:?}", run.train_loss)));
        // Then the script's cells, the checks last.
        let cells = nb["cells"].as_array().unwrap();
        assert!(source(cells.last().unwrap()).contains("All numbers agree with the app."));
    }

    #[test]
    fn training_from_the_embedded_starts_and_orders_is_the_apps_training() {
        // SGD with momentum on the logistic loss, step by step from the exported start over
        // the exported minibatches, ends exactly where the app's trainer ends.
        let c = config("n=25&batch=6&steps=40&mom=0.9&lr=0.3");
        let spec = c.spec();
        let (train, _) = experiment_data(&spec);
        let mlp = Mlp::new(&spec.widths, spec.activation);
        let seed = restart_seed(&spec, 2);
        let mut w = initial_params(&spec, seed);
        let optimiser = OptimiserConfig {
            momentum: spec.momentum,
            ..OptimiserConfig::sgd(spec.lr)
        };
        let mut opt = Optimiser::new(optimiser, w.len());
        let mut ws = mlp.workspace(spec.batch_size);
        let batches: Vec<Vec<usize>> = minibatch_orders(&spec, train.len(), seed)
            .iter()
            .flat_map(|order| order.chunks(spec.batch_size).map(<[usize]>::to_vec).collect::<Vec<_>>())
            .take(spec.steps)
            .collect();
        for batch in &batches {
            let sub = train.subset(batch);
            opt.step(
                &mut w,
                |p, g| mlp.loss_and_grad(p, &sub.x, &sub.y, Loss::Logistic, &mut ws, g),
                None,
            );
        }
        let config = crate::engine::TrainConfig {
            loss: Loss::Logistic,
            optimiser,
            batch_size: spec.batch_size,
        };
        let mut trainer = crate::engine::Trainer::new(
            mlp.clone(),
            initial_params(&spec, seed),
            config,
            crate::engine::rng::seeded(seed, crate::engine::rng::Stream::Sgd, 0),
        );
        trainer.run(&train, spec.steps).unwrap();
        assert_eq!(w, trainer.params);
        assert_eq!(batches.len(), spec.steps);
    }

    #[test]
    fn the_reruns_fit_the_file_and_the_time() {
        // The default view: 20 of its 100 restarts (15 337 numbers each).
        assert_eq!(reruns(&RestartsConfig::default()), 20);
        // Few restarts: all of them.
        assert_eq!(reruns(&config("runs=7")), 7);
        // Full batch embeds no orders; the random-labels preset is bounded by time.
        let preset = RestartsConfig::random_labels(1);
        assert_eq!(order_len(&preset.spec()), 0);
        assert_eq!(reruns(&preset), 4);
        // The longest orders still give one restart, within the size the budget allows.
        let heavy = config("n=200&batch=100&steps=5000&width=64&depth=4&runs=300");
        assert_eq!(reruns(&heavy), 1);
        assert!(embedded_mb(&heavy.spec(), 1) < 2.2, "{}", embedded_mb(&heavy.spec(), 1));
        // And the default notebook's file stays well under 2 MB.
        let size = build(&Query::parse("panel=restarts"), "http://localhost/").len();
        assert!(size < 1_600_000, "{size} bytes");
    }
}
