//! Finding skills in prose with a word trie.
//!
//! Every name and alias is a pattern (ASCII case-insensitive), split into
//! *units*: runs of word characters and single other characters
//! ("node.js" = `node` `.` `js`). The patterns form a trie over units, kept
//! as one hash table of edges. Names start at a word start (or with
//! punctuation such as ".NET"), so the text is read unit by unit from each
//! such point while the trie has an edge for the next unit: a word that
//! starts no name costs one or two table lookups. (This replaced an
//! Aho-Corasick automaton: on a 13,000-pattern taxonomy its transitions
//! missed the cache on nearly every word of every resume, and building it
//! cost 0.1 s at start-up. A test keeps the automaton as the reference and
//! checks that both read texts alike.)
//!
//! A raw hit only counts when it sits on word boundaries and passes the
//! skill's prose rules: exact capitalisation for names that are also English
//! words ("Go" the language, not "go" the verb), a veto on hyphenated
//! compounds and on verb phrases ("go-for-it", "Go to"), and a required
//! context word for the truly ambiguous ("Chef" needs cookbooks or Ansible
//! nearby). Overlapping hits are settled leftmost-longest, so "JavaScript"
//! never yields "Java" and "GitLab" never yields "Git".

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use memchr::memmem::Finder;
use smallvec::SmallVec;

use super::vocabulary::{
    starts_with_country, HONORIFICS, PLACE_PHRASES, PLACE_PHRASE_ENDS, PLACE_PHRASE_LEADS,
};
use super::{negation, Skill, SkillId};

/// One skill mention found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The skill mentioned.
    pub skill: SkillId,
    /// Byte offset where the mention starts.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
}

struct Pattern {
    skill: SkillId,
    /// The pattern, ASCII-lowercased.
    text: Box<[u8]>,
    /// When set, the text must read exactly this (or its upper-case form).
    exact: Option<String>,
    /// The pattern begins (ends) with a word character, so a hit must not
    /// have one just before (after) it. Known from the pattern: a hit reads
    /// the same characters up to ASCII case.
    starts_word: bool,
    ends_word: bool,
}

/// [`Node::pattern`] of a node with no pattern ending there.
const NO_PATTERN: u32 = u32::MAX;
const ROOT: u32 = 0;

/// One trie node, as the walk reads it.
#[derive(Clone, Copy)]
struct Node {
    /// The pattern ending here, or [`NO_PATTERN`].
    pattern: u32,
    /// One bit per [`BYTE_CLASS`] that begins some unit leading on from
    /// here (0: a leaf). The walk reads the next byte of the text before
    /// hashing the next unit: most names are one word with nothing after
    /// them, and the units that could follow a name's first word are few
    /// (after ".", as in ".NET", only "n"; not the space that ends every
    /// sentence).
    next_classes: u32,
}

/// A byte's class for [`Node::next_classes`]: the 26 letters (either
/// case, as matching folds ASCII case), digits, space, `-`, `.`, other
/// ASCII, and the bytes of other characters: 32 classes.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [31u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = match byte {
            b'a'..=b'z' => byte - b'a',
            b'A'..=b'Z' => byte - b'A',
            b'0'..=b'9' => 26,
            b' ' => 27,
            b'-' => 28,
            b'.' => 29,
            _ => 30,
        };
        b += 1;
    }
    table
};

fn class_bit(byte: u8) -> u32 {
    1 << BYTE_CLASS[usize::from(byte)]
}

pub(super) struct Extractor {
    patterns: Vec<Pattern>,
    /// Trie edges from the root: the first unit of a name. Looked up at
    /// every word of every text, so kept apart and small.
    first_edges: EdgeTable,
    /// The other trie edges, keyed by a hash of (node, unit).
    edges: EdgeTable,
    /// By skill: searchers for its context words (lowercase), built once
    /// rather than at every mention.
    context: Vec<Vec<Finder<'static>>>,
    reject_next: Vec<Vec<String>>,
    reject_prev: Vec<Vec<String>>,
    /// Words (lowercase) that make a name before them part of a proper
    /// name: "Ruby Tuesday", "Swift Industries" (see
    /// [`Extractor::names_an_organisation`]).
    organisation_words: Vec<String>,
    /// Their unit hashes, and a 1,024-bit filter over them: a capitalised
    /// word after a name ("Spring Boot", "Java Developer") is turned away
    /// by one hash and one bit, not by comparing it with each word.
    organisation_units: Vec<u64>,
    organisation_filter: WideFilter,
    /// The words that may deny a mention after them
    /// ([`negation::DENIAL_UNITS`]), by unit hash: reading a resume notes
    /// whether one occurs at the cost of a multiply and a comparison a
    /// word.
    denial_table: DenialTable,
    /// By skill: whether one of its names holds such a word ("eager to
    /// learn"), which a reader skipping past the name would not see.
    name_may_deny: Vec<bool>,
}

/// Open-addressing table from edge to child node, 8 bytes a slot: a
/// well-mixed 64-bit key picks the home slot by its low bits and is
/// recognised by its high 32 (the fingerprint).
///
/// The fingerprints of the trie's own edges are distinct (the build picks a
/// seed for which they are), so every pattern edge is found exactly; a text
/// unit that no pattern uses may still land on some edge, which is why a
/// candidate name is compared with the text before it counts.
struct EdgeTable {
    seed: u64,
    /// Fingerprint 0 marks an empty slot.
    slots: Vec<EdgeSlot>,
    mask: usize,
    /// One bit per value of 16 key bits, set where some edge's key has
    /// them: 8 KiB that stay in the first-level cache, where the slots do
    /// not, so a unit that starts no name (most words of prose) is turned
    /// away without touching the slots.
    present: Box<[u64]>,
}

/// One edge: its key's fingerprint, the child node it leads to and that
/// node's [`Node`] record, kept in the slot so that following an edge
/// costs one memory access, not two (the walk needs the child's record
/// at once, and a separate node array missed the cache as often as the
/// slots did).
#[derive(Clone, Copy)]
struct EdgeSlot {
    fingerprint: u32,
    child: u32,
    node: Node,
}

const EMPTY_SLOT: EdgeSlot = EdgeSlot {
    fingerprint: 0,
    child: 0,
    node: Node {
        pattern: NO_PATTERN,
        next_classes: 0,
    },
};

/// Bits of the [`EdgeTable::present`] filter.
const PRESENT_BITS: usize = 1 << 16;

/// The filter bit of an edge key (bits the slot index does not use for
/// tables under 2^16 slots).
fn present_bit(key: u64) -> usize {
    (key >> 16) as usize & (PRESENT_BITS - 1)
}

impl EdgeTable {
    /// Places `edges` ((node, unit hash) -> child), trying seeds until no two
    /// edge keys collide (and none is the empty marker).
    fn build(edges: &[((u32, u64), u32)], nodes: &[Node]) -> EdgeTable {
        let capacity = (edges.len() * 2).next_power_of_two().max(16);
        let mut seed = 0u64;
        loop {
            let mut table = EdgeTable {
                seed,
                slots: vec![EMPTY_SLOT; capacity],
                mask: capacity - 1,
                present: vec![0; PRESENT_BITS / 64].into_boxed_slice(),
            };
            let mut fingerprints = HashSet::with_capacity(edges.len());
            let placed = edges.iter().all(|&((node, unit), child)| {
                let key = table.key(node, unit);
                fingerprint(key) != 0 && fingerprints.insert(fingerprint(key)) && {
                    table.insert(key, child, nodes[child as usize]);
                    true
                }
            });
            if placed {
                return table;
            }
            seed += 1;
        }
    }

