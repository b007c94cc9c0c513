//! Listed names: how a candidate's free-typed skill names are read beyond
//! one exact skill. Words around a name ("Go (5 years)", "Go: 5/5",
//! "Ruby (none)"), lists in one name ("Ruby/Rails", "Go, Python, SQL"),
//! skills side by side ("Splunk SIEM"), and the unresolved rest as
//! reported. The answers about a recurring name are memoised per thread.

use super::*;
use crate::taxonomy::vocabulary::{is_level_code, labels_a_level};

/// What the words around a skill's name in a listed name say
/// ([`Resolution::Qualified`]): the skill's name itself, years, a denial.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct QualifiedName {
    /// Byte range of the skill's name in the listed name.
    start: u32,
    end: u32,
    /// "Ruby (none)", "Go: 0/5", "Rust (0 years)", "Rails - no
    /// experience": the skill is denied, as a resume's "Java - no
    /// experience" is, and claims nothing.
    denied: bool,
    /// Years written there ("Go (5 years)"; [`years_in_name`]).
    years: Option<f64>,
    /// The level written there: a rating ("Go: 5/5", "Java - 8/10",
    /// "Python ★★★★☆"; [`rating_in`]), else a proficiency word ("Go -
    /// Expert", "Python (advanced)", "Senior Java"; [`level_word`]).
    level: Option<u8>,
}

/// Answers about listed names, for one taxonomy (engines of one thread may
/// differ); at most [`NAME_MEMO_ENTRIES`], then forgotten at once.
#[derive(Default)]
pub(super) struct NameMemo<V = bool> {
    answers: foldhash::HashMap<Box<str>, V>,
    taxonomy: usize,
}

/// Names kept in a [`NameMemo`].
const NAME_MEMO_ENTRIES: usize = 4096;

impl<V: Copy> NameMemo<V> {
    /// The answer for `name` under `taxonomy` (its address), from `answer`
    /// the first time.
    pub(super) fn get_or(
        &mut self,
        taxonomy: &Arc<Taxonomy>,
        name: &str,
        answer: impl FnOnce() -> V,
    ) -> V {
        let taxonomy = Arc::as_ptr(taxonomy) as usize;
        if self.taxonomy != taxonomy || self.answers.len() >= NAME_MEMO_ENTRIES {
            self.answers.clear();
            self.taxonomy = taxonomy;
        }
        if let Some(&known) = self.answers.get(name) {
            return known;
        }
        let known = answer();
        self.answers.insert(name.into(), known);
        known
    }
}

impl Engine {
    /// [`lists_related_skills`] for a listed name, through the thread's
    /// memo ([`Scratch::listed`]).
    pub(super) fn lists_related_skills_memo(
        &self,
        scratch: &mut Scratch,
        name: &str,
        whole: SkillId,
    ) -> bool {
        let mentions = &mut scratch.mentions;
        scratch.listed.get_or(&self.taxonomy, name, || {
            lists_related_skills(&self.taxonomy, name, whole, mentions)
        })
    }

    /// Holds the skill of a listed name read with words around it
    /// ([`Resolution::Qualified`]), unless they deny it: at the years they
    /// give when the claim gives neither level nor years, and with the
    /// related skills its name lists ("Ruby/Rails (5 years)").
    pub(super) fn hold_qualified(
        &self,
        scratch: &mut Scratch,
        claim: &ClaimRef<'_>,
        skill: SkillId,
        source: Source,
    ) {
        let name: &str = &claim.name;
        let cache = &self.cache;
        let reading = scratch.qualified.get_or(&self.taxonomy, name, || {
            read_qualified(name, self.taxonomy.unwrapped(name, cache))
        });
        if reading.denied {
            return;
        }
        // The level written beside the name stands for a `level` the claim
        // does not give (before its years: they only estimate one), and
        // the years written there for `years`.
        let proficiency = match claim.level.filter(|&level| level > 0) {
            Some(level) => proficiency(Some(level), claim.years),
            None => proficiency(reading.level, claim.years.or(reading.years)),
        };
        let core = name
            .get(reading.start as usize..reading.end as usize)
            .unwrap_or(name);
        if has_list_separator(core) && self.lists_related_skills_memo(scratch, core, skill) {
            // (Read again: the memo keeps the answer, not the skills.)
            lists_related_skills(&self.taxonomy, core, skill, &mut scratch.mentions);
            scratch
                .held
                .extend(held_from(&scratch.mentions, proficiency, source));
        } else {
            scratch.held.push(Held {
                skill,
                proficiency,
                source,
            });
        }
    }

