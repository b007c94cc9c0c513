//! End-to-end tests of the gRPC API: a real server on 127.0.0.1 (in
//! process, via `rolefit::service::run`) and the generated tonic client.

mod common;

use std::collections::HashSet;

use common::{backend_candidate, score_request, skill, varied_candidate, InProcess, TIMEOUT};
use rolefit::service::pb;
use tokio_stream::StreamExt;
use tonic::Code;

const GITALY: &str = "staff-backend-engineer/gitaly";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_roles_is_sorted_and_filtered() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    let all = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(!all.roles.is_empty());
    assert!(!all.catalog_version.is_empty());
    let ids: Vec<&str> = all.roles.iter().map(|r| r.role_id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "roles sorted by role_id");
    assert!(ids.contains(&GITALY), "{ids:?}");

    let staff = client
        .list_roles(pb::ListRolesRequest {
            role_id_prefix: "staff-backend-engineer".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!staff.roles.is_empty());
    assert!(staff.roles.len() < all.roles.len());
    assert!(staff
        .roles
        .iter()
        .all(|r| r.role_id.starts_with("staff-backend-engineer")));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_role_returns_the_skill_vector() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    let got = client
        .get_role(pb::GetRoleRequest {
            role_id: GITALY.into(),
        })
        .await
        .unwrap()
        .into_inner();
    let role = got.role.expect("role");
    assert_eq!(role.role_id, GITALY);
    assert_eq!(role.page_id, "staff-backend-engineer");
    assert_eq!(role.level, "Staff");
    let ruby = role
        .skills
        .iter()
        .find(|s| s.skill_id == "ruby" || s.alternatives.iter().any(|a| a == "ruby"))
        .unwrap_or_else(|| panic!("ruby in {:?}", role.skills));
    assert_eq!(ruby.tier, pb::Tier::Required as i32);
    assert!(!ruby.evidence.is_empty());
    let weights: Vec<f64> = role.skills.iter().map(|s| s.weight).collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");

    let err = client
        .get_role(pb::GetRoleRequest {
            role_id: "no-such/role".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    assert!(err.message().contains("no-such/role"), "{}", err.message());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_candidate_explains_its_scores() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    let all = client
        .score_candidate(score_request(backend_candidate("c1"), 0, true))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.candidate_id, "c1");
    assert!(!all.catalog_version.is_empty());
    assert!(
        all.unresolved_skills.iter().any(|s| s == "Quuxology"),
        "{:?}",
        all.unresolved_skills
    );
    let roles = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.scores.len(), roles.roles.len());
    assert_eq!(all.catalog_version, roles.catalog_version);
    for pair in all.scores.windows(2) {
        assert!(
            pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].role_id < pair[1].role_id),
            "sorted best first, ties by role_id"
        );
    }
    for s in &all.scores {
        assert!((0.0..=1.0).contains(&s.score), "{s:?}");
        let sum: f64 = s.matches.iter().map(|m| m.contribution).sum();
        assert!(
            (sum - s.raw_score).abs() < 1e-6,
            "{}: contributions {sum} vs raw {}",
            s.role_id,
            s.raw_score
        );
        assert!(
            (s.score - s.raw_score * s.penalty_factor * s.experience_factor).abs() < 1e-6,
            "{s:?}"
        );
    }
    let gitaly = all.scores.iter().find(|s| s.role_id == GITALY).unwrap();
    assert!(!gitaly.matches.is_empty(), "explain fills matches");
    for m in &gitaly.matches {
        if m.skill_id == "experience" || m.skill_id == "management" {
            assert!(m.tier.is_empty() && m.alternatives.is_empty(), "{m:?}");
            continue;
        }
        // Each match says what the role asked for, and where.
        assert!(
            ["REQUIRED", "PREFERRED", "BONUS"].contains(&m.tier.as_str()),
            "{m:?}"
        );
        assert!(!m.alternatives.contains(&m.skill_id), "{m:?}");
        assert!((1..=5).contains(&m.expected_level), "{m:?}");
        assert!(m.source.starts_with("line "), "{m:?}");
    }
    assert!(gitaly.score > 0.0);

    let top = client
        .score_candidate(score_request(backend_candidate("c1"), 3, false))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(top.scores.len(), 3);
    for (a, b) in top.scores.iter().zip(&all.scores) {
        assert_eq!(a.role_id, b.role_id);
        assert!(a.matches.is_empty(), "no explanation unless asked");
    }

    let only = client
        .score_candidate(pb::ScoreCandidateRequest {
            candidate: Some(backend_candidate("c1")),
            top_k: 0,
            role_ids: vec![GITALY.into()],
            explain: false,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(only.scores.len(), 1);
    assert_eq!(only.scores[0].role_id, GITALY);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn score_candidates_streams_2000_in_order() {
    let server = InProcess::start(&["--stream-window", "16"]).await;
    let mut client = server.client().await;
    const N: usize = 2000;
    let requests = tokio_stream::iter((0..N).map(|i| score_request(varied_candidate(i), 2, false)));
    let mut responses = client
        .score_candidates(requests)
        .await
        .unwrap()
        .into_inner();
    let mut n = 0;
    let collect = async {
        while let Some(resp) = responses.next().await {
            let resp = resp.expect("stream message");
            assert_eq!(resp.candidate_id, format!("cand-{n}"), "in request order");
            assert!(resp.scores.len() <= 2);
            assert!(!resp.catalog_version.is_empty());
            n += 1;
        }
    };
    tokio::time::timeout(TIMEOUT, collect)
        .await
        .expect("stream in time");
    assert_eq!(n, N);

    // Same scores as the unary call.
    let unary = client
        .score_candidate(score_request(varied_candidate(7), 2, false))
        .await
        .unwrap()
        .into_inner();
    let mut one = client
        .score_candidates(tokio_stream::iter([score_request(
            varied_candidate(7),
            2,
            false,
        )]))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(one.next().await.unwrap().unwrap(), unary);
    assert!(one.next().await.is_none());
    server.stop().await;
}

/// A bad record in the middle of a long stream is answered in its place,
/// naming its index and field; every record after it is still scored, in
/// order (one bad level at #500 of 1,000 used to end the stream there).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_stream_message_is_answered_in_its_place_and_the_stream_goes_on() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    let requests: Vec<pb::ScoreCandidateRequest> = (0..1000)
        .map(|i| {
            let mut candidate = varied_candidate(i);
            if i == 500 {
                candidate.skills[0].level = 7;
            }
            score_request(candidate, 1, false)
        })
        .collect();
    let ids: Vec<String> = requests
        .iter()
        .map(|r| r.candidate.as_ref().unwrap().id.clone())
        .collect();
    let mut responses = client
        .score_candidates(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let mut answers = Vec::new();
    while let Some(answer) = responses.next().await {
        answers.push(answer.expect("the stream goes on"));
    }
    assert_eq!(answers.len(), 1000);
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(answer.candidate_id, ids[i]);
        assert_eq!(answer.error.is_some(), i == 500, "{i}: {answer:?}");
    }
    let error = answers[500].error.as_ref().expect("the bad record's error");
    assert_eq!(error.code, "INVALID_ARGUMENT");
    assert!(
        error
            .message
            .starts_with("message 500: candidate.skills[0].level: must be 0-5"),
        "{}",
        error.message
    );
    assert!(answers[500].scores.is_empty() && answers[501].scores.len() == 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rank_candidates_orders_best_first() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    let weak = pb::Candidate {
        id: "weak".into(),
        skills: vec![skill("excel", 2)],
        ..Default::default()
    };
    let weak_and_strong = vec![weak, backend_candidate("strong")];
    let mut candidates = weak_and_strong.clone();
    candidates.extend((0..50).map(varied_candidate));
    let ranked = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: GITALY.into(),
            candidates: candidates.clone(),
            top_k: 0,
            skip_invalid: false,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(ranked.ranked.len(), candidates.len());
    assert!(!ranked.catalog_version.is_empty());
    assert_eq!(ranked.ranked[0].candidate_id, "strong");
    assert!(ranked.ranked.windows(2).all(|w| w[0].score >= w[1].score));
    let ids: HashSet<&str> = ranked
        .ranked
        .iter()
        .map(|r| r.candidate_id.as_str())
        .collect();
    assert_eq!(ids.len(), candidates.len());

    // The ranking agrees with ScoreCandidate's score for the role.
    let scored = client
        .score_candidate(pb::ScoreCandidateRequest {
            candidate: Some(backend_candidate("strong")),
            top_k: 0,
            role_ids: vec![GITALY.into()],
            explain: false,
        })
        .await
        .unwrap()
        .into_inner();
    assert!((scored.scores[0].score - ranked.ranked[0].score).abs() < 1e-9);

    let top = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: GITALY.into(),
            candidates,
            top_k: 5,
            skip_invalid: false,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(top.ranked.len(), 5);
    assert_eq!(top.ranked[..], ranked.ranked[..5]);

    let err = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: "ghost-role".into(),
            candidates: vec![backend_candidate("x")],
            top_k: 0,
            skip_invalid: false,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    assert!(err.message().contains("ghost-role"));

    // With skip_invalid, a bad candidate (here an invalid level, then an
    // id already sent) is left out and named; the others are ranked as
    // they would be alone.
    let mut bad_level = backend_candidate("bad-level");
    bad_level.skills[0].level = 7;
    let partial = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: GITALY.into(),
            candidates: vec![
                weak_and_strong[0].clone(),
                bad_level.clone(),
                weak_and_strong[1].clone(),
                backend_candidate("strong"),
            ],
            top_k: 0,
            skip_invalid: true,
        })
        .await
        .unwrap()
        .into_inner();
    let ranked_ids: Vec<&str> = partial
        .ranked
        .iter()
        .map(|r| r.candidate_id.as_str())
        .collect();
    assert_eq!(ranked_ids, ["strong", "weak"]);
    let rejected: Vec<(u32, &str)> = partial
        .rejected
        .iter()
        .map(|r| (r.index, r.candidate_id.as_str()))
        .collect();
    assert_eq!(rejected, [(1, "bad-level"), (3, "strong")]);
    assert!(
        partial.rejected[0]
            .message
            .starts_with("candidates[1].skills[0].level: must be 0-5"),
        "{}",
        partial.rejected[0].message
    );
    assert!(
        partial.rejected[1]
            .message
            .contains("is also the id of candidates[2]"),
        "{}",
        partial.rejected[1].message
    );
    // Without it, the same request is refused as a whole.
    let err = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: GITALY.into(),
            candidates: vec![weak_and_strong[0].clone(), bad_level],
            top_k: 0,
            skip_invalid: false,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);

    // A ranking names candidates by id: one id twice is refused.
    let err = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: GITALY.into(),
            candidates: vec![
                backend_candidate("a"),
                backend_candidate("b"),
                backend_candidate("a"),
            ],
            top_k: 0,
            skip_invalid: false,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(
        err.message(),
        r#"candidates[2].id: "a" is also the id of candidates[0]"#
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn put_and_delete_roles() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    let before = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner();

    // An uncompilable page: INVALID_ARGUMENT, nothing persisted, version unchanged.
    let err = client
        .put_role(pb::PutRoleRequest {
            markdown: String::new(),
            page_id: "broken-page".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "{}", err.message());
    assert!(!server.data_dir.path().join("broken-page.md").exists());
    let after_bad = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(after_bad.catalog_version, before.catalog_version);
    assert_eq!(after_bad.roles, before.roles);

    let put = client
        .put_role(pb::PutRoleRequest {
            markdown: common_page(),
            page_id: "principal-rust-engineer".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!put.roles.is_empty());
    assert!(put
        .roles
        .iter()
        .all(|r| r.page_id == "principal-rust-engineer"));
    assert!(put.warnings.is_empty(), "{:?}", put.warnings);

    assert_ne!(put.catalog_version, before.catalog_version);
    assert!(server
        .data_dir
        .path()
        .join("principal-rust-engineer.md")
        .exists());
    let got = client
        .get_role(pb::GetRoleRequest {
            role_id: put.roles[0].role_id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.catalog_version, put.catalog_version);

    let deleted = client
        .delete_role(pb::DeleteRoleRequest {
            page_id: "principal-rust-engineer".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(deleted.catalog_version, before.catalog_version);
    assert!(!server
        .data_dir
        .path()
        .join("principal-rust-engineer.md")
        .exists());

    let err = client
        .delete_role(pb::DeleteRoleRequest {
            page_id: "principal-rust-engineer".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    assert!(err.message().contains("principal-rust-engineer"));

    let err = client
        .put_role(pb::PutRoleRequest {
            markdown: common_page(),
            page_id: "../../etc/passwd".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().starts_with("page_id:"), "{}", err.message());
    // A page the taxonomy mostly cannot read is served, with a warning.
    let nurse = client
        .put_role(pb::PutRoleRequest {
            markdown: "# Registered Nurse\n\n## Requirements\n\n- Active RN license\n\
                       - BLS certification\n- Wound care\n- Experience with Epic charting\n\
                       - Excellent communication\n"
                .into(),
            page_id: "registered-nurse".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!nurse.roles.is_empty());
    assert!(
        nurse.warnings.len() == 1 && nurse.warnings[0].contains("name no skill the taxonomy knows"),
        "{:?}",
        nurse.warnings
    );
    // A page whose title a served page has would be renamed: refused, and
    // the message does not say it was done.
    let clash = client
        .put_role(pb::PutRoleRequest {
            markdown: "# Staff Backend Engineer\n\n## Requirements\n\n- Rust\n".into(),
            page_id: "prust2".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(clash.code(), Code::InvalidArgument);
    assert!(
        clash.message().contains("would be served as") && !clash.message().contains("is served as"),
        "{}",
        clash.message()
    );
    server.stop().await;
}

/// Replacing a built-in page that defines the family's specialties takes
/// them off every level: the response says which roles went, and deleting
/// the replacement brings the built-in page back (it used to hide it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replacing_a_built_in_page_says_what_went_and_delete_restores_it() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    let list = |mut client: pb::role_fit_service_client::RoleFitServiceClient<_>| async move {
        let roles = client
            .list_roles(pb::ListRolesRequest::default())
            .await
            .unwrap()
            .into_inner();
        let ids: Vec<String> = roles.roles.into_iter().map(|r| r.role_id).collect();
        (ids, roles.catalog_version)
    };
    let (before, version) = list(client.clone()).await;
    let put = client
        .put_role(pb::PutRoleRequest {
            markdown: "# Staff Backend Engineer\n\n## Requirements\n\n- Ruby\n".into(),
            page_id: "staff-backend-engineer".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let (during, _) = list(client.clone()).await;
    let mut expected: Vec<String> = before
        .iter()
        .filter(|id| !during.contains(id))
        .cloned()
        .collect();
    expected.sort();
    assert!(
        put.removed_role_ids
            .contains(&"intermediate-backend-engineer/gitaly".to_string()),
        "{:?}",
        put.removed_role_ids
    );
    assert_eq!(put.removed_role_ids, expected);

    let deleted = client
        .delete_role(pb::DeleteRoleRequest {
            page_id: "staff-backend-engineer".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(deleted.restored_built_in);
    assert!(deleted.removed_role_ids.is_empty(), "{deleted:?}");
    // The restored page's role was served by the override, and changes back.
    assert!(
        deleted
            .changed_role_ids
            .contains(&"staff-backend-engineer".to_string()),
        "{:?}",
        deleted.changed_role_ids
    );
    assert_eq!(deleted.catalog_version, version);
    assert_eq!(list(client.clone()).await.0, before);

    // Deleting it again hides the built-in page.
    let hidden = client
        .delete_role(pb::DeleteRoleRequest {
            page_id: "staff-backend-engineer".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!hidden.restored_built_in);
    assert!(hidden
        .removed_role_ids
        .contains(&"staff-backend-engineer".to_string()));
    server.stop().await;
}

/// Pages compile together: what the intros of at least half the pages name
/// is the company (GitLab here), not a skill; enough pages from elsewhere
/// make it a skill again on every GitLab page. PutRole and DeleteRole say
/// which other roles changed, so a client caching GetRole can refresh.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn put_and_delete_say_which_other_roles_changed() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    let get = |mut client: pb::role_fit_service_client::RoleFitServiceClient<_>| async move {
        let mut role = client
            .get_role(pb::GetRoleRequest {
                role_id: "backend-director".into(),
            })
            .await
            .unwrap()
            .into_inner();
        role.catalog_version.clear();
        role
    };
    let director_before = get(client.clone()).await;
    let names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
    let mut director = director_before.clone();
    let mut changed_by = None;
    for name in names {
        let put = client
            .put_role(pb::PutRoleRequest {
                markdown: format!(
                    "# Table Engineer {name}\n\nAt Acme we build tables.\n\n\
                     ## Requirements\n\n- Python\n"
                ),
                page_id: format!("table-{name}"),
            })
            .await
            .unwrap()
            .into_inner();
        let mut sorted = put.changed_role_ids.clone();
        sorted.sort();
        assert_eq!(put.changed_role_ids, sorted);
        assert!(!put
            .changed_role_ids
            .iter()
            .any(|id| id.starts_with("table-")));
        let now = get(client.clone()).await;
        assert_eq!(
            put.changed_role_ids
                .contains(&"backend-director".to_string()),
            now != director,
            "page {name}: {:?}",
            put.changed_role_ids
        );
        if now != director {
            changed_by.get_or_insert((name, put.changed_role_ids));
        }
        director = now;
    }
    let (name, changed) = changed_by.expect("some page changed the director's role");
    // Taking that page back changes the same roles back.
    for later in names.iter().rev().take_while(|later| **later != name) {
        client
            .delete_role(pb::DeleteRoleRequest {
                page_id: format!("table-{later}"),
            })
            .await
            .unwrap();
    }
    let deleted = client
        .delete_role(pb::DeleteRoleRequest {
            page_id: format!("table-{name}"),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(deleted.changed_role_ids, changed);
    assert_eq!(get(client.clone()).await, director_before);
    server.stop().await;
}

/// Clients that compress their requests (grpc-js with a default
/// algorithm, grpc-java's gzip) were refused with UNIMPLEMENTED.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_compressed_calls_are_served() {
    use tonic::codec::CompressionEncoding::Gzip;
    let server = InProcess::start(&[]).await;
    let mut client = server
        .client()
        .await
        .send_compressed(Gzip)
        .accept_compressed(Gzip);
    let response = client
        .score_candidate(score_request(backend_candidate("zipped"), 3, true))
        .await
        .expect("a gzip request is served");
    // Answered uncompressed: compressing every answer costs more than
    // scoring it.
    assert_eq!(response.metadata().get("grpc-encoding"), None);
    assert_eq!(response.into_inner().candidate_id, "zipped");
    server.stop().await;
}

/// A gzip message that unpacks past `--max-message-bytes` was refused in
/// tonic's words only ("Error decompressing: size limit ..."), naming no
/// flag, where the same message sent plain named it; unary and streamed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_gzip_message_names_the_flag() {
    use tonic::codec::CompressionEncoding::Gzip;
    let server = InProcess::start(&["--max-message-bytes", "2048"]).await;
    let mut client = server.client().await.send_compressed(Gzip);
    // 7,000 bytes of resume that compress far under the limit.
    let big = || {
        let mut c = backend_candidate("big");
        c.resume_text = "golang ".repeat(1000);
        score_request(c, 1, false)
    };
    let err = client.score_candidate(big()).await.unwrap_err();
    assert_eq!(err.code(), Code::ResourceExhausted, "{}", err.message());
    assert!(
        err.message().contains("decompressing")
            && err.message().contains("(--max-message-bytes; ")
            && err.message().contains("ScoreCandidates"),
        "{}",
        err.message()
    );
    let mut responses = client
        .score_candidates(tokio_stream::iter([
            score_request(backend_candidate("ok"), 1, false),
            big(),
        ]))
        .await
        .unwrap()
        .into_inner();
    assert!(responses.next().await.unwrap().is_ok());
    let err = responses.next().await.unwrap().unwrap_err();
    assert_eq!(err.code(), Code::ResourceExhausted, "{}", err.message());
    assert!(
        err.message().starts_with("message 1: ")
            && err.message().contains("(--max-message-bytes; "),
        "{}",
        err.message()
    );
    server.stop().await;
}

/// A directory of postings with one that does not compile: the server
/// starts on the others (it refused to start at all).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_does_not_compile_is_left_out_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rust.md"), common_page()).unwrap();
    std::fs::write(
        dir.path().join("office-manager.md"),
        "# Office Manager\n\n- Keep the office tidy\n",
    )
    .unwrap();
    let server = InProcess::start(&["--roles", dir.path().to_str().unwrap()]).await;
    let mut client = server.client().await;
    let roles = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner();
    let ids: Vec<&str> = roles.roles.iter().map(|r| r.role_id.as_str()).collect();
    assert_eq!(ids, ["principal-rust-engineer"]);
    // Changing another page still works; the left-out page stays out.
    client
        .put_role(pb::PutRoleRequest {
            markdown: "# Go Engineer\n\n- Go\n".into(),
            page_id: "go".into(),
        })
        .await
        .expect("a good page is accepted beside a left-out one");
    server.stop().await;
}

fn common_page() -> String {
    "---\ntitle: Principal Rust Engineer\n---\n\n## Requirements\n\n\
     - Expert in Rust and PostgreSQL.\n- Experience with Kubernetes.\n"
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_requests_name_the_field() {
    let server = InProcess::start(&["--max-top-k", "50", "--max-rank-candidates", "10"]).await;
    let mut client = server.client().await;
    let cases: Vec<(pb::ScoreCandidateRequest, Code, &str)> = vec![
        (
            pb::ScoreCandidateRequest::default(),
            Code::InvalidArgument,
            "candidate: is required",
        ),
        (
            score_request(
                pb::Candidate {
                    id: "  ".into(),
                    ..Default::default()
                },
                0,
                false,
            ),
            Code::InvalidArgument,
            "candidate.id:",
        ),
        (
            {
                let mut c = backend_candidate("c");
                c.skills[2].level = 6;
                score_request(c, 0, false)
            },
            Code::InvalidArgument,
            "candidate.skills[2].level: must be 0-5",
        ),
        (
            {
                let mut c = backend_candidate("c");
                c.years_experience = -3.0;
                score_request(c, 0, false)
            },
            Code::InvalidArgument,
            "candidate.years_experience:",
        ),
        (
            {
                let mut c = backend_candidate("c");
                c.skills[1].years = f64::INFINITY;
                score_request(c, 0, false)
            },
            Code::InvalidArgument,
            "candidate.skills[1].years:",
        ),
        (
            {
                let mut c = backend_candidate("c");
                c.skills[0].name = "x".repeat(5000);
                score_request(c, 0, false)
            },
            Code::InvalidArgument,
            "candidate.skills[0].name:",
        ),
        (
            {
                let mut c = backend_candidate("c");
                c.resume_text = "x".repeat(70_000);
                score_request(c, 0, false)
            },
            Code::InvalidArgument,
            "candidate.resume_text:",
        ),
        (
            {
                let mut c = backend_candidate("c");
                c.skills = vec![skill("go", 1); 501];
                score_request(c, 0, false)
            },
            Code::InvalidArgument,
            "candidate.skills:",
        ),
        (
            score_request(backend_candidate("c"), 51, false),
            Code::InvalidArgument,
            "top_k:",
        ),
        (
            pb::ScoreCandidateRequest {
                candidate: Some(backend_candidate("c")),
                role_ids: vec![GITALY.into(), "nope/nope".into()],
                ..Default::default()
            },
            Code::NotFound,
            "role_ids: role \"nope/nope\" not found",
        ),
        (
            pb::ScoreCandidateRequest {
                candidate: Some(backend_candidate("c")),
                role_ids: vec![GITALY.to_uppercase()],
                ..Default::default()
            },
            Code::NotFound,
            "role_ids: role \"STAFF-BACKEND-ENGINEER/GITALY\" not found (closest match: \"staff-backend-engineer/gitaly\")",
        ),
    ];
    for (req, code, prefix) in cases {
        let err = client.score_candidate(req).await.unwrap_err();
        assert_eq!(err.code(), code, "{prefix}: {}", err.message());
        assert!(
            err.message().starts_with(prefix),
            "want {prefix:?}, got {:?}",
            err.message()
        );
    }
    let err = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: GITALY.into(),
            candidates: (0..11).map(varied_candidate).collect(),
            top_k: 0,
            skip_invalid: false,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(
        err.message().starts_with("candidates:"),
        "{}",
        err.message()
    );
    // --max-top-k bounds roles per candidate; a ranking is bounded by the
    // candidates sent, so a top_k over it is fine there.
    let ranked = client
        .rank_candidates(pb::RankCandidatesRequest {
            role_id: GITALY.into(),
            candidates: (0..10).map(varied_candidate).collect(),
            top_k: 60,
            skip_invalid: false,
        })
        .await
        .expect("top_k above --max-top-k in a ranking")
        .into_inner();
    assert_eq!(ranked.ranked.len(), 10);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_messages_are_out_of_range() {
    let server = InProcess::start(&["--max-message-bytes", "2048"]).await;
    let mut client = server.client().await;
    let mut c = backend_candidate("big");
    c.resume_text = "golang ".repeat(1000);
    let err = client
        .score_candidate(score_request(c, 0, false))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::OutOfRange, "{}", err.message());
    assert!(err.message().contains("2048"), "{}", err.message());
    assert!(
        err.message().contains("fewer candidates"),
        "{}",
        err.message()
    );
    // A page upload is told of pages, not of candidates (it was told to
    // send fewer candidates per call).
    let err = client
        .put_role(pb::PutRoleRequest {
            page_id: "big".into(),
            markdown: format!("# Go Engineer\n\n{}", "- Go\n".repeat(1000)),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::OutOfRange, "{}", err.message());
    assert!(
        err.message()
            .contains("--max-message-bytes; a page is refused over 1 MiB")
            && !err.message().contains("candidates"),
        "{}",
        err.message()
    );
    // The server is fine afterwards (a small request and response).
    let small = client
        .score_candidate(score_request(backend_candidate("small"), 1, false))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(small.scores.len(), 1);
    // In a stream, the oversized message fails the stream, named by index.
    let mut big = backend_candidate("big");
    big.resume_text = "golang ".repeat(1000);
    let mut responses = client
        .score_candidates(tokio_stream::iter([
            score_request(backend_candidate("ok"), 1, false),
            score_request(big, 1, false),
        ]))
        .await
        .unwrap()
        .into_inner();
    assert!(responses.next().await.unwrap().is_ok());
    let err = responses.next().await.unwrap().unwrap_err();
    assert_eq!(err.code(), Code::OutOfRange, "{}", err.message());
    assert!(
        err.message().starts_with("message 1: "),
        "{}",
        err.message()
    );
    assert!(err.message().contains("2048"), "{}", err.message());
    // Named as the unary refusal names it: the flag (tonic's words alone
    // named none).
    assert!(
        err.message().contains("(--max-message-bytes; "),
        "{}",
        err.message()
    );
    // A small request whose answer is over the limit (every role,
    // explained) is told what to ask instead; in a stream it is answered
    // in its place and the stream goes on (the encoder ended the stream).
    let err = client
        .score_candidate(score_request(backend_candidate("wide"), 0, true))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::OutOfRange, "{}", err.message());
    assert!(
        err.message().contains("the answer is") && err.message().contains("top_k"),
        "{}",
        err.message()
    );
    let answers: Vec<pb::ScoreCandidateResponse> = client
        .score_candidates(tokio_stream::iter([
            score_request(backend_candidate("a"), 1, false),
            score_request(backend_candidate("wide"), 0, true),
            score_request(backend_candidate("c"), 1, false),
        ]))
        .await
        .unwrap()
        .into_inner()
        .map(|answer| answer.expect("the stream goes on"))
        .collect()
        .await;
    assert_eq!(answers.len(), 3);
    let wide = answers[1].error.as_ref().expect("answered with an error");
    assert_eq!(wide.code, "OUT_OF_RANGE");
    assert!(
        wide.message.starts_with("message 1: the answer is"),
        "{wide:?}"
    );
    assert_eq!(answers[2].scores.len(), 1);
    // Responses are held to the limit too: the full role list is larger.
    let err = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::OutOfRange, "{}", err.message());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_is_shed_with_resource_exhausted() {
    let server = InProcess::start(&["--max-inflight", "1"]).await;
    let channel = server.channel().await;
    let heavy: Vec<pb::Candidate> = (0..5000).map(varied_candidate).collect();
    let mut rejected = 0;
    let mut succeeded = 0;
    // Bounded: at most 20 rounds of 8 concurrent heavy requests.
    for _ in 0..20 {
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let mut client =
                rolefit::service::pb::role_fit_service_client::RoleFitServiceClient::new(
                    channel.clone(),
                )
                .max_encoding_message_size(64 << 20)
                .max_decoding_message_size(64 << 20);
            let candidates = heavy.clone();
            tasks.push(tokio::spawn(async move {
                client
                    .rank_candidates(pb::RankCandidatesRequest {
                        role_id: GITALY.into(),
                        candidates,
                        top_k: 3,
                        skip_invalid: false,
                    })
                    .await
            }));
        }
        for task in tasks {
            match task.await.expect("task") {
                Ok(_) => succeeded += 1,
                Err(status) => {
                    assert_eq!(
                        status.code(),
                        Code::ResourceExhausted,
                        "{}",
                        status.message()
                    );
                    assert!(status.message().contains("--max-inflight 1"));
                    rejected += 1;
                }
            }
        }
        if rejected > 0 && succeeded > 0 {
            break;
        }
    }
    assert!(rejected > 0, "no request was shed");
    assert!(succeeded > 0, "no request succeeded");
    // Still serving.
    let mut client = server.client().await;
    client
        .score_candidate(score_request(backend_candidate("after"), 1, false))
        .await
        .unwrap();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_reports_serving() {
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    let server = InProcess::start(&[]).await;
    let mut health = HealthClient::new(server.channel().await);
    for service in ["", "rolefit.v1.RoleFitService"] {
        let resp = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(
            resp.status,
            tonic_health::pb::health_check_response::ServingStatus::Serving as i32,
            "{service:?}"
        );
    }
    let err = health
        .check(HealthCheckRequest {
            service: "no.such.Service".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_goes_not_serving_while_draining() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    let mut server = InProcess::start(&[]).await;
    let mut health = HealthClient::new(server.channel().await);
    let mut watch = health
        .watch(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    let first = watch.next().await.unwrap().unwrap();
    assert_eq!(first.status, ServingStatus::Serving as i32);
    server.trigger_shutdown();
    let next = tokio::time::timeout(TIMEOUT, watch.next())
        .await
        .expect("status change in time")
        .expect("a message")
        .expect("ok");
    assert_eq!(next.status, ServingStatus::NotServing as i32);
    // The open watch keeps the server draining until the client lets go.
    drop(watch);
    drop(health);
    server.stop().await;
}

/// With --shutdown-delay, a balancer that polls Check (rather than
/// watching) sees NOT_SERVING while calls are still answered, before the
/// server stops accepting them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shutdown_delay_lets_polling_health_checks_see_not_serving() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    let mut server = InProcess::start(&["--shutdown-delay", "3"]).await;
    let mut health = HealthClient::new(server.channel().await);
    let mut client = server.client().await;
    let check = HealthCheckRequest {
        service: String::new(),
    };
    let serving = health.check(check.clone()).await.unwrap().into_inner();
    assert_eq!(serving.status, ServingStatus::Serving as i32);
    server.trigger_shutdown();
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let status = health.check(check.clone()).await.expect("still answered");
        if status.into_inner().status == ServingStatus::NotServing as i32 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never NOT_SERVING");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    client
        .score_candidate(score_request(backend_candidate("during"), 1, false))
        .await
        .expect("calls are still answered during the delay");
    server.stop().await;
}

/// The drain timeout counts from the end of --shutdown-delay: a stream
/// still open after the delay is answered within the drain (timed from
/// the signal, a delay as long as the drain left none).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drain_starts_after_the_shutdown_delay() {
    let mut server = InProcess::start(&["--shutdown-delay", "2", "--drain-timeout", "3"]).await;
    let mut client = server.client().await;
    let (requests, queued) = tokio::sync::mpsc::channel(4);
    let send = |id: &str| score_request(backend_candidate(id), 1, false);
    requests.send(send("before")).await.unwrap();
    let mut responses = client
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(queued))
        .await
        .unwrap()
        .into_inner();
    let mut next_id = async || {
        tokio::time::timeout(TIMEOUT, responses.next())
            .await
            .expect("in time")
            .expect("an answer")
            .expect("answered, not refused")
            .candidate_id
    };
    assert_eq!(next_id().await, "before");
    server.trigger_shutdown();
    // Past the delay, and past a drain timed from the signal.
    tokio::time::sleep(std::time::Duration::from_millis(3600)).await;
    requests.send(send("draining")).await.unwrap();
    assert_eq!(next_id().await, "draining");
    drop(requests);
    server.stop().await;
}

/// Both reflection versions list every service served, each other
/// included, and describe each: tonic-reflection adds only its own
/// version's descriptor, so grpcurl and grpcio-reflection (v1alpha) did not
/// list `grpc.reflection.v1` and could not describe it, nor a v1 client
/// `grpc.reflection.v1alpha`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_lists_the_services_v1_and_v1alpha() {
    let server = InProcess::start(&[]).await;
    let channel = server.channel().await;
    let want: HashSet<&str> = [
        "rolefit.v1.RoleFitService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    ]
    .into();

    {
        use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
        use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
        use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
        use tonic_reflection::pb::v1::ServerReflectionRequest;
        let mut client = ServerReflectionClient::new(channel.clone());
        let mut reqs = vec![ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        }];
        reqs.extend(want.iter().map(|symbol| ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileContainingSymbol(symbol.to_string())),
        }));
        let mut stream = client
            .server_reflection_info(tokio_stream::iter(reqs))
            .await
            .unwrap()
            .into_inner();
        let resp = stream.next().await.unwrap().unwrap();
        let Some(MessageResponse::ListServicesResponse(list)) = resp.message_response else {
            panic!("unexpected {resp:?}");
        };
        let names: HashSet<String> = list.service.into_iter().map(|s| s.name).collect();
        assert_eq!(names, want.iter().map(|w| w.to_string()).collect(), "v1");
        for symbol in &want {
            let resp = stream.next().await.unwrap().unwrap();
            let Some(MessageResponse::FileDescriptorResponse(files)) = resp.message_response else {
                panic!("v1 cannot describe {symbol}: {resp:?}");
            };
            assert!(!files.file_descriptor_proto.is_empty(), "v1: {symbol}");
        }
    }
    {
        use tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient;
        use tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest;
        use tonic_reflection::pb::v1alpha::server_reflection_response::MessageResponse;
        use tonic_reflection::pb::v1alpha::ServerReflectionRequest;
        let mut client = ServerReflectionClient::new(channel);
        let mut reqs = vec![ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        }];
        reqs.extend(want.iter().map(|symbol| ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileContainingSymbol(symbol.to_string())),
        }));
        let mut stream = client
            .server_reflection_info(tokio_stream::iter(reqs))
            .await
            .unwrap()
            .into_inner();
        let resp = stream.next().await.unwrap().unwrap();
        let Some(MessageResponse::ListServicesResponse(list)) = resp.message_response else {
            panic!("unexpected {resp:?}");
        };
        let names: HashSet<String> = list.service.into_iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            want.iter().map(|w| w.to_string()).collect(),
            "v1alpha"
        );
        for symbol in &want {
            let resp = stream.next().await.unwrap().unwrap();
            let Some(MessageResponse::FileDescriptorResponse(files)) = resp.message_response else {
                panic!("v1alpha cannot describe {symbol}: {resp:?}");
            };
            assert!(!files.file_descriptor_proto.is_empty(), "v1alpha: {symbol}");
        }
    }
    server.stop().await;
}

/// Reflection quotes the symbol it does not know in its NOT_FOUND: a 1 MB
/// symbol made a 1 MB grpc-message trailer, which clients refuse as
/// metadata over their limit (grpcio: RESOURCE_EXHAUSTED), so the caller
/// never learnt the symbol was unknown. The message is cut to 1,000
/// characters; a known symbol still resolves after a short unknown one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_of_a_huge_unknown_symbol_is_a_short_not_found() {
    let server = InProcess::start(&[]).await;
    let channel = server.channel().await;
    {
        use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
        use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
        use tonic_reflection::pb::v1::ServerReflectionRequest;
        let ask = |symbol: String| ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileContainingSymbol(symbol)),
        };
        let mut client = ServerReflectionClient::new(channel.clone());
        let mut stream = client
            .server_reflection_info(tokio_stream::iter([ask("x".repeat(1_000_000))]))
            .await
            .unwrap()
            .into_inner();
        let err = stream.next().await.unwrap().unwrap_err();
        assert_eq!(
            err.code(),
            Code::NotFound,
            "{}",
            &err.message()[..200.min(err.message().len())]
        );
        assert!(
            err.message().starts_with("symbol 'xxx"),
            "{}",
            &err.message()[..20]
        );
        assert!(
            err.message().len() <= 1_003,
            "{} bytes",
            err.message().len()
        );
        // A short message is left whole.
        let mut stream = client
            .server_reflection_info(tokio_stream::iter([ask("nope.Nope".into())]))
            .await
            .unwrap()
            .into_inner();
        let err = stream.next().await.unwrap().unwrap_err();
        assert_eq!(
            (err.code(), err.message()),
            (Code::NotFound, "symbol 'nope.Nope' not found")
        );
    }
    {
        use tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient;
        use tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest;
        use tonic_reflection::pb::v1alpha::ServerReflectionRequest;
        let mut client = ServerReflectionClient::new(channel);
        let mut stream = client
            .server_reflection_info(tokio_stream::iter([ServerReflectionRequest {
                host: String::new(),
                message_request: Some(MessageRequest::FileByFilename("y".repeat(1_000_000))),
            }]))
            .await
            .unwrap()
            .into_inner();
        let err = stream.next().await.unwrap().unwrap_err();
        assert_eq!(
            err.code(),
            Code::NotFound,
            "{}",
            &err.message()[..200.min(err.message().len())]
        );
        assert!(
            err.message().len() <= 1_003,
            "{} bytes",
            err.message().len()
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpc_web_over_http1() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = InProcess::start(&[]).await;
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    // An empty ListRolesRequest: one uncompressed frame of length 0.
    let body = [0u8, 0, 0, 0, 0];
    let head = format!(
        "POST /rolefit.v1.RoleFitService/ListRoles HTTP/1.1\r\nhost: {}\r\n\
         content-type: application/grpc-web+proto\r\nx-grpc-web: 1\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n",
        server.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut response))
        .await
        .expect("response in time")
        .unwrap();
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("application/grpc-web"), "{text}");
    assert!(text.contains("grpc-status:0"), "{text}");
    assert!(text.contains(GITALY), "the roles are in the body");
    server.stop().await;
}

/// A unary call whose body ends without a message (an empty grpc-web POST,
/// a gRPC client stream of none) is a request cardinality violation,
/// UNIMPLEMENTED as gRPC's status-code table has it, with a message saying
/// so: tonic answered INTERNAL "Missing request message.", as if the
/// server had failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_without_its_message_is_told_so() {
    let server = InProcess::start(&[]).await;
    let head = format!(
        "POST /rolefit.v1.RoleFitService/ListRoles HTTP/1.1\r\nhost: {}\r\n\
         content-type: application/grpc-web+proto\r\nx-grpc-web: 1\r\n\
         content-length: 0\r\nconnection: close\r\n\r\n",
        server.addr
    );
    let answer = http1(server.addr, &head, &[]).await;
    assert!(answer.starts_with("http/1.1 200"), "{answer}");
    assert!(answer.contains("grpc-status: 12"), "{answer}");
    assert!(
        answer.contains("request%20cardinality%20violation"),
        "{answer}"
    );

    // The same over HTTP/2: a client stream of no message to a unary method.
    let mut grpc = tonic::client::Grpc::new(server.channel().await);
    grpc.ready().await.unwrap();
    let err = grpc
        .client_streaming(
            tonic::Request::new(tokio_stream::empty::<pb::ListRolesRequest>()),
            http::uri::PathAndQuery::from_static("/rolefit.v1.RoleFitService/ListRoles"),
            tonic_prost::ProstCodec::<pb::ListRolesRequest, pb::ListRolesResponse>::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::Unimplemented, "{}", err.message());
    assert!(
        err.message().starts_with("request cardinality violation"),
        "{}",
        err.message()
    );
    server.stop().await;
}

/// A browser page posting JSON got tonic-web's bare HTTP 400 with an empty
/// body. A grpc-web client in JSON reads a gRPC status naming what is
/// served; any other POST an HTTP 415 with the same words as text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_post_is_told_what_is_served() {
    let server = InProcess::start(&[]).await;
    let post = |kind: &str| {
        format!(
            "POST /rolefit.v1.RoleFitService/ListRoles HTTP/1.1\r\nhost: {}\r\n\
             content-type: {kind}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n",
            server.addr
        )
    };
    let answer = http1(server.addr, &post("application/grpc-web+json"), b"{}").await;
    assert!(answer.starts_with("http/1.1 200"), "{answer}");
    assert!(answer.contains("grpc-status: 12"), "{answer}");
    assert!(
        answer.contains("json%20is%20not%20supported")
            && answer.contains("application/grpc-web+proto"),
        "{answer}"
    );
    let answer = http1(server.addr, &post("application/json"), b"{}").await;
    assert!(answer.starts_with("http/1.1 415"), "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert!(
        body.contains("json is not supported") && body.contains("application/grpc-web+proto"),
        "{answer}"
    );
    // grpc-web itself is still served.
    let head = post("application/grpc-web+proto").replace("content-length: 2", "content-length: 5");
    let answer = http1(server.addr, &head, &[0, 0, 0, 0, 0]).await;
    assert!(answer.contains("grpc-status:0"), "{answer}");
    server.stop().await;
}

