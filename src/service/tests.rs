//! Handler tests on a hand-built catalog (no page compiler involved).

use std::sync::Arc;

use tonic::{Code, Request};

use super::config::ServiceLimits;
use super::handlers::Handler;
use super::pb;
use super::pb::role_fit_service_server::RoleFitService;
use super::state::{CatalogState, PageSet};
use crate::catalog::{Catalog, Evidence, Level, Page, PageOrigin, Requirement, Role, Tier};
use crate::scoring::{Engine, Limits};
use crate::store::Store;
use crate::taxonomy::Taxonomy;

const SKILLS: &str = crate::test_support::SKILLS;

fn limits() -> ServiceLimits {
    ServiceLimits {
        candidate: Limits::default(),
        max_message_bytes: 1 << 20,
        max_inflight: 1,
        max_streams: 1,
        max_connections: 16,
        max_open_calls: 64,
        request_timeout: std::time::Duration::from_secs(30),
        max_top_k: 10,
        max_rank_candidates: 3,
        stream_window: 4,
        stream_window_bytes: 1 << 20,
        stream_memory_bytes: 1 << 24,
        drain_timeout: std::time::Duration::from_secs(1),
        shutdown_delay: std::time::Duration::ZERO,
        stream_idle_timeout: std::time::Duration::from_secs(60),
        allow_origins: Vec::new(),
    }
}

fn role(taxonomy: &Taxonomy, role_id: &str, specialty: &str) -> Role {
    let id = |s: &str| taxonomy.by_id(s).expect("test skill");
    Role {
        role_id: role_id.into(),
        title: "Staff Backend Engineer".into(),
        specialty: specialty.into(),
        family: "backend-engineer".into(),
        level: Level::Staff,
        grade: Some(8),
        page_id: "staff-backend-engineer".into(),
        requirements: vec![
            Requirement {
                skills: vec![id("ruby")],
                weight: 1.0,
                tier: Tier::Required,
                expected_level: 4,
                evidence: vec![Evidence {
                    page_id: "staff-backend-engineer".into(),
                    line: 3,
                    text: "Ruby".into(),
                }],
            },
            Requirement {
                skills: vec![id("go"), id("git")],
                weight: 0.5,
                tier: Tier::Preferred,
                expected_level: 3,
                evidence: vec![],
            },
        ],
        expected_years_experience: 8.0,
        expected_management_years: 0.0,
    }
}

fn handler(dir: &std::path::Path) -> (Handler, String) {
    let taxonomy = Arc::new(Taxonomy::from_sources(&[("test.toml", SKILLS)]).unwrap());
    let page = Page {
        id: "staff-backend-engineer".into(),
        text: "---\ntitle: Staff Backend Engineer\n---\n".into(),
        origin: PageOrigin::Builtin,
        too_large: None,
    };
    let roles = vec![
        role(&taxonomy, "staff-backend-engineer/gitaly", "Gitaly"),
        role(&taxonomy, "staff-backend-engineer", ""),
    ];
    let catalog = Catalog::new(roles, &taxonomy);
    let version = catalog.version().to_string();
    let engine = Engine::new(taxonomy, catalog);
    let mut pages = PageSet::default();
    pages.base.insert(page.id.clone(), page);
    let state = CatalogState::from_engine(engine, pages, Store::open(dir).unwrap());
    let (_, stop_streams) = tokio::sync::watch::channel(false);
    (
        Handler::new(Arc::new(state), limits(), stop_streams),
        version,
    )
}

fn candidate(id: &str) -> pb::Candidate {
    pb::Candidate {
        id: id.into(),
        skills: vec![pb::SkillClaim {
            name: "golang".into(),
            level: 4,
            years: 0.0,
        }],
        ..Default::default()
    }
}

