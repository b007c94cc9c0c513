//! Loading taxonomy TOML sources, merging extensions, and building the
//! derived indexes (form index, transitive broader closure).

use foldhash::{HashMap, HashMapExt};

use serde::Deserialize;

use super::resolve::{compact, normalise};
use super::{Ancestor, Skill, SkillId, SkillKind};

/// Why a taxonomy source could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    /// The TOML did not parse or did not fit the schema.
    #[error("{source_name}: {message}")]
    Parse {
        /// Name of the source (file path).
        source_name: String,
        /// What the TOML parser said.
        message: String,
    },
    /// A skill id is not a lowercase slug.
    #[error("{source_name}: skill id {id:?} is not a slug (lowercase letters, digits and '-')")]
    BadId {
        /// Name of the source.
        source_name: String,
        /// The offending id.
        id: String,
    },
    /// A new skill was declared without a name or kind.
    #[error("{source_name}: new skill {id:?} needs both `name` and `kind`")]
    Incomplete {
        /// Name of the source.
        source_name: String,
        /// The skill id.
        id: String,
    },
    /// `broader` names a skill that does not exist.
    #[error("{source_name}: skill {skill:?} lists unknown broader skill {broader:?}")]
    UnknownBroader {
        /// Name of the source that lists it.
        source_name: String,
        /// The skill whose `broader` list is wrong.
        skill: String,
        /// The id that does not exist.
        broader: String,
    },
    /// The broader relation loops back on itself.
    #[error("broader skills form a cycle through {skill:?}")]
    Cycle {
        /// A skill on the cycle.
        skill: String,
    },
    /// Two skills claim the same name or alias.
    #[error(
        "the name or alias {form:?} is claimed by both {first:?} (from {first_sources}) \
         and {second:?} (from {second_sources}); remove it from one of them"
    )]
    AmbiguousForm {
        /// The normalised form.
        form: String,
        /// One claimant.
        first: String,
        /// The sources that declared or extended the first claimant.
        first_sources: String,
        /// The other claimant.
        second: String,
        /// The sources that declared or extended the other.
        second_sources: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    #[serde(default)]
    skill: Vec<SourceSkill>,
    /// Words never read as typos of a skill (see [`Loaded::ordinary_words`]).
    #[serde(default)]
    ordinary_words: Vec<String>,
    /// Words that make a skill's name before them part of a proper name
    /// (see [`Loaded::organisation_words`]).
    #[serde(default)]
    organisation_words: Vec<String>,
}

