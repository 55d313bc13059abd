//! The page of panel “The lecture”: the shell and this panel only (see `genlab::panels`).
genlab::panel_page!(lecture);