    fn key(&self, node: u32, unit_hash: u64) -> u64 {
        let mut k =
            unit_hash ^ (u64::from(node) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.seed;
        k = (k ^ (k >> 32)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        k ^ (k >> 29)
    }

    fn insert(&mut self, key: u64, child: u32, node: Node) {
        let mut i = key as usize & self.mask;
        while self.slots[i].fingerprint != 0 {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = EdgeSlot {
            fingerprint: fingerprint(key),
            child,
            node,
        };
        let bit = present_bit(key);
        self.present[bit / 64] |= 1 << (bit % 64);
    }

    /// The child of `node` along the unit with hash `unit_hash`, and its record.
    fn child(&self, node: u32, unit_hash: u64) -> Option<(u32, Node)> {
        let key = self.key(node, unit_hash);
        let bit = present_bit(key);
        if self.present[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let wanted = fingerprint(key);
        let mut i = key as usize & self.mask;
        loop {
            let slot = &self.slots[i];
            // Empty first: a text unit's key may have the empty marker as
            // its fingerprint (no edge's has).
            if slot.fingerprint == 0 {
                return None;
            }
            if slot.fingerprint == wanted {
                return Some((slot.child, slot.node));
            }
            i = (i + 1) & self.mask;
        }
    }
}

const FNV_BASIS: u64 = 0xCBF2_9CE4_8422_2325;

const FNV_PRIME: u64 = 0x0000_0100_0000_01B3;

/// One FNV-1a step over a byte already lowercased.
fn fnv_step(hash: u64, folded: u8) -> u64 {
    (hash ^ u64::from(folded)).wrapping_mul(FNV_PRIME)
}

/// [`WORD_FOLD`] of an ASCII byte that is not a word character.
const NOT_WORD: u8 = 0;
/// [`WORD_FOLD`] of a byte of a non-ASCII character.
const NOT_ASCII: u8 = 0x80;

/// Per byte: the lowercase form of an ASCII word character (1 to 0x7F, so
/// positive as an `i8`, unlike the two markers), [`NOT_WORD`] for other
/// ASCII, [`NOT_ASCII`] for the bytes of other characters.
const WORD_FOLD: [u8; 256] = {
    let mut table = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = if ASCII_WORD[b] {
            (b as u8).to_ascii_lowercase()
        } else {
            NOT_WORD
        };
        b += 1;
    }
    table
};

fn fingerprint(key: u64) -> u32 {
    (key >> 32) as u32
}

/// The unit hashes of [`negation::DENIAL_UNITS`] in a table of 64 slots,
/// each in a slot of its own under a multiplier the build picks: whether a
/// unit is one is a multiply, a shift and one comparison (looked up at
/// every word of a resume until one is seen; a one-word filter and a scan
/// passed a fifth of all words once it held 16 words).
struct DenialTable {
    multiplier: u64,
    slots: [u64; 64],
}

impl DenialTable {
    fn new(units: &[u64]) -> DenialTable {
        // 16 units in 64 slots: about one multiplier in seven places them
        // apart (the list is a constant: this never runs long).
        let mut multiplier = 0x9E37_79B9_7F4A_7C15u64;
        loop {
            let mut slots = [0u64; 64];
            let mut taken = 0u64;
            let apart = units.iter().all(|&unit| {
                let slot = Self::slot(multiplier, unit);
                let free = taken & (1 << slot) == 0;
                taken |= 1 << slot;
                slots[slot] = unit;
                free
            });
            if apart {
                // An empty slot holds 0: a unit hashing to 0 would be
                // taken for a denial word, which only costs a closer look.
                return DenialTable { multiplier, slots };
            }
            multiplier = multiplier.wrapping_add(0x6A09_E667_F3BC_C909) | 1;
        }
    }

    fn slot(multiplier: u64, unit: u64) -> usize {
        (unit.wrapping_mul(multiplier) >> 58) as usize
    }

    #[inline(always)]
    fn holds(&self, unit: u64) -> bool {
        self.slots[Self::slot(self.multiplier, unit)] == unit
    }
}

/// A 1,024-bit filter over a few unit hashes (each sets the bit its top
/// ten bits name: the FNV multiply mixes those best), so that nearly every
/// other unit is turned away by one bit rather than compared with each
/// hash. (A one-word filter passed a fifth of all words once it held the
/// 16 denial words.)
#[derive(Clone, Copy)]
struct WideFilter([u64; 16]);

impl WideFilter {
    fn new(units: &[u64]) -> WideFilter {
        let mut bits = [0u64; 16];
        for &unit in units {
            let bit = (unit >> 54) as usize;
            bits[bit / 64] |= 1 << (bit % 64);
        }
        WideFilter(bits)
    }

    /// Whether `unit` may be one of the filter's.
    #[inline(always)]
    fn may_hold(&self, unit: u64) -> bool {
        let bit = (unit >> 54) as usize;
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// FNV-1a over the ASCII-lowercased bytes of a unit.
fn unit_hash(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(FNV_BASIS, |h, &b| fnv_step(h, b.to_ascii_lowercase()))
}

/// ASCII bytes that are word characters (see [`is_word`]).
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Surface variants a page may use for one form: hyphen/space swaps for
/// multi-word names and a plural for longer ones.
fn variants(form: &str, exact: bool) -> SmallVec<[String; 4]> {
    let mut out: SmallVec<[String; 4]> = SmallVec::new();
    out.push(form.to_string());
    if form.contains(' ') {
        out.push(form.replace(' ', "-"));
    }
    if form.contains('-') && form.len() > 3 {
        out.push(form.replace('-', " "));
    }
    if !exact && form.chars().count() >= 4 && form.ends_with(|c: char| c.is_ascii_alphabetic()) {
        for i in 0..out.len() {
            // Sized once, not grown through the formatting machinery:
            // start-up makes thousands of these.
            let mut plural = String::with_capacity(out[i].len() + 1);
            plural.push_str(&out[i]);
            plural.push('s');
            out.push(plural);
        }
    }
    out
}

/// Every (lowercased pattern text, skill, exact spelling) the taxonomy's
/// names and aliases produce, first spelling of a text winning.
fn pattern_forms(skills: &[Skill]) -> Vec<(String, SkillId, Option<String>)> {
    // About 15 patterns a skill: 13,324 for the built-in taxonomy's 867.
    let mut out = Vec::with_capacity(skills.len() * 16);
    let mut seen = HashSet::with_capacity(skills.len() * 16);
    for (i, skill) in skills.iter().enumerate() {
        let id = SkillId(i as u32);
        let forms = std::iter::once(&skill.name).chain(skill.aliases.iter());
        for form in forms {
            let form = form.trim();
            if form.is_empty() {
                continue;
            }
            // The capitalisation that counts is the `exact_case` entry's,
            // whatever the spelling of the alias.
            let exact = skill
                .exact_case
                .iter()
                .find(|e| e.trim().eq_ignore_ascii_case(form))
                .map(|e| e.trim().to_string());
            let spelling = exact.as_deref().unwrap_or(form);
            for variant in variants(spelling, exact.is_some()) {
                // The variant itself becomes the key unless its spelling
                // must be kept (start-up builds some 13,000 of these).
                let (mut key, spelling) = match exact {
                    Some(_) => (variant.clone(), Some(variant)),
                    None => (variant, None),
                };
                key.make_ascii_lowercase();
                if seen.contains(&key) {
                    continue;
                }
                seen.insert(key.clone());
                out.push((key, id, spelling));
            }
        }
    }
    out
}

/// Whether a name ending in "learning" may deny the mention after it, as
/// "currently learning" would: when "learning" is its only word or follows
/// a word that puts it under way ([`negation::is_learning_cue`]). Never
/// "machine learning", "deep learning".
fn name_denies_by_learning(name: &str) -> bool {
    // Words as the denial reader splits them, at spaces; a word with
    // punctuation ("i'm") is taken to be a cue rather than looked at.
    let mut words = name.rsplit(' ').filter(|w| !w.is_empty());
    words.next() == Some("learning")
        && words.next().is_none_or(|before| {
            !before.bytes().all(|b| b.is_ascii_alphanumeric())
                || negation::is_learning_cue(before.as_bytes())
        })
}

/// Length in bytes of the unit `text` starts with: its run of word
/// characters, or its first character when that is not a word character.
fn unit_len(text: &str) -> usize {
    let mut chars = text.char_indices();
    match chars.next() {
        None => 0,
        Some((_, c)) if !is_word(c) => c.len_utf8(),
        Some(_) => chars
            .find(|&(_, c)| !is_word(c))
            .map_or(text.len(), |(i, _)| i),
    }
}

impl Extractor {
    pub(super) fn new(skills: &[Skill], organisation_words: Vec<String>) -> Extractor {
        let forms = pattern_forms(skills);
        let mut patterns = Vec::with_capacity(forms.len());
        let leaf = Node {
            pattern: NO_PATTERN,
            next_classes: 0,
        };
        // Fewer than two nodes (and edges) a pattern: 18,304 for 13,324.
        let mut nodes = Vec::with_capacity(forms.len() * 2);
        nodes.push(leaf);
        let mut children: HashMap<(u32, &[u8]), u32> = HashMap::with_capacity(forms.len() * 2);
        // Edges ((node, unit hash), child) in the order they are made, which
        // is deterministic (placement order decides probe sequences), those
        // from the root apart.
        let mut first: Vec<((u32, u64), u32)> = Vec::new();
        let mut rest_edges: Vec<((u32, u64), u32)> = Vec::new();
        let denial_units: Vec<u64> = negation::DENIAL_UNITS
            .iter()
            .map(|word| unit_hash(word.as_bytes()))
            .collect();
        // "learning" denies only right before a mention and after a word
        // that puts it under way: inside "machine learning" it cannot,
        // and a fifth of resumes name that (see `name_denies_by_learning`).
        let learning = unit_hash(b"learning");
        let organisation_units: Vec<u64> = organisation_words
            .iter()
            .map(|word| unit_hash(word.as_bytes()))
            .collect();
        // By node: whether the path to it holds a denial word.
        let mut path_denies = vec![false];
        let mut name_may_deny = vec![false; skills.len()];
        for (text, skill, exact) in &forms {
            let mut node = ROOT;
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let len = unit_len(rest);
                let unit = &rest.as_bytes()[..len];
                nodes[node as usize].next_classes |= class_bit(unit[0]);
                let next_node = nodes.len() as u32;
                let child = *children.entry((node, unit)).or_insert(next_node);
                if child == next_node {
                    nodes.push(leaf);
                    let hash = unit_hash(unit);
                    let denies = hash != learning && denial_units.contains(&hash);
                    path_denies.push(path_denies[node as usize] || denies);
                    let edge = ((node, hash), child);
                    if node == ROOT {
                        first.push(edge);
                    } else {
                        rest_edges.push(edge);
                    }
                }
                node = child;
                rest = &rest[len..];
            }
            // `pattern_forms` yields each text once, so the node is free.
            nodes[node as usize].pattern = patterns.len() as u32;
            name_may_deny[skill.index()] |=
                path_denies[node as usize] || name_denies_by_learning(text);
            patterns.push(Pattern {
                skill: *skill,
                text: text.as_bytes().into(),
                exact: exact.clone(),
                starts_word: text.starts_with(is_word),
                ends_word: text.ends_with(is_word),
            });
        }
        Extractor {
            patterns,
            first_edges: EdgeTable::build(&first, &nodes),
            edges: EdgeTable::build(&rest_edges, &nodes),
            context: skills
                .iter()
                .map(|s| {
                    s.context
                        .iter()
                        .map(|word| Finder::new(word).into_owned())
                        .collect()
                })
                .collect(),
            reject_next: skills.iter().map(|s| s.reject_next.clone()).collect(),
            reject_prev: skills.iter().map(|s| s.reject_prev.clone()).collect(),
            organisation_filter: WideFilter::new(&organisation_units),
            organisation_units,
            organisation_words,
            denial_table: DenialTable::new(&denial_units),
            name_may_deny,
        }
    }

    /// Whether a unit (by hash) is one of [`negation::DENIAL_UNITS`].
    #[inline(always)]
    fn may_deny(&self, unit: u64) -> bool {
        self.denial_table.holds(unit)
    }

    /// The hash and length of the unit at `at` (which holds a character).
    /// ASCII units, the bulk of any text, are hashed in the same pass that
    /// measures them, one table lookup a byte telling word characters (and
    /// their lowercase) from the rest; a unit that touches other characters
    /// is measured by characters. Inlined: it runs for every word of every
    /// resume, and a call costs about as much as a short word.
    #[inline(always)]
    fn unit_at(text: &str, at: usize) -> (u64, usize) {
        let bytes = text.as_bytes();
        let mut hash = FNV_BASIS;
        let mut end = at;
        while let Some(&b) = bytes.get(end) {
            let folded = WORD_FOLD[usize::from(b)];
            // One test for both NOT_WORD (0) and NOT_ASCII (0x80): the word
            // characters' lowercase forms are the positive bytes.
            if folded as i8 <= 0 {
                if folded == NOT_ASCII {
                    let len = unit_len(&text[at..]);
                    return (unit_hash(&bytes[at..at + len]), len);
                }
                break;
            }
            hash = fnv_step(hash, folded);
            end += 1;
        }
        if end == at {
            // A character that is not a word character is a unit of its own.
            return (unit_hash(&bytes[at..=at]), 1);
        }
        (hash, end - at)
    }

    #[cfg(test)]
    fn extract(&self, text: &str) -> Vec<Mention> {
        let mut chosen = Vec::new();
        self.extract_into(text, &mut chosen, false);
        chosen
    }

    /// [`Self::extract`], appending to `chosen`; with `claims_only`, leaves
    /// out the mentions [`negation::denied_before`] finds denied.
    pub(super) fn extract_into(&self, text: &str, chosen: &mut Vec<Mention>, claims_only: bool) {
        let bytes = text.as_bytes();
        let mut previous_is_word = false;
        // Whether a word that may deny a mention has been read: the few
        // texts with one pay for the closer look at each mention after it.
        let mut denial_seen = false;
        // Where the last denied mention ends: "not used Kubernetes, Docker
        // or Terraform" denies the list.
        let mut denied_until: Option<usize> = None;
        // A denial after a name sits behind a colon, a dash or a bracket:
        // most resumes have none of them, and skip that look at each name.
        let marks_after = claims_only
            && (memchr::memchr3(b':', b'-', b'(', bytes).is_some()
                || memchr::memchr(0xE2, bytes).is_some());
        let mut at = 0;
        // Only word starts and punctuation can start a name; taking the
        // longest accepted name there and jumping past it gives the
        // non-overlapping, leftmost-longest reading of the text.
        while at < bytes.len() {
            let (is_word_char, is_space, char_len) = match WORD_FOLD[usize::from(bytes[at])] {
                // (`char::is_whitespace` on ASCII: tab to carriage return, space.)
                NOT_WORD => (false, matches!(bytes[at], b'\t'..=b'\r' | b' '), 1),
                NOT_ASCII => match text[at..].chars().next() {
                    Some(c) => (is_word(c), c.is_whitespace(), c.len_utf8()),
                    None => break,
                },
                _ => (true, false, 1),
            };
            if is_space || (is_word_char && previous_is_word) {
                previous_is_word = is_word_char;
                at += char_len;
                continue;
            }
            let (unit, len) = Self::unit_at(text, at);
            if !denial_seen {
                denial_seen = self.may_deny(unit);
            } else if negation::ends_clause(bytes[at])
                && (bytes[at] != b',' || denied_until.is_none())
                && bytes.get(at + 1).is_none_or(u8::is_ascii_whitespace)
            {
                // A denial reaches no mention past the end of its clause
                // ("Currently learning Docker. Built services in Go"): the
                // mentions after one need no closer look. A comma may go
                // on with a denied list ("never used Java, Go"); a mark
                // before a letter may start a name (".NET"): neither ends
                // the look.
                denial_seen = false;
            }
            if let Some(reached) = self.first_edges.child(ROOT, unit) {
                if let Some(mention) = self.longest_accepted_at(reached, text, at, len) {
                    let denied = claims_only
                        && (denial_seen
                            && (negation::denied_before(text, mention.start)
                                || denied_until.is_some_and(|end| {
                                    negation::joins_a_list(&text[end..mention.start])
                                }))
                            || marks_after && negation::marked_denial_after(text, mention.end)
                            || negation::denied_in_words_after(text, mention.end));
                    if denied {
                        denied_until = Some(mention.end);
                    } else {
                        denied_until = None;
                        chosen.push(mention);
                    }
                    // A name's own words may deny the next one ("eager to
                    // learn" is a skill; "... learn Go" denies Go).
                    if claims_only && !denial_seen {
                        denial_seen = self.name_may_deny[mention.skill.index()];
                    }
                    previous_is_word = char_before(text, mention.end).is_some_and(is_word);
                    at = mention.end;
                    continue;
                }
            }
            // No name starts here, nor anywhere else inside this unit.
            previous_is_word = is_word_char;
            at += len;
        }
    }

    /// The longest name starting at `start` that passes the prose rules,
    /// trying shorter names when a longer one is rejected. `reached` is the
    /// trie node (id and record) reached by the first unit, `first_len`
    /// bytes long.
    fn longest_accepted_at(
        &self,
        reached: (u32, Node),
        text: &str,
        start: usize,
        first_len: usize,
    ) -> Option<Mention> {
        let mut ends: SmallVec<[(u32, usize); 4]> = SmallVec::new();
        let mut at = start + first_len;
        let (mut node, mut record) = reached;
        loop {
            let Node {
                pattern,
                next_classes,
            } = record;
            if pattern != NO_PATTERN {
                ends.push((pattern, at));
            }
            match text.as_bytes().get(at) {
                Some(&next) if next_classes & class_bit(next) != 0 => {}
                _ => break,
            }
            let (unit, len) = Self::unit_at(text, at);
            match self.edges.child(node, unit) {
                Some((child, child_record)) => {
                    node = child;
                    record = child_record;
                    at += len;
                }
                None => break,
            }
        }
        let span = &text.as_bytes()[start..];
        ends.iter().rev().find_map(|&(pattern, end)| {
            let pattern = &self.patterns[pattern as usize];
            let reads = span
                .get(..end - start)
                .is_some_and(|s| s.eq_ignore_ascii_case(&pattern.text));
            (reads && self.accept(text, pattern, start, end)).then_some(Mention {
                skill: pattern.skill,
                start,
                end,
            })
        })
    }

    fn accept(&self, text: &str, pattern: &Pattern, start: usize, end: usize) -> bool {
        // Matches are on ASCII-folded bytes, so a hit may split a multi-byte
        // character only if a pattern does; reject those outright.
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return false;
        }
        let found = &text[start..end];
        let before = char_before(text, start);
        let after = char_after(text, end);
        if pattern.starts_word && before.is_some_and(is_word) {
            return false;
        }
        if pattern.ends_word && after.is_some_and(|c| is_word(c) || c == '#' || c == '+') {
            return false;
        }
        // "Strong Customer Authentication (SCA)": an acronym defined by the
        // words before it names them, whatever skill it abbreviates
        // elsewhere (Software Composition Analysis); when they are that
        // skill's name, they are read as such.
        if before == Some('(') && after == Some(')') && defines_acronym(&text[..start - 1], found) {
            return false;
        }
        let skill = pattern.skill.index();
        if let Some(exact) = &pattern.exact {
            if found != exact && !other_case_counts(text, start, end, exact) {
                return false;
            }
            // "go-for-it", "C-level", "on-the-go": a compound word, not the skill.
            let compound_after =
                after == Some('-') && text[end + 1..].starts_with(char::is_alphabetic);
            if compound_after || before == Some('-') {
                return false;
            }
            // "R&D", "Q&A", "AT&T": an abbreviation, not the skill.
            if before == Some('&') || after == Some('&') {
                return false;
            }
        }
        // "Shift manager at Ruby Tuesday", "Machinist at Swift Industries":
        // an employer or a venue named after the skill is no mention of it.
        if self.names_an_organisation(text, end) {
            return false;
        }
        // "Dr. Ruby Smith", "a trip to Java", "Java, Indonesia": a person
        // or a place named as the skill is. Written capitalised, as a
        // proper name is: most names are out at the first byte.
        if found.as_bytes()[0].is_ascii_uppercase() && names_a_person_or_place(text, start, end) {
            return false;
        }
        // "Go to", "Series C", "guard rails", "spark plugs": whatever the
        // form, these neighbours mean another word.
        // (Most skills have no vetoes: two length tests, no calls.)
        let has_vetoes = !self.reject_next[skill].is_empty() || !self.reject_prev[skill].is_empty();
        if has_vetoes
            && (self.next_word_vetoes(skill, &text[end..])
                || self.previous_word_vetoes(skill, &text[..start]))
        {
            return false;
        }
        if !self.context[skill].is_empty() && !self.in_context(skill, text, start, end) {
            return false;
        }
        true
    }

    /// Whether the name ending at `end` is the first word of a proper name:
    /// one space, then a capitalised word of
    /// [`super::source::Loaded::organisation_words`] ("Ruby Tuesday",
    /// "Oracle Corporation", "Java Cafe"). Written capitalised because a
    /// proper name is: "Java coffee beans", "Go health checks" are left to
    /// the other rules. Most names are followed by punctuation or a
    /// lower-case word, and are out after two bytes, inline; the rest of
    /// the look is out of line, in [`Self::names_an_organisation_after`]
    /// (inlined, it slowed the reading of every word).
    #[inline(always)]
    fn names_an_organisation(&self, text: &str, end: usize) -> bool {
        let bytes = text.as_bytes();
        bytes.get(end) == Some(&b' ')
            && bytes
                .get(end + 1)
                .is_some_and(|&b| b.is_ascii_uppercase() || b >= 0x80)
            && self.names_an_organisation_after(text, end)
    }

    /// [`Self::names_an_organisation`] past its first two bytes.
    #[inline(never)]
    fn names_an_organisation_after(&self, text: &str, end: usize) -> bool {
        // After a space: a character boundary.
        let Some(rest) = text.get(end + 1..) else {
            return false;
        };
        if !matches!(rest.as_bytes().first(), Some(b'A'..=b'Z')) {
            return rest.as_bytes().first().is_some_and(|&b| b >= 0x80)
                && self.names_an_organisation_in_any_script(rest);
        }
        // An ASCII word: hashed as the trie hashes units, lowercased.
        let mut hash = FNV_BASIS;
        for (count, &b) in rest.as_bytes().iter().enumerate() {
            if b >= 0x80 {
                // "Café": compared by characters.
                return self.names_an_organisation_in_any_script(rest);
            }
            if !b.is_ascii_alphabetic() {
                break;
            }
            if count == MAX_VETO_CHARS {
                return false;
            }
            hash = fnv_step(hash, b.to_ascii_lowercase());
        }
        self.organisation_filter.may_hold(hash) && self.organisation_units.contains(&hash)
    }

    /// [`Self::names_an_organisation`] for a word with a character outside
    /// ASCII (rare): `rest` is the text after the space.
    #[cold]
    fn names_an_organisation_in_any_script(&self, rest: &str) -> bool {
        match rest.chars().next() {
            Some(c) if c.is_uppercase() => {}
            _ => return false,
        }
        let mut word_end = rest.len();
        for (count, (at, c)) in rest.char_indices().enumerate() {
            if !c.is_alphabetic() {
                word_end = at;
                break;
            }
            if count == MAX_VETO_CHARS {
                return false;
            }
        }
        is_veto(&self.organisation_words, &rest[..word_end])
    }

    fn next_word_vetoes(&self, skill: usize, rest: &str) -> bool {
        let vetoes = &self.reject_next[skill];
        if vetoes.is_empty() {
            return false;
        }
        let rest = rest.trim_start_matches([' ', '\t']);
        // The word after a slash too: "Go/No-Go decisions" (a slash
        // between two skills, "Go/Rust", names no veto).
        let rest = rest
            .strip_prefix('/')
            .map_or(rest, |after| after.trim_start_matches([' ', '\t']));
        // A word longer than any veto is none: stop looking there, or a
        // long run of letters ("GoでGoで...": kana are letters too) would
        // be walked once per mention in it.
        let mut end = rest.len();
        for (count, (at, c)) in rest.char_indices().enumerate() {
            if !is_veto_char(c) {
                end = at;
                break;
            }
            if count == MAX_VETO_CHARS {
                return false;
            }
        }
        is_veto(vetoes, &rest[..end])
    }

    fn previous_word_vetoes(&self, skill: usize, before: &str) -> bool {
        let vetoes = &self.reject_prev[skill];
        if vetoes.is_empty() {
            return false;
        }
        let before = before.trim_end_matches([' ', '\t']);
        // A veto of several words ("ready to": "Are you ready to Go?")
        // is the end of what comes before, whatever its case.
        if vetoes
            .iter()
            .any(|veto| veto.contains(' ') && ends_with_words(before, veto))
        {
            return true;
        }
        let mut start = 0;
        for (count, (at, c)) in before.char_indices().rev().enumerate() {
            if !is_veto_char(c) {
                start = at + c.len_utf8();
                break;
            }
            if count == MAX_VETO_CHARS {
                return false;
            }
        }
        is_veto(vetoes, &before[start..])
    }

    fn in_context(&self, skill: usize, text: &str, start: usize, end: usize) -> bool {
        // The line, up to CONTEXT_REACH bytes either side: a text of one
        // long line would otherwise be read whole for each mention in it.
        let reach_start =
            crate::encoding::floor_char_boundary(text, start.saturating_sub(CONTEXT_REACH));
        let reach_end = crate::encoding::ceil_char_boundary(text, end + CONTEXT_REACH);
        let line_start = text[reach_start..start]
            .rfind('\n')
            .map_or(reach_start, |i| reach_start + i + 1);
        let line_end = text[end..reach_end]
            .find('\n')
            .map_or(reach_end, |i| end + i);
        let line = &text[line_start..line_end];
        let words = &self.context[skill];
        if line.is_ascii() {
            // ASCII lowercase is `to_lowercase` here, and needs no allocation
            // for a line of ordinary length.
            let mut lower: SmallVec<[u8; 512]> = SmallVec::from_slice(line.as_bytes());
            lower.make_ascii_lowercase();
            words.iter().any(|word| word.find(&lower).is_some())
        } else {
            let lower = line.to_lowercase();
            words
                .iter()
                .any(|word| word.find(lower.as_bytes()).is_some())
        }
    }
}

/// Whether the capitalised name at `start..end` of `text` is a person's
/// or a place's: after an honorific ("Mr. Jenkins", "Dr. Ruby Smith"),
/// after words that go to or live in a place ("a trip to Java", "born in
/// Java": [`PLACE_PHRASES`]), or before a country's name behind a comma
/// or a bracket ("Java, Indonesia", "Java (Indonesia)"). Phrases a
/// language fits as well ("worked in Java", "moved from Java to Kotlin")
/// are none of these.
#[inline(never)]
fn names_a_person_or_place(text: &str, start: usize, end: usize) -> bool {
    let before = without_trailing_blanks(&text[..start]);
    if before.len() < start {
        // The word before, without a period after it ("Dr." of "Dr. Ruby").
        let bare = before.strip_suffix('.').unwrap_or(before);
        let word_start = bare
            .bytes()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |at| at + 1);
        let word = &bare[word_start..];
        // (Honorifics are two to four letters, capitalised.)
        if (2..=4).contains(&word.len())
            && word.as_bytes()[0].is_ascii_uppercase()
            && HONORIFICS.binary_search(&word).is_ok()
        {
            return true;
        }
        if bare.len() == before.len() && after_a_place_phrase(before, word) {
            return true;
        }
    }
    let after = &text[end..];
    let behind = after
        .strip_prefix(", ")
        .or_else(|| after.strip_prefix(" ("));
    behind.is_some_and(starts_with_country)
}

/// `text` without the spaces and tabs it ends with (a byte loop: this is
/// on every capitalised mention, and `trim_end_matches` decodes characters).
fn without_trailing_blanks(text: &str) -> &str {
    let kept = text
        .bytes()
        .rposition(|b| b != b' ' && b != b'\t')
        .map_or(0, |last| last + 1);
    // Only ASCII bytes were cut: the rest ends on a character boundary.
    &text[..kept]
}

/// Whether `before` (ending with the word `last`) ends with one of
/// [`PLACE_PHRASES`]. A mention is often after "in" or "to" ("services in
/// Spring Boot"): the word before that is looked up first, so the phrases
/// are compared only after a word that leads one.
fn after_a_place_phrase(before: &str, last: &str) -> bool {
    if !PLACE_PHRASE_ENDS
        .iter()
        .any(|end| last.eq_ignore_ascii_case(end))
    {
        return false;
    }
    // "toured" is a phrase of its own word.
    if !last.eq_ignore_ascii_case("toured") {
        let rest = without_trailing_blanks(&before[..before.len() - last.len()]);
        let lead_start = rest
            .bytes()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |at| at + 1);
        let lead = &rest.as_bytes()[lead_start..];
        let mut lower = [0u8; 16];
        let Some(buffer) = lower.get_mut(..lead.len()) else {
            return false;
        };
        buffer.copy_from_slice(lead);
        buffer.make_ascii_lowercase();
        let lead = std::str::from_utf8(buffer).unwrap_or_default();
        if PLACE_PHRASE_LEADS.binary_search(&lead).is_err() {
            return false;
        }
    }
    PLACE_PHRASES
        .iter()
        .any(|phrase| ends_with_words(before, phrase))
}

/// How far from a mention, in bytes, its line is searched for context words.
const CONTEXT_REACH: usize = 2_000;

/// Longest veto word, in characters: longer words are not looked up.
const MAX_VETO_CHARS: usize = 40;

/// Whether `text` ends with the words of `phrase` (lowercase, one space
/// between words), whatever their case and the spaces between them, and
/// its first word starts a word of `text`.
fn ends_with_words(text: &str, phrase: &str) -> bool {
    let mut rest = text;
    for (i, word) in phrase.rsplit(' ').enumerate() {
        if i > 0 {
            let trimmed = rest.trim_end_matches([' ', '\t']);
            if trimmed.len() == rest.len() {
                return false;
            }
            rest = trimmed;
        }
        let Some(at) = rest.len().checked_sub(word.len()) else {
            return false;
        };
        if !rest.is_char_boundary(at) {
            return false;
        }
        let tail = &rest[at..];
        let same = if tail.is_ascii() {
            tail.eq_ignore_ascii_case(word)
        } else {
            tail.replace('\u{2019}', "'").to_lowercase() == word
        };
        if !same {
            return false;
        }
        rest = &rest[..at];
    }
    !rest.ends_with(is_veto_char)
}

/// Whether `word` is one of `vetoes` (lowercase), whatever its case.
fn is_veto(vetoes: &[String], word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    if word.is_ascii() {
        // What `to_lowercase` would give, compared without building it.
        return vetoes.iter().any(|veto| word.eq_ignore_ascii_case(veto));
    }
    // Word processors curl the apostrophe: "we’re" is "we're".
    vetoes.contains(&word.replace('\u{2019}', "'").to_lowercase())
}

/// A character of a word a veto names: a letter, or an apostrophe
/// ("we're", "we’re").
fn is_veto_char(c: char) -> bool {
    c.is_alphabetic() || c == '\'' || c == '\u{2019}'
}

/// The character that ends just before byte `at` of `text` (a boundary),
/// read without decoding when it is ASCII, as it nearly always is.
fn char_before(text: &str, at: usize) -> Option<char> {
    match at.checked_sub(1).map(|last| text.as_bytes()[last]) {
        Some(byte) if byte.is_ascii() => Some(char::from(byte)),
        _ => text[..at].chars().next_back(),
    }
}

/// The character that starts at byte `at` of `text` (a boundary), read
/// without decoding when it is ASCII.
fn char_after(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&byte) if byte.is_ascii() => Some(char::from(byte)),
        _ => text[at..].chars().next(),
    }
}

