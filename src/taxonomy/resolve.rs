//! Resolution of free-typed skill names: normalise, exact/alias lookup, then
//! typo-tolerant matching that is pruned by a bigram index before any edit
//! distance is computed, and that refuses to guess between confusable skills.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use std::sync::Mutex;

use super::vocabulary::{is_level_code, is_wrapper_word, labels_a_level, JOINED_UNITS};
use super::{SkillId, Taxonomy};

/// Names longer than this (in characters, after normalisation) are never
/// fuzzy-matched: they are pastes or sentences, not misspelt skill names.
pub const MAX_FUZZY_CHARS: usize = 40;

/// Forms shorter than this are never the target or source of a fuzzy match:
/// one edit turns Go into Git, C into R, SQL into SQS.
pub const MIN_FUZZY_CHARS: usize = 4;

/// What a free-typed name resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The name, an alias or the id, after normalisation.
    Exact(SkillId),
    /// A misspelling of a known form, `distance` edits away.
    Fuzzy {
        /// The skill meant.
        skill: SkillId,
        /// Optimal-string-alignment distance to the nearest form.
        distance: u8,
    },
    /// A known name, or a misspelling of one, with words around it that
    /// say who or how well rather than what: "Senior Java", "Java
    /// Engineer", "Go (5 years)", "Grafana: 4". The caller may read those
    /// words (years, a denial) through [`Taxonomy::unwrapped`].
    Qualified(SkillId),
    /// Nothing known, or too ambiguous to guess.
    Unknown,
}

impl Resolution {
    /// The resolved skill, if any.
    pub fn skill(self) -> Option<SkillId> {
        match self {
            Resolution::Exact(id)
            | Resolution::Fuzzy { skill: id, .. }
            | Resolution::Qualified(id) => Some(id),
            Resolution::Unknown => None,
        }
    }
}

/// Lowercases, folds `-` and `_` into spaces, collapses white space and trims
/// punctuation that people type around a name ("Ruby,", "(Go)").
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    normalise_into(name, &mut out);
    out
}

