//! The compiled scoring index and the scoring algorithm.
//!
//! ## The rules, in one place
//! - Every requirement of a role is a *slot* with a normalised weight; the
//!   slot weights plus the seniority weights of a role sum to 1.
//! - A candidate skill earns credit on a slot through a *relation*: the
//!   skill itself (factor 1), a narrower skill the candidate has (Rails for a
//!   Ruby slot: 0.8 per hop), or a broader one (Ruby for a Rails slot: 0.3).
//!   Credit = factor x min(proficiency, expected) / expected; a slot keeps its
//!   best credit, so an any-of group counts once, by its best member.
//! - Seniority: years of experience (and management years, for roles that
//!   expect them) against the level's expectation, capped at 1.
//! - Contributions are accumulated in 32.32 fixed point, so the raw score is
//!   exactly the sum of the reported contributions, bit-identical whatever
//!   the order of the candidate's skills or the thread that scores it.
//! - Each REQUIRED slot the candidate lacks (no direct or narrower skill)
//!   halves the score: a candidate missing a must-have never outranks an
//!   otherwise equal one who has it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use super::{CandidateScores, RankedCandidate, RoleScore, ScoreError, ScoreOptions, SkillMatch};
use crate::catalog::{Catalog, Requirement, Role, Tier};
use crate::scoring::{leading_number, level_word, rated, Candidate};
use crate::taxonomy::vocabulary::{duration_unit, DENIAL_WORDS, NAME_QUALIFIERS, ZERO_UNITS};
use crate::taxonomy::{Mention, Resolution, ResolverCache, SkillId, Taxonomy};

mod evaluation;
mod names;

use evaluation::uses_small_top_k;
use evaluation::Evaluation;
pub use names::NO_NAME;
use names::{
    echoed, has_list_separator, held_from, lists_related_skills, skills_in_parts, skills_named_in,
    years_in_name, NameMemo, QualifiedName, Unresolved,
};

/// Credit factor per hop when the candidate has a narrower skill (Rails for Ruby).
pub const NARROWER_FACTOR: f32 = 0.8;
/// Credit factor when the candidate has the broader skill only (Ruby for Rails).
pub const BROADER_FACTOR: f32 = 0.3;
/// A required slot counts as met from this relation factor up (direct or narrower).
pub const MET_FACTOR: f32 = 0.5;
/// Score multiplier per missing REQUIRED skill.
pub const MUST_HAVE_PENALTY: f64 = 0.5;
/// Share of a role's weight given to years of experience.
pub const EXPERIENCE_SHARE: f32 = 0.10;
/// Share of a score taken off for each year of experience a candidate is
/// short of a role's expectation (down to [`EXPERIENCE_SHORTFALL_FLOOR`]):
/// with experience only a tenth of a score, a graduate's best role was
/// Senior whenever the Senior page's wording happened to suit their skills.
pub const EXPERIENCE_SHORTFALL_PER_YEAR: f64 = 0.1;
/// The lowest the experience factor goes: years short weigh at most as
/// one missing must-have ([`MUST_HAVE_PENALTY`]).
pub const EXPERIENCE_SHORTFALL_FLOOR: f64 = 0.5;
/// Share of a role's weight given to management years, for roles that expect them.
pub const MANAGEMENT_SHARE: f32 = 0.15;
/// Skill coverage (share of a role's skill weight earned) from which years
/// of experience and management count in full; below it they count in
/// proportion, so years without the role's skills earn little.
pub const SENIORITY_FULL_COVERAGE: f64 = 0.5;
/// Proficiency assumed for a listed skill without level or years, and for a
/// skill found in resume text.
pub const DEFAULT_PROFICIENCY: u8 = 3;
/// Entries kept in the typo-resolution memo.
pub const RESOLVER_CACHE_ENTRIES: usize = 262_144;
/// Longest unknown role id compared with the catalog's for a suggestion.
const MAX_ROLE_ID_COMPARED: usize = 256;
/// Longest unresolved name echoed back; longer pastes are cut.
const MAX_UNRESOLVED_ECHO: usize = 100;

const FIXED_ONE: f64 = 4_294_967_296.0; // 2^32

/// The skill whose holders show people management, besides their
/// management years.
const MANAGEMENT_SKILL: &str = "people-management";
/// How a missing people-management must-have is named (in
/// `missing_required`, as the management part of seniority is).
pub const MANAGEMENT_MUST_HAVE: &str = "management";

/// One requirement of one role, flattened.
#[derive(Clone, Copy, Debug)]
struct Slot {
    role: u32,
    /// Weight in the role, 32.32 fixed point (a role's weights sum to 2^32).
    weight: u64,
    required: bool,
    /// The requirement's [atom](Engine::atom_slots): what earns it credit.
    atom: u32,
}

/// "Candidate skill S, held at proficiency p, earns `credit_at[p]` on atom
/// `atom` as member `member`"; credits are in 16.16 fixed point
/// ([`CREDIT_ONE`] = 1): the relation's factor times the proficiency's
/// share of the atom's expected level, multiplied out when the engine is
/// built, as this is read for every skill of every candidate.
///
/// An *atom* is a distinct (skills of a requirement, expected level) pair.
/// A slot's credit depends on nothing else, and the levels and specialties
/// of a job family repeat the same requirements many times over (the seed
/// catalog has 3,728 slots but 246 atoms), so credit is computed once per
/// atom and then spread over the atom's slots.
#[derive(Clone, Copy, Debug)]
struct Posting {
    atom: u32,
    member: SkillId,
    /// By proficiency 0-5.
    credit_at: [u32; 6],
    /// The relation is close enough to meet a must-have.
    meets: bool,
}

/// One slot of an atom, as the spreading loop needs it: 8 bytes, so the
/// slots of every atom of the seed catalog fit the first-level cache about
/// twice as well as with a 64-bit weight. An atom's slots list its
/// must-haves first ([`Engine::atom_required`] of them).
#[derive(Clone, Copy, Debug)]
struct AtomSlot {
    role: u32,
    /// The slot's weight (fixed point). Always below 2^32: the weights of
    /// a role sum to 2^32 with the experience share
    /// ([`EXPERIENCE_SHARE`] > 0) among them.
    weight: u32,
}

const _: () = assert!(EXPERIENCE_SHARE > 0.0);

#[derive(Clone, Debug)]
struct RoleIndex {
    slots: std::ops::Range<u32>,
    /// Sum of the slot weights (fixed point).
    skill_weight: u64,
    required: u32,
    experience_weight: u64,
    management_weight: u64,
    /// `experience_weight + management_weight`: the most seniority can add
    /// to a role's raw score (see [`Evaluation::ranked_small`]).
    seniority_bound: u64,
    expected_years: f32,
    expected_management: f32,
    /// The role expects people management: a candidate who shows none
    /// (no management years, no people-management skill) misses a
    /// must-have, [`MANAGEMENT_MUST_HAVE`].
    requires_management: bool,
    /// `1 / (skill_weight * SENIORITY_FULL_COVERAGE)`, so that seniority,
    /// computed for every role of every candidate, multiplies instead of
    /// dividing.
    relevance_scale: f64,
    /// Where this role's expected years sit in
    /// [`Engine::experience_expectations`] (and their reciprocal in
    /// [`Engine::expected_years`]), and its `1 / expected_management` (0
    /// when nothing is expected) in [`Engine::expected_management`].
    experience_expectation: u32,
    management_expectation: u32,
}

