//! Fetches the digits (`digits.bin`, 788 KB, about 280 KB gzipped) after the panel's first
//! paint, with progress, and decodes them. The service worker keeps a copy, so after one
//! visit the lab works offline.

use crate::engine::digits::Digits;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};

/// The asset's address, beside the page.
const ASSET: &str = "digits.bin";

/// Where the data stands.
#[derive(Clone, Debug, Default)]
pub enum Load {
    /// Not asked for yet.
    #[default]
    Waiting,
    /// Bytes arrived so far, of how many (0 when the server does not say).
    Loading(f64, f64),
    /// The asset's bytes (sent to the workers) and the digits decoded from them.
    Ready(Arc<Vec<u8>>, Arc<Digits>),
    /// Why it could not be loaded.
    Failed(String),
}

impl Load {
    /// The bytes, once loaded.
    pub fn bytes(&self) -> Option<Arc<Vec<u8>>> {
        match self {
            Load::Ready(bytes, _) => Some(Arc::clone(bytes)),
            _ => None,
        }
    }

    /// The digits, once loaded.
    pub fn digits(&self) -> Option<Arc<Digits>> {
        match self {
            Load::Ready(_, digits) => Some(Arc::clone(digits)),
            _ => None,
        }
    }
}

/// Starts fetching the digits into `state`.
pub fn fetch(state: RwSignal<Load, LocalStorage>) {
    let fail = move |why: &str| {
        state.set(Load::Failed(format!(
            "The digits could not be loaded ({why}). Offline? The lab works offline once it has loaded online."
        )))
    };
    let Ok(xhr) = XmlHttpRequest::new() else {
        return fail("no XMLHttpRequest");
    };
    xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        let total = if e.length_computable() { e.total() } else { 0.0 };
        state.set(Load::Loading(e.loaded(), total));
    });
    let request = xhr.clone();
    let done = Closure::<dyn FnMut()>::new(move || {
        if request.status().unwrap_or(0) != 200 {
            return fail(&format!("status {}", request.status().unwrap_or(0)));
        }
        let bytes = js_sys::Uint8Array::new(&request.response().unwrap_or(JsValue::NULL)).to_vec();
        match Digits::decode(&bytes) {
            Ok(digits) => state.set(Load::Ready(Arc::new(bytes), Arc::new(digits))),
            Err(why) => fail(&why),
        }
    });
    let failed = Closure::<dyn FnMut()>::new(move || fail("network error"));
    xhr.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    xhr.set_onload(Some(done.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    // Once per page: the three handlers live as long as it does.
    progress.forget();
    done.forget();
    failed.forget();
    state.set(Load::Loading(0.0, 0.0));
    if xhr.open("GET", ASSET).and_then(|()| xhr.send()).is_err() {
        fail("the request was refused");
    }
}
