//! The page compiler: front matter + markdown -> roles.
//!
//! Per page: decode and repair the text, split front matter, parse markdown
//! into units with source lines, decide which role each unit feeds (the
//! page's base role, a specialty, or a section about another level) and
//! with which section weight, read each unit's wording into weighted skill
//! contributions, then merge the contributions of each role into its skill
//! vector. Across pages: spot boilerplate lines, link pages into families,
//! turn level sections no page of the family covers into roles, and give
//! every page of a family every specialty the family defines.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::family::{self, Member};
use super::markdown::{self, Document, UnitKind};
use super::text::{self, slugify};
use super::wording::{self, Cue, SectionKind};
use super::{Catalog, Evidence, Level, Page, PageNotice, Requirement, Role, Tier};
use crate::report::shortened;
use crate::taxonomy::{SkillId, SkillKind, Taxonomy};

/// Largest factor applied to a base requirement inherited by a specialty.
pub const MAX_INHERITED_FACTOR: f32 = 0.4;
/// Most of a specialty role's total weight that inherited base requirements
/// may take together.
pub const INHERITED_SHARE: f32 = 0.3;
/// Weight of an ask for traits only ([`SkillKind::Trait`]: communication,
/// problem solving) against the same ask for any other skill. A page's many
/// trait lines ("Positive and solution-oriented mindset") otherwise
/// outweighed its one line about the role's technology.
pub const TRAIT_WEIGHT: f32 = 0.4;
/// Weight of an ask for ways of organising work only ([`SkillKind::Process`]:
/// agile, iterative development, OKRs) against the same ask for a skill the
/// work is made of: "a highly agile, intensely iterative process" weighed
/// as much as "Significant experience with Ruby on Rails", and one line of
/// such words on a CV tripled a score.
pub const PROCESS_WEIGHT: f32 = 0.5;
/// Weight of a degree's field ("BS in Computer Science or related field")
/// against an ask for a skill in the same place: the subject a candidate
/// studied, often "or equivalent experience", weighed as much as the
/// page's languages and tools (h30: Computer Science led the data
/// engineering and firmware pages).
pub const DEGREE_WEIGHT: f32 = 0.3;
/// Weight of an ask for a stack the page says the company is leaving
/// ("our legacy PHP monolith, which we are migrating to Go", "Perl (being
/// phased out)") against the same ask for its main stack: knowing it
/// helps with the migration, but it is not what the role is hired for, and
/// at full weight it ranked a PHP developer with the Go developers.
pub const LEGACY_WEIGHT: f32 = 0.5;

/// How much an ask for a skill of this kind weighs against an ask for an
/// engineering skill in the same place; an ask naming several skills
/// weighs as its heaviest.
fn kind_weight(kind: SkillKind) -> f32 {
    match kind {
        SkillKind::Trait => TRAIT_WEIGHT,
        SkillKind::Process => PROCESS_WEIGHT,
        _ => 1.0,
    }
}

/// Knobs of the compiler.
#[derive(Clone, Debug)]
pub struct CompileOptions {
    /// Largest page accepted, in bytes (default 1 MiB).
    pub max_page_bytes: usize,
    /// Deepest list nesting followed; deeper bullets fold into their
    /// ancestor (default 32).
    pub max_nesting: usize,
    /// Most columns after the first in a table with a column per level (a
    /// career ladder, `| Competency | Junior | Senior |`); a page with a
    /// wider one is refused (default 20). Each of its cells becomes an ask
    /// holding the row's competency, so a page of a few hundred KiB could
    /// otherwise take gigabytes and minutes to compile.
    pub max_level_columns: usize,
    /// Leave out a page that does not compile (no title, no skill, too
    /// large) and compile the others, listing it in
    /// [`Catalog::skipped`](super::Catalog::skipped), instead of failing the
    /// whole catalog (default false); a page whose role ids an earlier page
    /// has gets ids qualified by its page id, listed in
    /// [`Catalog::renamed`](super::Catalog::renamed). Fails still when no
    /// page compiles.
    pub skip_failing_pages: bool,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            max_page_bytes: 1 << 20,
            max_nesting: 32,
            max_level_columns: 20,
            skip_failing_pages: false,
        }
    }
}

impl CompileOptions {
    /// The options for a directory of pages read as a whole (the CLI's
    /// catalog, the service's start-up): a page that does not compile is
    /// left out, not fatal, so one bad posting cannot take the rest down.
    pub fn lenient() -> Self {
        CompileOptions {
            skip_failing_pages: true,
            ..CompileOptions::default()
        }
    }
}

/// Why a set of pages did not compile.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// A page yields no role.
    #[error("page {page_id:?}: {reason}")]
    NoRole {
        /// The page.
        page_id: String,
        /// Why.
        reason: String,
    },
    /// Two pages compile to the same role id.
    #[error(
        "role id {role_id:?} is produced by both page {first_page:?} and page {second_page:?}"
    )]
    DuplicateRole {
        /// The clashing role id.
        role_id: String,
        /// The page that produced it first.
        first_page: String,
        /// The page that produced it again.
        second_page: String,
    },
    /// A page id is not a slug.
    #[error("page id {page_id:?} is invalid: use 1-128 lowercase letters, digits, '-' or '_'")]
    InvalidPageId {
        /// The offending id.
        page_id: String,
    },
    /// A page is larger than [`CompileOptions::max_page_bytes`].
    #[error("page {page_id:?} is {bytes} bytes, over the {limit}-byte limit")]
    PageTooLarge {
        /// The page.
        page_id: String,
        /// Its size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A catalog directory holds no page.
    #[error("{dir} holds no job pages (*.md, *.markdown, *.txt, *.html){hint}")]
    NoPages {
        /// The directory.
        dir: String,
        /// What may have gone wrong, with a leading "; ", or empty.
        hint: String,
    },
    /// A page file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl CompileError {
    /// The page the error is about (the later page of a duplicate role).
    pub fn page_id(&self) -> Option<&str> {
        match self {
            CompileError::NoRole { page_id, .. }
            | CompileError::InvalidPageId { page_id }
            | CompileError::PageTooLarge { page_id, .. } => Some(page_id),
            CompileError::DuplicateRole { second_page, .. } => Some(second_page),
            CompileError::NoPages { .. } | CompileError::Io { .. } => None,
        }
    }
}

/// Most evidence lines kept per requirement.
const MAX_EVIDENCE: usize = 16;

/// Longest page title, in characters. Titles become role ids and travel
/// in every answer: one page with a 900 KB title made every answer that
/// lists its roles too large for clients to read.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest heading read as a specialty name, in characters (a longer one
/// is prose set as a heading; its section is read as the page's own).
const MAX_SPECIALTY_CHARS: usize = 100;

/// Which role a unit feeds, and how.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ctx {
    Intro,
    Requirements,
    Responsibilities,
    NiceToHave,
    Other,
    SpecialtyIntro,
}

impl Ctx {
    fn weight(self) -> f32 {
        match self {
            Ctx::Requirements => 1.0,
            Ctx::Responsibilities => 0.5,
            Ctx::NiceToHave => 0.3,
            Ctx::Intro => 0.2,
            Ctx::Other => 0.35,
            Ctx::SpecialtyIntro => 0.3,
        }
    }
}

/// Owner of a unit: the base role, specialty `n` of the page, or level
/// section `n` of the page (a level other than the page's own).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Owner {
    Base,
    Specialty(usize),
    Level(usize),
}

/// One weighted skill mention, before merging.
#[derive(Clone, Debug)]
struct Contribution {
    skills: Vec<SkillId>,
    weight: f32,
    tier: Tier,
    level: u8,
    evidence: Vec<Evidence>,
    boilerplate: bool,
    ctx: Ctx,
    /// From a list item (not explanatory prose).
    item: bool,
    /// From a section about the page's own level ("### Staff" on a Staff
    /// page): part of its base role, not of its other levels' roles.
    own_level: bool,
}

struct Specialty {
    name: String,
    slug: String,
}

/// The sections of one page about a level other than the page's own
/// ("### Senior Frontend Engineer" on a "Frontend Engineer" page): a role
/// of that level, the page's base requirements plus these, unless another
/// page of the family is that level.
struct LevelSection {
    level: Level,
    /// Named "Lead" ([`family::names_lead`]): ranked with Staff, but a
    /// section apart from a "Staff" one on the same page.
    lead: bool,
    /// The first heading naming the level.
    heading: String,
    contributions: Vec<Contribution>,
    grade: Option<u32>,
    /// Years of experience and of management the section asks for.
    years: (Option<f32>, Option<f32>),
    /// The lower level whose asks the section says it adds to
    /// ("Everything for Senior, plus:"): see [`family::inherited_level`].
    inherits: Option<Level>,
}

/// A page read and analysed, before roles are assembled.
struct Prepared<'p> {
    page: &'p Page,
    title: String,
    level: Level,
    /// The page's level is named "Lead" ([`family::names_lead`]).
    lead: bool,
    grade: Option<u32>,
    years: f32,
    management_years: f32,
    stem: String,
    entries: Vec<(String, Vec<String>)>,
    specialties: Vec<Specialty>,
    base: Vec<Contribution>,
    special: Vec<Vec<Contribution>>,
    levels: Vec<LevelSection>,
    /// Requirement lines that asked for something and those read as skills.
    asks: AskedLines,
    /// Warnings about how the page was read (not about its asks).
    notices: Vec<String>,
}

/// A page's requirement lines (not boilerplate nor only years), and how
/// many of them named a skill the taxonomy knows.
#[derive(Clone, Debug, Default)]
struct AskedLines {
    lines: usize,
    read: usize,
    /// The first line that named no known skill.
    example: Option<String>,
}

/// Most specialties one page may define (each is a role of its own).
pub const MAX_SPECIALTIES: usize = 200;
/// Longest page line quoted as evidence, in characters; longer lines are
/// cut (every ask a line yields keeps a copy of its quote).
const MAX_EVIDENCE_CHARS: usize = 300;

/// Requirement lines a page needs before too few read ones are worth a
/// warning.
const MIN_ASKED_LINES: usize = 4;
/// Longest example line quoted in that warning.
const MAX_EXAMPLE_CHARS: usize = 60;

