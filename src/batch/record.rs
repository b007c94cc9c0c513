//! One JSON Lines record, parsed without copying strings where JSON allows.
//!
//! Pools come from many systems, so the reader is lenient where meaning is
//! unambiguous (a numeric `id`; a level written as `"4"`, `4.0`, `3.7`,
//! `"4/5"`, `"8/10"`, `"★★★★"`, `"4 - advanced"`, `"expert"` or
//! `"senior"`; years written as `"2.5"`, `"5+"`, `"3 yrs"`, `"10+ years"`,
//! `"6 months"` or `"1-3"`; `""`, `"n/a"` and
//! `null` for a value not given; a skill given by its name alone, `null`
//! entries in a list of skills passed over; skills as an object of name to
//! level; `skill` and `proficiency` for `name` and `level`; the field names
//! exports use, such as `Skills`, `Level`, `candidate_id`, `resumeText`; unknown
//! fields) and strict where it is not (a level of 7, negative years, a
//! skill without a name): those lines are reported with their number.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::scoring::{
    leading_number, level_word, rated, shown, Candidate, ClaimRef, ProfileRef, SkillClaim,
};
use crate::taxonomy::vocabulary::{DURATION_UNITS, LEVEL_DENIALS};

/// A parsed candidate line.
#[derive(Debug, PartialEq)]
pub(crate) struct Record<'a> {
    pub id: Cow<'a, str>,
    pub skills: Vec<ClaimRecord<'a>>,
    pub years_experience: Option<f64>,
    pub management_years: Option<f64>,
    pub resume_text: Cow<'a, str>,
}

/// How a key of a record or of a skill object is read: the field it names
/// and how closely. Keys are compared without case, `_`, `-` or spaces
/// (`yearsExperience`, `Years_Experience` and `years experience` are one
/// key); a field's own name written exactly as documented comes first (0),
/// then its other spellings (1), then other names for it (2 and up: an
/// export may carry an `id` of its own and a `candidate_id`). Where a
/// record has several keys for one field, the closest is read and the
/// others passed over (in a tie, the first).
struct KeyTable<F: 'static> {
    /// The documented names of the fields, for rank 0 and for messages.
    names: &'static [(F, &'static str)],
    /// Normalised keys with their field and rank (1 and up).
    keys: &'static [(&'static str, F, u8)],
}

impl<F: Copy + PartialEq> KeyTable<F> {
    fn field(&self, key: &str) -> Option<(F, u8)> {
        if let Some(&(field, _)) = self.names.iter().find(|(_, name)| *name == key) {
            return Some((field, 0));
        }
        let normalised: String = key
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        self.keys
            .iter()
            .find(|(name, _, _)| *name == normalised)
            .map(|&(_, field, rank)| (field, rank))
    }

    fn name(&self, field: F) -> &'static str {
        self.names
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, name)| name)
    }
}

/// A field's value with the rank of the key it came from.
struct Ranked<T> {
    value: Option<(u8, T)>,
    /// The documented key was read (blank or not).
    documented: bool,
}

impl<T> Default for Ranked<T> {
    fn default() -> Self {
        Ranked {
            value: None,
            documented: false,
        }
    }
}

impl<T> Ranked<T> {
    /// Whether a value under a key of `rank` is to be read: no value yet,
    /// or one from a farther key. The same documented key twice is an
    /// error, as JSON readers make it.
    fn wants<E: de::Error>(&self, rank: u8, name: &'static str) -> Result<bool, E> {
        if rank == 0 && self.documented {
            return Err(E::duplicate_field(name));
        }
        match &self.value {
            None => Ok(true),
            Some((held, _)) => Ok(rank < *held),
        }
    }

    /// Keeps `value` read under a key of `rank`. A blank one (null,
    /// empty) is kept as if from the farthest key: any other name for the
    /// field with something in it wins (`"years_experience": null,
    /// "experience_years": 7` is 7 years).
    fn set(&mut self, rank: u8, value: T, blank: bool) {
        self.documented |= rank == 0;
        match (blank, &self.value) {
            (false, _) => self.value = Some((rank, value)),
            (true, None) => self.value = Some((u8::MAX, value)),
            (true, Some(_)) => {}
        }
    }

