//! The replay of a finished training: a step shown that runs from 0 to the last recorded
//! step in a few seconds and stops, a play/pause button and a scrubber.

use leptos::prelude::*;
use std::time::Duration;

/// How long a replay takes.
const REPLAY_MS: f64 = 4000.0;
/// Frame interval of the replay.
const TICK_MS: u64 = 40;

/// The replay's state.
#[derive(Clone, Copy)]
pub struct Playback {
    /// Where the replay is, 0…1; None shows the end (or, while training, the latest).
    pub position: RwSignal<Option<f64>>,
    /// Whether it is running.
    pub playing: RwSignal<bool>,
}

impl Playback {
    /// A stopped replay showing the end; the ticker goes with the calling view.
    pub fn new() -> Playback {
        let playback = Playback {
            position: RwSignal::new(None),
            playing: RwSignal::new(false),
        };
        if let Ok(handle) = set_interval_with_handle(move || playback.tick(), Duration::from_millis(TICK_MS)) {
            on_cleanup(move || handle.clear());
        }
        playback
    }

    /// Starts the replay from the beginning.
    pub fn play(&self) {
        self.position.set(Some(0.0));
        self.playing.set(true);
    }

    /// Pauses, or resumes where it stood.
    pub fn toggle(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        } else if self.position.get_untracked().is_some_and(|p| p < 1.0) {
            self.playing.set(true);
        } else {
            self.play();
        }
    }

    /// Shows the end and stops.
    pub fn end(&self) {
        self.playing.set(false);
        self.position.set(None);
    }

    /// The step shown when the last recorded step is `last`.
    pub fn step(&self, last: usize) -> f64 {
        self.position.get().map_or(f64::INFINITY, |f| f * last as f64)
    }

    fn tick(&self) {
        if self.playing.try_get_untracked() != Some(true) {
            return;
        }
        let next = self.position.get_untracked().unwrap_or(0.0) + TICK_MS as f64 / REPLAY_MS;
        if next >= 1.0 {
            self.end();
        } else {
            self.position.set(Some(next));
        }
    }
}
