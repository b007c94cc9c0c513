//! Text and JSON renderings of roles and scores for people and scripts
//! (`rolefit roles`, `rolefit explain`).

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

use crate::catalog::{Catalog, Requirement, Role};
use crate::scoring::{CandidateScores, RoleScore, SkillMatch};
use crate::taxonomy::Taxonomy;

/// A role in machine-readable form, with skill ids and names resolved.
#[derive(Serialize)]
pub struct RoleView<'a> {
    /// Stable slug.
    pub role_id: &'a str,
    /// Page title.
    pub title: &'a str,
    /// Specialty, empty for a base role.
    pub specialty: &'a str,
    /// Family slug.
    pub family: &'a str,
    /// Level name.
    pub level: String,
    /// Job grade, if the page gives one.
    pub grade: Option<u32>,
    /// Page the role comes from.
    pub page_id: &'a str,
    /// Years of experience expected.
    pub expected_years_experience: f32,
    /// Years of people management expected.
    pub expected_management_years: f32,
    /// The skill vector, highest weight first.
    pub skills: Vec<RoleSkillView<'a>>,
}

/// One entry of a role's skill vector.
#[derive(Serialize)]
pub struct RoleSkillView<'a> {
    /// Canonical id of the first-named skill.
    pub skill_id: &'a str,
    /// Its display name.
    pub name: &'a str,
    /// Other skills that satisfy the entry (any-of group).
    pub alternatives: Vec<&'a str>,
    /// Weight in (0, 1].
    pub weight: f32,
    /// REQUIRED, PREFERRED or BONUS.
    pub tier: String,
    /// Proficiency 1-5 expected.
    pub expected_level: u8,
    /// Source lines, as "line N: text".
    pub evidence: Vec<String>,
}

impl<'a> RoleView<'a> {
    /// Views `role` with names from `taxonomy`.
    pub fn new(role: &'a Role, taxonomy: &'a Taxonomy) -> RoleView<'a> {
        RoleView {
            role_id: &role.role_id,
            title: &role.title,
            specialty: &role.specialty,
            family: &role.family,
            level: role.level.to_string(),
            grade: role.grade,
            page_id: &role.page_id,
            expected_years_experience: role.expected_years_experience,
            expected_management_years: role.expected_management_years,
            skills: role
                .requirements
                .iter()
                .map(|r| {
                    let primary = taxonomy.skill(r.primary());
                    RoleSkillView {
                        skill_id: &primary.id,
                        name: &primary.name,
                        alternatives: r.skills[1..]
                            .iter()
                            .map(|s| taxonomy.skill(*s).id.as_str())
                            .collect(),
                        weight: r.weight,
                        tier: r.tier.to_string(),
                        expected_level: r.expected_level,
                        evidence: r.evidence.iter().map(|e| e.to_string()).collect(),
                    }
                })
                .collect(),
        }
    }
}

/// `text` up to its first `max_chars` characters.
pub(crate) fn first_chars(text: &str, max_chars: usize) -> &str {
    if text.len() <= max_chars {
        // No more characters than bytes: nothing to cut.
        return text;
    }
    text.char_indices()
        .nth(max_chars)
        .map_or(text, |(cut, _)| &text[..cut])
}

/// `text` as a message quotes it: at most `max_chars` characters, a cut
/// marked with "...".
pub(crate) fn shortened(text: &str, max_chars: usize) -> String {
    let kept = first_chars(text, max_chars);
    if kept.len() < text.len() {
        format!("{kept}...")
    } else {
        text.to_string()
    }
}

/// "1 year", "2.5 years": a number and its noun, agreeing.
pub fn counted(n: impl Into<f64> + Copy + std::fmt::Display, one: &str, many: &str) -> String {
    let noun = if n.into() == 1.0 { one } else { many };
    format!("{n} {noun}")
}

