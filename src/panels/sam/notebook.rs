//! The sharpness panel's notebook (`crate::notebook`): the view's settings, the surface's
//! data and each step's random draws, the app's end points, then `notebook.py`, which
//! reruns gradient descent and SAM in numpy, draws the surface with both paths and checks
//! the app's numbers.

use super::config::SamConfig;
use crate::engine::landscape::{top_eigenvalue, trajectory, StepDraws, Trajectory};
use crate::notebook::{array, python_literal, settings_cell, string, Notebook};
use crate::state::{Notices, PanelConfig, Query};

/// The notebook of the view `q` (the page's query), linked to `link`.
pub fn build(q: &Query, link: &str) -> String {
    let c = SamConfig::from_query(q, &mut Notices::default());
    let p = c.preset();
    let is_data = super::surfaces::built_from_data(c.surface);
    let run = c.run(is_data);
    let mut nb = Notebook::default();
    nb.markdown(&format!(
        "# Sharpness and SAM, in Python\n\
         Gradient descent and sharpness-aware minimisation (Foret et al. 2021) on the surface \
         *{}*, exactly as in [this view of genlab]({link}): open it beside the notebook.\n\n\
         Needs only numpy and matplotlib. Runs top to bottom in a second or two; the basin \
         maps the panel can draw (a run from each of 120 x 120 starts) would take minutes in \
         plain numpy and are left out.",
        p.title
    ));
    nb.code(&settings_cell(&c));
    nb.code(&data_cell(&c, is_data));
    // The app's numbers at each path's end, printed as its readout prints them (f32).
    #[derive(serde::Serialize)]
    struct End {
        end: [f32; 2],
        loss: f32,
        lambda_max: f32,
        left_at: Option<usize>,
    }
    let ends = |sam: bool| {
        let t: Trajectory = trajectory(&p.surface, p.domain, [c.x0, c.y0], run, sam);
        let end = t.end();
        End {
            end,
            loss: p.surface.value(end),
            lambda_max: top_eigenvalue(&p.surface, end),
            left_at: t.left_at,
        }
    };
    let app = serde_json::to_string(&std::collections::BTreeMap::from([
        ("gd", ends(false)),
        ("sam", ends(true)),
    ]))
    .unwrap_or_default();
    nb.code(&format!(
        "# The app's numbers for these settings (its readout), to compare with at the end.\nAPP = {}",
        python_literal(&app)
    ));
    nb.script(include_str!("notebook.py"));
    nb.to_json()
}