/// Compiles pages into a catalog.
pub fn compile(
    pages: &[Page],
    taxonomy: &Taxonomy,
    options: &CompileOptions,
) -> Result<Catalog, CompileError> {
    // Pass 1: read every page; prose lines seen on 3+ pages are boilerplate.
    let mut docs = Vec::with_capacity(pages.len());
    // Pages left out (with `skip_failing_pages`), else the first failure.
    let mut skipped: Vec<CompileError> = Vec::new();
    let mut fail = |error: CompileError| {
        if options.skip_failing_pages {
            skipped.push(error);
            Ok(())
        } else {
            Err(error)
        }
    };
    for page in pages {
        if !text::is_valid_page_id(&page.id) {
            fail(CompileError::InvalidPageId {
                page_id: page.id.clone(),
            })?;
            continue;
        }
        let bytes = page.too_large.map_or(page.text.len(), |b| {
            usize::try_from(b).unwrap_or(usize::MAX)
        });
        if bytes > options.max_page_bytes {
            fail(CompileError::PageTooLarge {
                page_id: page.id.clone(),
                bytes,
                limit: options.max_page_bytes,
            })?;
            continue;
        }
        let clean = text::fix_mojibake(&text::normalise_newlines(&page.text));
        let (fm, body) = super::frontmatter::split(&clean);
        let doc = markdown::parse(&body, options.max_nesting.max(1), options.max_level_columns);
        if let Some((line, columns)) = doc.level_table_too_wide {
            fail(CompileError::NoRole {
                page_id: page.id.clone(),
                reason: format!(
                    "the table with a column per level at line {line} has {columns} columns \
                     after the first, over the limit of {} (a career ladder has a column \
                     per level)",
                    options.max_level_columns
                ),
            })?;
            continue;
        }
        docs.push((page, fm, doc));
    }
    let mut line_pages: HashMap<String, usize> = HashMap::new();
    for (_, _, doc) in &docs {
        let mut mine: Vec<String> = doc
            .units
            .iter()
            .map(|u| text::normalise_line(&u.text))
            .filter(|l| l.split(' ').count() >= 3)
            .collect();
        mine.sort();
        mine.dedup();
        for line in mine {
            *line_pages.entry(line).or_default() += 1;
        }
    }
    let shared = |t: &str| {
        line_pages
            .get(&text::normalise_line(t))
            .is_some_and(|&n| n >= 3)
    };

    let mut prepared: Vec<Prepared<'_>> = Vec::with_capacity(docs.len());
    for (page, fm, doc) in &docs {
        match prepare(page, &fm.fields, doc, taxonomy, &shared) {
            Ok(p) => prepared.push(p),
            Err(error) => fail(error)?,
        }
    }

    // The employer's own name ("At GitLab, ...") is a skill in the taxonomy
    // but, in prose about the company, not something a role asks for: a
    // skill named in the intro of most pages counts only where a
    // requirements-like list item asks for it ("Experience using GitLab").
    let company = company_skills(&prepared);
    if !company.is_empty() {
        let keep = |c: &Contribution| {
            !(c.skills.len() == 1
                && company.contains(&c.skills[0])
                && !(c.item && matches!(c.ctx, Ctx::Requirements | Ctx::NiceToHave)))
        };
        for p in &mut prepared {
            p.base.retain(keep);
            for s in &mut p.special {
                s.retain(keep);
            }
            for s in &mut p.levels {
                s.contributions.retain(keep);
            }
        }
    }

    // Pass 2: families, level sections as pages of their own, then roles.
    let mut members: Vec<Member> = prepared
        .iter()
        .map(|p| Member {
            id: p.page.id.clone(),
            level: p.level,
            stem: p.stem.clone(),
            entries: p.entries.clone(),
        })
        .collect();
    let mut family_of = family::link(&members);
    let pages_count = prepared.len();
    for i in 0..pages_count {
        let sections = std::mem::take(&mut prepared[i].levels);
        // What each section adds to, followed down the chain ("Principal:
        // everything for Staff", "Staff: everything for Senior"): the
        // asks of those levels' sections, or of the page's own level.
        let inherited: Vec<Vec<Contribution>> = sections
            .iter()
            .map(|section| {
                let mut got = Vec::new();
                // Rungs by level and "Lead": a Lead section may add to
                // the Staff one.
                let mut seen = vec![(section.level, section.lead)];
                let mut next = section.inherits;
                while let Some(level) = next {
                    next = None;
                    let own = (prepared[i].level, prepared[i].lead);
                    if own.0 == level && !seen.contains(&own) {
                        seen.push(own);
                        got.extend(prepared[i].base.iter().filter(|c| c.own_level).cloned());
                    } else if let Some(lower) = sections
                        .iter()
                        .find(|s| s.level == level && !seen.contains(&(s.level, s.lead)))
                    {
                        seen.push((lower.level, lower.lead));
                        got.extend(lower.contributions.iter().cloned());
                        next = lower.inherits;
                    }
                }
                got
            })
            .collect();
        for (section, inherited) in sections.into_iter().zip(inherited) {
            let p = &prepared[i];
            let title = family::level_title(&p.title, &section.heading);
            // A page of that level (in the family, or by title) owns it.
            let owned_elsewhere = (0..pages_count).any(|j| {
                let q = &prepared[j];
                j != i
                    && (q.level == section.level
                        && q.lead == section.lead
                        && (family_of[j] == family_of[i] || q.stem == p.stem)
                        || slugify(&q.title) == slugify(&title))
            });
            // A section that asks for no skill of its own is still that
            // level's role when it says how many years the level expects
            // ("New grad or 1-2 years of experience"): the page-wide asks
            // at the section's years. One that says nothing is a link.
            let says_something =
                has_skills(&section.contributions) || section.years != (None, None);
            if owned_elsewhere || !says_something {
                continue;
            }
            let level = section.level;
            // The page-wide requirements (not its own level's) and the section.
            let mut base: Vec<Contribution> =
                p.base.iter().filter(|c| !c.own_level).cloned().collect();
            base.extend(inherited);
            base.extend(section.contributions);
            let level_page = Prepared {
                page: p.page,
                title,
                level,
                lead: section.lead,
                grade: section.grade,
                years: section.years.0.unwrap_or(level.default_years_experience()),
                management_years: section.years.1.unwrap_or(level.default_management_years()),
                stem: p.stem.clone(),
                entries: Vec::new(),
                specialties: Vec::new(),
                base,
                special: Vec::new(),
                levels: Vec::new(),
                asks: AskedLines::default(),
                notices: Vec::new(),
            };
            members.push(Member {
                id: p.page.id.clone(),
                level,
                stem: p.stem.clone(),
                entries: Vec::new(),
            });
            family_of.push(family_of[i]);
            prepared.push(level_page);
        }
    }
    let mut roles: Vec<Role> = Vec::new();
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut renamed: Vec<PageNotice> = Vec::new();
    for (i, p) in prepared.iter().enumerate() {
        if !has_skills(&p.base) {
            // All the page says is in its level sections.
            continue;
        }
        let fam: Vec<usize> = (0..prepared.len())
            .filter(|&j| family_of[j] == family_of[i])
            .collect();
        let fam_members: Vec<&Member> = fam.iter().map(|&j| &members[j]).collect();
        let family = family::family_slug(&fam_members);
        // A title in another script ("ソフトウェアエンジニア") has no slug of
        // its own: the page id stands in.
        let base_id = Some(slugify(&p.title))
            .filter(|slug| !slug.is_empty())
            .unwrap_or_else(|| slugify(&p.page.id));
        let role = |specialty: &str, role_id: String, contribs: Vec<Contribution>| Role {
            role_id,
            title: p.title.clone(),
            specialty: specialty.to_string(),
            family: family.clone(),
            level: p.level,
            grade: p.grade,
            page_id: p.page.id.clone(),
            requirements: merge(contribs),
            expected_years_experience: p.years,
            expected_management_years: p.management_years,
        };
        let base_merged = merge(p.base.clone());
        let mut mine = vec![Role {
            requirements: base_merged.clone(),
            ..role("", base_id.clone(), Vec::new())
        }];
        // Every specialty of the family, first definition (page order) wins.
        let mut done: Vec<&str> = Vec::new();
        for &j in &fam {
            let q = &prepared[j];
            for (s, spec) in q.specialties.iter().enumerate() {
                if done.contains(&spec.slug.as_str()) {
                    continue;
                }
                done.push(&spec.slug);
                let mut contribs = q.special[s].clone();
                // The level's own base requirements (merged once) are
                // inherited at x0.4 at most, and scaled further so that
                // together they weigh at most INHERITED_SHARE of the role:
                // the specialty's own requirements dominate its vector
                // however long the shared base list is.
                let own_total: f32 = merge(contribs.clone()).iter().map(|r| r.weight).sum();
                let base_total: f32 = base_merged.iter().map(|r| r.weight).sum();
                let factor = if base_total > 0.0 && own_total > 0.0 {
                    (INHERITED_SHARE / (1.0 - INHERITED_SHARE) * own_total / base_total)
                        .min(MAX_INHERITED_FACTOR)
                } else {
                    MAX_INHERITED_FACTOR
                };
                contribs.extend(base_merged.iter().map(|r| Contribution {
                    skills: r.skills.clone(),
                    weight: (r.weight * factor).max(f32::MIN_POSITIVE),
                    tier: r.tier,
                    level: r.expected_level,
                    evidence: r.evidence.clone(),
                    boilerplate: false,
                    ctx: Ctx::Requirements,
                    item: true,
                    own_level: false,
                }));
                mine.push(role(
                    &spec.name,
                    format!("{base_id}/{}", spec.slug),
                    contribs,
                ));
            }
        }
        // A page's roles go in together or not at all.
        let clash = |mine: &[Role]| {
            mine.iter().enumerate().find_map(|(n, r)| {
                let earlier = mine[..n].iter().any(|o| o.role_id == r.role_id);
                let first = owners
                    .get(&r.role_id)
                    .cloned()
                    .or_else(|| earlier.then(|| p.page.id.clone()));
                first.map(|first| (r.role_id.clone(), first))
            })
        };
        if let Some((role_id, first_page)) = clash(&mine) {
            let error = CompileError::DuplicateRole {
                role_id,
                first_page,
                second_page: p.page.id.clone(),
            };
            // Two companies' "Senior Frontend Engineer": the later page's
            // roles take its page id ("senior-frontend-engineer-globex").
            let qualified: Vec<Role> = mine
                .iter()
                .map(|r| {
                    let (head, rest) = r
                        .role_id
                        .split_at(r.role_id.find('/').unwrap_or(r.role_id.len()));
                    Role {
                        role_id: format!("{head}-{}{rest}", p.page.id),
                        ..r.clone()
                    }
                })
                .collect();
            if options.skip_failing_pages && clash(&qualified).is_none() {
                renamed.push(PageNotice {
                    page_id: p.page.id.clone(),
                    reason: format!(
                        "{error}; page {:?} is served as {:?}",
                        p.page.id, qualified[0].role_id
                    ),
                });
                mine = qualified;
            } else {
                fail(error)?;
                continue;
            }
        }
        for r in mine {
            owners.insert(r.role_id.clone(), p.page.id.clone());
            roles.push(r);
        }
    }
    if roles.is_empty() && !skipped.is_empty() {
        return Err(skipped.swap_remove(0));
    }
    let mut catalog = Catalog::new(roles, taxonomy);
    catalog.sparse = prepared[..pages_count]
        .iter()
        // Software pages read against the built-in taxonomy: 70-100% of
        // their lines name a known skill; a nurse's page 50%.
        .filter(|p| {
            p.asks.lines >= MIN_ASKED_LINES && (p.asks.lines - p.asks.read) * 3 >= p.asks.lines
        })
        .map(|p| PageNotice {
            page_id: p.page.id.clone(),
            reason: format!(
                "page {:?}: {} of its {} requirement lines name no skill the taxonomy knows \
                 (e.g. {:?}), and its roles are scored as if they were not there; \
                 add those skills with --skills FILE",
                p.page.id,
                p.asks.lines - p.asks.read,
                p.asks.lines,
                p.asks.example.as_deref().unwrap_or_default()
            ),
        })
        .chain(prepared[..pages_count].iter().flat_map(|p| {
            p.notices.iter().map(|reason| PageNotice {
                page_id: p.page.id.clone(),
                reason: reason.clone(),
            })
        }))
        // A specialty whose own lines name nothing known ("Deep knowledge
        // of RocksDB ... is mandatory") would be served as a silent copy of
        // its level's role, its must-have gone.
        .chain(prepared[..pages_count].iter().flat_map(|p| {
            p.specialties
                .iter()
                .zip(&p.special)
                .filter(|(_, own)| own.is_empty())
                .map(|(spec, _)| PageNotice {
                    page_id: p.page.id.clone(),
                    reason: format!(
                        "page {:?}: specialty {:?} names no skill the taxonomy knows, and \
                         its roles are scored on their level's asks alone; add its skills \
                         with --skills FILE",
                        p.page.id, spec.name
                    ),
                })
        }))
        .collect();
    catalog.renamed = renamed;
    catalog.skipped = skipped
        .into_iter()
        .map(|error| PageNotice {
            page_id: error.page_id().unwrap_or_default().to_string(),
            reason: error.to_string(),
        })
        .collect();
    Ok(catalog)
}

