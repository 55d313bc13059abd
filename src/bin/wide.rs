//! The page of panel “Infinite width”: the shell and this panel only (see `genlab::panels`).
genlab::panel_page!(wide);
