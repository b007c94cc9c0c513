//! The `rolefit.v1` gRPC API (the only module that knows protobuf).
//!
//! [`serve`] is `rolefit serve`: it binds, prints `rolefit listening on
//! <addr>` on stdout, serves until SIGINT/SIGTERM, then drains. [`run`] is
//! the same server on a listener and shutdown future of the caller's.
//!
//! Besides `rolefit.v1.RoleFitService` the server speaks the standard
//! `grpc.health.v1.Health` (SERVING once started, NOT_SERVING while
//! draining), server reflection v1 and v1alpha, and grpc-web (HTTP/1.1).
//!
//! Scoring is CPU-bound and runs on the rayon pool, never on tokio worker
//! threads; a global semaphore of `--max-inflight` permits sheds load with
//! RESOURCE_EXHAUSTED instead of queueing without bound.
//!
//! Submodules: [`codec`] (protobuf decoding errors as INVALID_ARGUMENT),
//! [`config`] (flags), [`convert`] (proto <-> domain and
//! validation), [`handlers`] (the service), [`refusals`] (logging the
//! requests tonic refuses before a handler), [`state`] (the swappable
//! catalog). Page persistence is [`crate::store`].

pub mod calls;
pub mod codec;
pub mod config;
pub mod connections;
pub mod convert;
pub mod handlers;
pub mod mediatypes;
pub mod refusals;
pub mod state;
pub mod statuscut;

#[cfg(test)]
mod tests;

use std::future::Future;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use tokio::net::TcpListener;
use tonic::Status;

pub use config::{ServeArgs, ServiceConfig, ServiceLimits};

use crate::catalog::{CompileError, CompileOptions};
use crate::setup::{CatalogSource, SetupError};
use crate::store::{Store, StoreError};

/// Generated protobuf types, client and server of `rolefit.v1`.
#[allow(missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod pb {
    tonic::include_proto!("rolefit.v1");

    /// Encoded `FileDescriptorSet` of `rolefit.proto`, for reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/rolefit_descriptor.bin"));
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A bad flag or input file.
    #[error("{0}")]
    Config(String),
    /// The taxonomy (built-in plus `--skills`) or the `--roles` pages do
    /// not load.
    #[error(transparent)]
    Setup(#[from] SetupError),
    /// The data directory could not be read.
    #[error("data directory: {0}")]
    Store(#[from] StoreError),
    /// The pages to serve do not compile.
    #[error("{what} does not compile: {source}")]
    Compile {
        /// Which pages (names the data-dir file when one is to blame).
        what: String,
        /// The compiler's error.
        source: CompileError,
    },
    /// Binding or serving failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The error.
        source: std::io::Error,
    },
    /// The gRPC transport failed.
    #[error("transport: {0}")]
    Transport(#[from] tonic::transport::Error),
    /// Reflection could not be built from the descriptor sets.
    #[error("reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
}

/// Runs `job` on the rayon pool and awaits its result. If the caller is
/// gone (cancelled, deadline) before the job starts, the work is skipped;
/// a panic becomes INTERNAL instead of aborting the process.
pub(crate) async fn on_rayon<T, F>(job: F) -> Result<T, Status>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        if tx.is_closed() {
            return;
        }
        let _ = tx.send(std::panic::catch_unwind(AssertUnwindSafe(job)));
    });
    match rx.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_panic)) => Err(Status::internal("internal error: the scoring job panicked")),
        Err(_) => Err(Status::internal(
            "internal error: the scoring job was dropped",
        )),
    }
}

