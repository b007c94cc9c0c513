//! The server against clients that hold what they open: calls whose
//! message never comes, streams kept open, connections that say nothing.
//! Each limit is set low by flag and driven over real connections.

mod common;

use std::time::{Duration, Instant};

use common::{backend_candidate, score_request, InProcess, RawCodec, TIMEOUT};
use rolefit::service::connections::FIRST_BYTES_TIMEOUT;
use tokio::io::AsyncReadExt;
use tonic::codegen::http::uri::PathAndQuery;
use tonic::Code;

/// Opens a ScoreCandidate call and never sends its message: the headers
/// go out, the body never does. Resolves when the server answers.
async fn call_without_message(server: &InProcess) -> tonic::Status {
    let mut raw = tonic::client::Grpc::new(server.channel().await);
    raw.ready().await.expect("channel ready");
    let never = futures_util::stream::pending::<Vec<u8>>();
    let answer = raw
        .client_streaming(
            tonic::Request::new(never),
            PathAndQuery::from_static("/rolefit.v1.RoleFitService/ScoreCandidate"),
            RawCodec,
        )
        .await;
    match answer {
        Ok(_) => panic!("a call without its message was answered"),
        Err(status) => status,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_whose_message_never_arrives_times_out_and_streams_do_not() {
    let server = InProcess::start(&["--request-timeout", "1"]).await;
    let started = Instant::now();
    let status = tokio::time::timeout(TIMEOUT, call_without_message(&server))
        .await
        .expect("answered in time");
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert!(status.message().contains("--request-timeout"), "{status:?}");
    assert!(started.elapsed() >= Duration::from_millis(900));

    // A stream may stay open past the limit between its messages.
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let mut answers = client
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("stream opens")
        .into_inner();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    tx.send(score_request(backend_candidate("late"), 1, false))
        .await
        .unwrap();
    let answer = answers
        .message()
        .await
        .expect("stream alive")
        .expect("an answer");
    assert_eq!(answer.candidate_id, "late");
    drop(tx);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_calls_past_the_cap_are_refused_at_once() {
    let server = InProcess::start(&["--max-open-calls", "2"]).await;
    let mut hanging = Vec::new();
    for _ in 0..2 {
        let channel = server.channel().await;
        hanging.push(tokio::spawn(async move {
            let mut raw = tonic::client::Grpc::new(channel);
            // Refused while the probe below holds a slot: try again, until
            // both slots are held by calls that never end.
            loop {
                raw.ready().await.expect("channel ready");
                let _ = raw
                    .client_streaming(
                        tonic::Request::new(futures_util::stream::pending::<Vec<u8>>()),
                        PathAndQuery::from_static("/rolefit.v1.RoleFitService/ScoreCandidate"),
                        RawCodec,
                    )
                    .await;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }));
    }
    // Until both hanging calls hold their slots, a call may still get
    // through: wait for the refusal.
    let mut client = server.client().await;
    let deadline = Instant::now() + TIMEOUT;
    let refused = loop {
        match client
            .score_candidate(score_request(backend_candidate("c"), 1, false))
            .await
        {
            Err(status) => break status,
            Ok(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(20)).await
            }
            Ok(_) => panic!("never refused"),
        }
    };
    assert_eq!(refused.code(), Code::ResourceExhausted, "{refused:?}");
    assert!(
        refused.message().contains("--max-open-calls"),
        "{refused:?}"
    );
    for call in &hanging {
        call.abort();
    }
    // Their slots come back once their client goes.
    let deadline = Instant::now() + TIMEOUT;
    while client
        .score_candidate(score_request(backend_candidate("c"), 1, false))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "slots never came back");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_past_the_cap_are_refused_and_single_calls_still_served() {
    let server = InProcess::start(&["--max-streams", "1", "--max-inflight", "4"]).await;
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let mut first = client
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("first stream opens")
        .into_inner();
    tx.send(score_request(backend_candidate("a"), 1, false))
        .await
        .unwrap();
    first.message().await.expect("answer").expect("an answer");

    let (_tx2, rx2) = tokio::sync::mpsc::channel(4);
    let second = client
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(rx2))
        .await;
    let status = match second {
        Ok(response) => response
            .into_inner()
            .message()
            .await
            .expect_err("second stream refused"),
        Err(status) => status,
    };
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("--max-streams 1"), "{status:?}");
    client
        .score_candidate(score_request(backend_candidate("b"), 1, false))
        .await
        .expect("a single call is still served");
    drop(tx);
    server.stop().await;
}

/// A connection that sends nothing is closed; while it holds the only
/// connection slot, the next client waits, then is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_connection_is_closed_and_frees_its_slot() {
    let server = InProcess::start(&["--max-connections", "1"]).await;
    let mut silent = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connects");
    // Give the server the moment to accept it before the client comes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let mut client = server.client().await;
    client
        .score_candidate(score_request(backend_candidate("next"), 1, false))
        .await
        .expect("served once the silent connection is gone");
    let waited = started.elapsed();
    assert!(
        waited >= FIRST_BYTES_TIMEOUT - Duration::from_secs(1),
        "served after {waited:?}: the cap was not held"
    );
    let mut byte = [0u8; 1];
    let read = tokio::time::timeout(TIMEOUT, silent.read(&mut byte))
        .await
        .expect("closed in time");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    server.stop().await;
}
