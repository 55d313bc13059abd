//! WebAssembly entry point: install the panic overlay, mount the app.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn main() {
    genlab::ui::panic_overlay::install();
    leptos::mount::mount_to_body(genlab::ui::App);
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn main() {
    eprintln!("genlab is a web app: run `make serve` (see README.md).");
}