    fn get(self) -> Option<T> {
        self.value.map(|(_, value)| value)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum RecordField {
    Id,
    Skills,
    YearsExperience,
    ManagementYears,
    ResumeText,
}

const RECORD_KEYS: KeyTable<RecordField> = KeyTable {
    names: &[
        (RecordField::Id, "id"),
        (RecordField::Skills, "skills"),
        (RecordField::YearsExperience, "years_experience"),
        (RecordField::ManagementYears, "management_years"),
        (RecordField::ResumeText, "resume_text"),
    ],
    keys: &[
        ("id", RecordField::Id, 1),
        ("candidateid", RecordField::Id, 2),
        ("applicantid", RecordField::Id, 3),
        ("skills", RecordField::Skills, 1),
        ("skilllist", RecordField::Skills, 2),
        ("skillset", RecordField::Skills, 2),
        ("yearsexperience", RecordField::YearsExperience, 1),
        ("yearsofexperience", RecordField::YearsExperience, 2),
        ("experienceyears", RecordField::YearsExperience, 2),
        ("managementyears", RecordField::ManagementYears, 1),
        ("yearsofmanagement", RecordField::ManagementYears, 2),
        ("managementexperienceyears", RecordField::ManagementYears, 2),
        ("resumetext", RecordField::ResumeText, 1),
        ("resume", RecordField::ResumeText, 2),
        ("cv", RecordField::ResumeText, 3),
        ("cvtext", RecordField::ResumeText, 3),
    ],
};

/// Values read through the field functions below, for `next_value`.
struct IdValue<'a>(Cow<'a, str>);
struct SkillsValue<'a>(Vec<ClaimRecord<'a>>);
struct TextValue<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for IdValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The value's JSON text, borrowed from the line: a numeric id is
        // kept as written ("-0", "007" is no JSON, but "12345678901234567890123"
        // and "1.50" are), which no number type would hold exactly (-0 and
        // ids past 64 bits read as floats, rounded).
        let raw = <&'de serde_json::value::RawValue>::deserialize(d)?.get();
        let expected = &"a string, a number or null";
        match raw.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => Ok(IdValue(Cow::Borrowed(raw))),
            // `null` reads as empty: another id key of the record may stand in.
            Some(b'n') => Ok(IdValue(Cow::Borrowed(""))),
            Some(b'"') => serde_json::Deserializer::from_str(raw)
                .deserialize_str(TextVisitor {
                    null: true,
                    integers: true,
                })
                .map(IdValue)
                .map_err(de::Error::custom),
            Some(b't') => Err(de::Error::invalid_type(
                de::Unexpected::Bool(true),
                expected,
            )),
            Some(b'f') => Err(de::Error::invalid_type(
                de::Unexpected::Bool(false),
                expected,
            )),
            Some(b'[') => Err(de::Error::invalid_type(de::Unexpected::Seq, expected)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, expected)),
        }
    }
}

impl<'de> Deserialize<'de> for SkillsValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        claims(d).map(SkillsValue)
    }
}

/// Where a value sits in a record, so that a message about it names it as
/// the gRPC API and the profile's checks do: `years_experience`,
/// `skills[2].level`.
#[derive(Clone, Copy)]
struct FieldPath {
    /// The skill's place among the record's skills, for a skill's field.
    skill: Option<usize>,
    field: &'static str,
}

impl FieldPath {
    fn top(field: &'static str) -> FieldPath {
        FieldPath { skill: None, field }
    }

    fn skill(skill: usize, field: &'static str) -> FieldPath {
        FieldPath {
            skill: Some(skill),
            field,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.skill {
            Some(skill) => write!(f, "skills[{skill}].{}", self.field),
            None => f.write_str(self.field),
        }
    }
}

/// Reads a number of years ([`number`]) at its path, for `next_value_seed`.
struct YearsAt(FieldPath);
/// Reads a level ([`level`]) at its path, for `next_value_seed`.
struct LevelAt(FieldPath);

impl<'de> DeserializeSeed<'de> for YearsAt {
    type Value = Option<f64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        number(d, self.0)
    }
}

impl<'de> DeserializeSeed<'de> for LevelAt {
    type Value = Option<u8>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        level(d, self.0)
    }
}

impl<'de> Deserialize<'de> for TextValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_or_null(d).map(TextValue)
    }
}

/// A field's value that says nothing: null, empty or blank.
trait Blank {
    fn is_blank(&self) -> bool;
}

impl Blank for Option<f64> {
    fn is_blank(&self) -> bool {
        self.is_none()
    }
}

impl Blank for Option<u8> {
    fn is_blank(&self) -> bool {
        self.is_none()
    }
}

impl<T> Blank for Vec<T> {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl Blank for Cow<'_, str> {
    fn is_blank(&self) -> bool {
        self.trim().is_empty()
    }
}

/// Reads the value of a key with `seed` into `slot` when it is the closest
/// key for its field so far, else passes over it.
fn read_ranked<'de, A: MapAccess<'de>, T: Blank, S: DeserializeSeed<'de>>(
    map: &mut A,
    slot: &mut Ranked<T>,
    rank: u8,
    name: &'static str,
    seed: S,
    into: impl FnOnce(S::Value) -> T,
) -> Result<(), A::Error> {
    if slot.wants(rank, name)? {
        let value = into(map.next_value_seed(seed)?);
        let blank = value.is_blank();
        slot.set(rank, value, blank);
    } else {
        map.next_value::<de::IgnoredAny>()?;
    }
    Ok(())
}

