//! The role catalog: job-family pages compiled into weighted skill vectors.
//!
//! A [`Page`] is markdown with optional front matter. [`compile`] turns a set
//! of pages into a [`Catalog`] of [`Role`]s: each page's own role plus one
//! role per specialty its family defines. The types here are plain domain
//! types; the gRPC mapping lives in `service`.

mod compiler;
mod family;
mod frontmatter;
mod markdown;
mod plaintext;
mod text;
mod wording;

use std::fmt;

use crate::taxonomy::{SkillId, Taxonomy};

pub use compiler::{compile, CompileError, CompileOptions};
pub(crate) use text::read_at_most;
pub use text::{slugify, unread_document_note, unread_documents};

/// The proficiency (1-5) that `years` of practice with a skill suggest:
/// under 1: 2, under 3: 3, under 6: 4, more: 5. The same scale reads a
/// page's "5+ years of Kotlin" and a candidate's claim without a level.
pub fn proficiency_for_years(years: f64) -> u8 {
    match years {
        y if y < 1.0 => 2,
        y if y < 3.0 => 3,
        y if y < 6.0 => 4,
        _ => 5,
    }
}

/// The built-in pages (`seeds/pages/*.md`), as `(page_id, text)`.
pub const BUILTIN_PAGES: &[(&str, &str)] = &[
    (
        "backend-director",
        include_str!("../../seeds/pages/backend-director.md"),
    ),
    (
        "backend-engineering-manager",
        include_str!("../../seeds/pages/backend-engineering-manager.md"),
    ),
    (
        "intermediate-backend-engineer",
        include_str!("../../seeds/pages/intermediate-backend-engineer.md"),
    ),
    (
        "senior-backend-developer",
        include_str!("../../seeds/pages/senior-backend-developer.md"),
    ),
    (
        "staff-backend-engineer",
        include_str!("../../seeds/pages/staff-backend-engineer.md"),
    ),
];

/// Where a page came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageOrigin {
    /// Shipped with rolefit or loaded from `--roles DIR`.
    Builtin,
    /// Added at run time (PutRole) and kept in the data directory.
    User,
}

/// One job-family page, not yet compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Stable id (file stem), the key for replacing or deleting the page.
    pub id: String,
    /// Raw page bytes decoded as UTF-8 (front matter + markdown).
    pub text: String,
    /// Where it came from.
    pub origin: PageOrigin,
    /// The size in bytes of a file [`Page::load_dir`] found too large to
    /// be a page (over twice [`CompileOptions::max_page_bytes`], which no
    /// encoding brings under it): only that much of it was read, `text` is
    /// empty, and the compiler refuses the page as too large. `None` for
    /// every other page.
    pub too_large: Option<u64>,
}

impl Page {
    /// The built-in seed pages.
    pub fn builtin() -> Vec<Page> {
        BUILTIN_PAGES
            .iter()
            .map(|(id, text)| Page {
                id: id.to_string(),
                text: text.to_string(),
                origin: PageOrigin::Builtin,
                too_large: None,
            })
            .collect()
    }
}

/// How strongly a role asks for a skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Tier {
    /// A must-have.
    Required,
    /// Counts fully, not a must-have.
    Preferred,
    /// Nice to have.
    Bonus,
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tier::Required => "REQUIRED",
            Tier::Preferred => "PREFERRED",
            Tier::Bonus => "BONUS",
        })
    }
}

/// Seniority level of a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Level {
    /// Entry level.
    Junior,
    /// Mid level (the default when a page names none).
    Intermediate,
    /// Senior individual contributor.
    Senior,
    /// Staff individual contributor.
    Staff,
    /// Principal individual contributor.
    Principal,
    /// Distinguished engineer / fellow.
    Distinguished,
    /// Manager of people.
    Manager,
    /// Senior manager of people.
    SeniorManager,
    /// Director.
    Director,
    /// Vice president.
    VicePresident,
}

