//! The candidate profile (also the JSON Lines record) and its input limits.

use serde::Deserialize;

/// A candidate profile. Every field but `id` is optional in JSON.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
pub struct Candidate {
    /// The caller's id for the candidate.
    pub id: String,
    /// Skills the candidate lists.
    #[serde(default)]
    pub skills: Vec<SkillClaim>,
    /// Years of professional experience, if given.
    #[serde(default)]
    pub years_experience: Option<f64>,
    /// Years of people management, if given.
    #[serde(default)]
    pub management_years: Option<f64>,
    /// Free resume text; skills mentioned in it count too.
    #[serde(default)]
    pub resume_text: String,
}

/// One listed skill.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
pub struct SkillClaim {
    /// Free-typed name ("Golang", "postgres", "Kubernates").
    pub name: String,
    /// Proficiency 1-5; `None` (or 0) means not given.
    #[serde(default)]
    pub level: Option<u8>,
    /// Years of use, if given.
    #[serde(default)]
    pub years: Option<f64>,
}

/// Input limits, shared by the gRPC service and the batch CLI.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Longest candidate id, in bytes.
    pub max_id_bytes: usize,
    /// Most skills one candidate may list.
    pub max_skills: usize,
    /// Longest skill name, in bytes.
    pub max_skill_name_bytes: usize,
    /// Most bytes of skill names one candidate may list in all: each name
    /// (and each name in a listed list, "Go, Rust, ...") may need a typo
    /// search, and 500 names of 4 KiB would hold one call for seconds.
    pub max_skill_names_bytes: usize,
    /// Longest resume text, in bytes.
    pub max_resume_bytes: usize,
    /// Largest plausible number of years (experience, management, per skill).
    pub max_years: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_id_bytes: 256,
            max_skills: 500,
            max_skill_name_bytes: 4096,
            max_skill_names_bytes: 64 * 1024,
            max_resume_bytes: 64 * 1024,
            max_years: 80.0,
        }
    }
}

/// A candidate field that breaks the rules, named so the caller can fix it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidCandidate {
    /// Path of the offending field, e.g. `skills[3].level`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> InvalidCandidate {
    InvalidCandidate {
        field: field.into(),
        message: message.into(),
    }
}

/// Checks a number of years: inlined, as it runs for every listed skill of
/// every candidate; the explanation of a bad value is built out of line.
#[inline]
fn check_years(field: &str, value: Option<f64>, limits: &Limits) -> Result<(), InvalidCandidate> {
    match value {
        Some(v) if !(v.is_finite() && (0.0..=limits.max_years).contains(&v)) => {
            Err(bad_years(field, v, limits))
        }
        _ => Ok(()),
    }
}

/// Why a number of years failed [`check_years`].
#[cold]
fn bad_years(field: &str, value: f64, limits: &Limits) -> InvalidCandidate {
    match value {
        v if !v.is_finite() => invalid(field, "must be a finite number"),
        v if v < 0.0 => invalid(field, format!("must not be negative (got {})", shown(v))),
        v => invalid(
            field,
            format!("must be at most {} (got {})", limits.max_years, shown(v)),
        ),
    }
}

