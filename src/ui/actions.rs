//! The panel actions interface: what a panel can do, registered by the panel, used by the
//! shell's keyboard shortcuts, its embed toolbar and the message API for host pages.
//!
//! The shell provides one `PanelActions` by context before it builds the panel. A panel
//! takes it with `use_actions()` and registers what it has, each a small closure over its
//! own signals:
//! - `run_pause(running, set)`: whether its long work runs, and how to start (`true`) or
//!   pause (`false`) it; pausing stops the work but keeps what it has shown;
//! - `step(f)`: one step; `preset(name, f)`: presets 1…9 in the order registered.
//! Its settings (`query`, `apply`, the reset to the link's settings) are registered by
//! `use_url_config`, so they come with every panel for free.
//!
//! The kit's own work gate, `go()`, is what automatic jobs wait for (`use_job` does): it is
//! false while the page is paused (Space on a panel without a registered run, a host's
//! `genlab:stop`), before anything was asked in an embed without `autorun=1`, and while
//! an embed is off screen, its tab hidden or its slide left.

use crate::state::{Notices, Query};
use leptos::prelude::*;
use std::rc::Rc;

type Action = Rc<dyn Fn()>;

#[derive(Default)]
struct Slots {
    run: Option<(Signal<bool>, Rc<dyn Fn(bool)>)>,
    step: Option<Action>,
    presets: Vec<(&'static str, Action)>,
    query: Option<Rc<dyn Fn() -> Query>>,
    apply: Option<Rc<dyn Fn(&Query) -> Notices>>,
    /// A host's messages waiting for the next animation frame (`ui::host`): settings,
    /// run/stop, and whether a frame is already asked for.
    inbox: (Option<Query>, Option<bool>, bool),
}

/// One page's actions and its run state.
#[derive(Clone, Copy)]
pub struct PanelActions {
    slots: StoredValue<Slots, LocalStorage>,
    /// Notified when the panel registers something: the shell is built before the panel
    /// (see `ui::app`), and what reads the registered run, step, presets or settings
    /// follows them once they are there.
    registered: Trigger,
    /// Whether the student or host allows work (false in an embed until asked, or paused).
    pub allowed: RwSignal<bool>,
    /// Whether the page is seen: false while an embed is off screen, its tab hidden or its
    /// slide left.
    pub visible: RwSignal<bool>,
    /// Projector mode (`present=1`, key `P`): canvases read `scale()`.
    pub projector: RwSignal<bool>,
    /// Bumped after a change of settings made through this interface.
    pub version: RwSignal<u32>,
    /// Jobs of `use_job` running now.
    pub busy: RwSignal<u32>,
}

impl PanelActions {
    /// An empty set of actions; `allowed` says whether work may start on its own.
    pub fn new(allowed: bool, projector: bool) -> PanelActions {
        PanelActions {
            slots: StoredValue::new_local(Slots::default()),
            registered: Trigger::new(),
            allowed: RwSignal::new(allowed),
            visible: RwSignal::new(true),
            projector: RwSignal::new(projector),
            version: RwSignal::new(0),
            busy: RwSignal::new(0),
        }
    }

    // ---- what a panel registers ----

    /// The panel's run/pause: `running` says whether it works now, `set(true)` starts or
    /// resumes, `set(false)` pauses.
    /// The registration ends with the view that made it (a panel's tab, say): the shell
    /// must not ask a disposed tab whether it runs.
    pub fn run_pause(&self, running: impl Fn() -> bool + Send + Sync + 'static, set: impl Fn(bool) + 'static) {
        let running = Signal::derive(running);
        self.slots.update_value(|s| s.run = Some((running, Rc::new(set))));
        self.registered.notify();
        let (slots, registered) = (self.slots, self.registered);
        on_cleanup(move || {
            slots.try_update_value(|s| s.run = None);
            if !registered.is_disposed() {
                registered.notify();
            }
        });
    }

    /// The panel's single step (until the view that registered it goes).
    pub fn step(&self, f: impl Fn() + 'static) {
        self.slots.update_value(|s| s.step = Some(Rc::new(f)));
        self.registered.notify();
        let slots = self.slots;
        on_cleanup(move || {
            slots.try_update_value(|s| s.step = None);
        });
    }

    /// Adds a preset (the first is key 1).
    pub fn preset(&self, name: &'static str, f: impl Fn() + 'static) {
        self.slots.update_value(|s| s.presets.push((name, Rc::new(f))));
        self.registered.notify();
    }

    /// The panel's settings as a query, and how to apply one (with notices).
    pub fn settings(&self, query: impl Fn() -> Query + 'static, apply: impl Fn(&Query) -> Notices + 'static) {
        self.slots.update_value(|s| {
            s.query = Some(Rc::new(query));
            s.apply = Some(Rc::new(apply));
        });
        self.registered.notify();
    }

