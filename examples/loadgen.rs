//! Load generator for `rolefit serve`: ScoreCandidate calls (and, with
//! `--stream N`, ScoreCandidates streams) at a fixed rate from a fixed
//! number of concurrent workers, then a latency report.
//!
//! ```text
//! cargo run --release -- serve --data-dir /tmp/rolefit-bench &
//! cargo run --release --example loadgen -- --addr 127.0.0.1:50051 \
//!     --concurrency 32 --requests 50000 --rate 5000
//! # soak: 5 minutes, 4 of the 32 workers on streams, server RSS reported
//! cargo run --release --example loadgen -- --concurrency 32 --stream 4 \
//!     --rate 2500 --duration 300 --server-pid "$(pgrep -n rolefit)"
//! ```
//!
//! Open loop: request `i` is due at `start + i / rate`; latency is measured
//! from the moment it is sent (for a stream message, until its answer
//! arrives), and how late sends were against the schedule is reported too
//! (a large lag means the client, not the server, was the bottleneck).
//! Bounded in requests and in time (`--duration`, else `--max-seconds`);
//! refuses any address that is not loopback.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use rolefit::service::pb;
use rolefit::service::pb::role_fit_service_client::RoleFitServiceClient;
use tonic::transport::Channel;

/// Flags.
#[derive(Debug, Parser)]
struct Args {
    /// Server address (loopback only).
    #[arg(long, default_value = "127.0.0.1:50051")]
    addr: SocketAddr,
    /// Concurrent workers.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Total requests.
    #[arg(long, default_value_t = 50_000)]
    requests: usize,
    /// Target requests per second (0 = as fast as possible).
    #[arg(long, default_value_t = 5000)]
    rate: u64,
    /// HTTP/2 connections shared by the workers.
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// top_k of each request.
    #[arg(long, default_value_t = 5)]
    top_k: u32,
    /// Ask for explanations.
    #[arg(long)]
    explain: bool,
    /// Stop sending after this many seconds whatever is left.
    #[arg(long, default_value_t = 120)]
    max_seconds: u64,
    /// Run for this many seconds (soak), ignoring --requests and
    /// --max-seconds; progress is printed every 30 s.
    #[arg(long)]
    duration: Option<u64>,
    /// How many of the workers send over a ScoreCandidates stream each
    /// instead of unary ScoreCandidate calls.
    #[arg(long, default_value_t = 0)]
    stream: usize,
    /// Report this process's resident memory (VmRSS) at start, peak and end
    /// (the server's pid, when it runs on this machine).
    #[arg(long)]
    server_pid: Option<u32>,
}

/// VmRSS of `pid` in KiB, from /proc.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What one worker saw.
#[derive(Default)]
struct Tally {
    latencies: Vec<u64>,
    lags: Vec<u64>,
    errors: usize,
}

impl Tally {
    fn error(&mut self, status: &tonic::Status) {
        if self.errors == 0 {
            eprintln!("first error: {status}");
        }
        self.errors += 1;
    }
}

/// The shared schedule: request `i` is due at `start + i * interval`.
struct Schedule {
    next: AtomicUsize,
    start: Instant,
    deadline: Instant,
    interval_ns: u64,
    requests: usize,
}

impl Schedule {
    /// The next request index and when it is due, or `None` when done.
    fn take(&self) -> Option<(usize, Instant)> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        let due = self.start + Duration::from_nanos(self.interval_ns * i as u64);
        (i < self.requests && due <= self.deadline).then_some((i, due))
    }
}

fn request(i: usize, top_k: u32, explain: bool) -> pb::ScoreCandidateRequest {
    pb::ScoreCandidateRequest {
        candidate: Some(candidate(i)),
        top_k,
        role_ids: vec![],
        explain,
    }
}

/// A unary worker: one ScoreCandidate call at a time.
async fn unary_worker(
    mut client: RoleFitServiceClient<Channel>,
    schedule: Arc<Schedule>,
    top_k: u32,
    explain: bool,
) -> Tally {
    let mut tally = Tally::default();
    while let Some((i, due)) = schedule.take() {
        tokio::time::sleep_until(due.into()).await;
        let sent = Instant::now();
        tally
            .lags
            .push(sent.saturating_duration_since(due).as_micros() as u64);
        let result = client.score_candidate(request(i, top_k, explain)).await;
        tally.latencies.push(sent.elapsed().as_micros() as u64);
        if let Err(status) = result {
            tally.error(&status);
        }
    }
    tally
}

