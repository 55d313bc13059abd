//! Notebooks that continue a panel in Python (issue #27): a Jupyter notebook (nbformat 4)
//! of the panel's current view, with its settings, its exact data and starting points,
//! and short numpy code that reruns the experiment, draws the panel's main figure and
//! checks its headline numbers against the app's. Pure: the compute worker builds them
//! (`run`) from the page's query, so the code and the Python text never reach a page's
//! first load; `assets/notebook.js` asks for one and saves it.
//!
//! A panel's notebook is a Python script in the percent format of jupytext and VS Code
//! (`# %%` starts a code cell, `# %% [markdown]` a text cell whose lines start `# `),
//! kept beside the panel as a `.py` file so that it reads and lints as Python; the panel's
//! `notebook` module puts the link, the parameter cell, the data and the app's numbers
//! around it.

use crate::state::{PanelConfig, Query};
use serde_json::{json, Value};

/// The panels that offer a notebook (the Download notebook button and the Share box row).
pub const PANELS: &[&str] = &["sets", "digits", "restarts", "sam", "lowrank", "wide", "measures"];

/// A notebook being written.
#[derive(Debug, Default)]
pub struct Notebook {
    cells: Vec<Value>,
}

impl Notebook {
    /// A text cell (Markdown).
    pub fn markdown(&mut self, text: &str) -> &mut Self {
        let id = self.next_id();
        self.cells
            .push(json!({"cell_type": "markdown", "id": id, "metadata": {}, "source": lines(text)}));
        self
    }

    /// A code cell, not yet run.
    pub fn code(&mut self, text: &str) -> &mut Self {
        let id = self.next_id();
        self.cells.push(json!({
            "cell_type": "code", "id": id, "execution_count": null, "metadata": {}, "outputs": [], "source": lines(text),
        }));
        self
    }

    /// The next cell's id (nbformat 4.5 gives every cell one).
    fn next_id(&self) -> String {
        format!("cell-{}", self.cells.len() + 1)
    }

    /// The cells of a percent-format script (see the module's comment), in order.
    pub fn script(&mut self, script: &str) -> &mut Self {
        for (markdown, body) in percent_cells(script) {
            if markdown {
                let text: Vec<&str> = body
                    .lines()
                    .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
                    .collect();
                self.markdown(&text.join("\n"));
            } else {
                self.code(&body);
            }
        }
        self
    }

    /// The notebook as nbformat 4 JSON, for the Python 3 kernel.
    pub fn to_json(&self) -> String {
        let notebook = json!({
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                "language_info": {"name": "python"},
            },
            "cells": self.cells,
        });
        serde_json::to_string_pretty(&notebook).unwrap_or_default()
    }
}