/// `1 / expected`, or 0 for an expectation of nothing (met by anyone).
fn reciprocal(expected: f64) -> f64 {
    if expected > 0.0 {
        1.0 / expected
    } else {
        0.0
    }
}

/// A catalog compiled for scoring. Immutable and `Send + Sync`.
pub struct Engine {
    taxonomy: Arc<Taxonomy>,
    catalog: Catalog,
    roles: Vec<RoleIndex>,
    slots: Vec<Slot>,
    /// CSR posting lists by candidate skill: `postings[offsets[s]..offsets[s+1]]`.
    offsets: Vec<u32>,
    postings: Vec<Posting>,
    /// CSR slots by atom: `atom_slots[atom_offsets[a]..atom_offsets[a+1]]`.
    atom_offsets: Vec<u32>,
    atom_slots: Vec<AtomSlot>,
    /// By atom: how many of its slots (the first ones) are must-haves.
    atom_required: Vec<u32>,
    /// By skill: holding it shows people management (the
    /// `people-management` skill and any narrower one).
    shows_management: Vec<bool>,
    /// The taxonomy's people-management skill, which years of management
    /// stand for.
    management_skill: Option<SkillId>,
    /// By skill: a technical one (a language, framework, library,
    /// datastore, platform, tool or engineering practice), not a soft
    /// skill, trait, way of working or domain, nor business or office
    /// software ([`crate::taxonomy::Skill::business`]: Excel, SAP,
    /// Budgeting).
    technical: Vec<bool>,
    /// The distinct years of experience the roles expect: a catalog has a
    /// handful, so a candidate's fit and [`shortfall_factor`] for each are
    /// computed once, not once per role.
    experience_expectations: Vec<f64>,
    /// By [`Engine::experience_expectations`], and by the distinct
    /// management years the roles expect: their reciprocals.
    expected_years: Vec<f64>,
    expected_management: Vec<f64>,
    /// Typo resolutions, shared by the engines of one taxonomy.
    cache: Arc<ResolverCache>,
}

/// Where a candidate's skill came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    /// `skills[i]` of the profile.
    Listed(u32),
    /// Byte range of the resume text.
    Resume(u32, u32),
    /// The profile's `management_years`: people management, at the
    /// proficiency its years suggest.
    ManagementYears,
}

#[derive(Clone, Copy, Debug)]
struct Held {
    skill: SkillId,
    proficiency: u8,
    source: Source,
}

/// Best evidence on one atom (and so on each of its slots) so far.
#[derive(Clone, Copy, Debug)]
struct SlotHit {
    /// 16.16 fixed point.
    credit: u32,
    met: bool,
    member: SkillId,
    held: u32,
}

/// Per-role totals of one evaluation.
#[derive(Clone, Copy, Debug, Default)]
struct RoleTotals {
    /// The contributions of the skill slots (fixed point, low
    /// [`SKILL_BITS`] bits) and the number of matched slots (the bits
    /// above), packed so that spreading an atom's credit costs each slot
    /// one addition.
    skill_and_matched: u64,
    /// Skill and seniority contributions: the raw score (fixed point).
    fixed: u64,
    /// Must-haves not met.
    missing_required: u32,
}

/// Bits of [`RoleTotals::skill_and_matched`] that hold the skill
/// contributions. Each slot contributes at most its weight and a role's
/// weights sum to at most 2^32, so the sum never needs more than 33 bits;
/// the 31 above count matched slots (a role would need 2^31 requirements,
/// some 50 GB of slots, to overflow them).
const SKILL_BITS: u32 = 33;
/// One matched slot in [`RoleTotals::skill_and_matched`].
const MATCHED_ONE: u64 = 1 << SKILL_BITS;

impl RoleTotals {
    fn skill_fixed(&self) -> u64 {
        self.skill_and_matched & (MATCHED_ONE - 1)
    }

    fn matched(&self) -> u32 {
        (self.skill_and_matched >> SKILL_BITS) as u32
    }
}

/// Which roles an evaluation computes the raw score of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Finish {
    /// Every role: what explanations, filters and full rankings read.
    EveryRole,
    /// Only those a small top-k ranking over all roles asks for (see
    /// [`Evaluation::ranked_small`]): the batch path.
    SmallTopK,
}

/// Reusable per-thread buffers, so scoring allocates nothing per candidate
/// once warm.
#[derive(Default)]
struct Scratch {
    /// By atom.
    hits: Vec<Option<SlotHit>>,
    touched: Vec<u32>,
    held: Vec<Held>,
    /// Skills found in the resume text.
    mentions: Vec<Mention>,
    /// Listed names, or parts of them, that resolved to nothing: the
    /// claim's index and the byte range of the name it covers.
    unresolved: Vec<Unresolved>,
    /// By role.
    totals: Vec<RoleTotals>,
    /// By role: [`RoleTotals::skill_and_matched`] while credit is spread.
    earned: Vec<u64>,
    /// By skill: where the skill sits in `held`, for the evaluation whose
    /// generation is stamped on it (see [`keep_best_per_skill`]).
    held_at: Vec<u64>,
    generation: u32,
    /// The candidate's fit to each of [`Engine::expected_years`] and
    /// [`Engine::expected_management`].
    experience_fits: Vec<u32>,
    management_fits: Vec<u32>,
    /// By [`Engine::experience_expectations`]: the [`shortfall_factor`] of
    /// the candidate's years.
    shortfall_factors: Vec<f64>,
    /// Whether [`RoleTotals::fixed`] holds every role's raw score (see
    /// [`Finish`]).
    finished: bool,
    /// The candidate shows no people management (see
    /// [`RoleIndex::requires_management`]).
    lacks_management: bool,
    /// The candidate's years of experience ([`years_of_experience`]).
    years: f64,
    /// Listed names with a list separator that read whole as one skill,
    /// and whether they list it with related skills
    /// ([`lists_related_skills`]): "CI/CD" recurs in a pool, and reading it
    /// as prose each time would cost more than the rest of its candidate's
    /// names.
    listed: NameMemo,
    /// Listed names of a few words that name no skill, and whether they
    /// are skills side by side ("Splunk SIEM"; [`skills_named_in`]):
    /// "Patient care" recurs in a pool as much.
    side_by_side: NameMemo,
    /// Listed names read as a skill with words around it
    /// ([`Resolution::Qualified`]), and what those words say
    /// ([`QualifiedName`]): "Go (5 years)" recurs as much.
    qualified: NameMemo<QualifiedName>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A borrowed view of a candidate's profile: what the engine reads. The
/// batch path builds it straight from parsed JSON without owning strings.
#[derive(Clone, Debug, Default)]
pub struct ProfileRef<'a> {
    /// Listed skills.
    pub skills: Vec<ClaimRef<'a>>,
    /// Years of professional experience, if given.
    pub years_experience: Option<f64>,
    /// Years of people management, if given.
    pub management_years: Option<f64>,
    /// Free resume text.
    pub resume_text: Cow<'a, str>,
}

