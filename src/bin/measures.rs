//! The page of panel “Generalisation measures” (see `genlab::panels`).
genlab::panel_page!(measures);
