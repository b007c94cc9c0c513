//! One JSON Lines record, parsed without copying strings where JSON allows.
//!
//! Pools come from many systems, so the reader is lenient where meaning is
//! unambiguous (a numeric `id`; a level written as `"4"`, `4.0`, `3.7`,
//! `"4/5"`, `"4 - advanced"`, `"expert"` or `"senior"`; years written as
//! `"2.5"`, `"5+"`, `"3 yrs"`, `"10+ years"` or `"1-3"`; `""`, `"n/a"` and
//! `null` for a value not given; a skill given by its name alone, `null`
//! entries in a list of skills passed over; skills as an object of name to
//! level; `skill` and `proficiency` for `name` and `level`; the field names
//! exports use, such as `Skills`, `yearsExperience`, `resumeText`; unknown
//! fields) and strict where it is not (a level of 7, negative years, a
//! skill without a name): those lines are reported with their number.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::scoring::{Candidate, ClaimRef, ProfileRef, SkillClaim};

/// A parsed candidate line.
#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Record<'a> {
    #[serde(borrow, alias = "ID", alias = "Id", deserialize_with = "id_text")]
    pub id: Cow<'a, str>,
    #[serde(
        default,
        borrow,
        alias = "Skills",
        alias = "SKILLS",
        alias = "skill_list",
        alias = "skillList",
        alias = "skillset",
        alias = "skill_set",
        deserialize_with = "claims"
    )]
    pub skills: Vec<ClaimRecord<'a>>,
    #[serde(
        default,
        alias = "yearsExperience",
        alias = "YearsExperience",
        alias = "years_of_experience",
        alias = "yearsOfExperience",
        alias = "experience_years",
        alias = "experienceYears",
        deserialize_with = "number"
    )]
    pub years_experience: Option<f64>,
    #[serde(
        default,
        alias = "managementYears",
        alias = "ManagementYears",
        alias = "years_of_management",
        alias = "yearsOfManagement",
        alias = "management_experience_years",
        deserialize_with = "number"
    )]
    pub management_years: Option<f64>,
    #[serde(
        default,
        borrow,
        alias = "resumeText",
        alias = "ResumeText",
        alias = "resume",
        alias = "Resume",
        alias = "cv",
        alias = "cv_text",
        alias = "cvText",
        deserialize_with = "text_or_null"
    )]
    pub resume_text: Cow<'a, str>,
}

/// One listed skill of a record: an object, or just the skill's name
/// (`"skills": ["Go", "Rust"]`, as many exports write them).
#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct ClaimRecord<'a> {
    /// Required: an object without it would drop the skill unseen.
    #[serde(borrow, alias = "skill", deserialize_with = "text_or_null")]
    pub name: Cow<'a, str>,
    #[serde(default, alias = "proficiency", deserialize_with = "level")]
    pub level: Option<u8>,
    #[serde(default, deserialize_with = "number")]
    pub years: Option<f64>,
}

/// What an object of skills says of one skill (`{"Go": 4, "Rust":
/// {"level": 3, "years": 2}}`): a level, or an object with level and years.
struct ClaimDetail {
    level: Option<u8>,
    years: Option<f64>,
}

/// The fields of a [`ClaimDetail`] written as an object.
#[derive(Deserialize)]
struct ClaimDetailFields {
    #[serde(default, alias = "proficiency", deserialize_with = "level")]
    level: Option<u8>,
    #[serde(default, deserialize_with = "number")]
    years: Option<f64>,
}

impl<'de> Deserialize<'de> for ClaimDetail {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DetailVisitor;
        impl<'de> Visitor<'de> for DetailVisitor {
            type Value = ClaimDetail;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a level, or an object with level and years")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ClaimDetail, E> {
                level(v.into_deserializer()).map(ClaimDetail::at_level)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ClaimDetail, E> {
                level(v.into_deserializer()).map(ClaimDetail::at_level)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ClaimDetail, E> {
                level(v.into_deserializer()).map(ClaimDetail::at_level)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ClaimDetail, E> {
                level(v.into_deserializer()).map(ClaimDetail::at_level)
            }
            fn visit_unit<E: de::Error>(self) -> Result<ClaimDetail, E> {
                Ok(ClaimDetail::at_level(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ClaimDetail, A::Error> {
                let fields =
                    ClaimDetailFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ClaimDetail {
                    level: fields.level,
                    years: fields.years,
                })
            }
        }
        d.deserialize_any(DetailVisitor)
    }
}

impl ClaimDetail {
    fn at_level(level: Option<u8>) -> ClaimDetail {
        ClaimDetail { level, years: None }
    }
}

/// A skill's name as an object key, borrowed from the line when it can be.
struct Name<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            null: false,
            integers: false,
        })
        .map(Name)
    }
}