/// A stream worker: one ScoreCandidates stream for its whole run. Answers
/// come back in request order, so send times queue up beside the stream.
async fn stream_worker(
    mut client: RoleFitServiceClient<Channel>,
    schedule: Arc<Schedule>,
    top_k: u32,
    explain: bool,
) -> Tally {
    let (req_tx, req_rx) = tokio::sync::mpsc::channel(256);
    let (sent_tx, mut sent_rx) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    let mut tally = Tally::default();
    let mut answers = match client
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(req_rx))
        .await
    {
        Ok(response) => response.into_inner(),
        Err(status) => {
            tally.error(&status);
            return tally;
        }
    };
    let reader = tokio::spawn(async move {
        let mut tally = Tally::default();
        loop {
            match answers.message().await {
                Ok(Some(_)) => {
                    let sent = sent_rx.recv().await.expect("a send time per answer");
                    tally.latencies.push(sent.elapsed().as_micros() as u64);
                }
                Ok(None) => break,
                Err(status) => {
                    tally.error(&status);
                    break;
                }
            }
        }
        tally
    });
    while let Some((i, due)) = schedule.take() {
        tokio::time::sleep_until(due.into()).await;
        let sent = Instant::now();
        tally
            .lags
            .push(sent.saturating_duration_since(due).as_micros() as u64);
        let _ = sent_tx.send(sent);
        if req_tx.send(request(i, top_k, explain)).await.is_err() {
            break; // the stream failed; the reader has the status
        }
    }
    drop(req_tx);
    let read = reader.await.unwrap_or_default();
    tally.latencies = read.latencies;
    tally.errors += read.errors;
    tally
}

fn report(kind: &str, latencies: &mut [u64]) {
    latencies.sort_unstable();
    println!(
        "{kind:<7} n {}  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}",
        latencies.len(),
        fmt_us(percentile(latencies, 50.0)),
        fmt_us(percentile(latencies, 90.0)),
        fmt_us(percentile(latencies, 99.0)),
        fmt_us(percentile(latencies, 99.9)),
        fmt_us(latencies.last().copied().unwrap_or(0)),
    );
}

const SKILLS: &[&str] = &[
    "go",
    "golang",
    "ruby",
    "rails",
    "postgresql",
    "postgres",
    "grpc",
    "git",
    "kubernetes",
    "python",
    "redis",
    "javascript",
    "Kubernates",
    "docker",
    "terraform",
    "aws",
];

