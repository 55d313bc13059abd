//! A batch of independent items (restarts, nets) trained on a worker pool: the items are
//! dealt out to one worker per core but one (`jobs::split`), each finished item's results
//! are kept as they arrive, a pause keeps them, and resuming runs only the items left
//! (`jobs::remaining`), so a paused experiment continues where it stopped.

use super::pool::{cores, Pool, Report};
use crate::jobs::{remaining, split, worker_count};
use crate::ui::tasks::now_ms;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Results reach the view at most this often while a batch runs.
const FLUSH_MS: u64 = 250;

/// The state of the current batch, as the view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch<C, R> {
    /// Which start or reset this is (a selection of results belongs to one).
    pub id: u64,
    /// The settings it runs (None before the first start).
    pub config: Option<C>,
    /// Results expected.
    pub total: usize,
    /// Web Workers training now (or last).
    pub workers: usize,
    /// Finished results, in the order of their items.
    pub results: Vec<R>,
    /// Milliseconds of work from the start to the latest results shown, pauses left out.
    pub elapsed_ms: f64,
    /// Whether workers are training.
    pub running: bool,
    /// Whether the student paused it before the end.
    pub stopped: bool,
    /// Set when a worker could not start or failed.
    pub failed: bool,
}

impl<C, R> Default for Batch<C, R> {
    fn default() -> Self {
        Batch {
            id: 0,
            config: None,
            total: 0,
            workers: 0,
            results: Vec::new(),
            elapsed_ms: 0.0,
            running: false,
            stopped: false,
            failed: false,
        }
    }
}

impl<C, R> Batch<C, R> {
    /// Whether the student paused it (it may have had nothing left to run).
    pub fn resumable(&self) -> bool {
        self.config.is_some() && self.stopped && !self.running && !self.failed
    }
}

/// A panel's batch settings: what items they make and each worker's request.
pub trait Plan: Clone + PartialEq + Send + Sync + 'static {
    /// One independent piece of work (a restart's seed, a net).
    type Item: PartialEq + Clone + Send + Sync + 'static;
    /// A worker's request.
    type Request: Serialize;
    /// The items, and how many results each yields.
    fn items(&self) -> (Vec<Self::Item>, usize);
    /// The request that runs `share` of the items.
    fn request(&self, share: Vec<Self::Item>) -> Self::Request;
}

/// The items of the current batch and how many results each yields.
struct Items<I> {
    all: Vec<I>,
    per_item: usize,
}

/// Starts, pauses, resumes and collects batches of settings `C`, whose workers report
/// `U`s, kept as `R`s.
pub struct Runner<C: Plan, U: 'static, R: 'static> {
    /// What the view shows.
    pub batch: RwSignal<Batch<C, R>>,
    pool: Pool<U>,
    panel: &'static str,
    items: StoredValue<Items<C::Item>>,
    item_of: fn(&R) -> C::Item,
    /// Whether a result completes its item (a streamed progress report does not).
    completes: fn(&R) -> bool,
    /// Page time the current batch would have started at, had it never paused.
    origin_ms: StoredValue<f64>,
}

impl<C: Plan, U, R> Clone for Runner<C, U, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Plan, U, R> Copy for Runner<C, U, R> {}

