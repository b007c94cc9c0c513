//! Load, overload and concurrent-change tests. Each is bounded in time and
//! in requests, and talks to 127.0.0.1 only.
//!
//! - a few seconds of mixed unary + stream load on the real binary: zero
//!   errors, bounded RSS growth;
//! - overload (`--max-inflight 2`, 64 concurrent clients): every answer is
//!   OK or RESOURCE_EXHAUSTED (or DEADLINE_EXCEEDED/CANCELLED where the
//!   client set a deadline), the server stays up and answers at once after;
//! - a 1 ms deadline on a large RankCandidates: the call fails with
//!   DEADLINE_EXCEEDED/CANCELLED and the server stays healthy;
//! - PutRole/DeleteRole in a loop while clients score against every role:
//!   every answer's role set is exactly the role set of the catalog version
//!   it reports (no torn reads), and no call fails.

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{backend_candidate, score_request, varied_candidate, Binary, InProcess, TIMEOUT};
use rolefit::service::pb;
use tonic::Code;

/// VmRSS of `pid` in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS")
}

fn candidate_with_resume(i: usize) -> pb::Candidate {
    let mut c = varied_candidate(i);
    if i % 3 == 0 {
        c.resume_text =
            "Backend engineer: Go services, PostgreSQL, gRPC APIs, Kubernetes on-call.".into();
    }
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mixed_load_has_no_errors_and_bounded_memory() {
    let data = tempfile::tempdir().unwrap();
    let server = Binary::start(data.path(), &["--log", "warn"]);
    let pid = server.child.id();
    // Warm up so the baseline includes caches and connection buffers.
    let mut warm = common::client(server.addr).await;
    for i in 0..300 {
        warm.score_candidate(score_request(candidate_with_resume(i), 5, i % 10 == 0))
            .await
            .expect("warm-up");
    }
    let before = rss_kib(pid);

    let seconds = Duration::from_secs(4);
    let start = Instant::now();
    let errors = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    // Unary clients, each on its own connection.
    for w in 0..6 {
        let mut client = common::client(server.addr).await;
        let errors = Arc::clone(&errors);
        tasks.push(tokio::spawn(async move {
            let mut done = 0usize;
            while start.elapsed() < seconds {
                let i = w * 1_000_000 + done;
                let req = score_request(candidate_with_resume(i), 5, i % 10 == 0);
                match client.score_candidate(req).await {
                    Ok(r) => assert_eq!(r.into_inner().candidate_id, format!("cand-{i}")),
                    Err(status) => {
                        eprintln!("unary error: {status}");
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                done += 1;
            }
            done
        }));
    }
    // Stream clients: batches of 200 messages per stream, answers in order.
    for w in 0..2 {
        let mut client = common::client(server.addr).await;
        let errors = Arc::clone(&errors);
        tasks.push(tokio::spawn(async move {
            let mut done = 0usize;
            while start.elapsed() < seconds {
                let base = 10_000_000 + w * 1_000_000 + done;
                let reqs: Vec<_> = (base..base + 200)
                    .map(|i| score_request(candidate_with_resume(i), 3, false))
                    .collect();
                let mut answers = match client.score_candidates(tokio_stream::iter(reqs)).await {
                    Ok(r) => r.into_inner(),
                    Err(status) => {
                        eprintln!("stream open error: {status}");
                        errors.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                };
                let mut n = 0;
                loop {
                    match answers.message().await {
                        Ok(Some(a)) => {
                            assert_eq!(a.candidate_id, format!("cand-{}", base + n));
                            n += 1;
                        }
                        Ok(None) => break,
                        Err(status) => {
                            eprintln!("stream error: {status}");
                            errors.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                    }
                }
                assert_eq!(n, 200, "one answer per message");
                done += n;
            }
            done
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += tokio::time::timeout(TIMEOUT, task)
            .await
            .expect("load task ends")
            .expect("load task");
    }
    let elapsed = start.elapsed();
    let after = rss_kib(pid);
    eprintln!(
        "mixed load: {total} candidates in {:.1} s ({:.0}/s), RSS {} -> {} KiB",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        before,
        after
    );
    assert_eq!(errors.load(Ordering::Relaxed), 0, "no errors under load");
    assert!(total > 1000, "the load ran ({total} candidates)");
    assert!(
        after <= before + 64 * 1024,
        "RSS grew from {before} KiB to {after} KiB"
    );
    assert!(server.child.id() == pid);
    server.stop();
}

/// A heavy-ish request: every role, explained.
fn heavy_request(i: usize) -> pb::ScoreCandidateRequest {
    let mut c = backend_candidate(&format!("o-{i}"));
    c.resume_text = "Go, Ruby on Rails, PostgreSQL, gRPC, Kubernetes, Redis. ".repeat(20);
    score_request(c, 0, true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_sheds_then_recovers_and_deadlines_are_honoured() {
    let data = tempfile::tempdir().unwrap();
    let server = Binary::start(data.path(), &["--max-inflight", "2", "--log", "error"]);

    // 64 concurrent clients (16 connections), 25 requests each; every
    // fourth client sets a 20 ms deadline on its calls.
    let mut channels = Vec::new();
    for _ in 0..16 {
        channels.push(common::channel(server.addr).await);
    }
    let counts: Arc<Mutex<HashMap<Code, usize>>> = Arc::default();
    let mut tasks = Vec::new();
    for w in 0..64 {
        let mut client = pb::role_fit_service_client::RoleFitServiceClient::new(
            channels[w % channels.len()].clone(),
        );
        let counts = Arc::clone(&counts);
        tasks.push(tokio::spawn(async move {
            for k in 0..25 {
                let mut req = tonic::Request::new(heavy_request(w * 100 + k));
                let with_deadline = w % 4 == 0;
                if with_deadline {
                    req.set_timeout(Duration::from_millis(20));
                }
                let code = match client.score_candidate(req).await {
                    Ok(_) => Code::Ok,
                    Err(status) => {
                        let code = status.code();
                        let allowed = code == Code::ResourceExhausted
                            || (with_deadline
                                && matches!(code, Code::DeadlineExceeded | Code::Cancelled));
                        assert!(allowed, "unexpected status under overload: {status:?}");
                        if code == Code::ResourceExhausted {
                            assert!(status.message().contains("--max-inflight 2"), "{status:?}");
                        }
                        code
                    }
                };
                *counts.lock().unwrap().entry(code).or_default() += 1;
            }
        }));
    }
    for task in tasks {
        tokio::time::timeout(TIMEOUT, task)
            .await
            .expect("overload task ends")
            .expect("overload task");
    }
    let counts = counts.lock().unwrap().clone();
    eprintln!("overload outcome: {counts:?}");
    assert_eq!(counts.values().sum::<usize>(), 64 * 25);
    assert!(
        counts.get(&Code::Ok).copied().unwrap_or(0) > 0,
        "some served"
    );
    assert!(
        counts.get(&Code::ResourceExhausted).copied().unwrap_or(0) > 0,
        "load was shed"
    );

    // Right after the burst a normal request is served at once.
    let mut client = common::client(server.addr).await;
    let started = Instant::now();
    let answer = client
        .score_candidate(score_request(backend_candidate("after"), 3, false))
        .await
        .expect("served right after the burst");
    assert_eq!(answer.into_inner().candidate_id, "after");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // A 1 ms deadline on a large RankCandidates (10,000 candidates).
    let candidates: Vec<_> = (0..10_000).map(candidate_with_resume).collect();
    let mut req = tonic::Request::new(pb::RankCandidatesRequest {
        role_id: "staff-backend-engineer/gitaly".into(),
        candidates,
        top_k: 0,
        skip_invalid: false,
    });
    req.set_timeout(Duration::from_millis(1));
    let status = tokio::time::timeout(TIMEOUT, client.rank_candidates(req))
        .await
        .expect("answered in time")
        .expect_err("a 1 ms deadline cannot be met");
    assert!(
        matches!(status.code(), Code::DeadlineExceeded | Code::Cancelled),
        "{status:?}"
    );
    // Still healthy: the same request without a deadline, then a small one.
    let ranked = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: "staff-backend-engineer/gitaly".into(),
            candidates: (0..2_000).map(candidate_with_resume).collect(),
            top_k: 5,
            skip_invalid: false,
        })
        .await
        .expect("rank after the deadline")
        .into_inner();
    assert_eq!(ranked.ranked.len(), 5);
    client
        .score_candidate(score_request(backend_candidate("last"), 1, false))
        .await
        .expect("healthy");
    server.stop();
}

const EXTRA_PAGE: &str = "---\ntitle: Chaos Reliability Engineer\n---\n\n## Requirements\n\n\
     - Expert in Rust and Kubernetes.\n- Experience with PostgreSQL and Redis.\n\n\
     ## Specialties\n\n### Storage\n\n- Deep knowledge of PostgreSQL replication.\n";

fn role_set<'a>(ids: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    ids.into_iter().cloned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_changes_never_tear_a_read() {
    let server = InProcess::start(&[]).await;
    let mut admin = server.client().await;
    let initial = admin
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner();
    let base = role_set(initial.roles.iter().map(|r| &r.role_id));
    // catalog_version -> exact role set.
    let versions: Arc<Mutex<HashMap<String, BTreeSet<String>>>> = Arc::default();
    versions
        .lock()
        .unwrap()
        .insert(initial.catalog_version.clone(), base.clone());

    let stop = Arc::new(AtomicBool::new(false));
    let mut readers = Vec::new();
    for r in 0..4 {
        let mut client = server.client().await;
        let stop = Arc::clone(&stop);
        readers.push(tokio::spawn(async move {
            // version -> distinct role sets seen with it.
            let mut seen: HashMap<String, HashSet<BTreeSet<String>>> = HashMap::new();
            let mut calls = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let answer = client
                    .score_candidate(score_request(
                        varied_candidate(r * 100_000 + calls),
                        0,
                        false,
                    ))
                    .await
                    .expect("ScoreCandidate during catalog changes")
                    .into_inner();
                let ids = role_set(answer.scores.iter().map(|s| &s.role_id));
                assert_eq!(ids.len(), answer.scores.len(), "duplicate role in answer");
                seen.entry(answer.catalog_version).or_default().insert(ids);
                calls += 1;
            }
            (seen, calls)
        }));
    }

    let rounds = 25;
    let mut extra_roles = BTreeSet::new();
    for _ in 0..rounds {
        let put = admin
            .put_role(pb::PutRoleRequest {
                page_id: "chaos-reliability-engineer".into(),
                markdown: EXTRA_PAGE.into(),
            })
            .await
            .expect("PutRole")
            .into_inner();
        extra_roles = role_set(put.roles.iter().map(|r| &r.role_id));
        assert!(extra_roles.is_disjoint(&base));
        let with: BTreeSet<String> = base.union(&extra_roles).cloned().collect();
        // Cross-check the model against ListRoles (only this client writes).
        let listed = admin
            .list_roles(pb::ListRolesRequest::default())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(listed.catalog_version, put.catalog_version);
        assert_eq!(role_set(listed.roles.iter().map(|r| &r.role_id)), with);
        versions.lock().unwrap().insert(put.catalog_version, with);
        tokio::time::sleep(Duration::from_millis(5)).await;

        let deleted = admin
            .delete_role(pb::DeleteRoleRequest {
                page_id: "chaos-reliability-engineer".into(),
            })
            .await
            .expect("DeleteRole")
            .into_inner();
        versions
            .lock()
            .unwrap()
            .insert(deleted.catalog_version, base.clone());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        extra_roles.len() >= 2,
        "the page adds a base role and a specialty"
    );
    stop.store(true, Ordering::Relaxed);

    let versions = versions.lock().unwrap().clone();
    assert_eq!(versions.len(), 2, "two distinct catalogs alternate");
    let mut observed = HashSet::new();
    let mut total = 0;
    for reader in readers {
        let (seen, calls) = tokio::time::timeout(TIMEOUT, reader)
            .await
            .expect("reader ends")
            .expect("reader");
        total += calls;
        for (version, sets) in seen {
            let expected = versions
                .get(&version)
                .unwrap_or_else(|| panic!("unknown catalog_version {version}"));
            for set in sets {
                assert_eq!(&set, expected, "torn read under version {version}");
            }
            observed.insert(version);
        }
    }
    eprintln!("{total} ScoreCandidate calls during {rounds} put/delete rounds");
    assert_eq!(observed.len(), 2, "readers saw both catalogs");
    server.stop().await;
}