    /// Reads the words around the skills of a listed name read as several
    /// (`held` from `held_from` on, found between bytes `span` of the
    /// name) as [`Self::hold_qualified`] reads those around one: a rating
    /// or a proficiency word there is the level of each when the claim
    /// gives none ("C/C++ (4/5)", "Go / Rust - 4/5", "Go/Rust (expert)"),
    /// a denial drops them ("C/C++ (0/5)", "Go/Rust (none)"). A rating
    /// between the names ("Go (4/5), Rust (3/5)") is one name's: none is
    /// read for all then. Through the thread's memo
    /// ([`Scratch::qualified`]): the answer depends on the name alone.
    pub(super) fn rate_several(
        &self,
        scratch: &mut Scratch,
        claim: &ClaimRef<'_>,
        held_from: usize,
        span: std::ops::Range<usize>,
    ) {
        let name: &str = &claim.name;
        let reading = scratch.qualified.get_or(&self.taxonomy, name, || {
            let inside = name.get(span.clone()).unwrap_or(name);
            let mut reading = read_qualified(name, Some(inside));
            if rating_in(inside).is_some() {
                reading.level = None;
            }
            reading
        });
        if reading.denied {
            scratch.held.truncate(held_from);
            return;
        }
        if claim.level.is_some_and(|level| level > 0) {
            return;
        }
        if let Some(level) = reading.level {
            let proficiency = proficiency(Some(level), claim.years);
            for held in &mut scratch.held[held_from..] {
                held.proficiency = proficiency;
            }
        }
    }

    /// Whether a listed name that is no one skill may name several, by
    /// its [`NameShape`]; names side by side are read through the thread's
    /// memo ([`Scratch::side_by_side`]).
    pub(super) fn may_name_several(&self, scratch: &mut Scratch, name: &str) -> bool {
        match name_shape(name) {
            NameShape::One => false,
            NameShape::Marked => true,
            NameShape::SideBySide => {
                let mentions = &mut scratch.mentions;
                scratch.side_by_side.get_or(&self.taxonomy, name, || {
                    skills_named_in(&self.taxonomy, name, mentions)
                })
            }
        }
    }
}

/// An unresolved name as reported: trimmed, at most
/// [`MAX_UNRESOLVED_ECHO`] characters; [`NO_NAME`] for a blank one.
pub(super) fn echoed(name: &str) -> &str {
    match name.trim() {
        "" => NO_NAME,
        name => crate::report::first_chars(name, MAX_UNRESOLVED_ECHO),
    }
}

/// How a listed skill with a level or years but no name is reported
/// among the unresolved names.
pub const NO_NAME: &str = "(no name)";

/// Longest listed name read as several skills: "AWS (EC2, S3, Lambda)"
/// is short; unresolved names run to kilobytes in real exports, and each
/// would be read as prose for every candidate listing it.
const MAX_SEVERAL_SKILLS_BYTES: usize = 64;

/// Longest listed name read as a list of names when it is longer than
/// [`MAX_SEVERAL_SKILLS_BYTES`] ("Go, Python, Java, SQL, Docker,
/// Kubernetes, AWS, Terraform", an export's one cell of skills), and the
/// longest name in such a list: a pasted paragraph is no list.
const MAX_LIST_BYTES: usize = 1024;
const MAX_LIST_PART_BYTES: usize = 40;

/// Whether a name longer than [`MAX_SEVERAL_SKILLS_BYTES`] is a list of
/// short names joined by [`LIST_SEPARATORS`].
fn is_long_list(name: &str) -> bool {
    name.len() <= MAX_LIST_BYTES
        && contains_list_separator(name)
        && name
            .split(LIST_SEPARATORS)
            .all(|part| part.trim().len() <= MAX_LIST_PART_BYTES)
}

/// How a listed name that is no one skill may name several
/// ([`names_only_skills`]' rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameShape {
    /// One name: "Patient care" with no mark of a list.
    One,
    /// A separator, brackets, digits, "and"/"or" or "in": "C/C++",
    /// "Java 8 and Spring", "Expert in Python".
    Marked,
    /// Two to four words side by side: "Splunk SIEM".
    SideBySide,
}

