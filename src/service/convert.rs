//! Protobuf <-> domain conversions, and request validation into `Status`.
//!
//! proto3 has no field presence: a `SkillClaim.level` of 0 and a `years` of
//! 0 mean "not given" and map to `None`.

use std::collections::HashMap;

use tonic::Status;

use super::config::ServiceLimits;
use super::pb;
use crate::catalog::{Role, Tier};
use crate::scoring::{
    Candidate, CandidateScores, RankedCandidate, RoleScore, ScoreError, ScoreOptions, SkillClaim,
    SkillMatch,
};
use crate::taxonomy::Taxonomy;

/// A proto role summary.
pub fn role_summary(role: &Role) -> pb::RoleSummary {
    pb::RoleSummary {
        role_id: role.role_id.clone(),
        title: role.title.clone(),
        specialty: role.specialty.clone(),
        family: role.family.clone(),
        level: role.level.name().to_string(),
        page_id: role.page_id.clone(),
        grade: role.grade.unwrap_or(0),
    }
}

fn tier(tier: Tier) -> pb::Tier {
    match tier {
        Tier::Required => pb::Tier::Required,
        Tier::Preferred => pb::Tier::Preferred,
        Tier::Bonus => pb::Tier::Bonus,
    }
}

/// A proto role with its skill vector; skill ids are resolved in `taxonomy`
/// (the one the role was compiled with).
pub fn role(role: &Role, taxonomy: &Taxonomy) -> pb::Role {
    let skills = role
        .requirements
        .iter()
        .filter_map(|req| {
            let (first, rest) = req.skills.split_first()?;
            let skill = taxonomy.skill(*first);
            Some(pb::RoleSkill {
                skill_id: skill.id.clone(),
                name: skill.name.clone(),
                weight: shortest_f64(req.weight),
                tier: tier(req.tier) as i32,
                expected_level: u32::from(req.expected_level),
                evidence: req
                    .evidence
                    .iter()
                    .map(|e| {
                        if e.page_id == role.page_id {
                            e.to_string()
                        } else {
                            format!("page {}, {e}", e.page_id)
                        }
                    })
                    .collect(),
                alternatives: rest.iter().map(|s| taxonomy.skill(*s).id.clone()).collect(),
            })
        })
        .collect();
    pb::Role {
        role_id: role.role_id.clone(),
        title: role.title.clone(),
        specialty: role.specialty.clone(),
        family: role.family.clone(),
        level: role.level.name().to_string(),
        skills,
        page_id: role.page_id.clone(),
        grade: role.grade.unwrap_or(0),
        expected_years_experience: f64::from(role.expected_years_experience),
        expected_management_years: f64::from(role.expected_management_years),
    }
}

fn optional(value: f64) -> Option<f64> {
    // Exactly 0 means "not given"; NaN and negatives are kept so that
    // validation reports them.
    if value == 0.0 {
        None
    } else {
        Some(value)
    }
}

/// Converts and validates a proto candidate; `field` is its path in the
/// request (`candidate`, `candidates[3]`) and prefixes every error.
pub fn candidate(
    candidate: Option<pb::Candidate>,
    field: &str,
    limits: &ServiceLimits,
) -> Result<Candidate, Status> {
    let Some(c) = candidate else {
        return Err(Status::invalid_argument(format!("{field}: is required")));
    };
    // Checked here, before narrowing to u8, so the message shows the value sent.
    // proto3 cannot tell an empty name from a missing one: a client that
    // named the field otherwise ("skill") sends skills without names.
    if let Some(i) = c.skills.iter().position(|s| s.name.trim().is_empty()) {
        return Err(Status::invalid_argument(format!(
            "{field}.skills[{i}].name: must not be empty (a skill is sent as {{name, level, years}})"
        )));
    }
    if let Some((i, claim)) = c.skills.iter().enumerate().find(|(_, s)| s.level > 5) {
        return Err(Status::invalid_argument(format!(
            "{field}.skills[{i}].level: must be 0-5 (0 = not given), got {}",
            claim.level
        )));
    }
    let domain = Candidate {
        id: c.id,
        skills: c
            .skills
            .into_iter()
            .map(|s| SkillClaim {
                name: s.name,
                level: u8::try_from(s.level).ok().filter(|l| *l != 0),
                years: optional(s.years),
            })
            .collect(),
        years_experience: optional(c.years_experience),
        management_years: optional(c.management_years),
        resume_text: c.resume_text,
    };
    domain
        .validate(&limits.candidate)
        .map_err(|e| Status::invalid_argument(format!("{field}.{e}")))?;
    Ok(domain)
}