/// Reads one page into its base and specialty contributions.
fn prepare<'p>(
    page: &'p Page,
    fields: &std::collections::HashMap<String, String>,
    doc: &Document,
    taxonomy: &Taxonomy,
    shared: &dyn Fn(&str) -> bool,
) -> Result<Prepared<'p>, CompileError> {
    let no_role = |reason: &str| CompileError::NoRole {
        page_id: page.id.clone(),
        reason: reason.to_string(),
    };
    // Headings by meaning: section kinds (specialties and levels below).
    let kinds: Vec<Option<SectionKind>> = doc
        .headings
        .iter()
        .map(|h| wording::classify_heading(&h.text))
        .collect();
    let (title, title_source) = page_title(page, fields, doc, &kinds)
        .ok_or_else(|| no_role("no title: no front matter `title` and no heading"))?;
    let mut notices = Vec::new();
    if title_source == TitleSource::FileName {
        notices.push(named_by_file(page, fields, &title));
    }
    let title_chars = title.chars().count();
    if title_chars > MAX_TITLE_CHARS {
        return Err(no_role(&format!(
            "the title is {title_chars} characters long, over the {MAX_TITLE_CHARS}-character limit"
        )));
    }
    if slugify(&title).is_empty() && slugify(&page.id).is_empty() {
        return Err(no_role("the title has no letters or digits"));
    }
    let level_field = fields
        .get("level")
        .filter(|l| family::parse_level(l).is_some());
    let level = level_field
        .and_then(|l| family::parse_level(l))
        .or_else(|| family::parse_level(&title))
        .unwrap_or(Level::Intermediate);
    let lead = family::names_lead(level_field.map_or(title.as_str(), |l| l.as_str()));
    let stem = family::title_stem(&title);

    // Classify headings further: specialties, level sections.
    let mut spec_of_heading: Vec<Option<usize>> = vec![None; doc.headings.len()];
    let mut level_heading: Vec<Option<Level>> = vec![None; doc.headings.len()];
    let mut lead_heading: Vec<bool> = vec![false; doc.headings.len()];
    let mut graded_name: Vec<Option<String>> = vec![None; doc.headings.len()];
    let mut specialties: Vec<Specialty> = Vec::new();
    // Headings with a requirements-like sub-heading, in one pass.
    let mut has_section_child = vec![false; doc.headings.len()];
    let mut spec_slugs: HashSet<String> = HashSet::new();
    for (j, c) in doc.headings.iter().enumerate() {
        let listy = matches!(
            kinds[j],
            Some(
                SectionKind::Requirements | SectionKind::Responsibilities | SectionKind::NiceToHave
            )
        );
        if let (true, Some(p)) = (listy, c.parent) {
            has_section_child[p] = true;
        }
    }
    // "### L5" over "6+ years of experience": a numbered grade, its level
    // read from the years its section asks for (in one pass over the
    // units: a page of many headings must stay linear).
    let mut grade_code_years: Vec<Option<f32>> = vec![None; doc.headings.len()];
    let grade_codes: Vec<bool> = doc
        .headings
        .iter()
        .map(|h| family::is_bare_grade_code(&h.text))
        .collect();
    for unit in &doc.units {
        if let Some(h) = unit.heading.filter(|&h| grade_codes[h]) {
            let years = wording::parse_years(&unit.text).0;
            grade_code_years[h] = wording::max_opt(grade_code_years[h], years);
        }
    }
    for (i, h) in doc.headings.iter().enumerate() {
        if kinds[i].is_some() || i == 0 && h.level == 1 {
            continue;
        }
        let named = family::is_level_heading(&h.text, &stem);
        let graded = || grade_code_years[i].map(family::level_for_years);
        if let Some(l) = named.or_else(graded) {
            if named.is_none() {
                // Titled by the level, with its code: "Senior (L5)".
                graded_name[i] = Some(format!("{} ({})", l.name(), h.text.trim()));
            }
            // "### Senior" on a manager's page is the senior manager.
            let l = if l == Level::Senior && level >= Level::Manager {
                Level::SeniorManager
            } else {
                l
            };
            level_heading[i] = Some(l);
            lead_heading[i] = named.is_some() && family::names_lead(&h.text);
            continue;
        }
        let lower = h.text.to_lowercase();
        let named = lower.ends_with(" specialty") || lower.ends_with(" specialization");
        let inside_specialty = doc.chain(h.parent).any(|a| spec_of_heading[a].is_some());
        // H2 sections are the page's own structure unless explicitly a
        // specialty; specialties are H3+ under e.g. `## Levels`.
        if inside_specialty || h.level < 3 && !named && !parent_is_container(doc, &kinds, i) {
            continue;
        }
        let has_sections = has_section_child[i];
        if has_sections || named || parent_is_container(doc, &kinds, i) {
            let name = h
                .text
                .trim_end_matches(|c: char| c.is_whitespace())
                .trim_end_matches(" specialty")
                .trim_end_matches(" Specialty")
                .trim()
                .to_string();
            let slug = slugify(&name);
            if slug.is_empty()
                || name.chars().count() > MAX_SPECIALTY_CHARS
                || !spec_slugs.insert(slug.clone())
            {
                continue;
            }
            if specialties.len() == MAX_SPECIALTIES {
                // Each specialty is a role holding the page's base asks:
                // thousands of headings would make millions of entries.
                return Err(no_role(&format!(
                    "the page defines more than {MAX_SPECIALTIES} specialties"
                )));
            }
            spec_of_heading[i] = Some(specialties.len());
            specialties.push(Specialty { name, slug });
        }
    }

    // Level sections other than the page's own, one per level.
    let mut levels: Vec<LevelSection> = Vec::new();
    let mut level_section_of: Vec<Option<usize>> = vec![None; doc.headings.len()];
    for (h, l) in level_heading.iter().enumerate() {
        let Some(l) = *l else { continue };
        // "### Lead" and "### Staff" are two rungs, though one level.
        let lead_h = lead_heading[h];
        if l == level && lead_h == lead {
            continue;
        }
        let same = |s: &LevelSection| s.level == l && s.lead == lead_h;
        let k = levels.iter().position(same).unwrap_or_else(|| {
            levels.push(LevelSection {
                level: l,
                lead: lead_h,
                heading: graded_name[h]
                    .clone()
                    .unwrap_or_else(|| doc.headings[h].text.trim().to_string()),
                contributions: Vec::new(),
                grade: None,
                years: (None, None),
                inherits: None,
            });
            levels.len() - 1
        });
        level_section_of[h] = Some(k);
    }

    // Each unit: owner and context.
    let mut grade = fields
        .get("grade")
        .and_then(|g| g.trim().parse::<u32>().ok());
    let mut entries = Vec::new();
    let mut years_text: (Option<f32>, Option<f32>) = (None, None);
    let mut base = Vec::new();
    let mut special: Vec<Vec<Contribution>> = vec![Vec::new(); specialties.len()];
    let mut analyses: Vec<Option<wording::Analysis>> = vec![None; doc.units.len()];
    let mut asks = AskedLines::default();
    let mut consumed = vec![false; doc.units.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); doc.units.len()];
    for (i, u) in doc.units.iter().enumerate() {
        if let Some(p) = u.parent {
            children[p].push(i);
        }
    }
    for (i, unit) in doc.units.iter().enumerate() {
        let mut owner = Owner::Base;
        let mut own_level_section = false;
        let mut kind: Option<SectionKind> = None;
        let mut mandatory_section = false;
        // The headings inside a level's section above the unit ("All of
        // the Staff requirements, and:" reads as a heading).
        let mut within: Vec<usize> = Vec::new();
        for h in doc.chain(unit.heading) {
            within.push(h);
            if let Some(s) = spec_of_heading[h] {
                owner = Owner::Specialty(s);
                break;
            }
            if level_heading[h].is_some() {
                // A section about the page's own level merges into its
                // base role, as what encloses it reads it ("### Data
                // Engineer II" under "## Requirements" on a ladder page
                // titled "Data Engineer"); another level's section is
                // that level's.
                match level_section_of[h] {
                    Some(k) => {
                        owner = Owner::Level(k);
                        break;
                    }
                    None => {
                        own_level_section = true;
                        continue;
                    }
                }
            }
            if kind.is_none() {
                kind = kinds[h];
                mandatory_section = kind == Some(SectionKind::Requirements)
                    && wording::heading_is_mandatory(&doc.headings[h].text);
            }
        }
        let ctx = match kind {
            Some(SectionKind::Requirements) => Ctx::Requirements,
            Some(SectionKind::Responsibilities) => Ctx::Responsibilities,
            Some(SectionKind::NiceToHave) => Ctx::NiceToHave,
            Some(SectionKind::JobGrade) => {
                let grade = match owner {
                    Owner::Level(k) => &mut levels[k].grade,
                    Owner::Base | Owner::Specialty(_) => &mut grade,
                };
                *grade = grade.or_else(|| grade_in(&unit.text));
                continue;
            }
            // The page's own level among the others of a "## Levels"
            // section: what it asks for, as theirs.
            Some(SectionKind::Levels) if own_level_section => Ctx::Requirements,
            Some(SectionKind::Levels) => {
                if unit.parent.is_none() && unit.kind == UnitKind::Item && owner == Owner::Base {
                    entries.push((unit.text.clone(), unit.links.clone()));
                }
                continue;
            }
            Some(SectionKind::Ignored) => continue,
            Some(SectionKind::Specialties) | None => match (owner, unit.heading) {
                (Owner::Specialty(_), _) => Ctx::SpecialtyIntro,
                // "### Senior" then its list: what that level asks for; a
                // level table's cell of the page's own level as much as
                // of another.
                (Owner::Level(_), _) => Ctx::Requirements,
                _ if own_level_section && unit.ladder_cell => Ctx::Requirements,
                (_, None) => Ctx::Intro,
                (_, Some(0)) if doc.headings[0].level == 1 => Ctx::Intro,
                _ => Ctx::Other,
            },
        };
        if let Owner::Level(k) = owner {
            // "Everything for Senior, plus:": the section adds to a lower
            // level's asks rather than listing them again.
            let said = std::iter::once(unit.text.as_str())
                .chain(within.iter().map(|&h| doc.headings[h].text.as_str()));
            if let Some(lower) = said.filter_map(family::inherited_level).next() {
                if let Some(section) = levels.get_mut(k) {
                    // A Lead section may add to Staff, its own level.
                    if section.inherits.is_none() && (lower != section.level || section.lead) {
                        section.inherits = Some(lower);
                    }
                }
            }
        }
        if consumed[i] || unit.text.is_empty() || wording::is_notice_or_terms(&unit.text) {
            continue;
        }
        // The years a line states (duties state none that the role asks):
        // read once, for the role's expectation and the asked-lines count.
        // An introduction speaks of the company too ("profitable for 12
        // years"): there, only a line about experience states them.
        // Nor does a line about benefits ("sabbatical after 4 years").
        let states_years = match ctx {
            Ctx::Responsibilities => false,
            Ctx::Intro | Ctx::SpecialtyIntro => wording::speaks_of_experience(&unit.text),
            _ => true,
        } && !wording::speaks_of_benefits(&unit.text);
        let stated_years = states_years.then(|| wording::parse_years(&unit.text));
        if let Some((e, m)) = stated_years {
            let years = match owner {
                Owner::Base => Some(&mut years_text),
                Owner::Level(k) => Some(&mut levels[k].years),
                Owner::Specialty(_) => None,
            };
            if let Some(years) = years {
                years.0 = wording::max_opt(years.0, e);
                years.1 = wording::max_opt(years.1, m);
            }
        }
        let masked = text::mask_urls(&unit.text);
        let (inh_cue, inh_level) = unit
            .parent
            .and_then(|p| analyses[p].as_ref())
            .filter(|a| a.entries.is_empty())
            .map_or((None, None), |a| (a.item_cue, a.item_level));
        // A "Must have" section makes its items must-haves unless they say
        // otherwise.
        let inh_cue = inh_cue.or(mandatory_section.then_some(Cue::Must));
        let analysis = wording::analyse(&masked, taxonomy, inh_cue, inh_level);
        // A line on many pages is the company's boilerplate in its prose
        // ("We build with Ruby and Go"), but a family's shared ask in its
        // lists ("Python is required" on every data page).
        let listed = matches!(
            ctx,
            Ctx::Requirements | Ctx::Responsibilities | Ctx::NiceToHave
        );
        let boilerplate = shared(&unit.text) && !listed || wording::is_boilerplate(&unit.text, "");
        let evidence = |u: usize| Evidence {
            page_id: page.id.clone(),
            line: doc.units[u].line,
            text: shortened(
                doc.units[u].quote.as_ref().unwrap_or(&doc.units[u].text),
                MAX_EVIDENCE_CHARS,
            ),
        };
        let mut out: Vec<Contribution> = Vec::new();
        let kids = &children[i];
        let short = |k: &usize| doc.units[*k].text.split_whitespace().count() <= 12;
        if wording::introduces_alternatives(&unit.text) && kids.len() >= 2 && kids.iter().all(short)
        {
            // "Proficient in one or more of the following": the nested
            // bullets are the alternatives of one any-of group, with what
            // the item itself names ("at least one test automation
            // framework:") as a category and its examples are.
            let mut skills: Vec<SkillId> = Vec::new();
            for entry in &analysis.entries {
                for skill in &entry.skills {
                    if !skills.contains(skill) {
                        skills.push(*skill);
                    }
                }
            }
            let mut level_max = analysis.item_level.unwrap_or(3);
            let mut ev = vec![evidence(i)];
            for &k in kids {
                let a =
                    wording::analyse(&text::mask_urls(&doc.units[k].text), taxonomy, None, None);
                for e in &a.entries {
                    level_max = level_max.max(e.level);
                    for s in &e.skills {
                        if !skills.contains(s) {
                            skills.push(*s);
                        }
                    }
                }
                if !a.entries.is_empty() {
                    ev.push(evidence(k));
                }
                consumed[k] = true;
            }
            if !skills.is_empty() {
                let entry = wording::Entry {
                    skills,
                    cue: analysis.item_cue,
                    level: level_max,
                    tentative: false,
                    degree: false,
                    of_the_person: false,
                    legacy: false,
                };
                out.push(contribution(
                    taxonomy,
                    &entry,
                    ctx,
                    unit.kind,
                    boilerplate,
                    ev,
                ));
            }
        } else {
            for entry in &analysis.entries {
                out.push(contribution(
                    taxonomy,
                    entry,
                    ctx,
                    unit.kind,
                    boilerplate,
                    vec![evidence(i)],
                ));
            }
        }
        // "Active RN license", "Forklift certification": a requirement the
        // taxonomy cannot read is scored as if the page did not ask it.
        let asks_something = matches!(ctx, Ctx::Requirements | Ctx::NiceToHave)
            && !boilerplate
            && unit.text.split_whitespace().nth(1).is_some()
            && (stated_years == Some((None, None))
                || wording::years_line_names_a_subject(&unit.text));
        if asks_something {
            asks.lines += 1;
            if out.is_empty() {
                asks.example
                    .get_or_insert_with(|| shortened(unit.text.trim(), MAX_EXAMPLE_CHARS));
            } else {
                asks.read += 1;
            }
        }
        match owner {
            Owner::Base => base.extend(out.into_iter().map(|c| Contribution {
                own_level: own_level_section,
                ..c
            })),
            Owner::Specialty(s) => {
                if let Some(v) = special.get_mut(s) {
                    v.extend(out);
                }
            }
            Owner::Level(k) => levels[k].contributions.extend(out),
        }
        analyses[i] = Some(analysis);
    }
    if !has_skills(&base) && !levels.iter().any(|s| has_skills(&s.contributions)) {
        return Err(no_role(
            "no skill found outside boilerplate (check the headings and the taxonomy)",
        ));
    }
    let num = |key: &str| {
        fields
            .get(key)
            .and_then(|v| v.trim().trim_end_matches('+').parse::<f32>().ok())
            .filter(|v| v.is_finite() && *v >= 0.0)
    };
    let years = num("years_experience")
        .or(years_text.0)
        .unwrap_or(level.default_years_experience());
    let management_years = num("management_years")
        .or(years_text.1)
        .unwrap_or(level.default_management_years());
    Ok(Prepared {
        page,
        title,
        level,
        lead,
        grade,
        years,
        management_years,
        stem,
        entries,
        specialties,
        base,
        special,
        levels,
        asks,
        notices,
    })
}