fn top_skills(role: &Role, taxonomy: &Taxonomy, n: usize) -> String {
    role.requirements
        .iter()
        .take(n)
        .map(|r| {
            let names: Vec<&str> = r
                .skills
                .iter()
                .map(|s| taxonomy.skill(*s).name.as_str())
                .collect();
            names.join("|")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The catalog as an aligned table, one role per line.
pub fn roles_table(catalog: &Catalog, taxonomy: &Taxonomy) -> String {
    let width = catalog
        .roles()
        .iter()
        .map(|r| r.role_id.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:<13} {:>6}  TOP SKILLS",
        "ROLE_ID", "LEVEL", "SKILLS"
    );
    for role in catalog.roles() {
        let _ = writeln!(
            out,
            "{:<width$}  {:<13} {:>6}  {}",
            role.role_id,
            role.level.to_string(),
            role.requirements.len(),
            top_skills(role, taxonomy, 4)
        );
    }
    let _ = write!(
        out,
        "{} roles, catalog version {}",
        catalog.roles().len(),
        catalog.version()
    );
    out
}

/// One role's skill vector with tiers, weights, expected levels and evidence.
pub fn role_detail(role: &Role, taxonomy: &Taxonomy) -> String {
    let mut out = String::new();
    let specialty = if role.specialty.is_empty() {
        String::new()
    } else {
        format!(" - {}", role.specialty)
    };
    let _ = writeln!(out, "{}{}  ({})", role.title, specialty, role.role_id);
    let grade = role
        .grade
        .map(|g| format!(", grade {g}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "family {}, level {}{}, expects {} of experience{}, page {}",
        role.family,
        role.level,
        grade,
        counted(role.expected_years_experience, "year", "years"),
        if role.expected_management_years > 0.0 {
            format!(
                " and {} of people management",
                counted(role.expected_management_years, "year", "years")
            )
        } else {
            String::new()
        },
        role.page_id
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<32} {:<9} {:>6} {:>5}",
        "SKILL", "TIER", "WEIGHT", "LEVEL"
    );
    for requirement in &role.requirements {
        let names = skill_ids(requirement, taxonomy);
        let label = if names.len() > 1 {
            format!("any of: {}", names.join(" | "))
        } else {
            names.join("")
        };
        let _ = writeln!(
            out,
            "{:<32} {:<9} {:>6.2} {:>5}",
            label,
            requirement.tier.to_string(),
            requirement.weight,
            requirement.expected_level
        );
        for evidence in &requirement.evidence {
            let _ = writeln!(out, "    {evidence}");
        }
    }
    out
}

/// A match's skill as a person reads it: the skill, and for an any-of
/// group the alternatives it stood in for ("go (or ruby, python)").
fn what_counted(m: &SkillMatch) -> String {
    match m.alternatives.len() {
        0 => m.skill_id.clone(),
        1..=2 => format!("{} (or {})", m.skill_id, m.alternatives.join(", ")),
        n => format!("{} (or {n} others)", m.skill_id),
    }
}

/// `text` with control characters escaped (`\n`, `\u{1b}`): a candidate's
/// id or wording (a CV's "Kuber-\nnetes") must not break a report's lines,
/// nor send a terminal escape sequences.
fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            shown.extend(c.escape_debug());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// The ids of a requirement's skills: one, or an any-of group's members.
fn skill_ids<'t>(requirement: &Requirement, taxonomy: &'t Taxonomy) -> Vec<&'t str> {
    requirement
        .skills
        .iter()
        .map(|&skill| taxonomy.skill(skill).id.as_str())
        .collect()
}

/// The missing must-haves as a person reads them: an any-of group as
/// "one of ruby, go, python", not as its first member's id (which reads
/// as "ruby, ruby" beside a must-have of Ruby alone).
fn missing_must_haves(score: &RoleScore, role: &Role, taxonomy: &Taxonomy) -> String {
    // `missing_required` follows the role's must-haves in order, then
    // people management.
    let mut required = role
        .requirements
        .iter()
        .filter(|requirement| requirement.tier == crate::catalog::Tier::Required);
    let described: Vec<String> = score
        .missing_required
        .iter()
        .map(|id| {
            let requirement = required
                .by_ref()
                .find(|requirement| taxonomy.skill(requirement.primary()).id == *id);
            match requirement {
                Some(group) if group.skills.len() > 1 => {
                    format!("one of {}", skill_ids(group, taxonomy).join(", "))
                }
                _ => id.clone(),
            }
        })
        .collect();
    described.join("; ")
}