impl Level {
    /// Default years of professional experience the level expects.
    pub fn default_years_experience(self) -> f32 {
        match self {
            Level::Junior => 0.0,
            Level::Intermediate => 2.0,
            Level::Senior => 5.0,
            Level::Staff => 8.0,
            Level::Principal => 10.0,
            Level::Distinguished => 15.0,
            Level::Manager => 6.0,
            Level::SeniorManager => 8.0,
            Level::Director => 10.0,
            Level::VicePresident => 15.0,
        }
    }

    /// Default years of people management the level expects.
    pub fn default_management_years(self) -> f32 {
        match self {
            Level::Manager => 1.0,
            Level::SeniorManager => 3.0,
            Level::Director => 5.0,
            Level::VicePresident => 8.0,
            _ => 0.0,
        }
    }

    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Level::Junior => "Junior",
            Level::Intermediate => "Intermediate",
            Level::Senior => "Senior",
            Level::Staff => "Staff",
            Level::Principal => "Principal",
            Level::Distinguished => "Distinguished",
            Level::Manager => "Manager",
            Level::SeniorManager => "Senior Manager",
            Level::Director => "Director",
            Level::VicePresident => "VP",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A source line a requirement was compiled from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Evidence {
    /// The page the line is in: a specialty shared across a family keeps
    /// pointing at the page that defines it.
    pub page_id: String,
    /// 1-based line number in the page.
    pub line: u32,
    /// The line's text, trimmed of markdown markers.
    pub text: String,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.text)
    }
}

/// One entry of a role's skill vector. `skills` holds one skill, or the
/// members of an any-of group ("Ruby and/or Go"), first-named first; the
/// group counts once, satisfied by the best member a candidate has.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// The skill, or the alternatives of an any-of group (never empty).
    pub skills: Vec<SkillId>,
    /// Weight in (0, 1].
    pub weight: f32,
    /// Must-have, preferred or bonus.
    pub tier: Tier,
    /// Proficiency 1-5 the wording implies.
    pub expected_level: u8,
    /// The lines the requirement came from.
    pub evidence: Vec<Evidence>,
}

impl Requirement {
    /// The first-named skill of the entry.
    pub fn primary(&self) -> SkillId {
        self.skills[0]
    }
}

/// A compiled role: what candidates are scored against.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// Stable readable slug, e.g. `staff-backend-engineer/gitaly`.
    pub role_id: String,
    /// Page title, e.g. `Staff Backend Engineer`.
    pub title: String,
    /// Specialty name, empty for the base role.
    pub specialty: String,
    /// Job family slug, e.g. `backend-engineer`.
    pub family: String,
    /// Seniority level.
    pub level: Level,
    /// Job grade when the page gives one.
    pub grade: Option<u32>,
    /// Id of the page the role was compiled from.
    pub page_id: String,
    /// The weighted skill vector, highest weight first.
    pub requirements: Vec<Requirement>,
    /// Years of professional experience expected.
    pub expected_years_experience: f32,
    /// Years of people management expected.
    pub expected_management_years: f32,
}

/// A compiled set of roles, sorted by `role_id`, plus the version hash that
/// identifies the definitions (compiled roles and taxonomy) it holds.
#[derive(Clone, Debug)]
pub struct Catalog {
    roles: Vec<Role>,
    version: String,
    skipped: Vec<PageNotice>,
    renamed: Vec<PageNotice>,
    sparse: Vec<PageNotice>,
}

/// A page left out of (or renamed in) a catalog compiled with
/// [`CompileOptions::skip_failing_pages`], and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageNotice {
    /// The page.
    pub page_id: String,
    /// What happened and why, as a person reads it.
    pub reason: String,
}