/// Checks a requested top_k against `--max-top-k`.
pub fn top_k(top_k: u32, limits: &ServiceLimits) -> Result<usize, Status> {
    if top_k > limits.max_top_k {
        return Err(Status::invalid_argument(format!(
            "top_k: {top_k} is over the limit of {} (--max-top-k)",
            limits.max_top_k
        )));
    }
    usize::try_from(top_k).map_err(|_| Status::invalid_argument("top_k: too large"))
}

/// Converts and validates a ScoreCandidate request.
pub fn score_request(
    req: pb::ScoreCandidateRequest,
    limits: &ServiceLimits,
) -> Result<(Candidate, ScoreOptions), Status> {
    let top_k = top_k(req.top_k, limits)?;
    let candidate = candidate(req.candidate, "candidate", limits)?;
    Ok((
        candidate,
        ScoreOptions {
            top_k,
            role_ids: req.role_ids,
            explain: req.explain,
        },
    ))
}

/// Maps an engine error to a status.
pub fn score_error(err: ScoreError) -> Status {
    match err {
        ScoreError::UnknownRole { id, suggestions } => Status::not_found(format!(
            "role {id:?} not found{}",
            crate::scoring::did_you_mean(&suggestions)
        )),
    }
}

fn skill_match(m: SkillMatch) -> pb::SkillMatch {
    pb::SkillMatch {
        skill_id: m.skill_id,
        matched_from: m.matched_from,
        weight: m.weight,
        credit: m.credit,
        contribution: m.contribution,
        tier: m.tier.map(|tier| tier.to_string()).unwrap_or_default(),
        alternatives: m.alternatives,
        expected_level: u32::from(m.expected_level),
        source: m.source,
        via_skill_id: m.via_skill_id,
    }
}

fn role_score(s: RoleScore) -> pb::RoleScore {
    pb::RoleScore {
        role_id: s.role_id,
        title: s.title,
        specialty: s.specialty,
        score: s.score,
        meets_requirements: s.meets_requirements,
        missing_required: s.missing_required,
        matches: s.matches.into_iter().map(skill_match).collect(),
        gaps: s.gaps,
        raw_score: s.raw_score,
        penalty_factor: s.penalty_factor,
        experience_factor: s.experience_factor,
    }
}

/// A proto score response.
pub fn scores(s: CandidateScores) -> pb::ScoreCandidateResponse {
    pb::ScoreCandidateResponse {
        candidate_id: s.candidate_id,
        scores: s.scores.into_iter().map(role_score).collect(),
        catalog_version: s.catalog_version,
        unresolved_skills: s.unresolved_skills,
        error: None,
    }
}

/// The candidates of a RankCandidates request, converted and checked:
/// each valid and with an id of its own. A bad one refuses the request,
/// or, with `skip_invalid`, is left out and listed with why.
pub fn rank_candidates(
    sent: Vec<pb::Candidate>,
    skip_invalid: bool,
    limits: &ServiceLimits,
) -> Result<(Vec<Candidate>, Vec<pb::RejectedCandidate>), Status> {
    let mut candidates = Vec::with_capacity(sent.len());
    let mut rejected = Vec::new();
    // A ranking names candidates by id: two with one id could not be told
    // apart in it.
    let mut first_at: HashMap<String, usize> = HashMap::with_capacity(sent.len());
    for (i, c) in sent.into_iter().enumerate() {
        let id = c.id.clone();
        let checked = candidate(Some(c), &format!("candidates[{i}]"), limits).and_then(|c| {
            match first_at.get(&c.id) {
                Some(first) => Err(Status::invalid_argument(format!(
                    "candidates[{i}].id: {:?} is also the id of candidates[{first}]",
                    c.id
                ))),
                None => {
                    first_at.insert(c.id.clone(), i);
                    Ok(c)
                }
            }
        });
        match checked {
            Ok(c) => candidates.push(c),
            Err(status) if skip_invalid => rejected.push(pb::RejectedCandidate {
                index: i as u32,
                candidate_id: id,
                message: status.message().to_string(),
            }),
            Err(status) => return Err(status),
        }
    }
    Ok((candidates, rejected))
}

