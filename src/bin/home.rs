//! The page of panel “Home”: the shell and this panel only (see `genlab::panels`).
genlab::panel_page!(home);