impl Catalog {
    /// Wraps compiled roles; sorts them by id and computes the version from
    /// what they define (every field of every role, evidence included),
    /// the taxonomy's fingerprint and the program's version (the rules that
    /// turn definitions into scores). Two page sets that compile to the
    /// same roles share a version; a new compiler that reads a page
    /// differently does not.
    pub fn new(mut roles: Vec<Role>, taxonomy: &Taxonomy) -> Catalog {
        roles.sort_by(|a, b| a.role_id.cmp(&b.role_id));
        // Every field with its length, so that no two role lists read
        // alike; hashed at once (blake3 costs per update). A line quoted as
        // evidence by many roles (a family's shared asks) is written once.
        let mut bytes: Vec<u8> = Vec::with_capacity(1 << 16);
        fn put(bytes: &mut Vec<u8>, field: &[u8]) {
            bytes.extend_from_slice(&(field.len() as u64).to_le_bytes());
            bytes.extend_from_slice(field);
        }
        let mut quoted: std::collections::HashSet<(&str, u32)> = std::collections::HashSet::new();
        put(&mut bytes, env!("CARGO_PKG_VERSION").as_bytes());
        put(&mut bytes, taxonomy.fingerprint().as_bytes());
        for role in &roles {
            put(&mut bytes, role.role_id.as_bytes());
            put(&mut bytes, role.title.as_bytes());
            put(&mut bytes, role.specialty.as_bytes());
            put(&mut bytes, role.family.as_bytes());
            put(&mut bytes, &[role.level as u8]);
            put(
                &mut bytes,
                &role.grade.map_or(u64::MAX, u64::from).to_le_bytes(),
            );
            put(&mut bytes, role.page_id.as_bytes());
            put(
                &mut bytes,
                &role.expected_years_experience.to_bits().to_le_bytes(),
            );
            put(
                &mut bytes,
                &role.expected_management_years.to_bits().to_le_bytes(),
            );
            for requirement in &role.requirements {
                for skill in &requirement.skills {
                    put(&mut bytes, taxonomy.skill(*skill).id.as_bytes());
                }
                put(&mut bytes, &requirement.weight.to_bits().to_le_bytes());
                put(
                    &mut bytes,
                    &[requirement.tier as u8, requirement.expected_level],
                );
                for evidence in &requirement.evidence {
                    put(&mut bytes, evidence.page_id.as_bytes());
                    put(&mut bytes, &evidence.line.to_le_bytes());
                    if quoted.insert((&evidence.page_id, evidence.line)) {
                        put(&mut bytes, evidence.text.as_bytes());
                    }
                }
            }
        }
        let version = blake3::hash(&bytes).to_hex()[..16].to_string();
        Catalog {
            roles,
            version,
            skipped: Vec::new(),
            renamed: Vec::new(),
            sparse: Vec::new(),
        }
    }

    /// Pages left out because they did not compile (only with
    /// [`CompileOptions::skip_failing_pages`]).
    pub fn skipped(&self) -> &[PageNotice] {
        &self.skipped
    }

    /// Pages whose role ids another page already had, served under ids
    /// qualified by their page id (only with
    /// [`CompileOptions::skip_failing_pages`]).
    pub fn renamed(&self) -> &[PageNotice] {
        &self.renamed
    }

    /// Pages served with a warning about how they were read: most of
    /// their requirement lines name no skill the taxonomy knows (a nurse's
    /// or a warehouse page against a software taxonomy: their roles are
    /// scored on the few asks that were read), they name no title and
    /// are named by their file (front-matter keys not read are listed), or
    /// a specialty of theirs names no known skill (its roles are scored on
    /// their level's asks alone).
    /// Every caller shows these as warnings, so new kinds join this list.
    pub fn sparse(&self) -> &[PageNotice] {
        &self.sparse
    }

    /// The roles, sorted by `role_id`.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// One role by id.
    pub fn role(&self, role_id: &str) -> Option<&Role> {
        self.roles
            .binary_search_by(|r| r.role_id.as_str().cmp(role_id))
            .ok()
            .map(|i| &self.roles[i])
    }

    /// Hash of the compiled roles, the taxonomy and the rolefit version.
    pub fn version(&self) -> &str {
        &self.version
    }
}
