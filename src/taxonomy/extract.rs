//! Finding skills in prose with one Aho-Corasick pass.
//!
//! Every name and alias is a pattern (ASCII case-insensitive). A raw hit only
//! counts when it sits on word boundaries and passes the skill's prose rules:
//! exact capitalisation for names that are also English words ("Go" the
//! language, not "go" the verb), a veto on hyphenated compounds and on verb
//! phrases ("go-for-it", "Go to"), and a required context word for the truly
//! ambiguous ("Chef" needs cookbooks or Ansible nearby). Overlapping hits are
//! settled leftmost-longest, so "JavaScript" never yields "Java" and "GitLab"
//! never yields "Git".

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::{self, DFA};
use aho_corasick::{Anchored, MatchKind, StartKind};
use smallvec::SmallVec;

use super::{Skill, SkillId};

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
    /// When set, the text must read exactly this (or its upper-case form).
    exact: Option<String>,
}

pub(super) struct Extractor {
    automaton: Option<DFA>,
    patterns: Vec<Pattern>,
    context: Vec<Vec<String>>,
    reject_next: Vec<Vec<String>>,
}

/// Surface variants a page may use for one form: hyphen/space swaps for
/// multi-word names and a plural for longer ones.
fn variants(form: &str, exact: bool) -> Vec<String> {
    let mut out = vec![form.to_string()];
    if form.contains(' ') {
        out.push(form.replace(' ', "-"));
    }
    if form.contains('-') && form.len() > 3 {
        out.push(form.replace('-', " "));
    }
    if !exact && form.chars().count() >= 4 && form.ends_with(|c: char| c.is_ascii_alphabetic()) {
        let plural: Vec<String> = out.iter().map(|f| format!("{f}s")).collect();
        out.extend(plural);
    }
    out
}

impl Extractor {
    pub(super) fn new(skills: &[Skill]) -> Extractor {
        let mut texts: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut seen = std::collections::HashSet::new();
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
                    let key = variant.to_ascii_lowercase();
                    if !seen.insert(key.clone()) {
                        continue;
                    }
                    texts.push(key);
                    patterns.push(Pattern {
                        skill: id,
                        exact: exact.as_ref().map(|_| variant.clone()),
                    });
                }
            }
        }
        let automaton = dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&texts)
            .ok();
        Extractor {
            automaton,
            patterns,
            context: skills.iter().map(|s| s.context.clone()).collect(),
            reject_next: skills.iter().map(|s| s.reject_next.clone()).collect(),
        }
    }

    pub(super) fn extract(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut chosen = Vec::new();
        let mut previous: Option<char> = None;
        let mut at = 0;
        // Names start at a word start (or with punctuation such as ".NET"),
        // so only those positions are searched, each with an anchored
        // leftmost-longest match; taking it and jumping past it gives the
        // non-overlapping, leftmost-longest reading of the text.
        while let Some(c) = text[at..].chars().next() {
            let starts_word = is_word(c) && !previous.is_some_and(is_word);
            let starts_symbol = !is_word(c) && !c.is_whitespace();
            if starts_word || starts_symbol {
                if let Some(mention) = self.longest_accepted_at(automaton, text, at) {
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

    /// The longest name starting at `start` that passes the prose rules,
    /// trying shorter names when a longer one is rejected. One walk of the
    /// DFA from its anchored start state collects every name that starts
    /// here (the automaton is stepped directly: this runs at every word of
    /// every resume, where a full search call per word costs more than the
    /// walk itself).
    fn longest_accepted_at(&self, automaton: &DFA, text: &str, start: usize) -> Option<Mention> {
        let bytes = text.as_bytes();
        let mut ends: SmallVec<[(usize, usize); 4]> = SmallVec::new();
        let mut state = automaton.start_state(Anchored::Yes).ok()?;
        for (at, &byte) in bytes.iter().enumerate().skip(start) {
            state = automaton.next_state(Anchored::Yes, state, byte);
            if !automaton.is_special(state) {
                continue;
            }
            if automaton.is_dead(state) {
                break;
            }
            if automaton.is_match(state) {
                for i in 0..automaton.match_len(state) {
                    let pattern = automaton.match_pattern(state, i);
                    // Matches copied along failure links start later: skip them.
                    if at + 1 - automaton.pattern_len(pattern) == start {
                        ends.push((pattern.as_usize(), at + 1));
                    }
                }
            }
        }
        ends.iter().rev().find_map(|&(pattern, end)| {
            self.accept(text, pattern, start, end).then(|| Mention {
                skill: self.patterns[pattern].skill,
                start,
                end,
            })
        })
    }

    fn accept(&self, text: &str, pattern: usize, start: usize, end: usize) -> bool {
        // Matches are on ASCII-folded bytes, so a hit may split a multi-byte
        // character only if a pattern does; reject those outright.
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return false;
        }
        let found = &text[start..end];
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let after_next = text[end..].chars().nth(1);
        let starts_word = found.starts_with(|c: char| is_word(c));
        let ends_word = found.ends_with(|c: char| is_word(c));
        if starts_word && before.is_some_and(is_word) {
            return false;
        }
        if ends_word && after.is_some_and(|c| is_word(c) || c == '#' || c == '+') {
            return false;
        }
        let pattern = &self.patterns[pattern];
        let skill = pattern.skill.index();
        if let Some(exact) = &pattern.exact {
            if found != exact && found != exact.to_uppercase() {
                return false;
            }
            // "go-for-it", "C-level", "on-the-go": a compound word, not the skill.
            let compound_after = after == Some('-') && after_next.is_some_and(char::is_alphabetic);
            if compound_after || before == Some('-') {
                return false;
            }
            if self.next_word_vetoes(skill, &text[end..]) {
                return false;
            }
        }
        if !self.context[skill].is_empty() && !self.in_context(skill, text, start, end) {
            return false;
        }
        true
    }

    fn next_word_vetoes(&self, skill: usize, rest: &str) -> bool {
        let vetoes = &self.reject_next[skill];
        if vetoes.is_empty() {
            return false;
        }
        let rest = rest.trim_start_matches([' ', '\t']);
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        !word.is_empty() && vetoes.contains(&word)
    }

    fn in_context(&self, skill: usize, text: &str, start: usize, end: usize) -> bool {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let line = text[line_start..line_end].to_lowercase();
        self.context[skill].iter().any(|word| line.contains(word))
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl super::Taxonomy {
    /// Skills mentioned in `text`, in order of appearance, non-overlapping
    /// (leftmost-longest), with byte offsets.
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        self.extractor.extract(text)
    }
}
