//! The page of panel “Green vs magenta”: the shell and this panel only (see `genlab::panels`).
genlab::panel_page!(sets);
