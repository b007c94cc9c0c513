use std::sync::Arc;

use super::*;
use crate::test_support::engine;

fn run_on(input: &str, options: &BatchOptions) -> (Result<BatchSummary, BatchError>, String) {
    run_stream(input.as_bytes(), options)
}

/// Runs `input` (raw bytes) as a stream, with [`run`].
fn run_stream(input: &[u8], options: &BatchOptions) -> (Result<BatchSummary, BatchError>, String) {
    run_stream_with(input, options, &())
}

/// [`run_stream`], telling `progress` how the run goes.
fn run_stream_with(
    input: &[u8],
    options: &BatchOptions,
    progress: &dyn Progress,
) -> (Result<BatchSummary, BatchError>, String) {
    let mut out = Vec::new();
    let result = run(Arc::new(engine()), input, &mut out, options, progress);
    (result, String::from_utf8(out).expect("utf-8 output"))
}

/// Runs `input` written to a file, with [`run_file`] (mapped, or read as a
/// stream when compressed).
fn run_file_bytes(
    input: &[u8],
    options: &BatchOptions,
) -> (Result<BatchSummary, BatchError>, String) {
    run_file_bytes_with(input, options, &())
}

/// [`run_file_bytes`], telling `progress` how the run goes.
fn run_file_bytes_with(
    input: &[u8],
    options: &BatchOptions,
    progress: &dyn Progress,
) -> (Result<BatchSummary, BatchError>, String) {
    use std::io::Write as _;
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(input).expect("temp file written");
    let mut out = Vec::new();
    let result = run_file(
        Arc::new(engine()),
        file.as_file(),
        &mut out,
        options,
        progress,
    );
    (result, String::from_utf8(out).expect("utf-8 output"))
}

fn line(id: usize, skills: &str) -> String {
    format!(r#"{{"id":"c-{id}","skills":[{skills}],"years_experience":6}}"#)
}

#[test]
fn writes_one_line_per_candidate_in_input_order() {
    let input: String = (0..5000)
        .map(|i| {
            let skills = if i % 2 == 0 {
                r#"{"name":"Ruby","level":4},{"name":"golang"}"#
            } else {
                r#"{"name":"postgres","level":5},{"name":"Rails","level":4}"#
            };
            line(i, skills) + "\n"
        })
        .collect();
    // Small chunks so many are in flight and finish out of order.
    let options = BatchOptions {
        chunk_bytes: 1024,
        ..BatchOptions::default()
    };
    let (result, out) = run_on(&input, &options);
    let summary = result.expect("batch runs");
    assert_eq!(summary.scored, 5000);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5000);
    for (i, value) in lines.iter().enumerate() {
        assert_eq!(value["id"], format!("c-{i}"));
        let top = value["top"].as_array().unwrap();
        assert_eq!(top.len(), 3);
        let expected_first = if i % 2 == 0 { "polyglot" } else { "database" };
        assert_eq!(top[0]["role_id"], expected_first, "line {i}: {value}");
        assert!(top[0]["score"].as_f64().unwrap() >= top[1]["score"].as_f64().unwrap());
        assert!(top[0]["meets_requirements"].as_bool().unwrap());
    }
}