/// nbformat stores a cell's text as its lines, each but the last with its `\n`.
fn lines(text: &str) -> Vec<String> {
    let text = text.trim_matches('\n');
    let mut out: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// (is markdown, text) of each `# %%` cell of `script`; text before the first marker is
/// dropped (a module comment for readers of the `.py` file).
fn percent_cells(script: &str) -> Vec<(bool, String)> {
    let mut cells: Vec<(bool, String)> = Vec::new();
    for line in script.lines() {
        if let Some(rest) = line.strip_prefix("# %%") {
            cells.push((rest.trim_start().starts_with("[markdown]"), String::new()));
        } else if let Some((_, body)) = cells.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    cells.retain(|(_, body)| !body.trim().is_empty());
    cells
}

/// `name = np.array([...])` for Python, each value as Rust prints it (the shortest text
/// that reads back as the same f32, so the notebook starts from exactly the app's values).
pub fn array(name: &str, values: &[f32]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("{name} = np.array([{}])", items.join(", "))
}

/// JSON (numbers, booleans, null; no strings) as a Python literal.
pub fn python_literal(json: &str) -> String {
    json.replace("true", "True")
        .replace("false", "False")
        .replace("null", "None")
}

/// The notebook's first code cell: the imports, then the view's settings, one line per
/// URL key of the panel (`PanelConfig::PARAMS`): `LR = 0.05  # lr: learning rate; 0.001
/// to 2`. The Python name is the key in capitals.
pub fn settings_cell<C: PanelConfig>(config: &C) -> String {
    let mut cell = String::from(
        "import numpy as np\nimport matplotlib.pyplot as plt\n\n# The view's settings, one per URL key (key: meaning; accepted values).\n",
    );
    for p in C::PARAMS {
        let name = p.key.to_ascii_uppercase();
        cell.push_str(&format!(
            "{name} = {}  # {}: {}; {}\n",
            p.python(config),
            p.key,
            p.meaning.get(),
            p.accepts(config)
        ));
    }
    cell.trim_end().to_owned()
}

/// The text of a notebook cell (its `source` lines joined), for tests.
#[cfg(test)]
pub fn cell_text(cell: &Value) -> String {
    cell["source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect()
}

/// A Python string literal of `text`.
pub fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The notebook of the view at `href` (a page's address with its query): its panel's,
/// linked to the view, or why there is none.
pub fn build(href: &str) -> Result<String, String> {
    let (address, query) = href.split_once('?').unwrap_or((href, ""));
    let q = Query::parse(query);
    let link = crate::state::share::links(address, &q).plain;
    match q.get("panel").unwrap_or_default() {
        "sam" => Ok(crate::panels::sam::notebook::build(&q, &link)),
        "sets" => Ok(crate::panels::sets::notebook::build(&q, &link)),
        "restarts" => Ok(crate::panels::restarts::notebook::build(&q, &link)),
        "lowrank" => Ok(crate::panels::lowrank::notebook::build(&q, &link)),
        "wide" => Ok(crate::panels::wide::notebook::build(&q, &link)),
        "measures" => Ok(crate::panels::measures::notebook::build(&q, &link)),
        "digits" => Ok(crate::panels::digits::notebook::build(&q, &link)),
        other => Err(format!("the panel “{other}” has no notebook")),
    }
}

/// The compute worker's job "notebook": the request is the page's address as UTF-8, the
/// one update the notebook's JSON.
pub fn run(request: &[u8], report: &mut dyn FnMut(Vec<u8>)) -> Result<(), String> {
    let href = std::str::from_utf8(request).map_err(|_| "the address is not UTF-8".to_owned())?;
    report(build(href)?.into_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percent_script_becomes_its_cells() {
        let script = "\"\"\"for readers of the file\"\"\"\n# %% [markdown]\n# # Title\n# Some *text*.\n\n# %%\nx = 1\nprint(x)\n";
        let mut nb = Notebook::default();
        nb.script(script);
        let v: Value = serde_json::from_str(&nb.to_json()).unwrap();
        assert_eq!(v["nbformat"], 4);
        let cells = v["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0]["cell_type"], "markdown");
        assert_eq!(cells[0]["source"], json!(["# Title\n", "Some *text*."]));
        assert_eq!(cells[1]["cell_type"], "code");
        assert_eq!(cells[1]["source"], json!(["x = 1\n", "print(x)"]));
        assert_eq!(cells[1]["outputs"], json!([]));
    }

    #[test]
    fn arrays_read_back_as_the_same_f32() {
        let values = [0.1f32, -1.5, 1e-7, 3.0];
        let text = array("x", &values);
        assert_eq!(text, "x = np.array([0.1, -1.5, 1e-7, 3.0])");
        let inner = text.trim_start_matches("x = np.array([").trim_end_matches("])");
        let back: Vec<f32> = inner.split(", ").map(|s| s.parse().unwrap()).collect();
        assert_eq!(back, values);
    }

    #[test]
    fn panels_without_a_notebook_are_refused_in_words() {
        assert!(build("http://localhost/?panel=lecture")
            .unwrap_err()
            .contains("lecture"));
        assert!(run(&[0xff], &mut |_| {}).is_err());
    }
}
