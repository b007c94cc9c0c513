//! `rolefit serve` flags and the resolved server configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use super::ServiceError;
use crate::scoring::Limits;

/// Flags of `rolefit serve`. Every flag but `--skills` has an environment
/// fallback; run `rolefit serve --help` for the list.
#[derive(Debug, Clone, Parser)]
#[command(name = "serve", about = "Serve the rolefit.v1 gRPC API")]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed on stdout as
    /// `rolefit listening on <addr>`).
    #[arg(long, env = "ROLEFIT_ADDR", default_value = "127.0.0.1:50051")]
    pub addr: SocketAddr,

    /// Directory of base job-family pages (`*.md`, `*.markdown`, `*.txt`, `*.html`;
    /// the page id is the slugified file stem); default: the built-in seed
    /// pages. The flag every command shares; `--roles` is its older name.
    #[arg(
        long = "catalog",
        alias = "roles",
        env = "ROLEFIT_ROLES",
        value_name = "DIR"
    )]
    pub catalog: Option<PathBuf>,

    /// Extra skill taxonomy TOML merged over the built-in one (repeatable,
    /// later files win).
    #[arg(long = "skills", value_name = "FILE")]
    pub skills: Vec<PathBuf>,

    /// Where pages added with PutRole (and tombstones of deleted base pages)
    /// are kept. Default: `$XDG_DATA_HOME/rolefit`, else
    /// `$HOME/.local/share/rolefit`.
    #[arg(long, env = "ROLEFIT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Largest gRPC message accepted or sent, in bytes; larger requests
    /// fail with OUT_OF_RANGE.
    #[arg(long, env = "ROLEFIT_MAX_MESSAGE_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_message_bytes: usize,

    /// Scoring requests (ScoreCandidate, RankCandidates, ScoreCandidates
    /// streams) served at once; more fail fast with RESOURCE_EXHAUSTED.
    #[arg(long, env = "ROLEFIT_MAX_INFLIGHT", default_value_t = 256)]
    pub max_inflight: usize,

    /// ScoreCandidates streams open at once (each also holds a
    /// --max-inflight permit); more fail fast with RESOURCE_EXHAUSTED, so
    /// that open streams cannot take every permit from single calls.
    #[arg(long, env = "ROLEFIT_MAX_STREAMS", default_value_t = 64)]
    pub max_streams: usize,

    /// Client connections open at once; past it, new ones wait in the
    /// system's accept queue until one closes.
    #[arg(long, env = "ROLEFIT_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// Calls open at once, of every kind (a stream counts until its answer
    /// starts); more are answered RESOURCE_EXHAUSTED at once. Each takes
    /// some memory until its message arrives.
    #[arg(long, env = "ROLEFIT_MAX_OPEN_CALLS", default_value_t = 4096)]
    pub max_open_calls: usize,

    /// Seconds a call other than a stream (ScoreCandidate, RankCandidates,
    /// role calls, health Check) may take from its start to its answer;
    /// past it, DEADLINE_EXCEEDED. A client that opens a call and never
    /// sends its message would otherwise hold it open forever.
    #[arg(
        long,
        env = "ROLEFIT_REQUEST_TIMEOUT",
        default_value_t = 30.0,
        value_name = "SECONDS"
    )]
    pub request_timeout: f64,

    /// Largest top_k a request may ask for.
    #[arg(long, env = "ROLEFIT_MAX_TOP_K", default_value_t = 1000)]
    pub max_top_k: u32,

    /// Most candidates in one RankCandidates request.
    #[arg(long, env = "ROLEFIT_MAX_RANK_CANDIDATES", default_value_t = 10_000)]
    pub max_rank_candidates: usize,

    /// Candidates scored in parallel per ScoreCandidates stream; a faster
    /// client is slowed down (backpressure), not buffered.
    #[arg(long, env = "ROLEFIT_STREAM_WINDOW", default_value_t = 64)]
    pub stream_window: usize,

    /// Answer bytes one ScoreCandidates stream may hold for a client that
    /// reads slowly (answers made and not yet sent, and those being made,
    /// at the stream's largest size; an answer counts the memory it takes,
    /// about three times its encoded size); past it, no more of the client's
    /// messages are read until it catches up. An answer larger than this
    /// is still sent, alone.
    #[arg(long, env = "ROLEFIT_STREAM_WINDOW_BYTES", default_value_t = 16 << 20)]
    pub stream_window_bytes: usize,

    /// Answer bytes all ScoreCandidates streams together may hold for
    /// clients that read slowly; past it, each stream reads its next
    /// message only once it holds no answer (one at a time), so slow
    /// readers cannot add up to more than this plus one answer a stream.
    #[arg(long, env = "ROLEFIT_STREAM_MEMORY_BYTES", default_value_t = 64 << 20)]
    pub stream_memory_bytes: usize,

    /// Web origin allowed to call the API from a browser page over grpc-web
    /// (CORS), e.g. `https://dashboard.example.com`; repeatable or
    /// comma-separated; `*` allows any origin. Default: none (same-origin
    /// pages and non-browser clients only).
    #[arg(
        long = "allow-origin",
        env = "ROLEFIT_ALLOW_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,

    /// Seconds a ScoreCandidates stream may go without a message from the
    /// client before it is closed with DEADLINE_EXCEEDED: an idle stream
    /// holds one of the --max-inflight permits.
    #[arg(
        long,
        env = "ROLEFIT_STREAM_IDLE_TIMEOUT",
        default_value_t = 60.0,
        value_name = "SECONDS"
    )]
    pub stream_idle_timeout: f64,

    /// Seconds a shutdown (SIGTERM, SIGINT) waits for open requests and
    /// streams to finish before closing them; health `Watch` streams and
    /// idle client streams never finish by themselves.
    #[arg(
        long,
        env = "ROLEFIT_DRAIN_TIMEOUT",
        default_value_t = 10.0,
        value_name = "SECONDS"
    )]
    pub drain_timeout: f64,

    /// Seconds a shutdown (SIGTERM, SIGINT) keeps serving with health
    /// NOT_SERVING before it stops accepting calls and drains, so that load
    /// balancers that poll health take the server out first (set it to
    /// their polling interval).
    #[arg(
        long,
        env = "ROLEFIT_SHUTDOWN_DELAY",
        default_value_t = 0.0,
        value_name = "SECONDS"
    )]
    pub shutdown_delay: f64,

    /// Most skills one candidate may list.
    #[arg(long, env = "ROLEFIT_MAX_SKILLS", default_value_t = Limits::default().max_skills)]
    pub max_skills: usize,

    /// Longest resume_text, in bytes.
    #[arg(long, env = "ROLEFIT_MAX_RESUME_BYTES", default_value_t = Limits::default().max_resume_bytes)]
    pub max_resume_bytes: usize,

    /// Longest skill name, in bytes.
    #[arg(long, env = "ROLEFIT_MAX_SKILL_NAME_BYTES", default_value_t = Limits::default().max_skill_name_bytes)]
    pub max_skill_name_bytes: usize,

    /// Most bytes of skill names per candidate, in all.
    #[arg(long, env = "ROLEFIT_MAX_SKILL_NAMES_BYTES", default_value_t = Limits::default().max_skill_names_bytes)]
    pub max_skill_names_bytes: usize,

    /// Most pages the data directory may hold (pages added with PutRole,
    /// overrides of base pages included): a PutRole of a new page past it
    /// fails with FAILED_PRECONDITION (replacing or deleting a page still
    /// works). Each PutRole recompiles every page, and every page is
    /// loaded at startup. 0 refuses every new page.
    #[arg(long, env = "ROLEFIT_MAX_ADDED_PAGES", default_value_t = 10_000)]
    pub max_added_pages: usize,

    /// Log filter (tracing EnvFilter syntax, e.g. `info` or `rolefit=debug`);
    /// default: $RUST_LOG, else `info`. Logs go to stderr.
    #[arg(long, value_name = "FILTER")]
    pub log: Option<String>,
}