/// [`normalise`] into a reusable buffer (cleared first).
pub fn normalise_into(name: &str, out: &mut String) {
    out.clear();
    // "C&#35;" from an HTML export is C#, not C.
    let name = crate::encoding::decode_html_references(name);
    let trimmed = name
        .trim_matches(|c: char| c.is_whitespace() || "\"'`()[]{}<>*".contains(c))
        .trim_end_matches(|c: char| c.is_whitespace() || ".,;:!?".contains(c));
    let mut pending_space = false;
    for c in trimmed.chars().map(narrow) {
        // Spaces (tabs too) separate words; other invisible characters are
        // dropped, pictographs separate.
        if c.is_whitespace() || c == '-' || c == '_' || (!c.is_ascii() && is_pictograph(c)) {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_ascii_control() || (!c.is_ascii() && is_invisible(c)) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(spelt) = super::clean::ligature(c) {
            out.push_str(spelt);
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Characters that do not show: controls (a NUL from a broken export),
/// direction marks and isolates (pasted from right-to-left text), soft
/// hyphens, zero-width spaces and joiners, the byte order mark, variation
/// selectors.
fn is_invisible(c: char) -> bool {
    c.is_control() || super::clean::is_invisible(c)
}

/// Pictographs and dingbats ("🐍 Python", "Rust 🦀"): read as spaces.
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// The ASCII character a fullwidth form stands for (`Ｇｏ`, as East Asian
/// input methods type it, is `Go`; the ideographic space is the fullwidth
/// space); any other character as it is.
pub(super) fn narrow(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// True when `name` has more than `limit` ASCII letters and digits: each
/// survives normalisation and compaction as one character, so its normal
/// and compact forms are longer than `limit`. Stops counting there: a
/// 3,000-character paste costs as much as a long name, not a full
/// normalisation.
pub(super) fn too_long_to_resolve(name: &str, limit: usize) -> bool {
    name.bytes()
        .filter(|b| b.is_ascii_alphanumeric())
        .nth(limit)
        .is_some()
}

/// A normalised form with separators removed ("node.js" -> "nodejs",
/// "ci/cd" -> "cicd"), so spacing and punctuation variants meet.
pub fn compact(normal: &str) -> String {
    // Sized up front: a filtered iterator promises no length, and growing
    // the string step by step showed on the path of every first-seen name.
    let mut out = String::with_capacity(normal.len());
    out.extend(
        normal
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '/' | '-' | '_')),
    );
    out
}

/// Shortest pair of names (the longer of the two, in characters) between
/// which any single edit is a typo. Below it only two neighbouring
/// letters swapped ("Jaav") or a letter typed twice or once for twice
/// are: a letter changed in a four-letter name makes another word or
/// acronym as often as a typo ("Sage" and SAFe, "ACLS" and ACAS). Longer
/// ordinary words near a skill's name ("Sales" and SLES, "Scale" and
/// Scala) are listed as such in the taxonomy (`ordinary_words`).
const MIN_CHARS_FOR_ANY_TYPO: usize = 5;

/// Whether a typed name `a` at `distance` edits from form `b` may be read
/// as a typo of it (see [`MIN_CHARS_FOR_ANY_TYPO`]).
fn typo_allowed(a: &[char], b: &[char], distance: usize) -> bool {
    distance == 0
        || a.len().max(b.len()) >= MIN_CHARS_FOR_ANY_TYPO
        || is_swap(a, b)
        || is_doubled(a, b)
        || is_doubled(b, a)
}

/// Whether `long` is `short` with one of its characters typed twice.
fn is_doubled(long: &[char], short: &[char]) -> bool {
    if long.len() != short.len() + 1 {
        return false;
    }
    let at = long
        .iter()
        .zip(short)
        .position(|(x, y)| x != y)
        .unwrap_or(short.len());
    // `long[at]` is the extra character: it doubles a neighbour.
    let doubles = (at > 0 && long[at - 1] == long[at]) || long.get(at + 1) == Some(&long[at]);
    doubles && long[at + 1..] == short[at..]
}

/// Whether `b` is `a` with two neighbouring characters swapped.
fn is_swap(a: &[char], b: &[char]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let Some(at) = a.iter().zip(b).position(|(x, y)| x != y) else {
        return false;
    };
    at + 1 < a.len() && a[at] == b[at + 1] && a[at + 1] == b[at] && a[at + 2..] == b[at + 2..]
}

fn max_distance(chars: usize) -> usize {
    if chars <= 8 {
        1
    } else {
        2
    }
}

/// Hash maps keyed by strings typed by users: fast, with per-process random
/// keys so crafted names cannot force collisions.
pub(super) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// A set with the same hasher.
pub(super) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// Which compact forms, long enough to fuzzy-match, hold which bigrams:
/// for each (form length, bigram), a bitset over the forms of that length.
/// A query looks only at the lengths within its edit budget, with no
/// hashing, and counts the bigrams each form shares with it 64 forms at a
/// time (see [`BitCounts`]) instead of walking a posting list a form at a
/// time: bigram lists are dense within one length (a common bigram is in
/// a fifth of the forms), so this reads a few words where the lists held
/// a few thousand entries. Bigrams are over a 38-symbol alphabet (a-z,
/// 0-9, padding, everything else): folding rare characters together can
/// only add candidates, never lose one, and the exact edit distance
/// decides. Size: one bit per form for each bigram present at the form's
/// length, rounded up to words; 205 KiB for the built-in taxonomy's 3,653
/// forms, about what posting lists took.
pub(super) struct FuzzyIndex {
    /// Sorted by (length, characters): the forms of one length are
    /// contiguous, `band_start[len]..band_start[len + 1]`.
    forms: Vec<(Vec<char>, SkillId)>,
    band_start: Vec<u32>,
    /// By `length * BIGRAMS + bigram`: where the bitset starts in `bits`
    /// ([`band_words`] words), or [`NO_FORMS`] when no form of that length
    /// has the bigram.
    bit_offsets: Vec<u32>,
    bits: Vec<u64>,
}

/// [`FuzzyIndex::bit_offsets`] of a (length, bigram) no form has.
const NO_FORMS: u32 = u32::MAX;

/// Words in a bitset over a band of `forms` forms.
fn band_words(forms: usize) -> usize {
    forms.div_ceil(64)
}

/// Bit planes of [`BitCounts`]: enough for any number of distinct bigrams
/// of a query (at most `MAX_FUZZY_CHARS + 1`).
const PLANES: usize = 6;
const _: () = assert!(MAX_FUZZY_CHARS + 1 < 1 << PLANES);

/// Counters for 64 forms at once, one bit of each count per plane (a
/// bit-sliced adder): adding a bitset costs a few word operations
/// whatever the number of forms in it.
#[derive(Clone, Copy, Default)]
struct BitCounts {
    planes: [u64; PLANES],
}

impl BitCounts {
    /// Adds one to the count of every form whose bit is set in `bits`.
    fn add(&mut self, bits: u64) {
        // Through every plane, without stopping when the carry runs out:
        // where it does is different for every word, and a branch on it
        // costs more in mispredictions than the few operations it saves.
        let mut carry = bits;
        for plane in &mut self.planes {
            let next = *plane & carry;
            *plane ^= carry;
            carry = next;
        }
    }

    /// The forms whose count is at least `needed`, compared from the top
    /// plane down: a count is above `needed` from the first plane where it
    /// has a 1 and `needed` a 0, below from the first where it is the
    /// other way round, and equal when no plane differs.
    fn at_least(&self, needed: u32) -> u64 {
        let mut above = 0u64;
        let mut equal = !0u64;
        for (plane, bits) in self.planes.iter().enumerate().rev() {
            if needed >> plane & 1 == 1 {
                equal &= bits;
            } else {
                above |= equal & bits;
                equal &= !bits;
            }
        }
        above | equal
    }
}

const SYMBOLS: usize = 38;
const BIGRAMS: usize = SYMBOLS * SYMBOLS;
/// Longest form that can be within the edit budget of a fuzzy-matched name.
const MAX_FORM_CHARS: usize = MAX_FUZZY_CHARS + 2;

fn symbol(c: char) -> usize {
    match c {
        '\u{0}' => 0,
        'a'..='z' => 1 + (c as usize - 'a' as usize),
        '0'..='9' => 27 + (c as usize - '0' as usize),
        _ => 37,
    }
}

/// Bigram ids of a name padded with a start and an end marker.
fn bigrams(chars: &[char]) -> impl Iterator<Item = usize> + '_ {
    let padded_len = chars.len() + 2;
    (0..padded_len - 1).map(move |i| {
        let at = |j: usize| {
            if j == 0 || j == padded_len - 1 {
                0
            } else {
                symbol(chars[j - 1])
            }
        };
        at(i) * SYMBOLS + at(i + 1)
    })
}

impl FuzzyIndex {
    pub(super) fn new<S: BuildHasher>(forms: &HashMap<String, SkillId, S>) -> FuzzyIndex {
        let mut entries: Vec<(Vec<char>, SkillId)> = forms
            .iter()
            .map(|(form, id)| (compact(form).chars().collect::<Vec<_>>(), *id))
            .filter(|(chars, _)| (MIN_FUZZY_CHARS..=MAX_FORM_CHARS).contains(&chars.len()))
            .collect();
        // Deterministic order, independent of HashMap iteration, by length first.
        entries.sort_by(|a, b| (a.0.len(), &a.0, a.1).cmp(&(b.0.len(), &b.0, b.1)));
        entries.dedup();
        let band_start = crate::csr::offsets(
            MAX_FORM_CHARS + 1,
            entries.iter().map(|(chars, _)| chars.len()),
        );
        let mut bit_offsets = vec![NO_FORMS; (MAX_FORM_CHARS + 1) * BIGRAMS];
        let mut bits: Vec<u64> = Vec::new();
        for (form, (chars, _)) in entries.iter().enumerate() {
            let len = chars.len();
            let start = band_start[len] as usize;
            let words = band_words(band_start[len + 1] as usize - start);
            let at = form - start;
            for gram in bigrams(chars) {
                let offset = &mut bit_offsets[len * BIGRAMS + gram];
                if *offset == NO_FORMS {
                    *offset = bits.len() as u32;
                    bits.resize(bits.len() + words, 0);
                }
                bits[*offset as usize + at / 64] |= 1 << (at % 64);
            }
        }
        FuzzyIndex {
            forms: entries,
            band_start,
            bit_offsets,
            bits,
        }
    }

    /// The unique nearest skill within the typo budget, if there is one.
    fn nearest(&self, query: &str) -> Resolution {
        let mut chars = Vec::with_capacity(query.len());
        chars.extend(query.chars());
        if chars.len() < MIN_FUZZY_CHARS || chars.len() > MAX_FUZZY_CHARS {
            return Resolution::Unknown;
        }
        let budget = max_distance(chars.len());
        let mut grams: Vec<usize> = bigrams(&chars).collect();
        grams.sort_unstable();
        grams.dedup();
        // Each edit destroys at most 3 bigrams (a transposition), so a form
        // within `budget` edits shares at least this many with the query.
        let needed = grams.len().saturating_sub(3 * budget).max(1) as u32;
        let lengths =
            chars.len().saturating_sub(budget)..=(chars.len() + budget).min(MAX_FORM_CHARS);
        let mut candidates: smallvec::SmallVec<[u32; 32]> = smallvec::SmallVec::new();
        for len in lengths {
            let start = self.band_start[len] as usize;
            let words = band_words(self.band_start[len + 1] as usize - start);
            let sets: smallvec::SmallVec<[&[u64]; 48]> = grams
                .iter()
                .filter_map(|&gram| {
                    let offset = self.bit_offsets[len * BIGRAMS + gram];
                    (offset != NO_FORMS).then(|| &self.bits[offset as usize..][..words])
                })
                .collect();
            if sets.len() < needed as usize {
                continue;
            }
            for word in 0..words {
                let mut counts = BitCounts::default();
                for set in &sets {
                    counts.add(set[word]);
                }
                let mut found = counts.at_least(needed);
                while found != 0 {
                    let bit = found.trailing_zeros() as usize;
                    found &= found - 1;
                    candidates.push((start + word * 64 + bit) as u32);
                }
            }
        }
        let mut nearest = NearestSkill::default();
        for form in candidates {
            let (form_chars, skill) = &self.forms[form as usize];
            let allowed = budget.min(max_distance(form_chars.len()));
            // osa_within turns away forms whose length alone is too far off.
            if let Some(distance) = osa_within(&chars, form_chars, allowed) {
                if typo_allowed(&chars, form_chars, distance) {
                    nearest.offer(distance, *skill);
                }
            }
        }
        nearest.resolution()
    }
}

/// The choice among forms within reach of a typed name: the nearest skill,
/// unless two skills are equally near (then no guess). A form at distance
/// 0 is the name itself, already answered by exact lookup.
#[derive(Default)]
struct NearestSkill {
    best: Option<(usize, SkillId)>,
    tied: bool,
}

impl NearestSkill {
    /// Considers a form of `skill` at `distance` edits.
    fn offer(&mut self, distance: usize, skill: SkillId) {
        if distance == 0 {
            return;
        }
        match self.best {
            Some((d, s)) if distance > d || (distance == d && s == skill) => {}
            Some((d, _)) if distance == d => self.tied = true,
            _ => {
                self.best = Some((distance, skill));
                self.tied = false;
            }
        }
    }

    fn resolution(&self) -> Resolution {
        match self.best {
            Some((distance, skill)) if !self.tied => Resolution::Fuzzy {
                skill,
                distance: distance as u8,
            },
            _ => Resolution::Unknown,
        }
    }
}

/// The optimal-string-alignment distance between `a` and `b` (the measure
/// of `strsim::osa_distance`) if it is at most `limit`. Three DP rows on the
/// stack, a band around the diagonal, and it stops as soon as a row exceeds
/// the limit: the typo path compares each new name with a few forms, and
/// only "is it within 1 or 2 edits" matters.
fn osa_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    const MAX: usize = MAX_FORM_CHARS + 1;
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if a.len() >= MAX || b.len() >= MAX {
        let (a, b): (String, String) = (a.iter().collect(), b.iter().collect());
        return Some(strsim::osa_distance(&a, &b)).filter(|&d| d <= limit);
    }
    // Only cells within `limit` of the diagonal can stay within `limit`,
    // so each row computes that band (at most 5 cells for the typo
    // budgets) and the cells just outside it read as "too far".
    let too_far = limit + 1;
    let mut rows = [[0usize; MAX]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate() {
        *cell = j; // row 0
    }
    // Rows i - 2, i - 1 and i, rotated instead of copied.
    let (mut before, mut previous, mut current) = (0, 1, 2);
    for i in 1..=a.len() {
        let low = i.saturating_sub(limit).max(1);
        let high = (i + limit).min(b.len());
        rows[current][low - 1] = if low == 1 { i } else { too_far };
        let mut row_min = rows[current][low - 1];
        for j in low..=high {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[previous][j] + 1)
                .min(rows[current][j - 1] + 1)
                .min(rows[previous][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before][j - 2] + 1);
            }
            rows[current][j] = d;
            row_min = row_min.min(d);
        }
        if high < b.len() {
            rows[current][high + 1] = too_far;
        }
        if row_min > limit {
            return None;
        }
        (before, previous, current) = (previous, current, before);
    }
    Some(rows[previous][b.len()]).filter(|&d| d <= limit)
}