fn candidate(i: usize) -> pb::Candidate {
    let skills = (0..3 + i % 6)
        .map(|k| pb::SkillClaim {
            name: SKILLS[(i * 7 + k * 5) % SKILLS.len()].to_string(),
            level: 1 + ((i + k) % 5) as u32,
            years: ((i + k) % 9) as f64,
        })
        .collect();
    pb::Candidate {
        id: format!("load-{i}"),
        skills,
        years_experience: (i % 16) as f64,
        management_years: (i % 4) as f64,
        resume_text: if i % 4 == 0 {
            "Backend engineer: Go services, PostgreSQL, gRPC APIs, on-call for Kubernetes.".into()
        } else {
            String::new()
        },
    }
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn fmt_us(us: u64) -> String {
    if us >= 1000 {
        format!("{:.2} ms", us as f64 / 1000.0)
    } else {
        format!("{us} µs")
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if !args.addr.ip().is_loopback() {
        return Err(format!("refusing non-loopback address {}", args.addr).into());
    }
    if args.concurrency == 0 || args.connections == 0 {
        return Err("--concurrency and --connections must be at least 1".into());
    }
    if args.stream > args.concurrency {
        return Err("--stream must not exceed --concurrency".into());
    }
    let rss = |when: &str| {
        if let Some(pid) = args.server_pid {
            match rss_kib(pid) {
                Some(kib) => println!("server RSS {when}: {:.1} MiB", kib as f64 / 1024.0),
                None => println!("server RSS {when}: cannot read /proc/{pid}/status"),
            }
        }
    };
    rss("at start");
    let mut channels = Vec::new();
    for _ in 0..args.connections {
        channels.push(
            Channel::from_shared(format!("http://{}", args.addr))?
                .tcp_nodelay(true)
                .connect()
                .await?,
        );
    }
    // Warm-up (not measured): connections, caches.
    let mut warm = RoleFitServiceClient::new(channels[0].clone());
    for i in 0..200 {
        warm.score_candidate(request(i, args.top_k, args.explain))
            .await?;
    }
    rss("after warm-up");

    let start = Instant::now();
    let (requests, seconds) = match args.duration {
        Some(secs) => (usize::MAX, secs),
        None => (args.requests, args.max_seconds),
    };
    let schedule = Arc::new(Schedule {
        next: AtomicUsize::new(0),
        start,
        deadline: start + Duration::from_secs(seconds),
        interval_ns: 1_000_000_000u64.checked_div(args.rate).unwrap_or(0),
        requests,
    });
    let mut workers = Vec::new();
    for w in 0..args.concurrency {
        let client = RoleFitServiceClient::new(channels[w % channels.len()].clone());
        let schedule = Arc::clone(&schedule);
        let (top_k, explain) = (args.top_k, args.explain);
        let is_stream = w < args.stream;
        workers.push((
            is_stream,
            tokio::spawn(async move {
                if is_stream {
                    stream_worker(client, schedule, top_k, explain).await
                } else {
                    unary_worker(client, schedule, top_k, explain).await
                }
            }),
        ));
    }
    // Progress for long runs: requests scheduled so far and server RSS.
    let mut peak_rss = args.server_pid.and_then(rss_kib).unwrap_or(0);
    let progress = args.duration.filter(|&d| d >= 60).map(|_| {
        let schedule = Arc::clone(&schedule);
        let pid = args.server_pid;
        tokio::spawn(async move {
            let mut peak = 0u64;
            let mut tick = tokio::time::interval(Duration::from_secs(30));
            tick.tick().await;
            loop {
                tick.tick().await;
                let rss = pid.and_then(rss_kib).unwrap_or(0);
                peak = peak.max(rss);
                let sent = schedule.next.load(Ordering::Relaxed);
                println!(
                    "t={:>4.0} s  scheduled {sent}  server RSS {:.1} MiB",
                    schedule.start.elapsed().as_secs_f64(),
                    rss as f64 / 1024.0
                );
                if Instant::now() > schedule.deadline {
                    return peak;
                }
            }
        })
    });
    let (mut unary, mut stream, mut lags) = (Vec::new(), Vec::new(), Vec::new());
    let mut errors = 0;
    for (is_stream, worker) in workers {
        let tally = worker.await?;
        if is_stream {
            stream.extend(tally.latencies);
        } else {
            unary.extend(tally.latencies);
        }
        lags.extend(tally.lags);
        errors += tally.errors;
    }
    let elapsed = start.elapsed();
    if let Some(progress) = progress {
        progress.abort();
        if let Ok(peak) = progress.await {
            peak_rss = peak_rss.max(peak);
        }
    }
    let done = unary.len() + stream.len();
    println!(
        "requests {done} in {:.2} s: {:.0} req/s (target {}), errors {errors}",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64(),
        if args.rate == 0 {
            "unlimited".to_string()
        } else {
            args.rate.to_string()
        }
    );
    let mut all: Vec<u64> = unary.iter().chain(&stream).copied().collect();
    report("latency", &mut all);
    if !stream.is_empty() {
        report("unary", &mut unary);
        report("stream", &mut stream);
    }
    lags.sort_unstable();
    println!(
        "send lag p50 {}  p99 {}  (how late requests left against the schedule)",
        fmt_us(percentile(&lags, 50.0)),
        fmt_us(percentile(&lags, 99.0)),
    );
    if let Some(pid) = args.server_pid {
        let end = rss_kib(pid).unwrap_or(0);
        peak_rss = peak_rss.max(end);
        println!(
            "server RSS at end: {:.1} MiB (peak sampled {:.1} MiB)",
            end as f64 / 1024.0,
            peak_rss as f64 / 1024.0
        );
    }
    Ok(())
}
