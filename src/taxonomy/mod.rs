//! The skill taxonomy: canonical skills, their aliases and broader skills.
//!
//! The taxonomy is data (`seeds/skills.toml`, extendable by users with more
//! TOML files) compiled once into a [`Taxonomy`]: interned [`SkillId`]s, a
//! form index for exact/alias lookup, a bigram index that prunes typo-tolerant
//! resolution before any edit distance is computed, and a word trie that
//! finds skills in prose (job pages and resume text).
//!
//! Three questions are answered here and nowhere else:
//! - [`Taxonomy::resolve`]: which skill did a person mean by a free-typed name?
//! - [`Taxonomy::extract`]: which skills does a piece of prose mention?
//! - [`Taxonomy::ancestors`]: which broader skills does a skill imply?
//!
//! [`denied_before`] tells a claimed mention from a denied one ("never used
//! Kubernetes").

mod clean;
mod extract;
mod negation;
mod resolve;
mod source;
pub(crate) mod vocabulary;

use std::collections::HashMap;
use std::fmt;

pub use extract::Mention;
pub use negation::denied_before;
pub(crate) use negation::is_negation;
pub use resolve::{Resolution, ResolverCache};
pub use source::TaxonomyError;

static NEXT_INSTANCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The built-in taxonomy shipped with rolefit.
pub const BUILTIN_SKILLS_TOML: &str = include_str!("../../seeds/skills.toml");
/// Ordinary words near built-in skill names, never read as their typos
/// (`seeds/ordinary-words.toml`).
pub const BUILTIN_ORDINARY_WORDS_TOML: &str = include_str!("../../seeds/ordinary-words.toml");
/// The built-in taxonomy's sources, `(name, text)`, in merge order.
pub const BUILTIN_SOURCES: [(&str, &str); 2] = [
    ("seeds/skills.toml", BUILTIN_SKILLS_TOML),
    ("seeds/ordinary-words.toml", BUILTIN_ORDINARY_WORDS_TOML),
];

/// Interned index of a canonical skill inside one [`Taxonomy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SkillId(pub u32);

impl SkillId {
    /// The index as a `usize`, for indexing per-skill tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What sort of thing a skill is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillKind {
    /// A programming or query language.
    Language,
    /// An application framework.
    Framework,
    /// A library.
    Library,
    /// A database, cache or search engine.
    Datastore,
    /// A cloud, operating system or runtime platform.
    Platform,
    /// A tool or product used in development or operations.
    Tool,
    /// An engineering practice or technique.
    Practice,
    /// A way of organising work (agile, scrum, iterative development,
    /// OKRs, project management): pages ask for these whatever the role
    /// is about, so an ask for one weighs less than an ask for a skill the
    /// role's work is made of.
    Process,
    /// A field of knowledge.
    Domain,
    /// A leadership, people or communication skill a role can be about
    /// (leadership, hiring, mentoring, negotiation).
    Soft,
    /// A personal trait or way of working that nearly every job page asks
    /// for (communication, problem solving, self-motivation): a page's ask
    /// for one weighs less than its asks for the skills the role is about.
    Trait,
}

impl SkillKind {
    /// A language, framework, library, datastore, platform or tool: a
    /// technology the work is done with (not a practice, a field or a
    /// personal skill).
    pub fn is_technology(self) -> bool {
        matches!(
            self,
            SkillKind::Language
                | SkillKind::Framework
                | SkillKind::Library
                | SkillKind::Datastore
                | SkillKind::Platform
                | SkillKind::Tool
        )
    }
}

impl fmt::Display for SkillKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            SkillKind::Language => "language",
            SkillKind::Framework => "framework",
            SkillKind::Library => "library",
            SkillKind::Datastore => "datastore",
            SkillKind::Platform => "platform",
            SkillKind::Tool => "tool",
            SkillKind::Practice => "practice",
            SkillKind::Process => "process",
            SkillKind::Domain => "domain",
            SkillKind::Soft => "soft",
            SkillKind::Trait => "trait",
        };
        f.write_str(name)
    }
}

/// One canonical skill.
#[derive(Clone, Debug)]
pub struct Skill {
    /// Stable slug, e.g. `ruby-on-rails`.
    pub id: String,
    /// Display name, e.g. `Ruby on Rails`.
    pub name: String,
    /// What sort of skill it is.
    pub kind: SkillKind,
    /// Other names, matched case-insensitively.
    pub aliases: Vec<String>,
    /// Directly broader skills this one implies (Rails -> Ruby).
    pub broader: Vec<SkillId>,
    /// Surface forms that count in prose only with this exact capitalisation.
    pub exact_case: Vec<String>,
    /// Words of which one must appear on the same line for a prose mention to count.
    pub context: Vec<String>,
    /// Next words that veto a prose mention ("Go to", "Spark plugs").
    pub reject_next: Vec<String>,
    /// Previous words that veto a prose mention ("Series C", "guard
    /// rails").
    pub reject_prev: Vec<String>,
    /// Business or office software, or a business practice (Excel, SAP,
    /// Salesforce, Budgeting): what an office of any trade uses, so it is
    /// never the technical side of a software role, whatever its
    /// [`Skill::kind`] (`business = true` in the TOML).
    pub business: bool,
}

