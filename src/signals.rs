//! SIGINT and SIGTERM for the commands that stop on them: `serve` drains
//! (and exits at once on a second one), `score` says how far it got.

use std::io;

use tokio::signal::unix::{signal, Signal, SignalKind};

/// A stop signal that arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM (`kill`, a service manager).
    Terminate,
}

impl Stop {
    /// The exit code a death by this signal gives: 130 or 143.
    pub fn exit_code(self) -> i32 {
        match self {
            Stop::Interrupt => 130,
            Stop::Terminate => 143,
        }
    }

    /// "SIGINT" or "SIGTERM".
    pub fn name(self) -> &'static str {
        match self {
            Stop::Interrupt => "SIGINT",
            Stop::Terminate => "SIGTERM",
        }
    }
}

/// The SIGINT and SIGTERM handlers, installed when this is made (from
/// then on neither signal is fatal), read one signal at a time.
pub struct StopSignals {
    interrupt: Signal,
    terminate: Signal,
}

impl StopSignals {
    /// Installs both handlers (inside a tokio runtime).
    pub fn install() -> io::Result<StopSignals> {
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// The next SIGINT or SIGTERM.
    pub async fn next(&mut self) -> Stop {
        tokio::select! {
            _ = self.interrupt.recv() => Stop::Interrupt,
            _ = self.terminate.recv() => Stop::Terminate,
        }
    }
}

/// Runs `last_words` and exits as the signal's death would (130, 143) on
/// the first SIGINT or SIGTERM, from a thread of its own, for a command
/// with no runtime of its own (`score`). Returns once the handlers are in
/// place: a signal that came before would otherwise kill the process
/// silently. If they cannot be installed, the signals keep their default.
pub fn exit_on_stop(last_words: impl FnOnce(Stop) + Send + 'static) {
    let (installed, wait_for_install) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        let stop = runtime.block_on(async {
            let signals = StopSignals::install();
            // Dropped (unblocking the caller) whether or not it worked.
            drop(installed);
            Some(signals.ok()?.next().await)
        });
        if let Some(stop) = stop {
            last_words(stop);
            std::process::exit(stop.exit_code());
        }
    });
    // Err once the sender is dropped: installed, failed, or the thread gone.
    let _ = wait_for_install.recv();
}