/// A grpc-web body cut off inside its frame was answered INTERNAL
/// "Unexpected EOF decoding stream.", as if the server had failed: it is
/// the client's, INVALID_ARGUMENT with what a frame is. A compressed flag
/// without grpc-encoding stays INTERNAL, as gRPC's compression spec
/// requires, but is told how to send it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_grpc_web_frame_is_told_what_is_wrong() {
    let server = InProcess::start(&[]).await;
    let post = |body: &[u8]| {
        format!(
            "POST /rolefit.v1.RoleFitService/ListRoles HTTP/1.1\r\nhost: {}\r\n\
             content-type: application/grpc-web+proto\r\nx-grpc-web: 1\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n",
            server.addr,
            body.len()
        )
    };
    // A header announcing 16 bytes, followed by 2.
    let cut = [0u8, 0, 0, 0, 16, b'a', b'b'];
    let answer = http1(server.addr, &post(&cut), &cut).await;
    assert!(answer.contains("grpc-status: 3\r\n"), "{answer}");
    assert!(
        answer.contains("ended%20in%20the%20middle%20of%20a%20message%20frame"),
        "{answer}"
    );
    let flagged = [1u8, 0, 0, 0, 0];
    let answer = http1(server.addr, &post(&flagged), &flagged).await;
    assert!(answer.contains("grpc-status: 13\r\n"), "{answer}");
    assert!(
        answer.contains("compressed-flag") && answer.contains("grpc-encoding:%20gzip%20with%20it"),
        "{answer}"
    );
    server.stop().await;
}

