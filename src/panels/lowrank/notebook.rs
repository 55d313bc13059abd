//! The deep-linear-networks panel's notebook (`crate::notebook`): the view's settings, the
//! ground truth, its observed entries and every model's initial factors exactly as the app
//! drew them, the app's numbers (its readout `lowrank-readout`, the spectra at the end, the
//! steps, and the other tab's readout `reparam-readout`), then `notebook.py`, which trains
//! depth 1, 2 and N by gradient descent in numpy, solves the minimum nuclear norm
//! completion by the app's soft-impute, draws the matrices and the singular values over
//! training, and checks the app's numbers.

use super::config::LowrankConfig;
use super::jobs::{self, Request};
use super::trace::Training;
use crate::engine::completion::Problem;
use crate::engine::deep_linear::FactorRun;
use crate::engine::reparam::LineFit;
use crate::notebook::{python_literal, settings_cell, Notebook};
use crate::state::{Notices, PanelConfig, Query};
use serde::Serialize;

/// Gradient-descent steps the reparametrisation tab draws (its view's `STEPS`; the view is
/// compiled for the page only, so the number is repeated here).
const REPARAM_STEPS: usize = 100;

/// The notebook of the view `q` (the page's query), linked to `link`.
pub fn build(q: &Query, link: &str) -> String {
    let c = LowrankConfig::from_query(q, &mut Notices::default());
    let problem = Problem::new(&c.spec());
    let depths = c.depths();
    let mut nb = Notebook::default();
    nb.markdown(&format!(
        "# Deep linear networks, in Python\n\
         Matrix completion by deep factorisations $W = W_N \\cdots W_1$ (Arora, Cohen, Hu and Luo \
         2019): a rank-{r} {n} x {n} truth of which {k} entries are seen, completed by gradient \
         descent at depth 1, 2 and {d} from the scale {init:e}, and by the minimum nuclear norm, \
         exactly as in [this view of genlab]({link}): open it beside the notebook. At the end, the \
         other tab's two parametrisations of one line.\n\n\
         Needs only numpy and matplotlib. At the default settings it runs in about 4 s. The cost \
         grows with the steps each model takes (about 30 microseconds a step at depth 3 and n = 10, \
         40 at depth 4 and n = 16): the largest settings, 100 000 steps at depth 2 and 4 with \
         n = 16 when neither converges, take about 10 s. The panel's k-sweep (6 values of k, 8 \
         seeds, every depth and soft-impute at each: 48 problems, about 10 s in the app's engine) \
         would take one to two minutes in plain numpy and is left out.",
        r = c.rank,
        n = problem.n,
        k = c.k,
        d = c.depth,
        init = c.init,
    ));
    nb.code(&settings_cell(&c));
    nb.code(&format!(
        "# The app drew the truth, the observed entries and the initial factors below for SIZE, RANK,\n\
         # K, DEPTH, INIT and SEED: change those in the app and download again. STEPS, S and W1 ... W4\n\
         # can be changed here.\n{}",
        data_cell(&c, &problem)
    ));
    nb.code(&format!(
        "# The app's numbers for these settings: its readout (k, init, models, nuclear, done) and,\n\
         # from the same training, each model's step size, final loss and singular values (the\n\
         # spectra's last frame, kept as 32-bit floats), the nuclear norm of the soft-impute\n\
         # completion, and the other tab's readout (reparam). The engine computes in 64-bit floats.\n\
         APP = {}",
        python_literal(&app_numbers(&c, &depths))
    ));
    nb.script(include_str!("notebook.py"));
    nb.to_json()
}

/// The truth, the mask and the initial factors of each model, each value exactly as the
/// app has it.
fn data_cell(c: &LowrankConfig, problem: &Problem) -> String {
    let n = problem.n;
    let mut cell = format!("# The truth M ({n} x {n}, rank {}), row by row.\n", c.rank);
    cell.push_str(&format!("TRUTH = {}.reshape({n}, {n})\n", array64(&problem.truth)));
    cell.push_str("# Which entries are observed (1) and which are hidden (0): the set Omega.\n");
    let mask: Vec<String> = problem.mask.iter().map(|&o| u8::from(o).to_string()).collect();
    cell.push_str(&format!("MASK = np.array([{}]).reshape({n}, {n})\n", mask.join(", ")));
    cell.push_str(
        "# The initial factors of the three models (depth 1, 2 and DEPTH), as the app drew them:\n\
         # FACTORS0[m][j] is W_{j+1} of model m, W_1 first.\n",
    );
    let models: Vec<String> = c
        .depths()
        .iter()
        .map(|&d| {
            let run = FactorRun::new(problem, d, c.init, c.seed);
            let values: Vec<f64> = run.factors.concat();
            format!("{}.reshape({d}, {n}, {n})", array64(&values))
        })
        .collect();
    cell.push_str(&format!("FACTORS0 = [\n    {},\n]", models.join(",\n    ")));
    cell
}