/// One listed skill, borrowed.
#[derive(Clone, Debug, Default)]
pub struct ClaimRef<'a> {
    /// The name as typed.
    pub name: Cow<'a, str>,
    /// Proficiency 1-5, `None`/0 = not given.
    pub level: Option<u8>,
    /// Years of use, if given.
    pub years: Option<f64>,
}

impl<'a> ProfileRef<'a> {
    /// Borrows an owned [`Candidate`].
    pub fn of(candidate: &'a Candidate) -> ProfileRef<'a> {
        ProfileRef {
            skills: candidate
                .skills
                .iter()
                .map(|s| ClaimRef {
                    name: Cow::Borrowed(s.name.as_str()),
                    level: s.level,
                    years: s.years,
                })
                .collect(),
            years_experience: candidate.years_experience,
            management_years: candidate.management_years,
            resume_text: Cow::Borrowed(candidate.resume_text.as_str()),
        }
    }
}

/// The proficiency a claim stands for: its level (1-5), else one read from
/// its years (<1: 2, <3: 3, <6: 4, more: 5), else [`DEFAULT_PROFICIENCY`].
pub fn proficiency(level: Option<u8>, years: Option<f64>) -> u8 {
    match (level, years) {
        (Some(l), _) if l > 0 => l.min(5),
        (_, Some(y)) if y.is_finite() && y > 0.0 => crate::catalog::proficiency_for_years(y),
        _ => DEFAULT_PROFICIENCY,
    }
}

/// Full credit in the 16.16 fixed point that credits and factors use, so
/// the hot loop multiplies integers and the results are exact.
const CREDIT_ONE: u32 = 1 << 16;

/// A fraction in [0, 1] as 16.16 fixed point (rounded).
fn credit_q(fraction: f64) -> u32 {
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // + 0.5 and truncation rounds a non-negative value without a libm call.
    (fraction * f64::from(CREDIT_ONE) + 0.5) as u32
}

fn credit_f64(credit: u32) -> f64 {
    f64::from(credit) / f64::from(CREDIT_ONE)
}

/// `a * b` for two 16.16 fractions, rounded.
fn credit_mul(a: u32, b: u32) -> u32 {
    ((u64::from(a) * u64::from(b) + u64::from(CREDIT_ONE / 2)) >> 16) as u32
}

/// The score multiplier for `years` of experience on a role that expects
/// `expected` (see [`EXPERIENCE_SHORTFALL_PER_YEAR`]).
fn shortfall_factor(years: f64, expected: f64) -> f64 {
    let short = expected - years;
    // Not short (nor a NaN, which profile validation keeps out).
    if short.is_nan() || short <= 0.0 {
        return 1.0;
    }
    (1.0 - EXPERIENCE_SHORTFALL_PER_YEAR * short).max(EXPERIENCE_SHORTFALL_FLOOR)
}

/// How much of an expectation `have` meets, capped at 1 (16.16), given
/// the expectation's [`reciprocal`] (0: nothing expected, always met).
fn fit(have: f64, per_expected: f64) -> u32 {
    if per_expected <= 0.0 {
        return CREDIT_ONE;
    }
    credit_q(have * per_expected)
}

fn to_fixed(weight: u64, credit: u32) -> u64 {
    // credit is at most 1, so a contribution never exceeds its weight.
    (weight * u64::from(credit) + u64::from(CREDIT_ONE / 2)) >> 16
}

/// `LEVEL_CREDIT[proficiency][expected]` = min(proficiency, expected) / expected, 16.16.
const LEVEL_CREDIT: [[u32; 6]; 6] = {
    let mut table = [[0u32; 6]; 6];
    let mut p = 0;
    while p < 6 {
        let mut e = 1;
        while e < 6 {
            let have = if p < e { p } else { e };
            table[p][e] = ((have as u32) * CREDIT_ONE + (e as u32) / 2) / (e as u32);
            e += 1;
        }
        p += 1;
    }
    table
};

/// `MUST_HAVE_PENALTY` to the power `missing`, without a library call (this
/// runs for every role of every candidate).
fn penalty(missing: u32) -> f64 {
    PENALTIES.get(missing as usize).copied().unwrap_or_else(|| {
        let mut factor = 1.0;
        // Past a few thousand halvings the factor is 0 for good: stop there.
        for _ in 0..missing {
            factor *= MUST_HAVE_PENALTY;
            if factor == 0.0 {
                break;
            }
        }
        factor
    })
}

/// `MUST_HAVE_PENALTY^n` for small `n`, by the same repeated products.
const PENALTIES: [f64; 32] = {
    let mut table = [1.0; 32];
    let mut n = 1;
    while n < 32 {
        table[n] = table[n - 1] * MUST_HAVE_PENALTY;
        n += 1;
    }
    table
};

fn from_fixed(fixed: u64) -> f64 {
    fixed_as_f64(fixed) / FIXED_ONE
}

/// `fixed as f64`, through `i64` where it fits (always, for fixed-point
/// totals, which stay near 2^32): on x86-64 the signed conversion is one
/// instruction and the unsigned one several, and this runs for every role
/// of every candidate.
fn fixed_as_f64(fixed: u64) -> f64 {
    i64::try_from(fixed).map_or(fixed as f64, |signed| signed as f64)
}

/// One role's result, by catalog index, without strings: what the batch
/// path needs to print a top-k line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoleHit {
    /// Index into `engine.catalog().roles()`.
    pub role: u32,
    /// Final score (after the must-have penalty).
    pub score: f64,
    /// Every REQUIRED skill is met, and some skill of the role matched.
    pub meets_requirements: bool,
    matched: u32,
}

impl Engine {
    /// Compiles the scoring index for `catalog` (whose skills come from `taxonomy`).
    pub fn new(taxonomy: Arc<Taxonomy>, catalog: Catalog) -> Engine {
        let cache = Arc::new(ResolverCache::new(RESOLVER_CACHE_ENTRIES));
        Engine::build(taxonomy, catalog, cache)
    }

    /// An engine for another catalog over the same taxonomy, sharing this
    /// one's memo of typo resolutions (they depend on the taxonomy alone):
    /// swapping in a changed catalog does not make every typo pay for a
    /// fuzzy search again.
    pub fn with_catalog(&self, catalog: Catalog) -> Engine {
        Engine::build(Arc::clone(&self.taxonomy), catalog, Arc::clone(&self.cache))
    }

