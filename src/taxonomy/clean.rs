//! What PDF extraction and HTML exports leave in text, read away before
//! skills are looked for: a CV copied out of a PDF says "Kuber-\nnetes",
//! "ﬂask" and "Spring\u{a0}Boot"; an ATS export says "C&#35;" and
//! "Go&nbsp;developer". Read as they stand, each loses its skill without a
//! word, so the same CV scored differently by the field it came in.

/// A text with export artefacts read away, and where each of its bytes came
/// from.
pub(super) struct Cleaned {
    pub(super) text: String,
    /// By byte of `text`, and one past its end: the byte offset in the
    /// original text. The bytes a character (or a reference, a ligature)
    /// became map to its start, so mapped offsets fall on the original's
    /// character boundaries.
    pub(super) origin: Vec<usize>,
}

/// Whether `text` may hold something [`Cleaned`] reads differently: any
/// non-ASCII character, a character reference, a tab, a hyphen at the end
/// of a line. Plain ASCII prose (most resumes) is read as it is.
pub(super) fn may_need_cleaning(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'&', b'\t', b'\n', bytes).any(|at| match bytes[at] {
        b'\n' => hyphen_before_line_break(bytes, at),
        _ => true,
    })
}

/// `text` with what a browser never shows ([`crate::html::hidden_ranges`]:
/// scripts, styles, cookie banners) blanked out by spaces, so that a
/// resume pasted as HTML is read as it shows and every offset stays that
/// of the original; `None` when it has none.
pub(super) fn blank_hidden_html(text: &str) -> Option<String> {
    let hidden = crate::html::hidden_ranges(text);
    if hidden.is_empty() {
        return None;
    }
    let mut shown = text.as_bytes().to_vec();
    for range in hidden {
        // From '<' to past '>': whole characters, so spaces keep it UTF-8.
        shown[range].fill(b' ');
    }
    String::from_utf8(shown).ok()
}

/// Whether the line break at `at` follows a hyphen ("-\n", "-\r\n").
fn hyphen_before_line_break(bytes: &[u8], at: usize) -> bool {
    let before = &bytes[..at];
    let before = before.strip_suffix(b"\r").unwrap_or(before);
    before.ends_with(b"-")
}

impl Cleaned {
    /// Reads `original` with fullwidth forms narrowed, invisible characters
    /// (zero-width spaces, soft hyphens, joiners) dropped, other spaces and
    /// tabs as spaces, ligatures spelt out, character references decoded,
    /// and a word hyphenated across a line break joined.
    pub(super) fn new(original: &str) -> Cleaned {
        let mut cleaned = Cleaned {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len() + 1),
        };
        let mut rest = original.char_indices();
        while let Some((at, c)) = rest.next() {
            if c == '&' {
                if let Some((decoded, length)) = crate::encoding::html_reference_at(&original[at..])
                {
                    cleaned.push(at, decoded);
                    // The reference's other characters are ASCII: one each.
                    for _ in 1..length {
                        rest.next();
                    }
                    continue;
                }
            }
            if is_hyphen(c) && cleaned.text.ends_with(char::is_alphabetic) {
                if let Some(skip) = line_break_in_word(&original[at + c.len_utf8()..]) {
                    for _ in 0..skip {
                        rest.next();
                    }
                    continue;
                }
            }
            cleaned.push(at, c);
        }
        cleaned.origin.push(original.len());
        cleaned
    }

    /// Appends what the character at `at` of the original reads as.
    fn push(&mut self, at: usize, c: char) {
        let mut put = |c: char| {
            self.text.push(c);
            self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
        };
        if c.is_ascii() {
            return put(if c == '\t' { ' ' } else { c });
        }
        if is_invisible(c) {
            return;
        }
        if let Some(spelt) = ligature(c) {
            return spelt.chars().for_each(put);
        }
        put(match c {
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => ' ',
            '\u{2010}' | '\u{2011}' => '-',
            _ => super::resolve::narrow(c),
        });
    }
}

/// Hyphens a word is broken with at a line's end.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{ad}')
}

/// After a hyphen: how many characters make a line break inside a word
/// ("Kuber-\nnetes", "Post-\r\n  greSQL"): the break and the next line's
/// indentation, when a lowercase letter follows; `None` otherwise (a
/// hyphen that ends a line before a capital or a list is a real one).
fn line_break_in_word(after: &str) -> Option<usize> {
    let line = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))?;
    let indented = line.trim_start_matches([' ', '\t']);
    if !indented.starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    Some(after.len() - indented.len())
}

/// Characters that do not show and stand inside words in exported text:
/// soft hyphens, zero-width spaces and joiners, direction marks and
/// isolates, the byte order mark, variation selectors.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
    )
}

/// What a typographic ligature spells ("ﬂask" is "flask").
pub(super) fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> String {
        Cleaned::new(text).text
    }

    #[test]
    fn export_artefacts_read_as_the_words_they_break() {
        for (text, reads) in [
            (
                "Kuber-\nnetes and Post-\r\n  greSQL",
                "Kubernetes and PostgreSQL",
            ),
            (
                "Kuber\u{ad}netes, Kuber\u{200b}netes",
                "Kubernetes, Kubernetes",
            ),
            ("\u{fb02}ask and \u{fb01}rebase", "flask and firebase"),
            ("Spring\u{a0}Boot, Spring\tBoot", "Spring Boot, Spring Boot"),
            ("C&#35;, C&#43;&#43; and Go&nbsp;dev", "C#, C++ and Go dev"),
            ("Ｇｏ\u{3000}ｇＲＰＣ", "Go gRPC"),
        ] {
            assert!(may_need_cleaning(text), "{text:?}");
            assert_eq!(cleaned(text), reads, "{text:?}");
        }
    }

    #[test]
    fn real_hyphens_ampersands_and_line_breaks_stay() {
        for text in [
            "front-\nEnd",
            "CI/CD -\n- Docker",
            "R&D, AT&T &amp no semicolon",
            "one line\nanother-line",
        ] {
            assert_eq!(cleaned(text), text);
        }
        assert!(!may_need_cleaning("Go, Ruby on Rails\nPostgreSQL - tuning"));
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let text = "x Kuber-\nnetes, C&#35; \u{fb02}ask";
        let cleaned = Cleaned::new(text);
        assert_eq!(cleaned.text, "x Kubernetes, C# flask");
        assert_eq!(cleaned.origin.len(), cleaned.text.len() + 1);
        let original = |start: usize, end: usize| &text[cleaned.origin[start]..cleaned.origin[end]];
        let find = |word: &str| {
            let start = cleaned.text.find(word).expect("word");
            original(start, start + word.len())
        };
        assert_eq!(find("Kubernetes"), "Kuber-\nnetes");
        assert_eq!(find("C#"), "C&#35;");
        assert_eq!(find("flask"), "\u{fb02}ask");
    }
}