/// The answer to a ScoreCandidates message that could not be scored: its
/// candidate's id and why, in place of scores.
pub fn candidate_error(candidate_id: String, status: &Status) -> pb::ScoreCandidateResponse {
    pb::ScoreCandidateResponse {
        candidate_id,
        error: Some(pb::CandidateError {
            code: match status.code() {
                tonic::Code::InvalidArgument => "INVALID_ARGUMENT".to_string(),
                tonic::Code::NotFound => "NOT_FOUND".to_string(),
                tonic::Code::OutOfRange => "OUT_OF_RANGE".to_string(),
                other => format!("{other:?}"),
            },
            message: status.message().to_string(),
        }),
        ..pb::ScoreCandidateResponse::default()
    }
}

/// Memory an answer takes while a stream holds it, in bytes: the message
/// and each of its heap allocations as the allocator rounds it (glibc: 8
/// bytes of header, 16-byte steps, 32 at least). An explained answer is
/// mostly short strings, each an allocation of its own, so this is about
/// three times its encoded size; a budget counted in encoded bytes let a
/// slow stream hold three times what it allowed.
pub fn held_bytes(answer: &pb::ScoreCandidateResponse) -> usize {
    fn allocation(bytes: usize) -> usize {
        if bytes == 0 {
            0
        } else {
            ((bytes + 8 + 15) & !15).max(32)
        }
    }
    fn string(s: &String) -> usize {
        allocation(s.capacity())
    }
    fn vec<T>(v: &Vec<T>) -> usize {
        allocation(v.capacity() * std::mem::size_of::<T>())
    }
    fn strings(v: &Vec<String>) -> usize {
        vec(v) + v.iter().map(string).sum::<usize>()
    }
    let skill_match = |m: &pb::SkillMatch| {
        string(&m.skill_id)
            + string(&m.matched_from)
            + string(&m.tier)
            + strings(&m.alternatives)
            + string(&m.source)
            + string(&m.via_skill_id)
    };
    let role_score = |r: &pb::RoleScore| {
        string(&r.role_id)
            + string(&r.title)
            + string(&r.specialty)
            + strings(&r.missing_required)
            + strings(&r.gaps)
            + vec(&r.matches)
            + r.matches.iter().map(skill_match).sum::<usize>()
    };
    std::mem::size_of::<pb::ScoreCandidateResponse>()
        + string(&answer.candidate_id)
        + string(&answer.catalog_version)
        + strings(&answer.unresolved_skills)
        + vec(&answer.scores)
        + answer.scores.iter().map(role_score).sum::<usize>()
}