/// `np.array([...])` with each value as Rust prints an f64: the shortest text that reads
/// back as the same double.
fn array64(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("np.array([{}])", items.join(", "))
}

/// One model at the end of its training, as the readout shows it.
#[derive(Serialize)]
struct ModelEnd {
    depth: usize,
    rel_test_error: f64,
    effective_rank: f64,
    steps: usize,
    converged: bool,
}

#[derive(Serialize)]
struct NuclearEnd {
    rel_test_error: f64,
}

#[derive(Serialize)]
struct Line {
    slope: f64,
    intercept: f64,
}

/// The reparametrisation tab's readout.
#[derive(Serialize)]
struct Reparam {
    s: f64,
    plain: Line,
    scaled: Line,
}

/// The app's numbers: the readout's keys first, in its order, then what the notebook
/// checks besides.
#[derive(Serialize)]
struct App {
    k: usize,
    init: f64,
    models: Vec<ModelEnd>,
    nuclear: Option<NuclearEnd>,
    done: bool,
    eta: Vec<f64>,
    loss: Vec<f64>,
    singular_values: Vec<Vec<f32>>,
    nuclear_norm: Option<f64>,
    reparam: Reparam,
}

/// The training job the page runs for settings `c` (the view's `train_request`), folded
/// as the page folds it.
fn trained(c: &LowrankConfig) -> Training {
    let request = Request::Train {
        spec: c.spec(),
        depths: c.depths().to_vec(),
        init: c.init,
        steps: c.steps,
        from: Vec::new(),
    };
    let mut training = Training::default();
    jobs::run(&request, &mut |u| training.fold(u));
    training
}