/// The [`NameShape`] of a listed name, in one pass over its bytes: it runs
/// for every unresolved name (with `str::contains` per separator it cost
/// 2,000 instructions a candidate).
fn name_shape(name: &str) -> NameShape {
    if name.len() > MAX_SEVERAL_SKILLS_BYTES {
        return if is_long_list(name) {
            NameShape::Marked
        } else {
            NameShape::One
        };
    }
    let mut spaces = 0;
    let mut previous = 0;
    for byte in name.bytes() {
        match byte {
            b'0'..=b'9' | b'(' | b')' | b'[' | b']' | b'&' | b'+' | b':' => {
                return NameShape::Marked
            }
            byte if may_start_list_separator(byte) => return NameShape::Marked,
            // "Python - Expert" (an en dash is caught above), not "CI-CD".
            b'-' if previous == b' ' => return NameShape::Marked,
            b' ' => spaces += 1,
            _ => {}
        }
        previous = byte;
    }
    // " and " or " or " needs a word on either side: two spaces at least;
    // so does "Expert in Python".
    let joined = spaces >= 2
        && name.split(' ').any(|word| {
            ["and", "or", "in", "with"]
                .iter()
                .any(|joiner| word.eq_ignore_ascii_case(joiner))
        });
    match spaces {
        _ if joined => NameShape::Marked,
        1..=3 => NameShape::SideBySide,
        _ => NameShape::One,
    }
}

/// The skills `mentions` name, held at `proficiency` as listed at `source`.
pub(super) fn held_from(
    mentions: &[Mention],
    proficiency: u8,
    source: Source,
) -> impl Iterator<Item = Held> + '_ {
    mentions.iter().map(move |mention| Held {
        skill: mention.skill,
        proficiency,
        source,
    })
}

/// Characters that join the names of a list, as profiles and
/// spreadsheets write them, fullwidth and East Asian ones included
/// ("Go、Python", "Go・Python", "Go，Python").
const LIST_SEPARATORS: [char; 13] = [
    '/', ',', ';', '|', '\t', '·', '•', '、', '・', '，', '｜', '／', '；',
];

/// A character that joins the names of a list ("Ruby/Rails", "Python ·
/// Flask"), as profiles and spreadsheets write them.
pub(super) fn has_list_separator(name: &str) -> bool {
    name.len() <= MAX_SEVERAL_SKILLS_BYTES && contains_list_separator(name)
}

/// [`has_list_separator`] for a name of any length.
fn contains_list_separator(name: &str) -> bool {
    // A byte scan first: most names have none of these.
    name.bytes().any(may_start_list_separator) && name.trim().contains(LIST_SEPARATORS)
}

/// Whether `byte` may begin one of [`LIST_SEPARATORS`] in UTF-8: the ASCII
/// ones, and the lead bytes of the middle dot (0xC2), the bullet (0xE2)
/// and the East Asian and fullwidth forms (0xE3, 0xEF). Any character of
/// these lead bytes is rare enough in a name to take the slower path.
fn may_start_list_separator(byte: u8) -> bool {
    matches!(
        byte,
        b'/' | b',' | b';' | b'|' | b'\t' | 0xC2 | 0xE2 | 0xE3 | 0xEF
    )
}

/// Whether `name`, which reads as the one skill `whole`, lists that skill
/// and skills broader or narrower than it, with list separators between
/// them (and nothing else but what [`skills_named_in`] allows), left in
/// `mentions`: "Ruby/Rails" (read whole as a misspelling of
/// "rubyonrails") and "Python · Flask" (the alias "python flask") do;
/// "CI/CD" and "TCP/IP networking" do not (a name spans the slash), nor
/// "TS/SSL", a misspelling of "TLS/SSL" whose parts are unrelated skills.
pub(super) fn lists_related_skills(
    taxonomy: &Taxonomy,
    name: &str,
    whole: SkillId,
    mentions: &mut Vec<Mention>,
) -> bool {
    if !skills_named_in(taxonomy, name, mentions) {
        return false;
    }
    let separated = |from: usize, to: usize| {
        name.get(from..to)
            .is_some_and(|gap| gap.contains(LIST_SEPARATORS))
    };
    // A separator between each two names and none inside one ("REST
    // APIs" is one name in two mentions, "CI/CD" one mention).
    let listed = mentions
        .windows(2)
        .all(|pair| separated(pair[0].end, pair[1].start))
        && !mentions.iter().any(|m| separated(m.start, m.end));
    let related = |skill: SkillId| {
        skill == whole
            || taxonomy.ancestors(skill).iter().any(|a| a.skill == whole)
            || taxonomy.ancestors(whole).iter().any(|a| a.skill == skill)
    };
    let mut skills: Vec<SkillId> = mentions.iter().map(|m| m.skill).collect();
    skills.sort_unstable();
    skills.dedup();
    listed && skills.len() >= 2 && skills.contains(&whole) && skills.iter().all(|&s| related(s))
}

