//! The scoring engine: a candidate profile in, a calibrated and explained
//! score for every role and specialty out.
//!
//! [`Engine::new`] compiles a [`Catalog`](crate::catalog::Catalog) once into a compact read-only index
//! (per-skill posting lists into a flat array of requirement slots, per-role
//! must-have counts); scoring a candidate touches only the skills it has.
//! An `Engine` is immutable: share it behind an `Arc` and swap in a new one
//! to change the catalog.

mod candidate;
mod engine;

pub(crate) use candidate::{leading_number, level_word, rated, shown};
pub use candidate::{validate_profile, Candidate, InvalidCandidate, Limits, SkillClaim};

use crate::catalog::Tier;
pub use engine::{
    proficiency, ClaimRef, Engine, ProfileRef, RoleHit, BROADER_FACTOR, DEFAULT_PROFICIENCY,
    EXPERIENCE_SHARE, EXPERIENCE_SHORTFALL_FLOOR, EXPERIENCE_SHORTFALL_PER_YEAR, MANAGEMENT_SHARE,
    MET_FACTOR, MUST_HAVE_PENALTY, NARROWER_FACTOR, NO_NAME,
};

/// What to score and how much to say about it.
#[derive(Clone, Debug, Default)]
pub struct ScoreOptions {
    /// How many roles to return, best first (0 = all).
    pub top_k: usize,
    /// Only these roles (empty = every role). Unknown ids are an error.
    pub role_ids: Vec<String>,
    /// Fill in `matches` and `gaps` for each role.
    pub explain: bool,
}

/// A candidate's scores against the catalog, best role first.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CandidateScores {
    /// The candidate's id.
    pub candidate_id: String,
    /// One entry per scored role, best first.
    pub scores: Vec<RoleScore>,
    /// Version of the catalog and taxonomy that produced the scores.
    pub catalog_version: String,
    /// Listed skill names that resolved to no known skill, as typed.
    pub unresolved_skills: Vec<String>,
}

/// How well a candidate fits one role.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RoleScore {
    /// The role.
    pub role_id: String,
    /// The role's page title.
    pub title: String,
    /// The role's specialty, empty for a base role.
    pub specialty: String,
    /// Final fit in [0, 1]: `raw_score * penalty_factor * experience_factor`.
    pub score: f64,
    /// Fit before the must-have penalty and the experience factor; the sum
    /// of the contributions.
    pub raw_score: f64,
    /// 1 when every must-have is met, else the must-have penalty factor.
    pub penalty_factor: f64,
    /// 1 when the candidate has the years of experience the role expects,
    /// else [`EXPERIENCE_SHORTFALL_PER_YEAR`] less for each year short, down
    /// to [`EXPERIENCE_SHORTFALL_FLOOR`].
    pub experience_factor: f64,
    /// True when the candidate has every REQUIRED skill and at least one
    /// of the role's skills (nothing matched is no fit, must-haves or not).
    pub meets_requirements: bool,
    /// REQUIRED skills (ids) the candidate lacks.
    pub missing_required: Vec<String>,
    /// What contributed, largest contribution first (explain only).
    pub matches: Vec<SkillMatch>,
    /// Missing skills (ids) that would raise the score most (explain only).
    pub gaps: Vec<String>,
}

/// One requirement's part in a role score.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SkillMatch {
    /// The role's skill that was satisfied (canonical id), or `experience` /
    /// `management` for seniority fit.
    pub skill_id: String,
    /// The candidate's own wording that earned the credit.
    pub matched_from: String,
    /// The requirement's share of the role (a role's weights sum to 1).
    pub weight: f64,
    /// Credit earned in [0, 1].
    pub credit: f64,
    /// `weight * credit`.
    pub contribution: f64,
    /// How strongly the role asks for it; `None` for seniority fit.
    pub tier: Option<Tier>,
    /// The other skills of the requirement when it is an any-of group
    /// ("Ruby or Go"), canonical ids; empty for one skill and for seniority.
    pub alternatives: Vec<String>,
    /// Proficiency 1-5 the role's wording expects (0 for seniority fit).
    pub expected_level: u8,
    /// The page line the requirement was compiled from ("line 12: ..."),
    /// empty for seniority fit.
    pub source: String,
    /// The candidate's skill that earned the credit when it is not
    /// `skill_id` itself: a narrower one (Rails for a Ruby ask) or a
    /// broader one (Ruby for a Rails ask); empty otherwise.
    pub via_skill_id: String,
}

/// One candidate's place in a ranking for a role.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RankedCandidate {
    /// The candidate's id.
    pub candidate_id: String,
    /// Fit for the role in [0, 1].
    pub score: f64,
    /// True when the candidate has every REQUIRED skill of the role and at
    /// least one of its skills.
    pub meets_requirements: bool,
    /// REQUIRED skills the candidate lacks.
    pub missing_required: Vec<String>,
}

/// Why a scoring request could not be answered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScoreError {
    /// A requested role id is not in the catalog.
    #[error("unknown role {id:?}{}", did_you_mean(.suggestions))]
    UnknownRole {
        /// The id as requested.
        id: String,
        /// The catalog's role ids it most likely meant: the one that stands
        /// out as a near miss, else those that contain it (a family without
        /// its level, "backend-engineer"), at most [`MAX_ROLE_SUGGESTIONS`].
        suggestions: Vec<String>,
    },
}

/// Most role ids an unknown-role message suggests.
pub const MAX_ROLE_SUGGESTIONS: usize = 5;

/// " (closest match: \"id\")" for one suggestion, " (closest matches:
/// \"a\", \"b\")" for several, else nothing: the tail of every message
/// about an unknown role. No question mark: gRPC clients that decode
/// `grpc-message` with JavaScript's `decodeURI` would show it as `%3F`.
pub(crate) fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [id] => format!(" (closest match: {id:?})"),
        ids => {
            let quoted: Vec<String> = ids.iter().map(|id| format!("{id:?}")).collect();
            format!(" (closest matches: {})", quoted.join(", "))
        }
    }
}

#[cfg(test)]
mod tests;
