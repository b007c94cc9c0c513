//! Denied mentions: "never used Kubernetes", "no experience with Ruby".
//!
//! A skill named in prose is not always a skill claimed. Job pages deny a
//! requirement ("no prior Kubernetes experience required", read by the
//! catalog compiler) and resumes or recruiter notes deny experience; both
//! use the same few negation words, kept here.

use super::vocabulary::DENIALS_AFTER;

/// How many words before a mention a negation still reaches: "I have no
/// professional experience with Rust" is four words back; "no downtime
/// migration to PostgreSQL" (four too) shows why the reach stays short.
const REACH_WORDS: usize = 4;

/// Every word that can deny a mention after it, as the extractor's units:
/// contractions end in the unit "t" ("haven" "'" "t").
pub(super) const DENIAL_UNITS: [&str; 16] = [
    "no",
    "not",
    "never",
    "without",
    "nor",
    "neither",
    "t",
    "learn",
    "interested",
    "unfamiliar",
    "learning",
    "zero",
    "lack",
    "lacks",
    "lacking",
    "lacked",
];

/// Whether `word` negates what follows it: "not", "no", "never", "without",
/// "nor", "neither" or a contraction ending in "n't" ("haven't"), in any
/// letter case.
pub(crate) fn is_negation(word: &str) -> bool {
    is_negation_word(word.as_bytes())
}

/// [`is_negation`] on the bytes of a word.
fn is_negation_word(word: &[u8]) -> bool {
    // Every negation word starts with n or w or ends with t: most words
    // (resume texts are read on the hot path) are out after two bytes.
    let (Some(first), Some(last)) = (word.first(), word.last()) else {
        return false;
    };
    if !matches!(first | 0x20, b'n' | b'w') && last | 0x20 != b't' {
        return false;
    }
    ["not", "no", "never", "without", "nor", "neither"]
        .iter()
        .any(|negation| word.eq_ignore_ascii_case(negation.as_bytes()))
        || ends_with_ignore_case(word, b"n't")
        || ends_with_ignore_case(word, "n\u{2019}t".as_bytes())
}

/// Whether `gap`, the text between two mentions, joins them into one list:
/// commas, slashes, "and", "or", "nor" ("Kubernetes, Docker, or
/// Terraform"), so that a denial of the first reaches the others.
pub(crate) fn joins_a_list(gap: &str) -> bool {
    gap.len() <= 16
        && gap
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '&'))
            .all(|word| {
                word.is_empty()
                    || ["and", "or", "nor"]
                        .iter()
                        .any(|joiner| word.eq_ignore_ascii_case(joiner))
            })
}

/// Longest word looked at, in bytes: longer ones end the search.
const MAX_WORD_BYTES: usize = 64;

/// Whether the words just before `start` in `text` deny the mention that
/// starts there, within its clause: "never used Kubernetes", "haven't
/// worked with Docker", "no Ruby", "keen to learn Rust". A clause ends at punctuation, a line
/// break or "but" ("never used Java, but Go daily" claims Go), and "not
/// only Go" or "no less than five years of Go" are not denials.
///
/// Only ASCII whitespace separates words here; `start` past the end of
/// `text` or inside a character reads as no denial.
pub fn denied_before(text: &str, start: usize) -> bool {
    let Some(before) = text.as_bytes().get(..start) else {
        return false;
    };
    let mut end = before.len();
    // The word after the one being looked at: "not" followed by "only".
    let mut next_word: &[u8] = &[];
    for _ in 0..REACH_WORDS {
        let Before::Word {
            start: word_start,
            end: word_end,
        } = word_before(before, end)
        else {
            return false;
        };
        end = word_end;
        let word = &before[word_start..end];
        if word.eq_ignore_ascii_case(b"but") {
            return false;
        }
        if (is_negation_word(word) && !softens_negation(next_word)) || is_aspiration(word) {
            return true;
        }
        // "Zero experience with Ruby", "I lack experience with Rust",
        // "lacking Rust experience": a want of experience, not of anything
        // ("zero downtime migration to PostgreSQL", "fixed the lack of
        // tests in Go" claim the skill).
        if is_lack(word) && (names_experience(&before[end..]) || experience_follows(text, start)) {
            return true;
        }
        // "Currently learning Rust", "Learning Go": under way, not held.
        if next_word.is_empty()
            && word.eq_ignore_ascii_case(b"learning")
            && learning_under_way(&before[..word_start])
        {
            return true;
        }
        next_word = word;
        end = word_start;
    }
    false
}