impl Taxonomy {
    /// Resolves a free-typed skill name: exact/alias lookup after
    /// normalisation, then a typo-tolerant match that never crosses
    /// confusable names (Java/JavaScript, Go/Git, C/C#, SQL/NoSQL).
    pub fn resolve(&self, name: &str) -> Resolution {
        if let Some(rated) = self.rated_in_stars(name, None) {
            return rated;
        }
        match self.exact_forms(name) {
            Ok(answer) => answer,
            Err(squeezed) => self
                .around_wrappers(name, None)
                .map_or_else(|| self.nearest(&squeezed), |(answer, _)| answer),
        }
    }

    /// The typo search for a compact name through `cache` when there is one.
    fn nearest_cached(&self, squeezed: String, cache: Option<&ResolverCache>) -> Resolution {
        if squeezed.chars().count() > MAX_FUZZY_CHARS {
            return Resolution::Unknown;
        }
        let Some(cache) = cache else {
            return self.nearest(&squeezed);
        };
        if let Some(hit) = cache.get(&squeezed) {
            return hit;
        }
        let answer = self.nearest(&squeezed);
        cache.put(squeezed, answer);
        answer
    }

    /// A name rated with stars drawn beside it ("Python ★★★★☆"), read
    /// with them set aside ([`Resolution::Qualified`]): normalisation
    /// drops them as pictographs, and the name would read as the skill
    /// alone, what they say lost. `None` for any other name.
    fn rated_in_stars(&self, name: &str, cache: Option<&ResolverCache>) -> Option<Resolution> {
        if !name.contains(['\u{2605}', '\u{2606}']) {
            return None;
        }
        self.around_wrappers(name, cache)
            .map(|(answer, _)| answer)
            .filter(|answer| answer.skill().is_some())
    }