impl<'de> Deserialize<'de> for Record<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RecordVisitor;
        impl<'de> Visitor<'de> for RecordVisitor {
            type Value = Record<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a candidate record, {\"id\": ...}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record<'de>, A::Error> {
                // Every id key's value: an empty one gives way to another.
                let mut ids: Vec<(u8, Cow<'de, str>)> = Vec::new();
                let mut skills = Ranked::default();
                let mut years_experience = Ranked::default();
                let mut management_years = Ranked::default();
                let mut resume_text = Ranked::default();
                while let Some(Name(key)) = map.next_key::<Name<'de>>()? {
                    let Some((field, rank)) = RECORD_KEYS.field(&key) else {
                        map.next_value::<de::IgnoredAny>()?;
                        continue;
                    };
                    let name = RECORD_KEYS.name(field);
                    match field {
                        RecordField::Id => {
                            if rank == 0 && ids.iter().any(|(held, _)| *held == 0) {
                                return Err(de::Error::duplicate_field(name));
                            }
                            // Named as the other fields are: "id: invalid type".
                            let IdValue(id) = map
                                .next_value()
                                .map_err(|error| de::Error::custom(format!("{name}: {error}")))?;
                            ids.push((rank, id));
                        }
                        RecordField::Skills => read_ranked(
                            &mut map,
                            &mut skills,
                            rank,
                            name,
                            PhantomData,
                            |SkillsValue(v)| v,
                        )?,
                        RecordField::YearsExperience => read_ranked(
                            &mut map,
                            &mut years_experience,
                            rank,
                            name,
                            YearsAt(FieldPath::top(name)),
                            |v| v,
                        )?,
                        RecordField::ManagementYears => read_ranked(
                            &mut map,
                            &mut management_years,
                            rank,
                            name,
                            YearsAt(FieldPath::top(name)),
                            |v| v,
                        )?,
                        RecordField::ResumeText => read_ranked(
                            &mut map,
                            &mut resume_text,
                            rank,
                            name,
                            PhantomData,
                            |TextValue(v)| v,
                        )?,
                    }
                }
                // The closest id key with an id in it; else the closest
                // (empty, for the profile's check to name).
                ids.sort_by_key(|(rank, _)| *rank);
                let at = ids
                    .iter()
                    .position(|(_, id)| !id.trim().is_empty())
                    .unwrap_or(0);
                if ids.is_empty() {
                    return Err(de::Error::missing_field("id"));
                }
                Ok(Record {
                    id: ids.swap_remove(at).1,
                    skills: skills.get().unwrap_or_default(),
                    years_experience: years_experience.get().flatten(),
                    management_years: management_years.get().flatten(),
                    resume_text: resume_text.get().unwrap_or_default(),
                })
            }
        }
        d.deserialize_map(RecordVisitor)
    }
}

/// The id of a line that could not be read as a record, for the message
/// about it: the closest id key's value that is not empty, the other
/// values passed over unread (a number too large for the record's reader,
/// a bad level).
pub(crate) fn id_of(line: &[u8]) -> Option<String> {
    struct Ids(Option<String>);
    impl<'de> Deserialize<'de> for Ids {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct IdsVisitor;
            impl<'de> Visitor<'de> for IdsVisitor {
                type Value = Ids;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a candidate record")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ids, A::Error> {
                    let mut best: Option<(u8, String)> = None;
                    while let Some(Name(key)) = map.next_key::<Name<'de>>()? {
                        match RECORD_KEYS.field(&key) {
                            Some((RecordField::Id, rank))
                                if best.as_ref().is_none_or(|(held, _)| rank < *held) =>
                            {
                                let IdValue(id) = map.next_value()?;
                                if !id.trim().is_empty() {
                                    best = Some((rank, id.into_owned()));
                                }
                            }
                            _ => {
                                map.next_value::<de::IgnoredAny>()?;
                            }
                        }
                    }
                    Ok(Ids(best.map(|(_, id)| id)))
                }
            }
            d.deserialize_map(IdsVisitor)
        }
    }
    serde_json::from_slice::<Ids>(line).ok()?.0
}

/// One listed skill of a record: an object, or just the skill's name
/// (`"skills": ["Go", "Rust"]`, as many exports write them).
#[derive(Debug, PartialEq)]
pub(crate) struct ClaimRecord<'a> {
    /// Required: an object without it would drop the skill unseen.
    pub name: Cow<'a, str>,
    pub level: Option<u8>,
    pub years: Option<f64>,
}

#[derive(Clone, Copy, PartialEq)]
enum ClaimField {
    Name,
    Level,
    Years,
}

