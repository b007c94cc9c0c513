//! Shared helpers: in-process servers over `rolefit::service::run`, the
//! real binary as a child process, generated clients, sample candidates.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use clap::Parser;
use rolefit::service::pb;
use rolefit::service::pb::role_fit_service_client::RoleFitServiceClient;
use rolefit::service::{ServeArgs, ServiceConfig};
use tokio::sync::oneshot;
use tonic::transport::Channel;

/// Generous bound for anything that should take milliseconds.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// A server running inside the test process.
pub struct InProcess {
    /// Where it listens.
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), rolefit::service::ServiceError>>>,
    /// Its data directory (removed on drop).
    pub data_dir: tempfile::TempDir,
}

impl InProcess {
    /// Starts a server with `serve` flags `extra` (and a fresh data dir).
    pub async fn start(extra: &[&str]) -> InProcess {
        let data_dir = tempfile::tempdir().expect("tempdir");
        let mut argv = vec![
            "serve".to_string(),
            "--data-dir".to_string(),
            data_dir.path().display().to_string(),
        ];
        argv.extend(extra.iter().map(|s| s.to_string()));
        let args = ServeArgs::try_parse_from(argv).expect("flags parse");
        let config = ServiceConfig::from_args(&args).expect("config");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        // Load first so that a catalog that does not compile fails the test
        // here instead of leaving clients waiting on an unserved listener.
        let state =
            std::sync::Arc::new(rolefit::service::load_state(&config).expect("catalog loads"));
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(rolefit::service::run_with_state(
            state,
            config.limits,
            listener,
            async move {
                let _ = rx.await;
            },
        ));
        InProcess {
            addr,
            shutdown: Some(tx),
            task: Some(task),
            data_dir,
        }
    }

    /// A connected client.
    pub async fn client(&self) -> RoleFitServiceClient<Channel> {
        client(self.addr).await
    }

    /// A raw channel (for health and reflection clients).
    pub async fn channel(&self) -> Channel {
        channel(self.addr).await
    }

    /// Signals shutdown without waiting.
    pub fn trigger_shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Signals shutdown and waits for the server to stop; panics on error.
    pub async fn stop(mut self) {
        self.trigger_shutdown();
        if let Some(task) = self.task.take() {
            tokio::time::timeout(TIMEOUT, task)
                .await
                .expect("server stops in time")
                .expect("server task")
                .expect("server ran without error");
        }
    }
}

/// Connects a channel, retrying briefly while the server starts.
pub async fn channel(addr: SocketAddr) -> Channel {
    let endpoint = Channel::from_shared(format!("http://{addr}")).expect("uri");
    for _ in 0..200 {
        if let Ok(ch) = endpoint.connect().await {
            return ch;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("cannot connect to {addr}");
}

/// A RoleFitService client for `addr`.
pub async fn client(addr: SocketAddr) -> RoleFitServiceClient<Channel> {
    RoleFitServiceClient::new(channel(addr).await)
        .max_decoding_message_size(64 * 1024 * 1024)
        .max_encoding_message_size(64 * 1024 * 1024)
}

/// The real `rolefit` binary serving on an ephemeral port.
pub struct Binary {
    /// The child process.
    pub child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its stderr so far (the log), also echoed to the test's stderr.
    pub log: Arc<Mutex<String>>,
}

impl Binary {
    /// Starts `rolefit serve --addr 127.0.0.1:0 --data-dir DIR extra...` and
    /// waits for its `rolefit listening on` line.
    pub fn start(data_dir: &Path, extra: &[&str]) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rolefit"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(extra)
            .env_remove("ROLEFIT_ADDR")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn rolefit");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let log_lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                eprintln!("{line}");
                let mut log = log_lines.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("rolefit listening on ") {
                    let _ = tx.send(addr.trim().to_string());
                }
            }
        });
        let addr = match rx.recv_timeout(TIMEOUT) {
            Ok(addr) => addr.parse().expect("address"),
            Err(_) => {
                let _ = child.kill();
                let status = child.wait();
                panic!("rolefit did not print its address (exit: {status:?})");
            }
        };
        Binary { child, addr, log }
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Waits (bounded) for the process to exit and returns its exit code.
    pub fn wait(mut self) -> Option<i32> {
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("rolefit did not exit within {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM then wait; asserts exit code 0.
    pub fn stop(self) {
        self.terminate();
        assert_eq!(self.wait(), Some(0), "rolefit exits 0 on SIGTERM");
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A skill claim.
pub fn skill(name: &str, level: u32) -> pb::SkillClaim {
    pb::SkillClaim {
        name: name.into(),
        level,
        years: 0.0,
    }
}

/// The Go/Ruby/gRPC/git backend candidate of the tests, plus one made-up skill.
pub fn backend_candidate(id: &str) -> pb::Candidate {
    pb::Candidate {
        id: id.into(),
        skills: vec![
            skill("golang", 5),
            skill("Ruby", 4),
            skill("gRPC", 4),
            skill("git", 4),
            skill("Quuxology", 3),
        ],
        years_experience: 9.0,
        management_years: 0.0,
        resume_text: "Built Gitaly features in Go and Ruby on Rails; PostgreSQL tuning.".into(),
    }
}

/// A deterministic variety of candidates: `i` picks the skills and levels.
pub fn varied_candidate(i: usize) -> pb::Candidate {
    const NAMES: &[&str] = &[
        "go",
        "ruby",
        "rails",
        "postgresql",
        "grpc",
        "git",
        "kubernetes",
        "python",
        "redis",
        "javascript",
    ];
    let skills = (0..1 + i % 5)
        .map(|k| {
            skill(
                NAMES[(i * 7 + k * 3) % NAMES.len()],
                1 + ((i + k) % 5) as u32,
            )
        })
        .collect();
    pb::Candidate {
        id: format!("cand-{i}"),
        skills,
        years_experience: (i % 15) as f64,
        management_years: 0.0,
        resume_text: String::new(),
    }
}

/// A ScoreCandidate request for `candidate`.
pub fn score_request(
    candidate: pb::Candidate,
    top_k: u32,
    explain: bool,
) -> pb::ScoreCandidateRequest {
    pb::ScoreCandidateRequest {
        candidate: Some(candidate),
        top_k,
        role_ids: vec![],
        explain,
    }
}

/// Sends and receives message bytes as they are.
#[derive(Clone, Copy, Default)]
pub struct RawCodec;

impl tonic::codec::Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = RawCodec;
    type Decoder = RawCodec;

    fn encoder(&mut self) -> RawCodec {
        RawCodec
    }

    fn decoder(&mut self) -> RawCodec {
        RawCodec
    }
}

impl tonic::codec::Encoder for RawCodec {
    type Item = Vec<u8>;
    type Error = tonic::Status;

    fn encode(
        &mut self,
        item: Vec<u8>,
        buf: &mut tonic::codec::EncodeBuf<'_>,
    ) -> Result<(), tonic::Status> {
        prost::bytes::BufMut::put_slice(buf, &item);
        Ok(())
    }
}

impl tonic::codec::Decoder for RawCodec {
    type Item = Vec<u8>;
    type Error = tonic::Status;

    fn decode(
        &mut self,
        buf: &mut tonic::codec::DecodeBuf<'_>,
    ) -> Result<Option<Vec<u8>>, tonic::Status> {
        let len = prost::bytes::Buf::remaining(buf);
        Ok(Some(prost::bytes::Buf::copy_to_bytes(buf, len).to_vec()))
    }
}