    fn build(taxonomy: Arc<Taxonomy>, catalog: Catalog, cache: Arc<ResolverCache>) -> Engine {
        let mut roles = Vec::with_capacity(catalog.roles().len());
        let mut slots = Vec::new();
        let mut experience_expectations = Vec::new();
        let mut expected_management = Vec::new();
        // (candidate skill, posting) pairs before grouping into CSR.
        let mut pairs: Vec<(SkillId, Posting)> = Vec::new();
        let narrower = narrower_closure(&taxonomy);
        let mut atoms: foldhash::HashMap<(&[SkillId], u8), u32> = foldhash::HashMap::default();
        for (r, role) in catalog.roles().iter().enumerate() {
            let start = slots.len() as u32;
            let (experience_share, management_share) = seniority_shares(role);
            let total: f64 = role
                .requirements
                .iter()
                .map(|q| f64::from(q.weight.max(0.0)))
                .sum();
            // Shares of the role: one per requirement, then experience, then management.
            let mut shares: Vec<f64> = Vec::with_capacity(role.requirements.len() + 2);
            if total > 0.0 {
                let skill_share = 1.0 - experience_share - management_share;
                shares.extend(
                    role.requirements
                        .iter()
                        .map(|q| f64::from(q.weight.max(0.0)) / total * skill_share),
                );
                shares.extend([experience_share, management_share]);
            } else {
                // A role without skills is all seniority.
                let sum = experience_share + management_share;
                shares.extend([experience_share / sum, management_share / sum]);
            }
            let fixed = quantise(&shares);
            let (skill_fixed, seniority_fixed) = fixed.split_at(fixed.len() - 2);
            let mut required = 0u32;
            for (requirement, &weight) in role.requirements.iter().zip(skill_fixed) {
                let is_required = requirement.tier == Tier::Required;
                required += u32::from(is_required);
                let expected_level = requirement.expected_level.clamp(1, 5);
                let next_atom = atoms.len() as u32;
                let atom = *atoms
                    .entry((&requirement.skills, expected_level))
                    .or_insert(next_atom);
                slots.push(Slot {
                    role: r as u32,
                    weight,
                    required: is_required,
                    atom,
                });
                if atom != next_atom {
                    continue;
                }
                for &member in &requirement.skills {
                    pairs.extend(
                        relations(&taxonomy, &narrower, member).map(|(held, factor)| {
                            (
                                held,
                                Posting {
                                    atom,
                                    member,
                                    credit_at: LEVEL_CREDIT.map(|by_expected| {
                                        credit_mul(
                                            credit_q(f64::from(factor)),
                                            by_expected[usize::from(expected_level)],
                                        )
                                    }),
                                    meets: factor >= MET_FACTOR,
                                },
                            )
                        }),
                    );
                }
            }
            let skill_weight: u64 = skill_fixed.iter().sum();
            roles.push(RoleIndex {
                slots: start..slots.len() as u32,
                skill_weight,
                relevance_scale: 1.0 / (skill_weight as f64 * SENIORITY_FULL_COVERAGE),
                experience_expectation: distinct_index(
                    &mut experience_expectations,
                    f64::from(role.expected_years_experience),
                ),
                management_expectation: distinct_index(
                    &mut expected_management,
                    reciprocal(f64::from(role.expected_management_years)),
                ),
                required,
                experience_weight: seniority_fixed[0],
                management_weight: seniority_fixed[1],
                seniority_bound: seniority_fixed[0] + seniority_fixed[1],
                expected_years: role.expected_years_experience,
                expected_management: role.expected_management_years,
                requires_management: role.expected_management_years > 0.0,
            });
        }
        // Keep, per (held skill, atom), only the best factor: the best credit
        // at every proficiency (at 5 the credit is the factor itself).
        pairs.sort_by(|a, b| {
            (a.0, a.1.atom)
                .cmp(&(b.0, b.1.atom))
                .then(b.1.credit_at[5].cmp(&a.1.credit_at[5]))
                .then(a.1.member.cmp(&b.1.member))
        });
        pairs.dedup_by(|later, earlier| later.0 == earlier.0 && later.1.atom == earlier.1.atom);
        let offsets =
            crate::csr::offsets(taxonomy.len(), pairs.iter().map(|(held, _)| held.index()));
        let postings = pairs.into_iter().map(|(_, p)| p).collect();
        let atom_count = atoms.len();
        drop(atoms);
        // By atom, must-haves first.
        let mut by_atom: Vec<&Slot> = slots.iter().collect();
        by_atom.sort_by_key(|slot| (slot.atom, !slot.required, slot.role));
        let atom_offsets = crate::csr::offsets(atom_count, by_atom.iter().map(|s| s.atom as usize));
        let mut atom_required = vec![0u32; atom_count];
        for slot in by_atom.iter().filter(|slot| slot.required) {
            atom_required[slot.atom as usize] += 1;
        }
        let atom_slots = by_atom
            .into_iter()
            .map(|slot| {
                debug_assert!(slot.weight <= u64::from(u32::MAX));
                AtomSlot {
                    role: slot.role,
                    weight: u32::try_from(slot.weight).unwrap_or(u32::MAX),
                }
            })
            .collect();
        let management = taxonomy.by_id(MANAGEMENT_SKILL);
        let shows_management = (0..taxonomy.len() as u32)
            .map(|s| {
                let skill = SkillId(s);
                management.is_some_and(|m| {
                    skill == m || taxonomy.ancestors(skill).iter().any(|a| a.skill == m)
                })
            })
            .collect();
        let technical = taxonomy
            .skills()
            .iter()
            .map(|skill| {
                !skill.business
                    && (skill.kind.is_technology()
                        || skill.kind == crate::taxonomy::SkillKind::Practice)
            })
            .collect();
        Engine {
            taxonomy,
            catalog,
            roles,
            slots,
            offsets,
            postings,
            atom_offsets,
            atom_slots,
            atom_required,
            shows_management,
            management_skill: management,
            technical,
            expected_years: experience_expectations
                .iter()
                .map(|&years| reciprocal(years))
                .collect(),
            experience_expectations,
            expected_management,
            cache,
        }
    }

    /// The catalog being scored against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The taxonomy skills are resolved with.
    pub fn taxonomy(&self) -> &Arc<Taxonomy> {
        &self.taxonomy
    }

    /// Version of the catalog and taxonomy, reported with every score.
    pub fn version(&self) -> &str {
        self.catalog.version()
    }

    /// Catalog indices of `role_ids`, or an error naming the first unknown one.
    pub fn role_indices(&self, role_ids: &[String]) -> Result<Vec<u32>, ScoreError> {
        role_ids
            .iter()
            .map(|id| {
                self.catalog
                    .roles()
                    .binary_search_by(|r| r.role_id.as_str().cmp(id))
                    .map(|i| i as u32)
                    .map_err(|_| self.unknown_role(id))
            })
            .collect()
    }

