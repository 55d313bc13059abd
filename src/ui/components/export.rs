//! Saving a figure as PNG or its numbers as CSV, entirely in the page (a download of a
//! data or blob URL; nothing is sent anywhere).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// Starts a download of `href` under the name `filename`.
fn download(href: &str, filename: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(anchor) = document
        .create_element("a")
        .map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>())
    else {
        return;
    };
    anchor.set_href(href);
    anchor.set_download(filename);
    anchor.click();
}

/// Saves a canvas as a PNG file.
pub fn save_png(canvas: &HtmlCanvasElement, filename: &str) {
    if let Ok(url) = canvas.to_data_url() {
        download(&url, filename);
    }
}

/// Saves text as a CSV file.
pub fn save_csv(text: &str, filename: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
        download(&url, filename);
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// "PNG" and "CSV" buttons for one figure: `canvas` is saved as `<name>.png`, the text
/// `csv` builds is saved as `<name>.csv`.
#[component]
pub fn ExportButtons(
    /// The figure's canvas.
    canvas: NodeRef<leptos::html::Canvas>,
    /// Base file name.
    name: &'static str,
    /// Builds the CSV text when asked.
    csv: impl Fn() -> String + 'static,
) -> impl IntoView {
    // Boxed, so that one copy of the buttons serves every figure (a component generic in
    // its closure is compiled once per call site).
    export_buttons(canvas, name, Box::new(csv))
}

fn export_buttons(
    canvas: NodeRef<leptos::html::Canvas>,
    name: &'static str,
    csv: Box<dyn Fn() -> String>,
) -> impl IntoView {
    view! {
        <span class="export">
            <button type="button" class="small" data-testid=format!("{name}-png")
                on:click=move |_| if let Some(c) = canvas.get_untracked() { save_png(&c, &format!("{name}.png")) }>
                "Save PNG"
            </button>
            {csv_button(name.to_owned(), csv)}
        </span>
    }
}

/// The "Save CSV" button alone (also for a figure drawn on more than one canvas layer):
/// the text `csv` builds is saved as `<name>.csv`.
#[component]
pub fn CsvButton(
    /// Base file name (and test id `<name>-csv`).
    #[prop(into)]
    name: String,
    /// Builds the CSV text when asked.
    csv: impl Fn() -> String + 'static,
) -> impl IntoView {
    csv_button(name, Box::new(csv))
}

fn csv_button(name: String, csv: Box<dyn Fn() -> String>) -> impl IntoView {
    let file = format!("{name}.csv");
    view! {
        <button type="button" class="small" data-testid=format!("{name}-csv")
            on:click=move |_| save_csv(&csv(), &file)>
            "Save CSV"
        </button>
    }
}