/// The listed skills: a list of names alone or objects, or an object of
/// name to level (or to level and years); `null` for none.
fn claims<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ClaimRecord<'de>>, D::Error> {
    /// One listed skill as written: a name, or an object that the code
    /// [`ClaimRecord`] derives reads.
    struct Claim<'a>(ClaimRecord<'a>);

    impl<'de> Deserialize<'de> for Claim<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct ClaimVisitor;
            impl<'de> Visitor<'de> for ClaimVisitor {
                type Value = Claim<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a skill: an object with a name, or a name")
                }
                fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                    Ok(Claim(ClaimRecord::named(Cow::Borrowed(v))))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    Ok(Claim(ClaimRecord::named(Cow::Owned(v.to_string()))))
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                    ClaimRecord::deserialize(de::value::MapAccessDeserializer::new(map)).map(Claim)
                }
            }
            d.deserialize_any(ClaimVisitor)
        }
    }

    struct ClaimsVisitor;
    impl<'de> Visitor<'de> for ClaimsVisitor {
        type Value = Vec<ClaimRecord<'de>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(
                "a list of skills ([\"Go\"] or [{\"name\": \"Go\", \"level\": 4}]), an \
                 object of skill name to level ({\"Go\": 4}) or names in one string \
                 (\"Go, Rust\")",
            )
        }
        fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
            Ok(skill_list(text)
                .map(|name| ClaimRecord::named(Cow::Borrowed(name)))
                .collect())
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(skill_list(text)
                .map(|name| ClaimRecord::named(Cow::Owned(name.to_string())))
                .collect())
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut claims = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            // `["Go", null, "Rust"]`: an empty cell of an export names no skill.
            while let Some(claim) = seq.next_element::<Option<Claim>>()? {
                claims.extend(claim.map(|Claim(claim)| claim));
            }
            Ok(claims)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut claims = Vec::new();
            while let Some((Name(name), detail)) = map.next_entry::<Name<'de>, ClaimDetail>()? {
                claims.push(ClaimRecord {
                    name,
                    level: detail.level,
                    years: detail.years,
                });
            }
            Ok(claims)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(ClaimsVisitor)
}

/// The names of a skills field written as one string, as some exports
/// write it ("Go, Rust; SQL"): split at commas, semicolons, vertical bars
/// and line breaks, trimmed, empty pieces dropped. A name with a comma of
/// its own ("Diversity, Equity and Inclusion", one of three in the seed
/// taxonomy) is split too: such skills need the list form.
fn skill_list(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';', '|', '\n', '\r'])
        .map(str::trim)
        .filter(|name| !name.is_empty())
}

impl<'a> ClaimRecord<'a> {
    fn named(name: Cow<'a, str>) -> ClaimRecord<'a> {
        ClaimRecord {
            name,
            level: None,
            years: None,
        }
    }
}

impl<'a> Record<'a> {
    /// The record as an owned [`Candidate`].
    pub fn into_candidate(self) -> Candidate {
        Candidate {
            id: self.id.into_owned(),
            skills: self
                .skills
                .into_iter()
                .map(|c| SkillClaim {
                    name: c.name.into_owned(),
                    level: c.level,
                    years: c.years,
                })
                .collect(),
            years_experience: self.years_experience,
            management_years: self.management_years,
            resume_text: self.resume_text.into_owned(),
        }
    }

    /// The profile view the engine scores.
    pub fn into_profile(self) -> (Cow<'a, str>, ProfileRef<'a>) {
        let profile = ProfileRef {
            skills: self
                .skills
                .into_iter()
                .map(|c| ClaimRef {
                    name: c.name,
                    level: c.level,
                    years: c.years,
                })
                .collect(),
            years_experience: self.years_experience,
            management_years: self.management_years,
            resume_text: self.resume_text,
        };
        (self.id, profile)
    }
}

/// A string field, borrowed from the line when it has no escapes. Fields
/// differ only in what else they accept: `null` (read as empty) for
/// optional text, an integer (read as its digits) for the id.
struct TextVisitor {
    null: bool,
    integers: bool,
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match (self.null, self.integers) {
            (true, _) => "a string or null",
            (false, true) => "a string or integer id",
            (false, false) => "a string",
        })
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        if self.integers {
            Ok(Cow::Owned(v.to_string()))
        } else {
            Err(E::invalid_type(de::Unexpected::Unsigned(v), &self))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        if self.integers {
            Ok(Cow::Owned(v.to_string()))
        } else {
            Err(E::invalid_type(de::Unexpected::Signed(v), &self))
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        if self.null {
            Ok(Cow::Borrowed(""))
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }
}

/// Optional text: a string, or `null` for empty.
fn text_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    d.deserialize_any(TextVisitor {
        null: true,
        integers: false,
    })
}

/// A number of years: a number, a numeric string (`"2.5"`), years as
/// people write them ([`years_text`]), or not given. Whether it is in
/// range is the validation's business, which names the field.
fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_option(NumberVisitor {
        word: years_text,
        not_a_number: |v| format!("expected a number of years, got {v:?}"),
        out_of_range: |_| None,
    })
}