#[test]
fn output_matches_the_engine_exactly() {
    let e = Arc::new(engine());
    let input = line(1, r#"{"name":"Go","level":3},{"name":"k8s","level":2}"#);
    let mut out = Vec::new();
    run(
        e.clone(),
        input.as_bytes(),
        &mut out,
        &BatchOptions {
            top_k: 0,
            ..BatchOptions::default()
        },
        &(),
    )
    .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let candidate: crate::scoring::Candidate = serde_json::from_str(&input).unwrap();
    let direct = e
        .score(&candidate, &crate::scoring::ScoreOptions::default())
        .unwrap();
    let top = value["top"].as_array().unwrap();
    assert_eq!(top.len(), direct.scores.len());
    for (printed, scored) in top.iter().zip(&direct.scores) {
        assert_eq!(printed["role_id"], scored.role_id.as_str());
        assert!((printed["score"].as_f64().unwrap() - scored.score).abs() <= 5e-7);
    }
}

#[test]
fn malformed_lines_are_reported_by_number_and_skipped() {
    let input = [
        line(0, r#"{"name":"Go"}"#),
        "{not json".to_string(),
        String::new(),
        line(3, r#"{"name":"Go","level":9}"#),
        r#"{"id":"","skills":[]}"#.to_string(),
        r#"{"id":"c-5","years_experience":-3}"#.to_string(),
        line(6, r#"{"name":"Ruby"}"#),
    ]
    .join("\n");
    let (result, out) = run_on(&input, &BatchOptions::default());
    let summary = result.unwrap();
    assert_eq!(summary.scored, 2);
    assert_eq!(summary.skipped, 4);
    let lines: Vec<u64> = summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 4, 5, 6]);
    assert!(
        summary.errors[1].message.contains("level"),
        "{:?}",
        summary.errors[1]
    );
    assert!(
        summary.errors[2].message.contains("id"),
        "{:?}",
        summary.errors[2]
    );
    assert!(
        summary.errors[3].message.contains("years_experience"),
        "{:?}",
        summary.errors[3]
    );
    let ids: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, vec!["c-0", "c-6"]);
}

/// With `error_lines`, each malformed line has its line in the output, in
/// place, numbered as in the input, across chunks; blank lines have none.
#[test]
fn error_lines_give_every_record_an_output_line() {
    let input: String = (0..400)
        .map(|i| match i % 7 {
            3 => "{not json\n".to_string(),
            5 => "\n".to_string(),
            _ => line(i, r#"{"name":"Go","level":4}"#) + "\n",
        })
        .collect();
    let options = BatchOptions {
        error_lines: true,
        chunk_bytes: 1024,
        ..BatchOptions::default()
    };
    let (result, out) = run_on(&input, &options);
    let summary = result.unwrap();
    let records = input.lines().filter(|l| !l.is_empty()).count() as u64;
    assert_eq!(out.lines().count() as u64, records);
    assert_eq!(summary.scored + summary.skipped, records);
    let numbered_records = input
        .lines()
        .enumerate()
        .filter(|(_, record)| !record.is_empty());
    for ((index, input_line), output_line) in numbered_records.zip(out.lines()) {
        let number = index + 1;
        let answer: serde_json::Value = serde_json::from_str(output_line).unwrap();
        if input_line.starts_with("{not") {
            assert_eq!(answer["line"], number, "{output_line}");
            assert!(
                answer["error"].as_str().unwrap().contains("column"),
                "{output_line}"
            );
        } else {
            assert!(
                input_line.contains(answer["id"].as_str().unwrap()),
                "{output_line}"
            );
        }
    }
    // Without the option, the output has the scored records only.
    let (_, plain) = run_on(
        &input,
        &BatchOptions {
            chunk_bytes: 1024,
            ..BatchOptions::default()
        },
    );
    assert_eq!(plain.lines().count() as u64, summary.scored);
}

#[test]
fn strict_mode_stops_at_the_first_bad_line_after_writing_the_good_ones() {
    let input = [line(0, ""), line(1, ""), "garbage".into(), line(3, "")].join("\n");
    let options = BatchOptions {
        strict: true,
        ..BatchOptions::default()
    };
    let (result, out) = run_on(&input, &options);
    match result {
        Err(BatchError::Malformed(e)) => assert_eq!(e.line, 3),
        other => panic!("expected a malformed-line error, got {other:?}"),
    }
    assert_eq!(out.lines().count(), 2);
    // With error lines, the bad line's answer ends the output.
    let options = BatchOptions {
        error_lines: true,
        ..options
    };
    let (_, out) = run_on(&input, &options);
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(
        (out.lines().count(), &last["line"]),
        (3, &serde_json::json!(3))
    );
}

#[test]
fn invalid_utf8_crlf_and_overlong_lines_are_handled() {
    let mut input = Vec::new();
    input.extend_from_slice(line(0, r#"{"name":"Go"}"#).as_bytes());
    input.extend_from_slice(b"\r\n{\"id\":\"c-1\",\"skills\":[{\"name\":\"G\xffo\"}]}\r\n");
    input.extend_from_slice(
        format!(r#"{{"id":"c-2","resume_text":"{}"}}"#, "x".repeat(5000)).as_bytes(),
    );
    input.extend_from_slice(b"\n");
    input.extend_from_slice(line(3, r#"{"name":"Ruby"}"#).as_bytes());
    let options = BatchOptions {
        max_line_bytes: 2000,
        ..BatchOptions::default()
    };
    let mut out = Vec::new();
    let summary = run(Arc::new(engine()), &input[..], &mut out, &options, &()).unwrap();
    // The line that is not UTF-8 is read as Windows-1252 ("G\u{ff}o", unresolved).
    assert_eq!(summary.scored, 3);
    assert_eq!(summary.not_utf8, 1);
    assert_eq!(summary.unresolved, vec![("G\u{ff}o".to_string(), 1)]);
    let lines: Vec<u64> = summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3]);
    assert!(summary.errors[0].message.contains("longer than 2000"));
}

/// A line that never ends (`/dev/zero`, a stuck export) is reported as
/// soon as it passes the limit: --strict stops there, and a run without it
/// tells its progress of it, instead of reading in silence forever.
#[test]
fn an_endless_line_is_reported_at_the_limit() {
    struct Told(std::sync::Mutex<Vec<u64>>);
    impl Progress for Told {
        fn advance(&self, _: u64, _: u64) {}
        fn skipped(&self, error: &LineError) {
            self.0.lock().unwrap().push(error.line);
        }
    }
    let options = BatchOptions {
        max_line_bytes: 2000,
        strict: true,
        ..BatchOptions::default()
    };
    let first = format!("{}\n", line(0, r#"{"name":"Go"}"#));
    let endless = io::Read::chain(first.as_bytes(), io::repeat(b'x'));
    let mut out = Vec::new();
    let result = run(Arc::new(engine()), endless, &mut out, &options, &());
    match result {
        Err(BatchError::Malformed(error)) => {
            assert_eq!(error.line, 2);
            assert!(error.message.contains("longer than 2000"), "{error:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);

    // Without --strict the run reads on (skipping), having told of it:
    // the line ends only once the test has heard.
    struct UntilTold(Arc<Told>);
    impl io::Read for UntilTold {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if !self.0 .0.lock().unwrap().is_empty() {
                return Ok(0);
            }
            buf.fill(b'x');
            Ok(buf.len())
        }
    }
    let told = Arc::new(Told(std::sync::Mutex::new(Vec::new())));
    let options = BatchOptions {
        max_line_bytes: 2000,
        ..BatchOptions::default()
    };
    let input = UntilTold(Arc::clone(&told));
    let summary = run(Arc::new(engine()), input, io::sink(), &options, &*told).unwrap();
    assert_eq!(*told.0.lock().unwrap(), [1]);
    assert_eq!(summary.skipped, 1);
}

#[test]
fn unresolved_names_are_counted_most_frequent_first() {
    let input: String = (0..10)
        .map(|i| {
            let odd = if i % 3 == 0 {
                r#",{"name":"Welding"}"#
            } else {
                ""
            };
            line(i, &format!(r#"{{"name":"Forklift"}}{odd}"#)) + "\n"
        })
        .collect();
    let (result, _) = run_on(&input, &BatchOptions::default());
    let summary = result.unwrap();
    assert_eq!(
        summary.unresolved,
        vec![("Forklift".to_string(), 10), ("Welding".to_string(), 4)]
    );
    let text = describe(&summary, Duration::from_secs(1), 5);
    assert!(
        text.contains("(2 distinct, most frequent first): \"Forklift\" x10, \"Welding\" x4"),
        "{text}"
    );
    // Fewer shown than there are: said.
    let text = describe(&summary, Duration::from_secs(1), 1);
    assert!(
        text.contains("(2 distinct, the 1 most frequent): \"Forklift\" x10"),
        "{text}"
    );
}

#[test]
fn unknown_role_filter_is_an_error_and_known_filter_restricts() {
    let options = BatchOptions {
        role_ids: vec!["nope".into()],
        ..BatchOptions::default()
    };
    assert!(
        matches!(run_on(&line(0, ""), &options).0, Err(BatchError::UnknownRole(crate::scoring::ScoreError::UnknownRole { id, .. })) if id == "nope")
    );
    let options = BatchOptions {
        role_ids: vec!["database".into()],
        ..BatchOptions::default()
    };
    let (result, out) = run_on(&line(0, r#"{"name":"Go"}"#), &options);
    result.unwrap();
    let value: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(value["top"].as_array().unwrap().len(), 1);
    assert_eq!(value["top"][0]["role_id"], "database");
}

#[test]
fn ids_are_escaped_in_output() {
    let input = r#"{"id":"a\"b\\c\u00e9","skills":[]}"#;
    let (result, out) = run_on(input, &BatchOptions::default());
    result.unwrap();
    let value: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(value["id"], "a\"b\\cé");
}

/// A numeric id is kept as its JSON text: `-0` (a float to serde) and
/// ids past 64 bits (rounded as floats) were refused, and `1.50` would
/// lose its zero. Written beside string ids (the fast reader's lines), a
/// string id with an escape (the lenient reader's) and ids that are no id.
#[test]
fn numeric_ids_are_kept_as_written() {
    let input = concat!(
        "{\"id\":-0,\"skills\":[\"Go\"]}\n",
        "{\"id\":123456789012345678901234567890,\"skills\":[\"Go\"]}\n",
        "{\"id\":18446744073709551616,\"skills\":[]}\n",
        "{\"id\":-9223372036854775809}\n",
        "{\"id\":1.50,\"skills\":[\"Go\"]}\n",
        "{\"id\":1e3}\n",
        "{\"candidate_id\":7E-2}\n",
        "{\"id\":\"plain\",\"skills\":[\"Go\"]}\n",
        "{\"id\":\"esc\\u00e9\",\"skills\":[\"Go\"]}\n",
        "{\"id\":true}\n",
        "{\"id\":[1]}\n",
        "{\"id\":null,\"applicant_id\":42}\n",
    );
    let (result, out) = run_on(input, &BatchOptions::default());
    let summary = result.expect("runs");
    let ids: Vec<String> = out
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("json");
            value["id"].as_str().expect("a string id").to_string()
        })
        .collect();
    assert_eq!(
        ids,
        [
            "-0",
            "123456789012345678901234567890",
            "18446744073709551616",
            "-9223372036854775809",
            "1.50",
            "1e3",
            "7E-2",
            "plain",
            "escé",
            "42"
        ]
    );
    assert_eq!(summary.skipped, 2, "{summary:?}");
}

proptest::proptest! {
    /// Ids are written as serde_json writes them, escapes and all.
    #[test]
    fn ids_are_written_as_serde_json_writes_them(id in "[\"\\\\\\x00-\\x1f\\x7fa-z0-9é-]{0,12}") {
        let mut out = Vec::new();
        write_json_string(&mut out, &id).expect("writes");
        proptest::prop_assert_eq!(String::from_utf8(out).expect("utf-8"), serde_json::to_string(&id).expect("serialises"));
    }
}

mod chunking {
    use proptest::prelude::*;

    use super::super::{input_reader, read_chunks, BatchOptions, TOO_LONG_MARKER};

    /// What the chunks must add up to: each line of the input, `\n`
    /// terminated (the last one only if the input's is), or the marker
    /// (always terminated) when it is longer than `cap`.
    fn reference(input: &[u8], cap: usize) -> Vec<u8> {
        let mut out = Vec::new();
        if input.is_empty() {
            return out;
        }
        let terminated = input.ends_with(b"\n");
        let body = input.strip_suffix(b"\n").unwrap_or(input);
        let count = body.split(|&b| b == b'\n').count();
        for (i, line) in body.split(|&b| b == b'\n').enumerate() {
            if line.len() > cap {
                out.extend_from_slice(TOO_LONG_MARKER);
                out.push(b'\n');
                continue;
            }
            out.extend_from_slice(line);
            if terminated || i + 1 < count {
                out.push(b'\n');
            }
        }
        out
    }

    proptest! {
        /// Any mix of short, long, empty and CRLF lines, with or without a
        /// final newline, comes out whole and in order, whatever the chunk
        /// size.
        #[test]
        fn chunks_reassemble_the_lines(
            lines in prop::collection::vec(prop_oneof![
                "[a-z{}\":,\\r]{0,12}",
                "[a-z]{20,60}",
            ], 0..40),
            final_newline in any::<bool>(),
            chunk_bytes in 1usize..200,
            cap in 8usize..40,
        ) {
            let mut input = lines.join("\n").into_bytes();
            if final_newline && !input.is_empty() {
                input.push(b'\n');
            }
            let options = BatchOptions { chunk_bytes, max_line_bytes: cap, ..BatchOptions::default() };
            let mut joined = Vec::new();
            read_chunks(input_reader(&input[..], &options), &options, |chunk| {
                joined.extend_from_slice(&chunk.bytes);
                true
            }).expect("in-memory input reads");
            prop_assert_eq!(joined, reference(&input, cap));
        }
    }
}

/// Every score the batch output can show is printed as `ryu` prints it.
#[test]
fn scores_print_like_ryu_at_every_micro_step() {
    let mut buffer = ryu::Buffer::new();
    let mut out = Vec::new();
    for micros in 0..=1_000_000u32 {
        let score = f64::from(micros) / 1e6;
        out.clear();
        super::write_score(&mut out, score, &mut buffer);
        let expected = ryu::Buffer::new().format(score).to_string();
        assert_eq!(std::str::from_utf8(&out).unwrap(), expected, "{micros}");
    }
    // Values between steps round to the nearest step first.
    for (score, text) in [
        (0.1234564, "0.123456"),
        (0.9999996, "1.0"),
        (0.0000004, "0.0"),
    ] {
        out.clear();
        super::write_score(&mut out, score, &mut buffer);
        assert_eq!(std::str::from_utf8(&out).unwrap(), text);
    }
}

/// Runs `input` (raw bytes) with default options.
fn run_bytes(input: &[u8]) -> (Result<BatchSummary, BatchError>, String) {
    run_stream(input, &BatchOptions::default())
}

#[test]
fn a_utf8_byte_order_mark_does_not_cost_the_first_line() {
    let plain = line(1, r#"{"name":"Ruby","level":4}"#) + "\n";
    let mut marked = b"\xEF\xBB\xBF".to_vec();
    marked.extend(plain.as_bytes());
    let (with_mark, out_marked) = run_bytes(&marked);
    let (without, out_plain) = run_bytes(plain.as_bytes());
    assert_eq!(with_mark.expect("runs"), without.expect("runs"));
    assert_eq!(out_marked, out_plain);
    assert!(out_marked.starts_with(r#"{"id":"c-1""#), "{out_marked}");
}

#[test]
fn utf16_input_is_refused_with_a_way_out() {
    let text = line(1, r#"{"name":"Ruby"}"#) + "\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let (result, out) = run_bytes(&utf16);
    let error = result.expect_err("UTF-16 is refused");
    assert!(matches!(error, BatchError::Utf16Input));
    assert!(error.to_string().contains("iconv"), "{error}");
    assert!(out.is_empty());
}

/// A UTF-8 line with one broken byte (a column cut mid-character) keeps its
/// UTF-8 characters: the id "Müller-1" comes back as written.
#[test]
fn utf8_lines_with_a_broken_byte_keep_their_characters() {
    let mut input = "{\"id\":\"Müller-1\",\"skills\":[\"Ruby\"],\"resume_text\":\"caf"
        .as_bytes()
        .to_vec();
    input.push(0xC3);
    input.extend(b"\"}\n");
    let (result, out) = run_bytes(&input);
    let summary = result.expect("runs");
    assert_eq!((summary.scored, summary.not_utf8), (1, 1));
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "Müller-1");
}

#[test]
fn lines_that_are_not_utf8_are_read_as_windows_1252() {
    // "José" and a curly apostrophe, as a legacy export writes them.
    let mut input = br#"{"id":"Jos"#.to_vec();
    input.push(0xE9);
    input.extend(br#"","skills":[{"name":"Ruby","level":4}],"resume_text":"I didn"#);
    input.push(0x92);
    input.extend(b"t stop\",\"years_experience\":6}\n");
    input.extend(line(2, r#"{"name":"Ruby","level":4}"#).as_bytes());
    input.push(b'\n');
    input.extend(b"{\"id\":\xFF\n");
    let (result, out) = run_bytes(&input);
    let summary = result.expect("runs");
    assert_eq!(summary.scored, 2);
    assert_eq!(summary.skipped, 1, "a broken line is still reported");
    assert_eq!(summary.errors[0].line, 3);
    assert_eq!(summary.not_utf8, 2);
    assert_eq!(summary.not_utf8_lines, vec![1, 3]);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "José");
    let second: serde_json::Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
    assert_eq!(
        first["top"][0]["score"], second["top"][0]["score"],
        "same skills, same score"
    );
    assert!(describe(&summary, Duration::from_secs(1), 5).contains("read as Windows-1252"));
}

#[test]
fn one_json_document_is_refused_with_a_way_out() {
    let records = [line(1, r#"{"name":"Ruby"}"#), line(2, r#"{"name":"Go"}"#)];
    let pretty_array = format!("[\n  {},\n  {}\n]\n", records[0], records[1]);
    let compact_array = format!("[{},{}]\n", records[0], records[1]);
    let pretty_records = "{\n  \"id\": \"c-1\",\n  \"skills\": [\"Ruby\"]\n}\n";
    // A blank line, then a byte order mark and the array.
    let marked_array = format!("\n\u{feff}  {compact_array}");
    for (input, hint) in [
        (pretty_array.as_str(), "jq -c '.[]'"),
        (compact_array.as_str(), "jq -c '.[]'"),
        (marked_array.as_str(), "jq -c '.[]'"),
        (pretty_records, "jq -c '.'"),
    ] {
        let (result, out) = run_bytes(input.as_bytes());
        let error = result.expect_err(input);
        assert!(matches!(error, BatchError::NotJsonLines(..)), "{error}");
        assert!(error.to_string().contains(hint), "{error}");
        assert!(out.is_empty());
    }
    // A line that is an array (or any other value) is a bad line, not a
    // record read positionally, and the lines after it still count.
    let input = format!("[1,2]\n[\"c-0\"]\n\"c-0\"\n{}\n", records[0]);
    let (result, out) = run_bytes(input.as_bytes());
    let summary = result.expect("runs");
    assert_eq!(summary.scored, 1);
    let lines: Vec<u64> = summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [1, 2, 3]);
    // An array says it is one, with the command that splits it (h36).
    let says: Vec<bool> = summary
        .errors
        .iter()
        .map(|e| e.message.contains("a JSON array, not one record") && e.message.contains("jq -c"))
        .collect();
    assert_eq!(says, [true, true, false], "{:?}", summary.errors);
    assert!(summary.errors[2].message.contains("not a JSON object"));
    assert!(out.starts_with(r#"{"id":"c-1""#), "{out}");
    // NUL bytes, which no JSON text holds, are named (a damaged file).
    let input = format!(
        "{}\0\n\0\0\0\n{{\"id\":\"a\0\"}}\n{}\n",
        records[0], records[1]
    );
    let (result, _) = run_bytes(input.as_bytes());
    let summary = result.expect("runs");
    assert_eq!(summary.scored, 1);
    let lines: Vec<u64> = summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [1, 2, 3]);
    for error in &summary.errors {
        assert!(error.message.contains("NUL bytes"), "{error:?}");
    }
}

/// The stream reader ([`run`]) and the mapped file ([`run_file`]) read any
/// input alike, whatever the chunk size and line limit.
mod mapped_file {
    use proptest::prelude::*;

    use super::super::*;
    use super::{line, run_file_bytes, run_file_bytes_with, run_stream, run_stream_with};

    #[derive(Clone, Debug)]
    enum Kind {
        Record,
        CrlfRecord,
        /// A record after a byte order mark, as `cat a.jsonl b.jsonl` leaves it.
        BomRecord,
        Blank,
        Malformed,
        /// A record longer than the line limit, by this many bytes.
        TooLong(usize),
    }

    fn kind() -> impl Strategy<Value = Kind> {
        prop_oneof![
            4 => Just(Kind::Record),
            1 => Just(Kind::CrlfRecord),
            1 => Just(Kind::BomRecord),
            1 => Just(Kind::Blank),
            1 => Just(Kind::Malformed),
            1 => (1usize..3000).prop_map(Kind::TooLong),
        ]
    }

    /// Both runs of `input`, streamed then mapped: outcome (errors as
    /// text) and output.
    fn run_both(
        input: &[u8],
        options: &BatchOptions,
    ) -> [(Result<BatchSummary, String>, String); 2] {
        [run_stream(input, options), run_file_bytes(input, options)]
            .map(|(result, out)| (result.map_err(|e| e.to_string()), out))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn reads_like_the_stream_with_the_right_line_numbers(
            kinds in prop::collection::vec(kind(), 1..30),
            final_newline in any::<bool>(),
            byte_order_mark in any::<bool>(),
            chunk_bytes in 1usize..600,
            cap in 100usize..300,
        ) {
            let mut input = Vec::new();
            if byte_order_mark {
                input.extend_from_slice(crate::encoding::UTF8_BOM);
            }
            let mut bad_lines = Vec::new();
            let mut records = 0;
            for (i, kind) in kinds.iter().enumerate() {
                let record = line(i, r#"{"name":"Go","level":4}"#);
                match kind {
                    Kind::Record => input.extend_from_slice(record.as_bytes()),
                    Kind::CrlfRecord => {
                        input.extend_from_slice(record.as_bytes());
                        input.push(b'\r');
                    }
                    Kind::BomRecord => {
                        input.extend_from_slice(crate::encoding::UTF8_BOM);
                        input.extend_from_slice(record.as_bytes());
                    }
                    Kind::Blank => input.extend_from_slice(b"  "),
                    Kind::Malformed => input.extend_from_slice(br#"{"id":"#),
                    Kind::TooLong(over) => {
                        let padding = "x".repeat(cap + over);
                        let long = line(i, &format!(r#"{{"name":"{padding}"}}"#));
                        input.extend_from_slice(long.as_bytes());
                    }
                }
                match kind {
                    Kind::Record | Kind::CrlfRecord | Kind::BomRecord => records += 1,
                    Kind::Malformed | Kind::TooLong(_) => bad_lines.push(i as u64 + 1),
                    Kind::Blank => {}
                }
                if i + 1 < kinds.len() || final_newline {
                    input.push(b'\n');
                }
            }
            let options = BatchOptions {
                chunk_bytes,
                max_line_bytes: cap,
                max_reported_errors: 1000,
                ..BatchOptions::default()
            };
            let [(streamed, streamed_out), (mapped, mapped_out)] = run_both(&input, &options);
            prop_assert_eq!(&mapped, &streamed);
            prop_assert_eq!(&mapped_out, &streamed_out);
            let summary = mapped.expect("runs");
            prop_assert_eq!(summary.scored, records);
            let reported: Vec<u64> = summary.errors.iter().map(|e| e.line).collect();
            prop_assert_eq!(reported, bad_lines);
        }
    }

    #[test]
    fn strict_mode_stops_at_the_same_line() {
        let input = format!(
            "{}\n{}\n{{\"id\":\n{}\n",
            line(1, ""),
            line(2, ""),
            line(4, "")
        );
        let options = BatchOptions {
            strict: true,
            chunk_bytes: 10,
            ..BatchOptions::default()
        };
        let [(streamed, streamed_out), (mapped, mapped_out)] = run_both(input.as_bytes(), &options);
        assert_eq!(mapped, streamed);
        assert!(mapped.expect_err("strict stops").starts_with("line 3:"));
        assert_eq!(mapped_out, streamed_out);
        assert_eq!(mapped_out.lines().count(), 2);
    }

    /// A line of several megabytes (over the default limit of 1 MiB) is
    /// reported and skipped, and the lines around it are scored.
    #[test]
    fn a_line_of_megabytes_is_skipped() {
        let mut input = line(1, r#"{"name":"Go"}"#).into_bytes();
        input.push(b'\n');
        input.extend(std::iter::repeat_n(b'x', 3 << 20));
        input.push(b'\n');
        input.extend(line(3, r#"{"name":"Ruby"}"#).as_bytes());
        let [(streamed, streamed_out), (mapped, mapped_out)] =
            run_both(&input, &BatchOptions::default());
        assert_eq!(mapped, streamed);
        assert_eq!(mapped_out, streamed_out);
        let summary = mapped.expect("runs");
        assert_eq!(summary.scored, 2);
        assert_eq!(summary.errors.len(), 1);
        assert_eq!(summary.errors[0].line, 2);
        assert!(summary.errors[0].message.contains("longer than"));
    }

    /// Counts what a progress bar would be told.
    #[derive(Default)]
    struct Tally {
        bytes: std::sync::atomic::AtomicU64,
        candidates: std::sync::atomic::AtomicU64,
    }

    impl Progress for Tally {
        fn advance(&self, bytes: u64, candidates: u64) {
            use std::sync::atomic::Ordering::Relaxed;
            self.bytes.fetch_add(bytes, Relaxed);
            self.candidates.fetch_add(candidates, Relaxed);
        }
    }

    /// A skipped over-long line moves the bar by its own length, so the bar
    /// reaches the whole input (and does not stall while such a line is
    /// read past).
    #[test]
    fn progress_counts_every_input_byte_including_skipped_lines() {
        let mut input = line(1, r#"{"name":"Go"}"#).into_bytes();
        input.push(b'\n');
        input.extend(std::iter::repeat_n(b'x', 5000));
        input.push(b'\n');
        input.extend(line(3, r#"{"name":"Ruby"}"#).as_bytes());
        let options = BatchOptions {
            max_line_bytes: 1000,
            chunk_bytes: 64,
            ..BatchOptions::default()
        };
        let streamed = Tally::default();
        run_stream_with(&input, &options, &streamed)
            .0
            .expect("runs");
        let mapped = Tally::default();
        run_file_bytes_with(&input, &options, &mapped)
            .0
            .expect("runs");
        for tally in [streamed, mapped] {
            assert_eq!(tally.bytes.into_inner(), input.len() as u64);
            assert_eq!(tally.candidates.into_inner(), 2);
        }
    }

    #[test]
    fn an_empty_file_scores_nothing() {
        let [(streamed, _), (mapped, out)] = run_both(b"", &BatchOptions::default());
        assert_eq!(mapped, streamed);
        assert_eq!(mapped.expect("runs").scored, 0);
        assert!(out.is_empty());
    }
}

mod compressed {
    use std::io::Write as _;

    use super::super::*;
    use super::{line, run_bytes};

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).expect("in memory");
        encoder.finish().expect("in memory")
    }

    fn run_file_bytes(input: &[u8]) -> (Result<BatchSummary, BatchError>, String) {
        super::run_file_bytes(input, &BatchOptions::default())
    }

    fn pool() -> String {
        (0..300)
            .map(|i| line(i, r#"{"name":"Go","level":4},{"name":"Forklift"}"#) + "\n")
            .collect()
    }

    /// A `.gz` pool (one gzip member, or several concatenated as `cat a.gz
    /// b.gz` makes them) reads like the plain text, streamed or from a file.
    #[test]
    fn a_gzip_pool_reads_like_the_plain_text() {
        let plain = pool();
        let (expected, expected_out) = run_bytes(plain.as_bytes());
        let expected = expected.expect("plain runs");
        assert_eq!(expected.scored, 300);
        let (first, second) = plain.split_at(plain.len() / 2 + 7);
        let one_member = gzip(plain.as_bytes());
        let two_members = [gzip(first.as_bytes()), gzip(second.as_bytes())].concat();
        for input in [one_member, two_members] {
            for (result, out) in [run_bytes(&input), run_file_bytes(&input)] {
                assert_eq!(result.expect("gzip runs"), expected);
                assert_eq!(out, expected_out);
            }
        }
    }

    /// A cut or corrupted gzip stream is an error that says so and where;
    /// every whole line before the damage is still scored and written.
    #[test]
    fn a_damaged_gzip_pool_is_an_error_that_keeps_the_lines_before() {
        let plain = pool();
        let compressed = gzip(plain.as_bytes());
        let truncated = compressed[..compressed.len() / 2].to_vec();
        let mut junk_appended = compressed.clone();
        junk_appended.extend_from_slice(b"JUNK");
        for damaged in [truncated, junk_appended] {
            for (result, out) in [run_bytes(&damaged), run_file_bytes(&damaged)] {
                let error = result.expect_err("a damaged gzip stream is an error");
                assert!(matches!(error, BatchError::Io(_)), "{error}");
                let message = error.to_string();
                assert!(
                    message.contains("gzip-compressed input is damaged"),
                    "{message}"
                );
                let reached: usize = message
                    .split("after line ")
                    .nth(1)
                    .and_then(|rest| rest.split(';').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("no line number: {message}"));
                // The output is the plain pool's, up to the line reached.
                let (_, expected) = run_bytes(
                    plain
                        .lines()
                        .take(reached)
                        .map(|line| format!("{line}\n"))
                        .collect::<String>()
                        .as_bytes(),
                );
                assert_eq!(out, expected, "{message}");
                assert!(reached > 0 || damaged.len() < compressed.len(), "{message}");
            }
        }
    }

    #[test]
    fn other_compressed_formats_are_refused_with_the_command_that_unpacks_them() {
        for (magic, command) in [
            (&b"\x28\xB5\x2F\xFD\x04\x58"[..], "zstd -dc"),
            (&b"BZh91AY&SY"[..], "bzip2 -dc"),
            (&b"\xFD7zXZ\x00\x00"[..], "xz -dc"),
            (&b"PK\x03\x04\x14\x00"[..], "unzip -p"),
        ] {
            for (result, out) in [run_bytes(magic), run_file_bytes(magic)] {
                let error = result.expect_err("refused");
                assert!(matches!(error, BatchError::Compressed(..)), "{error}");
                assert!(error.to_string().contains(command), "{error}");
                assert!(out.is_empty());
            }
        }
    }
}

/// Field names rolefit does not read leave a candidate with nothing to
/// score: the summary counts such candidates, so a pool exported with
/// other names does not pass for a pool of weak candidates.
#[test]
fn candidates_with_nothing_to_score_are_counted() {
    let input = concat!(
        r#"{"id":"a","Skillz":["Go"],"yrs":8}"#,
        "\n",
        r#"{"id":"b","skills":["Go"]}"#,
        "\n",
        r#"{"id":"c","yearsExperience":8}"#,
        "\n"
    );
    let (result, out) = run_bytes(input.as_bytes());
    let summary = result.expect("runs");
    assert_eq!((summary.scored, summary.empty_profiles), (3, 1));
    assert_eq!(out.lines().count(), 3);
    let text = describe(&summary, Duration::from_secs(1), 10);
    assert!(
        text.contains("1 candidate(s) had no skills, years or resume text"),
        "{text}"
    );
}

/// A pool cut short (an interrupted download or export) ends mid-line: the
/// error says so, read as a stream or mapped; a cut line elsewhere, or a
/// whole last line without its line break, says nothing of the kind.
#[test]
fn a_pool_cut_mid_line_is_named_as_possibly_cut_short() {
    let whole = line(1, r#"{"name":"Ruby","level":4}"#);
    let cut = &whole[..whole.len() - 12];
    let note = "the last line has no line break: the file may be cut short";
    let input = format!("{whole}\n{cut}");
    for (how, (result, out)) in [
        ("stream", run_bytes(input.as_bytes())),
        (
            "mapped",
            run_file_bytes(input.as_bytes(), &BatchOptions::default()),
        ),
    ] {
        let summary = result.expect(how);
        assert_eq!((summary.scored, summary.skipped), (1, 1), "{how}");
        assert_eq!(out.lines().count(), 1, "{how}");
        assert_eq!(summary.errors[0].line, 2, "{how}");
        assert!(
            summary.errors[0].message.contains(note),
            "{how}: {}",
            summary.errors[0].message
        );
    }
    for input in [format!("{cut}\n{whole}\n"), format!("{whole}\n{whole}")] {
        let (result, _) = run_bytes(input.as_bytes());
        let summary = result.expect("runs");
        assert!(
            summary.errors.iter().all(|e| !e.message.contains(note)),
            "{input}"
        );
        let (result, _) = run_file_bytes(input.as_bytes(), &BatchOptions::default());
        let summary = result.expect("runs");
        assert!(
            summary.errors.iter().all(|e| !e.message.contains(note)),
            "{input}"
        );
    }
}
