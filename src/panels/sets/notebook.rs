//! The sets panel's notebook (`crate::notebook`): the view's settings, the random
//! features, the training data and the unit draws of gradient descent's random starts,
//! exactly as the app drew them, the app's numbers, then `notebook.py`, which recomputes
//! the three marked fits, the slice with its green and magenta sets and the ends of
//! gradient descent in numpy, draws the slice and the functions, and checks the app's
//! numbers.

use super::config::{SetsConfig, FEATURES};
use crate::engine::random_features::{inside_share, set_grid, RfModel, X_MAX};
use crate::engine::rf_minima::{descent_endpoints, random_starts};
use crate::notebook::{python_literal, settings_cell, Notebook};
use crate::state::{Notices, PanelConfig, Query};
use nalgebra::DVector;

/// Side of the grid on which the view counts the green cells inside magenta (the view's
/// `GRID`; the view is compiled for the page only, so the number is repeated here).
const GRID: usize = 300;

/// The notebook of the view `q` (the page's query), linked to `link`.
pub fn build(q: &Query, link: &str) -> String {
    let c = SetsConfig::from_query(q, &mut Notices::default());
    let model = RfModel::new(&c.spec());
    let mut nb = Notebook::default();
    nb.markdown(&format!(
        "# Green set vs magenta set, in Python\n\
         A random-features model on {} training points, its green set (the parameters that fit \
         the training data) and its magenta set (the parameters with low risk), exactly as in \
         [this view of genlab]({link}): open it beside the notebook.\n\n\
         Needs only numpy and matplotlib; runs in a few seconds. The panel's charts further \
         down (excess risk against N, the width and random-label sweeps) are left out.",
        c.n
    ));
    nb.code(&settings_cell(&c));
    nb.code(&format!(
        "# The app drew the data below for N, NOISE and SEED: change those in the app and download\n\
         # again. EPS, DELTA, WRONG and S can be changed here.\n\
         P = {FEATURES}  # number of random features (fixed)\n\
         X_MAX = {X_MAX:?}  # inputs and the risk's average lie in [-X_MAX, X_MAX]\n{}",
        data_cell(&c, &model)
    ));
    nb.code(&format!(
        "# The app's numbers for these settings (its readout and the sentences under the figures),\n\
         # to compare with at the end. The engine computes these in 64-bit floats.\nAPP = {}",
        python_literal(&app_numbers(&c, &model))
    ));
    nb.script(include_str!("notebook.py"));
    nb.to_json()
}

/// The features, the data and the random starts, each value exactly as the app has it.
fn data_cell(c: &SetsConfig, model: &RfModel) -> String {
    let mut cell = String::from("# The random features phi_j(x) = max(0, a_j x + b_j): slopes a_j and offsets b_j.\n");
    cell.push_str(&format!(
        "{}\n{}\n",
        array64("SLOPES", &model.slopes),
        array64("OFFSETS", &model.offsets)
    ));
    cell.push_str("# The training data: inputs x_i and noisy labels y_i = f*(x_i) + sigma z_i.\n");
    cell.push_str(&format!("{}\n{}\n", array64("X", &model.x), array64("Y", &model.y)));
    cell.push_str(
        "# The unit draws of gradient descent's random starts: start k is w0 = INIT_SCALE * Z[k]. The app draws\n\
         # them as 32-bit floats; each number below reads back as exactly that float.\n",
    );
    let unit: Vec<f32> = random_starts(FEATURES, 1.0, c.seed)
        .iter()
        .flat_map(|w| w.iter().map(|&v| v as f32))
        .collect();
    let items: Vec<String> = unit.iter().map(|v| format!("{v:?}")).collect();
    cell.push_str(&format!(
        "Z = np.array([{}], dtype=np.float32).astype(float).reshape(-1, P)",
        items.join(", ")
    ));
    cell
}

/// `name = np.array([...])` with each value as Rust prints an f64: the shortest text that
/// reads back as the same double.
fn array64(name: &str, values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("{name} = np.array([{}])", items.join(", "))
}

/// A marked fit: its plane coordinates, training error and risk.
#[derive(serde::Serialize)]
struct Mark {
    at: [f64; 2],
    train_error: f64,
    risk: f64,
}