/// A number as echoed in an error: plain when short, else in scientific
/// notation (`1e308`, not its 309 digits).
pub(crate) fn shown(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1e6 || (magnitude > 0.0 && magnitude < 1e-4) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

impl Candidate {
    /// Checks the candidate against `limits`; the error names the first bad field.
    pub fn validate(&self, limits: &Limits) -> Result<(), InvalidCandidate> {
        validate_profile(&self.id, &super::ProfileRef::of(self), limits)
    }
}

/// Checks a candidate's id and profile against `limits`; the error names the
/// first bad field. Shared by [`Candidate::validate`] and the batch reader.
pub fn validate_profile(
    id: &str,
    profile: &super::ProfileRef<'_>,
    limits: &Limits,
) -> Result<(), InvalidCandidate> {
    if id.trim().is_empty() {
        return Err(invalid("id", "must not be empty"));
    }
    if id.len() > limits.max_id_bytes {
        return Err(invalid(
            "id",
            format!(
                "is {} bytes, the limit is {}",
                id.len(),
                limits.max_id_bytes
            ),
        ));
    }
    if profile.skills.len() > limits.max_skills {
        return Err(invalid(
            "skills",
            format!(
                "lists {} skills, the limit is {} (--max-skills)",
                profile.skills.len(),
                limits.max_skills
            ),
        ));
    }
    if profile.resume_text.len() > limits.max_resume_bytes {
        return Err(invalid(
            "resume_text",
            format!(
                "is {} bytes, the limit is {} (--max-resume-bytes)",
                profile.resume_text.len(),
                limits.max_resume_bytes
            ),
        ));
    }
    let names_bytes: usize = profile.skills.iter().map(|skill| skill.name.len()).sum();
    if names_bytes > limits.max_skill_names_bytes {
        return Err(invalid(
            "skills",
            format!(
                "names take {names_bytes} bytes in all, the limit is {} (--max-skill-names-bytes)",
                limits.max_skill_names_bytes
            ),
        ));
    }
    check_years("years_experience", profile.years_experience, limits)?;
    check_years("management_years", profile.management_years, limits)?;
    for (i, skill) in profile.skills.iter().enumerate() {
        if skill.name.len() > limits.max_skill_name_bytes {
            return Err(invalid(
                format!("skills[{i}].name"),
                format!(
                    "is {} bytes, the limit is {} (--max-skill-name-bytes)",
                    skill.name.len(),
                    limits.max_skill_name_bytes
                ),
            ));
        }
        if let Some(level) = skill.level {
            if level > 5 {
                return Err(invalid(
                    format!("skills[{i}].level"),
                    format!("must be 0-5 (0 = not given), got {level}"),
                ));
            }
        }
        // The field name is only spelled out for a bad value (this runs for
        // every listed skill of every candidate).
        check_years("", skill.years, limits).map_err(|e| InvalidCandidate {
            field: format!("skills[{i}].years"),
            ..e
        })?;
    }
    Ok(())
}

/// The level a proficiency word of exports stands for, on the five steps
/// from novice to expert (the steps of the Dreyfus model of skill); the
/// seniority words of some exports stand for the nearest step.
pub(crate) fn level_word(word: &str) -> Option<f64> {
    let level = match word.trim().to_ascii_lowercase().as_str() {
        "novice" | "beginner" => 1.0,
        "advanced beginner" | "basic" | "elementary" | "junior" => 2.0,
        "intermediate" | "competent" | "mid" | "mid-level" | "medium" => 3.0,
        "advanced" | "proficient" | "senior" | "fluent" | "strong" => 4.0,
        "expert" | "master" | "native" | "native speaker" | "mother tongue" => 5.0,
        // LinkedIn's language proficiencies, and the CEFR's six levels.
        "elementary proficiency" | "a1" => 1.0,
        "limited working proficiency" | "a2" => 2.0,
        "professional working proficiency" | "b1" | "b2" => 3.0,
        "full professional proficiency" | "c1" => 4.0,
        "native or bilingual proficiency" | "bilingual" | "native or bilingual" | "c2" => 5.0,
        _ => return None,
    };
    Some(level)
}

/// A level written as a rating, scaled to five steps: `"4/5"`, `"8/10"`,
/// `"4 out of 5"`, `"80%"`, stars (`"★★★★"`, `"★★★☆☆"`, `"4 stars"`),
/// `"Level 4"` (`"lvl 4"`, `"L4"`), a step with its word (`"4 - advanced"`), or a bare number;
/// a rating of zero is 0 (the record's level reader raises it to the
/// lowest step, a listed name's reader reads it as a denial). `text` has
/// its runs of spaces as one.
pub(crate) fn rated(text: &str) -> Option<f64> {
    if let Some(stars) = star_rating(text) {
        return Some(stars);
    }
    let lower = text.to_ascii_lowercase();
    let text = ["level", "lvl", "lv", "grade"]
        .iter()
        .find_map(|label| lower.strip_prefix(label))
        // "L4": a level's code, a step of the five after the letter.
        .or_else(|| {
            lower
                .strip_prefix('l')
                .filter(|step| matches!(step.as_bytes(), [b'1'..=b'5']))
        })
        .map_or(lower.as_str(), str::trim_start);
    let (number, rest) = leading_number(text)?;
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Some(number);
    }
    if let Some(percent) = rest.strip_prefix('%') {
        return (percent.trim().is_empty() && number <= 100.0).then_some(number / 20.0);
    }
    let scale = rest
        .strip_prefix('/')
        .or_else(|| rest.strip_prefix("out of "))
        .or_else(|| rest.strip_prefix("of "));
    if let Some(scale) = scale {
        // "4/5", "8/10", "4 out of 5 stars": a rating, scaled to five steps.
        let (scale, after) = leading_number(scale.trim_start())?;
        let rated = matches!(after.trim(), "" | "star" | "stars");
        return (rated && scale > 0.0 && number <= scale).then(|| number / scale * 5.0);
    }
    if matches!(rest, "star" | "stars") {
        return Some(number);
    }
    // "4 - advanced", "4 (advanced)": the step decides.
    let word = rest.trim_start_matches(['-', '–', '(', ':', ' ']);
    let word = word.trim_end_matches(')');
    (rest.len() > word.len() && level_word(word).is_some()).then_some(number)
}