/// Whether the words at the end of `before` spell `acronym` by their
/// initials ("Strong Customer Authentication" for "SCA"): an acronym of
/// two to six capitals, defined in place.
fn defines_acronym(before: &str, acronym: &str) -> bool {
    let letters = acronym.len();
    if !(2..=6).contains(&letters) || !acronym.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let words: Vec<&str> = before.split_whitespace().rev().take(letters).collect();
    words.len() == letters
        && words
            .iter()
            .rev()
            .zip(acronym.bytes())
            .all(|(word, initial)| word.as_bytes().first() == Some(&initial))
}

/// Whether `text[start..end]`, a name with an `exact_case` spelling
/// written in another case, still counts. Out of line: most names are
/// written as spelled, and inlined into the reader this slowed every word.
#[inline(never)]
fn other_case_counts(text: &str, start: usize, end: usize, exact: &str) -> bool {
    let found = &text[start..end];
    if is_upper_case_of(found, exact) {
        // Capitals count where a list or a heading is written in them
        // ("SKILLS: GO, SWIFT"), not for an acronym in prose: "SEPA and
        // SWIFT" is the payment network, not Swift.
        !written_in_prose(text, start, end)
    } else {
        // Lower case counts only as a whole item of a list a skills label
        // opens ("Tech: go, rust, react"): in prose these are English words.
        !found.bytes().any(|b| b.is_ascii_uppercase()) && listed_under_a_label(text, start, end)
    }
}