/// What the sources define, merged.
pub(super) struct Loaded {
    /// The skills, in id-interning order (order of first declaration).
    pub skills: Vec<Skill>,
    /// Ordinary words ("sales", "scale") that a typed name must not be
    /// read as a typo of a skill for: normalised and compacted as the
    /// typo search's queries are.
    pub ordinary_words: super::resolve::FastSet<String>,
    /// Words ("Tuesday", "Industries", "Corporation") that, written
    /// capitalised right after a skill's name in prose, make the two an
    /// employer's or a venue's name ("Ruby Tuesday", "Swift Industries"):
    /// lowercase, each once, in order of first declaration.
    pub organisation_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceSkill {
    id: String,
    name: Option<String>,
    kind: Option<SkillKind>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    broader: Vec<String>,
    #[serde(default)]
    exact_case: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    reject_next: Vec<String>,
    #[serde(default)]
    reject_prev: Vec<String>,
    /// See [`Skill::business`]; a later source may set it either way.
    business: Option<bool>,
}

/// A skill while sources are merged; broader ids are still strings, each
/// with the source that listed it.
struct Draft<'s> {
    skill: Skill,
    broader: Vec<(String, &'s str)>,
    /// The sources that declared or extended it, in order.
    sources: Vec<&'s str>,
}

/// Parses and merges the sources and validates them.
pub(super) fn load(sources: &[(&str, &str)]) -> Result<Loaded, TaxonomyError> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut ordinary_words = super::resolve::FastSet::default();
    let mut organisation_words: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // Who holds each alias (normalised), and from which source: kept from
    // the first later source that declares aliases (see
    // `take_over_aliases`).
    let mut alias_holders: Option<HashMap<String, (usize, usize)>> = None;
    for (source_index, (source_name, text)) in sources.iter().enumerate() {
        let file: SourceFile = toml::from_str(text).map_err(|e| TaxonomyError::Parse {
            source_name: source_name.to_string(),
            message: e.to_string(),
        })?;
        for word in &file.ordinary_words {
            ordinary_words.insert(compact(&normalise(word)));
        }
        for word in &file.organisation_words {
            // Compared with a word of the text whatever its case.
            let word = word.trim().to_lowercase();
            if !word.is_empty() && !organisation_words.contains(&word) {
                organisation_words.push(word);
            }
        }
        let declares_aliases = file.skill.iter().any(|entry| !entry.aliases.is_empty());
        if source_index > 0 && declares_aliases && alias_holders.is_none() {
            // Every alias so far is an earlier source's.
            let mut holders = HashMap::new();
            for (at, draft) in drafts.iter().enumerate() {
                for alias in &draft.skill.aliases {
                    holders.insert(normalise(alias), (at, source_index - 1));
                }
            }
            alias_holders = Some(holders);
        }
        for entry in file.skill {
            if !is_slug(&entry.id) {
                return Err(TaxonomyError::BadId {
                    source_name: source_name.to_string(),
                    id: entry.id,
                });
            }
            let at = index.get(&entry.id).copied();
            if let Some(holders) = alias_holders.as_mut() {
                // A new skill's index is the next one.
                let skill = at.unwrap_or(drafts.len());
                take_over_aliases(&mut drafts, holders, skill, source_index, &entry.aliases);
            }
            match at {
                Some(at) => merge(&mut drafts[at], entry, source_name),
                None => {
                    let (Some(name), Some(kind)) = (entry.name.clone(), entry.kind) else {
                        return Err(TaxonomyError::Incomplete {
                            source_name: source_name.to_string(),
                            id: entry.id,
                        });
                    };
                    index.insert(entry.id.clone(), drafts.len());
                    let mut draft = Draft {
                        skill: Skill {
                            id: entry.id.clone(),
                            name,
                            kind,
                            aliases: Vec::new(),
                            broader: Vec::new(),
                            exact_case: Vec::new(),
                            context: Vec::new(),
                            reject_next: Vec::new(),
                            reject_prev: Vec::new(),
                            business: false,
                        },
                        broader: Vec::new(),
                        sources: Vec::new(),
                    };
                    merge(&mut draft, entry, source_name);
                    drafts.push(draft);
                }
            }
        }
    }
    let mut skills = Vec::with_capacity(drafts.len());
    for draft in &drafts {
        let mut skill = draft.skill.clone();
        for (broader, source_name) in &draft.broader {
            let Some(&at) = index.get(broader) else {
                return Err(TaxonomyError::UnknownBroader {
                    source_name: source_name.to_string(),
                    skill: skill.id.clone(),
                    broader: broader.clone(),
                });
            };
            let id = SkillId(at as u32);
            if !skill.broader.contains(&id) {
                skill.broader.push(id);
            }
        }
        skills.push(skill);
    }
    check_acyclic(&skills)?;
    check_forms(&skills, |i| drafts[i].sources.join(", "))?;
    Ok(Loaded {
        skills,
        ordinary_words,
        organisation_words,
    })
}

/// A later source's alias moves to its skill: an alias another skill got
/// from an earlier source (the built-in taxonomy) is taken from it ("hl7"
/// from the built-in healthcare-technology skill to a user's own HL7
/// skill), where a user file could only add names before. Within one
/// source, two claims stay an error ([`TaxonomyError::AmbiguousForm`]).
fn take_over_aliases(
    drafts: &mut [Draft<'_>],
    holders: &mut HashMap<String, (usize, usize)>,
    skill: usize,
    source_index: usize,
    declared: &[String],
) {
    for alias in declared {
        let normal = normalise(alias);
        if let Some(&(holder, from)) = holders.get(&normal) {
            if holder != skill && from < source_index {
                drafts[holder]
                    .skill
                    .aliases
                    .retain(|held| normalise(held) != normal);
            }
        }
        holders.insert(normal, (skill, source_index));
    }
}

fn merge<'s>(draft: &mut Draft<'s>, entry: SourceSkill, source_name: &'s str) {
    if !draft.sources.contains(&source_name) {
        draft.sources.push(source_name);
    }
    for broader in entry.broader {
        if !draft.broader.iter().any(|(id, _)| *id == broader) {
            draft.broader.push((broader, source_name));
        }
    }
    let skill = &mut draft.skill;
    if let Some(name) = entry.name {
        skill.name = name;
    }
    if let Some(kind) = entry.kind {
        skill.kind = kind;
    }
    if let Some(business) = entry.business {
        skill.business = business;
    }
    extend_unique(&mut skill.aliases, entry.aliases);
    extend_unique(&mut skill.exact_case, entry.exact_case);
    extend_unique(
        &mut skill.context,
        entry.context.into_iter().map(|c| c.to_lowercase()),
    );
    extend_unique(
        &mut skill.reject_next,
        entry.reject_next.into_iter().map(|c| c.to_lowercase()),
    );
    extend_unique(
        &mut skill.reject_prev,
        entry.reject_prev.into_iter().map(|c| c.to_lowercase()),
    );
}