/// The server's request limits.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLimits {
    /// Per-candidate limits.
    pub candidate: Limits,
    /// Largest gRPC message, in bytes.
    pub max_message_bytes: usize,
    /// Concurrent scoring requests before RESOURCE_EXHAUSTED.
    pub max_inflight: usize,
    /// ScoreCandidates streams open at once.
    pub max_streams: usize,
    /// Client connections open at once.
    pub max_connections: usize,
    /// Calls open at once.
    pub max_open_calls: usize,
    /// How long a call other than a stream may take.
    pub request_timeout: std::time::Duration,
    /// Largest top_k.
    pub max_top_k: u32,
    /// Most candidates per RankCandidates.
    pub max_rank_candidates: usize,
    /// Candidates in flight per ScoreCandidates stream.
    pub stream_window: usize,
    /// Answer bytes held per ScoreCandidates stream.
    pub stream_window_bytes: usize,
    /// Answer bytes held by all ScoreCandidates streams together.
    pub stream_memory_bytes: usize,
    /// How long a shutdown waits for open requests and streams.
    pub drain_timeout: std::time::Duration,
    /// How long a shutdown serves with health NOT_SERVING before draining.
    pub shutdown_delay: std::time::Duration,
    /// How long a ScoreCandidates stream may wait for a client message.
    pub stream_idle_timeout: std::time::Duration,
    /// Browser origins allowed by CORS (`*` for any); empty: none.
    pub allow_origins: Vec<http::HeaderValue>,
}