/// Last words of the labels that open a list of skills on their line:
/// "Skills:", "Tech stack:", "Programming languages:", "Environment:" (as
/// resumes' project entries write it).
const LIST_LABELS: [&str; 15] = [
    "skills",
    "skill",
    "tech",
    "stack",
    "technologies",
    "technology",
    "tools",
    "tooling",
    "languages",
    "frameworks",
    "libraries",
    "platforms",
    "environment",
    "toolset",
    "toolkit",
];

/// Whether `text[start..end]` is a whole item of a list that a skills
/// label opens at the start of its line ("Tech: go, rust, react",
/// "- Skills: helm / spark"): after the label's colon, a comma, a slash
/// or a semicolon, and before one of those, a full stop or the line's end.
/// Not "Hobbies: go, chess", "Skills: ready to go", "Tech: rust removal".
/// Called for lower-case names that are English words, so the cheap tests
/// of the item's edges come first.
fn listed_under_a_label(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let mut item_start = start;
    while item_start > 0 && matches!(bytes[item_start - 1], b' ' | b'\t') {
        item_start -= 1;
    }
    if item_start == 0 || !matches!(bytes[item_start - 1], b':' | b',' | b'/' | b';') {
        return false;
    }
    let before = &text[..item_start];
    let after = text[end..].trim_start_matches([' ', '\t']);
    let ends_item = match after.as_bytes() {
        [] | [b',' | b'/' | b';' | b')' | b'\n' | b'\r', ..] => true,
        // A full stop ends the list, not "go.mod".
        [b'.', rest @ ..] => rest.first().is_none_or(u8::is_ascii_whitespace),
        _ => false,
    };
    if !ends_item {
        return false;
    }
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = &before[line_start..];
    let Some(colon) = line.find(':') else {
        return false;
    };
    // "**Tech stack**:", "- Skills:": the label's own words.
    let label = line[..colon].trim_matches(|c: char| !c.is_alphanumeric());
    let items = &line[colon..];
    label.len() <= 40
        && label.split_whitespace().count() <= 4
        && !items.contains(". ")
        && label
            .rsplit(' ')
            .next()
            .is_some_and(|last| LIST_LABELS.iter().any(|l| last.eq_ignore_ascii_case(l)))
}

