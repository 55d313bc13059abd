//! genlab: watch why deep networks generalise, with small networks trained live in the
//! browser.
//!
//! Import rules (enforced by the build: the web crates exist only for wasm32):
//! - `engine` — pure numerics (the `genlab-engine` crate, re-exported); std, rand,
//!   nalgebra, serde and libm only. Knows nothing of panels.
//! - `state`  — pure URL state shared by every panel: query parsing, clamping with notices.
//! - `jobs`   — pure compute-worker message encoding.
//! - `notebook` — pure: each panel's Jupyter notebook, built in the compute worker.
//! - `plot`   — pure scales and colour helpers; its `canvas` submodule (wasm only)
//!   draws onto HTML canvases.
//! - `panels` — one folder per panel and the registry; a panel's `config` and `jobs` are
//!   pure, its `view` is wasm only. A panel never imports another panel.
//! - `ui`     — (wasm only) the shell and the kit the panels' views share.

pub use genlab_engine as engine;
/// `tex!("…")` / `tex_block!("…")`: LaTeX as MathML Core, converted at compile time.
pub use genlab_tex::{tex, tex_block, tex_fmt, tex_html, tex_text};
pub mod jobs;
pub mod notebook;
pub mod panels;
pub mod plot;
pub mod state;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub mod ui;

/// The `main` of panel `$id`'s page (a binary in `src/bin/`): mounts the shell with that
/// panel's `view::page` and nothing else, so the page's WebAssembly holds only this panel.
#[macro_export]
macro_rules! panel_page {
    ($id:ident) => {
        // Talc instead of the default dlmalloc: a few KB less to download on every page.
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        #[global_allocator]
        static ALLOCATOR: $crate::ui::talc::wasm::WasmDynamicTalc =
            $crate::ui::talc::wasm::new_wasm_dynamic_allocator();

        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        fn main() {
            $crate::ui::start(&$crate::panels::$id::INFO, $crate::panels::$id::view::page);
        }

        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        fn main() {
            eprintln!("genlab is a web app: run scripts/serve.sh (see README.md).");
        }
    };
}