/// The skills a listed name that is no one skill names, into `mentions`
/// (cleared first): none, and `false`, unless the name is made of them
/// ([`names_only_skills`]).
pub(super) fn skills_named_in(
    taxonomy: &Taxonomy,
    name: &str,
    mentions: &mut Vec<Mention>,
) -> bool {
    mentions.clear();
    taxonomy.extract_claims_into(name, mentions);
    if names_only_skills(name, mentions) {
        return true;
    }
    // "Nbxt.js" or "db schema desgin" would be read as the one skill they
    // happen to contain.
    mentions.clear();
    false
}

/// Whether a listed name that is no one skill is made of the skills found
/// in it and nothing else but separators, "and"/"or" and version numbers:
/// "C/C++", "Go (Golang)", "AWS (EC2, S3)", "python 3.11", "Java 8 and
/// Spring". Anything else left over means the name is something else.
fn names_only_skills(name: &str, mentions: &[Mention]) -> bool {
    let Some(last) = mentions.last() else {
        return false;
    };
    let gaps = mentions
        .iter()
        .scan(0, |gap_start, m| {
            let gap = name.get(*gap_start..m.start).unwrap_or("");
            *gap_start = m.end;
            Some(gap)
        })
        .chain(std::iter::once(name.get(last.end..).unwrap_or("")));
    gaps.flat_map(|gap| {
        gap.split(|c: char| {
            c.is_whitespace() || LIST_SEPARATORS.contains(&c) || "()[]&+-".contains(c)
        })
    })
    .filter(|word| !word.is_empty())
    .all(|word| {
        // "python 3.11" reads as the alias "python 3" and ".11".
        let version = word.strip_prefix(['v', 'V', '.']).unwrap_or(word);
        word.eq_ignore_ascii_case("and")
            || word.eq_ignore_ascii_case("or")
            || (version.starts_with(|c: char| c.is_ascii_digit())
                && version
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == 'x'))
    })
}

/// A listed name, or the part of it, that named no skill.
#[derive(Clone, Copy, Debug)]
pub(super) struct Unresolved {
    /// Index of the listed skill.
    pub(super) claim: u32,
    /// Byte range in its name.
    pub(super) start: u32,
    pub(super) end: u32,
}

impl Unresolved {
    pub(super) fn whole(claim: usize, name: &str) -> Unresolved {
        Unresolved {
            claim: claim as u32,
            start: 0,
            end: name.len() as u32,
        }
    }
}