impl<C, U, R> Runner<C, U, R>
where
    C: Plan,
    U: DeserializeOwned + 'static,
    R: Send + Sync + 'static,
{
    /// Nothing running; panel `panel`'s workers report `U`s, kept as `keep(u)`, whose item
    /// is `item_of`. The workers stop when the view goes away.
    pub fn new(panel: &'static str, keep: fn(U) -> R, item_of: fn(&R) -> C::Item) -> Self {
        Self::streaming(panel, keep, item_of, |_| true)
    }

    /// As `new`, for workers that also stream progress: only results for which `completes`
    /// holds count towards their item, so a paused item that had only reported progress
    /// runs again (its progress reports dropped).
    pub fn streaming(
        panel: &'static str,
        keep: fn(U) -> R,
        item_of: fn(&R) -> C::Item,
        completes: fn(&R) -> bool,
    ) -> Self {
        let batch = RwSignal::new(Batch::default());
        let origin_ms = StoredValue::new(0.0);
        let items = StoredValue::new(Items {
            all: Vec::new(),
            per_item: 1,
        });
        let pool = Pool::new(FLUSH_MS, move |report| match report {
            Report::Batch(updates) => {
                let elapsed = now_ms() - origin_ms.get_value();
                batch.update(|b: &mut Batch<C, R>| {
                    // In the order of their items, not of arrival: what the page shows then
                    // depends on the batch alone, not on how many workers ran it or which
                    // finished first. Each result goes after the last one of its item or an
                    // earlier item (mostly the last one: a scan from the end stops at once),
                    // so an item's results keep their order. No sort: it would cost every
                    // page that runs batches more download than this loop.
                    items.with_value(|it: &Items<C::Item>| {
                        let rank = |r: &R| it.all.iter().position(|i| *i == item_of(r)).unwrap_or(usize::MAX);
                        for r in updates.into_iter().map(keep) {
                            let p = rank(&r);
                            let at = b.results.iter().rposition(|q| rank(q) <= p).map_or(0, |k| k + 1);
                            b.results.insert(at, r);
                        }
                    });
                    b.elapsed_ms = elapsed;
                });
            }
            Report::Done => batch.update(|b| b.running = false),
            Report::Failed => batch.update(|b| {
                b.failed = true;
                b.running = false;
            }),
        });
        Runner {
            batch,
            pool,
            panel,
            items,
            item_of,
            completes,
            origin_ms,
        }
    }

    /// Cancels whatever runs and starts `config`'s batch afresh.
    pub fn start(&self, config: &C) {
        self.pool.cancel();
        let (items, per_item) = config.items();
        let id = self.batch.with_untracked(|b| b.id) + 1;
        self.batch.set(Batch {
            id,
            config: Some(config.clone()),
            total: items.len() * per_item,
            ..Batch::default()
        });
        self.items.set_value(Items {
            all: items.clone(),
            per_item,
        });
        self.dispatch(config, items);
    }

    /// Continues a batch of `config` the student paused with the items it has not
    /// finished, keeping every result it has; starts `config` afresh if there is no such
    /// batch (none paused, or other settings).
    pub fn resume(&self, config: &C) {
        let paused = self
            .batch
            .with_untracked(|b| b.resumable() && b.config.as_ref() == Some(config));
        if !paused {
            return self.start(config);
        }
        let (item_of, completes) = (self.item_of, self.completes);
        let done: Vec<C::Item> = self
            .batch
            .with_untracked(|b| b.results.iter().filter(|r| completes(r)).map(item_of).collect());
        let left = self.items.with_value(|it| remaining(&it.all, &done, it.per_item));
        if self
            .batch
            .with_untracked(|b| b.results.iter().any(|r| left.contains(&item_of(r))))
        {
            // An item cut off mid-way runs again; picks by index belong to the old list.
            self.batch.update(|b| {
                b.results.retain(|r| !left.contains(&item_of(r)));
                b.id += 1;
            });
        }
        if left.is_empty() {
            // Paused after the last result came in: it is simply done.
            self.batch.update(|b| b.stopped = false);
        } else {
            self.dispatch(config, left);
        }
    }

    /// Runs `items` of `config` on the pool, as many workers as the cores allow.
    fn dispatch(&self, config: &C, items: Vec<C::Item>) {
        let workers = worker_count(cores(), items.len());
        let requests: Vec<C::Request> = split(&items, workers).into_iter().map(|s| config.request(s)).collect();
        let elapsed = self.batch.with_untracked(|b| b.elapsed_ms);
        self.origin_ms.set_value(now_ms() - elapsed);
        self.batch.update(|b| {
            b.workers = workers;
            b.running = true;
            b.stopped = false;
        });
        if !self.pool.start(self.panel, &requests) {
            self.batch.update(|b| {
                b.failed = true;
                b.running = false;
            });
        }
    }

    /// Pauses: stops the workers, keeping every result that arrived.
    pub fn stop(&self) {
        let was_running = self.batch.with_untracked(|b| b.running);
        self.pool.stop();
        if was_running {
            self.batch.update(|b| {
                b.running = false;
                b.stopped = true;
            });
        }
    }

    /// Cancels whatever runs and forgets its results (the settings changed).
    pub fn clear(&self) {
        self.pool.cancel();
        let id = self.batch.with_untracked(|b| b.id) + 1;
        self.batch.set(Batch { id, ..Batch::default() });
    }
}
