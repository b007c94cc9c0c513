//! A progress bar with a candidates/s rate for batch runs (stderr, only
//! when it is a terminal).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{LineError, Progress};

/// Progress of a batch run: bytes read (against the input size when known)
/// and candidates scored per second.
pub struct Bar {
    bar: ProgressBar,
    candidates: AtomicU64,
    started: Instant,
}

impl Bar {
    /// A bar for an input of `total_bytes` (spinner when unknown); hidden
    /// unless `visible`.
    pub fn new(total_bytes: Option<u64>, visible: bool) -> Bar {
        let bar = match total_bytes {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({eta}) {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bytes} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        if !visible {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        Bar {
            bar,
            candidates: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    /// Candidates done so far.
    pub fn candidates(&self) -> u64 {
        self.candidates.load(Ordering::Relaxed)
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn skipped(&self, error: &LineError) {
        // Above the bar, which is drawn again after.
        self.bar
            .suspend(|| eprintln!("line {}: {} (skipped)", error.line, error.message));
    }

    fn advance(&self, bytes: u64, candidates: u64) {
        let done = self.candidates.fetch_add(candidates, Ordering::Relaxed) + candidates;
        let secs = self.started.elapsed().as_secs_f64().max(1e-6);
        self.bar.inc(bytes);
        self.bar
            .set_message(format!("{done} candidates, {:.0}/s", done as f64 / secs));
    }
}