/// Sends one raw HTTP/1.1 request and returns the whole response as text.
async fn http1(addr: std::net::SocketAddr, head: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut response))
        .await
        .expect("response in time")
        .unwrap();
    String::from_utf8_lossy(&response).to_lowercase()
}

/// A recruiter dashboard served from another origin calls over grpc-web:
/// the browser sends a CORS preflight first, and reads grpc-status only
/// if the response exposes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpc_web_from_an_allowed_browser_origin() {
    let dashboard = "https://dash.example.com";
    let server = InProcess::start(&["--allow-origin", dashboard]).await;
    let addr = server.addr;
    let preflight = |origin: &str| {
        format!(
            "OPTIONS /rolefit.v1.RoleFitService/ListRoles HTTP/1.1\r\nhost: {}\r\n\
             origin: {origin}\r\naccess-control-request-method: POST\r\n\
             access-control-request-headers: content-type,x-grpc-web\r\n\
             connection: close\r\n\r\n",
            addr
        )
    };
    let allowed = http1(server.addr, &preflight(dashboard), &[]).await;
    assert!(allowed.starts_with("http/1.1 200"), "{allowed}");
    assert!(
        allowed.contains(&format!("access-control-allow-origin: {dashboard}")),
        "{allowed}"
    );
    assert!(allowed.contains("x-grpc-web"), "{allowed}");
    let other = http1(server.addr, &preflight("https://evil.example"), &[]).await;
    assert!(!other.contains("access-control-allow-origin"), "{other}");

    // A ListRoles call from the dashboard, with `length` bytes of message
    // said and `headers` added.
    let post = |addr: std::net::SocketAddr, length: usize, headers: &str| {
        format!(
            "POST /rolefit.v1.RoleFitService/ListRoles HTTP/1.1\r\nhost: {addr}\r\n\
             origin: {dashboard}\r\ncontent-type: application/grpc-web+proto\r\n\
             x-grpc-web: 1\r\n{headers}content-length: {length}\r\nconnection: close\r\n\r\n"
        )
    };
    let readable = format!("access-control-allow-origin: {dashboard}");
    let body = [0u8, 0, 0, 0, 0];
    let answer = http1(server.addr, &post(server.addr, body.len(), ""), &body).await;
    assert!(answer.starts_with("http/1.1 200"), "{answer}");
    assert!(answer.contains(&readable), "{answer}");
    assert!(answer.contains("access-control-expose-headers"), "{answer}");
    assert!(answer.contains("grpc-status"), "{answer}");
    server.stop().await;

    // A call whose message never arrives in full times out; the page can
    // read why (it saw a failed request without CORS headers).
    let server = InProcess::start(&["--allow-origin", dashboard, "--request-timeout", "1"]).await;
    let answer = http1(server.addr, &post(server.addr, 5, ""), &body[..2]).await;
    assert!(answer.contains(&readable), "{answer}");
    assert!(answer.contains("application/grpc-web"), "{answer}");
    assert!(answer.contains("grpc-status: 4"), "{answer}");
    assert!(answer.contains("request-timeout"), "{answer}");
    // So does the page's own deadline, before the server's.
    let started = std::time::Instant::now();
    let with_deadline = post(server.addr, 5, "grpc-timeout: 200m\r\n");
    let answer = http1(server.addr, &with_deadline, &body[..2]).await;
    assert!(
        started.elapsed() < std::time::Duration::from_millis(900),
        "{answer}"
    );
    assert!(answer.contains(&readable), "{answer}");
    assert!(answer.contains("grpc-status: 4"), "{answer}");
    assert!(answer.contains("grpc-timeout"), "{answer}");
    server.stop().await;

    // An upload over --max-message-bytes is read through, then refused
    // where the page can read it (refused mid-upload, the connection
    // closed under the browser: a network error).
    let server =
        InProcess::start(&["--allow-origin", dashboard, "--max-message-bytes", "2048"]).await;
    // One grpc-web frame of an 8 MiB message.
    let message = (8u32 << 20) - 5;
    let mut upload = vec![0u8];
    upload.extend(message.to_be_bytes());
    upload.resize(8 << 20, 0);
    let answer = http1(server.addr, &post(server.addr, upload.len(), ""), &upload).await;
    assert!(answer.contains(&readable), "{answer}");
    assert!(answer.contains("grpc-status: 11"), "{answer}");
    assert!(answer.contains("max-message-bytes"), "{answer}");
    server.stop().await;

    // Without --allow-origin, no browser origin is allowed.
    let server = InProcess::start(&[]).await;
    let none = http1(server.addr, &preflight(dashboard), &[]).await;
    assert!(!none.contains("access-control-allow-origin"), "{none}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_dir_and_extra_skills_replace_the_defaults() {
    let skills_dir = tempfile::tempdir().unwrap();
    let extra = skills_dir.path().join("extra.toml");
    std::fs::write(
        &extra,
        "[[skill]]\nid = \"quuxology\"\nname = \"Quuxology\"\nkind = \"domain\"\n",
    )
    .unwrap();
    let roles_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");
    let server =
        InProcess::start(&["--roles", roles_dir, "--skills", extra.to_str().unwrap()]).await;
    let mut client = server.client().await;
    let list = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner();
    let fixtures: HashSet<String> = std::fs::read_dir(roles_dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(!list.roles.is_empty());
    for role in &list.roles {
        assert!(
            fixtures.contains(&role.page_id),
            "{} not from --roles",
            role.page_id
        );
    }
    assert!(!list.roles.iter().any(|r| r.role_id == GITALY));
    // The extra taxonomy file is in use: the made-up skill now resolves.
    let scored = client
        .score_candidate(score_request(backend_candidate("c1"), 1, false))
        .await
        .unwrap()
        .into_inner();
    assert!(
        !scored.unresolved_skills.iter().any(|s| s == "Quuxology"),
        "{:?}",
        scored.unresolved_skills
    );
    server.stop().await;
}

/// A client that reads its results slowly is slowed down, not cut off:
/// thousands of tiny candidates pile up unread while it does not read, and
/// h2's budget for unread small DATA frames must not close the connection
/// (GOAWAY ENHANCE_YOUR_CALM "too_many_data_frames" with hyper's 1 MiB
/// stream window).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_stream_reader_is_slowed_down_not_disconnected() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    const N: usize = 6000;
    let tiny = |i: usize| pb::ScoreCandidateRequest {
        candidate: Some(pb::Candidate {
            id: format!("c{i}"),
            ..Default::default()
        }),
        // Every role: large responses, so the unread ones fill the
        // client's window and the server stops reading the stream.
        top_k: 0,
        ..Default::default()
    };
    // Fed one at a time, as most clients send them: one small DATA frame
    // per candidate (a ready iterator would be packed into large frames).
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tokio::spawn(async move {
        for i in 0..N {
            if tx.send(tiny(i)).await.is_err() {
                return;
            }
            tokio::task::yield_now().await;
        }
    });
    let mut responses = client
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .unwrap()
        .into_inner();
    // Not reading: the requests queue up in the server's receive window.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    read_rest_in_order(&mut responses, 0, N).await;
    server.stop().await;
}

