//! The page of panel “SGD restarts”: the shell and this panel only (see `genlab::panels`).
genlab::panel_page!(restarts);
