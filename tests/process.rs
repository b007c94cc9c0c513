//! Tests of the real `rolefit serve` binary: persistence across restarts,
//! startup policy for the data directory, graceful shutdown on SIGTERM,
//! what the log shows.

mod common;

use common::{score_request, varied_candidate, Binary, RawCodec, TIMEOUT};
use rolefit::service::pb;
use tokio_stream::StreamExt;

const PAGE: &str = "---\ntitle: Principal Rust Engineer\n---\n\n## Requirements\n\n\
                    - Expert in Rust and PostgreSQL.\n- Experience with Kubernetes.\n";

async fn roles_of(addr: std::net::SocketAddr) -> pb::ListRolesResponse {
    common::client(addr)
        .await
        .list_roles(pb::ListRolesRequest::default())
        .await
        .expect("ListRoles")
        .into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn put_and_delete_survive_restarts() {
    let data = tempfile::tempdir().unwrap();

    let server = Binary::start(data.path(), &[]);
    let base = roles_of(server.addr).await;
    let mut client = common::client(server.addr).await;
    let put = client
        .put_role(pb::PutRoleRequest {
            markdown: PAGE.into(),
            page_id: "principal-rust-engineer".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!put.roles.is_empty());
    // Hide a built-in page too.
    let deleted = client
        .delete_role(pb::DeleteRoleRequest {
            page_id: "backend-director".into(),
        })
        .await
        .unwrap()
        .into_inner();
    drop(client);
    server.stop();

    let server = Binary::start(data.path(), &[]);
    let after = roles_of(server.addr).await;
    assert_eq!(after.catalog_version, deleted.catalog_version);
    assert!(after
        .roles
        .iter()
        .any(|r| r.page_id == "principal-rust-engineer"));
    assert!(!after.roles.iter().any(|r| r.page_id == "backend-director"));
    assert!(data.path().join("backend-director.deleted").exists());

    // Put the built-in page back (from its own text) and drop the new page.
    let mut client = common::client(server.addr).await;
    let director = rolefit::catalog::BUILTIN_PAGES
        .iter()
        .find(|(id, _)| *id == "backend-director")
        .unwrap()
        .1;
    client
        .put_role(pb::PutRoleRequest {
            markdown: director.into(),
            page_id: "backend-director".into(),
        })
        .await
        .unwrap();
    assert!(!data.path().join("backend-director.deleted").exists());
    client
        .delete_role(pb::DeleteRoleRequest {
            page_id: "principal-rust-engineer".into(),
        })
        .await
        .unwrap();
    drop(client);
    server.stop();

    let server = Binary::start(data.path(), &[]);
    let last = roles_of(server.addr).await;
    assert!(!last
        .roles
        .iter()
        .any(|r| r.page_id == "principal-rust-engineer"));
    let base_ids: Vec<_> = base.roles.iter().map(|r| &r.role_id).collect();
    let last_ids: Vec<_> = last.roles.iter().map(|r| &r.role_id).collect();
    assert_eq!(last_ids, base_ids, "back to the built-in role set");
    server.stop();
}

/// Limits that let open streams take every scoring permit are served,
/// with a warning that says so; the defaults get none.
#[test]
fn streams_that_can_take_every_permit_are_warned_of() {
    let data = tempfile::tempdir().expect("tempdir");
    // The log is read on a thread of its own: looked at for a while.
    let warned = |extra: &[&str]| {
        let server = Binary::start(data.path(), extra);
        let log = std::sync::Arc::clone(&server.log);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        let warning = "--max-streams 64 is not below --max-inflight 8";
        while !log.lock().unwrap().contains(warning) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        server.stop();
        let warned = log.lock().unwrap().contains(warning);
        warned
    };
    assert!(warned(&["--max-inflight", "8"]));
    assert!(!warned(&[]));
}

#[test]
fn a_broken_data_dir_page_stops_startup_naming_the_file() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("broken.md"), "").unwrap();
    std::fs::write(data.path().join(".leftover.md.1.tmp"), "torn").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.md"), "{stderr}");
    assert!(out.stdout.is_empty(), "never listened");
    assert!(
        !data.path().join(".leftover.md.1.tmp").exists(),
        "temp files are cleaned"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_in_flight_requests_and_exits_0() {
    let data = tempfile::tempdir().unwrap();
    let server = Binary::start(data.path(), &["--stream-window", "4"]);
    let mut client = common::client(server.addr).await;

    // A stream fed by hand: the request is certainly in flight when SIGTERM lands.
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let mut responses = client
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .unwrap()
        .into_inner();
    tx.send(score_request(varied_candidate(0), 1, false))
        .await
        .unwrap();
    let first = tokio::time::timeout(TIMEOUT, responses.next())
        .await
        .expect("first response in time")
        .expect("a message")
        .expect("ok");
    assert_eq!(first.candidate_id, "cand-0");

    server.terminate();
    // Wait (bounded) until the server has stopped accepting: shutdown is
    // under way while our stream is still open.
    let mut refused = false;
    for _ in 0..500 {
        if tokio::net::TcpStream::connect(server.addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused, "the listener closes after SIGTERM");
    // The in-flight stream goes on to the end.
    for i in 1..200 {
        tx.send(score_request(varied_candidate(i), 1, false))
            .await
            .unwrap();
    }
    drop(tx);
    let mut n = 1;
    while let Some(resp) = tokio::time::timeout(TIMEOUT, responses.next())
        .await
        .expect("responses in time")
    {
        let resp = resp.expect("stream completes OK during shutdown");
        assert_eq!(resp.candidate_id, format!("cand-{n}"));
        n += 1;
    }
    assert_eq!(n, 200);

    drop(client);
    drop(responses);
    assert_eq!(server.wait(), Some(0));
}

/// The binary serving with `--drain-timeout`, and a health `Watch` open on
/// it (as a load balancer keeps one, for good) past its first status.
async fn serving_with_a_watch(
    data: &std::path::Path,
    drain_timeout: &str,
) -> (
    Binary,
    tonic::Streaming<tonic_health::pb::HealthCheckResponse>,
) {
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;

    let server = Binary::start(data, &["--drain-timeout", drain_timeout]);
    let channel = common::channel(server.addr).await;
    let mut watch = HealthClient::new(channel)
        .watch(HealthCheckRequest::default())
        .await
        .expect("Watch")
        .into_inner();
    assert!(watch.next().await.is_some(), "the first status");
    (server, watch)
}

/// A health `Watch` (what load balancers keep open for good) and an idle
/// client stream never end by themselves: shutdown closes them after
/// `--drain-timeout` and the process still exits 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_exits_after_the_drain_timeout_with_streams_left_open() {
    let data = tempfile::tempdir().unwrap();
    let (server, _watch) = serving_with_a_watch(data.path(), "1").await;
    let (_idle_tx, idle_rx) = tokio::sync::mpsc::channel::<pb::ScoreCandidateRequest>(1);
    let mut idle = common::client(server.addr)
        .await
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(idle_rx))
        .await
        .expect("stream opens")
        .into_inner();

    let started = std::time::Instant::now();
    server.terminate();
    // The batch stream ends with a status that says why, not a dropped
    // connection.
    let ended = tokio::time::timeout(TIMEOUT, idle.next())
        .await
        .expect("the stream ends")
        .expect("with a status");
    let status = ended.expect_err("UNAVAILABLE");
    assert_eq!(status.code(), tonic::Code::Unavailable, "{status:?}");
    assert!(
        status.message().starts_with("server shutting down")
            && status.message().contains("0 message(s) answered"),
        "{status:?}"
    );
    let code = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap();
    assert_eq!(code, Some(0));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(8),
        "exited {:?} after SIGTERM",
        started.elapsed()
    );
}

