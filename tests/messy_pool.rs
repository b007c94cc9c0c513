//! A messy pool, as exports and hand edits make them, scored by the real
//! binary with and without `--strict`: every line is either scored or
//! reported with its number and why, nothing is lost, nothing panics, and
//! the exit codes are the documented ones (0, and 3 under `--strict`).
//!
//! The pool comes from a small generator: each kind of mess (a byte order
//! mark, CRLF, blank lines, trailing commas, numbers and levels as text,
//! nulls, skills as one string or as an object, repeated keys, very long
//! lines, invalid UTF-8 and Windows-1252, NUL bytes, a JSON array on a
//! line, numeric ids) in an order drawn from a fixed seed, so a failure
//! replays exactly.

use std::collections::BTreeMap;
use std::process::{Command, Output};

/// What the reader must make of a generated line.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    /// Scored, under the line's id.
    Scored,
    /// Reported as malformed, with this fragment in the message.
    Reported(&'static str),
    /// Passed over silently: a blank line.
    Blank,
}

/// One generated line: its bytes (without the line break), the id it is
/// scored under when it is, and what must become of it.
struct Line {
    bytes: Vec<u8>,
    id: String,
    outcome: Outcome,
}

/// A linear congruential generator: the same seed, the same pool.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The kinds of mess, each making line `n` of the pool.
fn messy_line(kind: usize, n: usize) -> Line {
    let id = format!("m-{n}");
    let scored = |text: String| Line {
        bytes: text.into_bytes(),
        id: id.clone(),
        outcome: Outcome::Scored,
    };
    let reported = |text: Vec<u8>, why: &'static str| Line {
        bytes: text,
        id: id.clone(),
        outcome: Outcome::Reported(why),
    };
    match kind {
        0 => scored(format!(
            r#"{{"id":"{id}","skills":[{{"name":"Go","level":4}}]}}"#
        )),
        // A byte order mark at the start of a line (`cat a.jsonl b.jsonl`).
        1 => scored(format!("\u{feff}{{\"id\":\"{id}\",\"skills\":[\"Go\"]}}")),
        // CRLF: the carriage return stays at the end of the line.
        2 => scored(format!("{{\"id\":\"{id}\",\"skills\":[\"Rust\"]}}\r")),
        3 => Line {
            bytes: ["", "   ", "\t", "\r"][n % 4].as_bytes().to_vec(),
            id,
            outcome: Outcome::Blank,
        },
        4 => reported(
            format!(r#"{{"id":"{id}","skills":["Go",],}}"#).into_bytes(),
            "trailing comma",
        ),
        5 => scored(format!(
            r#"{{"id":"{id}","skills":[{{"name":"Go","level":"4","years":"3+"}}],"years_experience":"10"}}"#
        )),
        6 => scored(format!(
            r#"{{"id":"{id}","skills":[{{"name":"Python","level":"expert"}},{{"name":"SQL","level":"Intermediate"}}]}}"#
        )),
        7 => scored(format!(
            r#"{{"id":"{id}","skills":[null,{{"name":"Go","level":null,"years":null}}],"years_experience":null,"management_years":null,"resume_text":null}}"#
        )),
        8 => scored(format!(r#"{{"id":"{id}","skills":"Go, Rust; SQL"}}"#)),
        9 => scored(format!(
            r#"{{"id":"{id}","skills":{{"Go":4,"Rust":{{"level":3,"years":2}}}}}}"#
        )),
        10 => reported(
            format!(r#"{{"id":"{id}","skills":["Go"],"skills":["Rust"]}}"#).into_bytes(),
            "duplicate field `skills`",
        ),
        11 => {
            let resume = "Built services in Go. ".repeat(60_000);
            reported(
                format!(r#"{{"id":"{id}","resume_text":"{resume}"}}"#).into_bytes(),
                "--max-line-bytes",
            )
        }
        // Windows-1252 (a legacy export): read as such, and scored.
        12 => {
            let mut bytes =
                format!(r#"{{"id":"{id}","skills":["Go"],"resume_text":"Jos"#).into_bytes();
            bytes.extend_from_slice(b"\xE9 \x93Go\x94 developer\"}");
            Line {
                bytes,
                id,
                outcome: Outcome::Scored,
            }
        }
        // UTF-8 with a broken byte: scored, the byte replaced.
        13 => {
            let mut bytes =
                format!(r#"{{"id":"{id}","skills":["Go"],"resume_text":"Müller "#).into_bytes();
            bytes.extend_from_slice(b"\xFF\"}");
            Line {
                bytes,
                id,
                outcome: Outcome::Scored,
            }
        }
        14 => {
            let mut bytes = format!(r#"{{"id":"{id}","skills":["Go"]}}"#).into_bytes();
            bytes.extend_from_slice(b"\0\0");
            reported(bytes, "NUL bytes")
        }
        15 => reported(
            format!(r#"[{{"id":"{id}","skills":["Go"]}},{{"id":"{id}-b"}}]"#).into_bytes(),
            "a JSON array, not one record",
        ),
        // A numeric id is kept as written.
        16 => Line {
            bytes: format!(r#"{{"id":{n}00000000000000000000,"skills":["Go"]}}"#).into_bytes(),
            id: format!("{n}00000000000000000000"),
            outcome: Outcome::Scored,
        },
        17 => reported(
            format!(r#"{{"id":"{id}","skills":[{{"name":"Go","level":7}}]}}"#).into_bytes(),
            "skills[0].level",
        ),
        18 => reported(
            format!(r#"{{"candidate":"{id}"}}"#).into_bytes(),
            "missing field `id`",
        ),
        _ => scored(format!(
            r#"{{"ID":"{id}","Skills":["C/C++ (4/5)","Go / Rust - 4/5","Python (Level 4)"],"Resume Text":"Trip to Java; worked in Java"}}"#
        )),
    }
}

const KINDS: usize = 20;

/// A pool of `count` lines (the first a plain record, so the pool reads as
/// JSON Lines), kinds in an order drawn from `seed`, each kind at least
/// once.
fn messy_pool(seed: u64, count: usize) -> Vec<Line> {
    let mut random = Seeded(seed);
    let mut kinds: Vec<usize> = (0..KINDS).collect();
    kinds.extend((KINDS..count.saturating_sub(1)).map(|_| random.below(KINDS)));
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, random.below(i + 1));
    }
    std::iter::once(0)
        .chain(kinds)
        .enumerate()
        .map(|(n, kind)| messy_line(kind, n + 1))
        .collect()
}

fn joined(lines: &[Line]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for line in lines {
        bytes.extend_from_slice(&line.bytes);
        bytes.push(b'\n');
    }
    bytes
}

fn score(pool: &[u8], extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("pool.jsonl");
    std::fs::write(&path, pool).expect("pool written");
    Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args([
            "score",
            "--top",
            "1",
            "--max-reported-errors",
            "100000",
            "--input",
        ])
        .arg(&path)
        .args(["--output", "-"])
        .args(extra)
        .output()
        .expect("rolefit runs")
}

/// The ids of the output lines, and the `{"line":N,"error":...}` lines.
fn read_output(out: &Output) -> (Vec<String>, BTreeMap<u64, String>) {
    let (mut ids, mut errors) = (Vec::new(), BTreeMap::new());
    for line in String::from_utf8(out.stdout.clone())
        .expect("UTF-8 output")
        .lines()
    {
        let value: serde_json::Value =
            serde_json::from_str(line).expect("each output line is JSON");
        match (value["id"].as_str(), value["line"].as_u64()) {
            (Some(id), _) => ids.push(id.to_string()),
            (None, Some(number)) => {
                errors.insert(number, value["error"].as_str().unwrap_or("").to_string());
            }
            _ => panic!("an output line that is neither: {line}"),
        }
    }
    (ids, errors)
}

#[test]
fn every_line_of_a_messy_pool_is_scored_or_reported() {
    for seed in [1, 36] {
        let lines = messy_pool(seed, 120);
        let pool = joined(&lines);
        let scored: Vec<&str> = lines
            .iter()
            .filter(|l| l.outcome == Outcome::Scored)
            .map(|l| l.id.as_str())
            .collect();
        let reported: Vec<(u64, &str)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| match l.outcome {
                Outcome::Reported(why) => Some((i as u64 + 1, why)),
                _ => None,
            })
            .collect();

        let out = score(&pool, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "seed {seed}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(read_output(&out).0, scored, "seed {seed}: {stderr}");
        for (number, why) in &reported {
            let told = stderr
                .lines()
                .find(|l| l.starts_with(&format!("line {number}: ")))
                .unwrap_or_else(|| panic!("seed {seed}: line {number} not reported: {stderr}"));
            assert!(told.contains(why), "seed {seed}: {told:?} lacks {why:?}");
        }
        assert!(
            stderr.contains(&format!("skipped {} malformed line(s)", reported.len())),
            "seed {seed}: {stderr}"
        );

        // Every line that is not blank has its answer, in place.
        let out = score(&pool, &["--error-lines"]);
        assert_eq!(out.status.code(), Some(0));
        let (ids, errors) = read_output(&out);
        assert_eq!(ids, scored);
        let numbers: Vec<u64> = errors.keys().copied().collect();
        let expected: Vec<u64> = reported.iter().map(|(number, _)| *number).collect();
        assert_eq!(numbers, expected, "seed {seed}");

        // --strict stops at the first malformed line, exit code 3, after
        // writing every line before it.
        let out = score(&pool, &["--strict"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "seed {seed}: {stderr}");
        let (first_bad, why) = reported[0];
        assert!(
            stderr.contains(&format!("line {first_bad}: ")) && stderr.contains(why),
            "seed {seed}: {stderr}"
        );
        let before: Vec<&str> = lines[..first_bad as usize - 1]
            .iter()
            .filter(|l| l.outcome == Outcome::Scored)
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(read_output(&out).0, before, "seed {seed}");
    }
}

/// The pool as a whole in a form that is not JSON Lines is refused up
/// front, with the command that converts it, and nothing is scored.
#[test]
fn a_messy_pool_that_is_one_json_array_is_refused_with_a_way_out() {
    let lines = messy_pool(7, 10);
    let records: Vec<String> = lines
        .iter()
        .filter(|l| l.outcome == Outcome::Scored && l.bytes.is_ascii() && l.bytes.starts_with(b"{"))
        .map(|l| String::from_utf8_lossy(&l.bytes).trim_end().to_string())
        .collect();
    let array = format!("[{}]\n", records.join(",\n"));
    let out = score(array.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("jq -c '.[]'"));
    assert!(out.stdout.is_empty());
}