    /// The error for a role id the catalog lacks, naming the role it most
    /// likely meant, or else the roles whose ids contain it.
    /// An id far longer than any role's is cut to
    /// `MAX_UNRESOLVED_ECHO` (100) characters and gets no suggestion: comparing
    /// megabytes of id with every role would hold a thread for seconds.
    pub fn unknown_role(&self, id: &str) -> ScoreError {
        if id.len() > MAX_ROLE_ID_COMPARED {
            return ScoreError::UnknownRole {
                id: format!("{}...", echoed(id)),
                suggestions: Vec::new(),
            };
        }
        let suggestions = match self.nearest_role_id(id) {
            Some(near) => vec![near],
            None => self.role_ids_containing(id),
        };
        ScoreError::UnknownRole {
            id: id.to_string(),
            suggestions,
        }
    }

    /// Role ids that contain `id` (ignoring case and surrounding spaces; at
    /// least three characters), at most [`super::MAX_ROLE_SUGGESTIONS`]:
    /// "backend-engineer" names the levels of that family. Those where it
    /// stands as whole words come first ("staff-backend-engineer" before
    /// "backend-engineering-manager"), then roles before their specialties,
    /// then catalog order.
    fn role_ids_containing(&self, id: &str) -> Vec<String> {
        let wanted = id.trim().to_lowercase();
        if wanted.chars().count() < 3 {
            return Vec::new();
        }
        let mut found: Vec<(bool, bool, usize, &str)> = Vec::new();
        for (index, role) in self.catalog.roles().iter().enumerate() {
            let role_id = role.role_id.to_lowercase();
            let Some(at) = role_id.find(&wanted) else {
                continue;
            };
            let is_word = |c: char| c.is_alphanumeric();
            let whole_words = !role_id[..at].ends_with(is_word)
                && !role_id[at + wanted.len()..].starts_with(is_word);
            let specialty = role.role_id.contains('/');
            found.push((!whole_words, specialty, index, &role.role_id));
        }
        found.sort_unstable();
        found
            .into_iter()
            .take(super::MAX_ROLE_SUGGESTIONS)
            .map(|(_, _, _, role_id)| role_id.to_string())
            .collect()
    }

    /// The role id an unknown `id` most likely meant: the same id in other
    /// case or with stray spaces, else the one nearest in edits (within a
    /// fifth of its length, at least 2), if no other is as near.
    fn nearest_role_id(&self, id: &str) -> Option<String> {
        let wanted = id.trim().to_lowercase();
        let mut best: Option<(usize, &str)> = None;
        let mut tied = false;
        for role in self.catalog.roles() {
            let distance = strsim::levenshtein(&wanted, &role.role_id.to_lowercase());
            match best {
                Some((d, _)) if distance > d => {}
                Some((d, _)) if distance == d => tied = true,
                _ => {
                    best = Some((distance, &role.role_id));
                    tied = false;
                }
            }
        }
        let (distance, role_id) = best?;
        let budget = (wanted.chars().count() / 5).max(2);
        (distance <= budget && (distance == 0 || !tied)).then(|| role_id.to_string())
    }

    /// Scores one candidate against every role (or `options.role_ids`).
    pub fn score(
        &self,
        candidate: &Candidate,
        options: &ScoreOptions,
    ) -> Result<CandidateScores, ScoreError> {
        let filter = if options.role_ids.is_empty() {
            None
        } else {
            Some(self.role_indices(&options.role_ids)?)
        };
        let profile = ProfileRef::of(candidate);
        let roles = self.catalog.roles();
        let (scores, unresolved) = self.with_evaluation(&profile, Finish::EveryRole, |eval| {
            let hits = eval.ranked(filter.as_deref(), options.top_k);
            let scores = hits
                .iter()
                .map(|hit| eval.role_score(&roles[hit.role as usize], hit, options.explain))
                .collect::<Vec<_>>();
            (scores, eval.unresolved())
        });
        Ok(CandidateScores {
            candidate_id: candidate.id.clone(),
            scores,
            catalog_version: self.version().to_string(),
            unresolved_skills: unresolved,
        })
    }

    /// The top `top_k` roles (0 = all) of a profile, by catalog index, best
    /// first (`filter` restricts the roles), and the listed names that
    /// resolved to no skill (as typed, cut to 100 characters). The batch
    /// path: no strings are built for the roles, the unresolved names are
    /// lent to `unresolved` (once each) rather than copied, and the roles
    /// replace the contents of `hits` (a buffer the caller reuses).
    pub fn top_roles(
        &self,
        profile: &ProfileRef<'_>,
        filter: Option<&[u32]>,
        top_k: usize,
        unresolved: impl FnMut(&str),
        hits: &mut Vec<RoleHit>,
    ) {
        let finish = if uses_small_top_k(filter, top_k) {
            Finish::SmallTopK
        } else {
            Finish::EveryRole
        };
        self.with_evaluation(profile, finish, |eval| {
            eval.for_each_unresolved(unresolved);
            eval.ranked_into(filter, top_k, hits);
        });
    }

