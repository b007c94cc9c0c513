//! Decoding text in the encodings real files arrive in: UTF-8 (the norm),
//! UTF-16 with a byte order mark (Windows "Unicode" text), and
//! Windows-1252 (text pasted out of office tools, legacy exports).

use std::borrow::Cow;

/// The largest char boundary of `text` at or before byte `at` (`at` past
/// the end counts as the end); `str::floor_char_boundary` once the minimum
/// Rust version has it (1.91).
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest char boundary of `text` at or after byte `at` (at most the
/// end); `str::ceil_char_boundary` once the minimum Rust version has it.
pub(crate) fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The byte order mark of UTF-8 text (editors and Windows tools write one).
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// The byte order mark of UTF-16 little-endian text.
pub(crate) const UTF16_LE_BOM: [u8; 2] = [0xFF, 0xFE];
/// The byte order mark of UTF-16 big-endian text.
pub(crate) const UTF16_BE_BOM: [u8; 2] = [0xFE, 0xFF];

/// Windows-1252 code points for bytes 0x80..=0x9F (0 = undefined, kept as
/// the Latin-1 control character so decoding never fails).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// Decodes one byte as Windows-1252 (Latin-1 for the undefined slots).
fn cp1252_char(b: u8) -> char {
    if (0x80..=0x9F).contains(&b) {
        let cp = CP1252_HIGH[(b - 0x80) as usize];
        if cp != 0 {
            return char::from_u32(u32::from(cp)).unwrap_or(b as char);
        }
    }
    b as char
}

/// Decodes `bytes`: UTF-16 when they start with a UTF-16 byte order mark
/// (unpaired surrogates as U+FFFD, an odd last byte ignored), else UTF-8
/// when valid (borrowed, lossless), else as [`not_utf8`] says; a byte order
/// mark is dropped. Never fails: every byte sequence reads as some text.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Some(little_endian) = utf16_bom(bytes) {
        let units = bytes[2..].chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if little_endian {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        return Cow::Owned(
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect(),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(not_utf8(bytes)),
    }
}

/// Decodes text that is not valid UTF-8. Text with UTF-8 characters in it
/// is UTF-8 with a few broken bytes (a column cut mid-character, one
/// stray byte pasted in): those read as U+FFFD and the rest as written, so
/// "Müller" stays "Müller". Text without any is a legacy 8-bit export
/// ("Jos\xE9") and reads as Windows-1252.
pub(crate) fn not_utf8(bytes: &[u8]) -> String {
    let has_utf8_character = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if has_utf8_character {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        windows_1252(bytes)
    }
}

/// Decodes `bytes` as Windows-1252 (every byte is one character).
pub(crate) fn windows_1252(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| cp1252_char(b)).collect()
}

/// `Some(true)` for a UTF-16 little-endian byte order mark at the start of
/// `bytes`, `Some(false)` for big-endian, `None` otherwise.
pub(crate) fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.starts_with(&UTF16_LE_BOM) {
        Some(true)
    } else if bytes.starts_with(&UTF16_BE_BOM) {
        Some(false)
    } else {
        None
    }
}

/// The character an HTML character reference's name (`amp`, `#39`,
/// `#x2019`) stands for: numeric references and the named ones job pages
/// and ATS exports use.
fn html_entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "shy" => '\u{ad}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        _ => return None,
    })
}

/// The character reference at the start of `text` ("&#35;", "&#x2B;",
/// "&nbsp;"): the character and the reference's length in characters.
pub(crate) fn html_reference_at(text: &str) -> Option<(char, usize)> {
    let body = text.strip_prefix('&')?;
    // The longest reference read, "&#x10FFFF;", is ten characters.
    let end = body.bytes().take(9).position(|b| b == b';')?;
    let decoded = html_entity(&body[..end])?;
    Some((decoded, end + 2))
}

/// `text` with HTML character references decoded ("C&#35;" is "C#");
/// borrowed when it has none.
pub(crate) fn decode_html_references(text: &str) -> Cow<'_, str> {
    // A byte loop: skill names are short, and this runs for every new one.
    if !text.bytes().any(|b| b == b'&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match html_reference_at(rest) {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_windows_1252_when_not_utf8() {
        let bytes = b"We didn\x92t \x93quote\x94 caf\xe9";
        assert_eq!(decode(bytes), "We didn’t “quote” café");
        assert!(matches!(decode("naïve".as_bytes()), Cow::Borrowed("naïve")));
    }

    /// One broken byte in UTF-8 text does not turn its characters into
    /// Windows-1252 mojibake ("MÃ¼ller").
    #[test]
    fn utf8_with_a_broken_byte_keeps_its_characters() {
        assert_eq!(
            decode(b"M\xC3\xBCller \xE2\x80\x94 caf\xC3"),
            "Müller — caf\u{FFFD}"
        );
        assert_eq!(decode("李四 \u{a0}".as_bytes()), "李四 \u{a0}");
        let mut cut = "李四".as_bytes().to_vec();
        cut.push(0xA0);
        assert_eq!(decode(&cut), "李四\u{FFFD}");
    }

    #[test]
    fn drops_a_utf8_byte_order_mark_whatever_follows() {
        assert!(matches!(
            decode(b"\xEF\xBB\xBFcaf\xC3\xA9"),
            Cow::Borrowed("café")
        ));
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xE9"), "café");
    }

    #[test]
    fn decodes_utf16_with_a_byte_order_mark() {
        let text = "## Requirements\n- Go, naïve 🦀";
        let mut little = UTF16_LE_BOM.to_vec();
        let mut big = UTF16_BE_BOM.to_vec();
        for unit in text.encode_utf16() {
            little.extend(unit.to_le_bytes());
            big.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&little), text);
        assert_eq!(decode(&big), text);
        // A lone surrogate and an odd trailing byte do not stop decoding.
        let mut broken = UTF16_LE_BOM.to_vec();
        broken.extend([0x00, 0xD8, b'A', 0x00, 0x7F]);
        assert_eq!(decode(&broken), "\u{FFFD}A");
    }

    #[test]
    fn html_references_decode_and_nothing_else() {
        assert_eq!(decode_html_references("C&#35;"), "C#");
        assert_eq!(decode_html_references("C&#x2B;&#x2b;"), "C++");
        assert_eq!(decode_html_references("R&D"), "R&D");
        assert_eq!(decode_html_references("Q&amp;A &lt;b&gt;"), "Q&A <b>");
        assert_eq!(decode_html_references("&#1114112;"), "&#1114112;");
        assert_eq!(decode_html_references("AT&T &unknown;"), "AT&T &unknown;");
        assert_eq!(
            decode_html_references("a &amp; b &#39;c&#x2019; &bogus; &"),
            "a & b 'c’ &bogus; &"
        );
    }
}