/// A second signal ends the drain at once: Ctrl-C twice does not wait
/// `--drain-timeout` on a stream that never ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_exits_without_waiting_for_the_drain() {
    let data = tempfile::tempdir().unwrap();
    let (server, mut watch) = serving_with_a_watch(data.path(), "60").await;
    let started = std::time::Instant::now();
    server.terminate();
    // The drain has begun once the watch says NOT_SERVING.
    assert!(watch.next().await.is_some(), "NOT_SERVING");
    server.terminate();
    let code = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap();
    assert_eq!(code, Some(143));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "exited {:?} after the second SIGTERM",
        started.elapsed()
    );
}

/// tonic answers an unknown method, an oversized message and bytes that
/// are not protobuf before any handler runs: the client still gets a
/// status with a message, and the server's log names each refusal once.
/// A handler's own error is not logged as a refusal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_refused_before_a_handler_are_logged() {
    use tonic::codegen::http::uri::PathAndQuery;
    use tonic::Code;

    let data = tempfile::tempdir().unwrap();
    let server = Binary::start(data.path(), &["--max-message-bytes", "2048"]);
    let channel = common::channel(server.addr).await;
    let mut raw = tonic::client::Grpc::new(channel.clone());
    let mut call = async |path: &'static str, bytes: Vec<u8>| {
        raw.ready().await.unwrap();
        raw.unary(
            tonic::Request::new(bytes),
            PathAndQuery::from_static(path),
            RawCodec,
        )
        .await
        .expect_err("refused")
    };

    let unknown = call("/rolefit.v1.RoleFitService/ScoreEveryone", vec![]).await;
    assert_eq!(unknown.code(), Code::Unimplemented);
    assert!(
        unknown
            .message()
            .contains("/rolefit.v1.RoleFitService/ScoreEveryone")
            && unknown.message().contains("rolefit.v1.RoleFitService,"),
        "{unknown:?}"
    );
    let wrong_package = call("/rolefit.RoleFitService/ScoreCandidate", vec![]).await;
    assert_eq!(wrong_package.code(), Code::Unimplemented);
    let not_protobuf = call("/rolefit.v1.RoleFitService/ScoreCandidate", vec![0xff; 3]).await;
    assert_eq!(not_protobuf.code(), Code::InvalidArgument);

    let mut client = common::client(server.addr).await;
    let mut candidate = varied_candidate(1);
    candidate.resume_text = "Rust ".repeat(1000);
    let oversized = client
        .score_candidate(score_request(candidate, 1, false))
        .await
        .expect_err("over --max-message-bytes");
    assert_eq!(oversized.code(), Code::OutOfRange, "{oversized:?}");
    assert!(
        oversized.message().contains("--max-message-bytes"),
        "{oversized:?}"
    );
    let mut nameless = varied_candidate(2);
    nameless.id.clear();
    let handlers_own = client
        .score_candidate(score_request(nameless, 1, false))
        .await
        .expect_err("a candidate without id");
    assert_eq!(handlers_own.code(), Code::InvalidArgument);

    let log = std::sync::Arc::clone(&server.log);
    server.stop();
    let log = log.lock().unwrap().clone();
    let refusals: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("request refused before any handler"))
        .collect();
    assert_eq!(refusals.len(), 4, "{log}");
    for (line, path, code) in [
        (
            refusals[0],
            "/rolefit.v1.RoleFitService/ScoreEveryone",
            "Unimplemented",
        ),
        (
            refusals[1],
            "/rolefit.RoleFitService/ScoreCandidate",
            "Unimplemented",
        ),
        (
            refusals[2],
            "/rolefit.v1.RoleFitService/ScoreCandidate",
            "InvalidArgument",
        ),
        (
            refusals[3],
            "/rolefit.v1.RoleFitService/ScoreCandidate",
            "OutOfRange",
        ),
    ] {
        assert!(line.contains(path) && line.contains(code), "{line}");
    }
}