/// A broader skill implied by another, with how many `broader` hops away it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ancestor {
    /// The implied broader skill.
    pub skill: SkillId,
    /// 1 for a direct broader skill, 2 for its broader skills, ...
    pub depth: u8,
}

/// The compiled, read-only taxonomy. Cheap to share behind an `Arc`.
pub struct Taxonomy {
    skills: Vec<Skill>,
    by_id: HashMap<String, SkillId>,
    /// Normalised name/alias/id -> skill; also the compact form (no separators).
    forms: resolve::FastMap<String, SkillId>,
    /// No name with more letters than this can resolve (see
    /// [`resolve::too_long_to_resolve`]).
    longest_resolvable: usize,
    ancestors: Vec<Vec<Ancestor>>,
    fuzzy: resolve::FuzzyIndex,
    /// Compact forms of ordinary words never read as typos of a skill.
    ordinary_words: resolve::FastSet<String>,
    extractor: extract::Extractor,
    fingerprint: String,
    /// Unique per built taxonomy (never 0), keys per-thread memos.
    instance: u64,
}

impl fmt::Debug for Taxonomy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Taxonomy")
            .field("skills", &self.skills.len())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Taxonomy {
    /// The built-in taxonomy (`seeds/skills.toml`).
    pub fn builtin() -> Result<Taxonomy, TaxonomyError> {
        Taxonomy::from_sources(&BUILTIN_SOURCES)
    }

    /// Builds a taxonomy from TOML sources, each `(name, text)`. Later sources
    /// extend earlier ones: a new id adds a skill; an existing id gains the
    /// aliases, broader skills and prose rules given, and may rename or re-kind it.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Taxonomy, TaxonomyError> {
        let loaded = source::load(sources)?;
        Ok(Taxonomy::build(loaded, sources))
    }

    fn build(loaded: source::Loaded, sources: &[(&str, &str)]) -> Taxonomy {
        let source::Loaded {
            skills,
            ordinary_words,
            organisation_words,
        } = loaded;
        let by_id = skills
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), SkillId(i as u32)))
            .collect();
        // The word trie is independent of the rest: build it beside the
        // name index and its typo index (start-up shows in every short
        // batch run, and in every `explain`).
        let ((forms, fuzzy, ancestors), extractor) = rayon::join(
            || {
                let forms: resolve::FastMap<String, SkillId> = source::form_index(&skills);
                let fuzzy = resolve::FuzzyIndex::new(&forms);
                (forms, fuzzy, source::ancestor_closure(&skills))
            },
            || extract::Extractor::new(&skills, organisation_words),
        );
        let longest_form = forms.keys().map(|f| f.chars().count()).max();
        let longest_resolvable = longest_form.unwrap_or(0).max(resolve::MAX_FUZZY_CHARS);
        let mut hasher = blake3::Hasher::new();
        for (name, text) in sources {
            hasher.update(name.as_bytes());
            hasher.update(&[0]);
            hasher.update(text.as_bytes());
            hasher.update(&[0]);
        }
        let fingerprint = hasher.finalize().to_hex()[..16].to_string();
        Taxonomy {
            skills,
            by_id,
            forms,
            longest_resolvable,
            ancestors,
            fuzzy,
            ordinary_words,
            extractor,
            fingerprint,
            instance: NEXT_INSTANCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Number of canonical skills.
    pub fn len(&self) -> usize {
        self.skills.len()
    }

    /// True when the taxonomy holds no skill.
    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// The skill behind an id.
    ///
    /// # Panics
    /// When `id` does not come from this taxonomy (a programming error).
    pub fn skill(&self, id: SkillId) -> &Skill {
        &self.skills[id.index()]
    }

    /// All skills, indexed by [`SkillId`].
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// The skill with this canonical id (`"postgresql"`), if any.
    pub fn by_id(&self, id: &str) -> Option<SkillId> {
        self.by_id.get(id).copied()
    }

    /// Exact lookup of a name, alias or id after normalisation (case, spacing,
    /// separators); no typo tolerance.
    pub fn lookup(&self, name: &str) -> Option<SkillId> {
        self.exact_forms(name).ok().and_then(Resolution::skill)
    }

    /// Every broader skill `id` implies, nearest first (transitive).
    pub fn ancestors(&self, id: SkillId) -> &[Ancestor] {
        &self.ancestors[id.index()]
    }

    /// A short hash of the taxonomy sources; part of the catalog version.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

#[cfg(test)]
mod tests;