/// Many slow streams on one connection, as a client with one shared
/// channel opens them: the tiny candidates each leaves unread add up on the
/// connection, and h2's budget for unread small DATA frames (half the
/// connection window) must cover them all. With a 4 MiB connection window,
/// 16 such streams had the connection closed (GOAWAY ENHANCE_YOUR_CALM
/// "too_many_data_frames"), every stream on it failing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_slow_streams_share_one_connection() {
    // A small answer budget: each stream soon stops being read.
    let server = InProcess::start(&["--stream-window-bytes", "100000"]).await;
    let channel = server.channel().await;
    const STREAMS: usize = 40;
    const N: usize = 1500;
    let mut streams = Vec::new();
    for _ in 0..STREAMS {
        let mut client = pb::role_fit_service_client::RoleFitServiceClient::new(channel.clone());
        // Fed one at a time: one small DATA frame per candidate.
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        tokio::spawn(async move {
            for i in 0..N {
                let request = pb::ScoreCandidateRequest {
                    candidate: Some(pb::Candidate {
                        id: format!("c{i}"),
                        ..Default::default()
                    }),
                    top_k: 0,
                    ..Default::default()
                };
                if tx.send(request).await.is_err() {
                    return;
                }
                tokio::task::yield_now().await;
            }
        });
        let responses = client
            .score_candidates(tokio_stream::wrappers::ReceiverStream::new(rx))
            .await
            .unwrap()
            .into_inner();
        streams.push(responses);
    }
    // Not reading: the requests queue up in the server's receive windows.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let readers: Vec<_> = streams
        .into_iter()
        .map(|mut responses| {
            tokio::spawn(async move { read_rest_in_order(&mut responses, 0, N).await })
        })
        .collect();
    for reader in readers {
        reader.await.expect("every stream answered in full");
    }
    server.stop().await;
}