/// Words for having too little of something, which deny a mention when
/// what is lacking is experience: "zero", "lack".
fn is_lack(word: &[u8]) -> bool {
    // Each starts with z or l: most words are out at their first byte.
    matches!(word.first(), Some(b'z' | b'Z' | b'l' | b'L'))
        && ["zero", "lack", "lacks", "lacking", "lacked"]
            .iter()
            .any(|lack| word.eq_ignore_ascii_case(lack.as_bytes()))
}

/// Whether `gap`, the few words between "zero" or "lack" and a mention,
/// names experience: "zero experience with", "lack hands-on experience
/// in".
fn names_experience(gap: &[u8]) -> bool {
    gap.split(|&b| is_separator(b)).any(is_experience_noun)
}

/// Nouns for having worked with a skill: "zero experience", "lack
/// knowledge of".
fn is_experience_noun(word: &[u8]) -> bool {
    [
        "experience",
        "exposure",
        "knowledge",
        "familiarity",
        "expertise",
        "background",
        "skills",
    ]
    .iter()
    .any(|noun| word.eq_ignore_ascii_case(noun.as_bytes()))
}

/// Whether an experience noun follows the mention starting at `start`
/// within its clause, a few words on ("zero Rust experience", "lacking
/// Ruby on Rails experience"). Looked at only after "zero" or "lack".
fn experience_follows(text: &str, start: usize) -> bool {
    let Some(after) = text.as_bytes().get(start..) else {
        return false;
    };
    // A few words are all that is read: never a long run of text after
    // each of many mentions.
    let after = &after[..after.len().min((REACH_WORDS + 1) * MAX_WORD_BYTES)];
    let words = after
        .split(|&b| matches!(b, b' ' | b'\t'))
        .filter(|word| !word.is_empty())
        .take(REACH_WORDS + 1);
    for word in words {
        // A line break or a punctuation mark ends the clause ("Node.js" is
        // one word: only a mark that ends a word ends a clause).
        let line_break = word.iter().position(|&b| matches!(b, b'\n' | b'\r'));
        let word = line_break.map_or(word, |at| &word[..at]);
        let (word, clause_ends) = match word.split_last() {
            Some((&last, rest)) if ends_clause(last) => (rest, true),
            _ => (word, false),
        };
        if is_experience_noun(word) {
            return true;
        }
        if clause_ends || line_break.is_some() {
            return false;
        }
    }
    false
}

/// Whether "learning" ending `before` puts the skill after it ahead of the
/// candidate: it opens its clause ("Learning Rust", "- Learning Go") or
/// follows a word saying it is under way ("currently learning", "I'm
/// learning", "looking forward to learning"). Not "machine learning" or
/// "deep learning" before a skill: fields of work.
fn learning_under_way(before: &[u8]) -> bool {
    match word_before(before, before.len()) {
        Before::ClauseStart => true,
        Before::Overlong => false,
        Before::Word { start, end } => {
            let word = &before[start..end];
            // A bullet or a dash opens a clause as a line start does.
            !word.iter().any(u8::is_ascii_alphanumeric) || is_learning_cue(word)
        }
    }
}

/// What comes before a byte offset of a text, read backwards: see
/// [`word_before`].
enum Before {
    /// A word, `before[start..end]`.
    Word { start: usize, end: usize },
    /// The start of the text, or of the clause (punctuation, a line break).
    ClauseStart,
    /// A word longer than [`MAX_WORD_BYTES`].
    Overlong,
}