/// Whether `text[start..end]` sits in prose: a word with a lower-case
/// letter right before or after it, with only spaces between.
fn written_in_prose(text: &str, start: usize, end: usize) -> bool {
    let lower_in = |word: &str| word.chars().any(char::is_lowercase);
    let before = text[..start].strip_suffix(' ').map(|rest| {
        let rest = rest.trim_end_matches(' ');
        let word_start = rest.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |at| {
            at + rest[at..].chars().next().map_or(1, char::len_utf8)
        });
        &rest[word_start..]
    });
    let after = text[end..].strip_prefix(' ').map(|rest| {
        let rest = rest.trim_start_matches(' ');
        let word_end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        &rest[..word_end]
    });
    before.is_some_and(lower_in) || after.is_some_and(lower_in)
}

/// `found == exact.to_uppercase()`, without building the upper-case form
/// for ASCII names.
fn is_upper_case_of(found: &str, exact: &str) -> bool {
    if exact.is_ascii() {
        found.len() == exact.len()
            && found
                .bytes()
                .zip(exact.bytes())
                .all(|(f, e)| f == e.to_ascii_uppercase())
    } else {
        found == exact.to_uppercase()
    }
}

/// A word character: a letter or digit of any script, or `_` (ASCII by
/// table: most text is ASCII, and this runs around every mention). The
/// letters of scripts written without spaces between words are not: in
/// `Goでサービスを構築` or `Go를 사용` the name ends where the script
/// changes, and each of their characters is a unit of its own, so a name
/// written in them is found inside a longer run of them.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        ASCII_WORD[c as usize]
    } else {
        c.is_alphanumeric() && !written_without_spaces(c)
    }
}