fn extend_unique(into: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    for item in items {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_acyclic(skills: &[Skill]) -> Result<(), TaxonomyError> {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; skills.len()];
    for start in 0..skills.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some((node, next)) = stack.pop() {
            if let Some(&child) = skills[node].broader.get(next) {
                stack.push((node, next + 1));
                match state[child.index()] {
                    0 => {
                        state[child.index()] = 1;
                        stack.push((child.index(), 0));
                    }
                    1 => {
                        return Err(TaxonomyError::Cycle {
                            skill: skills[child.index()].id.clone(),
                        })
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
            }
        }
    }
    Ok(())
}

/// Every normalised surface form of a skill: id, name and aliases.
pub(super) fn surface_forms(skill: &Skill) -> impl Iterator<Item = &str> {
    std::iter::once(skill.id.as_str())
        .chain(std::iter::once(skill.name.as_str()))
        .chain(skill.aliases.iter().map(String::as_str))
}

fn check_forms(skills: &[Skill], sources: impl Fn(usize) -> String) -> Result<(), TaxonomyError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, skill) in skills.iter().enumerate() {
        for form in surface_forms(skill) {
            let normal = normalise(form);
            if normal.is_empty() {
                continue;
            }
            if let Some(&other) = seen.get(&normal) {
                if other != i {
                    return Err(TaxonomyError::AmbiguousForm {
                        form: normal,
                        first: skills[other].id.clone(),
                        first_sources: sources(other),
                        second: skill.id.clone(),
                        second_sources: sources(i),
                    });
                }
            }
            seen.insert(normal, i);
        }
    }
    Ok(())
}

/// Normalised forms, plus compact forms (separators removed) where those are
/// unambiguous, mapped to their skill.
pub(super) fn form_index(skills: &[Skill]) -> HashMap<String, SkillId> {
    let mut forms = HashMap::new();
    let mut compact_forms: HashMap<String, Option<SkillId>> = HashMap::new();
    for (i, skill) in skills.iter().enumerate() {
        let id = SkillId(i as u32);
        for form in surface_forms(skill) {
            let normal = normalise(form);
            if normal.is_empty() {
                continue;
            }
            let squeezed = compact(&normal);
            forms.insert(normal, id);
            compact_forms
                .entry(squeezed)
                .and_modify(|owner| {
                    if *owner != Some(id) {
                        *owner = None;
                    }
                })
                .or_insert(Some(id));
        }
    }
    for (form, owner) in compact_forms {
        if let Some(id) = owner {
            forms.entry(form).or_insert(id);
        }
    }
    forms
}

/// Transitive broader skills of every skill, nearest first, each once.
pub(super) fn ancestor_closure(skills: &[Skill]) -> Vec<Vec<Ancestor>> {
    skills
        .iter()
        .map(|skill| {
            let mut found: Vec<Ancestor> = Vec::new();
            let mut frontier: Vec<SkillId> = skill.broader.clone();
            let mut depth = 1u8;
            while !frontier.is_empty() {
                let mut next = Vec::new();
                for id in frontier {
                    if found.iter().any(|a| a.skill == id) {
                        continue;
                    }
                    found.push(Ancestor { skill: id, depth });
                    next.extend(skills[id.index()].broader.iter().copied());
                }
                frontier = next;
                depth = depth.saturating_add(1);
            }
            found
        })
        .collect()
}