/// The word that ends at `end` of `before`, spaces and tabs before `end`
/// passed over.
fn word_before(before: &[u8], mut end: usize) -> Before {
    while end > 0 && matches!(before[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    let Some(&last) = end.checked_sub(1).and_then(|at| before.get(at)) else {
        return Before::ClauseStart;
    };
    if ends_clause(last) {
        return Before::ClauseStart;
    }
    let mut start = end;
    while start > 0 && !is_separator(before[start - 1]) {
        start -= 1;
        if end - start > MAX_WORD_BYTES {
            // No word looked for is that long, and walking a run of glued
            // mentions ("C/C/C/...") back for each of them would be
            // quadratic.
            return Before::Overlong;
        }
    }
    Before::Word { start, end }
}

/// Words before "learning" that say it is under way: "currently learning",
/// "I'm learning", "looking forward to learning".
pub(super) fn is_learning_cue(word: &[u8]) -> bool {
    [
        "currently",
        "now",
        "still",
        "am",
        "i'm",
        "i\u{2019}m",
        "im",
        "been",
        "started",
        "starting",
        "began",
        "begun",
        "to",
        "actively",
        "also",
    ]
    .iter()
    .any(|cue| word.eq_ignore_ascii_case(cue.as_bytes()))
}

/// Denials written after a skill in a sentence: "Rust is on my list to
/// learn", "Took a course on Java but have not used it". Each follows the
/// name after a space (or a comma and a space).
const DENIALS_IN_WORDS_AFTER: [&str; 10] = [
    "is on my list to learn",
    "is on my to-learn list",
    "is on my learning list",
    "is next on my list to learn",
    "but have not used it",
    "but haven't used it",
    "but haven\u{2019}t used it",
    "but never used it",
    "but have never used it",
    "but never got to use it",
];

/// Whether the words just after a mention ending at `end` deny it:
/// "Kubernetes: none", "Java – no experience", "Docker (never used)", "Go:
/// no.", "Rust is on my list to learn". Most mentions are followed by a
/// word or a full stop, and are out after a byte or two (resumes are read
/// on the hot path). The reader asks its two halves apart (see
/// [`marked_denial_after`]); the tests ask this.
#[cfg(test)]
pub fn denied_after(text: &str, end: usize) -> bool {
    marked_denial_after(text, end) || denied_in_words_after(text, end)
}

/// Half of `denied_after`: a denial in a sentence ([`DENIALS_IN_WORDS_AFTER`]):
/// the look every mention gets, as no mark announces one. Its first bytes
/// are read inline: nearly every mention is out at the letter after the
/// space after it; the rest is out of line (inlined, it slowed the reading
/// of every word).
#[inline(always)]
pub(super) fn denied_in_words_after(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    match bytes.get(end) {
        // Every phrase starts with "is" or "but".
        Some(b' ') => {
            matches!(bytes.get(end + 1), Some(b'i' | b'I' | b'b' | b'B'))
                && phrase_denies(&bytes[end + 1..])
        }
        Some(b',') => bytes.get(end + 1) == Some(&b' ') && phrase_denies(&bytes[end + 2..]),
        _ => false,
    }
}

/// Whether `rest`, the words after a mention, open one of
/// [`DENIALS_IN_WORDS_AFTER`].
#[inline(never)]
fn phrase_denies(rest: &[u8]) -> bool {
    // Most words after a name that start so ("in", "based") are out within
    // their first three bytes.
    let opens_phrase = |opening: &[u8]| {
        rest.get(..opening.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(opening))
    };
    if !opens_phrase(b"is ") && !opens_phrase(b"but ") {
        return false;
    }
    DENIALS_IN_WORDS_AFTER
        .iter()
        .any(|denial| starts_with_words(rest, denial))
}

/// Whether `text` starts with `words` (any letter case), ending there: not
/// "none" in "nonetheless", nor "zero years" in "zero years-long".
fn starts_with_words(text: &[u8], words: &str) -> bool {
    text.get(..words.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(words.as_bytes()))
        && !text
            .get(words.len())
            .is_some_and(|&next| next.is_ascii_alphanumeric() || next == b'-')
}

/// Half of `denied_after`: a denial behind a colon, a dash or a bracket, as a
/// skills grid writes it: looked for only in texts with one of those marks.
pub(super) fn marked_denial_after(text: &str, end: usize) -> bool {
    let Some(after) = text.as_bytes().get(end..) else {
        return false;
    };
    let skip_spaces = |mut at: usize| {
        while matches!(after.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        at
    };
    let at = skip_spaces(0);
    let marker = match after.get(at..) {
        Some([b':' | b'-' | b'(', ..]) => 1,
        // En and em dashes.
        Some([0xE2, 0x80, 0x93 | 0x94, ..]) => 3,
        _ => return false,
    };
    let rest = &after[skip_spaces(at + marker)..];
    // "Docker: no." as a grid's cell, not "Python (no framework)".
    let bare_no = rest
        .get(..2)
        .is_some_and(|no| no.eq_ignore_ascii_case(b"no"))
        && matches!(
            rest.get(2),
            None | Some(b'.' | b',' | b';' | b')' | b'\n' | b'\r')
        );
    // Every denial starts with "n", "0" or "z": a cell that says more
    // ("Python: 5 years") is out at its first byte.
    bare_no
        || matches!(rest.first(), Some(b'n' | b'N' | b'0' | b'z' | b'Z'))
            && DENIALS_AFTER
                .iter()
                .any(|denial| starts_with_words(rest, denial))
}

/// Words that put a skill ahead rather than behind the candidate:
/// "willing to learn Kubernetes", "interested in Rust", "unfamiliar with
/// Go". ("Learning" only right before the skill and under way: see
/// [`learning_under_way`]; "deep learning frameworks such as PyTorch".)
fn is_aspiration(word: &[u8]) -> bool {
    word.eq_ignore_ascii_case(b"learn")
        || word.eq_ignore_ascii_case(b"interested")
        || word.eq_ignore_ascii_case(b"unfamiliar")
}

/// Bytes that end a clause: punctuation and line breaks. No denial reaches
/// a mention past one, except along a list a denied mention opens.
pub(super) fn ends_clause(byte: u8) -> bool {
    matches!(
        byte,
        b',' | b';' | b':' | b'.' | b'!' | b'?' | b'(' | b')' | b'\n' | b'\r'
    )
}

/// Bytes between words: spaces and clause ends.
fn is_separator(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t') || ends_clause(byte)
}

/// Words after a negation that turn it into emphasis: "not only", "not
/// just", "no less than", "no fewer than".
fn softens_negation(word: &[u8]) -> bool {
    ["only", "just", "merely", "less", "fewer", "limited"]
        .iter()
        .any(|soft| word.eq_ignore_ascii_case(soft.as_bytes()))
}

fn ends_with_ignore_case(word: &[u8], suffix: &[u8]) -> bool {
    word.len() >= suffix.len() && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the mention of `skill` (its first occurrence) in `text` is denied.
    fn denied(text: &str, skill: &str) -> bool {
        let start = text.find(skill).expect("skill in text");
        denied_before(text, start)
    }

    #[test]
    fn negation_words_before_a_mention_deny_it() {
        for text in [
            "Never used Kubernetes, keen to learn.",
            "I have no experience with Ruby.",
            "Not familiar with Java yet",
            "haven't worked with Docker",
            "Haven’t worked with Docker",
            "No prior Kubernetes experience",
            "Built the pipeline without Docker",
            "I have no professional experience with Docker",
            "Willing to learn Kubernetes",
            "Interested in Ruby",
            "Zero experience with Ruby",
            "I have zero Ruby experience",
            "I lack experience with Docker",
            "Lack of Kubernetes knowledge",
            "Unfamiliar with Java",
            "Currently learning Kubernetes",
            "Learning Ruby",
            "Looking forward to learning Ruby",
        ] {
            let skill = ["Kubernetes", "Ruby", "Java", "Docker"]
                .into_iter()
                .find(|s| text.contains(s))
                .expect("a skill");
            assert!(denied(text, skill), "{text}");
        }
    }

    #[test]
    fn claims_are_not_denied() {
        for (text, skill) in [
            ("Built gRPC services in Go", "Go"),
            ("Never used Java, but Go daily", "Go"),
            ("Never used Java. Go daily", "Go"),
            ("no Java; Go daily", "Go"),
            ("Not only Go but Rust", "Go"),
            ("No less than five years of Go", "Go"),
            ("Never missed a deadline shipping Go", "Go"),
            ("not\nGo", "Go"),
            ("Go", "Go"),
            ("piano and Go", "Go"),
            ("Cannot stop writing Go", "Go"),
            ("Deep learning frameworks such as Go", "Go"),
            ("Machine learning Go services", "Go"),
            ("Learning and Go", "Go"),
            ("zero downtime migration to Go", "Go"),
            ("zero Go downtime", "Go"),
            ("lack of tests in Go", "Go"),
            ("zero bugs. Go experience", "Go"),
        ] {
            assert!(!denied(text, skill), "{text}");
        }
    }

    #[test]
    fn denials_written_after_a_mention() {
        let after = |text: &str, skill: &str| {
            let end = text.find(skill).expect("skill in text") + skill.len();
            denied_after(text, end)
        };
        for text in [
            "Rust (0 years)",
            "Rust: N/A",
            "Rust: 0 yrs",
            "Rust is on my list to learn.",
            "Rust, but have never used it",
            "Rust: none",
        ] {
            assert!(after(text, "Rust"), "{text}");
        }
        for text in [
            "Rust (0.5 years)",
            "Rust: 0-1 years",
            "Rust is on my CV",
            "Rust but never used it-adjacent tools",
            "Rust (zero years-long gaps)",
        ] {
            assert!(!after(text, "Rust"), "{text}");
        }
    }

    #[test]
    fn out_of_range_or_split_character_starts_read_as_no_denial() {
        assert!(!denied_before("no", 10));
        assert!(!denied_before("é", 1));
        assert!(!denied_before("", 0));
    }

    #[test]
    fn negation_words_in_any_case() {
        for word in ["NOT", "No", "never", "Without", "didn't", "DON'T", "nor"] {
            assert!(is_negation(word), "{word}");
        }
        for word in ["note", "know", "nothing", "north", "nope", "can"] {
            assert!(!is_negation(word), "{word}");
        }
    }
}