/// Reads a ScoreCandidates answer stream to its end (within TIMEOUT): the
/// answers for candidates `c{from}`, `c{from + 1}`, ... up to `c{total - 1}`,
/// in order, none a dropped connection.
async fn read_rest_in_order(
    responses: &mut tonic::Streaming<pb::ScoreCandidateResponse>,
    from: usize,
    total: usize,
) {
    let mut n = from;
    let collect = async {
        while let Some(resp) = responses.next().await {
            let resp = resp.expect("stream message, not a dropped connection");
            assert_eq!(resp.candidate_id, format!("c{n}"));
            n += 1;
        }
    };
    tokio::time::timeout(TIMEOUT, collect)
        .await
        .expect("stream in time");
    assert_eq!(n, total);
}

/// Opens a ScoreCandidates stream of `n` requests for explained answers of
/// every role (about 90 KB each), counting the requests the client has
/// handed over. Each carries 16 KB of resume (after `tag`), so that the
/// transport's buffers (the server's 64 KiB receive window, the client's
/// send buffer) hold few, and the count shows what the server read.
async fn large_answer_stream(
    server: &InProcess,
    tag: &str,
    n: usize,
) -> (
    tonic::Streaming<pb::ScoreCandidateResponse>,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    let taken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&taken);
    let resume = format!("{tag}{}", "Maintained build pipelines. ".repeat(600));
    let requests = tokio_stream::iter(0..n).map(move |i| {
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut candidate = backend_candidate(&format!("c{i}"));
        candidate.resume_text = resume.clone();
        score_request(candidate, 0, true)
    });
    let responses = server
        .client()
        .await
        .score_candidates(requests)
        .await
        .unwrap()
        .into_inner();
    (responses, taken)
}