const CLAIM_KEYS: KeyTable<ClaimField> = KeyTable {
    names: &[
        (ClaimField::Name, "name"),
        (ClaimField::Level, "level"),
        (ClaimField::Years, "years"),
    ],
    keys: &[
        ("name", ClaimField::Name, 1),
        ("skill", ClaimField::Name, 2),
        ("skillname", ClaimField::Name, 2),
        ("level", ClaimField::Level, 1),
        ("proficiency", ClaimField::Level, 2),
        ("proficiencylevel", ClaimField::Level, 2),
        ("skilllevel", ClaimField::Level, 2),
        ("rating", ClaimField::Level, 3),
        ("skillrating", ClaimField::Level, 3),
        ("years", ClaimField::Years, 1),
        ("yearsexperience", ClaimField::Years, 2),
        ("yearsofexperience", ClaimField::Years, 2),
    ],
};

/// The fields of a skill object as read, its name when it has one.
struct ClaimFields<'a> {
    name: Option<Cow<'a, str>>,
    level: Option<u8>,
    years: Option<f64>,
}

/// Reads the fields of the object of the record's `skill`th skill.
fn claim_fields<'de, A: MapAccess<'de>>(
    mut map: A,
    skill: usize,
) -> Result<ClaimFields<'de>, A::Error> {
    let mut name = Ranked::default();
    let mut level = Ranked::default();
    let mut years = Ranked::default();
    while let Some(Name(key)) = map.next_key::<Name<'de>>()? {
        let Some((field, rank)) = CLAIM_KEYS.field(&key) else {
            map.next_value::<de::IgnoredAny>()?;
            continue;
        };
        let field_name = CLAIM_KEYS.name(field);
        match field {
            ClaimField::Name => read_ranked(
                &mut map,
                &mut name,
                rank,
                field_name,
                PhantomData,
                |TextValue(v)| v,
            )?,
            ClaimField::Level => {
                let seed = LevelAt(FieldPath::skill(skill, field_name));
                read_ranked(&mut map, &mut level, rank, field_name, seed, |v| v)?
            }
            ClaimField::Years => {
                let seed = YearsAt(FieldPath::skill(skill, field_name));
                read_ranked(&mut map, &mut years, rank, field_name, seed, |v| v)?
            }
        }
    }
    Ok(ClaimFields {
        name: name.get(),
        level: level.get().flatten(),
        years: years.get().flatten(),
    })
}

/// Reads the record's `skill`th skill written as an object.
fn claim_record<'de, A: MapAccess<'de>>(
    map: A,
    skill: usize,
) -> Result<ClaimRecord<'de>, A::Error> {
    let fields = claim_fields(map, skill)?;
    let Some(name) = fields.name else {
        return Err(de::Error::custom(format!(
            "skills[{skill}] has no name (a skill object needs \"name\")"
        )));
    };
    Ok(ClaimRecord {
        name,
        level: fields.level,
        years: fields.years,
    })
}

/// What an object of skills says of one skill (`{"Go": 4, "Rust":
/// {"level": 3, "years": 2}}`): a level, or an object with level and years.
struct ClaimDetail {
    level: Option<u8>,
    years: Option<f64>,
}

/// Reads the [`ClaimDetail`] of the record's `.0`th skill.
struct DetailAt(usize);

