//! The page of panel “Benchmark”: the shell and this panel only (see `genlab::panels`).
genlab::panel_page!(bench);