/// The window, the marked minima, the data of a surface built from data, and the random
/// draws of each step when stochastic gradients are on.
fn data_cell(c: &SamConfig, is_data: bool) -> String {
    let p = c.preset();
    let mut cell = String::from("# The plotted window [w1 min, w1 max, w2 min, w2 max] and the marked minima.\n");
    cell.push_str(&format!("DOMAIN = {:?}\n", p.domain));
    let minima: Vec<String> = p
        .minima
        .iter()
        .map(|(m, name)| format!("(({:?}, {:?}), {})", m[0], m[1], string(name)))
        .collect();
    cell.push_str(&format!("MINIMA = [{}]\n", minima.join(", ")));
    if let crate::engine::surface::Surface::Model { x, y, .. } = &p.surface {
        cell.push_str("# The training points the surface is the empirical risk of.\n");
        cell.push_str(&format!("{}\n{}\n", array("X", x), array("Y", y)));
    } else {
        cell.push_str("X = Y = None  # an analytic surface: no data\n");
    }
    let run = c.run(is_data);
    let mut draws = StepDraws::new(&p.surface, run);
    let steps: Vec<_> = (0..c.steps).map(|_| draws.next_step()).collect();
    if run.batch > 0 {
        let rows: Vec<String> = steps
            .iter()
            .map(|(b, _)| format!("{:?}", b.as_deref().unwrap_or_default()))
            .collect();
        cell.push_str("# Each step's minibatch (indices of training points), as the app drew them.\n");
        cell.push_str(&format!("BATCHES = np.array([{}])\n", rows.join(", ")));
    } else {
        cell.push_str("BATCHES = None  # every step uses all the training data\n");
    }
    if run.noise > 0.0 {
        let xi: Vec<f32> = steps.iter().flat_map(|(_, xi)| *xi).collect();
        cell.push_str("# Each step's gradient noise xi_t, as the app drew it.\n");
        cell.push_str(&format!("{}.reshape(-1, 2)\n", array("STEP_NOISE", &xi)));
    } else {
        cell.push_str("STEP_NOISE = None  # exact gradients\n");
    }
    cell.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::super::surfaces::{preset, PRESET_KEYS};
    use super::*;
    use serde_json::Value;

    fn notebook(query: &str) -> Value {
        serde_json::from_str(&build(&Query::parse(query), "http://localhost/?panel=sam")).expect("valid JSON")
    }

    use crate::notebook::cell_text as source;

    #[test]
    fn the_parameter_cell_lists_every_url_key() {
        // Every key the panel writes into a link (each setting away from its default).
        let mut c = SamConfig::default();
        c.surface = "tanh";
        (
            c.x0,
            c.y0,
            c.lr,
            c.rho,
            c.steps,
            c.sgd,
            c.noise,
            c.noise_seed,
            c.batch,
            c.test,
            c.basins,
        ) = (0.5, 0.5, 0.2, 0.1, 20, true, 1.0, 5, 3, true, true);
        let mut q = Query::default();
        c.write_query(&mut q);
        let nb = notebook(&format!("?{}", q.encode()));
        let settings = source(&nb["cells"][1]);
        for (key, _) in q.pairs() {
            assert!(
                settings.contains(&format!("# {key}")) || settings.contains(&format!(" {key}:")),
                "{key} missing:\n{settings}"
            );
        }
        assert_eq!(q.pairs().count(), SamConfig::PARAMS.len(), "{}", q.encode());
        assert!(
            settings.contains("SURFACE = \"tanh\"")
                && settings.contains("LR = 0.2  # lr: learning rate eta; 0.0001 to 10")
                && settings.contains("BATCH = 3")
                && settings.contains("X0 = 0.5  # x0: start point w1; within the surface's window")
        );
    }

    #[test]
    fn the_notebook_embeds_the_apps_data_draws_and_end_points() {
        let nb = notebook("?panel=sam&surface=tanh&sgd=1&batch=4&steps=30&nseed=3");
        assert_eq!(nb["nbformat"], 4);
        assert!(source(&nb["cells"][0]).contains("http://localhost/?panel=sam"));
        let data = source(&nb["cells"][2]);
        let p = preset("tanh").unwrap();
        let crate::engine::surface::Surface::Model { x, .. } = &p.surface else {
            panic!("a data surface")
        };
        assert!(data.contains(&array("X", x)));
        // The first step's minibatch is the one the engine draws.
        let c = SamConfig::from_query(
            &Query::parse("surface=tanh&sgd=1&batch=4&steps=30&nseed=3"),
            &mut Notices::default(),
        );
        let first = StepDraws::new(&p.surface, c.run(true)).next_step().0.unwrap();
        assert!(data.contains(&format!("BATCHES = np.array([{first:?}")), "{data}");
        assert!(data.contains("NOISE = None"));
        let app = source(&nb["cells"][3]);
        let gd = trajectory(&p.surface, p.domain, [c.x0, c.y0], c.run(true), false).end();
        assert!(app.contains(&format!("{:?}", gd[0])), "{app}");
        // Then the script's cells, the checks last.
        let cells = nb["cells"].as_array().unwrap();
        assert!(source(cells.last().unwrap()).contains("All numbers agree with the app."));
    }

    #[test]
    fn every_analytic_surface_is_in_the_script() {
        let script = include_str!("notebook.py");
        for key in PRESET_KEYS {
            let analytic = ["wells", "valley", "ravine"].contains(&key);
            assert!(!analytic || script.contains(&format!("def {key}(")), "{key}");
        }
    }
}
