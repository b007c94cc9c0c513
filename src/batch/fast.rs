//! A fast reader for the common shape of a pool record.
//!
//! Most lines of a pool are plain: the five known fields, strings without
//! escapes, numbers without exponents. This reader takes exactly those and
//! hands anything else (an escape, an unknown or repeated field, a numeric
//! id, a level of 7, a syntax error) back to the serde reader, which then
//! gives the same answer or the same error it always did. It never accepts
//! a line serde would reject, and where it accepts one it reads the same
//! values (a property test holds it to that).

use std::borrow::Cow;

use super::record::{ClaimRecord, Record};

/// The record of `line`, or `None` when it is not of the plain shape.
pub(crate) fn parse(line: &[u8]) -> Option<Record<'_>> {
    // One UTF-8 check for the whole line: every string then borrows a
    // slice of it, bounded by ASCII quotes (always character boundaries).
    let text = std::str::from_utf8(line).ok()?;
    let mut reader = Reader { text, at: 0 };
    let record = reader.record()?;
    reader.skip_whitespace();
    (reader.at == line.len()).then_some(record)
}

/// Numbers with at most this many digits have an exact integer mantissa
/// (below 2^53) and a power of ten that is an exact double.
const EXACT_DIGITS: usize = 15;

const POWERS_OF_TEN: [f64; EXACT_DIGITS + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

struct Reader<'a> {
    /// The line, known to be UTF-8.
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// Skips whitespace and takes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        // Most pools are compact JSON: the byte is usually right here.
        if self.bytes().get(self.at) == Some(&byte) {
            self.at += 1;
            return true;
        }
        self.skip_whitespace();
        if self.bytes().get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Takes `null` if it comes next, looking no further than one byte
    /// when a value does (the usual case).
    fn null(&mut self) -> bool {
        match self.bytes().get(self.at) {
            Some(b'n' | b' ' | b'\t' | b'\n' | b'\r') => self.eat_literal(b"null"),
            _ => false,
        }
    }

    /// Skips whitespace and takes `literal` if it comes next.
    fn eat_literal(&mut self, literal: &[u8]) -> bool {
        self.skip_whitespace();
        self.literal(literal)
    }

    /// Reads `{ "key": value, ... }`, calling `field` after each key with
    /// the reader positioned at the value.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &[u8]) -> Option<()>) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            self.skip_whitespace();
            let key = self.key()?;
            if !self.eat(b':') {
                return None;
            }
            field(self, key)?;
            if self.eat(b',') {
                continue;
            }
            return self.eat(b'}').then_some(());
        }
    }

    /// An object key, raw: the known keys are plain ASCII, and any other
    /// key (escaped or not) sends the line to serde anyway.
    #[inline(always)]
    fn key(&mut self) -> Option<&'a [u8]> {
        if self.bytes().get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at + 1;
        let end = string_stop(self.bytes(), start)?;
        // A backslash or control character: no key of ours.
        if self.bytes()[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        Some(&self.bytes()[start..end])
    }

    /// A string: borrowed when it has no escapes, decoded otherwise.
    /// Raw control characters and UTF-16 surrogate escapes go to serde.
    #[inline(always)]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        if self.bytes().get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at + 1;
        let end = string_stop(self.bytes(), start)?;
        match self.bytes()[end] {
            b'"' => {
                self.at = end + 1;
                self.text.get(start..end).map(Cow::Borrowed)
            }
            b'\\' => self.escaped_string(start),
            _ => None,
        }
    }

    fn escaped_string(&mut self, start: usize) -> Option<Cow<'a, str>> {
        let mut out = Vec::with_capacity(32);
        let mut at = start;
        loop {
            match *self.bytes().get(at)? {
                b'"' => break,
                0..=0x1f => return None,
                b'\\' => {
                    let decoded = match *self.bytes().get(at + 1)? {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let hex = self.text.get(at + 2..at + 6)?;
                            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                                return None;
                            }
                            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                            let mut utf8 = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                            at += 6;
                            continue;
                        }
                        _ => return None,
                    };
                    out.push(decoded);
                    at += 2;
                }
                byte => {
                    out.push(byte);
                    at += 1;
                }
            }
        }
        self.at = at + 1;
        String::from_utf8(out).ok().map(Cow::Owned)
    }

    /// A string, or `null` read as "".
    #[inline(always)]
    fn text_or_null(&mut self) -> Option<Cow<'a, str>> {
        if self.null() {
            return Some(Cow::Borrowed(""));
        }
        self.string()
    }

    /// A number of the form `-?int(.digits)?` (no exponent), or `null`.
    fn number_or_null(&mut self) -> Option<Option<f64>> {
        if let Some(value) = self.short_number() {
            return Some(Some(value));
        }
        if self.null() {
            return Some(None);
        }
        let start = self.at;
        let negative = self.bytes().get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        let mut mantissa = self.digits(0);
        let int_len = self.at - int_start;
        // JSON allows no leading zeros ("01") and needs a digit.
        if int_len == 0 || (int_len > 1 && self.bytes()[int_start] == b'0') {
            return None;
        }
        let mut fraction_len = 0;
        if self.bytes().get(self.at) == Some(&b'.') {
            self.at += 1;
            let fraction_start = self.at;
            mantissa = self.digits(mantissa);
            fraction_len = self.at - fraction_start;
            if fraction_len == 0 {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.bytes().get(self.at) {
            return None;
        }
        if int_len + fraction_len <= EXACT_DIGITS {
            // Both the digits and the power of ten are exact doubles, so one
            // correctly rounded division gives the correctly rounded value:
            // the result `str::parse` would give, without its general path.
            let magnitude = mantissa as f64 / POWERS_OF_TEN[fraction_len];
            return Some(Some(if negative { -magnitude } else { magnitude }));
        }
        // `str::parse` rounds correctly, as serde_json does with
        // `float_roundtrip` enabled: both readers get the same f64.
        self.text.get(start..self.at)?.parse::<f64>().ok().map(Some)
    }

    /// The usual number of a pool (years: "6", "12", "4.5", "10.5") when one
    /// comes next, ended by `,` or `}`: one or two integer digits without a
    /// leading zero, at most one decimal. Read without the general loop,
    /// to the same value (`digits / 10` is the correctly rounded quotient
    /// of two exact doubles, as in [`Self::number_or_null`]). Anything else
    /// is `None`, for the general reader.
    #[inline(always)]
    fn short_number(&mut self) -> Option<f64> {
        let rest = self.bytes().get(self.at..)?;
        let digit = |i: usize| {
            rest.get(i)
                .filter(|b| b.is_ascii_digit())
                .map(|b| u32::from(b - b'0'))
        };
        let ends = |i: usize| matches!(rest.get(i), Some(b',' | b'}'));
        let (int, int_len) = match (digit(0)?, digit(1)) {
            (first, Some(second)) if first != 0 => (first * 10 + second, 2),
            (first, None) => (first, 1),
            _ => return None,
        };
        if ends(int_len) {
            self.at += int_len;
            return Some(f64::from(int));
        }
        let tenths = digit(int_len + 1).filter(|_| rest[int_len] == b'.')?;
        if !ends(int_len + 2) {
            return None;
        }
        self.at += int_len + 2;
        Some(f64::from(int * 10 + tenths) / 10.0)
    }

    /// Skips a run of digits, returning `value` with them appended
    /// (wrapping: only used when the run is known to be short).
    fn digits(&mut self, mut value: u64) -> u64 {
        while let Some(&digit) = self.bytes().get(self.at).filter(|b| b.is_ascii_digit()) {
            value = value.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
            self.at += 1;
        }
        value
    }

    /// A level: an integer 0-5 (0 = not given) or `null`. Other spellings
    /// and out-of-range values go to serde, which accepts or explains them.
    #[inline(always)]
    fn level(&mut self) -> Option<Option<u8>> {
        if self.null() {
            return Some(None);
        }
        match self.bytes().get(self.at..self.at + 2)? {
            [digit @ b'0'..=b'5', next]
                if !next.is_ascii_digit() && !matches!(next, b'.' | b'e' | b'E') =>
            {
                self.at += 1;
                let level = digit - b'0';
                Some((level > 0).then_some(level))
            }
            _ => None,
        }
    }

    fn record(&mut self) -> Option<Record<'a>> {
        self.compact_or_any(Self::compact_record, Self::any_record)
    }

    /// Reads with `compact`, the fast form, and when that fails reads the
    /// same place again with `any`.
    #[inline(always)]
    fn compact_or_any<T>(
        &mut self,
        compact: impl FnOnce(&mut Self) -> Option<T>,
        any: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        let start = self.at;
        if let Some(value) = compact(self) {
            return Some(value);
        }
        self.at = start;
        any(self)
    }

    /// The value after `key` (a literal such as `,"level":`) if the key
    /// comes next, `Some(None)` if it does not, `None` if the value is not
    /// of the plain shape.
    #[inline(always)]
    fn field_after<T>(
        &mut self,
        key: &[u8],
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<Option<T>> {
        if self.literal(key) {
            read(self).map(Some)
        } else {
            Some(None)
        }
    }

    /// A record as the documented example writes it: compact, `id` first,
    /// then whichever of the other fields it has, in the documented order,
    /// keys matched as literals (see [`Self::compact_claim`]).
    fn compact_record(&mut self) -> Option<Record<'a>> {
        if !self.literal(b"{\"id\":") {
            return None;
        }
        let id = self.string()?;
        let skills = self.field_after(b",\"skills\":", Self::skills)?;
        let years_experience = self.field_after(b",\"years_experience\":", Self::number_or_null)?;
        let management_years = self.field_after(b",\"management_years\":", Self::number_or_null)?;
        let resume_text = self.field_after(b",\"resume_text\":", Self::text_or_null)?;
        self.literal(b"}").then_some(Record {
            id,
            skills: skills.unwrap_or_default(),
            years_experience: years_experience.flatten(),
            management_years: management_years.flatten(),
            resume_text: resume_text.unwrap_or_default(),
        })
    }

    /// A record in any form the fast reader takes.
    fn any_record(&mut self) -> Option<Record<'a>> {
        let mut id = None;
        let mut skills = None;
        let mut years_experience = None;
        let mut management_years = None;
        let mut resume_text = None;
        self.object(|reader, key| {
            reader.skip_whitespace();
            if key_is(key, b"id") {
                set_once(&mut id, reader.string()?)
            } else if key_is(key, b"skills") {
                set_once(&mut skills, reader.skills()?)
            } else if key_is(key, b"years_experience") {
                set_once(&mut years_experience, reader.number_or_null()?)
            } else if key_is(key, b"management_years") {
                set_once(&mut management_years, reader.number_or_null()?)
            } else if key_is(key, b"resume_text") {
                set_once(&mut resume_text, reader.text_or_null()?)
            } else {
                None
            }
        })?;
        Some(Record {
            id: id?,
            skills: skills.unwrap_or_default(),
            years_experience: years_experience.flatten(),
            management_years: management_years.flatten(),
            resume_text: resume_text.unwrap_or_default(),
        })
    }

    fn skills(&mut self) -> Option<Vec<ClaimRecord<'a>>> {
        if self.null() {
            return Some(Vec::new());
        }
        if !self.eat(b'[') {
            return None;
        }
        let mut skills = Vec::with_capacity(16);
        if self.eat(b']') {
            return Some(skills);
        }
        loop {
            skills.push(self.claim()?);
            if self.eat(b',') {
                continue;
            }
            return self.eat(b']').then_some(skills);
        }
    }

    fn claim(&mut self) -> Option<ClaimRecord<'a>> {
        self.compact_or_any(Self::compact_claim, Self::any_claim)
    }

    /// A skill object as pools write it, fields in the documented order
    /// and no whitespace: `{"name":..}`, then `"level"` and `"years"` if
    /// given. Its keys are matched as literals instead of being read and
    /// looked up (a pool has some fifteen of these a line). Anything else
    /// is `None`, for [`Self::any_claim`] to read from the same place.
    fn compact_claim(&mut self) -> Option<ClaimRecord<'a>> {
        if !self.literal(b"{\"name\":") {
            return None;
        }
        let name = self.text_or_null()?;
        let level = self.field_after(b",\"level\":", Self::level)?.flatten();
        let years = self
            .field_after(b",\"years\":", Self::number_or_null)?
            .flatten();
        self.literal(b"}")
            .then_some(ClaimRecord { name, level, years })
    }

    /// Takes `literal` if the text goes on with exactly it.
    #[inline(always)]
    fn literal(&mut self, literal: &[u8]) -> bool {
        let found = self.bytes()[self.at..].starts_with(literal);
        if found {
            self.at += literal.len();
        }
        found
    }

    /// A skill object in any form the fast reader takes.
    fn any_claim(&mut self) -> Option<ClaimRecord<'a>> {
        let mut name = None;
        let mut level = None;
        let mut years = None;
        self.object(|reader, key| {
            reader.skip_whitespace();
            if key_is(key, b"name") {
                set_once(&mut name, reader.text_or_null()?)
            } else if key_is(key, b"level") {
                set_once(&mut level, reader.level()?)
            } else if key_is(key, b"years") {
                set_once(&mut years, reader.number_or_null()?)
            } else {
                None
            }
        })?;
        Some(ClaimRecord {
            // No name: serde's error says so.
            name: name?,
            level: level.flatten(),
            years: years.flatten(),
        })
    }
}

