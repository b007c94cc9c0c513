//! One candidate record read on its own (`rolefit explain --candidate`):
//! held to the limit of one pool line, plain or gzip-compressed, read as a
//! pool line is read, with messages for the usual mistakes (an empty file,
//! a whole pool where one record was expected).

use std::io::{self, Read};

use super::{read_candidate, GZIP_MAGIC};
use crate::scoring::Candidate;

/// Why a candidate file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CandidateFileError {
    /// Reading the input failed.
    #[error("cannot read the candidate: {0}")]
    Read(io::Error),
    /// The input starts as gzip but does not unpack.
    #[error("cannot read the candidate: the gzip-compressed input is damaged: {0}")]
    DamagedGzip(io::Error),
    /// The record is larger than the limit (in bytes, after unpacking).
    #[error("the candidate is larger than {0} bytes, the limit of one record")]
    TooLarge(usize),
    /// Nothing but blank space; the text says where from.
    #[error("the candidate is empty ({0}): explain reads one JSON record, {{\"id\": ...}}")]
    Empty(String),
    /// Not a candidate record; the hint names a pool given by mistake.
    #[error("the candidate is not a valid JSON record: {reason}{hint}")]
    Invalid {
        /// What the record reader said.
        reason: String,
        /// Empty, or a note that the input holds several JSON lines.
        hint: String,
    },
}

/// Reads one candidate from `input`, at most `limit` bytes (unpacked).
/// `source` names the input for the "empty" message: `None` for stdin,
/// else the file's name as given.
pub fn read_candidate_file(
    input: impl Read,
    source: Option<&str>,
    limit: usize,
) -> Result<Candidate, CandidateFileError> {
    let mut bytes = Vec::new();
    input
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(CandidateFileError::Read)?;
    if bytes.starts_with(GZIP_MAGIC) {
        // A candidate exported as `c.json.gz`, as pools often are.
        let mut unpacked = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes.as_slice())
            .take(limit as u64 + 1)
            .read_to_end(&mut unpacked)
            .map_err(CandidateFileError::DamagedGzip)?;
        bytes = unpacked;
    }
    if bytes.len() > limit {
        return Err(CandidateFileError::TooLarge(limit));
    }
    // An empty file (or a pipe closed at once) was "not a JSON object".
    if bytes
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(&bytes)
        .trim_ascii()
        .is_empty()
    {
        return Err(CandidateFileError::Empty(match source {
            None => "no input on stdin".to_string(),
            Some(name) => format!("{name} holds nothing but blank space"),
        }));
    }
    read_candidate(&bytes).map_err(|why| {
        // A pool (JSON Lines) where one record was expected.
        let records = bytes
            .split(|&b| b == b'\n')
            .filter(|line| line.trim_ascii_start().starts_with(b"{"))
            .count();
        let hint = if records > 1 {
            format!(
                " (the file holds {records} JSON lines: explain reads one candidate; \
                 take one, e.g. `grep '\"id\":\"ID\"' pool.jsonl > candidate.json`)"
            )
        } else {
            String::new()
        };
        CandidateFileError::Invalid {
            reason: why.to_string(),
            hint,
        }
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_record_plain_or_gzip_compressed_reads_alike() {
        let record = br#"{"id":"c1","skills":[{"name":"golang","level":4}]}"#;
        let plain = read_candidate_file(&record[..], Some("c.json"), 1 << 20).unwrap();
        let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        packed.write_all(record).unwrap();
        let packed = packed.finish().unwrap();
        let unpacked = read_candidate_file(packed.as_slice(), Some("c.json.gz"), 1 << 20).unwrap();
        assert_eq!(plain.id, "c1");
        assert_eq!(format!("{plain:?}"), format!("{unpacked:?}"));
    }

    #[test]
    fn the_usual_mistakes_are_named() {
        let empty = read_candidate_file(&b"\xEF\xBB\xBF \n"[..], Some("c.json"), 100).unwrap_err();
        assert!(
            matches!(&empty, CandidateFileError::Empty(where_from) if where_from.contains("c.json"))
        );
        let stdin = read_candidate_file(&b""[..], None, 100).unwrap_err();
        assert!(stdin.to_string().contains("no input on stdin"), "{stdin}");
        let large = read_candidate_file(&[b' '; 101][..], None, 100).unwrap_err();
        assert!(matches!(large, CandidateFileError::TooLarge(100)));
        let pool =
            read_candidate_file(&b"{\"id\":\"a\"}\n{\"id\":\"b\"}\n"[..], None, 100).unwrap_err();
        assert!(pool.to_string().contains("holds 2 JSON lines"), "{pool}");
        let damaged = read_candidate_file(&b"\x1F\x8Bnot gzip"[..], None, 100).unwrap_err();
        assert!(matches!(damaged, CandidateFileError::DamagedGzip(_)));
    }
}
