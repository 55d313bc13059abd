//! The page of panel “Sharpness and SAM”: the shell and this panel only (see `genlab::panels`).
genlab::panel_page!(sam);
