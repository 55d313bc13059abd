//! The page of panel “Real digits” (see `genlab::panels`).
genlab::panel_page!(digits);