#[tokio::test]
async fn list_and_get_roles() {
    let dir = tempfile::tempdir().unwrap();
    let (h, version) = handler(dir.path());
    let list = h
        .list_roles(Request::new(pb::ListRolesRequest::default()))
        .await
        .unwrap()
        .into_inner();
    let ids: Vec<_> = list.roles.iter().map(|r| r.role_id.as_str()).collect();
    assert_eq!(
        ids,
        ["staff-backend-engineer", "staff-backend-engineer/gitaly"]
    );
    assert_eq!(list.catalog_version, version);
    assert_eq!(list.roles[1].specialty, "Gitaly");
    assert_eq!(list.roles[1].level, "Staff");
    assert_eq!(list.roles[1].grade, 8);

    let only = h
        .list_roles(Request::new(pb::ListRolesRequest {
            role_id_prefix: "staff-backend-engineer/".into(),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(only.roles.len(), 1);

    let got = h
        .get_role(Request::new(pb::GetRoleRequest {
            role_id: "staff-backend-engineer/gitaly".into(),
        }))
        .await
        .unwrap()
        .into_inner();
    let role = got.role.unwrap();
    assert_eq!(role.skills[0].skill_id, "ruby");
    assert_eq!(role.skills[0].tier, pb::Tier::Required as i32);
    assert_eq!(role.skills[0].evidence, vec!["line 3: Ruby".to_string()]);
    assert_eq!(role.skills[1].skill_id, "go");
    assert_eq!(role.skills[1].name, "Go");
    assert_eq!(role.skills[1].alternatives, vec!["git".to_string()]);
    assert_eq!(role.expected_years_experience, 8.0);

    let err = h
        .get_role(Request::new(pb::GetRoleRequest {
            role_id: "nope/role".into(),
        }))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    assert!(err.message().contains("nope/role"), "{}", err.message());
}

#[tokio::test]
async fn validation_errors_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (h, _) = handler(dir.path());
    let score = |req: pb::ScoreCandidateRequest| {
        let h = h.clone();
        async move { h.score_candidate(Request::new(req)).await.unwrap_err() }
    };
    let err = score(pb::ScoreCandidateRequest::default()).await;
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().starts_with("candidate:"), "{}", err.message());

    let mut c = candidate("c1");
    c.skills[0].level = 9;
    let err = score(pb::ScoreCandidateRequest {
        candidate: Some(c),
        ..Default::default()
    })
    .await;
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(
        err.message()
            .starts_with("candidate.skills[0].level: must be 0-5"),
        "{}",
        err.message()
    );

    let err = score(pb::ScoreCandidateRequest {
        candidate: Some(candidate("c1")),
        top_k: 11,
        ..Default::default()
    })
    .await;
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().starts_with("top_k:"), "{}", err.message());

    let err = score(pb::ScoreCandidateRequest {
        candidate: Some(candidate("c1")),
        role_ids: vec!["staff-backend-engineer".into(), "ghost".into()],
        ..Default::default()
    })
    .await;
    assert_eq!(err.code(), Code::NotFound);
    assert!(err.message().contains("\"ghost\""), "{}", err.message());

    let rank = |req: pb::RankCandidatesRequest| {
        let h = h.clone();
        async move { h.rank_candidates(Request::new(req)).await.unwrap_err() }
    };
    let err = rank(pb::RankCandidatesRequest {
        role_id: "staff-backend-engineer".into(),
        candidates: vec![candidate("a"); 4],
        top_k: 0,
        skip_invalid: false,
    })
    .await;
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(
        err.message().contains("--max-rank-candidates"),
        "{}",
        err.message()
    );
    let err = rank(pb::RankCandidatesRequest {
        role_id: "ghost".into(),
        candidates: vec![candidate("a")],
        top_k: 0,
        skip_invalid: false,
    })
    .await;
    assert_eq!(err.code(), Code::NotFound);
    let mut bad = candidate("b");
    bad.resume_text = "x".repeat(Limits::default().max_resume_bytes + 1);
    let err = rank(pb::RankCandidatesRequest {
        role_id: "staff-backend-engineer".into(),
        candidates: vec![candidate("a"), bad],
        top_k: 0,
        skip_invalid: false,
    })
    .await;
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(
        err.message().starts_with("candidates[1].resume_text:"),
        "{}",
        err.message()
    );
}

#[tokio::test]
async fn page_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (h, version) = handler(dir.path());
    let err = h
        .delete_role(Request::new(pb::DeleteRoleRequest {
            page_id: "ghost".into(),
        }))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    assert!(err.message().contains("ghost"));
    for bad in ["../x", "", "A"] {
        let err = h
            .put_role(Request::new(pb::PutRoleRequest {
                markdown: "# x".into(),
                page_id: bad.into(),
            }))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{bad:?}");
        assert!(err.message().starts_with("page_id:"), "{}", err.message());
    }
    // Nothing was written and the catalog is unchanged.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let list = h
        .list_roles(Request::new(pb::ListRolesRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.catalog_version, version);
}

#[tokio::test]
async fn overload_is_resource_exhausted() {
    let dir = tempfile::tempdir().unwrap();
    let (h, _) = handler(dir.path());
    // max_inflight is 1: hold the only permit, as a slow request would.
    let held = h.permit().unwrap();
    let err = h
        .score_candidate(Request::new(pb::ScoreCandidateRequest {
            candidate: Some(candidate("c1")),
            ..Default::default()
        }))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::ResourceExhausted);
    assert!(
        err.message().contains("--max-inflight 1"),
        "{}",
        err.message()
    );
    drop(held);
    assert!(h.permit().is_ok());
}