/// The app's numbers: the panel's readout (same names), the marks, the window, and the
/// numbers its sentences state.
#[derive(serde::Serialize)]
struct App {
    n: u32,
    p: usize,
    inside_share: f64,
    gd_in_magenta: bool,
    bad_in_magenta: bool,
    bad_is_interpolant: bool,
    init_scale: f32,
    gd_inside_share: f64,
    ends: usize,
    ends_off_view: usize,
    window: [f64; 4],
    min_train_error: f64,
    min_risk: f64,
    bad_residual: f64,
    gd: Mark,
    bad: Mark,
    best: Mark,
}

/// What the view computes from `model` (`SetsView::new` and the readout), as JSON.
fn app_numbers(c: &SetsConfig, model: &RfModel) -> String {
    let slice = model.slice();
    let window = slice.window();
    let (epsilon, delta) = (f64::from(c.epsilon), f64::from(c.delta));
    let cells = set_grid(&slice, window, GRID, epsilon, delta);
    let ends = descent_endpoints(model, f64::from(c.init_scale), c.seed);
    let in_magenta = |w: &DVector<f64>| model.risk.value(w) <= slice.risk_min + delta;
    let [s0, s1, t0, t1] = window;
    let off_view = ends
        .iter()
        .filter(|w| {
            let d = *w - &slice.origin;
            let (s, t) = (d.dot(&slice.e1), d.dot(&slice.e2));
            !((s0..=s1).contains(&s) && (t0..=t1).contains(&t))
        })
        .count();
    let mark = |w: &DVector<f64>, at: [f64; 2]| Mark {
        at,
        train_error: model.empirical.value(w),
        risk: model.risk.value(w),
    };
    let app = App {
        n: c.n,
        p: FEATURES,
        inside_share: inside_share(&cells),
        gd_in_magenta: in_magenta(&model.w_gd),
        bad_in_magenta: in_magenta(&model.w_bad),
        bad_is_interpolant: model.bad_is_interpolant(),
        init_scale: c.init_scale,
        gd_inside_share: ends.iter().filter(|w| in_magenta(w)).count() as f64 / ends.len().max(1) as f64,
        ends: ends.len(),
        ends_off_view: off_view,
        window,
        min_train_error: slice.empirical_min,
        min_risk: slice.risk_min,
        bad_residual: model.bad_residual(),
        gd: mark(&model.w_gd, slice.gd),
        bad: mark(&model.w_bad, slice.bad),
        best: mark(&model.w_best, slice.best),
    };
    serde_json::to_string(&app).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn notebook(query: &str) -> Value {
        serde_json::from_str(&build(&Query::parse(query), "http://localhost/?panel=sets")).expect("valid JSON")
    }

    use crate::notebook::cell_text as source;

    /// The numbers of `name = np.array([...])` in `cell`, read as Python reads them.
    fn numbers(cell: &str, name: &str) -> Vec<f64> {
        let start = cell
            .find(&format!("{name} = np.array(["))
            .unwrap_or_else(|| panic!("{name} missing"))
            + name.len()
            + 13;
        let end = start + cell[start..].find(']').unwrap();
        cell[start..end].split(", ").map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn the_parameter_cell_lists_every_url_key() {
        // Every key the panel writes into a link (each setting away from its default).
        let c = SetsConfig {
            n: 50,
            epsilon: 0.2,
            delta: 0.5,
            noise: 0.3,
            wrong: 3,
            seed: 7,
            init_scale: 4.5,
            ridge: true,
        };
        let mut q = Query::default();
        c.write_query(&mut q);
        let nb = notebook(&format!("?{}", q.encode()));
        let settings = source(&nb["cells"][1]);
        for (key, _) in q.pairs() {
            assert!(settings.contains(&format!("# {key}:")), "{key} missing:\n{settings}");
        }
        assert_eq!(q.pairs().count(), SetsConfig::PARAMS.len());
        for line in [
            "N = 50  # n: training points; 2 to 200",
            "EPS = 0.2  # eps: green tolerance: the green set is R_hat(w) <= min R_hat + eps; 0.001 to 0.5",
            "DELTA = 0.5",
            "NOISE = 0.3",
            "WRONG = 3",
            "SEED = 7",
            "S = 4.5",
            "RIDGE = True",
        ] {
            assert!(settings.contains(line), "{line}:\n{settings}");
        }
    }

    #[test]
    fn the_notebook_embeds_the_apps_features_data_and_starts_exactly() {
        let query = "panel=sets&n=30&seed=4&noise=0.2&s=3";
        let nb = notebook(&format!("?{query}"));
        assert_eq!(nb["nbformat"], 4);
        assert!(source(&nb["cells"][0]).contains("http://localhost/?panel=sets"));
        let c = SetsConfig::from_query(&Query::parse(query), &mut Notices::default());
        let model = RfModel::new(&c.spec());
        let data = source(&nb["cells"][2]);
        assert_eq!(numbers(&data, "SLOPES"), model.slopes);
        assert_eq!(numbers(&data, "OFFSETS"), model.offsets);
        assert_eq!(numbers(&data, "X"), model.x);
        assert_eq!(numbers(&data, "Y"), model.y);
        // Z: each text read as a double, then rounded to a float (as numpy does with
        // dtype=np.float32), is the app's draw.
        let z: Vec<f64> = numbers(&data, "Z").iter().map(|&v| f64::from(v as f32)).collect();
        let unit: Vec<f64> = random_starts(FEATURES, 1.0, c.seed)
            .iter()
            .flat_map(|w| w.iter().copied().collect::<Vec<_>>())
            .collect();
        assert_eq!(z, unit);
        // The scaled starts are the app's: s times the unit draw, in doubles.
        let starts = random_starts(FEATURES, 3.0, c.seed);
        assert_eq!(starts[5][7], 3.0 * z[5 * FEATURES + 7]);
        // Then the script's cells, the checks last.
        let cells = nb["cells"].as_array().unwrap();
        assert!(source(cells.last().unwrap()).contains("All numbers agree with the app."));
    }

    #[test]
    fn the_app_numbers_are_the_engines() {
        for query in [
            "panel=sets",
            "panel=sets&n=60&wrong=20&s=0",
            "panel=sets&n=2&eps=0.5&delta=0.005",
        ] {
            let nb = notebook(&format!("?{query}"));
            let cell = source(&nb["cells"][3]);
            // Each number as the engine computes it, in text Python reads back exactly.
            let has = |fragment: String| assert!(cell.contains(&fragment), "{fragment} not in {cell}");
            let text = |v: f64| serde_json::to_string(&v).unwrap();
            let py = |b: bool| if b { "True" } else { "False" };
            let c = SetsConfig::from_query(&Query::parse(query), &mut Notices::default());
            let model = RfModel::new(&c.spec());
            let slice = model.slice();
            let (e, d) = (f64::from(c.epsilon), f64::from(c.delta));
            let share = inside_share(&set_grid(&slice, slice.window(), GRID, e, d));
            has(format!("\"inside_share\":{}", text(share)));
            has(format!("\"min_risk\":{}", text(slice.risk_min)));
            has(format!(
                "\"bad\":{{\"at\":[{},{}]",
                text(slice.bad[0]),
                text(slice.bad[1])
            ));
            has(format!(
                "\"gd\":{{\"at\":[0.0,0.0],\"train_error\":{}",
                text(model.empirical.value(&model.w_gd))
            ));
            has(format!("\"bad_is_interpolant\":{}", py(model.bad_is_interpolant())));
            let gd_in = model.risk.value(&model.w_gd) <= slice.risk_min + d;
            has(format!("\"gd_in_magenta\":{}", py(gd_in)));
            let ends = descent_endpoints(&model, f64::from(c.init_scale), c.seed);
            let inside = ends
                .iter()
                .filter(|w| model.risk.value(w) <= slice.risk_min + d)
                .count();
            has(format!(
                "\"gd_inside_share\":{}",
                text(inside as f64 / ends.len() as f64)
            ));
            has(format!("{{\"n\":{},\"p\":40,", c.n));
        }
    }
}