/// A stream whose client does not read holds answers up to
/// --stream-window-bytes, not --stream-window of them at any size: past
/// the budget the server reads no more of its messages (explained answers
/// of every role, a few tens of KB each, had let 8 slow streams hold half
/// a gigabyte). Every answer still arrives once the client reads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_reader_of_large_answers_holds_a_bounded_number() {
    let server = InProcess::start(&["--stream-window-bytes", "100000"]).await;
    const N: usize = 200;
    // What the client could send shows what the server read: 134 of 200
    // with a budget too large to matter, 32 with this one.
    let (mut responses, taken) = large_answer_stream(&server, "", N).await;
    let first = responses.next().await.expect("an answer").expect("ok");
    let size = prost::Message::encoded_len(&first);
    assert!(
        size > 10_000,
        "answers of {size} bytes are too small for this test"
    );
    // Not reading: the server stops once the budget is held.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let read_while_stalled = taken.load(std::sync::atomic::Ordering::SeqCst);
    // The budget (100 kB) holds a few answers, the transport some more
    // requests and answers: far from the 2 x 64 answers the message
    // window alone allowed.
    assert!(
        read_while_stalled < 60,
        "{read_while_stalled} of {N} requests taken while the client read nothing ({size}-byte answers)"
    );
    read_rest_in_order(&mut responses, 1, N).await;
    server.stop().await;
}