    // ---- what the shell uses ----

    /// Whether automatic work may go on now. Printing asks for it too: an embed that was
    /// never started draws its figures for paper (`ui::print`).
    pub fn go(&self) -> bool {
        (self.allowed.get() || super::print::printing().get()) && self.visible.get()
    }

    /// Resolves once the gate is open (checked every 50 ms), for work in slices on the page.
    pub async fn wait_go(&self) {
        while !untrack(|| self.go()) {
            super::tasks::sleep_ms(50).await;
        }
    }

    /// Whether the panel is switched on: its registered run is running, or (a panel
    /// without one) its work is allowed, whether or not a job is busy now.
    pub fn running(&self) -> bool {
        self.registered.track();
        match self.slots.with_value(|s| s.run.as_ref().map(|r| r.0)) {
            Some(running) => running.get(),
            None => self.allowed.get(),
        }
    }

    /// Puts a host's settings or run/stop in the inbox; true when a frame must be asked for.
    pub(super) fn post(&self, set: Option<Query>, run: Option<bool>) -> bool {
        self.slots
            .try_update_value(|s| {
                if set.is_some() {
                    s.inbox.0 = set;
                }
                if run.is_some() {
                    s.inbox.1 = run;
                }
                !std::mem::replace(&mut s.inbox.2, true)
            })
            .unwrap_or(false)
    }

    /// Takes what the inbox holds.
    pub(super) fn take_inbox(&self) -> (Option<Query>, Option<bool>) {
        self.slots
            .try_update_value(|s| {
                let taken = (s.inbox.0.take(), s.inbox.1.take());
                s.inbox.2 = false;
                taken
            })
            .unwrap_or_default()
    }

    /// Whether the panel registered its own run/pause.
    pub fn has_run(&self) -> bool {
        self.registered.track();
        self.slots.with_value(|s| s.run.is_some())
    }

    /// Whether the panel registered a single step.
    pub fn has_step(&self) -> bool {
        self.registered.track();
        self.slots.with_value(|s| s.step.is_some())
    }

    /// Starts (`true`) or pauses (`false`) the panel's work.
    pub fn set_running(&self, on: bool) {
        if on {
            self.allowed.set(true);
        }
        match self.slots.with_value(|s| s.run.as_ref().map(|r| Rc::clone(&r.1))) {
            Some(set) => set(on),
            None => self.allowed.set(on),
        }
    }

    /// Space: pause what runs, start what does not.
    pub fn toggle(&self) {
        let on = untrack(|| self.running());
        self.set_running(!on);
    }

    /// One step, if the panel has one.
    pub fn do_step(&self) {
        if let Some(f) = self.slots.with_value(|s| s.step.clone()) {
            f();
        }
    }

    /// Preset `k` (1-based), if the panel has it.
    pub fn do_preset(&self, k: usize) {
        let f = self
            .slots
            .with_value(|s| s.presets.get(k.wrapping_sub(1)).map(|p| Rc::clone(&p.1)));
        if let Some(f) = f {
            f();
            self.version.update(|v| *v = v.wrapping_add(1));
        }
    }

    /// The presets' names, in key order.
    pub fn preset_names(&self) -> Vec<&'static str> {
        self.registered.track();
        self.slots.with_value(|s| s.presets.iter().map(|p| p.0).collect())
    }

    /// The panel's settings as a query (empty for a panel without settings).
    pub fn query(&self) -> Query {
        self.registered.track();
        self.slots
            .with_value(|s| s.query.clone())
            .map(|q| q())
            .unwrap_or_default()
    }

    /// Applies a whole settings query, as the URL would, returning the notices.
    pub fn apply(&self, query: &Query) -> Notices {
        let found = match self.slots.with_value(|s| s.apply.clone()) {
            Some(apply) => apply(query),
            None => Notices::default(),
        };
        self.version.update(|v| *v = v.wrapping_add(1));
        found
    }

    /// Line widths and marker sizes are multiplied by this (1, or 2 in projector mode).
    pub fn scale(&self) -> f64 {
        if self.projector.get() {
            PROJECTOR_SCALE
        } else {
            1.0
        }
    }
}

/// How much thicker lines and larger markers and chart labels are in projector mode.
pub const PROJECTOR_SCALE: f64 = 2.0;

/// The page's actions (a panel registers into them).
pub fn use_actions() -> PanelActions {
    expect_context::<PanelActions>()
}

/// The drawing scale of this page (1 outside the shell, for instance in a test).
pub fn scale() -> f64 {
    use_context::<PanelActions>().map_or(1.0, |a| a.scale())
}