    /// Ranks candidates for one role, best first; ties keep input order.
    pub fn rank(
        &self,
        role_id: &str,
        candidates: &[Candidate],
        top_k: usize,
    ) -> Result<Vec<RankedCandidate>, ScoreError> {
        let role = self.role_indices(&[role_id.to_string()])?[0];
        let role_def = &self.catalog.roles()[role as usize];
        use rayon::prelude::*;
        let mut ranked: Vec<(usize, RankedCandidate)> = candidates
            .par_iter()
            .enumerate()
            .map(|(i, candidate)| {
                let profile = ProfileRef::of(candidate);
                let ranked = self.with_evaluation(&profile, Finish::EveryRole, |eval| {
                    let hit = eval.hit(role);
                    RankedCandidate {
                        candidate_id: candidate.id.clone(),
                        score: hit.score,
                        meets_requirements: hit.meets_requirements,
                        missing_required: eval.missing_required(role_def, role),
                    }
                });
                (i, ranked)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
        if top_k > 0 {
            ranked.truncate(top_k);
        }
        Ok(ranked.into_iter().map(|(_, r)| r).collect())
    }

    fn with_evaluation<T>(
        &self,
        profile: &ProfileRef<'_>,
        finish: Finish,
        f: impl FnOnce(&Evaluation<'_, '_, '_>) -> T,
    ) -> T {
        SCRATCH.with(|cell| {
            // A re-entrant call (never expected) gets fresh buffers instead of a panic.
            let mut fresh;
            let mut borrowed = cell.try_borrow_mut();
            let scratch = match borrowed.as_mut() {
                Ok(s) => &mut **s,
                Err(_) => {
                    fresh = Scratch::default();
                    &mut fresh
                }
            };
            self.evaluate(profile, scratch, finish);
            let eval = Evaluation {
                engine: self,
                profile,
                scratch,
            };
            let out = f(&eval);
            eval.reset();
            out
        })
    }

    /// Resolves the profile's skills and fills `scratch` with slot hits and
    /// role totals; the raw score of every role too unless `finish` says
    /// the caller asks for the few it needs.
    fn evaluate(&self, profile: &ProfileRef<'_>, scratch: &mut Scratch, finish: Finish) {
        let atom_count = self.atom_offsets.len() - 1;
        if scratch.hits.len() != atom_count {
            scratch.hits = vec![None; atom_count];
        }
        scratch.held.clear();
        scratch.unresolved.clear();
        for (i, claim) in profile.skills.iter().enumerate() {
            let proficiency = proficiency(claim.level, claim.years);
            let source = Source::Listed(i as u32);
            let resolution = self.taxonomy.resolve_cached(&claim.name, &self.cache);
            match resolution.skill() {
                // "Senior Java", "Go (5 years)", "Ruby (none)": the words
                // around the name say how well, or that not at all.
                Some(skill) if matches!(resolution, Resolution::Qualified(_)) => {
                    self.hold_qualified(scratch, claim, skill, source);
                }
                // "Ruby/Rails" and "Python · Flask" are two skills, though
                // the whole reads as one (a misspelling of "rubyonrails",
                // the alias "python flask"): listed, each counts.
                Some(whole)
                    if has_list_separator(&claim.name)
                        && self.lists_related_skills_memo(scratch, &claim.name, whole) =>
                {
                    // (Read again: the memo keeps the answer, not the skills.)
                    lists_related_skills(&self.taxonomy, &claim.name, whole, &mut scratch.mentions);
                    scratch
                        .held
                        .extend(held_from(&scratch.mentions, proficiency, source));
                }
                Some(skill) => scratch.held.push(Held {
                    skill,
                    proficiency,
                    source,
                }),
                None if !self.may_name_several(scratch, &claim.name) => {
                    // A blank cell of an export is no skill; a level or
                    // years without a name is one that cannot be scored
                    // (the export's name column went elsewhere): reported.
                    if !claim.name.trim().is_empty()
                        || claim.level.is_some_and(|level| level > 0)
                        || claim.years.is_some()
                    {
                        scratch.unresolved.push(Unresolved::whole(i, &claim.name));
                    }
                }
                None => {
                    // "Python (5 yrs)": years written beside the name stand
                    // for the field an export left empty.
                    let proficiency = match (claim.level, claim.years) {
                        (None, None) => years_in_name(&claim.name)
                            .map_or(proficiency, |years| self::proficiency(None, Some(years))),
                        _ => proficiency,
                    };
                    // A name that is no one skill may name several: "C/C++",
                    // "Java/Spring", "AWS (EC2, S3)", "python 3.11". Read as
                    // prose, each skill it names is listed at its level.
                    let held_before = scratch.held.len();
                    if skills_named_in(&self.taxonomy, &claim.name, &mut scratch.mentions) {
                        scratch
                            .held
                            .extend(held_from(&scratch.mentions, proficiency, source));
                        if let (Some(first), Some(last)) =
                            (scratch.mentions.first(), scratch.mentions.last())
                        {
                            let span = first.start..last.end;
                            self.rate_several(scratch, claim, held_before, span);
                        }
                    } else {
                        // Else its parts, each a name of its own:
                        // "Terraform/Terragrunt" lists Terraform and
                        // reports "Terragrunt"; with no part known, the
                        // whole name is reported.
                        let unresolved_before = scratch.unresolved.len();
                        // From the first name to the last, known or not:
                        // what is around them says how well.
                        let span = std::cell::Cell::new((usize::MAX, 0));
                        let widen = |part: &std::ops::Range<usize>| {
                            let (start, end) = span.get();
                            span.set((start.min(part.start), end.max(part.end)));
                        };
                        skills_in_parts(
                            &self.taxonomy,
                            &self.cache,
                            &claim.name,
                            |skill, part| {
                                widen(&part);
                                scratch.held.push(Held {
                                    skill,
                                    proficiency,
                                    source,
                                })
                            },
                            |part| {
                                widen(&part);
                                scratch.unresolved.push(Unresolved {
                                    claim: i as u32,
                                    start: part.start as u32,
                                    end: part.end as u32,
                                })
                            },
                        );
                        if scratch.held.len() == held_before {
                            scratch.unresolved.truncate(unresolved_before);
                            scratch.unresolved.push(Unresolved::whole(i, &claim.name));
                        } else {
                            let (start, end) = span.get();
                            self.rate_several(scratch, claim, held_before, start..end);
                        }
                    }
                }
            }
        }
        if !profile.resume_text.is_empty() {
            scratch.mentions.clear();
            // "Never used Kubernetes" names a skill the candidate lacks.
            self.taxonomy
                .extract_claims_into(&profile.resume_text, &mut scratch.mentions);
            for mention in &scratch.mentions {
                scratch.held.push(Held {
                    skill: mention.skill,
                    proficiency: DEFAULT_PROFICIENCY,
                    source: Source::Resume(mention.start as u32, mention.end as u32),
                });
            }
        }
        scratch.years = years_of_experience(profile, &scratch.held);
        // Years of people management are the skill, as listing it with
        // those years would be: a structured field counts at least as much
        // as a phrase of the resume ("Managed a team"). Only beside some
        // technical skill: alone, or beside business software (Excel,
        // SAP, Budgeting), they describe a manager from another field (a
        // warehouse shift lead), whom they would lift on every manager
        // role of a software catalog; nor do they meet its
        // people-management must-have then.
        let mut years_show_management = false;
        if let Some(years) = profile.management_years {
            if years > 0.0 && self.holds_technical(&scratch.held) {
                years_show_management = true;
                if let Some(skill) = self.management_skill.filter(|_| years.is_finite()) {
                    scratch.held.push(Held {
                        skill,
                        proficiency: crate::catalog::proficiency_for_years(years),
                        source: Source::ManagementYears,
                    });
                }
            }
        }
        // One entry per skill: highest proficiency, then listed before
        // management years before resume, then the earliest listing;
        // independent of input order except for the wording reported.
        if scratch.held_at.len() != self.taxonomy.len() || scratch.generation == u32::MAX {
            scratch.held_at = vec![0; self.taxonomy.len()];
            scratch.generation = 0;
        }
        scratch.generation += 1;
        keep_best_per_skill(
            &mut scratch.held,
            &profile.skills,
            &mut scratch.held_at,
            scratch.generation,
        );
        // A manager's role asks for people management: years of it (beside
        // a technical skill), or a people-management skill (listed, or in
        // the resume).
        scratch.lacks_management = !years_show_management
            && !scratch
                .held
                .iter()
                .any(|held| self.shows_management[held.skill.index()]);
        let lacks_management = u32::from(scratch.lacks_management);
        scratch.totals.clear();
        // Every must-have starts out missing.
        scratch
            .totals
            .extend(self.roles.iter().map(|role| RoleTotals {
                missing_required: role.required
                    + u32::from(role.requires_management) * lacks_management,
                ..RoleTotals::default()
            }));
        // Plain slices in locals: the compiler then keeps their addresses in
        // registers instead of reloading them from `scratch` after every
        // store (it cannot tell the stores do not move the vectors).
        let hits = scratch.hits.as_mut_slice();
        let touched = &mut scratch.touched;
        let all_held = scratch.held.as_slice();
        for (h, held) in all_held.iter().enumerate() {
            let range = self.offsets[held.skill.index()] as usize
                ..self.offsets[held.skill.index() + 1] as usize;
            let proficiency = usize::from(held.proficiency.min(5));
            for posting in &self.postings[range] {
                let credit = posting.credit_at[proficiency];
                let met = posting.meets;
                let entry = &mut hits[posting.atom as usize];
                match entry {
                    None => {
                        touched.push(posting.atom);
                        *entry = Some(SlotHit {
                            credit,
                            met,
                            member: posting.member,
                            held: h as u32,
                        });
                    }
                    Some(best) => {
                        // Ties go to the smaller skill id, whatever the order of `held`.
                        if credit > best.credit
                            || (credit == best.credit
                                && held.skill < all_held[best.held as usize].skill)
                        {
                            best.credit = credit;
                            best.member = posting.member;
                            best.held = h as u32;
                        }
                        best.met |= met;
                    }
                }
            }
        }
        let totals = scratch.totals.as_mut_slice();
        // Spread into a plain array of u64 by role: indexing it costs no
        // multiplication, and this loop runs for a few hundred slots a
        // candidate.
        scratch.earned.clear();
        scratch.earned.resize(totals.len(), 0);
        let earned = scratch.earned.as_mut_slice();
        for &atom in touched.iter() {
            let Some(hit) = hits[atom as usize] else {
                continue;
            };
            let range = self.atom_offsets[atom as usize] as usize
                ..self.atom_offsets[atom as usize + 1] as usize;
            let atom_slots = &self.atom_slots[range];
            // `to_fixed(weight, credit) + matched` in one shift: a multiple
            // of 2^16 added before the shift comes out whole after it, and
            // weight * credit < 2^48 leaves room for it below 2^64.
            let matched = if hit.credit > 0 { MATCHED_ONE << 16 } else { 0 };
            let rounding = u64::from(CREDIT_ONE / 2) + matched;
            let credit = u64::from(hit.credit);
            for slot in atom_slots {
                earned[slot.role as usize] += (u64::from(slot.weight) * credit + rounding) >> 16;
            }
            if hit.met {
                let required = self.atom_required[atom as usize] as usize;
                for slot in &atom_slots[..required] {
                    totals[slot.role as usize].missing_required -= 1;
                }
            }
        }
        let years = scratch.years;
        let management = profile.management_years.unwrap_or(0.0);
        scratch.experience_fits.clear();
        scratch
            .experience_fits
            .extend(self.expected_years.iter().map(|&per| fit(years, per)));
        scratch.shortfall_factors.clear();
        scratch.shortfall_factors.extend(
            self.experience_expectations
                .iter()
                .map(|&expected| shortfall_factor(years, expected)),
        );
        scratch.management_fits.clear();
        scratch.management_fits.extend(
            self.expected_management
                .iter()
                .map(|&per| fit(management, per)),
        );
        for (totals, &earned) in scratch.totals.iter_mut().zip(&scratch.earned) {
            totals.skill_and_matched = earned;
        }
        scratch.finished = finish == Finish::EveryRole;
        if scratch.finished {
            for (role, totals) in self.roles.iter().zip(&mut scratch.totals) {
                let fits = fits_for(role, &scratch.experience_fits, &scratch.management_fits);
                totals.fixed = raw_score(role, totals.skill_fixed(), fits);
            }
        }
    }

    /// Whether some of `held` is a technical skill ([`Engine::technical`]),
    /// beside which management years show people management.
    fn holds_technical(&self, held: &[Held]) -> bool {
        held.iter().any(|held| self.technical[held.skill.index()])
    }

    /// Experience and management fit for one role, given the candidate's
    /// years and the skill contributions already earned there, itemised
    /// for an explanation ([`seniority_contribution`] is the sum).
    fn seniority(
        &self,
        role: &RoleIndex,
        skill_fixed: u64,
        years: f64,
        management: f64,
    ) -> [Seniority; 2] {
        let relevance = relevance(role, skill_fixed);
        let part = |id, field, weight, have: f64, expected: f32, per_expected: f64| {
            let credit = seniority_credit(have, per_expected, relevance);
            Seniority {
                id,
                field,
                weight,
                have,
                expected,
                relevance,
                credit,
                contribution: to_fixed(weight, credit),
            }
        };
        [
            part(
                "experience",
                "years_experience",
                role.experience_weight,
                years,
                role.expected_years,
                self.expected_years[role.experience_expectation as usize],
            ),
            part(
                MANAGEMENT_MUST_HAVE,
                "management_years",
                role.management_weight,
                management,
                role.expected_management,
                self.expected_management[role.management_expectation as usize],
            ),
        ]
    }
}

/// How much seniority counts on a role, given the skill contributions
/// earned there (see [`SENIORITY_FULL_COVERAGE`]), 16.16.
fn relevance(role: &RoleIndex, skill_fixed: u64) -> u32 {
    if role.skill_weight == 0 {
        CREDIT_ONE
    } else {
        credit_q(fixed_as_f64(skill_fixed) * role.relevance_scale)
    }
}

fn seniority_credit(have: f64, per_expected: f64, relevance: u32) -> u32 {
    credit_mul(fit(have, per_expected), relevance)
}

/// The experience and management contributions of [`Engine::seniority`],
/// summed without itemising: this runs for every role of every candidate.
/// `fits` are the candidate's [`fit`]s to the role's expected experience
/// and management.
fn seniority_contribution(role: &RoleIndex, skill_fixed: u64, fits: [u32; 2]) -> u64 {
    let relevance = relevance(role, skill_fixed);
    let mut total = to_fixed(role.experience_weight, credit_mul(fits[0], relevance));
    // A zero weight contributes nothing whatever the credit.
    if role.management_weight > 0 {
        total += to_fixed(role.management_weight, credit_mul(fits[1], relevance));
    }
    total
}

/// A role's raw score (fixed point): its skill contributions plus its
/// seniority. With no skill credit at all, seniority counts for nothing
/// (see [`SENIORITY_FULL_COVERAGE`]).
fn raw_score(role: &RoleIndex, skill_fixed: u64, fits: [u32; 2]) -> u64 {
    if skill_fixed == 0 && role.skill_weight > 0 {
        return 0;
    }
    skill_fixed + seniority_contribution(role, skill_fixed, fits)
}

/// The candidate's [`fit`]s to a role's expected experience and management,
/// from the fits to each distinct expectation.
fn fits_for(role: &RoleIndex, experience_fits: &[u32], management_fits: &[u32]) -> [u32; 2] {
    [
        experience_fits[role.experience_expectation as usize],
        management_fits[role.management_expectation as usize],
    ]
}

/// The index of `value` in `distinct` (by bits), added if new.
fn distinct_index(distinct: &mut Vec<f64>, value: f64) -> u32 {
    let at = distinct
        .iter()
        .position(|known| known.to_bits() == value.to_bits())
        .unwrap_or_else(|| {
            distinct.push(value);
            distinct.len() - 1
        });
    at as u32
}

/// One seniority component of a role score.
struct Seniority {
    id: &'static str,
    field: &'static str,
    weight: u64,
    have: f64,
    expected: f32,
    /// 16.16 fixed point.
    relevance: u32,
    /// 16.16 fixed point.
    credit: u32,
    contribution: u64,
}

/// Years of experience as given; else the longest `years` of a listed
/// name that named a skill (`held`, before one entry per skill is kept),
/// and at least the years of people management. An unknown name's years
/// ("Forklift", 15 years) say nothing of the work the roles ask for:
/// unknown names change nothing.
fn years_of_experience(profile: &ProfileRef<'_>, held: &[Held]) -> f64 {
    profile.years_experience.unwrap_or_else(|| {
        let listed = held
            .iter()
            .filter_map(|held| match held.source {
                Source::Listed(i) => profile.skills.get(i as usize)?.years,
                _ => None,
            })
            .filter(|years| years.is_finite())
            .fold(0.0, f64::max);
        let managing = profile
            .management_years
            .filter(|years| years.is_finite())
            .unwrap_or(0.0);
        listed.max(managing)
    })
}

/// Keeps one entry of `held` per skill: the highest proficiency, ties
/// going to the source that [`source_precedes`]; the first entry of each skill
/// keeps its place. `held_at` (by skill) remembers where each skill was
/// kept, valid where stamped with `generation` (so it is never cleared):
/// one pass instead of a sort, as this runs for every candidate.
fn keep_best_per_skill(
    held: &mut Vec<Held>,
    names: &[ClaimRef<'_>],
    held_at: &mut [u64],
    generation: u32,
) {
    let stamp = u64::from(generation) << 32;
    let mut kept = 0;
    for i in 0..held.len() {
        let entry = held[i];
        let Some(at) = held_at.get_mut(entry.skill.index()) else {
            continue;
        };
        if *at >> 32 != u64::from(generation) {
            *at = stamp | kept as u64;
            held[kept] = entry;
            kept += 1;
            continue;
        }
        let best = &mut held[(*at & u64::from(u32::MAX)) as usize];
        if entry.proficiency > best.proficiency
            || (entry.proficiency == best.proficiency
                && source_precedes(names, entry.source, best.source))
        {
            *best = entry;
        }
    }
    held.truncate(kept);
}

/// Whether `a` comes before `b`: listed, then management years, then found
/// in the resume; listed names by their wording then position, resume
/// mentions by position.
/// Compared case by case rather than as tuples: a skill mentioned twice in
/// the resume, common in prose, then costs no string comparison.
fn source_precedes(names: &[ClaimRef<'_>], a: Source, b: Source) -> bool {
    match (a, b) {
        (Source::Listed(i), Source::Listed(j)) => {
            (names[i as usize].name.as_ref(), i) < (names[j as usize].name.as_ref(), j)
        }
        (Source::Listed(_), _) => true,
        (_, Source::Listed(_)) => false,
        (Source::ManagementYears, _) => true,
        (_, Source::ManagementYears) => false,
        (Source::Resume(s, _), Source::Resume(t, _)) => s < t,
    }
}

/// Shares (summing to 1) as fixed-point weights summing to exactly 2^32,
/// rounded by largest remainder so a perfect candidate scores exactly 1.
fn quantise(shares: &[f64]) -> Vec<u64> {
    let mut fixed: Vec<u64> = shares
        .iter()
        .map(|s| (s * FIXED_ONE).floor() as u64)
        .collect();
    let assigned: u64 = fixed.iter().sum();
    let mut short = (FIXED_ONE as u64).saturating_sub(assigned);
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = shares[a] * FIXED_ONE - fixed[a] as f64;
        let rb = shares[b] * FIXED_ONE - fixed[b] as f64;
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for i in order.into_iter().cycle().take(shares.len() * 2) {
        if short == 0 {
            break;
        }
        if shares[i] > 0.0 {
            fixed[i] += 1;
            short -= 1;
        }
    }
    fixed
}

fn seniority_shares(role: &Role) -> (f64, f64) {
    let management = if role.expected_management_years > 0.0 {
        MANAGEMENT_SHARE
    } else {
        0.0
    };
    (f64::from(EXPERIENCE_SHARE), f64::from(management))
}

/// For every skill, the skills narrower than it, with the hop count.
fn narrower_closure(taxonomy: &Taxonomy) -> Vec<Vec<(SkillId, u8)>> {
    let mut narrower = vec![Vec::new(); taxonomy.len()];
    for s in 0..taxonomy.len() as u32 {
        for ancestor in taxonomy.ancestors(SkillId(s)) {
            narrower[ancestor.skill.index()].push((SkillId(s), ancestor.depth));
        }
    }
    narrower
}

/// Candidate skills that earn credit on a requirement for `member`, with
/// their factor: the skill itself, its narrower skills, its broader skills.
fn relations<'t>(
    taxonomy: &'t Taxonomy,
    narrower: &'t [Vec<(SkillId, u8)>],
    member: SkillId,
) -> impl Iterator<Item = (SkillId, f32)> + 't {
    let direct = std::iter::once((member, 1.0f32));
    let narrower = narrower[member.index()]
        .iter()
        .map(|&(skill, depth)| (skill, NARROWER_FACTOR.powi(i32::from(depth))));
    // The requirement's direct broader skills, held alone.
    let broader = taxonomy
        .ancestors(member)
        .iter()
        .filter(|a| a.depth == 1)
        .map(|a| (a.skill, BROADER_FACTOR));
    direct.chain(narrower).chain(broader)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_engine_for_a_changed_catalog_keeps_the_typo_memo() {
        let first = crate::test_support::engine();
        let catalog = first.catalog().clone();
        let next = first.with_catalog(catalog);
        assert!(Arc::ptr_eq(&first.cache, &next.cache));
        assert!(Arc::ptr_eq(&first.taxonomy, &next.taxonomy));
        let fresh = Engine::new(Arc::clone(&first.taxonomy), first.catalog().clone());
        assert!(!Arc::ptr_eq(&first.cache, &fresh.cache));
    }
}