/// HTTP/2 receive window of one stream, in bytes (gRPC-Go's default).
///
/// h2 closes a connection whose peer leaves too many small DATA frames
/// unread (`GOAWAY ENHANCE_YOUR_CALM`, "too_many_data_frames"): each frame
/// under 256 bytes is charged `256 - its size` until read, against a
/// budget of half the connection window. A `ScoreCandidates` stream whose
/// client reads slowly stops being read (backpressure), and with hyper's
/// 1 MiB stream window a client could queue thousands of tiny candidates
/// on it, past the budget. With this window one stalled stream of 60-byte
/// messages holds about 210 KB of charge.
const STREAM_RECEIVE_WINDOW: u32 = 64 * 1024;
/// HTTP/2 receive window of one connection, in bytes.
///
/// Its half is h2's budget for unread small frames, shared by every stream
/// of the connection: clients open their batch streams on one channel, and
/// with 4 MiB, 16 stalled streams of small candidates had the connection
/// closed, every stream on it failing. 64 MiB covers about 150 such
/// streams. It costs no memory of its own: what a peer may leave unread is
/// bounded by the stream windows, 64 KiB each, times
/// [`MAX_STREAMS_PER_CONNECTION`].
const CONNECTION_RECEIVE_WINDOW: u32 = 64 * 1024 * 1024;
/// Streams one connection may have open at once (tonic's default is no
/// limit): few enough that their unread small frames stay within h2's
/// budget above (200 stalled grpc-js streams of small candidates still
/// exceeded it). Past it, HTTP/2 refuses a new stream (clients see
/// UNAVAILABLE, to retry) or the client waits for one to end.
const MAX_STREAMS_PER_CONNECTION: u32 = 128;

/// HTTP/2 pings to each connection this often; a client that has not
/// answered one within [`KEEPALIVE_TIMEOUT`] is disconnected. Client
/// libraries answer pings by themselves, however long they stay idle.
const KEEPALIVE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);
const KEEPALIVE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// How long ScoreCandidates streams still open at the drain timeout get
/// to send their UNAVAILABLE status before the connections close.
const STREAM_STOP_GRACE: std::time::Duration = std::time::Duration::from_millis(300);

/// Loads taxonomy, base pages and data directory, and compiles the catalog.
pub fn load_state(config: &ServiceConfig) -> Result<state::CatalogState, ServiceError> {
    let source = CatalogSource {
        pages_dir: config.roles_dir.clone(),
        skills: config.skills.clone(),
    };
    let taxonomy = Arc::new(source.taxonomy()?);
    let base = source.pages()?;
    for path in source.unread_documents() {
        tracing::warn!("{}", crate::catalog::unread_document_note(&path));
    }
    let store = Store::open(&config.data_dir)?;
    // A page that does not compile is left out (and logged), not fatal.
    let state = state::CatalogState::open(base, taxonomy, store, CompileOptions::lenient())?
        .with_max_added_pages(config.max_added_pages);
    Ok(state)
}

