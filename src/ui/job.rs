//! The job hook: a compute-worker job that follows a reactive request. Whenever the
//! request changes, the running job is cancelled (its worker terminated) and a new one
//! started; updates are folded into a state signal. The first job starts only after the
//! page's first paint, so the worker's download never delays a panel's first view, and
//! only while the page's work gate is open (`PanelActions::go`): a paused job's worker is
//! stopped, its results stay, and it runs again when the gate reopens.

use super::actions::PanelActions;
use super::tasks::{after_first_paint, now_ms};
use super::worker::{start_encoded, JobHandle};
use crate::jobs::{decode, encode, JobEvent};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;

/// The one sentence a student reads when the compute worker cannot run.
pub const FAILURE: &str =
    "The compute worker could not start (offline before it was ever loaded?), so this cannot run. Reload when online.";

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum JobStatus {
    /// Waiting for the first paint, or not started.
    Waiting,
    /// Running since this time (ms since the page started).
    Running(f64),
    /// Finished after this many milliseconds.
    Done(f64),
    /// The worker failed to load, crashed or refused the request.
    Failed,
}

/// A job's folded results and its status.
pub struct Job<S: 'static> {
    /// What the updates so far add up to.
    pub state: ReadSignal<S>,
    /// Where the job stands.
    pub status: ReadSignal<JobStatus>,
}

impl<S> Clone for Job<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for Job<S> {}

/// Runs panel `panel`'s job `request()` in a worker, again whenever the request changes;
/// each run starts from `S::default()` and folds every update in with `fold`.
pub fn use_job<Q, U, S>(
    panel: &'static str,
    request: impl Fn() -> Q + Send + Sync + 'static,
    fold: fn(&mut S, U),
) -> Job<S>
where
    Q: Serialize + 'static,
    U: DeserializeOwned + 'static,
    S: Default + Send + Sync + 'static,
{
    let (state, set_state) = signal(S::default());
    // The request as bytes (equal requests encode equally, so it changes only when the
    // request does) and the two steps that know S and U, erased: the rest, `run_job`, is
    // one copy for every job of the page.
    let encoded = Memo::new(move |_| encode(&request()));
    let reset: Rc<dyn Fn()> = Rc::new(move || set_state.set(S::default()));
    let apply: Rc<dyn Fn(Vec<u8>) -> bool> = Rc::new(move |bytes: Vec<u8>| {
        decode::<U>(&bytes)
            .map(|update| set_state.update(|s| fold(s, update)))
            .is_ok()
    });
    let status = run_job(panel, encoded, reset, apply);
    Job { state, status }
}

/// The job's lifecycle for `use_job`: runs the encoded `request` whenever it changes (or
/// the gate reopens on an unfinished one), `reset` before each run, and hands every update
/// to `apply` (false: undecodable, the job failed).
fn run_job(
    panel: &'static str,
    request: Memo<Vec<u8>>,
    reset: Rc<dyn Fn()>,
    apply: Rc<dyn Fn(Vec<u8>) -> bool>,
) -> ReadSignal<JobStatus> {
    let (status, set_status) = signal(JobStatus::Waiting);
    let painted = RwSignal::new(false);
    after_first_paint(move || {
        let _ = painted.try_set(true);
    });
    // The page's work gate (see `ui::actions`): paused, an embed not yet started, or off screen.
    let actions = use_context::<PanelActions>();
    // The running job; replacing or dropping it terminates its worker. `counted` says
    // whether it is counted in the page's busy jobs; `finished` whether the current
    // request's job ran to its end, so reopening the gate does not run it again.
    let running = StoredValue::new_local(None::<JobHandle>);
    let counted = StoredValue::new(false);
    let finished = StoredValue::new(false);
    let uncount = move || {
        if counted.try_get_value() == Some(true) {
            counted.set_value(false);
            if let Some(a) = actions {
                a.busy.update(|b| *b = b.saturating_sub(1));
            }
        }
    };
    on_cleanup(uncount);
    Effect::new(move |previous: Option<Vec<u8>>| {
        let request = request.get();
        let go = actions.is_none_or(|a| a.go());
        if previous.as_ref() != Some(&request) {
            finished.set_value(false);
        }
        if !painted.get() || finished.get_value() {
            return request;
        }
        if !go {
            // Paused: the worker stops, what it reported stays on screen.
            running.set_value(None);
            uncount();
            if matches!(status.get_untracked(), JobStatus::Running(_)) {
                set_status.set(JobStatus::Waiting);
            }
            return request;
        }
        reset();
        let t0 = now_ms();
        set_status.set(JobStatus::Running(t0));
        if !counted.get_value() {
            counted.set_value(true);
            if let Some(a) = actions {
                a.busy.update(|b| *b += 1);
            }
        }
        let apply = Rc::clone(&apply);
        let failed = move || {
            set_status.set(JobStatus::Failed);
            uncount();
        };
        let handle = start_encoded(
            panel,
            &request,
            Rc::new(move |event| match event {
                JobEvent::Update(update) => {
                    if !apply(update) {
                        failed();
                    }
                }
                JobEvent::Done => {
                    set_status.set(JobStatus::Done(now_ms() - t0));
                    finished.set_value(true);
                    uncount();
                }
                JobEvent::Failed => failed(),
            }),
        );
        if handle.is_none() {
            set_status.set(JobStatus::Failed);
            uncount();
        }
        running.set_value(handle);
        request
    });
    status
}