/// Reads a listed name that is no skill, nor only skills, part by part
/// (split at `/`, `,`, `;`, `|`, `&`, brackets): `found` gets the skill
/// each part names, `unknown` the byte range of each part that names
/// none; qualifier parts ("strong", "5 years") are passed over. Parts are
/// resolved as names are, typos and all, but never as prose: "Nbxt.js" is
/// one part and names nothing.
pub(super) fn skills_in_parts(
    taxonomy: &Taxonomy,
    cache: &ResolverCache,
    name: &str,
    mut found: impl FnMut(SkillId, std::ops::Range<usize>),
    mut unknown: impl FnMut(std::ops::Range<usize>),
) {
    if name.len() > MAX_SEVERAL_SKILLS_BYTES && !is_long_list(name) {
        return;
    }
    let parts = name
        .char_indices()
        .filter(|&(at, c)| {
            LIST_SEPARATORS.contains(&c)
                || matches!(c, '(' | ')' | '[' | ']' | ':')
                || (c == '&' && !joins_initials(name, at))
        })
        .map(|(at, c)| Some((at, c.len_utf8())))
        .chain(std::iter::once(None))
        .scan(0, |from, separator| {
            let (end, next) =
                separator.map_or((name.len(), name.len()), |(at, len)| (at, at + len));
            let part = name.get(*from..end).unwrap_or("");
            *from = next;
            Some(part)
        })
        .flat_map(dash_parts);
    for part in parts {
        let Some(core) = without_qualifiers(part) else {
            continue;
        };
        // The part as typed first: the resolver sets words around a name
        // aside itself, and tells "Machine Learning" from "Machine" and a
        // qualifier ("learning").
        let typed = part.trim();
        // `typed` and `core` are slices of `name`: offsets are distances.
        let range = |slice: &str| {
            let start = slice.as_ptr() as usize - name.as_ptr() as usize;
            start..start + slice.len()
        };
        let resolution = taxonomy.resolve_cached(typed, cache);
        let skill = match resolution.skill() {
            // "Ruby ★★☆☆☆": the words around the name are not of it.
            Some(skill) if matches!(resolution, Resolution::Qualified(_)) => {
                Some((skill, range(core)))
            }
            Some(skill) => Some((skill, range(typed))),
            // (Most parts have no qualifier: one look-up then.)
            None if core.len() != typed.len() => taxonomy
                .resolve_cached(core, cache)
                .skill()
                .map(|skill| (skill, range(core))),
            None => None,
        };
        match skill {
            Some((skill, at)) => found(skill, at),
            None => unknown(range(part)),
        }
    }
}

/// Whether the `&` at byte `at` of `name` joins initials into one word
/// ("R&D", "M&A", "AT&T"): a letter on each side, and one of the words it
/// joins a single letter. Such a name is one name, not R and D.
fn joins_initials(name: &str, at: usize) -> bool {
    let (before, after) = (&name.as_bytes()[..at], &name.as_bytes()[at + 1..]);
    let word_before = before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let word_after = after.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    word_before > 0 && word_after > 0 && (word_before == 1 || word_after == 1)
}

/// Years written in a listed name, as exports put them beside it:
/// "Python (5 yrs)", "Go - 3 years", "Kubernetes (6 months)", "Rust 2y".
/// A range counts at its lower end ("5-7 years": 5).
pub(super) fn years_in_name(name: &str) -> Option<f64> {
    if !name.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || "()[],;:/".contains(c))
        .filter(|word| !word.is_empty())
        .collect();
    words.iter().enumerate().find_map(|(i, word)| {
        let digits = word
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(word.len());
        let number: f64 = word[..digits].parse().ok()?;
        // "5+ years", "5-7 years", "2y", or the unit as the next word.
        let rest = word[digits..].trim_start_matches('+');
        let rest = rest.strip_prefix(['-', '\u{2013}']).map_or(rest, |range| {
            range.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        });
        let unit = if rest.is_empty() {
            duration_unit(words.get(i + 1)?)?
        } else {
            duration_unit(rest)?
        };
        Some(number * unit)
    })
}