/// Everything `run` needs, resolved from [`ServeArgs`].
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Base pages directory (`None` = built-in pages).
    pub roles_dir: Option<PathBuf>,
    /// Extra taxonomy files.
    pub skills: Vec<PathBuf>,
    /// The data directory.
    pub data_dir: PathBuf,
    /// Most pages the data directory may hold (`--max-added-pages`).
    pub max_added_pages: usize,
    /// Request limits.
    pub limits: ServiceLimits,
}

/// The default data directory: `$XDG_DATA_HOME/rolefit`, else
/// `$HOME/.local/share/rolefit` (`None` when neither variable is set).
pub fn default_data_dir() -> Option<PathBuf> {
    let non_empty = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(xdg) = non_empty("XDG_DATA_HOME") {
        return Some(PathBuf::from(xdg).join("rolefit"));
    }
    non_empty("HOME").map(|home| PathBuf::from(home).join(".local/share/rolefit"))
}

impl ServiceConfig {
    /// Resolves the flags: default data directory, limits sanity.
    pub fn from_args(args: &ServeArgs) -> Result<ServiceConfig, ServiceError> {
        let data_dir = match &args.data_dir {
            Some(dir) => dir.clone(),
            None => default_data_dir().ok_or_else(|| {
                ServiceError::Config(
                    "no data directory: pass --data-dir (or set ROLEFIT_DATA_DIR, XDG_DATA_HOME or HOME)"
                        .into(),
                )
            })?,
        };
        for (flag, value) in [
            ("--max-message-bytes", args.max_message_bytes),
            ("--max-inflight", args.max_inflight),
            ("--max-streams", args.max_streams),
            ("--max-connections", args.max_connections),
            ("--max-open-calls", args.max_open_calls),
            ("--stream-window", args.stream_window),
            ("--stream-window-bytes", args.stream_window_bytes),
            ("--stream-memory-bytes", args.stream_memory_bytes),
        ] {
            if value == 0 {
                return Err(ServiceError::Config(format!("{flag} must be at least 1")));
            }
        }
        let seconds = |flag: &str, value: f64, least: f64| {
            std::time::Duration::try_from_secs_f64(value)
                .ok()
                .filter(|d| d.as_secs_f64() >= least)
                .ok_or_else(|| {
                    ServiceError::Config(format!(
                        "{flag} must be a number of seconds, {least} or more (got {value})"
                    ))
                })
        };
        let drain_timeout = seconds("--drain-timeout", args.drain_timeout, 0.0)?;
        let shutdown_delay = seconds("--shutdown-delay", args.shutdown_delay, 0.0)?;
        let stream_idle_timeout =
            seconds("--stream-idle-timeout", args.stream_idle_timeout, 0.001)?;
        let request_timeout = seconds("--request-timeout", args.request_timeout, 0.001)?;
        let allow_origins = args
            .allow_origins
            .iter()
            .map(|origin| origin.trim())
            .filter(|origin| !origin.is_empty())
            .map(|origin| {
                let valid = origin == "*"
                    || origin.starts_with("http://")
                    || origin.starts_with("https://");
                http::HeaderValue::from_str(origin.trim_end_matches('/'))
                    .ok()
                    .filter(|_| valid)
                    .ok_or_else(|| {
                        ServiceError::Config(format!(
                            "--allow-origin {origin:?}: expected an origin such as \
                             https://dashboard.example.com, or *"
                        ))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ServiceConfig {
            roles_dir: args.catalog.clone(),
            skills: args.skills.clone(),
            data_dir,
            max_added_pages: args.max_added_pages,
            limits: ServiceLimits {
                candidate: Limits {
                    max_skills: args.max_skills,
                    max_resume_bytes: args.max_resume_bytes,
                    max_skill_name_bytes: args.max_skill_name_bytes,
                    max_skill_names_bytes: args.max_skill_names_bytes,
                    ..Limits::default()
                },
                max_message_bytes: args.max_message_bytes,
                max_inflight: args.max_inflight,
                max_streams: args.max_streams,
                max_connections: args.max_connections,
                max_open_calls: args.max_open_calls,
                request_timeout,
                max_top_k: args.max_top_k,
                max_rank_candidates: args.max_rank_candidates,
                stream_window: args.stream_window,
                stream_window_bytes: args.stream_window_bytes,
                stream_memory_bytes: args.stream_memory_bytes,
                drain_timeout,
                shutdown_delay,
                stream_idle_timeout,
                allow_origins,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let args = ServeArgs::try_parse_from(["serve", "--data-dir", "/tmp/x"]).unwrap();
        let config = ServiceConfig::from_args(&args).unwrap();
        assert_eq!(config.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(config.limits.max_message_bytes, 4 * 1024 * 1024);
        assert_eq!(config.limits.max_top_k, 1000);
        assert_eq!(config.limits.candidate, Limits::default());
        assert_eq!(config.max_added_pages, 10_000);

        let args = ServeArgs::try_parse_from([
            "serve",
            "--data-dir",
            "/tmp/x",
            "--max-skills",
            "3",
            "--skills",
            "a.toml",
            "--skills",
            "b.toml",
        ])
        .unwrap();
        let config = ServiceConfig::from_args(&args).unwrap();
        assert_eq!(config.limits.candidate.max_skills, 3);
        assert_eq!(config.skills.len(), 2);

        let args = ServeArgs::try_parse_from(["serve", "--data-dir", "/x", "--max-inflight", "0"])
            .unwrap();
        assert!(ServiceConfig::from_args(&args).is_err());
        for (flag, value) in [
            ("--stream-idle-timeout", "0"),
            ("--stream-idle-timeout", "NaN"),
            ("--drain-timeout=-1", ""),
            ("--allow-origin", "dash.example.com"),
        ] {
            let mut argv = vec!["serve", "--data-dir", "/x", flag];
            argv.extend(Some(value).filter(|v| !v.is_empty()));
            let args = ServeArgs::try_parse_from(argv).unwrap();
            let err = ServiceConfig::from_args(&args).expect_err(flag).to_string();
            let flag = flag.split('=').next().unwrap_or(flag);
            assert!(err.contains(flag), "{err}");
        }
        let args = ServeArgs::try_parse_from(["serve", "--data-dir", "/x"]).unwrap();
        let limits = ServiceConfig::from_args(&args).unwrap().limits;
        assert_eq!(limits.stream_idle_timeout.as_secs(), 60);
        assert!(limits.allow_origins.is_empty());
        let args = ServeArgs::try_parse_from([
            "serve",
            "--data-dir",
            "/x",
            "--allow-origin",
            "https://a.example/,http://localhost:5173",
        ])
        .unwrap();
        let limits = ServiceConfig::from_args(&args).unwrap().limits;
        assert_eq!(
            limits.allow_origins,
            ["https://a.example", "http://localhost:5173"]
        );
    }
}