/// Most front-matter keys a warning lists.
const MAX_LISTED_KEYS: usize = 8;

/// The warning for a page named by its file: it names no title a person
/// would recognise, and when its front matter has one under a name not
/// read, the keys it has that rolefit does not read show which.
fn named_by_file(
    page: &Page,
    fields: &std::collections::HashMap<String, String>,
    title: &str,
) -> String {
    let mut keys: Vec<&str> = fields
        .keys()
        .map(String::as_str)
        .filter(|key| !super::frontmatter::is_known_key(key))
        .collect();
    keys.sort_unstable();
    let unread = if keys.is_empty() {
        String::new()
    } else {
        let more = keys.len().saturating_sub(MAX_LISTED_KEYS);
        keys.truncate(MAX_LISTED_KEYS);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("; front-matter keys not read: {}{more}", keys.join(", "))
    };
    format!(
        "page {:?} names no title (no front-matter `title`, `job_title`, `position` or \
         `headline`, and no heading before its text{unread}); it is served as {title:?}, \
         after its file name",
        page.id
    )
}

/// Where a page's title came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TitleSource {
    /// The front matter's title (under any of its names).
    FrontMatter,
    /// A level-1 heading, or a heading or title-like line heading the page.
    Page,
    /// The page id in words: the page names no title of its own.
    FileName,
}