/// The id: a string or an integer.
fn id_text<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    d.deserialize_any(TextVisitor {
        null: false,
        integers: true,
    })
}

/// Accepts 0-5 as a number (rounded to the nearest step: `3.7` is 4), a
/// numeric string, a rating out of five (`"4/5"`), a step with its word
/// (`"4 - advanced"`) or a word of the scale ([`level_word`]); not given
/// and 0 mean "not given".
fn level<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let number = d.deserialize_option(NumberVisitor {
        word: level_text,
        not_a_number: |v| {
            format!("level must be 0-5 or novice, basic, intermediate, advanced, expert; got {v:?}")
        },
        out_of_range: |v| {
            (!(0.0..=5.0).contains(&v)).then(|| format!("level must be 0-5, got {v}"))
        },
    })?;
    Ok(number.map(f64::round).filter(|&v| v > 0.0).map(|v| v as u8))
}

/// A level written as text other than a number: a word of the scale, a
/// rating out of five, or a step followed by its word.
fn level_text(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some(level) = level_word(text) {
        return Some(level);
    }
    let (number, rest) = leading_number(text)?;
    let rest = rest.trim_start();
    if let Some(scale) = rest.strip_prefix('/') {
        // "4/5", "8/10": a rating, out of five when it says so.
        return (scale.trim().parse::<f64>().ok()? == 5.0).then_some(number);
    }
    // "4 - advanced", "4 (advanced)": the step decides.
    let word = rest.trim_start_matches(['-', '–', '(', ':', ' ']);
    let word = word.trim_end_matches(')');
    (rest.len() > word.len() && level_word(word).is_some()).then_some(number)
}

/// The level a proficiency word of exports stands for, on the five steps
/// from novice to expert (the steps of the Dreyfus model of skill); the
/// seniority words of some exports stand for the nearest step.
fn level_word(word: &str) -> Option<f64> {
    let level = match word.trim().to_ascii_lowercase().as_str() {
        "novice" | "beginner" => 1.0,
        "advanced beginner" | "basic" | "elementary" | "junior" => 2.0,
        "intermediate" | "competent" | "mid" | "mid-level" | "medium" => 3.0,
        "advanced" | "proficient" | "senior" | "fluent" | "strong" => 4.0,
        "expert" | "master" | "native" => 5.0,
        _ => return None,
    };
    Some(level)
}

/// Years as people write them: `"5+"`, `"3 yrs"`, `"10+ years"`, `"5,5"`,
/// and a range at its lower end (`"1-3"`, `"1 to 3 years"`: at least 1).
fn years_text(text: &str) -> Option<f64> {
    let text = text.trim().to_ascii_lowercase();
    let (years, rest) = leading_number(&text)?;
    let mut rest = rest.trim_start();
    rest = rest.strip_prefix('+').unwrap_or(rest).trim_start();
    let range_end = rest
        .strip_prefix(['-', '–'])
        .or_else(|| rest.strip_prefix("to "));
    if let Some(end) = range_end {
        let (_, after) = leading_number(end.trim_start())?;
        rest = after.trim_start();
        rest = rest.strip_prefix('+').unwrap_or(rest).trim_start();
    }
    matches!(rest, "" | "y" | "yr" | "yrs" | "year" | "years" | "year(s)").then_some(years)
}

/// The number a text starts with, and the rest: digits with a decimal
/// point or comma (`"5,5"` is five and a half), except that a comma before
/// three digits separates thousands (`"1,000"` is a thousand, not one).
fn leading_number(text: &str) -> Option<(f64, &str)> {
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

/// Text that says a value is not given, as exports fill empty cells.
fn not_given(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "" | "-" | "--" | "?" | "n/a" | "na" | "none" | "null" | "nil" | "unknown" | "tbd"
    )
}

