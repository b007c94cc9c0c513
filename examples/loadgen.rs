//! Load generator for `rolefit serve`: ScoreCandidate calls at a fixed
//! rate from a fixed number of concurrent workers, then a latency report.
//!
//! ```text
//! cargo run --release -- serve --data-dir /tmp/rolefit-bench &
//! cargo run --release --example loadgen -- --addr 127.0.0.1:50051 \
//!     --concurrency 32 --requests 50000 --rate 5000
//! ```
//!
//! Open loop: request `i` is due at `start + i / rate`; latency is measured
//! from the moment it is sent, and how late sends were against the schedule
//! is reported too (a large lag means the client, not the server, was the
//! bottleneck). Bounded in requests and in time (`--max-seconds`); refuses
//! any address that is not loopback.

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
        warm.score_candidate(pb::ScoreCandidateRequest {
            candidate: Some(candidate(i)),
            top_k: args.top_k,
            role_ids: vec![],
            explain: args.explain,
        })
        .await?;
    }

    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.max_seconds);
    let interval_ns = 1_000_000_000u64.checked_div(args.rate).unwrap_or(0);
    let mut workers = Vec::new();
    for w in 0..args.concurrency {
        let mut client = RoleFitServiceClient::new(channels[w % channels.len()].clone());
        let next = Arc::clone(&next);
        let (requests, top_k, explain) = (args.requests, args.top_k, args.explain);
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut lags = Vec::new();
            let mut errors = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= requests {
                    break;
                }
                let due = start + Duration::from_nanos(interval_ns * i as u64);
                if due > deadline {
                    break;
                }
                tokio::time::sleep_until(due.into()).await;
                let sent = Instant::now();
                lags.push(sent.saturating_duration_since(due).as_micros() as u64);
                let result = client
                    .score_candidate(pb::ScoreCandidateRequest {
                        candidate: Some(candidate(i)),
                        top_k,
                        role_ids: vec![],
                        explain,
                    })
                    .await;
                latencies.push(sent.elapsed().as_micros() as u64);
                if let Err(status) = result {
                    if errors == 0 {
                        eprintln!("first error: {status}");
                    }
                    errors += 1;
                }
            }
            (latencies, lags, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut lags = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (l, g, e) = worker.await?;
        latencies.extend(l);
        lags.extend(g);
        errors += e;
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    lags.sort_unstable();
    let done = latencies.len();
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
    println!(
        "latency  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}",
        fmt_us(percentile(&latencies, 50.0)),
        fmt_us(percentile(&latencies, 90.0)),
        fmt_us(percentile(&latencies, 99.0)),
        fmt_us(percentile(&latencies, 99.9)),
        fmt_us(latencies.last().copied().unwrap_or(0)),
    );
    println!(
        "send lag p50 {}  p99 {}  (how late requests left against the schedule)",
        fmt_us(percentile(&lags, 50.0)),
        fmt_us(percentile(&lags, 99.0)),
    );
    Ok(())
}