impl<'de> DeserializeSeed<'de> for DetailAt {
    type Value = ClaimDetail;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ClaimDetail, D::Error> {
        struct DetailVisitor(usize);
        impl DetailVisitor {
            fn level<'de, D: Deserializer<'de>>(self, d: D) -> Result<ClaimDetail, D::Error> {
                let level = level(d, FieldPath::skill(self.0, "level"))?;
                Ok(ClaimDetail { level, years: None })
            }
        }
        impl<'de> Visitor<'de> for DetailVisitor {
            type Value = ClaimDetail;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a level, or an object with level and years")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ClaimDetail, E> {
                self.level(v.into_deserializer())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ClaimDetail, E> {
                self.level(v.into_deserializer())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ClaimDetail, E> {
                self.level(v.into_deserializer())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ClaimDetail, E> {
                self.level(v.into_deserializer())
            }
            fn visit_unit<E: de::Error>(self) -> Result<ClaimDetail, E> {
                Ok(ClaimDetail {
                    level: None,
                    years: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ClaimDetail, A::Error> {
                // (A name here is the key's already: passed over.)
                let fields = claim_fields(map, self.0)?;
                Ok(ClaimDetail {
                    level: fields.level,
                    years: fields.years,
                })
            }
        }
        d.deserialize_any(DetailVisitor(self.0))
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
    /// Reads one listed skill as written, the record's `.0`th: a name, an
    /// object, or `null` (none).
    struct ClaimAt(usize);

    impl<'de> DeserializeSeed<'de> for ClaimAt {
        type Value = Option<ClaimRecord<'de>>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            struct ClaimVisitor(usize);
            impl<'de> Visitor<'de> for ClaimVisitor {
                type Value = Option<ClaimRecord<'de>>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a skill: an object with a name, or a name")
                }
                fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                    Ok(Some(ClaimRecord::named(Cow::Borrowed(v))))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    Ok(Some(ClaimRecord::named(Cow::Owned(v.to_string()))))
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                    claim_record(map, self.0).map(Some)
                }
                // `["Go", null, "Rust"]`: an empty cell of an export names no skill.
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
            }
            d.deserialize_any(ClaimVisitor(self.0))
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
        // A skill's place counts the skills kept before it (not the empty
        // cells), as the profile's checks count them.
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut claims = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some(claim) = seq.next_element_seed(ClaimAt(claims.len()))? {
                claims.extend(claim);
            }
            Ok(claims)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut claims = Vec::new();
            while let Some(Name(name)) = map.next_key::<Name<'de>>()? {
                let detail = map.next_value_seed(DetailAt(claims.len()))?;
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
                .filter(|c| c.level != Some(DENIED_LEVEL))
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
                // A denied skill claims nothing: as if it were not listed.
                .filter(|c| c.level != Some(DENIED_LEVEL))
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
/// optional text, a number for the id (read as written, by [`IdValue`]).
struct TextVisitor {
    null: bool,
    integers: bool,
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match (self.null, self.integers) {
            (true, true) => "a string, a number or null",
            (true, false) => "a string or null",
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
fn number<'de, D: Deserializer<'de>>(d: D, path: FieldPath) -> Result<Option<f64>, D::Error> {
    d.deserialize_option(NumberVisitor {
        path,
        denial: |_| false,
        word: years_text,
        not_a_number: |v| {
            // "since 2015" would read differently each year.
            let dated = v
                .split(|c: char| !c.is_ascii_digit())
                .any(|digits| digits.len() == 4);
            let hint = if dated {
                " (a date: give the years it adds up to)"
            } else {
                ""
            };
            format!("expected a number of years, got {v:?}{hint}")
        },
        out_of_range: |_| None,
    })
}

/// Accepts 0-5 as a number (rounded to the nearest step: `3.7` is 4), a
/// numeric string, a rating out of five (`"4/5"`), a step with its word
/// (`"4 - advanced"`) or a word of the scale ([`level_word`]); not given
/// and 0 mean "not given".
fn level<'de, D: Deserializer<'de>>(d: D, path: FieldPath) -> Result<Option<u8>, D::Error> {
    let number = d.deserialize_option(NumberVisitor {
        path,
        denial: level_denied,
        word: level_text,
        not_a_number: |v| {
            format!("must be 0-5 or novice, basic, intermediate, advanced, expert; got {v:?}")
        },
        out_of_range: |v| {
            (!(0.0..=5.0).contains(&v))
                .then(|| format!("must be 0-5 (0 = not given), got {}", shown(v)))
        },
    })?;
    if number == Some(DENIAL) {
        return Ok(Some(DENIED_LEVEL));
    }
    // 0 is "not given"; anything above it is at least the lowest step.
    Ok(number
        .filter(|&v| v > 0.0)
        .map(|v| v.round().max(1.0) as u8))
}

/// The level of a skill the record denies (`"level": "none"`, `"no
/// experience"`): the skill claims nothing, as if it were not listed, and
/// is left out of the profile ([`Record::into_profile`]). Out of the 0-5
/// range, so it is never read as a proficiency.
const DENIED_LEVEL: u8 = u8::MAX;

/// What a [`NumberVisitor`] reads a denial as (never a number of a field).
const DENIAL: f64 = f64::NEG_INFINITY;

/// A level that says the candidate does not have the skill: a skills
/// grid's "none" is no knowledge, not a cell left empty.
fn level_denied(text: &str) -> bool {
    LEVEL_DENIALS.contains(&spaced_once(text).to_ascii_lowercase().as_str())
}

/// `text` trimmed, with each run of spaces of any kind (a no-break space
/// from a spreadsheet) as one space, as the readers of levels and years
/// compare words.
fn spaced_once(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A level written as text other than a number: a word of the scale
/// (`"expert"`, `"native speaker"`), a rating out of some scale (`"4/5"`,
/// `"8/10"`, `"4 out of 5"`, `"80%"`: scaled to five), stars (`"★★★★"`,
/// `"★★★☆☆"`, `"4 stars"`), `"Level 4"`, `"L4"`, or a step followed by its word.
fn level_text(text: &str) -> Option<f64> {
    let text = &spaced_once(text);
    if let Some(level) = level_word(text) {
        return Some(level);
    }
    // "Expert (5)", "Advanced - 4": the step after its word decides.
    if let Some((word, step)) = text.trim_end_matches(')').rsplit_once([' ', '(']) {
        let word = word.trim_end_matches(['-', '–', '(', ':', ' ']);
        if let (Some(_), Ok(step)) = (level_word(word), step.parse::<f64>()) {
            return Some(step);
        }
    }
    // A rating of zero ("0/5", "0 stars", "☆☆☆☆☆", "Level 0") is the
    // lowest step, not "not given" (which a bare 0 is).
    rated(text).map(|level| level.max(1.0))
}

/// Years as people write them: `"5+"`, `"3 yrs"`, `"10+ years"`, `"5,5"`,
/// months (`"6 months"`, `"3 years 6 months"`), small numbers in words
/// (`"six"`, `"eight years"`), a range at its lower end (`"1-3"`, `"1 to
/// 3 years"`: at least 1), a span of calendar years (`"2018-2022"`: 4),
/// and less than some years as half of them (`"<1"`, `"less than a
/// year"`: somewhere below one).
fn years_text(text: &str) -> Option<f64> {
    let text = spaced_once(text).to_ascii_lowercase();
    let below = ["<", "less than ", "under "]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix));
    if let Some(bound) = below {
        return duration(bound.trim_start()).map(|years| years / 2.0);
    }
    match calendar_span(&text) {
        Some(Ok(span)) => Some(span),
        // "2022-2018": no duration, and not 2022 years either.
        Some(Err(())) => None,
        None => duration(&text),
    }
}

/// `"3 years 6 months"`, `"18 months"`, `"5+ yrs"`, `"1-3"`, `"six"`: a
/// number of years, each number with its unit (years when it has none).
fn duration(text: &str) -> Option<f64> {
    let mut rest = text.trim();
    let mut total = 0.0;
    let mut parts = 0;
    while !rest.is_empty() {
        let (number, after) = amount(rest)?;
        let mut after = after.trim_start();
        after = after.strip_prefix('+').unwrap_or(after).trim_start();
        let range_end = after
            .strip_prefix(['-', '–'])
            .or_else(|| after.strip_prefix("to "));
        if let Some(end) = range_end {
            let (_, past_end) = amount(end.trim_start())?;
            after = past_end.trim_start();
            after = after.strip_prefix('+').unwrap_or(after).trim_start();
        }
        let (in_years, past_unit) = unit(after);
        total += number * in_years;
        parts += 1;
        rest = past_unit
            .trim_start()
            .trim_start_matches([',', '&'])
            .trim_start();
        rest = rest.strip_prefix("and ").unwrap_or(rest).trim_start();
        // A number without its unit ends the text ("1-3"), and a
        // duration has two parts at most ("3 years 6 months").
        let bare = past_unit.len() == after.len();
        if bare && !rest.is_empty() || parts > 2 {
            return None;
        }
    }
    (parts > 0).then_some(total)
}

/// A number, in digits or as a small number word (`"six"`; `"a"` and
/// `"an"` only before a unit: `"a year"`).
fn amount(text: &str) -> Option<(f64, &str)> {
    if let Some(found) = leading_number(text) {
        return Some(found);
    }
    let word_end = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (word, rest) = text.split_at(word_end);
    let number = match word {
        "a" | "an" if unit(rest.trim_start()).1.len() < rest.trim_start().len() => 1.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        _ => return None,
    };
    Some((number, rest))
}

/// The unit after a number, in years, and the text after it: years when
/// there is none.
fn unit(text: &str) -> (f64, &str) {
    for (name, in_years) in DURATION_UNITS {
        if let Some(rest) = text.strip_prefix(name) {
            if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return (in_years, rest);
            }
        }
    }
    (1.0, text)
}

/// `"2018-2022"`, `"2015 to 2019"`: the years between two calendar years.
/// `Err` for two calendar years the wrong way round ("2022-2018").
fn calendar_span(text: &str) -> Option<Result<f64, ()>> {
    let (from, rest) = leading_number(text)?;
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix(['-', '–'])
        .or_else(|| rest.strip_prefix("to "))?;
    let (to, rest) = leading_number(rest.trim_start())?;
    let calendar = 1900.0..=2100.0;
    let span = if to >= from { Ok(to - from) } else { Err(()) };
    (rest.trim().is_empty() && calendar.contains(&from) && calendar.contains(&to)).then_some(span)
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
    /// The field read, named in errors.
    path: FieldPath,
    /// Text that denies what the field would say (read as [`DENIAL`]).
    denial: fn(&str) -> bool,
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
            Some(message) => Err(E::custom(format_args!("{}: {message}", self.path))),
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
        if (self.denial)(v) {
            return Ok(Some(DENIAL));
        }
        if not_given(v) {
            return Ok(None);
        }
        match v.trim().parse::<f64>().ok().or_else(|| (self.word)(v)) {
            Some(number) => self.checked(number),
            None => Err(E::custom(format_args!(
                "{}: {}",
                self.path,
                (self.not_a_number)(v)
            ))),
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

    /// A level that denies the skill ("none", "no experience", as a skills
    /// grid writes it) leaves the skill out: it claims nothing, where an
    /// empty cell ("n/a") is a level not given.
    #[test]
    fn a_level_of_none_leaves_the_skill_out() {
        for line in [
            r#"{"id":"a","skills":{"Ruby":"none","Go":4,"Rust":{"level":"No experience"}}}"#,
            r#"{"id":"a","skills":[{"name":"Ruby","level":"None"},{"name":"Go","level":4},{"name":"Rust","proficiency":"never used"}]}"#,
        ] {
            let (_, profile) = parse(line).expect(line).into_profile();
            let names: Vec<&str> = profile.skills.iter().map(|s| s.name.as_ref()).collect();
            assert_eq!(names, ["Go"], "{line}");
            let candidate = parse(line).expect(line).into_candidate();
            assert_eq!(candidate.skills.len(), 1, "{line}");
        }
        let (_, kept) = parse(r#"{"id":"a","skills":{"Ruby":"n/a"}}"#)
            .expect("parses")
            .into_profile();
        assert_eq!(kept.skills.len(), 1);
        assert_eq!(kept.skills[0].level, None);
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
            ("6 months", Some(0.5)),
            ("18 Months", Some(1.5)),
            ("3 years 6 months", Some(3.5)),
            ("2 yrs, 3 mos", Some(2.25)),
            ("six", Some(6.0)),
            ("Eight years", Some(8.0)),
            ("a year", Some(1.0)),
            ("<1", Some(0.5)),
            ("less than a year", Some(0.5)),
            ("under 6 months", Some(0.25)),
            ("2018-2022", Some(4.0)),
            ("2015 to 2019", Some(4.0)),
        ] {
            assert_eq!(years(text), Ok(want), "{text:?}");
        }
        // A no-break space, as spreadsheets write them, is a space.
        let r = parse("{\"id\":\"a\",\"years_experience\":\"3\u{a0}years\u{a0}6\u{a0}months\"}")
            .unwrap();
        assert_eq!(r.years_experience, Some(3.5));
        // Two calendar years the wrong way round are no 2,022 years.
        let reversed = years("2022-2018").unwrap_err();
        assert!(reversed.contains("got \"2022-2018\" (a date"), "{reversed}");
        // A date would read differently each year.
        let dated = parse(r#"{"id":"a","years_experience":"since 2015"}"#).unwrap_err();
        assert!(
            dated
                .to_string()
                .contains("(a date: give the years it adds up to)"),
            "{dated}"
        );
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
            (r#""8/10""#, Some(4)),
            (r#""4/10""#, Some(2)),
            (r#""3 out of 5""#, Some(3)),
            (r#""★★★★""#, Some(4)),
            (r#""★★★☆☆""#, Some(3)),
            (r#""★★☆☆☆☆☆☆☆☆""#, Some(1)),
            (r#""4 stars""#, Some(4)),
            (r#""Level 4""#, Some(4)),
            (r#""lvl 2""#, Some(2)),
            // A level's code (h36).
            (r#""L4""#, Some(4)),
            (r#""l1""#, Some(1)),
            (r#""80%""#, Some(4)),
            (r#""Native speaker""#, Some(5)),
            // The step after its word; LinkedIn's and the CEFR's levels.
            (r#""Expert (5)""#, Some(5)),
            (r#""Advanced - 4""#, Some(4)),
            (r#""Native or bilingual proficiency""#, Some(5)),
            (r#""Professional working proficiency""#, Some(3)),
            (r#""B2""#, Some(3)),
            (r#""c1""#, Some(4)),
            ("\"3\u{a0}out\u{a0}of\u{a0}5\"", Some(3)),
            // A rating of zero is the lowest step; a bare 0 is "not given".
            (r#""0/5""#, Some(1)),
            (r#""0%""#, Some(1)),
            (r#""0 stars""#, Some(1)),
            (r#""☆☆☆☆☆""#, Some(1)),
            (r#""Level 0""#, Some(1)),
            ("0.4", Some(1)),
            ("0", None),
            (r#""0""#, None),
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

    /// Exports name fields in their own case, and some name the id
    /// `candidate_id` (beside an `id` of their own, which then wins).
    #[test]
    fn field_names_of_exports_read_as_meant() {
        let r = parse(r#"{"id":"a","skills":[{"Name":"Go","Level":5,"Years":"6 months"},{"Skill":"Rust","Proficiency":"Expert"}]}"#).unwrap();
        let read: Vec<(&str, Option<u8>, Option<f64>)> = r
            .skills
            .iter()
            .map(|s| (s.name.as_ref(), s.level, s.years))
            .collect();
        assert_eq!(read, [("Go", Some(5), Some(0.5)), ("Rust", Some(5), None)]);
        let r = parse(r#"{"id":"a","skills":{"Go":{"Level":4,"Years":2}}}"#).unwrap();
        assert_eq!((r.skills[0].level, r.skills[0].years), (Some(4), Some(2.0)));
        assert_eq!(
            parse(r#"{"candidate_id":"c-9","skills":["Go"]}"#)
                .unwrap()
                .id,
            "c-9"
        );
        assert_eq!(parse(r#"{"applicantId":12}"#).unwrap().id, "12");
        assert_eq!(
            parse(r#"{"candidate_id":"c-9","id":"row-1"}"#).unwrap().id,
            "row-1"
        );
        // Keys without case or separators; several keys for one field: the
        // documented one, else the closest, is read, and the others passed
        // over (an export may carry an internal id and a candidate id, a
        // summary and a CV).
        let r =
            parse(r#"{"Candidate-ID":"c-1","YEARS_EXPERIENCE":"4","Resume Text":"Go"}"#).unwrap();
        assert_eq!(
            (r.id.as_ref(), r.years_experience, r.resume_text.as_ref()),
            ("c-1", Some(4.0), "Go")
        );
        let r = parse(r#"{"applicant_id":"Y","candidate_id":"X","cv":"Rust","resume_text":"Go","experience_years":2,"years_experience":7}"#).unwrap();
        assert_eq!(
            (r.id.as_ref(), r.resume_text.as_ref(), r.years_experience),
            ("X", "Go", Some(7.0))
        );
        let r = parse(r#"{"id":"a","Skills":["Rust"],"skills":["Go"],"resume":"Go","cv":[1]}"#)
            .unwrap();
        assert_eq!(
            (r.skills[0].name.as_ref(), r.resume_text.as_ref()),
            ("Go", "Go")
        );
        let r = parse(r#"{"id":null,"candidate_id":"X"}"#).unwrap();
        assert_eq!(r.id, "X");
        // A null or empty field gives way to another name for it with
        // something in it, whichever comes first; alone it stays blank.
        let r = parse(r#"{"id":"a","years_experience":null,"experience_years":7,"resume_text":null,"cv":"Go","skills":null,"skill_list":["Rust"]}"#).unwrap();
        assert_eq!(
            (
                r.years_experience,
                r.resume_text.as_ref(),
                r.skills[0].name.as_ref()
            ),
            (Some(7.0), "Go", "Rust")
        );
        let r = parse(r#"{"id":"a","cv":"Go","resume_text":" ","experience_years":7,"years_experience":null}"#).unwrap();
        assert_eq!(
            (r.years_experience, r.resume_text.as_ref()),
            (Some(7.0), "Go")
        );
        let r =
            parse(r#"{"id":"a","skills":[{"name":"","skill":"Go","level":null,"proficiency":4}]}"#)
                .unwrap();
        assert_eq!(
            (r.skills[0].name.as_ref(), r.skills[0].level),
            ("Go", Some(4))
        );
        let r = parse(r#"{"id":"a","skills":[{"name":""}],"resume_text":null}"#).unwrap();
        assert_eq!(
            (r.skills[0].name.as_ref(), r.resume_text.as_ref()),
            ("", "")
        );
        assert!(parse(r#"{"id":"a","years_experience":null,"years_experience":3}"#).is_err());
        // A bad id is named as the other fields are, with what it may be.
        let error = parse(r#"{"id":true}"#).map(|_| ()).unwrap_err().to_string();
        assert!(
            error.starts_with(
                "id: invalid type: boolean `true`, expected a string, a number or null"
            ),
            "{error}"
        );
        let r = parse(
            r#"{"id":"a","skills":[{"Skill":"Rust","name":"Go","Proficiency":2,"level":4}]}"#,
        )
        .unwrap();
        assert_eq!(
            (r.skills[0].name.as_ref(), r.skills[0].level),
            ("Go", Some(4))
        );
        // The documented key twice is still an error, as JSON readers make it.
        let twice = parse(r#"{"id":"a","skills":["Go"],"skills":["Rust"]}"#).unwrap_err();
        assert!(
            twice.to_string().contains("duplicate field `skills`"),
            "{twice}"
        );
        let missing = parse(r#"{"skills":["Go"]}"#).unwrap_err().to_string();
        assert!(missing.contains("missing field `id`"), "{missing}");
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
            r#"{"id":"a","skills":[{"name":"Go","level":"11/10"}]}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":"4 apples"}]}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":"★★★★★★★"}]}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":"120%"}]}"#,
            r#"{"id":"a","years_experience":"3 apples"}"#,
            r#"{"id":"a","years_experience":"1-"}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":"high"}]}"#,
            r#"{"skills":[]}"#,
            r#"{"id":"a","skills":[3]}"#,
            r#"{"id":"a","skills":[["Go"]]}"#,
            r#"{"id":"a","years_experience":"sixty-ish"}"#,
            r#"{"id":"a","years_experience":"a"}"#,
            r#"{"id":"a","years_experience":"3 years 6 months 2 days"}"#,
            r#"{"id":"a","skills":[{"name":"Go","years":"many"}]}"#,
            r#"{"id":["a"]}"#,
            "not json",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
