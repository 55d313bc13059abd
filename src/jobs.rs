//! Compute-worker messages, defined once as Rust types and encoded by a library
//! (postcard: compact bytes that cross to the worker in a transferred `Uint8Array`).
//! A panel's `jobs` module holds its request and update types and the function that
//! runs a request; this module turns such a function into the byte-level form the
//! worker dispatches to (see `panels::run_job`).

use serde::de::DeserializeOwned;
use serde::Serialize;

/// What the page hears about a job it started.
#[derive(Clone, Debug, PartialEq)]
pub enum JobEvent<U> {
    /// One update of the panel's own type.
    Update(U),
    /// The job finished.
    Done,
    /// The job could not run: its worker failed to load, crashed or refused the request.
    Failed,
}

/// The bytes of `value`.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain data into a Vec cannot fail.
    postcard::to_allocvec(value).unwrap_or_default()
}

/// The value encoded in `bytes`, or why it is not one.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    // postcard's own error texts would cost the page's download more than they tell.
    postcard::from_bytes(bytes).map_err(|_| "undecodable job message".to_owned())
}

/// Decodes a request, runs it with `run` and hands every update to `report`, encoded.
pub fn run_encoded<Q: DeserializeOwned, U: Serialize>(
    request: &[u8],
    report: &mut dyn FnMut(Vec<u8>),
    run: impl FnOnce(&Q, &mut dyn FnMut(U)),
) -> Result<(), String> {
    let request: Q = decode(request)?;
    run(&request, &mut |update| report(encode(&update)));
    Ok(())
}

/// How many workers a batch of `items` independent items gets on a machine with `cores`
/// cores: one per core but one, which is left to the page (on two cores a second worker
/// made W2 no faster, 600–950 ms against 590–1,000 ms, and the page's own tasks slower, as
/// three busy threads shared two cores), at most 8, never more than there are items.
pub fn worker_count(cores: usize, items: usize) -> usize {
    cores.saturating_sub(1).clamp(1, 8).min(items.max(1))
}

/// `items` dealt out to `workers` workers as cards are: worker w gets items w, w + W,
/// w + 2W, …, so every worker gets a similar load and early results come from across the
/// whole range. No share is empty unless there are fewer items than workers.
pub fn split<T: Clone>(items: &[T], workers: usize) -> Vec<Vec<T>> {
    let workers = workers.max(1);
    (0..workers)
        .map(|w| items.iter().skip(w).step_by(workers).cloned().collect())
        .collect()
}

/// What is left of a batch after a pause: of `items`, each of which yields `per_item`
/// results, `done[k]` names the item of result k. Returns the items still to run, in their
/// order: an item whose results came in only in part runs again (its partial results are
/// then dropped by the caller).
pub fn remaining<I: PartialEq + Clone>(items: &[I], done: &[I], per_item: usize) -> Vec<I> {
    let count = |item: &I| done.iter().filter(|d| *d == item).count();
    items.iter().filter(|i| count(i) < per_item.max(1)).cloned().collect()
}

/// A panel's job test: `request` run through the worker's byte-level dispatch gives the
/// same updates as `run` called directly, and the request itself round-trips.
#[cfg(test)]
pub fn assert_round_trip<Q, U>(panel: &str, request: &Q, run: fn(&Q, &mut dyn FnMut(U)))
where
    Q: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    U: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let mut encoded = Vec::new();
    crate::panels::run_job(panel, &encode(request), &mut |bytes| encoded.push(bytes)).unwrap();
    let mut direct = Vec::new();
    run(request, &mut |u| direct.push(u));
    let decoded: Vec<U> = encoded.iter().map(|b| decode(b).unwrap()).collect();
    assert_eq!(decoded, direct);
    assert_eq!(decode::<Q>(&encode(request)).as_ref(), Ok(request));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_leave_one_core_to_the_page_and_never_outnumber_the_items() {
        assert_eq!(worker_count(2, 100), 1);
        assert_eq!(worker_count(1, 100), 1);
        assert_eq!(worker_count(0, 100), 1);
        assert_eq!(worker_count(5, 100), 4);
        assert_eq!(worker_count(32, 100), 8);
        assert_eq!(worker_count(8, 3), 3);
        assert_eq!(worker_count(8, 0), 1);
    }

    #[test]
    fn split_deals_every_item_once_in_turn() {
        let items: Vec<u32> = (0..10).collect();
        let shares = split(&items, 3);
        assert_eq!(shares, vec![vec![0, 3, 6, 9], vec![1, 4, 7], vec![2, 5, 8]]);
        let mut all: Vec<u32> = shares.concat();
        all.sort_unstable();
        assert_eq!(all, items);
        assert_eq!(split(&items, 0), vec![items.clone()]);
        assert_eq!(split(&[7u32], 1), vec![vec![7]]);
    }

    #[test]
    fn remaining_keeps_whole_items_and_reruns_partial_ones() {
        // Items 10, 20, 30, 40 with two results each: 10 done, 20 half done, 30 done.
        let done = [10, 20, 10, 30, 30];
        assert_eq!(remaining(&[10, 20, 30, 40], &done, 2), vec![20, 40]);
        // Nothing done: everything runs; all done: nothing does.
        assert_eq!(remaining(&[1, 2], &[], 1), vec![1, 2]);
        assert_eq!(remaining(&[1, 2], &[2, 1], 1), Vec::<i32>::new());
    }
}