/// What the readouts show once training is done, and the rest of the app's numbers.
fn app_numbers(c: &LowrankConfig, depths: &[usize; 3]) -> String {
    let t = trained(c);
    let last = |m: usize| t.models.get(m).and_then(|tr| tr.last());
    let models = t
        .models
        .iter()
        .zip(depths)
        .filter_map(|(tr, &depth)| {
            tr.last().map(|f| ModelEnd {
                depth,
                rel_test_error: f.rel_test_error,
                effective_rank: f.effective_rank,
                steps: f.step,
                converged: tr.outcome.is_some_and(|o| o.converged),
            })
        })
        .collect();
    let problem = Problem::new(&c.spec());
    let line = |fit: LineFit, start: [f64; 2]| {
        let path = fit.path(start, fit.step_size(), REPARAM_STEPS);
        let (slope, intercept) = fit.line(*path.last().unwrap_or(&start));
        Line { slope, intercept }
    };
    let [plain, scaled] = c.fits();
    let app = App {
        k: c.k,
        init: c.init,
        models,
        nuclear: t.nuclear.as_ref().map(|n| NuclearEnd {
            rel_test_error: n.rel_test_error,
        }),
        done: t.complete(),
        eta: depths
            .iter()
            .map(|&d| FactorRun::new(&problem, d, c.init, c.seed).eta)
            .collect(),
        loss: (0..3).filter_map(|m| last(m).map(|f| f.loss)).collect(),
        singular_values: (0..3)
            .filter_map(|m| last(m).map(|f| f.singular_values.clone()))
            .collect(),
        nuclear_norm: t.nuclear.as_ref().map(|n| n.nuclear_norm),
        reparam: Reparam {
            s: c.s,
            plain: line(plain, c.plain_start),
            scaled: line(scaled, c.scaled_start),
        },
    };
    serde_json::to_string(&app).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::completion::{effective_rank, singular_values, soft_impute};
    use crate::engine::deep_linear::train;
    use crate::notebook::cell_text as source;
    use serde_json::Value;

    fn notebook(query: &str) -> Value {
        serde_json::from_str(&build(&Query::parse(query), "http://localhost/?panel=lowrank")).expect("valid JSON")
    }

    /// The numbers of the `index`-th `np.array([...])` after `from` in `cell`, read as
    /// Python reads them.
    fn numbers(cell: &str, from: &str, index: usize) -> Vec<f64> {
        let mut rest = &cell[cell.find(from).unwrap_or_else(|| panic!("{from} missing"))..];
        for _ in 0..index {
            rest = &rest[rest.find("np.array([").unwrap() + 10..];
        }
        let start = rest.find("np.array([").unwrap() + 10;
        let end = start + rest[start..].find(']').unwrap();
        rest[start..end].split(", ").map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn the_parameter_cell_lists_every_url_key() {
        // Every key the panel writes into a link (each setting away from its default). A
        // short training: 1000 steps at n = 6.
        let c = LowrankConfig {
            tab: super::super::config::Tab::Reparam,
            size: 6,
            rank: 1,
            k: 20,
            depth: 4,
            init: 0.01,
            steps: 1_000,
            seed: 7,
            s: 3.0,
            plain_start: [0.5, -0.25],
            scaled_start: [1.5, 0.125],
            autorun: true,
        };
        let mut q = Query::default();
        c.write_query(&mut q);
        let nb = notebook(&format!("?{}", q.encode()));
        let settings = source(&nb["cells"][1]);
        for (key, _) in q.pairs() {
            assert!(settings.contains(&format!("# {key}:")), "{key} missing:\n{settings}");
        }
        assert_eq!(q.pairs().count(), LowrankConfig::PARAMS.len());
        assert!(settings.starts_with("import numpy as np\nimport matplotlib.pyplot as plt\n"));
        for line in [
            "TAB = \"reparam\"",
            "SIZE = 6",
            "RANK = 1",
            "K = 20",
            "DEPTH = 4",
            "INIT = 0.01",
            "STEPS = 1000",
            "SEED = 7",
            "S = 3.0",
            "W1 = 0.5",
            "W2 = -0.25",
            "W3 = 1.5",
            "W4 = 0.125",
            "AUTORUN = True",
        ] {
            assert!(settings.contains(line), "{line}:\n{settings}");
        }
    }

    #[test]
    fn the_notebook_embeds_the_apps_truth_mask_and_initial_factors_exactly() {
        let query = "panel=lowrank&size=7&rank=2&k=30&depth=4&init=0.01&steps=1000&seed=5";
        let nb = notebook(&format!("?{query}"));
        assert_eq!(nb["nbformat"], 4);
        assert!(source(&nb["cells"][0]).contains("(http://localhost/?panel=lowrank)"));
        let c = LowrankConfig::from_query(&Query::parse(query), &mut Notices::default());
        let problem = Problem::new(&c.spec());
        let data = source(&nb["cells"][2]);
        assert_eq!(numbers(&data, "TRUTH = ", 0), problem.truth);
        let mask: Vec<bool> = numbers(&data, "MASK = ", 0).iter().map(|&v| v == 1.0).collect();
        assert_eq!(mask, problem.mask);
        assert_eq!(problem.mask.iter().filter(|&&o| o).count(), 30);
        for (m, depth) in [1, 2, 4].into_iter().enumerate() {
            let factors = FactorRun::new(&problem, depth, c.init, c.seed).factors.concat();
            assert_eq!(factors.len(), depth * 49);
            assert_eq!(numbers(&data, "FACTORS0 = ", m), factors, "depth {depth}");
            assert!(data.contains(&format!("]).reshape({depth}, 7, 7)")));
        }
        // Then the script's cells, the checks last.
        let cells = nb["cells"].as_array().unwrap();
        assert!(source(cells.last().unwrap()).contains("All numbers agree with the app."));
    }

    #[test]
    fn the_app_numbers_are_the_engines() {
        for query in [
            "panel=lowrank&size=6&rank=1&k=20&steps=2000&seed=3",
            "panel=lowrank&size=8&rank=2&k=40&depth=4&init=0.01&steps=1000&seed=2&s=3&w3=0.5&w4=-1",
        ] {
            let nb = notebook(&format!("?{query}"));
            let cell = source(&nb["cells"][3]);
            // Each number as the engine computes it, in the text Python reads back exactly.
            let has = |fragment: String| assert!(cell.contains(&fragment), "{fragment} not in {cell}");
            let text = |v: f64| serde_json::to_string(&v).unwrap();
            let c = LowrankConfig::from_query(&Query::parse(query), &mut Notices::default());
            let problem = Problem::new(&c.spec());
            has(format!("APP = {{\"k\":{},\"init\":{},\"models\":[", c.k, text(c.init)));
            let mut etas = Vec::new();
            let mut spectra = Vec::new();
            for &depth in &c.depths() {
                // Each model trained directly by the engine ends where the readout says.
                let run = train(&problem, depth, c.init, c.seed, c.steps);
                let sv = singular_values(&run.product(), problem.n);
                has(format!(
                    "{{\"depth\":{depth},\"rel_test_error\":{},\"effective_rank\":{},\"steps\":{},\"converged\":{}}}",
                    text(problem.rel_test_error(&run.product())),
                    text(effective_rank(&sv)),
                    run.step,
                    if run.converged() { "True" } else { "False" }
                ));
                etas.push(text(run.eta));
                spectra.push(serde_json::to_string(&run.snapshot(&problem).singular_values).unwrap());
            }
            has(format!("\"eta\":[{}]", etas.join(",")));
            has(format!("\"singular_values\":[{}]", spectra.join(",")));
            let w = soft_impute(&problem);
            has(format!(
                "\"nuclear\":{{\"rel_test_error\":{}}},\"done\":True",
                text(problem.rel_test_error(&w))
            ));
            let [plain, scaled] = c.fits();
            for (name, fit, start) in [("plain", plain, c.plain_start), ("scaled", scaled, c.scaled_start)] {
                let end = *fit.path(start, fit.step_size(), REPARAM_STEPS).last().unwrap();
                has(format!(
                    "\"{name}\":{{\"slope\":{},\"intercept\":{}}}",
                    text(fit.scale * end[0]),
                    text(end[1])
                ));
            }
        }
    }
}