/// A number written as a number, as numeric text, or `null` (`None`).
struct NumberVisitor {
    /// What text other than a number reads as, if anything.
    word: fn(&str) -> Option<f64>,
    /// The error for text that is no number.
    not_a_number: fn(&str) -> String,
    /// The error for a number out of the field's range, if it is.
    out_of_range: fn(f64) -> Option<String>,
}

impl NumberVisitor {
    fn checked<E: de::Error>(&self, v: f64) -> Result<Option<f64>, E> {
        match (self.out_of_range)(v) {
            Some(message) => Err(E::custom(message)),
            None => Ok(Some(v)),
        }
    }
}

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.checked(v as f64)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.checked(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.checked(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if not_given(v) {
            return Ok(None);
        }
        match v.trim().parse::<f64>().ok().or_else(|| (self.word)(v)) {
            Some(number) => self.checked(number),
            None => Err(E::custom((self.not_a_number)(v))),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Record<'_>, serde_json::Error> {
        serde_json::from_str(line)
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let r = parse(
            r#"{"id":"c-1","skills":[{"name":"Golang","level":4,"years":6}],"resume_text":"Go"}"#,
        )
        .unwrap();
        assert!(matches!(r.id, Cow::Borrowed("c-1")));
        assert!(matches!(r.skills[0].name, Cow::Borrowed("Golang")));
        assert_eq!(r.skills[0].level, Some(4));
        assert_eq!(r.skills[0].years, Some(6.0));
    }

    #[test]
    fn lenient_where_meaning_is_clear() {
        let r = parse(r#"{"id":17,"skills":[{"name":"Go","level":"4"},{"name":"Ruby","level":3.0},{"name":"x","level":null}],"resume_text":null,"extra":1}"#).unwrap();
        assert_eq!(r.id, "17");
        let levels: Vec<_> = r.skills.iter().map(|s| s.level).collect();
        assert_eq!(levels, vec![Some(4), Some(3), None]);
        let r = parse(r#"{"id":"a","skills":null}"#).unwrap();
        assert!(r.skills.is_empty());
        // Skills by name alone, mixed with objects; years as text.
        let r = parse(r#"{"id":"a","skills":["Go",{"name":"Ruby","years":"2.5"},"Post\u0067res"],"years_experience":" 6 ","management_years":null}"#).unwrap();
        let names: Vec<&str> = r.skills.iter().map(|s| s.name.as_ref()).collect();
        assert_eq!(names, ["Go", "Ruby", "Postgres"]);
        assert!(matches!(r.skills[0].name, Cow::Borrowed("Go")));
        assert_eq!((r.skills[0].level, r.skills[0].years), (None, None));
        assert_eq!(r.skills[1].years, Some(2.5));
        assert_eq!((r.years_experience, r.management_years), (Some(6.0), None));
    }

    /// Shapes other systems export: skills as an object of name to level
    /// (or to level and years), `skill`/`proficiency` for `name`/`level`,
    /// levels as words of the novice-to-expert scale, years as "5+".
    #[test]
    fn other_exports_shapes_read_as_meant() {
        let r = parse(r#"{"id":"a","skills":{"Go":4,"Rust":{"level":"3","years":2},"SQL":null,"Ruby":"Expert"}}"#).unwrap();
        let read: Vec<(&str, Option<u8>, Option<f64>)> = r
            .skills
            .iter()
            .map(|s| (s.name.as_ref(), s.level, s.years))
            .collect();
        assert_eq!(
            read,
            [
                ("Go", Some(4), None),
                ("Rust", Some(3), Some(2.0)),
                ("SQL", None, None),
                ("Ruby", Some(5), None)
            ]
        );
        assert!(matches!(r.skills[0].name, Cow::Borrowed("Go")));
        let r = parse(r#"{"id":"a","skills":[{"skill":"Go","proficiency":"advanced beginner"},{"name":"Rust","level":"Intermediate"}],"years_experience":"5+"}"#).unwrap();
        let read: Vec<(&str, Option<u8>)> = r
            .skills
            .iter()
            .map(|s| (s.name.as_ref(), s.level))
            .collect();
        assert_eq!(read, [("Go", Some(2)), ("Rust", Some(3))]);
        assert_eq!(r.years_experience, Some(5.0));
        for (word, level) in [
            ("novice", 1),
            ("basic", 2),
            ("competent", 3),
            ("PROFICIENT", 4),
            ("master", 5),
        ] {
            let line = format!(r#"{{"id":"a","skills":[{{"name":"Go","level":"{word}"}}]}}"#);
            assert_eq!(parse(&line).unwrap().skills[0].level, Some(level), "{word}");
        }
    }

    /// Some exports write the skills as one string of names.
    #[test]
    fn reads_skills_given_as_one_string() {
        let names = |line: &str| -> Vec<String> {
            parse(line)
                .unwrap()
                .skills
                .iter()
                .map(|claim| claim.name.to_string())
                .collect()
        };
        assert_eq!(
            names(r#"{"id":"a","skills":"Go, Rust;SQL | C++,,"}"#),
            ["Go", "Rust", "SQL", "C++"]
        );
        assert_eq!(names(r#"{"id":"a","skills":"Go"}"#), ["Go"]);
        assert_eq!(
            names(r#"{"id":"a","skills":"Go\nPost\u0067reSQL"}"#),
            ["Go", "PostgreSQL"]
        );
        assert!(names(r#"{"id":"a","skills":" , "}"#).is_empty());
        let levels: Vec<_> = parse(r#"{"id":"a","skills":"Go, Rust"}"#)
            .unwrap()
            .skills
            .iter()
            .map(|claim| (claim.level, claim.years))
            .collect();
        assert_eq!(levels, [(None, None), (None, None)]);
    }

    /// What exports write in cells: blanks and "n/a" for nothing, years
    /// with their unit or as a range, levels as ratings, seniority words
    /// or decimals, the field names of other systems.
    #[test]
    fn export_cells_read_as_meant() {
        let years = |text: &str| {
            parse(&format!(r#"{{"id":"a","years_experience":{text:?}}}"#))
                .map(|r| r.years_experience)
                .map_err(|e| e.to_string())
        };
        for (text, want) in [
            ("", None),
            (" N/A ", None),
            ("-", None),
            ("3 yrs", Some(3.0)),
            ("10+ years", Some(10.0)),
            ("1-3", Some(1.0)),
            ("2 to 4 years", Some(2.0)),
            ("5,5", Some(5.5)),
            ("1,25", Some(1.25)),
            ("7", Some(7.0)),
        ] {
            assert_eq!(years(text), Ok(want), "{text:?}");
        }
        // A thousands separator is no decimal comma (and a thousand years
        // fail the profile's limit later).
        assert_eq!(years("1,000"), Ok(Some(1000.0)));
        let level = |text: &str| {
            parse(&format!(
                r#"{{"id":"a","skills":[{{"name":"Go","level":{text}}}]}}"#
            ))
            .map(|r| r.skills[0].level)
            .map_err(|e| e.to_string())
        };
        for (text, want) in [
            (r#""""#, None),
            (r#""n/a""#, None),
            (r#""Senior""#, Some(4)),
            (r#""junior""#, Some(2)),
            (r#""4/5""#, Some(4)),
            (r#""4 - advanced""#, Some(4)),
            (r#""3 (intermediate)""#, Some(3)),
            ("3.7", Some(4)),
            ("2.5", Some(3)),
        ] {
            assert_eq!(level(text), Ok(want), "{text}");
        }
        let r = parse(r#"{"ID":"a","Skills":["Go",null,"Rust"],"yearsExperience":"8","managementYears":"","resumeText":"Go"}"#).unwrap();
        assert_eq!(r.id, "a");
        let names: Vec<&str> = r.skills.iter().map(|s| s.name.as_ref()).collect();
        assert_eq!(names, ["Go", "Rust"]);
        assert_eq!((r.years_experience, r.management_years), (Some(8.0), None));
        assert_eq!(r.resume_text, "Go");
    }

    #[test]
    fn strict_where_it_is_not() {
        for bad in [
            // A skill object without a name would drop the skill unseen.
            r#"{"id":"a","skills":[{"level":3}]}"#,
            r#"{"id":"a","skills":[{"title":"Go","level":3}]}"#,
            r#"{"id":"a","skills":{"Go":7}}"#,
            r#"{"id":"a","skills":{"Go":["x"]}}"#,
            r#"{"id":"a","skills":{"Go":"godlike"}}"#,
            r#"{"id":"a","years_experience":"5++"}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":7}]}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":5.5}]}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":"4/10"}]}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":"4 stars"}]}"#,
            r#"{"id":"a","years_experience":"3 apples"}"#,
            r#"{"id":"a","years_experience":"1-"}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":"high"}]}"#,
            r#"{"skills":[]}"#,
            r#"{"id":"a","skills":[3]}"#,
            r#"{"id":"a","skills":[["Go"]]}"#,
            r#"{"id":"a","years_experience":"six"}"#,
            r#"{"id":"a","skills":[{"name":"Go","years":"many"}]}"#,
            r#"{"id":["a"]}"#,
            "not json",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