/// What the words around the skill's name `core` (a slice of `name`, the
/// whole name if `None`) say: years, or a denial (a word of denial, or a
/// rating or years of zero: "Ruby (none)", "Go: 0/5", "Rust (0 years)").
fn read_qualified(name: &str, core: Option<&str>) -> QualifiedName {
    let (start, end) = match core {
        // `core` is a slice of `name`: its offset is the distance.
        Some(core) => {
            let start = core.as_ptr() as usize - name.as_ptr() as usize;
            (start, start + core.len())
        }
        None => (0, name.len()),
    };
    let around = [name.get(..start), name.get(end..)];
    let denied = around.into_iter().flatten().any(|text| {
        text.split(|c: char| c.is_whitespace() || "()[]:;,".contains(c))
            .any(|word| {
                let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
                DENIAL_WORDS
                    .iter()
                    .any(|denial| bare.eq_ignore_ascii_case(denial))
                    || is_zero(word.trim_end_matches(|c: char| !c.is_alphanumeric()))
            })
    });
    let rating = around
        .into_iter()
        .flatten()
        .filter_map(rating_in)
        .reduce(f64::max);
    // The highest word of the scale: "Expert" of "Go (senior, expert)".
    let word = || {
        around
            .into_iter()
            .flatten()
            .flat_map(|text| text.split(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter_map(|word| level_word(word.trim_matches('-')))
            .reduce(f64::max)
    };
    QualifiedName {
        start: start as u32,
        end: end as u32,
        // A rating of zero ("☆☆☆☆☆") denies the skill as "0/5" does.
        denied: denied || rating == Some(0.0),
        years: years_in_name(name),
        // A rating says how well more finely than a word beside it.
        level: rating
            .or_else(word)
            .map(|level| level.round().clamp(1.0, 5.0) as u8),
    }
}

/// The highest rating written in `text`, words around a listed skill's
/// name, scaled to five steps as the `level` field's ([`rated`]): "5/5" of
/// "Go: 5/5", "4/5" of "Go (4/5)", "8/10" of "Java - 8/10" (4), "3 out of
/// 5", "★★★★☆", "80%", "4 stars". Read between brackets,
/// commas, colons and dashes; a bare number is no rating ("Python 3" is a
/// version, "Go: 5" may be years), nor one past its scale ("6/5",
/// "Level 7"), nor one out of more than ten steps but a hundred ("C++
/// 14/17" names two versions).
fn rating_in(text: &str) -> Option<f64> {
    if !text
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '★' | '☆'))
    {
        return None;
    }
    text.split(['(', ')', '[', ']', ',', ';', ':', '|'])
        .filter_map(|part| {
            let part = part.trim().trim_start_matches(['-', '\u{2013}']);
            let part = part.split_whitespace().collect::<Vec<_>>().join(" ");
            let bare = leading_number(&part).is_some_and(|(_, rest)| rest.trim().is_empty());
            if part.is_empty() || bare {
                return None;
            }
            // "C++ 14/17" names versions: ratings are out of ten or fewer
            // steps, or of a hundred.
            let scale = part
                .split_once('/')
                .and_then(|(_, scale)| leading_number(scale.trim_start()));
            if scale.is_some_and(|(scale, _)| scale > 10.0 && scale != 100.0) {
                return None;
            }
            // "Go (Level 7)": past the five steps, as "6/5" is.
            rated(&part).filter(|&rating| rating <= 5.0)
        })
        .reduce(f64::max)
}

/// A rating or years of zero: "0", "0/5", "0%", "0.0", "0y" (not "0-1",
/// a range, nor "0.5", nor ".0" of a version cut short: "OAuth .0").
fn is_zero(word: &str) -> bool {
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let digits = word
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(word.len());
    let rest = &word[digits..];
    word[..digits].parse::<f64>().is_ok_and(|n| n == 0.0)
        && (rest.is_empty()
            || rest.starts_with('/')
            || rest == "%"
            || ZERO_UNITS
                .iter()
                .any(|unit| rest.eq_ignore_ascii_case(unit)))
}

