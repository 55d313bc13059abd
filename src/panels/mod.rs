//! The panel registry. A panel is one folder here: `mod.rs` (its `INFO`), `config.rs` (its
//! URL keys, pure), `jobs.rs` if it runs work in the compute worker (pure), and `view/`
//! (wasm only: its Leptos view and drawing). Adding a panel means adding its folder, one
//! line to `registry!` below (and a `SUMMARY` beside `INFO`) and its page's two-line binary in `src/bin/` (plus one
//! `<link>` in index.html); navigation, routing, the worker's dispatch, the service
//! worker's cache list and the embed rules follow from this list.

/// What the shell needs to know of a panel (pure data: no view, so that listing a panel
/// in the navigation does not link its code into other panels' pages).
#[derive(Debug)]
pub struct PanelInfo {
    /// The URL name, `?panel=<id>`; also the name of its page's binary and files.
    pub id: &'static str,
    /// The title in the navigation.
    pub title: &'static str,
}

/// Declares the panels: each `id` is a module here with a `pub const INFO: PanelInfo`;
/// those marked `jobs` also have `jobs::run`, which the compute worker runs
/// (through `crate::jobs::run_encoded`).
macro_rules! registry {
    ($($id:ident $(: $jobs:ident)?),* $(,)?) => {
        $(pub mod $id;)*

        /// Every panel; the first is the home page.
        pub const PANELS: &[&PanelInfo] = &[$(&$id::INFO),*];

        /// Each panel's sentence for the home page, in the order of `PANELS` (apart from
        /// `PanelInfo`, so that only the home page's module carries them).
        pub const SUMMARIES: &[&str] = &[$($id::SUMMARY),*];

        /// Runs the compute-worker job `request` (encoded) of `panel`, handing each encoded
        /// update to `report`; the job "notebook" builds a panel's notebook
        /// (`crate::notebook::run`). Unknown panels and undecodable requests are refused in words.
        pub fn run_job(panel: &str, request: &[u8], report: &mut dyn FnMut(Vec<u8>)) -> Result<(), String> {
            $($(
                if panel == $id::INFO.id {
                    let _ = stringify!($jobs);
                    return crate::jobs::run_encoded(request, report, $id::jobs::run);
                }
            )?)*
            if panel == "notebook" {
                return crate::notebook::run(request, report);
            }
            Err(format!("no panel called “{panel}” runs jobs"))
        }
    };
}

registry! {
    home,
    lecture,
    sets: jobs,
    digits: jobs,
    restarts: jobs,
    sam,
    lowrank: jobs,
    wide: jobs,
    measures: jobs,
    bench,
}

/// The ids of every panel, home first (for URL parsing).
pub fn panel_ids() -> Vec<&'static str> {
    PANELS.iter().map(|p| p.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_home_comes_first() {
        let ids = panel_ids();
        assert_eq!(ids[0], "home");
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        assert!(ids.iter().all(|id| id.chars().all(|c| c.is_ascii_lowercase())));
    }

    /// The two steps of adding a panel outside its folder (its page binary and its link
    /// in index.html) fail here, by name, if forgotten.
    #[test]
    fn every_panel_has_its_page_binary_and_its_link() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let index = std::fs::read_to_string(root.join("index.html")).expect("index.html");
        for id in panel_ids() {
            let bin = std::fs::read_to_string(root.join(format!("src/bin/{id}.rs")))
                .unwrap_or_else(|_| panic!("panel “{id}” needs src/bin/{id}.rs with genlab::panel_page!({id});"));
            assert!(
                bin.contains(&format!("panel_page!({id})")),
                "src/bin/{id}.rs must call genlab::panel_page!({id})"
            );
            assert!(
                index.contains(&format!("data-bin=\"{id}\"")),
                "index.html needs <link data-trunk rel=\"rust\" data-bin=\"{id}\" …> for panel “{id}”"
            );
        }
        for entry in std::fs::read_dir(root.join("src/bin")).expect("src/bin") {
            let name = entry
                .expect("an entry")
                .file_name()
                .into_string()
                .expect("a UTF-8 name");
            let id = name.trim_end_matches(".rs");
            assert!(
                id == "worker" || panel_ids().contains(&id),
                "src/bin/{name} is not a registered panel"
            );
        }
    }

    #[test]
    fn panels_without_jobs_refuse_them_in_words() {
        let mut reports = 0;
        let err = run_job("sam", &[], &mut |_| reports += 1).unwrap_err();
        assert!(err.contains("sam"));
        assert_eq!(reports, 0);
    }
}