/// A client sending bad calls in a loop gets every answer, but the log
/// names at most a burst of them per window, not one line each (h25: 36
/// refusals logged in 50 ms).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_calls_are_logged_throttled() {
    let data = tempfile::tempdir().unwrap();
    let server = Binary::start(data.path(), &[]);
    let mut client = common::client(server.addr).await;
    for i in 0..40 {
        let mut nameless = varied_candidate(i);
        nameless.id.clear();
        let refused = client
            .score_candidate(score_request(nameless, 1, false))
            .await
            .expect_err("a candidate without id");
        assert_eq!(refused.code(), tonic::Code::InvalidArgument);
    }
    let log = std::sync::Arc::clone(&server.log);
    server.stop();
    let log = log.lock().unwrap().clone();
    let failed = log
        .lines()
        .filter(|line| line.contains("failed") && line.contains("ScoreCandidate"))
        .count();
    assert!((1..=10).contains(&failed), "{failed} lines:\n{log}");
}

/// Waits (bounded) until the server's log has a line containing `needle`.
async fn log_line(log: &std::sync::Arc<std::sync::Mutex<String>>, needle: &str) -> String {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let text = log.lock().unwrap().clone();
        if let Some(line) = text.lines().find(|line| line.contains(needle)) {
            return line.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {needle:?} in the log:\n{text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A batch client that stops reading holds answers the server cannot send,
/// and the "server shutting down" status cannot overtake them: at the drain
/// timeout the stream is closed and the log says so (its client sees the
/// connection close). The stream's task waited on its unread answers and
/// never saw the drain timeout, so nothing was logged of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_whose_client_stopped_reading_is_logged_at_the_drain_timeout() {
    let data = tempfile::tempdir().unwrap();
    let server = Binary::start(data.path(), &["--drain-timeout", "1"]);
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    let answers = common::client(server.addr)
        .await
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("stream opens")
        .into_inner();
    // Every role explained: answers of hundreds of kB, which fill the
    // connection's window after a few.
    let sender = tokio::spawn(async move {
        for i in 0..2000 {
            if tx
                .send(score_request(varied_candidate(i), 0, true))
                .await
                .is_err()
            {
                break;
            }
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    server.terminate();
    let line = log_line(&server.log, "had not read its last answers").await;
    assert!(line.contains("unread="), "{line}");
    let code = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap();
    assert_eq!(code, Some(0));
    drop(answers);
    sender.abort();
}

/// A unary call that its client cancels before sending its message (a
/// deadline that fires mid-upload, a cancelled call) is logged as
/// cancelled at debug: tonic ends a body that failed CANCELLED as if it
/// had ended, and it was logged at warn as a "request cardinality
/// violation ... (an empty body?)" (226 times in a 15-minute soak whose
/// client set 2 ms deadlines on large RankCandidates calls).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_cancelled_before_its_message_is_logged_as_cancelled() {
    use tonic::codegen::http::uri::PathAndQuery;

    let data = tempfile::tempdir().unwrap();
    let server = Binary::start(data.path(), &["--log", "rolefit=debug"]);
    let channel = common::channel(server.addr).await;
    let call = tokio::spawn(async move {
        let mut raw = tonic::client::Grpc::new(channel);
        raw.ready().await.expect("channel ready");
        raw.client_streaming(
            tonic::Request::new(futures_util::stream::pending::<Vec<u8>>()),
            PathAndQuery::from_static("/rolefit.v1.RoleFitService/RankCandidates"),
            RawCodec,
        )
        .await
    });
    // The call's headers have reached the server; then the client gives
    // up, resetting its stream.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    call.abort();
    let line = log_line(&server.log, "cancelled by the client").await;
    assert!(line.contains("RankCandidates"), "{line}");
    let log = std::sync::Arc::clone(&server.log);
    server.stop();
    let log = log.lock().unwrap().clone();
    assert!(!log.contains("cardinality violation"), "{log}");
}