/// Slow streams together hold answers up to --stream-memory-bytes: past
/// it each reads its next message only when it holds none, so four
/// stalled readers take few requests each, and a stream whose client reads
/// is still answered in full meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_streams_together_hold_a_bounded_amount() {
    let server = InProcess::start(&["--stream-memory-bytes", "300000"]).await;
    const SLOW: usize = 4;
    const N: usize = 200;
    let mut stalled = Vec::new();
    let mut counters = Vec::new();
    for s in 0..SLOW {
        let (mut responses, taken) =
            large_answer_stream(&server, &format!("Stream {s}. "), N).await;
        responses.next().await.expect("an answer").expect("ok");
        stalled.push(responses);
        counters.push(taken);
    }
    // Meanwhile a client that reads: answered in full, one at a time at worst.
    let mut client = server.client().await;
    let requests = tokio_stream::iter(0..50)
        .map(|i| score_request(backend_candidate(&format!("c{i}")), 3, false));
    let mut responses = client
        .score_candidates(requests)
        .await
        .unwrap()
        .into_inner();
    read_rest_in_order(&mut responses, 0, 50).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let taken: Vec<usize> = counters
        .iter()
        .map(|c| c.load(std::sync::atomic::Ordering::SeqCst))
        .collect();
    // Each alone takes about 134 with no budget in the way (the transport's
    // buffers), about 32 when the server stops reading it early.
    assert!(
        taken.iter().sum::<usize>() < SLOW * 60,
        "{taken:?} of {N} requests taken by each stalled stream"
    );
    for mut responses in stalled {
        read_rest_in_order(&mut responses, 1, N).await;
    }
    server.stop().await;
}