/// `part` split at a spaced dash ("Python - Expert", "Go \u{2013} 5 years"),
/// not at a hyphen ("CI-CD"): a byte scan, as a `str` pattern would set up
/// a searcher for every part of every such name.
fn dash_parts(part: &str) -> impl Iterator<Item = &str> {
    let mut rest = part;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let dash = (1..bytes.len()).find_map(|at| {
            let dash_len = match &bytes[at..] {
                [b'-', ..] => 1,
                [0xE2, 0x80, 0x93, ..] => 3,
                _ => return None,
            };
            (bytes[at - 1] == b' ' && bytes.get(at + dash_len) == Some(&b' '))
                .then_some((at - 1, at + dash_len + 1))
        });
        let (piece, next) = match dash {
            Some((end, next)) => (&rest[..end], &rest[next..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        Some(piece)
    })
}

/// A word beside a skill's name that says how well, not what: a
/// [`NAME_QUALIFIERS`] or [`DENIAL_WORDS`] word, a number ("5", "3.11", "5+"; not a name
/// with a digit, "5S") or years ("8y").
fn is_qualifier(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let number = word.starts_with(|c: char| c.is_ascii_digit())
        && word.chars().all(|c| c.is_ascii_digit() || c == '.');
    // "8y", "6mos": years in one word.
    let years = || word.starts_with(|c: char| c.is_ascii_digit()) && years_in_name(word).is_some();
    word.is_empty()
        || number
        || NAME_QUALIFIERS.iter().any(|q| q.eq_ignore_ascii_case(word))
        // "Go/Rust (none)": a denial, read by the words around the names.
        || DENIAL_WORDS.iter().any(|d| d.eq_ignore_ascii_case(word))
        || years()
}

/// A part of a listed name without the qualifiers around it: "Python 5
/// years" is "Python", "Expert in Python" is "Python"; `None` when only
/// qualifiers are left ("(strong)").
fn without_qualifiers(part: &str) -> Option<&str> {
    let mut words: Vec<&str> = part.split_whitespace().collect();
    // "Level 4" and "lvl 3" say how well, "Level Design" what.
    let leading = (0..words.len())
        .take_while(|&at| {
            is_qualifier(words[at]) || labels_a_level(words[at], words.get(at + 1).copied())
        })
        .count();
    // "Expert in Python", "Certified in AWS", "Good with Go".
    let joined = leading > 0
        && words.get(leading).is_some_and(|word| {
            ["in", "with", "at"]
                .iter()
                .any(|j| word.eq_ignore_ascii_case(j))
        });
    words.drain(..leading + usize::from(joined));
    // After the name, a level's code too ("Python L4"), and a level's
    // label before the number just set aside ("Python Level 4").
    let mut popped: Option<&str> = None;
    while let Some(&last) = words.last() {
        let labels = labels_a_level(last, popped);
        if !(is_qualifier(last) || is_level_code(last) || labels) {
            break;
        }
        popped = words.pop();
    }
    let (first, last) = (words.first()?, words.last()?);
    // The core is a slice of `part`, from its first word to its last.
    let start = first.as_ptr() as usize - part.as_ptr() as usize;
    let end = last.as_ptr() as usize - part.as_ptr() as usize + last.len();
    Some(&part[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unresolved_names_are_echoed_trimmed_and_cut_to_a_hundred_characters() {
        assert_eq!(echoed("  Forklift\t"), "Forklift");
        let long = "x".repeat(150);
        assert_eq!(echoed(&long), &long[..100]);
        // Counted in characters, not bytes.
        let accented = "é".repeat(80);
        assert_eq!(echoed(&accented), accented);
        let longer = "é".repeat(150);
        assert_eq!(echoed(&longer).chars().count(), 100);
        assert_eq!(echoed(&format!(" {} ", "y".repeat(100))), "y".repeat(100));
    }

    #[test]
    fn every_list_separator_passes_the_byte_check() {
        for separator in LIST_SEPARATORS {
            let mut utf8 = [0; 4];
            let lead = separator.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(may_start_list_separator(lead), "{separator:?}");
        }
    }

    /// "R&D", "M&A" and "AT&T" are one name each (reported whole), not R
    /// and an unresolved "D"; "Go & Rust" and "Ruby&Rails" are two.
    #[test]
    fn an_ampersand_joining_initials_does_not_split_a_name() {
        let taxonomy = Taxonomy::builtin().expect("built-in taxonomy");
        let cache = ResolverCache::new(64);
        let parts = |name: &str| {
            let (mut found, mut unknown) = (Vec::new(), Vec::new());
            skills_in_parts(
                &taxonomy,
                &cache,
                name,
                |skill, _| found.push(taxonomy.skill(skill).id.clone()),
                |range| unknown.push(name[range].to_string()),
            );
            (found, unknown)
        };
        for name in ["R&D", "M&A", "AT&T", "r&d"] {
            assert_eq!(parts(name), (vec![], vec![name.to_string()]), "{name}");
        }
        assert_eq!(parts("Go & Rust").0, ["go", "rust"]);
        assert_eq!(parts("Ruby&Rails").0, ["ruby", "ruby-on-rails"]);
        assert_eq!(parts("R&D (5 years)"), (vec![], vec!["R&D ".to_string()]));
    }

    #[test]
    fn names_split_at_spaced_dashes_only() {
        fn parts(name: &str) -> Vec<&str> {
            dash_parts(name).collect()
        }
        assert_eq!(parts("Python - Expert"), ["Python", "Expert"]);
        assert_eq!(parts("Go \u{2013} 5 years"), ["Go", "5 years"]);
        assert_eq!(parts("CI-CD"), ["CI-CD"]);
        assert_eq!(parts("a - b - c"), ["a", "b", "c"]);
        assert_eq!(parts("x -y"), ["x -y"]);
    }
}
