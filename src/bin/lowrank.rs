//! The page of panel “Deep linear networks”: the shell and this panel only (see `genlab::panels`).
genlab::panel_page!(lowrank);