/// Han, kana, Hangul, Thai, Lao, Khmer and Myanmar: scripts whose words
/// (or, in Korean, whose particles) follow one another without a space.
fn written_without_spaces(c: char) -> bool {
    matches!(
        c,
        '\u{0E00}'..='\u{0EFF}' // Thai, Lao
            | '\u{1000}'..='\u{109F}' // Myanmar
            | '\u{1100}'..='\u{11FF}' // Hangul Jamo
            | '\u{1780}'..='\u{17FF}' // Khmer
            | '\u{2E80}'..='\u{2FDF}' // CJK radicals
            | '\u{3005}'..='\u{3007}' // 々 〆 〇
            | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
            | '\u{3130}'..='\u{318F}' // Hangul compatibility Jamo
            | '\u{31F0}'..='\u{31FF}' // Katakana extensions
            | '\u{3400}'..='\u{4DBF}' // CJK extension A
            | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
            | '\u{A960}'..='\u{A97F}' // Hangul Jamo extended A
            | '\u{AC00}'..='\u{D7FF}' // Hangul syllables, Jamo extended B
            | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
            | '\u{FF66}'..='\u{FFDC}' // halfwidth Katakana and Hangul
            | '\u{20000}'..='\u{3FFFF}' // CJK extensions B-H
    )
}