/// A rating drawn as stars: filled (`★`, `*`) and, after them, empty
/// (`☆`) ones, out of five when empty stars say so.
fn star_rating(text: &str) -> Option<f64> {
    let drawn: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let filled = drawn.iter().take_while(|&&c| c == '★' || c == '*').count();
    let empty = drawn[filled..].iter().take_while(|&&c| c == '☆').count();
    if drawn.is_empty() || filled + empty < drawn.len() {
        return None;
    }
    // Without empty stars the scale is unknown: the stars count as steps
    // (and more than five are out of range).
    Some(if empty == 0 {
        filled as f64
    } else {
        filled as f64 / (filled + empty) as f64 * 5.0
    })
}

/// The number a text starts with, and the rest: digits with a decimal
/// point or comma (`"5,5"` is five and a half), except that a comma before
/// three digits separates thousands (`"1,000"` is a thousand, not one).
pub(crate) fn leading_number(text: &str) -> Option<(f64, &str)> {
    let digits = |from: usize| {
        text[from..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(text.len(), |at| from + at)
    };
    let mut end = digits(0);
    if end == 0 {
        return None;
    }
    let mut thousands = false;
    if let Some(&separator @ (b'.' | b',')) = text.as_bytes().get(end) {
        let fraction_end = digits(end + 1);
        if fraction_end > end + 1 {
            thousands = separator == b',' && fraction_end - end == 4;
            end = fraction_end;
        }
    }
    let number = if thousands {
        text[..end].replace(',', "").parse().ok()?
    } else {
        text[..end].replace(',', ".").parse().ok()?
    };
    Some((number, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> Candidate {
        Candidate {
            id: "c-1".into(),
            skills: vec![SkillClaim {
                name: "Go".into(),
                level: Some(4),
                years: Some(3.0),
            }],
            ..Candidate::default()
        }
    }

    #[test]
    fn each_bad_field_is_named() {
        let limits = Limits::default();
        assert_eq!(ok().validate(&limits), Ok(()));
        type Mutation = Box<dyn Fn(&mut Candidate)>;
        let cases: Vec<(Mutation, &str)> = vec![
            (Box::new(|c| c.id = " ".into()), "id"),
            (Box::new(|c| c.id = "x".repeat(300)), "id"),
            (Box::new(|c| c.skills[0].level = Some(6)), "skills[0].level"),
            (
                Box::new(|c| c.skills[0].years = Some(-1.0)),
                "skills[0].years",
            ),
            (
                Box::new(|c| c.skills[0].years = Some(f64::NAN)),
                "skills[0].years",
            ),
            (
                Box::new(|c| c.skills[0].name = "x".repeat(5000)),
                "skills[0].name",
            ),
            (
                Box::new(|c| c.years_experience = Some(f64::INFINITY)),
                "years_experience",
            ),
            (
                Box::new(|c| c.management_years = Some(-2.0)),
                "management_years",
            ),
            (
                Box::new(|c| c.resume_text = "x".repeat(70_000)),
                "resume_text",
            ),
            (
                Box::new(|c| c.skills = vec![SkillClaim::default(); 501]),
                "skills",
            ),
        ];
        for (mutate, field) in cases {
            let mut c = ok();
            mutate(&mut c);
            let err = c.validate(&limits).expect_err(field);
            assert_eq!(err.field, field, "{err}");
        }
    }

    #[test]
    fn huge_and_tiny_numbers_are_echoed_briefly() {
        let limits = Limits::default();
        let mut c = ok();
        c.years_experience = Some(1e308);
        let err = c.validate(&limits).expect_err("too many years");
        assert_eq!(err.message, "must be at most 80 (got 1e308)");
        c.years_experience = Some(81.5);
        let err = c.validate(&limits).expect_err("too many years");
        assert_eq!(err.message, "must be at most 80 (got 81.5)");
        c.years_experience = Some(-1e-9);
        let err = c.validate(&limits).expect_err("negative");
        assert_eq!(err.message, "must not be negative (got -1e-9)");
    }
}