/// Serves the API on `listener` until `shutdown` completes, then marks
/// health NOT_SERVING, stops accepting, finishes in-flight requests and
/// returns.
pub async fn run(
    config: ServiceConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServiceError> {
    let limits = config.limits.clone();
    let state = tokio::task::spawn_blocking(move || load_state(&config))
        .await
        .map_err(|e| ServiceError::Config(format!("loading the catalog failed: {e}")))??;
    run_with_state(Arc::new(state), limits, listener, shutdown).await
}

/// [`run`] with an already loaded catalog state.
pub async fn run_with_state(
    state: Arc<state::CatalogState>,
    limits: ServiceLimits,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServiceError> {
    use pb::role_fit_service_server::RoleFitServiceServer;
    use tonic_health::ServingStatus;

    let max_message = limits.max_message_bytes;
    let drain_timeout = limits.drain_timeout;
    let shutdown_delay = limits.shutdown_delay;
    let (max_connections, max_open_calls, request_timeout) = (
        limits.max_connections,
        limits.max_open_calls,
        limits.request_timeout,
    );
    let cors = cors_layer(&limits.allow_origins);
    // gzip requests are accepted (clients that compress by default must
    // not be refused); responses go uncompressed, since most clients accept
    // gzip and compressing every answer would cost more CPU than scoring it.
    let (stop_streams, streams_stop) = tokio::sync::watch::channel(false);
    let service = RoleFitServiceServer::new(handlers::Handler::new(state, limits, streams_stop))
        .max_decoding_message_size(max_message)
        .max_encoding_message_size(max_message)
        .accept_compressed(tonic::codec::CompressionEncoding::Gzip);

    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_serving::<RoleFitServiceServer<handlers::Handler>>()
        .await;

    let reflection_v1 = reflection().build_v1()?;
    let reflection_v1alpha = reflection().build_v1alpha()?;

    let drain_health = health.clone();
    let draining = Arc::new(tokio::sync::Notify::new());
    let drain_started = draining.clone();
    let shutdown = async move {
        shutdown.await;
        drain_health
            .set_not_serving::<RoleFitServiceServer<handlers::Handler>>()
            .await;
        drain_health
            .set_service_status("", ServingStatus::NotServing)
            .await;
        // Still serving, health saying NOT_SERVING: a balancer that polls
        // Check sees it and stops sending before calls are refused.
        if !shutdown_delay.is_zero() {
            tracing::info!(
                ?shutdown_delay,
                "health NOT_SERVING; serving on until the delay ends"
            );
            tokio::time::sleep(shutdown_delay).await;
        }
        // The drain starts when calls are refused, not at the signal: a
        // delay as long as the drain timeout left no drain at all.
        drain_started.notify_one();
        tracing::info!(?drain_timeout, "shutting down: draining in-flight requests");
    };

    let incoming = connections::incoming(listener, max_connections);
    let streams = [
        "/rolefit.v1.RoleFitService/ScoreCandidates",
        "/grpc.health.v1.Health/Watch",
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    ];
    let server = tonic::transport::Server::builder()
        .initial_stream_window_size(STREAM_RECEIVE_WINDOW)
        .initial_connection_window_size(CONNECTION_RECEIVE_WINDOW)
        .max_concurrent_streams(MAX_STREAMS_PER_CONNECTION)
        // A client that no longer answers pings (gone, or never reading)
        // loses its connection, and the calls it held open.
        .http2_keepalive_interval(Some(KEEPALIVE_INTERVAL))
        .http2_keepalive_timeout(Some(KEEPALIVE_TIMEOUT))
        .accept_http1(true)
        // CORS outside grpc-web: a preflight is answered before it.
        .layer(tower::util::option_layer(cors))
        // Before the upload limits: a JSON POST is told it is JSON, not
        // that it is large.
        .layer(mediatypes::MediaTypesLayer)
        .layer(calls::UploadLimitsLayer::new(max_message, request_timeout))
        .layer(tonic_web::GrpcWebLayer::new())
        // Inside both: a refusal or a timeout answers a browser's call as
        // grpc-web, with the CORS headers that let the page read it (from
        // outside, the browser saw only a failed request).
        .layer(calls::CallLimitsLayer::new(
            max_open_calls,
            request_timeout,
            &streams,
        ))
        .layer(refusals::RefusalLogLayer::new(&[
            <RoleFitServiceServer<handlers::Handler> as tonic::server::NamedService>::NAME,
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection",
        ]))
        .add_service(health_service)
        // Reflection quotes the symbol asked for in its NOT_FOUND: cut, so
        // that a huge symbol is answered NOT_FOUND, not refused metadata.
        .add_service(statuscut::CutStatusMessages(reflection_v1))
        .add_service(statuscut::CutStatusMessages(reflection_v1alpha))
        .add_service(service)
        .serve_with_incoming_shutdown(incoming, shutdown);
    // Health `Watch` streams and idle client streams never end by
    // themselves: past the drain timeout, they are closed with the server.
    let drain_deadline = async {
        draining.notified().await;
        tokio::time::sleep(drain_timeout).await;
        // Batch streams end with a status saying how far they got, rather
        // than a dropped connection; a moment for those to go out.
        if stop_streams.send(true).is_ok() {
            tokio::time::sleep(STREAM_STOP_GRACE).await;
        }
    };
    tokio::select! {
        served = server => served?,
        () = drain_deadline => {
            tracing::warn!(?drain_timeout, "drain timeout: closing the requests and streams still open");
        }
    }
    tracing::info!("server stopped");
    Ok(())
}

/// The CORS policy for browser pages calling over grpc-web from the given
/// origins (`*`: any), or `None` when no origin is allowed.
fn cors_layer(origins: &[http::HeaderValue]) -> Option<tower_http::cors::CorsLayer> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    if origins.is_empty() {
        return None;
    }
    let allow_origin = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().cloned())
    };
    let header = http::HeaderName::from_static;
    Some(
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods([http::Method::POST, http::Method::OPTIONS])
            .allow_headers([
                header("content-type"),
                header("x-grpc-web"),
                header("x-user-agent"),
                header("grpc-timeout"),
                header("authorization"),
            ])
            .expose_headers([
                header("grpc-status"),
                header("grpc-message"),
                header("grpc-status-details-bin"),
            ])
            .max_age(std::time::Duration::from_secs(24 * 60 * 60)),
    )
}

