//! Denied mentions: "never used Kubernetes", "no experience with Ruby".
//!
//! A skill named in prose is not always a skill claimed. Job pages deny a
//! requirement ("no prior Kubernetes experience required", read by the
//! catalog compiler) and resumes or recruiter notes deny experience; both
//! use the same few negation words, kept here.

/// How many words before a mention a negation still reaches: "I have no
/// professional experience with Rust" is four words back; "no downtime
/// migration to PostgreSQL" (four too) shows why the reach stays short.
const REACH_WORDS: usize = 4;

/// Every word that can deny a mention after it, as the extractor's units:
/// contractions end in the unit "t" ("haven" "'" "t").
pub(super) const DENIAL_UNITS: [&str; 9] = [
    "no",
    "not",
    "never",
    "without",
    "nor",
    "neither",
    "t",
    "learn",
    "interested",
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
        while end > 0 && matches!(before[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        let Some(&last) = end.checked_sub(1).and_then(|at| before.get(at)) else {
            return false;
        };
        if ends_clause(last) {
            return false;
        }
        let mut word_start = end;
        while word_start > 0 && !is_separator(before[word_start - 1]) {
            word_start -= 1;
            if end - word_start > MAX_WORD_BYTES {
                // No negation word is that long, and walking a run of
                // glued mentions ("C/C/C/...") back for each of them
                // would be quadratic.
                return false;
            }
        }
        let word = &before[word_start..end];
        if word.eq_ignore_ascii_case(b"but") {
            return false;
        }
        if (is_negation_word(word) && !softens_negation(next_word)) || is_aspiration(word) {
            return true;
        }
        next_word = word;
        end = word_start;
    }
    false
}

/// Denials written after a skill, behind a colon, a dash or a bracket, as
/// a skills grid pasted into a resume writes them.
const DENIALS_AFTER: [&str; 7] = [
    "none",
    "no experience",
    "no professional experience",
    "no hands-on experience",
    "never used",
    "not used",
    "not yet",
];

/// Whether the words just after a mention ending at `end` deny it:
/// "Kubernetes: none", "Java – no experience", "Docker (never used)", "Go:
/// no.". Most mentions are followed by a word or a full stop, and are out
/// after a byte or two (resumes are read on the hot path).
pub fn denied_after(text: &str, end: usize) -> bool {
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
    bare_no
        || DENIALS_AFTER.iter().any(|denial| {
            rest.get(..denial.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(denial.as_bytes()))
                && !rest
                    .get(denial.len())
                    .is_some_and(|next| next.is_ascii_alphanumeric())
        })
}

/// Words that put a skill ahead rather than behind the candidate:
/// "willing to learn Kubernetes", "interested in Rust". ("Learning" is
/// left alone: "deep learning frameworks such as PyTorch".)
fn is_aspiration(word: &[u8]) -> bool {
    word.eq_ignore_ascii_case(b"learn") || word.eq_ignore_ascii_case(b"interested")
}

/// Bytes that end a clause: punctuation and line breaks.
fn ends_clause(byte: u8) -> bool {
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
        ] {
            assert!(!denied(text, skill), "{text}");
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