/// A page's title: its front matter's `title`, else its first level-1
/// heading, else (on a page with a requirements-like section) a title-like
/// first line before any heading, as plain-text postings start with, else
/// a heading that names no section before any text (one after the intro
/// is a section: "## Your team"), else its first heading on a page with
/// no such section, else (again on a page with such a section) its id in
/// words ("data-engineer": "Data Engineer").
fn page_title(
    page: &Page,
    fields: &std::collections::HashMap<String, String>,
    doc: &Document,
    kinds: &[Option<SectionKind>],
) -> Option<(String, TitleSource)> {
    // Control characters (a NUL from a broken export) would travel into
    // every answer that names the role.
    // "Position: QA Automation Engineer": the label names no job.
    // "Acme Corp - Senior Backend Engineer" with `company: Acme Corp`,
    // "Senior Backend Engineer at Globex": the employer is no part of the job.
    let company = fields.get("company").map(String::as_str);
    let named = |text: &str| {
        let unmarked = text::without_gender_marker(text::without_title_label(text));
        let unmarked = text::without_company(&unmarked, company);
        let words: Vec<&str> = unmarked
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|word| !word.is_empty())
            .collect();
        Some(words.join(" ")).filter(|t| !t.is_empty())
    };
    if let Some(title) = fields.get("title").and_then(|t| named(t)) {
        return Some((title, TitleSource::FrontMatter));
    }
    // Without a title, a page must show it is a job page at all (a stray
    // README or notes file is not a role): a section it reads by meaning.
    let is_job_page = kinds.iter().any(|kind| {
        matches!(
            kind,
            Some(
                SectionKind::Requirements | SectionKind::Responsibilities | SectionKind::NiceToHave
            )
        )
    }) || doc.headings.is_empty()
        && doc.units.iter().any(|u| says_it_hires(&u.text));
    let first_heading_line = doc.headings.first().map_or(u32::MAX, |h| h.line);
    let title_line = doc
        .units
        .iter()
        .find(|u| !u.text.is_empty())
        .filter(|u| u.line < first_heading_line && u.kind == UnitKind::Para)
        .map(|u| u.text.as_str())
        .filter(|text| {
            text.split_whitespace().count() <= 10 && !text.ends_with(['.', '!', '?', ':', ';', ','])
        });
    // A heading below the page's first text is one of its sections, even
    // one no section word names ("## Your team" after the intro).
    let first_text_line = doc
        .units
        .iter()
        .find(|u| !u.text.is_empty())
        .map_or(u32::MAX, |u| u.line);
    let h1 = doc.headings.iter().find(|h| h.level == 1);
    let title = h1
        .and_then(|h| named(&h.text))
        .or_else(|| title_line.filter(|_| is_job_page).and_then(named))
        .or_else(|| {
            let plain = doc
                .headings
                .iter()
                .zip(kinds)
                .take_while(|(h, _)| h.line < first_text_line)
                .find(|(_, kind)| kind.is_none());
            plain.and_then(|(h, _)| named(&h.text))
        })
        // A section heading ("Requirements") names no job: a job page
        // without another title is named by its file.
        .or_else(|| {
            doc.headings
                .first()
                .filter(|_| !is_job_page)
                .and_then(|h| named(&h.text))
        })
        .map(|title| (title, TitleSource::Page))
        .or_else(|| {
            // The file name, when the page has something to read.
            is_job_page
                .then(|| {
                    page.id
                        .split(['-', '_'])
                        .map(capitalised)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .and_then(|t| named(&t))
                .map(|title| (title, TitleSource::FileName))
        })?;
    let (title, source) = title;
    // "BACKEND DEVELOPER (PHP)": shouted, as plain-text postings do.
    if title.chars().any(char::is_uppercase) && !title.chars().any(char::is_lowercase) {
        let words: Vec<String> = title
            .split(' ')
            .map(|w| {
                if w.chars().filter(|c| c.is_alphabetic()).count() > 3 {
                    capitalised(&w.to_lowercase())
                } else {
                    w.to_string()
                }
            })
            .collect();
        return Some((words.join(" "), source));
    }
    Some((title, source))
}

/// Whether a paragraph says a job is open ("We are looking for a data
/// analyst", "Acme is hiring", "join our team"): a page of only such a
/// paragraph, without headings, is a job page named by its file, where a
/// stray README or notes file is no role.
fn says_it_hires(text: &str) -> bool {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    [
        "we are looking for",
        "we're looking for",
        "we are hiring",
        "we're hiring",
        "is hiring",
        "are hiring",
        "we are seeking",
        "we're seeking",
        "is looking for",
        "join our team",
        "to join our",
        "to join the team",
        "wir suchen",
        "nous recherchons",
        "buscamos",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase))
}

/// `word` with its first letter in capitals ("(azure)" reads "(Azure)").
fn capitalised(word: &str) -> String {
    let Some(at) = word.find(char::is_alphabetic) else {
        return word.to_string();
    };
    let mut chars = word[at..].chars();
    chars.next().map_or_else(String::new, |first| {
        word[..at]
            .chars()
            .chain(first.to_uppercase())
            .chain(chars)
            .collect()
    })
}

/// Skills named in the intro prose of at least three pages and of at least
/// half of them: the company or its product.
fn company_skills(prepared: &[Prepared<'_>]) -> Vec<SkillId> {
    let mut counts: HashMap<SkillId, usize> = HashMap::new();
    for p in prepared {
        let mut seen: Vec<SkillId> = p
            .base
            .iter()
            .filter(|c| c.ctx == Ctx::Intro && c.skills.len() == 1)
            .map(|c| c.skills[0])
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for s in seen {
            *counts.entry(s).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= 3 && n * 2 >= prepared.len())
        .map(|(s, _)| s)
        .collect()
}

fn parent_is_container(doc: &Document, kinds: &[Option<SectionKind>], i: usize) -> bool {
    doc.headings[i]
        .parent
        .is_some_and(|p| kinds[p] == Some(SectionKind::Specialties))
}

/// True when `contributions` name a skill outside boilerplate lines.
fn has_skills(contributions: &[Contribution]) -> bool {
    contributions.iter().any(|c| !c.boilerplate)
}

/// "grade 8" in a Job Grade section.
fn grade_in(text: &str) -> Option<u32> {
    let lower = text.to_ascii_lowercase();
    let pos = lower.find("grade")?;
    lower[pos + 5..]
        .split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_digit()))
        .and_then(|w| w.parse().ok())
}

/// Turns an entry into a weighted contribution.
fn contribution(
    taxonomy: &Taxonomy,
    entry: &wording::Entry,
    ctx: Ctx,
    kind: UnitKind,
    boilerplate: bool,
    evidence: Vec<Evidence>,
) -> Contribution {
    let mut weight = ctx.weight();
    // Prose inside a list section explains rather than lists.
    if kind == UnitKind::Para
        && matches!(
            ctx,
            Ctx::Requirements | Ctx::Responsibilities | Ctx::NiceToHave
        )
    {
        weight *= 0.8;
    }
    let default_tier = if ctx == Ctx::NiceToHave {
        Tier::Bonus
    } else {
        Tier::Preferred
    };
    // "They must also coordinate across departments": in the page intro and
    // in duties, must-wording describes the job, not a must-have skill,
    // unless it is said of what the candidate knows ("Experience with
    // Django is required", in a page written as prose).
    let cue = match (entry.cue, ctx) {
        (Some(Cue::Must), Ctx::Intro | Ctx::Responsibilities) if !entry.of_the_person => None,
        (cue, _) => cue,
    };
    let mut tier = match cue {
        Some(Cue::Must) => {
            // A must-have is important wherever it is stated.
            weight = weight.max(0.8);
            Tier::Required
        }
        Some(Cue::Bonus) => {
            // A nice-to-have section already weighs as a bonus.
            if ctx != Ctx::NiceToHave {
                weight *= Cue::Bonus.mult();
            }
            Tier::Bonus
        }
        Some(cue) => {
            weight *= cue.mult();
            default_tier
        }
        None => default_tier,
    };
    // "Interest in Go", "willing to learn Ruby": worth something, not much.
    if entry.tentative && entry.cue != Some(Cue::Must) {
        weight *= 0.6;
    }
    weight *= entry
        .skills
        .iter()
        .map(|&skill| kind_weight(taxonomy.skill(skill).kind))
        .reduce(f32::max)
        .unwrap_or(1.0);
    if entry
        .skills
        .iter()
        .all(|&skill| taxonomy.skill(skill).kind == SkillKind::Trait)
    {
        // "Must be a proven fast-learner and self-starter": no skill list
        // or CV shows a trait, and a must-have halves the score of whoever
        // does not write the word, so a trait is asked for, never required.
        if tier == Tier::Required {
            tier = Tier::Preferred;
        }
    }
    if entry.degree {
        // A degree's field: no skill list shows it, and a must-have would
        // halve the score of everyone who lists skills, not schooling.
        weight *= DEGREE_WEIGHT;
        if tier == Tier::Required {
            tier = Tier::Preferred;
        }
    }
    if entry.legacy {
        weight *= LEGACY_WEIGHT;
    }
    if boilerplate {
        weight *= 0.25;
        if tier == Tier::Required {
            tier = Tier::Preferred;
        }
    }
    Contribution {
        skills: entry.skills.clone(),
        weight: weight.clamp(0.01, 1.0),
        tier,
        level: entry.level.clamp(1, 5),
        evidence,
        boilerplate,
        ctx,
        item: kind == UnitKind::Item,
        own_level: false,
    }
}

/// A line of evidence with the tier its contribution asked for.
type TierLine = (Tier, Evidence);