impl super::Taxonomy {
    /// Skills mentioned in `text`, in order of appearance, non-overlapping
    /// (leftmost-longest), with byte offsets. Fullwidth forms (`Ｇｏ`, as
    /// East Asian input methods type Latin letters) and the ideographic
    /// space read as their ASCII counterparts, as they do in skill names,
    /// and what PDF and HTML exports leave ("Kuber-\nnetes", "ﬂask",
    /// "C&#35;", zero-width spaces) as the words it breaks; the offsets are
    /// the original text's.
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        let mut mentions = Vec::new();
        self.extract_into(text, &mut mentions);
        mentions
    }

    /// [`Self::extract`], appending the mentions to `out` (so a caller that
    /// extracts from many texts can reuse one buffer).
    pub fn extract_into(&self, text: &str, out: &mut Vec<Mention>) {
        self.read_into(text, out, false);
    }

    /// The mentions in `text` that claim their skill, appended to `out`:
    /// [`Self::extract_into`] without those denied in their clause ("never
    /// used Kubernetes", "willing to learn Rust"; see [`super::denied_before`]).
    /// This is how a resume is read.
    pub fn extract_claims_into(&self, text: &str, out: &mut Vec<Mention>) {
        // A resume pasted as HTML: its scripts and styles are no claims.
        match super::clean::blank_hidden_html(text) {
            Some(shown) => self.read_into(&shown, out, true),
            None => self.read_into(text, out, true),
        }
    }

    fn read_into(&self, text: &str, out: &mut Vec<Mention>, claims_only: bool) {
        if !super::clean::may_need_cleaning(text) {
            return self.extractor.extract_into(text, out, claims_only);
        }
        let cleaned = super::clean::Cleaned::new(text);
        let first = out.len();
        self.extractor.extract_into(&cleaned.text, out, claims_only);
        for mention in &mut out[first..] {
            mention.start = cleaned.origin[mention.start];
            mention.end = cleaned.origin[mention.end];
        }
    }
}

#[cfg(test)]
mod tests {
    //! The word trie against the Aho-Corasick reading it replaced: an
    //! anchored leftmost-longest automaton over the same patterns, tried at
    //! the same positions, with the same prose rules.
    use aho_corasick::automaton::Automaton;
    use aho_corasick::dfa::{self, DFA};
    use aho_corasick::{Anchored, MatchKind, StartKind};
    use proptest::prelude::*;

    use super::*;
    use crate::taxonomy::Taxonomy;

    /// The automaton's pattern ids are the extractor's pattern indices.
    struct Reference {
        automaton: DFA,
    }

    impl Reference {
        fn new(extractor: &Extractor) -> Reference {
            let texts: Vec<&[u8]> = extractor.patterns.iter().map(|p| &p.text[..]).collect();
            let automaton = dfa::Builder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(&texts)
                .expect("reference automaton builds");
            Reference { automaton }
        }

        fn extract(&self, extractor: &Extractor, text: &str) -> Vec<Mention> {
            let mut chosen = Vec::new();
            let mut previous: Option<char> = None;
            let mut at = 0;
            while let Some(c) = text[at..].chars().next() {
                let starts_word = is_word(c) && !previous.is_some_and(is_word);
                let starts_symbol = !is_word(c) && !c.is_whitespace();
                if starts_word || starts_symbol {
                    if let Some(mention) = self.longest_accepted_at(extractor, text, at) {
                        chosen.push(mention);
                        previous = text[..mention.end].chars().next_back();
                        at = mention.end;
                        continue;
                    }
                }
                previous = Some(c);
                at += c.len_utf8();
            }
            chosen
        }

        fn longest_accepted_at(
            &self,
            extractor: &Extractor,
            text: &str,
            start: usize,
        ) -> Option<Mention> {
            let automaton = &self.automaton;
            let mut ends = Vec::new();
            let mut state = automaton.start_state(Anchored::Yes).ok()?;
            for (at, &byte) in text.as_bytes().iter().enumerate().skip(start) {
                state = automaton.next_state(Anchored::Yes, state, byte);
                if automaton.is_dead(state) {
                    break;
                }
                if automaton.is_match(state) {
                    for i in 0..automaton.match_len(state) {
                        let pattern = automaton.match_pattern(state, i);
                        if at + 1 - automaton.pattern_len(pattern) == start {
                            ends.push((pattern.as_usize(), at + 1));
                        }
                    }
                }
            }
            ends.iter().rev().find_map(|&(pattern, end)| {
                let pattern = &extractor.patterns[pattern];
                extractor
                    .accept(text, pattern, start, end)
                    .then_some(Mention {
                        skill: pattern.skill,
                        start,
                        end,
                    })
            })
        }
    }