/// An `f32` as the `f64` of its shortest decimal form: 0.4, not the
/// 0.4000000059604645 that widening the bits gives, which clients print.
fn shortest_f64(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

/// A proto ranked candidate.
pub fn ranked(r: RankedCandidate) -> pb::RankedCandidate {
    pb::RankedCandidate {
        candidate_id: r.candidate_id,
        score: r.score,
        meets_requirements: r.meets_requirements,
        missing_required: r.missing_required,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::Limits;

    fn limits() -> ServiceLimits {
        ServiceLimits {
            candidate: Limits::default(),
            max_message_bytes: 1 << 20,
            max_inflight: 4,
            max_streams: 1,
            max_connections: 16,
            max_open_calls: 64,
            request_timeout: std::time::Duration::from_secs(30),
            max_top_k: 10,
            max_rank_candidates: 10,
            stream_window: 4,
            stream_window_bytes: 1 << 20,
            stream_memory_bytes: 1 << 24,
            drain_timeout: std::time::Duration::from_secs(1),
            shutdown_delay: std::time::Duration::ZERO,
            stream_idle_timeout: std::time::Duration::from_secs(60),
            allow_origins: Vec::new(),
        }
    }

    fn claim(name: &str, level: u32, years: f64) -> pb::SkillClaim {
        pb::SkillClaim {
            name: name.into(),
            level,
            years,
        }
    }

    /// A role's weights read as the compiler wrote them, without the
    /// digits widening an f32 adds.
    #[test]
    fn weights_read_as_written() {
        assert_eq!(shortest_f64(0.4), 0.4);
        assert_eq!(shortest_f64(1.0), 1.0);
        assert_eq!(shortest_f64(0.15151), 0.15151);
    }

    /// An explained answer is mostly short strings: held in memory, each
    /// is an allocation of its own, and the answer takes several times
    /// its encoded size. An empty answer takes the message alone.
    #[test]
    fn held_bytes_counts_each_allocation() {
        let empty = pb::ScoreCandidateResponse::default();
        assert_eq!(
            held_bytes(&empty),
            std::mem::size_of::<pb::ScoreCandidateResponse>()
        );
        let skill_match = |i: usize| pb::SkillMatch {
            skill_id: format!("skill-{i}"),
            matched_from: "Go".to_string(),
            tier: "preferred".to_string(),
            ..Default::default()
        };
        let role = |r: usize| pb::RoleScore {
            role_id: format!("role-{r}"),
            title: "Backend Engineer".to_string(),
            matches: (0..20).map(skill_match).collect(),
            ..Default::default()
        };
        let explained = pb::ScoreCandidateResponse {
            candidate_id: "c1".to_string(),
            scores: (0..80).map(role).collect(),
            ..Default::default()
        };
        let encoded = prost::Message::encoded_len(&explained);
        let held = held_bytes(&explained);
        // 1,600 matches of three strings (32 bytes each at least) plus the
        // match itself.
        assert!(held >= 1_600 * (3 * 32 + std::mem::size_of::<pb::SkillMatch>()));
        assert!(held > 3 * encoded, "{held} bytes held, {encoded} encoded");
    }

    #[test]
    fn zero_means_not_given() {
        let c = candidate(
            Some(pb::Candidate {
                id: "c1".into(),
                skills: vec![claim("go", 0, 0.0), claim("ruby", 4, 2.5)],
                years_experience: 0.0,
                management_years: 3.0,
                resume_text: String::new(),
            }),
            "candidate",
            &limits(),
        )
        .unwrap();
        assert_eq!(c.skills[0].level, None);
        assert_eq!(c.skills[0].years, None);
        assert_eq!(c.skills[1].level, Some(4));
        assert_eq!(c.skills[1].years, Some(2.5));
        assert_eq!(c.years_experience, None);
        assert_eq!(c.management_years, Some(3.0));
    }

    #[test]
    fn errors_name_the_field() {
        let bad = |c: pb::Candidate| {
            candidate(Some(c), "candidate", &limits())
                .unwrap_err()
                .message()
                .to_string()
        };
        let base = pb::Candidate {
            id: "c1".into(),
            skills: vec![
                claim("go", 3, 1.0),
                claim("go", 3, 1.0),
                claim("go", 3, 1.0),
            ],
            ..Default::default()
        };
        let mut c = base.clone();
        c.skills[2].level = 256;
        let msg = bad(c);
        assert!(
            msg.starts_with("candidate.skills[2].level: must be 0-5"),
            "{msg}"
        );
        assert!(msg.contains("256"), "{msg}");
        let mut c = base.clone();
        c.id = String::new();
        assert!(bad(c).starts_with("candidate.id:"));
        let mut c = base.clone();
        c.years_experience = -1.0;
        assert!(bad(c).starts_with("candidate.years_experience:"));
        let mut c = base.clone();
        c.skills[1].years = f64::NAN;
        assert!(bad(c).starts_with("candidate.skills[1].years:"));
        let missing = candidate(None, "candidates[4]", &limits()).unwrap_err();
        assert_eq!(missing.code(), tonic::Code::InvalidArgument);
        assert!(missing.message().starts_with("candidates[4]:"));
        let err = top_k(11, &limits()).unwrap_err();
        assert!(err.message().contains("--max-top-k"));
        assert_eq!(top_k(10, &limits()).unwrap(), 10);
    }
}