/// Merges contributions per skill/group: max weight plus a small bonus per
/// extra mention (at most +0.15, capped at 1), strongest tier (of the
/// section lines when there are some, not the introduction's), highest
/// level, union of evidence in page and line order, but for the line that
/// sets the tier, which comes first (an explanation quotes the first line:
/// "Go ... a plus" must not stand for a must-have). Highest weight first.
fn merge(contribs: Vec<Contribution>) -> Vec<Requirement> {
    // Each requirement with its count of contributions and the earliest
    // line of its strongest tier's contributions.
    // And whether a section's line asked for it: the page's introduction
    // ("We run everything on Kubernetes") sets no tier over a section
    // ("Kubernetes is a plus" stays a bonus).
    let mut out: Vec<(Requirement, usize, Option<TierLine>, bool)> = Vec::new();
    let mut index: HashMap<Vec<SkillId>, usize> = HashMap::new();
    // Strongest tier first, then page and line order.
    fn rank((tier, e): &TierLine) -> (Tier, &str, u32) {
        (*tier, &e.page_id, e.line)
    }
    for c in contribs {
        let earliest = c
            .evidence
            .iter()
            .min_by(|a, b| (&a.page_id, a.line).cmp(&(&b.page_id, b.line)))
            .cloned()
            .map(|line| (c.tier, line));
        let from_section = !matches!(c.ctx, Ctx::Intro | Ctx::SpecialtyIntro);
        match index.get(&c.skills).and_then(|&i| out.get_mut(i)) {
            Some((r, n, tier_line, sectioned)) => {
                *n += 1;
                if from_section && !*sectioned {
                    // The first section line: what the introduction said
                    // of the tier no longer counts.
                    *sectioned = true;
                    r.tier = c.tier;
                    *tier_line = earliest;
                } else if from_section || !*sectioned {
                    if let Some(line) = earliest {
                        if tier_line
                            .as_ref()
                            .is_none_or(|held| rank(&line) < rank(held))
                        {
                            *tier_line = Some(line);
                        }
                    }
                    r.tier = r.tier.min(c.tier);
                }
                r.weight = r.weight.max(c.weight);
                r.expected_level = r.expected_level.max(c.level);
                // A handful of lines explains a requirement; thousands
                // would only bloat the catalog (and make this quadratic).
                for e in c.evidence {
                    if r.evidence.len() < MAX_EVIDENCE && !r.evidence.contains(&e) {
                        r.evidence.push(e);
                    }
                }
            }
            None => {
                index.insert(c.skills.clone(), out.len());
                out.push((
                    Requirement {
                        skills: c.skills,
                        weight: c.weight,
                        tier: c.tier,
                        expected_level: c.level,
                        evidence: c.evidence,
                    },
                    1,
                    earliest,
                    from_section,
                ))
            }
        }
    }
    let mut reqs: Vec<Requirement> = out
        .into_iter()
        .map(|(mut r, n, tier_line, _)| {
            let bonus = (0.05 * (n as f32 - 1.0)).min(0.15);
            r.weight = (r.weight + bonus).min(1.0);
            r.evidence
                .sort_by(|a, b| (&a.page_id, a.line).cmp(&(&b.page_id, b.line)));
            if let Some((_, line)) = tier_line {
                if let Some(at) = r.evidence.iter().position(|e| *e == line) {
                    r.evidence[..=at].rotate_right(1);
                }
            }
            r
        })
        .collect();
    reqs.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then(a.tier.cmp(&b.tier))
            .then(a.skills.cmp(&b.skills))
    });
    reqs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::PageOrigin;

    const SKILLS: &str = crate::test_support::SKILLS;

    const PAGE: &str =
        "---\ntitle: Staff Widget Engineer\n---\n\nEngineers here must run Redis.\n\n\
## Requirements\n\n- Strong Ruby experience\n\n## Levels\n\n- Senior\n- Staff\n\n\
### Staff\n\n#### Staff Requirements\n\n- Mandatory: Docker\n\n\
### Caching\n\nCaching uses Redis.\n\n#### Requirements\n\n- Expert Go experience\n\n\
### Senior\n\n#### Requirements\n\n- Redis is a must\n\n\
## Hiring Process\n\n- We talk about Go and Redis\n";

    fn page(id: &str, text: &str) -> Page {
        Page {
            id: id.into(),
            text: text.into(),
            origin: PageOrigin::User,
            too_large: None,
        }
    }

    fn names(tax: &Taxonomy, r: &Role) -> Vec<(String, Tier, f32)> {
        r.requirements
            .iter()
            .map(|q| (tax.skill(q.skills[0]).id.clone(), q.tier, q.weight))
            .collect()
    }

    /// The asks of a page's one role, compiled against the test taxonomy
    /// plus a trait, teamwork, and a process, scrum: (id, tier, weight).
    fn asks_with_a_trait(text: &str) -> Vec<(String, Tier, f32)> {
        let source = format!(
            "{SKILLS}\n[[skill]]\nid = \"teamwork\"\nname = \"Teamwork\"\nkind = \"trait\"\n\
             \n[[skill]]\nid = \"scrum\"\nname = \"Scrum\"\nkind = \"process\"\n"
        );
        let tax = Taxonomy::from_sources(&[("t", &source)]).expect("taxonomy");
        let cat = compile(&[page("p", text)], &tax, &CompileOptions::default()).expect("compiles");
        names(&tax, &cat.roles()[0])
    }

    /// A line asking only for traits weighs TRAIT_WEIGHT of the same line
    /// asking for a technology, and one asking only for a way of organising
    /// work PROCESS_WEIGHT; beside a technology, the technology's weight.
    #[test]
    fn trait_and_process_asks_weigh_less_than_skill_asks() {
        for (name, id, weight) in [
            ("Teamwork", "teamwork", TRAIT_WEIGHT),
            ("Scrum", "scrum", PROCESS_WEIGHT),
        ] {
            let page = format!(
                "# Widget Engineer\n\n## Requirements\n\n- Ruby\n- {name}\n- Docker and {id}\n"
            );
            let weights: Vec<(String, f32)> = asks_with_a_trait(&page)
                .into_iter()
                .map(|(id, _, weight)| (id, weight))
                .collect();
            assert_eq!(
                weights,
                [
                    ("ruby".to_string(), 1.0),
                    ("docker".to_string(), 1.0),
                    (id.to_string(), weight + 0.05),
                ]
            );
        }
    }

    /// "Must be a self-starter": a trait is never a must-have (no CV shows
    /// one, and a missing must-have halves the score); a skill next to it
    /// on a must-line still is.
    /// What the introduction says of a skill sets no tier over what a
    /// section says (h24: "We run everything on Docker" made "Docker is a
    /// plus" a preferred ask); alone, it is the intro's weak ask.
    #[test]
    fn the_introduction_sets_no_tier_over_a_section() {
        let asks = asks_with_a_trait(
            "# Widget Engineer\n\nWe run everything on Docker and Redis.\n\n\
             ## Requirements\n\n- Ruby\n\n## Nice to have\n\n- Docker is a plus\n",
        );
        let tier = |id: &str| asks.iter().find(|ask| ask.0 == id).map(|ask| ask.1);
        assert_eq!(tier("docker"), Some(Tier::Bonus), "{asks:?}");
        assert_eq!(tier("redis"), Some(Tier::Preferred), "{asks:?}");
        assert_eq!(tier("ruby"), Some(Tier::Preferred), "{asks:?}");
    }

    /// A degree's field is asked for lightly and never required, however
    /// its section weighs or its line is cued; the skills beside it on the
    /// line, and a skill in a phrase that merely says "degree", count in
    /// full (h30: "BS in Computer Science or related field" weighed as much
    /// as Python and SQL; "MS or PhD in Computer Science, Machine Learning"
    /// under "Minimum qualifications" was a must-have).
    #[test]
    fn a_degree_field_is_a_light_ask_never_required() {
        let tax = Taxonomy::builtin().expect("taxonomy");
        let text = "# Data Engineer\n\n## Minimum qualifications\n\n\
                    - BS in Computer Science or related field, or equivalent practical experience\n\
                    - MS or PhD in Statistics, Machine Learning, or a related field is required\n\
                    - A Mathematics degree\n\
                    - Bachelor's degree in Economics and 3+ years of experience with Python\n\
                    - Python is required\n\
                    - A high degree of ownership over Kubernetes clusters\n\
                    - MS SQL Server\n";
        let cat = compile(&[page("p", text)], &tax, &CompileOptions::default()).expect("compiles");
        let asks = names(&tax, &cat.roles()[0]);
        let ask = |id: &str| {
            asks.iter()
                .find(|ask| ask.0 == id)
                .map(|ask| (ask.1, ask.2))
                .unwrap_or_else(|| panic!("no {id} in {asks:?}"))
        };
        for field in ["computer-science", "statistics", "mathematics"] {
            assert_eq!(ask(field), (Tier::Preferred, DEGREE_WEIGHT), "{field}");
        }
        assert_eq!(ask("python"), (Tier::Required, 1.0));
        assert_eq!(ask("kubernetes"), (Tier::Required, 1.0));
        assert_eq!(ask("sql-server"), (Tier::Required, 1.0));
    }

    /// The asks of each role of pages compiled against the built-in
    /// taxonomy, by role id: (skill ids of the entry joined by '|', tier,
    /// weight).
    /// A role's id and its asks: (skill ids joined by '|', tier, weight).
    type RoleAsks = (String, Vec<(String, Tier, f32)>);

    /// The skill ids `role` asks for, sorted (none for a role not compiled).
    fn sorted_ask_ids(roles: &[RoleAsks], role: &str) -> Vec<String> {
        let mut ids: Vec<String> = roles
            .iter()
            .find(|r| r.0 == role)
            .map(|r| r.1.iter().map(|a| a.0.clone()).collect())
            .unwrap_or_default();
        ids.sort();
        ids
    }

    fn builtin_asks(pages: &[(&str, &str)]) -> Vec<RoleAsks> {
        let tax = Taxonomy::builtin().expect("taxonomy");
        let pages: Vec<Page> = pages.iter().map(|(id, text)| page(id, text)).collect();
        let cat = compile(&pages, &tax, &CompileOptions::default()).expect("compiles");
        cat.roles()
            .iter()
            .map(|r| {
                let asks = r
                    .requirements
                    .iter()
                    .map(|q| {
                        let ids: Vec<&str> =
                            q.skills.iter().map(|&s| tax.skill(s).id.as_str()).collect();
                        (ids.join("|"), q.tier, q.weight)
                    })
                    .collect();
                (r.role_id.clone(), asks)
            })
            .collect()
    }

    /// "BS in Computer Science, Python and Go": only the field after "in"
    /// is the degree's; the languages listed with it are asked in full
    /// (they were degree fields of x0.3).
    #[test]
    fn languages_listed_after_a_degree_field_are_asked_in_full() {
        let roles = builtin_asks(&[(
            "p",
            "# Data Engineer\n\n## Requirements\n\n- BS in Computer Science, Python and Go\n- Docker\n",
        )]);
        let asks = &roles[0].1;
        let weight = |id: &str| asks.iter().find(|a| a.0 == id).map(|a| a.2);
        assert_eq!(weight("python"), Some(1.0), "{asks:?}");
        assert_eq!(weight("go"), Some(1.0), "{asks:?}");
        assert_eq!(weight("computer-science"), Some(DEGREE_WEIGHT), "{asks:?}");
    }

    /// A stack the page says the company is leaving ("our legacy PHP
    /// monolith, which we are migrating to Go", "Perl (being phased out)",
    /// "migrating away from Ruby on Rails") weighs LEGACY_WEIGHT of the
    /// same ask for the main stack; the stack migrated to is asked in full.
    #[test]
    fn a_stack_being_left_weighs_less() {
        let roles = builtin_asks(&[(
            "p",
            "# Backend Engineer\n\n## Requirements\n\n\
             - Experience with our legacy PHP monolith, which we are migrating to Go\n\
             - Perl (being phased out)\n\
             - We are migrating away from Ruby on Rails\n\
             - PostgreSQL\n\
             - Experience replacing legacy systems with Kafka\n",
        )]);
        let asks = &roles[0].1;
        let weight = |id: &str| asks.iter().find(|a| a.0 == id).map(|a| a.2);
        for left in ["php", "perl", "ruby-on-rails"] {
            assert_eq!(weight(left), Some(LEGACY_WEIGHT), "{left}: {asks:?}");
        }
        for main in ["go", "postgresql", "kafka"] {
            assert_eq!(weight(main), Some(1.0), "{main}: {asks:?}");
        }
        // A German page's "unser altes PHP-System".
        let roles = builtin_asks(&[(
            "p",
            "# Backend Entwickler\n\n## Dein Profil\n\n\
             - Du löst unser altes PHP-System ab, das wir nach Kotlin migrieren\n",
        )]);
        let asks = &roles[0].1;
        let weight = |id: &str| asks.iter().find(|a| a.0 == id).map(|a| a.2);
        assert_eq!(weight("php"), Some(LEGACY_WEIGHT), "{asks:?}");
        assert_eq!(weight("kotlin"), Some(1.0), "{asks:?}");
    }

    /// A page of one paragraph that says a job is open, without headings,
    /// is a job page named by its file (it was left out: "no title"); a
    /// paragraph that says nothing of hiring still names no role.
    #[test]
    fn a_page_of_one_hiring_paragraph_is_named_by_its_file() {
        let roles = builtin_asks(&[(
            "data-analyst",
            "We are looking for a data analyst to join our team. You will spend your \
             days in SQL and Python. Experience with dbt is a plus.\n",
        )]);
        assert_eq!(roles[0].0, "data-analyst");
        let tier = |id: &str| roles[0].1.iter().find(|a| a.0 == id).map(|a| a.1);
        assert_eq!(tier("sql"), Some(Tier::Preferred));
        assert_eq!(tier("dbt"), Some(Tier::Bonus));
        let tax = Taxonomy::builtin().expect("taxonomy");
        let notes = page("notes", "Notes on our SQL and Python style.\n");
        assert!(compile(&[notes], &tax, &CompileOptions::default()).is_err());
    }

    /// The object of testing, attacking or supporting software that exists
    /// is no ask for building it: "Run penetration tests on mobile
    /// applications" asked for mobile development. Building them still
    /// asks for it.
    #[test]
    fn apps_tested_or_attacked_are_no_ask_for_building_them() {
        let asks = |duty: &str| -> Vec<String> {
            let text = format!("# Security Engineer\n\n## What you'll do\n\n- {duty}\n\n## Requirements\n\n- Python\n");
            builtin_asks(&[("p", &text)])[0]
                .1
                .iter()
                .map(|a| a.0.clone())
                .collect()
        };
        for duty in [
            "Run penetration tests on mobile applications",
            "Test our iOS apps before each release",
            "Perform security assessments of web applications",
        ] {
            let got = asks(duty);
            assert!(
                !got.iter().any(|id| matches!(
                    id.as_str(),
                    "mobile-development" | "ios" | "web-development"
                )),
                "{duty}: {got:?}"
            );
        }
        assert!(asks("Run penetration tests on mobile applications")
            .contains(&"penetration-testing".to_string()));
        for duty in [
            "Build mobile applications",
            "Build and test mobile applications",
        ] {
            assert!(
                asks(duty).contains(&"mobile-development".to_string()),
                "{duty}"
            );
        }
    }

    /// An aside on a must-have line is a bonus, not a must-have of its own
    /// nor part of it: "Kubernetes in production (CKA welcome)" under
    /// "Must have" made the CKA required once named.
    #[test]
    fn an_aside_on_a_must_have_line_is_a_bonus() {
        let roles = builtin_asks(&[(
            "p",
            "# Platform Engineer\n\n## Must have\n\n\
             - Kubernetes in production (CKA welcome)\n\
             - Terraform, Rust a plus\n",
        )]);
        let asks = &roles[0].1;
        let tier = |id: &str| asks.iter().find(|a| a.0 == id).map(|a| a.1);
        assert_eq!(tier("kubernetes"), Some(Tier::Required), "{asks:?}");
        assert_eq!(tier("terraform"), Some(Tier::Required), "{asks:?}");
        assert_eq!(
            tier("kubernetes-certifications"),
            Some(Tier::Bonus),
            "{asks:?}"
        );
        assert_eq!(tier("rust"), Some(Tier::Bonus), "{asks:?}");
    }

    /// A header line of pictographs ("📍 Remote", "🏢 Berlin") says where
    /// the job is, as "Location: Remote" does: no remote-work ask.
    #[test]
    fn a_pictograph_location_line_is_no_ask() {
        let roles = builtin_asks(&[(
            "p",
            "# Frontend Engineer\n\n📍 Remote\n🏢 Berlin, Germany\n\n## Requirements\n\n- React\n",
        )]);
        let ids: Vec<&str> = roles[0].1.iter().map(|a| a.0.as_str()).collect();
        assert_eq!(ids, ["react"]);
    }

    /// The employer's name is no part of a role's title or id when the page
    /// says which is which: its front matter's `company`, or "at" after a
    /// job's noun. Without either, a dash keeps both sides (it may name a
    /// team).
    #[test]
    fn the_company_before_or_after_a_title_is_dropped() {
        let body = "\n## Requirements\n\n- Go\n";
        let roles = builtin_asks(&[
            (
                "a",
                &format!(
                    "---\ncompany: Acme Corp\n---\n# Acme Corp - Senior Backend Engineer\n{body}"
                ),
            ),
            (
                "b",
                &format!(
                    "---\nemployer_name: Initech\ntitle: Data Engineer | Initech\n---\n{body}"
                ),
            ),
            ("c", &format!("# Platform Engineer at Globex\n{body}")),
            (
                "d",
                &format!("# Payments - Site Reliability Engineer\n{body}"),
            ),
        ]);
        let mut ids: Vec<&str> = roles.iter().map(|r| r.0.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            [
                "data-engineer",
                "payments-site-reliability-engineer",
                "platform-engineer",
                "senior-backend-engineer",
            ]
        );
    }

    /// "Everything for Senior, plus:" in a Staff section adds to the Senior
    /// section's asks (and those of the page's own level, when it is the
    /// one named), down a chain of such sections.
    #[test]
    fn a_level_section_adding_to_a_lower_one_inherits_its_asks() {
        let roles = builtin_asks(&[(
            "p",
            "# Platform Engineer\n\n## Requirements\n\n- Terraform\n\n\
             ### Senior\n\n- Kubernetes\n\n\
             ### Staff\n\nEverything for Senior, plus:\n\n- Kafka\n\n\
             ### Principal\n\nAll of the Staff requirements, and:\n\n- Rust\n\n\
             ### Junior\n\n- Go\n",
        )]);
        let ids = |role: &str| sorted_ask_ids(&roles, role);
        assert_eq!(
            ids("staff-platform-engineer"),
            ["kafka", "kubernetes", "terraform"]
        );
        assert_eq!(
            ids("principal-platform-engineer"),
            ["kafka", "kubernetes", "rust", "terraform"]
        );
        assert_eq!(ids("junior-platform-engineer"), ["go", "terraform"]);
    }

    /// "### Lead" and "### Staff" on one page are two rungs, two roles, not
    /// one merged Staff role (both words name the Staff level); "Lead:
    /// everything for Staff" adds to the Staff section. A Staff page's
    /// "### Lead" section is a role of its own too.
    #[test]
    fn lead_and_staff_sections_stay_two_roles() {
        let roles = builtin_asks(&[
            (
                "p",
                "# Platform Engineer\n\n## Requirements\n\n- Terraform\n\n\
                 ### Staff\n\n- Kubernetes\n\n\
                 ### Lead\n\nEverything for Staff, plus:\n\n- Kafka\n",
            ),
            (
                "q",
                "# Staff Data Engineer\n\n## Requirements\n\n- Spark\n\n\
                 ### Lead\n\n- Airflow\n",
            ),
        ]);
        let ids = |role: &str| sorted_ask_ids(&roles, role);
        assert_eq!(ids("staff-platform-engineer"), ["kubernetes", "terraform"]);
        assert_eq!(
            ids("lead-platform-engineer"),
            ["kafka", "kubernetes", "terraform"]
        );
        assert_eq!(ids("staff-data-engineer"), ["apache-spark"]);
        assert_eq!(ids("lead-data-engineer"), ["airflow", "apache-spark"]);
    }

    /// Must-wording among duties or in the introduction describes the job
    /// ("Engineers here must run Redis"), unless it is said of what the
    /// candidate knows: a page written as prose asks "Experience with
    /// Docker is required" under "The role" (h30: it was a preferred ask
    /// of 0.40).
    #[test]
    fn a_must_about_what_the_candidate_knows_holds_among_duties() {
        let asks = asks_with_a_trait(
            "# Widget Engineer\n\nOur engineers must run Redis.\n\n## The role\n\n\
             You will write Ruby services. Experience with Docker is required.\n",
        );
        let tier = |id: &str| asks.iter().find(|ask| ask.0 == id).map(|ask| ask.1);
        assert_eq!(tier("docker"), Some(Tier::Required), "{asks:?}");
        assert_eq!(tier("ruby"), Some(Tier::Preferred), "{asks:?}");
        assert_eq!(tier("redis"), Some(Tier::Preferred), "{asks:?}");
    }

    #[test]
    fn a_trait_is_asked_for_never_required() {
        let tiers: Vec<(String, Tier)> = asks_with_a_trait(
            "# Widget Engineer\n\n## Requirements\n\n- Must have Ruby\n- Teamwork is a must\n",
        )
        .into_iter()
        .map(|(id, tier, _)| (id, tier))
        .collect();
        assert_eq!(
            tiers,
            [
                ("ruby".to_string(), Tier::Required),
                ("teamwork".to_string(), Tier::Preferred),
            ]
        );
    }

    /// Titles become role ids in every answer: a title over the limit is
    /// refused with its length, a long heading is no specialty, and control
    /// characters are dropped from a title.
    #[test]
    fn titles_and_specialty_names_have_limits() {
        let tax = Taxonomy::from_sources(&[("t", SKILLS)]).expect("taxonomy");
        let compile_one =
            |text: &str| compile(&[page("p", text)], &tax, &CompileOptions::default());
        let titled = |title: &str| format!("# {title}\n\n## Requirements\n\n- Ruby\n");
        let longest = "E".repeat(MAX_TITLE_CHARS);
        assert!(compile_one(&titled(&longest)).is_ok());
        let error = compile_one(&titled(&format!("{longest}E")))
            .expect_err("a title over the limit")
            .to_string();
        assert_eq!(
            error,
            format!(
                "page \"p\": the title is {} characters long, over the {MAX_TITLE_CHARS}-character limit",
                MAX_TITLE_CHARS + 1
            )
        );
        let cat = compile_one(&titled("Widget\0Engineer")).expect("compiles");
        assert_eq!(cat.roles()[0].title, "Widget Engineer");
        let long_heading = "Caching ".repeat(20);
        let cat = compile_one(&format!(
            "# Widget Engineer\n\n## Requirements\n\n- Ruby\n\n## Levels\n\n### {long_heading}\n\n\
             #### Requirements\n\n- Go\n"
        ))
        .expect("compiles");
        let ids: Vec<&str> = cat.roles().iter().map(|r| r.role_id.as_str()).collect();
        assert_eq!(ids, ["widget-engineer"]);
    }

    /// Level headings written with a grade code ("L6 - Staff ...") are level
    /// sections, and a section that only states its years is still that
    /// level's role; a bare heading (a link to a page elsewhere) is not.
    #[test]
    fn level_sections_with_grade_codes_or_only_years() {
        let tax = Taxonomy::from_sources(&[("t", SKILLS)]).expect("taxonomy");
        let cat = compile(
            &[page(
                "p",
                "# Widget Engineer\n\n## Requirements\n\n- Ruby\n\n## Levels\n\n\
                 ### L3 - Widget Engineer I\n\n- New grad or 1-2 years of experience\n\n\
                 ### Senior Widget Engineer\n\n\
                 ### L6 - Staff Widget Engineer\n\n- Deep Go expertise\n",
            )],
            &tax,
            &CompileOptions::default(),
        )
        .expect("compiles");
        let roles: Vec<(&str, Level, &str)> = cat
            .roles()
            .iter()
            .map(|r| (r.role_id.as_str(), r.level, r.title.as_str()))
            .collect();
        assert_eq!(
            roles,
            [
                (
                    "staff-widget-engineer",
                    Level::Staff,
                    "Staff Widget Engineer"
                ),
                ("widget-engineer", Level::Intermediate, "Widget Engineer"),
                ("widget-engineer-i", Level::Junior, "Widget Engineer I"),
            ]
        );
        let junior = cat.role("widget-engineer-i").expect("junior role");
        assert_eq!(junior.expected_years_experience, 1.0);
    }

    /// A competency table with a column per level (a career ladder) makes a
    /// role per level, each asking what its column says beside the page's
    /// own requirements; a tick asks for the row's competency, a dash for
    /// nothing, a years row sets the level's years; what follows the table
    /// stays in the table's section (here, the only Ruby ask: page-wide).
    #[test]
    fn a_table_with_a_column_per_level_makes_a_role_per_level() {
        let tax = Taxonomy::from_sources(&[("t", SKILLS)]).expect("taxonomy");
        let cat = compile(
            &[page(
                "p",
                "# Widget Engineer\n\n## Competencies\n\n\
                 | Competency | Junior | Mid | Senior | Staff |\n| --- | --- | --- | --- | --- |\n\
                 | Services | Ships small fixes | Runs Docker images | Designs Go services | Deep Docker expertise |\n\
                 | Redis | - | - | ✓ | ✓ |\n\
                 | Scripting | ✓ | ✓ | Expert Ruby | ✓ |\n\
                 | Years of experience | 0-2 | 2-5 | 5-8 | 8+ |\n\n\
                 Everyone writes Ruby.\n",
            )],
            &tax,
            &CompileOptions::default(),
        )
        .expect("compiles");
        let roles: Vec<(&str, Level, f32, Vec<&str>)> = cat
            .roles()
            .iter()
            .map(|r| {
                let mut skills: Vec<&str> = r
                    .requirements
                    .iter()
                    .flat_map(|q| q.skills.iter().map(|&s| tax.skill(s).id.as_str()))
                    .collect();
                skills.sort();
                (
                    r.role_id.as_str(),
                    r.level,
                    r.expected_years_experience,
                    skills,
                )
            })
            .collect();
        assert_eq!(
            roles,
            [
                ("junior-widget-engineer", Level::Junior, 0.0, vec!["ruby"]),
                (
                    "senior-widget-engineer",
                    Level::Senior,
                    5.0,
                    vec!["go", "redis", "ruby"]
                ),
                (
                    "staff-widget-engineer",
                    Level::Staff,
                    8.0,
                    vec!["docker", "redis", "ruby"]
                ),
                (
                    "widget-engineer",
                    Level::Intermediate,
                    2.0,
                    vec!["docker", "ruby"]
                ),
            ]
        );
        // A role's requirement for a skill.
        let ask = |role: &str, skill: &str| {
            cat.role(role)
                .expect("role")
                .requirements
                .iter()
                .find(|q| tax.skill(q.skills[0]).id == skill)
        };
        // The page's own level's column (Mid, for a page without a level
        // word) weighs as the others do.
        assert_eq!(
            ask("widget-engineer", "docker").map(|q| q.weight),
            ask("staff-widget-engineer", "docker").map(|q| q.weight)
        );
        // A tick after words asks what they ask: Staff is still expert.
        let level_of = |role: &str, skill: &str| ask(role, skill).map(|q| q.expected_level);
        assert_eq!(level_of("staff-widget-engineer", "ruby"), Some(5));
        assert_eq!(level_of("senior-widget-engineer", "ruby"), Some(5));
        assert_eq!(level_of("junior-widget-engineer", "ruby"), Some(3));
        let docker = ask("staff-widget-engineer", "docker").expect("docker");
        assert_eq!(docker.expected_level, 5);
        assert_eq!(
            docker.evidence[0].to_string(),
            "line 7: Services (Staff): Deep Docker expertise"
        );
    }

    /// A ladder's columns may be grade codes, whose levels their years row
    /// tells (the table under "## Levels", which otherwise lists links to
    /// other pages), or titles such as "Engineer I" and "Senior Engineer",
    /// whose roles are named with the page's title.
    #[test]
    fn ladder_columns_by_grade_code_or_by_title() {
        let tax = Taxonomy::from_sources(&[("t", SKILLS)]).expect("taxonomy");
        let roles = |text: &str| -> Vec<(String, Level, Vec<String>)> {
            let cat =
                compile(&[page("p", text)], &tax, &CompileOptions::default()).expect("compiles");
            cat.roles()
                .iter()
                .map(|r| {
                    let mut skills: Vec<String> = r
                        .requirements
                        .iter()
                        .map(|q| tax.skill(q.skills[0]).id.clone())
                        .collect();
                    skills.sort();
                    (r.role_id.clone(), r.level, skills)
                })
                .collect()
        };
        let owned = |id: &str, level: Level, skills: &[&str]| {
            (
                id.to_string(),
                level,
                skills.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            roles(
                "# Widget Engineer\n\n## Levels\n\n| Competency | L3 | L4 | L5 |\n| --- | --- | --- | --- |\n\
                 | Ruby | ✓ | ✓ | Expert Ruby |\n| Go | - | ✓ | ✓ |\n| Docker | - | - | ✓ |\n\
                 | Years of experience | 1+ | 3+ | 6+ |\n"
            ),
            [
                owned("junior-widget-engineer", Level::Junior, &["ruby"]),
                owned("senior-widget-engineer", Level::Senior, &["docker", "go", "ruby"]),
                owned("widget-engineer", Level::Intermediate, &["go", "ruby"]),
            ]
        );
        assert_eq!(
            roles(
                "# Widget Engineer\n\n## Competencies\n\n\
                 | Competency | Engineer I | Engineer II | Senior Engineer |\n| --- | --- | --- | --- |\n\
                 | Ruby | ✓ | ✓ | ✓ |\n| Go | - | - | ✓ |\n"
            ),
            [
                owned("senior-widget-engineer", Level::Senior, &["go", "ruby"]),
                owned("widget-engineer", Level::Intermediate, &["ruby"]),
                owned("widget-engineer-i", Level::Junior, &["ruby"]),
            ]
        );
    }

    /// A page where a third or more of the requirement lines name no known
    /// skill is named, with an example; lines of years alone ("3+ years of
    /// experience") and boilerplate do not count, years of something
    /// ("3+ years of nursing") do.
    #[test]
    fn pages_the_taxonomy_mostly_cannot_read_are_named() {
        let tax = Taxonomy::from_sources(&[("t", SKILLS)]).expect("taxonomy");
        let nurse = page(
            "nurse",
            "# Registered Nurse\n\n## Requirements\n\n- Active RN license\n- BLS certification\n\
             - Triage experience in urgent care\n- Ruby scripting\n- 3+ years of nursing\n\
             - 2+ years of professional experience\n",
        );
        // Two of six unread: exactly a third.
        let clerk = page(
            "clerk",
            "# Ledger Clerk\n\n## Requirements\n\n- Ruby scripting\n- Go services\n- Docker daily\n\
             - Knowledge of ledgers\n- 3+ years of general ledger accounting\n- Go testing\n\
             - 5 years of relevant work experience\n",
        );
        let widget = page(
            "widget",
            "# Widget Engineer\n\n## Requirements\n\n- Ruby\n- Go services\n- Docker daily\n\
             - Knowledge of widgets\n",
        );
        let cat =
            compile(&[nurse, widget, clerk], &tax, &CompileOptions::default()).expect("compiles");
        let notices: Vec<(&str, &str)> = cat
            .sparse()
            .iter()
            .map(|n| (n.page_id.as_str(), n.reason.as_str()))
            .collect();
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert_eq!(notices[1].0, "clerk");
        assert!(
            notices[1].1.contains("2 of its 6 requirement lines"),
            "{}",
            notices[1].1
        );
        assert_eq!(notices[0].0, "nurse");
        assert!(
            notices[0].1.contains("4 of its 5 requirement lines")
                && notices[0].1.contains("Active RN license"),
            "{}",
            notices[0].1
        );
    }

    #[test]
    fn sections_specialties_and_level_sections() {
        let tax = Taxonomy::from_sources(&[("t", SKILLS)]).expect("taxonomy");
        let cat = compile(
            &[page("staff-widget", PAGE)],
            &tax,
            &CompileOptions::default(),
        )
        .expect("compiles");
        let ids: Vec<&str> = cat.roles().iter().map(|r| r.role_id.as_str()).collect();
        // `### Staff` merges into the base role, `### Senior` is another
        // level's section (a role of its own, with the family's specialty),
        // `### Caching` is a specialty.
        assert_eq!(
            ids,
            [
                "senior-widget-engineer",
                "senior-widget-engineer/caching",
                "staff-widget-engineer",
                "staff-widget-engineer/caching"
            ]
        );
        let staff = cat.role("staff-widget-engineer").expect("staff role");
        let base = names(&tax, staff);
        assert_eq!(base[0], ("docker".into(), Tier::Required, 1.0));
        assert_eq!(base[1], ("ruby".into(), Tier::Preferred, 1.0));
        // Redis only from the intro: must-wording there describes the team.
        assert_eq!(base[2], ("redis".into(), Tier::Preferred, 0.2));
        assert_eq!(
            base.len(),
            3,
            "nothing from another level or the hiring process: {base:?}"
        );
        // The senior role: the page-wide requirements and its own section,
        // nothing from the staff section.
        let senior = cat.role("senior-widget-engineer").expect("senior role");
        assert_eq!(senior.level, Level::Senior);
        let senior_skills = names(&tax, senior);
        assert_eq!(senior_skills[0], ("redis".into(), Tier::Required, 1.0));
        assert_eq!(senior_skills[1], ("ruby".into(), Tier::Preferred, 1.0));
        assert_eq!(senior_skills.len(), 2, "{senior_skills:?}");
        let spec = cat
            .role("staff-widget-engineer/caching")
            .expect("specialty role");
        assert_eq!(spec.specialty, "Caching");
        assert_eq!(spec.family, "widget-engineer");
        let s = names(&tax, spec);
        assert_eq!(s[0].0, "go");
        assert_eq!(s[0].2, 1.0);
        assert_eq!(spec.requirements[0].expected_level, 5);
        // Specialty prose weighs 0.3; base requirements are inherited,
        // keeping their tier, scaled so they take at most INHERITED_SHARE
        // of the role: own total 1.3 (go 1.0 + redis 0.3), base total 2.2.
        let find = |id: &str| s.iter().find(|x| x.0 == id).cloned().expect(id);
        let factor = INHERITED_SHARE / (1.0 - INHERITED_SHARE) * 1.3 / 2.2;
        // Own prose 0.3 plus one inherited mention: 0.3 + 0.05.
        assert!((find("redis").2 - 0.35).abs() < 1e-6, "{s:?}");
        assert_eq!(find("docker").1, Tier::Required);
        assert!((find("ruby").2 - factor).abs() < 1e-6, "{s:?}");
        let inherited = find("ruby").2 + find("docker").2;
        let total: f32 = s.iter().map(|x| x.2).sum();
        assert!(inherited / total <= INHERITED_SHARE + 1e-6, "{s:?}");
    }
}