    /// The part of a listed name that names its skill when words around it
    /// say who or how well ([`Resolution::Qualified`]): "Java" of "Senior
    /// Java Developer", "CI/CD" of "CI/CD (5 years)"; `None` when the name
    /// is not read so.
    pub fn unwrapped<'n>(&self, name: &'n str, cache: &ResolverCache) -> Option<&'n str> {
        match self.around_wrappers(name, Some(cache))? {
            (Resolution::Qualified(_), core) => name.get(core),
            _ => None,
        }
    }

    /// A name that is not itself a known form, read with the words around
    /// it that say who or how well ([`is_wrapper`]) set aside: the longest
    /// part between them that is a known form ("Java" of "Java Engineer",
    /// never "data engineer", two edits from the whole); else a typo of
    /// the whole when the skill found keeps those words ("Raect Native"
    /// is React Native; "Grafana: 4" is no "grafana k6"); else a typo of
    /// the part left when all are set aside. `None` when the name has no
    /// such words (or is nothing else); with the answer, the byte range of
    /// the part read.
    fn around_wrappers(
        &self,
        name: &str,
        cache: Option<&ResolverCache>,
    ) -> Option<(Resolution, std::ops::Range<usize>)> {
        // One token is no skill with words around it: most typos
        // ("Kubernates") end here, before any token is looked at.
        let separated = |b: &u8| {
            !b.is_ascii()
                || b.is_ascii_whitespace()
                || matches!(b, b'(' | b')' | b'[' | b']' | b':')
        };
        if name.len() > MAX_WRAPPED_NAME_BYTES || !name.trim().as_bytes().iter().any(separated) {
            return None;
        }
        let tokens: smallvec::SmallVec<[std::ops::Range<usize>; 8]> =
            wrapper_tokens(name).collect();
        let word = |at: usize| &name[tokens[at].clone()];
        // "Level 4", "lvl 3": a level's label is a wrapper before its
        // number only ("Level Design" is a name).
        let labels_a_level = |at: usize| {
            labels_a_level(word(at), tokens.get(at + 1).map(|next| &name[next.clone()]))
        };
        let mut leading = (0..tokens.len())
            .take_while(|&at| is_wrapper(word(at)) || labels_a_level(at))
            .count();
        if leading == tokens.len() {
            return None;
        }
        // "Expert in Python", "5 years of Go", "Experience with Rust".
        if leading > 0
            && ["in", "with", "at", "of"]
                .iter()
                .any(|j| word(leading).eq_ignore_ascii_case(j))
        {
            leading += 1;
        }
        // After the name, a level's code too: "Python L4" (before it, "L4
        // load balancing" is a network layer).
        let trailing = (leading..tokens.len())
            .rev()
            .take_while(|&at| is_wrapper(word(at)) || labels_a_level(at) || is_level_code(word(at)))
            .count();
        if leading + trailing == 0 || leading + trailing >= tokens.len() {
            return None;
        }
        let core = |i: usize, j: usize| tokens[i].start..tokens[tokens.len() - 1 - j].end;
        // Longest part first: "React Native" of "React Native (5 years)",
        // though "native" may say how well ("Go (native)").
        for stripped in 1..=leading + trailing {
            for i in stripped.saturating_sub(trailing)..=stripped.min(leading) {
                let range = core(i, stripped - i);
                if let Ok(Resolution::Exact(skill)) = self.exact_forms(&name[range.clone()]) {
                    return Some((Resolution::Qualified(skill), range));
                }
            }
        }
        // A typo of the whole that keeps the words ("Raect Native" is
        // React Native, "iso 27010" ISO 27001), before a typo of the part
        // between them ("Raect" is React).
        let whole = match self.exact_forms(name) {
            Err(squeezed) => self.nearest_cached(squeezed, cache),
            Ok(answer) => answer,
        };
        if let Some(skill) = whole.skill() {
            let skill = self.skill(skill);
            let forms: Vec<String> = std::iter::once(&skill.name)
                .chain(&skill.aliases)
                .map(|form| normalise(form))
                .collect();
            let kept = (0..leading)
                .chain(tokens.len() - trailing..tokens.len())
                .all(|at| keeps_word(&forms, &normalise(word(at))));
            if kept {
                return Some((whole, 0..name.len()));
            }
        }
        let range = core(leading, trailing);
        if let Err(squeezed) = self.exact_forms(&name[range.clone()]) {
            if let Some(skill) = self.nearest_cached(squeezed, cache).skill() {
                return Some((Resolution::Qualified(skill), range));
            }
        }
        Some((Resolution::Unknown, 0..name.len()))
    }

    /// The typo search for a compact name, except for ordinary words
    /// ("sales", "scale"): those are what they say, not typos.
    fn nearest(&self, squeezed: &str) -> Resolution {
        if self.ordinary_words.contains(squeezed) {
            return Resolution::Unknown;
        }
        self.fuzzy.nearest(squeezed)
    }

    /// Exact lookup of the normalised name, then of its compact form; on a
    /// miss, the compact form, for typo-tolerant matching.
    pub(super) fn exact_forms(&self, name: &str) -> Result<Resolution, String> {
        if too_long_to_resolve(name, self.longest_resolvable) {
            // Longer than every form and past the typo budget.
            return Ok(Resolution::Unknown);
        }
        let mut normal = String::with_capacity(name.len());
        normalise_into(name, &mut normal);
        if normal.is_empty() {
            return Ok(Resolution::Unknown);
        }
        if let Some(id) = self.forms.get(&normal) {
            return Ok(Resolution::Exact(*id));
        }
        let squeezed = compact(&normal);
        match self.forms.get(&squeezed) {
            Some(id) => Ok(Resolution::Exact(*id)),
            None => Err(squeezed),
        }
    }

    /// [`Taxonomy::resolve`], remembering answers so that each distinct
    /// string pays for normalisation and fuzzy matching once: first in a
    /// small per-thread memo keyed by the name as typed (no locks, no
    /// allocation on a hit), then in the shared `cache` for fuzzy answers.
    pub fn resolve_cached(&self, name: &str, cache: &ResolverCache) -> Resolution {
        if name.len() > MAX_MEMO_KEY_BYTES {
            return self.resolve_uncached(name, cache);
        }
        let memoised = RAW_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.owner != self.instance {
                memo.answers.clear();
                memo.hot.clear();
                memo.owner = self.instance;
            }
            let hash = memo.hasher.hash_one(name);
            if let Some(answer) = memo.hot.get(hash, name) {
                return Some(answer);
            }
            let answer = memo.answers.get(name)?;
            // Seen twice: worth a place in the hot table.
            memo.hot.put(hash, name, answer);
            Some(answer)
        });
        if let Some(answer) = memoised {
            return answer;
        }
        let answer = self.resolve_uncached(name, cache);
        RAW_MEMO.with(|memo| memo.borrow_mut().answers.insert(name.into(), answer));
        answer
    }

    fn resolve_uncached(&self, name: &str, cache: &ResolverCache) -> Resolution {
        if let Some(rated) = self.rated_in_stars(name, Some(cache)) {
            return rated;
        }
        let squeezed = match self.exact_forms(name) {
            Ok(answer) => return answer,
            Err(squeezed) => squeezed,
        };
        if let Some((answer, _)) = self.around_wrappers(name, Some(cache)) {
            return answer;
        }
        self.nearest_cached(squeezed, Some(cache))
    }
}