/// A client that opens a ScoreCandidates stream and then goes quiet
/// (without closing its side) held its --max-inflight permit forever: 256
/// such streams locked every client out of scoring.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_stream_is_closed_and_frees_its_permit() {
    let server = InProcess::start(&["--stream-idle-timeout", "0.5", "--max-inflight", "1"]).await;
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tx.send(score_request(backend_candidate("first"), 3, false))
        .await
        .unwrap();
    let mut responses = client
        .score_candidates(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .unwrap()
        .into_inner();
    let first = responses.next().await.expect("a result").expect("scored");
    assert_eq!(first.candidate_id, "first");
    // Nothing more is sent, and `tx` stays open: the server closes it.
    let closed = tokio::time::timeout(TIMEOUT, responses.next())
        .await
        .expect("closed in time")
        .expect("a status, not a silent end");
    let status = closed.expect_err("the stream ends on an error");
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert!(
        status.message().contains("--stream-idle-timeout"),
        "{status:?}"
    );
    // About the stream, not about a message of it.
    assert!(status.message().starts_with("no message"), "{status:?}");
    // Its permit is free again (the limit is 1): a call is served.
    let served = async {
        loop {
            match client
                .score_candidate(score_request(backend_candidate("next"), 3, false))
                .await
            {
                Ok(response) => return response.into_inner(),
                Err(status) if status.code() == Code::ResourceExhausted => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await
                }
                Err(status) => panic!("{status:?}"),
            }
        }
    };
    let response = tokio::time::timeout(TIMEOUT, served)
        .await
        .expect("the permit is released");
    assert_eq!(response.candidate_id, "next");
    drop(tx);
    server.stop().await;
}

/// PutRole adds pages up to `--max-added-pages`; a new page past it is
/// refused FAILED_PRECONDITION naming the flag (nothing written, catalog
/// unchanged), while replacing or deleting a page still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_pages_are_limited_by_a_flag() {
    let server = InProcess::start(&["--max-added-pages", "2"]).await;
    let mut client = server.client().await;
    let page = |title: &str| format!("# {title}\n\n## Requirements\n\n- Rust\n- PostgreSQL\n");
    let put = |mut client: pb::role_fit_service_client::RoleFitServiceClient<_>,
               id: &'static str,
               markdown: String| async move {
        client
            .put_role(pb::PutRoleRequest {
                markdown,
                page_id: id.into(),
            })
            .await
    };
    put(client.clone(), "widget-a", page("Widget Engineer A"))
        .await
        .unwrap();
    put(client.clone(), "widget-b", page("Widget Engineer B"))
        .await
        .unwrap();
    let version = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner()
        .catalog_version;
    let err = put(client.clone(), "widget-c", page("Widget Engineer C"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::FailedPrecondition, "{}", err.message());
    assert!(
        err.message().contains("--max-added-pages") && err.message().contains("limit is 2"),
        "{}",
        err.message()
    );
    assert!(!server.data_dir.path().join("widget-c.md").exists());
    let now = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .unwrap()
        .into_inner()
        .catalog_version;
    assert_eq!(now, version);
    // Replacing a page the data directory holds is no new page.
    put(client.clone(), "widget-b", page("Widget Engineer Bee"))
        .await
        .unwrap();
    // Deleting one makes room.
    client
        .delete_role(pb::DeleteRoleRequest {
            page_id: "widget-a".into(),
        })
        .await
        .unwrap();
    put(client.clone(), "widget-c", page("Widget Engineer C"))
        .await
        .unwrap();
    server.stop().await;
}