/// Words of a string read one at a time before the scan hands over to
/// `memchr`: keys and skill names fit in them, and for strings that short
/// the vectorised search costs more in set-up than it saves.
const SHORT_STRING_WORDS: usize = 4;

const EVERY_BYTE: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` below `limit` (at most 0x80). Only
/// the lowest flagged byte is sure to be one: a borrow may flag bytes
/// above it, which is all [`string_stop`] needs.
fn bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(EVERY_BYTE * u64::from(limit)) & !word & HIGH_BITS
}

/// Where a string whose contents begin at `start` stops: the index of the
/// first quote, backslash or control character (JSON forbids those raw in
/// a string), or `None` when the line ends first.
#[inline(always)]
fn string_stop(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    for _ in 0..SHORT_STRING_WORDS {
        let Some(word) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) else {
            break;
        };
        let word = u64::from_le_bytes(*word);
        let stops = bytes_below(word ^ (EVERY_BYTE * u64::from(b'"')), 1)
            | bytes_below(word ^ (EVERY_BYTE * u64::from(b'\\')), 1)
            | bytes_below(word, 0x20);
        if stops != 0 {
            // Little-endian: the lowest set bit is the first byte.
            return Some(at + stops.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    // A long string (a resume) or the last bytes of the line.
    let rest = bytes.get(at..)?;
    let quote_or_escape = memchr::memchr2(b'"', b'\\', rest);
    let span = &rest[..quote_or_escape.unwrap_or(rest.len())];
    if span.iter().fold(false, |control, &b| control | (b < 0x20)) {
        return span.iter().position(|&b| b < 0x20).map(|i| at + i);
    }
    quote_or_escape.map(|i| at + i)
}

/// `key == want`, compared as a fixed-size array (no library call).
fn key_is<const N: usize>(key: &[u8], want: &[u8; N]) -> bool {
    <&[u8; N]>::try_from(key).is_ok_and(|key| key == want)
}

/// Sets a field seen for the first time; a repeated field is serde's to judge.
fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::*;

    fn serde_parse(line: &str) -> Option<Record<'_>> {
        serde_json::from_str(line).ok()
    }

    #[test]
    fn reads_a_plain_line_like_serde() {
        let line = r#"{"id":"c-1","skills":[{"name":"Golang","level":4,"years":6.5},{"name":"pg"}],"years_experience":8,"management_years":null,"resume_text":"Built gRPC services in Go."}"#;
        let fast = parse(line.as_bytes()).expect("plain line");
        assert_eq!(Some(&fast), serde_parse(line).as_ref());
        assert_eq!(fast.skills[0].years, Some(6.5));
        assert_eq!(fast.skills[1].level, None);
        let escaped = r#"{"id":"c-2","skills":[{"name":"\tRuby \"on\" Rails\u00e9\/"}]}"#;
        let fast = parse(escaped.as_bytes()).expect("escapes are read");
        assert_eq!(fast.skills[0].name, "\tRuby \"on\" Rails\u{e9}/");
        assert_eq!(Some(&fast), serde_parse(escaped).as_ref());
    }

    #[test]
    fn hands_unusual_lines_to_serde() {
        for line in [
            r#"{"id":17}"#,
            r#"{"id":"a","extra":1}"#,
            r#"{"id":"a","id":"b"}"#,
            r#"{"id":"a\ud83d"}"#,
            "{\"id\":\"a\tb\"}",
            r#"{"id":"a","skills":[{"name":"Go","level":7}]}"#,
            r#"{"id":"a","skills":[{"name":"Go","level":"4"}]}"#,
            r#"{"id":"a","years_experience":1e1}"#,
            r#"{"id":"a","years_experience":01}"#,
            r#"{"id":"a"} x"#,
            r#"{"skills":[]}"#,
            "not json",
        ] {
            assert!(parse(line.as_bytes()).is_none(), "{line}");
        }
    }

    /// Every short number the shortcut reads (and the shapes next to it,
    /// which it leaves to the general reader) reads as `str::parse` reads it.
    #[test]
    fn short_numbers_read_like_str_parse() {
        let mut numbers: Vec<String> = (0..100).map(|n| n.to_string()).collect();
        numbers.extend((0..1000).map(|n| format!("{}.{}", n / 10, n % 10)));
        numbers.extend(["0.05", "9.95", "100", "100.5", "1.25", "99.99"].map(String::from));
        for number in &numbers {
            for end in [",\"resume_text\":\"\"}", "}"] {
                let line = format!(r#"{{"id":"a","years_experience":{number}{end}"#);
                let read = parse(line.as_bytes()).and_then(|r| r.years_experience);
                let expected: f64 = number.parse().expect("a number");
                assert_eq!(read.map(f64::to_bits), Some(expected.to_bits()), "{number}");
            }
        }
        for refused in ["07", "1.", "00.5", "-", ".5"] {
            let line = format!(r#"{{"id":"a","years_experience":{refused}}}"#);
            assert!(parse(line.as_bytes()).is_none(), "{refused}");
        }
    }

    fn text() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[a-zA-Z0-9 .,;+#/-]{0,12}".prop_map(Value::from),
            "[\\PC\"\\\\]{0,6}".prop_map(Value::from),
            "[\\x00-\\x1f\\x7f\"\\\\é/]{0,6}".prop_map(Value::from),
            Just(Value::Null),
            (0u64..100).prop_map(Value::from),
        ]
    }

    fn number() -> impl Strategy<Value = Value> {
        prop_oneof![
            (0u64..40).prop_map(Value::from),
            (-5.0f64..60.0).prop_map(Value::from),
            Just(Value::Null),
            Just(json!("4")),
            (0u8..9).prop_map(Value::from),
        ]
    }

    /// A skill object as JSON text, its keys in the documented order
    /// (name, level, years), reversed, or with `name` last.
    fn claim() -> impl Strategy<Value = String> {
        (text(), number(), number(), any::<u8>(), 0usize..3).prop_map(
            |(name, level, years, mask, order)| {
                let mut entries = Vec::new();
                if mask & 1 != 0 {
                    entries.push(("name", name));
                }
                if mask & 2 != 0 {
                    entries.push(("level", level));
                }
                if mask & 4 != 0 {
                    entries.push(("years", years));
                }
                if mask & 8 != 0 && mask & 16 != 0 {
                    entries.push(("note", json!(1)));
                }
                match order {
                    1 => entries.reverse(),
                    2 if !entries.is_empty() => entries.rotate_left(1),
                    _ => {}
                }
                let fields: Vec<String> = entries
                    .iter()
                    .map(|(key, value)| format!("{}:{value}", json!(key)))
                    .collect();
                format!("{{{}}}", fields.join(","))
            },
        )
    }

    fn record() -> impl Strategy<Value = String> {
        (
            text(),
            prop::collection::vec(claim(), 0..4),
            number(),
            number(),
            text(),
            any::<u8>(),
            prop::sample::select(vec!["", " ", "\t", "  "]),
            0usize..3,
        )
            .prop_map(
                |(id, skills, years, management, resume, mask, space, order)| {
                    // Written out field by field: a serde_json map would sort
                    // the keys (of the skill objects too).
                    let mut fields = Vec::new();
                    if mask & 1 != 0 {
                        fields.push(format!(r#""id":{id}"#));
                    }
                    if mask & 2 != 0 {
                        fields.push(format!(r#""skills":[{}]"#, skills.join(",")));
                    }
                    if mask & 4 != 0 {
                        fields.push(format!(r#""years_experience":{years}"#));
                    }
                    if mask & 8 != 0 {
                        fields.push(format!(r#""management_years":{management}"#));
                    }
                    if mask & 16 != 0 {
                        fields.push(format!(r#""resume_text":{resume}"#));
                    }
                    // The documented order, reversed, or with `id` last.
                    match order {
                        1 => fields.reverse(),
                        2 if !fields.is_empty() => fields.rotate_left(1),
                        _ => {}
                    }
                    let line = format!("{{{}}}", fields.join(","));
                    if space.is_empty() {
                        line
                    } else {
                        // Whitespace between tokens (and inside strings, harmlessly).
                        line.replace(':', &format!("{space}:{space}"))
                            .replace(',', &format!(",{space}"))
                    }
                },
            )
    }

    /// Decimals as people and generators write them: short ones (the exact
    /// path) and long ones (the general path), signed or not.
    fn decimal() -> impl Strategy<Value = String> {
        (
            any::<bool>(),
            "(0|[1-9][0-9]{0,17})",
            prop::option::of("[0-9]{1,18}"),
        )
            .prop_map(|(negative, int, fraction)| {
                let sign = if negative { "-" } else { "" };
                match fraction {
                    Some(fraction) => format!("{sign}{int}.{fraction}"),
                    None => format!("{sign}{int}"),
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        #[test]
        fn a_string_stops_at_its_first_quote_backslash_or_control_byte(
            bytes in prop::collection::vec(
                prop_oneof![4 => 0x20u8..0x7f, 1 => any::<u8>(), 1 => Just(b'"'), 1 => Just(b'\\')],
                0..80,
            ),
            start in 0usize..80,
        ) {
            let start = start.min(bytes.len());
            let expected = bytes[start..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .map(|i| start + i);
            prop_assert_eq!(string_stop(&bytes, start), expected);
        }

        #[test]
        fn reads_decimals_to_the_same_bits_as_str_parse(number in decimal()) {
            let line = format!(r#"{{"id":"a","management_years":{number}}}"#);
            let expected: f64 = number.parse().expect("a decimal");
            let read = parse(line.as_bytes()).and_then(|r| r.management_years);
            prop_assert_eq!(read.map(f64::to_bits), Some(expected.to_bits()), "{}", number);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn never_disagrees_with_serde(line in record()) {
            if let Some(fast) = parse(line.as_bytes()) {
                prop_assert_eq!(Some(fast), serde_parse(&line), "{}", line);
            }
        }

        #[test]
        fn never_accepts_a_broken_line(line in record(), cut in 0usize..200) {
            let cut = line.len().saturating_sub(cut % (line.len() + 1));
            let broken = &line.as_bytes()[..cut];
            if parse(broken).is_some() {
                prop_assert!(serde_json::from_slice::<Record<'_>>(broken).is_ok(), "{:?}", String::from_utf8_lossy(broken));
            }
        }
    }
}
