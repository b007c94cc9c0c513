//! Small hand-built taxonomy and catalog shared by unit tests, so engine and
//! batch tests do not depend on the page compiler or the full skill data.

use std::sync::Arc;

use crate::catalog::{Catalog, Evidence, Level, Requirement, Role, Tier};
use crate::scoring::Engine;
use crate::taxonomy::Taxonomy;

/// The small test taxonomy (`tests/fixtures/small-skills.toml`), shared by
/// the unit tests and `tests/catalog_robustness.rs`.
pub(crate) const SKILLS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/small-skills.toml"
));

pub(crate) fn taxonomy() -> Arc<Taxonomy> {
    Arc::new(Taxonomy::from_sources(&[("test.toml", SKILLS)]).expect("test taxonomy"))
}

pub(crate) fn req(
    t: &Taxonomy,
    skills: &[&str],
    weight: f32,
    tier: Tier,
    level: u8,
) -> Requirement {
    Requirement {
        skills: skills.iter().map(|s| t.by_id(s).expect(s)).collect(),
        weight,
        tier,
        expected_level: level,
        evidence: vec![Evidence {
            page_id: "test".into(),
            line: 1,
            text: format!("{skills:?}"),
        }],
    }
}

pub(crate) fn role(id: &str, level: Level, requirements: Vec<Requirement>) -> Role {
    Role {
        role_id: id.to_string(),
        title: id.to_string(),
        specialty: String::new(),
        family: "test".into(),
        level,
        grade: None,
        page_id: "test".into(),
        requirements,
        expected_years_experience: level.default_years_experience(),
        expected_management_years: level.default_management_years(),
    }
}

pub(crate) fn engine() -> Engine {
    let t = taxonomy();
    let roles = vec![
        role(
            "gitaly",
            Level::Staff,
            vec![
                req(&t, &["ruby"], 1.0, Tier::Required, 4),
                req(&t, &["go"], 0.9, Tier::Preferred, 3),
                req(&t, &["grpc"], 0.9, Tier::Preferred, 3),
                req(&t, &["git"], 0.8, Tier::Preferred, 3),
            ],
        ),
        role(
            "database",
            Level::Staff,
            vec![
                req(&t, &["postgresql"], 1.0, Tier::Preferred, 5),
                req(&t, &["ruby-on-rails"], 1.0, Tier::Required, 4),
                req(&t, &["sql"], 0.8, Tier::Preferred, 4),
            ],
        ),
        role(
            "polyglot",
            Level::Senior,
            vec![
                req(&t, &["ruby", "go", "java"], 1.0, Tier::Required, 3),
                req(&t, &["kubernetes"], 0.4, Tier::Bonus, 3),
            ],
        ),
        role(
            "manager",
            Level::Manager,
            vec![
                req(&t, &["mentoring"], 1.0, Tier::Preferred, 3),
                req(&t, &["ruby"], 0.5, Tier::Preferred, 3),
            ],
        ),
    ];
    let catalog = Catalog::new(roles, &t);
    Engine::new(t, catalog)
}
