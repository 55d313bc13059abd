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