/// A candidate's fit for one role (`role`, the one `score` is for),
/// explained for a person.
pub fn explanation(
    scores: &CandidateScores,
    score: &RoleScore,
    role: &Role,
    taxonomy: &Taxonomy,
) -> String {
    let mut out = String::new();
    let specialty = if score.specialty.is_empty() {
        String::new()
    } else {
        format!(" - {}", score.specialty)
    };
    let _ = writeln!(
        out,
        "Candidate {} for {}{} ({})",
        printable(&scores.candidate_id),
        score.title,
        specialty,
        score.role_id
    );
    // A role that expects people management has that must-have too.
    let has_must_haves = role.expected_management_years > 0.0
        || role
            .requirements
            .iter()
            .any(|requirement| requirement.tier == crate::catalog::Tier::Required);
    let verdict = if !score.missing_required.is_empty() {
        format!(
            "missing must-have(s): {} -> raw score x{}",
            missing_must_haves(score, role, taxonomy),
            score.penalty_factor
        )
    } else if !score.meets_requirements {
        "none of the role's skills matched".to_string()
    } else if !has_must_haves {
        // "Every must-have met" of a role without any reads as a finding.
        "the role names no must-have".to_string()
    } else {
        "every must-have met".to_string()
    };
    // Years short of the role's expectation scale the score too.
    let shortfall = if score.experience_factor < 1.0 {
        format!(
            "; x{:.2} for fewer than the {} expected",
            score.experience_factor,
            counted(role.expected_years_experience, "year", "years")
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "Score {:.3} (raw {:.3}; {}{})",
        score.score, score.raw_score, verdict, shortfall
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<34} {:<9} {:>7} {:>7} {:>13}  FROM",
        "WHAT COUNTED", "TIER", "WEIGHT", "CREDIT", "CONTRIBUTION"
    );
    for m in &score.matches {
        let tier = m
            .tier
            .map(|tier| tier.to_string().to_lowercase())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<34} {:<9} {:>7.3} {:>7.2} {:>13.4}  {}",
            what_counted(m),
            tier,
            m.weight,
            m.credit,
            m.contribution,
            if m.via_skill_id.is_empty() {
                printable(&m.matched_from).into_owned()
            } else {
                // "resume: frontend" for an accessibility ask: say why.
                format!(
                    "{} (as related skill {})",
                    printable(&m.matched_from),
                    m.via_skill_id
                )
            }
        );
    }
    let _ = writeln!(
        out,
        "{:<34} {:<9} {:>7} {:>7} {:>13.4}",
        "total", "", "", "", score.raw_score
    );
    if !score.gaps.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Would raise the score most: {}", score.gaps.join(", "));
    }
    if !scores.unresolved_skills.is_empty() {
        let _ = writeln!(
            out,
            "Skill names not recognised: {}",
            printable(&scores.unresolved_skills.join(", "))
        );
    }
    let _ = write!(out, "catalog version {}", scores.catalog_version);
    out
}

#[cfg(test)]
mod tests {
    use super::{counted, printable};

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(printable("c-1"), "c-1");
        assert_eq!(
            printable("a\u{1b}[2J\nSCORE 0.99\tx"),
            "a\\u{1b}[2J\\nSCORE 0.99\\tx"
        );
        assert_eq!(printable("Kuber-\r\nnetes é"), "Kuber-\\r\\nnetes é");
    }

    #[test]
    fn numbers_agree_with_their_nouns() {
        assert_eq!(counted(1.0, "year", "years"), "1 year");
        assert_eq!(counted(0.0, "year", "years"), "0 years");
        assert_eq!(counted(2.5_f32, "year", "years"), "2.5 years");
        assert_eq!(counted(1_u32, "candidate", "candidates"), "1 candidate");
    }
}