/// Longest listed name read for words around a skill's name
/// ([`Taxonomy::around_wrappers`]): as long as a name read as several
/// skills may be.
const MAX_WRAPPED_NAME_BYTES: usize = 64;

/// Whether a word set aside around a name (normalised) is in one of a
/// skill's `forms` (normalised): as a part of one ("native" of "react
/// native", "architect" of "enterprise architecture"), or, for a number,
/// as a number of about its length there (a typo of "27001" in "iso
/// 27001"; not the "6" of "grafana k6" for "4").
fn keeps_word(forms: &[String], word: &str) -> bool {
    if word.is_empty() || forms.iter().any(|form| form.contains(word)) {
        return true;
    }
    word.starts_with(|c: char| c.is_ascii_digit())
        && forms.iter().any(|form| {
            form.split(' ').any(|number| {
                number.starts_with(|c: char| c.is_ascii_digit())
                    && number.len().abs_diff(word.len()) <= 1
            })
        })
}

/// Tokens of a name read for
/// [`WRAPPER_WORDS`](super::vocabulary::WRAPPER_WORDS): split at spaces,
/// brackets and colons ("Go (5 years)", "Grafana: 4"), each a byte range.
fn wrapper_tokens(name: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    name.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ':'))
        .filter(|token| !token.is_empty())
        // Each token is a slice of `name`: its offset is the distance.
        .map(move |token| {
            let start = token.as_ptr() as usize - name.as_ptr() as usize;
            start..start + token.len()
        })
}

/// Whether a token of a name says who or how well: a
/// [`WRAPPER_WORDS`](super::vocabulary::WRAPPER_WORDS) word, punctuation
/// alone ("-" of "Go - Expert"), a number or rating ("5", "5+", "1-3",
/// "0/5", "80%") or years in one word ("2y", "6mos": a
/// [`JOINED_UNITS`] unit).
pub(crate) fn is_wrapper(token: &str) -> bool {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return true;
    }
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        let digits = word.trim_start_matches(|c: char| c.is_ascii_digit() || ".,+-/%".contains(c));
        return digits.is_empty()
            || JOINED_UNITS
                .iter()
                .any(|unit| digits.eq_ignore_ascii_case(unit));
    }
    is_wrapper_word(word)
}