/// `rolefit serve`: builds the runtime, loads the catalog, binds, prints
/// `rolefit listening on <addr>`, and serves until SIGINT or SIGTERM.
pub fn serve(args: ServeArgs) -> Result<(), ServiceError> {
    let config = ServiceConfig::from_args(&args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServiceError::Io {
            context: "start the runtime".into(),
            source,
        })?;
    let served = runtime.block_on(async move {
        let state = Arc::new(load_state(&config)?);
        let shutdown = shutdown_signal()?;
        let listener = TcpListener::bind(args.addr)
            .await
            .map_err(|source| ServiceError::Io {
                context: format!("bind {}", args.addr),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| ServiceError::Io {
            context: "local address".into(),
            source,
        })?;
        {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "rolefit listening on {addr}")
                .and_then(|()| stdout.flush())
                .map_err(|source| ServiceError::Io {
                    context: "write stdout".into(),
                    source,
                })?;
        }
        tracing::info!(%addr, data_dir = %config.data_dir.display(), "serving");
        if config.limits.max_streams >= config.limits.max_inflight {
            // Each open stream holds a scoring permit.
            tracing::warn!(
                "--max-streams {} is not below --max-inflight {}: open ScoreCandidates \
                 streams can take every permit and lock out single calls",
                config.limits.max_streams,
                config.limits.max_inflight
            );
        }
        run_with_state(state, config.limits, listener, shutdown).await
    });
    // Connections left open past the drain timeout are dropped with the
    // runtime; a scoring job still running on a blocking thread gets a
    // moment to end rather than holding the exit.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served
}

/// Installs the SIGINT/SIGTERM handlers now (so a signal sent right after
/// the "listening" line is never fatal) and returns a future that completes
/// on the first of them.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl Future<Output = ()>, ServiceError> {
    let mut signals =
        crate::signals::StopSignals::install().map_err(|source| ServiceError::Io {
            context: "install the SIGINT and SIGTERM handlers".to_string(),
            source,
        })?;
    Ok(async move {
        let stop = signals.next().await;
        tracing::info!("{} received", stop.name());
        // A second signal (Ctrl-C again) means now: the drain can wait
        // --drain-timeout on streams that never end.
        tokio::spawn(async move {
            let again = signals.next().await;
            tracing::warn!("second signal: exiting without waiting for the drain");
            std::process::exit(again.exit_code());
        });
    })
}

/// Returns a future that completes on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl Future<Output = ()>, ServiceError> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}

/// What both reflection services describe: every service this server
/// serves, the two reflection versions included. tonic-reflection adds only
/// the version being built (`build_v1` its v1 descriptor, `build_v1alpha`
/// its v1alpha one), so each listed the other as absent: grpcurl and
/// grpcio-reflection (v1alpha) did not see `grpc.reflection.v1`, a v1
/// client did not see `grpc.reflection.v1alpha`, and neither could
/// describe the other.
fn reflection() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .include_reflection_service(false)
        .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET)
}