    fn taxonomy() -> &'static (Taxonomy, Reference) {
        static BUILT: std::sync::OnceLock<(Taxonomy, Reference)> = std::sync::OnceLock::new();
        BUILT.get_or_init(|| {
            let taxonomy = Taxonomy::builtin().expect("built-in taxonomy loads");
            let reference = Reference::new(&taxonomy.extractor);
            (taxonomy, reference)
        })
    }

    /// Pieces texts are made of: names and aliases in several cases, their
    /// fragments, English filler, punctuation and non-ASCII characters.
    fn piece() -> impl Strategy<Value = String> {
        let (taxonomy, _) = taxonomy();
        let names: Vec<String> = taxonomy
            .skills()
            .iter()
            .flat_map(|s| std::iter::once(s.name.clone()).chain(s.aliases.iter().cloned()))
            .collect();
        let names = proptest::sample::select(names);
        prop_oneof![
            4 => names.clone(),
            2 => names.clone().prop_map(|n| n.to_uppercase()),
            1 => names.clone().prop_map(|n| n.to_lowercase()),
            1 => (names, 1usize..4).prop_map(|(n, k)| n.chars().take(k).collect()),
            3 => proptest::sample::select(vec![
                " ", " ", "  ", "\n", "-", ".", ",", "; ", "/", "+", "#", "'s", "s", "to ",
                "the", "built", "é", "’", "—", "_", "C", "go", "Go", "level", "cookbooks",
                "JS", "x", "2", "ÉCOLE", "naïve", "\t",
            ])
            .prop_map(str::to_string),
        ]
    }

    /// A denial word inside a skill's own name ("eager to learn" is a
    /// skill) still denies the next mention, though the reader skips past
    /// the name's words.
    #[test]
    fn a_denial_inside_a_name_reaches_the_next_mention() {
        let (taxonomy, _) = taxonomy();
        let text = "eager to learn\tProgramming Languages";
        let mut claims = Vec::new();
        taxonomy.extract_claims_into(text, &mut claims);
        let skills: Vec<&str> = claims
            .iter()
            .map(|m| taxonomy.skill(m.skill).id.as_str())
            .collect();
        assert_eq!(skills, ["learning-agility"]);
    }

    /// A denial reaches the list it opens: "not used Kubernetes, Docker or
    /// Terraform" claims none of them; "but" ends it.
    #[test]
    fn a_denial_reaches_the_list_it_opens() {
        assert!(claimed("I have not used Ruby, Go, or Java.").is_empty());
        assert!(claimed("Not familiar with Java nor Ruby").is_empty());
        assert_eq!(claimed("Never used Java, but Ruby daily"), ["ruby"]);
        assert_eq!(claimed("No Java. Ruby and Go daily"), ["ruby", "go"]);
        // After the skill, as a pasted skills grid writes it.
        assert_eq!(
            claimed("Java - no experience\nRuby: none\nGo (never used)\nPython: 5 years"),
            ["python"]
        );
        assert_eq!(claimed("Ruby: nonetheless daily"), ["ruby"]);
        assert_eq!(claimed("Ruby: no. Go (no framework)"), ["go"]);
    }

    /// How resumes deny a skill besides "no" and "never" (h26): zero or
    /// lacking experience, unfamiliar, learning it now, on a list to
    /// learn, a grid's "0 years" or "N/A", a course but no use. Fields of
    /// work ("machine learning"), a lack of something else and a fraction
    /// of a year still claim.
    #[test]
    fn denials_of_experience_and_learning_claim_nothing() {
        for text in [
            "Zero experience with Ruby",
            "I have zero Rust experience.",
            "I lack experience with Rust.",
            "Lacking hands-on Ruby on Rails experience",
            "Unfamiliar with Rust.",
            "Currently learning Rust.",
            "Learning Rust",
            "- Learning Rust",
            "I'm learning Rust and Go",
            "Looking forward to learning Rust.",
            "Rust is on my list to learn.",
            "Rust (0 years)",
            "Rust: N/A",
            "Took a course on Java but have not used it professionally.",
        ] {
            assert!(claimed(text).is_empty(), "{text}: {:?}", claimed(text));
        }
        assert_eq!(
            claimed("Java developer, currently learning Ruby."),
            ["java"]
        );
        assert_eq!(
            claimed("Zero experience with Ruby; 8 years of Java."),
            ["java"]
        );
        assert_eq!(
            claimed("Zero downtime migration to PostgreSQL"),
            ["postgresql"]
        );
        assert_eq!(claimed("Fixed the lack of tests in Go"), ["go"]);
        assert_eq!(
            claimed("Cut Kafka lag to zero, Go services"),
            ["kafka", "go"]
        );
        assert_eq!(
            claimed("Machine learning Python pipelines"),
            ["machine-learning", "python"]
        );
        assert_eq!(claimed("Rust (0.5 years), Go: 0-1 years"), ["rust", "go"]);
        assert_eq!(claimed("Rust is our main language"), ["rust"]);
        assert_eq!(claimed("Java but never used Spring"), ["java"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn word_trie_reads_texts_like_the_automaton(pieces in prop::collection::vec(piece(), 0..24)) {
            let text: String = pieces.concat();
            let (taxonomy, reference) = taxonomy();
            let extractor = &taxonomy.extractor;
            prop_assert_eq!(extractor.extract(&text), reference.extract(extractor, &text), "{:?}", text);
        }

        /// The resume reader notes denial words as it reads, and looks
        /// closer only after one: it must leave out exactly the mentions
        /// `denied_before` denies.
        #[test]
        fn claims_are_the_mentions_not_denied(
            pieces in prop::collection::vec(
                prop_oneof![
                    3 => piece(),
                    1 => proptest::sample::select(vec![
                        "no ", "Not ", "NEVER ", "without ", "nor ", "neither ", "don't ",
                        "haven’t ", "can't", "learn ", "Interested in ", "not only ", "but ",
                        "T-SQL ", "AT&T ", ", ", " or ", ", and ", "/", " - none", ": none ",
                        " (never used)", " - 5 years", "zero ", "Lack ", " experience ",
                        "learning ", "Currently ", "unfamiliar ", " is on my list to learn",
                        ", but never used it", " (0 years)", ": N/A",
                    ])
                    .prop_map(str::to_string),
                ],
                0..24,
            )
        ) {
            let text: String = pieces.concat();
            let (taxonomy, _) = taxonomy();
            let mut claims = Vec::new();
            taxonomy.extract_claims_into(&text, &mut claims);
            // Denials are read in the text as cleaned (a line break inside
            // a hyphenated word is no clause break): compared there, with
            // offsets mapped back.
            let cleaned = super::super::clean::Cleaned::new(&text);
            // A mention joined by a list to a denied one is denied too.
            let mut denied_until: Option<usize> = None;
            let expected: Vec<Mention> = taxonomy
                .extract(&cleaned.text)
                .into_iter()
                .filter(|m| {
                    let denied = negation::denied_before(&cleaned.text, m.start)
                        || denied_until
                            .is_some_and(|end| negation::joins_a_list(&cleaned.text[end..m.start]))
                        || negation::denied_after(&cleaned.text, m.end);
                    denied_until = denied.then_some(m.end);
                    !denied
                })
                .collect();
            let mut expected = expected;
            for m in &mut expected {
                m.start = cleaned.origin[m.start];
                m.end = cleaned.origin[m.end];
            }
            prop_assert_eq!(claims, expected, "{:?}", text);
        }
    }

    /// The ids of the skills `text` claims (mentions not denied), in order.
    fn claimed(text: &str) -> Vec<String> {
        let (taxonomy, _) = taxonomy();
        let mut claims = Vec::new();
        taxonomy.extract_claims_into(text, &mut claims);
        claims
            .iter()
            .map(|m| taxonomy.skill(m.skill).id.clone())
            .collect()
    }

    /// The ids of the skills `text` mentions, in order.
    fn skills(text: &str) -> Vec<String> {
        let (taxonomy, _) = taxonomy();
        taxonomy
            .extract(text)
            .iter()
            .map(|m| taxonomy.skill(m.skill).id.clone())
            .collect()
    }

    /// A person or a place named as a skill is ("Dr. Ruby Smith", "a trip
    /// to Java", "born in Java, Indonesia") is no mention of it (h36: each
    /// claimed the skill), while a language worked in, or moved from, is.
    #[test]
    fn people_and_places_named_like_skills_are_no_mentions() {
        for text in [
            "Trip to Java last year.",
            "Took a trip to Java and Bali.",
            "I was born in Java, Indonesia.",
            "Grew up in Java.",
            "Volunteer teacher in Java (Indonesia) for a year.",
            "Reported to Mr. Jenkins daily.",
            "Assisted Dr. Ruby Smith with patient intake.",
            "Mr Go and Ms. Swift ran the night shift.",
            "Thesis advised by Prof. Rust.",
            "dock worker for 5 years; worked at the docks.",
        ] {
            assert_eq!(claimed(text), Vec::<String>::new(), "{text}");
        }
        for (text, meant) in [
            ("Worked in Java for 5 years.", vec!["java"]),
            ("Moved from Java to Kotlin in 2019.", vec!["java", "kotlin"]),
            ("Java, Python, Go", vec!["java", "python", "go"]),
            ("Sr. Java Developer", vec!["java"]),
            ("Built a trip planner in Go.", vec!["go"]),
            (
                "Migrated Jenkins to GitLab CI.",
                vec!["jenkins", "gitlab-ci"],
            ),
            ("Deployed on AWS, Europe and Asia regions.", vec!["aws"]),
            (
                "Finished A Tour of Go; visiting Kubernetes meetups.",
                vec!["go", "kubernetes"],
            ),
        ] {
            assert_eq!(claimed(text), meant, "{text}");
        }
    }

    /// A veto names a word with an apostrophe, straight or curled as word
    /// processors write it: "we’re hiring" is the page's own posting, not
    /// an ask for hiring (h24).
    #[test]
    fn vetoes_read_words_with_apostrophes() {
        assert!(skills("At Corvid, we're hiring a reliability engineer.").is_empty());
        assert!(skills("At Corvid, we\u{2019}re hiring a reliability engineer.").is_empty());
        assert_eq!(skills("You led hiring for two teams."), ["hiring"]);
        assert!(skills("Let's Go! Apply today.").is_empty());
        assert!(skills("Let\u{2019}s Go! Pokémon Go fans welcome.").is_empty());
    }

    /// The word after a slash is read past the spaces around it: "SWIFT /
    /// SEPA payment rails" is the banks' network (h24), as "SWIFT/SEPA" is;
    /// a slash between two skills names no veto.
    #[test]
    fn vetoes_read_the_word_after_a_spaced_slash() {
        assert!(skills("Knowledge of SWIFT / SEPA payment rails.").is_empty());
        assert!(skills("Knowledge of SWIFT/SEPA payment rails.").is_empty());
        assert_eq!(skills("Swift / Kotlin for our apps."), ["swift", "kotlin"]);
    }
}