/// Names longer than this skip the per-thread memo (pastes, junk).
const MAX_MEMO_KEY_BYTES: usize = 64;
/// Entries per generation of the per-thread memo.
const RAW_MEMO_ENTRIES: usize = 32_768;

/// A bounded memo that forgets in bulk but keeps what is in use: entries
/// live in a young and an old generation; when the young one is full it
/// becomes the old one (the previous old one is dropped), and a hit in the
/// old generation moves the entry back to the young one. Names that recur
/// survive any flood of one-off strings, and memory stays at most twice
/// `capacity` entries.
struct Generations<V> {
    young: FastMap<Box<str>, V>,
    old: FastMap<Box<str>, V>,
    capacity: usize,
}

impl<V: Copy> Generations<V> {
    fn new(capacity: usize) -> Self {
        Generations {
            young: FastMap::default(),
            old: FastMap::default(),
            capacity: capacity.max(1),
        }
    }

    fn get(&mut self, key: &str) -> Option<V> {
        if let Some(value) = self.young.get(key) {
            return Some(*value);
        }
        let (key, value) = self.old.remove_entry(key)?;
        self.insert(key, value);
        Some(value)
    }

    fn insert(&mut self, key: Box<str>, value: V) {
        if self.young.len() >= self.capacity {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(key, value);
    }

    fn clear(&mut self) {
        self.young.clear();
        self.old.clear();
    }

    fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

/// Per-thread memo of names as typed. `owner` is the taxonomy instance the
/// answers belong to, so a swapped-in taxonomy never sees stale answers.
struct RawMemo {
    owner: u64,
    hasher: foldhash::fast::FixedState,
    /// Names seen at least twice, stored inline: a pool's few thousand
    /// common names answer from here with one cache line.
    hot: HotNames,
    answers: Generations<Resolution>,
}

thread_local! {
    static RAW_MEMO: std::cell::RefCell<RawMemo> = std::cell::RefCell::new(RawMemo {
        owner: 0,
        hasher: foldhash::fast::FixedState::default(),
        hot: HotNames::new(),
        answers: Generations::new(RAW_MEMO_ENTRIES),
    });
}

/// Slots of the hot-name table (32 bytes each).
const HOT_NAMES: usize = 8192;
/// Longest name the hot table holds inline.
const HOT_NAME_BYTES: usize = 24;

/// One hot-name slot: the name inline and its answer, packed in 32 bytes.
#[derive(Clone, Copy)]
struct HotName {
    len: u8,
    /// 0 = empty, 1 = exact, 2 = fuzzy, 3 = unknown, 4 = qualified.
    kind: u8,
    distance: u8,
    /// Recent use, saturating: raised by every hit, lowered by every name
    /// that wanted the slot and was turned away (see [`HotNames::put`]).
    uses: u8,
    key: [u8; HOT_NAME_BYTES],
    skill: u32,
}

/// A table of recurring names, each with two possible slots. A name seen
/// again takes a free slot, or the less used of its two once that one's
/// use count has worn down to nothing; until then each refused name wears
/// it down by one. So the few thousand names that make up most of a pool
/// stay, and a stream of one-off typos passes through the generational
/// memo behind this table instead of evicting them.
struct HotNames {
    slots: Box<[HotName]>,
}

impl HotNames {
    const EMPTY: HotName = HotName {
        len: 0,
        kind: 0,
        distance: 0,
        uses: 0,
        key: [0; HOT_NAME_BYTES],
        skill: 0,
    };

    fn new() -> HotNames {
        HotNames {
            slots: vec![Self::EMPTY; HOT_NAMES].into_boxed_slice(),
        }
    }

    fn clear(&mut self) {
        self.slots.fill(Self::EMPTY);
    }

    /// The two slots a name may occupy.
    fn places(hash: u64) -> [usize; 2] {
        [hash as usize % HOT_NAMES, (hash >> 32) as usize % HOT_NAMES]
    }

    /// Inlined: it answers nearly every listed skill of every candidate.
    #[inline(always)]
    fn get(&mut self, hash: u64, name: &str) -> Option<Resolution> {
        let places = Self::places(hash);
        let at = places.into_iter().find(|&at| {
            let slot = &self.slots[at];
            let len = usize::from(slot.len);
            slot.kind != 0 && len == name.len() && same_bytes(&slot.key, name.as_bytes())
        })?;
        let slot = &mut self.slots[at];
        slot.uses = slot.uses.saturating_add(1);
        Some(match slot.kind {
            1 => Resolution::Exact(SkillId(slot.skill)),
            2 => Resolution::Fuzzy {
                skill: SkillId(slot.skill),
                distance: slot.distance,
            },
            4 => Resolution::Qualified(SkillId(slot.skill)),
            _ => Resolution::Unknown,
        })
    }

    fn put(&mut self, hash: u64, name: &str, answer: Resolution) {
        if name.len() > HOT_NAME_BYTES {
            return;
        }
        let [first, second] = Self::places(hash);
        let victim = if self.slots[second].uses < self.slots[first].uses {
            second
        } else {
            first
        };
        let slot = &mut self.slots[victim];
        if slot.uses > 0 {
            slot.uses -= 1;
            return;
        }
        let (kind, skill, distance) = match answer {
            Resolution::Exact(skill) => (1, skill.0, 0),
            Resolution::Fuzzy { skill, distance } => (2, skill.0, distance),
            Resolution::Unknown => (3, 0, 0),
            Resolution::Qualified(skill) => (4, skill.0, 0),
        };
        let mut key = [0; HOT_NAME_BYTES];
        key[..name.len()].copy_from_slice(name.as_bytes());
        *slot = HotName {
            len: name.len() as u8,
            kind,
            distance,
            uses: 1,
            key,
            skill,
        };
    }
}

/// `key[..name.len()] == name` for a name that fits the key, compared a
/// word at a time inline (overlapping words cover every byte) rather than
/// by a library call: this runs for nearly every listed skill.
fn same_bytes(key: &[u8; HOT_NAME_BYTES], name: &[u8]) -> bool {
    fn word(bytes: &[u8], at: usize) -> Option<u64> {
        bytes
            .get(at..)?
            .first_chunk()
            .map(|w| u64::from_le_bytes(*w))
    }
    fn half(bytes: &[u8], at: usize) -> Option<u32> {
        bytes
            .get(at..)?
            .first_chunk()
            .map(|w| u32::from_le_bytes(*w))
    }
    let len = name.len();
    match len {
        0..4 => key.get(..len) == Some(name),
        4..8 => half(key, 0) == half(name, 0) && half(key, len - 4) == half(name, len - 4),
        8..=HOT_NAME_BYTES => {
            word(key, 0) == word(name, 0)
                && word(key, len - 8) == word(name, len - 8)
                && (len <= 16 || word(key, 8) == word(name, 8))
        }
        _ => false,
    }
}

const SHARDS: usize = 16;

/// A bounded, thread-safe memo of typo-tolerant resolutions, shared by the
/// threads of one engine: 16 shards, each a two-generation memo, holding
/// `capacity` entries at most in all.
pub struct ResolverCache {
    shards: Vec<Mutex<Generations<Resolution>>>,
    hasher: RandomState,
}

impl ResolverCache {
    /// A cache holding about `capacity` entries at most.
    pub fn new(capacity: usize) -> ResolverCache {
        let per_generation = capacity / SHARDS / 2;
        ResolverCache {
            shards: (0..SHARDS)
                .map(|_| Mutex::new(Generations::new(per_generation)))
                .collect(),
            hasher: RandomState::new(),
        }
    }

    fn shard(&self, key: &str) -> &Mutex<Generations<Resolution>> {
        let at = self.hasher.hash_one(key) as usize % SHARDS;
        &self.shards[at]
    }

    fn get(&self, key: &str) -> Option<Resolution> {
        let mut shard = self.shard(key).lock().unwrap_or_else(|e| e.into_inner());
        shard.get(key)
    }

    fn put(&self, key: String, value: Resolution) {
        let mut shard = self.shard(&key).lock().unwrap_or_else(|e| e.into_inner());
        shard.insert(key.into_boxed_str(), value);
    }

    /// Number of memoised entries (for tests and metrics).
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).len())
            .sum()
    }

    /// True when nothing is memoised.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for ResolverCache {
    fn default() -> Self {
        ResolverCache::new(100_000)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{
        compact, max_distance, normalise, osa_within, same_bytes, too_long_to_resolve, BitCounts,
        HotNames, NearestSkill, Resolution, HOT_NAMES, HOT_NAME_BYTES, MAX_FUZZY_CHARS,
        MIN_FUZZY_CHARS,
    };
    use crate::taxonomy::{SkillId, Taxonomy};

    /// Tokens of a name set aside around it: its words
    /// ([`WRAPPER_WORDS`](crate::taxonomy::vocabulary::WRAPPER_WORDS)),
    /// numbers, ratings and years.
    #[test]
    fn wrapper_tokens_are_words_numbers_and_years() {
        use super::is_wrapper;
        use crate::taxonomy::vocabulary::WRAPPER_WORDS;
        for word in WRAPPER_WORDS {
            assert!(is_wrapper(word), "{word}");
        }
        for token in [
            "(5", "years)", "0/5", "1-3", "6mos", "2y", "-", "80%", "Senior,",
        ] {
            assert!(is_wrapper(token), "{token}");
        }
        for token in ["Java", "5S", "k8s", "certifications-x", "engineering", "3D"] {
            assert!(!is_wrapper(token), "{token}");
        }
    }

    #[test]
    fn names_in_use_keep_their_hot_slots_through_a_flood_of_one_offs() {
        let hasher = foldhash::fast::FixedState::default();
        let hash = |name: &str| std::hash::BuildHasher::hash_one(&hasher, name);
        let mut hot = HotNames::new();
        let common: Vec<String> = (0..HOT_NAMES / 4).map(|i| format!("skill {i}")).collect();
        // As the memo offers them: on every sighting that misses the table.
        for _ in 0..4 {
            for (i, name) in common.iter().enumerate() {
                if hot.get(hash(name), name).is_none() {
                    hot.put(hash(name), name, Resolution::Exact(SkillId(i as u32)));
                }
            }
        }
        // A name whose two slots both hold names as busy as itself stays
        // out (the memo behind the table answers it): a few at this load.
        let held: Vec<&String> = common
            .iter()
            .filter(|name| hot.get(hash(name), name).is_some())
            .collect();
        assert!(held.len() * 100 >= common.len() * 95, "{} held", held.len());
        for round in 0..3 {
            // Used now and then between floods...
            for name in &held {
                for _ in 0..16 {
                    assert!(hot.get(hash(name), name).is_some(), "round {round}: {name}");
                }
            }
            // ...of a table's worth of one-off names, each offered a slot
            // (as if seen twice).
            for i in 0..HOT_NAMES {
                let typo = format!("typo {round} {i}");
                hot.put(hash(&typo), &typo, Resolution::Unknown);
            }
        }
        // A name only ever offered a full table's worth of competition once
        // still finds room: slots of unused names wear down and free up.
        let late = "late comer";
        for _ in 0..8 {
            if hot.get(hash(late), late).is_none() {
                hot.put(hash(late), late, Resolution::Unknown);
            }
        }
        assert_eq!(hot.get(hash(late), late), Some(Resolution::Unknown));
        // Answers come back as stored.
        assert_eq!(
            hot.get(hash(&common[7]), &common[7]),
            Some(Resolution::Exact(SkillId(7)))
        );
    }

    fn builtin() -> &'static Taxonomy {
        static BUILT: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
        BUILT.get_or_init(|| Taxonomy::builtin().expect("built-in taxonomy loads"))
    }

    /// The search without its index: every form within the shorter of the
    /// two names' budgets (by strsim's distance) is offered to the same
    /// choice the index's candidates are.
    fn nearest_by_brute_force(taxonomy: &Taxonomy, query: &str) -> Resolution {
        let chars = query.chars().count();
        if !(MIN_FUZZY_CHARS..=MAX_FUZZY_CHARS).contains(&chars) {
            return Resolution::Unknown;
        }
        let mut nearest = NearestSkill::default();
        for (form, skill) in &taxonomy.fuzzy.forms {
            let query_chars: Vec<char> = query.chars().collect();
            let form_chars = form;
            let form: String = form.iter().collect();
            let allowed = max_distance(chars).min(max_distance(form.chars().count()));
            let distance = strsim::osa_distance(query, &form);
            if distance <= allowed && super::typo_allowed(&query_chars, form_chars, distance) {
                nearest.offer(distance, *skill);
            }
        }
        nearest.resolution()
    }

    /// Random edits (kind, place, character) over `alphabet`.
    fn edits(
        alphabet: &'static str,
    ) -> impl Strategy<Value = Vec<(u8, prop::sample::Index, String)>> {
        prop::collection::vec((0u8..4, any::<prop::sample::Index>(), alphabet), 0..4)
    }

    /// `text` with `edits` applied: substitutions, insertions, deletions and
    /// adjacent transpositions (what OSA counts as one edit).
    fn apply_edits(text: &str, edits: Vec<(u8, prop::sample::Index, String)>) -> String {
        let mut b: Vec<char> = text.chars().collect();
        for (kind, at, c) in edits {
            let c = c.chars().next().unwrap_or('a');
            let i = if b.is_empty() { 0 } else { at.index(b.len()) };
            match kind {
                0 if !b.is_empty() => b[i] = c,
                1 => b.insert(i, c),
                2 if !b.is_empty() => {
                    b.remove(i);
                }
                _ if i + 1 < b.len() => b.swap(i, i + 1),
                _ => {}
            }
        }
        b.into_iter().collect()
    }

    /// A compact form of the built-in taxonomy with up to three random
    /// edits (so within, at and past the typo budgets).
    fn misspelt_form() -> impl Strategy<Value = String> {
        let forms: Vec<String> = builtin()
            .fuzzy
            .forms
            .iter()
            .map(|(chars, _)| chars.iter().collect())
            .collect();
        (prop::sample::select(forms), edits("[a-z0-9é]"))
            .prop_map(|(form, edits)| apply_edits(&form, edits))
    }

    /// `a` and `a` with a few random edits.
    fn edited() -> impl Strategy<Value = (String, String)> {
        ("[abcé]{0,12}", edits("[abcé]")).prop_map(|(a, edits)| {
            let b = apply_edits(&a, edits);
            (a, b)
        })
    }

    proptest! {
        // Each case compares with every form: a few hundred suffice.
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// The bigram-pruned search finds exactly what comparing the name
        /// with every form finds.
        #[test]
        fn typo_index_agrees_with_brute_force(query in misspelt_form()) {
            let taxonomy = builtin();
            prop_assert_eq!(
                taxonomy.fuzzy.nearest(&query),
                nearest_by_brute_force(taxonomy, &query),
                "{:?}", query
            );
        }
    }

    proptest! {
        /// The hot table's word-wise comparison is slice equality, for
        /// names that differ anywhere (or only in padding) and at every length.
        #[test]
        fn hot_key_comparison_is_slice_equality(
            stored in prop::collection::vec(prop::sample::select(vec![0u8, b'a', b'b', 0xC3]), 0..=HOT_NAME_BYTES),
            name in prop::collection::vec(prop::sample::select(vec![0u8, b'a', b'b', 0xC3]), 0..=HOT_NAME_BYTES),
        ) {
            let mut key = [0u8; HOT_NAME_BYTES];
            key[..stored.len()].copy_from_slice(&stored);
            prop_assert_eq!(same_bytes(&key, &name), key[..name.len()] == name[..]);
        }

        /// The bit-sliced counters count like one counter a form, for any
        /// number of bitsets a query can add and any threshold.
        #[test]
        fn bit_counts_count_each_form(
            sets in prop::collection::vec(any::<u64>(), 0..=MAX_FUZZY_CHARS + 1),
            needed in 0u32..=MAX_FUZZY_CHARS as u32 + 2,
        ) {
            let mut counts = BitCounts::default();
            for &set in &sets {
                counts.add(set);
            }
            let expected = (0..64).fold(0u64, |mask, bit| {
                let count = sets.iter().filter(|&&set| set >> bit & 1 == 1).count() as u32;
                mask | (u64::from(count >= needed) << bit)
            });
            prop_assert_eq!(counts.at_least(needed), expected);
        }

        /// The bounded distance agrees with strsim's wherever it is within the limit.
        #[test]
        fn bounded_osa_agrees_with_strsim((a, b) in edited(), limit in 0usize..4) {
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            let exact = strsim::osa_distance(&a, &b);
            let expected = (exact <= limit).then_some(exact);
            prop_assert_eq!(osa_within(&chars(&a), &chars(&b), limit), expected);
        }

        /// The early "too long" answer is only given for names whose normal
        /// and compact forms really are longer than the limit.
        #[test]
        fn too_long_means_longer_forms(name in "[ a-zA-Z0-9_./,;:()\\-\"'éİ\u{a0}]{0,40}", limit in 0usize..20) {
            if too_long_to_resolve(&name, limit) {
                let normal = normalise(&name);
                prop_assert!(normal.chars().count() > limit, "{:?} -> {:?}", name, normal);
                prop_assert!(compact(&normal).chars().count() > limit, "{:?}", name);
            }
        }
    }
}
