//! The bad-input inventory of docs/reliability.md, verified: every bad input
//! tried against the gRPC API and the `score` CLI, and exactly what the user
//! gets. Run with `--nocapture` to print the table rows.

mod common;

use std::process::{Command, Output};

use common::{backend_candidate, score_request, skill, InProcess, RawCodec};
use rolefit::service::pb;
use tonic::Code;

fn row(input: &str, result: Result<String, tonic::Status>) -> (Code, String) {
    let (code, message) = match result {
        Ok(summary) => (Code::Ok, summary),
        Err(status) => (status.code(), status.message().to_string()),
    };
    let shown: String = message.chars().take(160).collect();
    println!("| {input} | `{code:?}` | {} |", shown.replace('|', "\\|"));
    (code, message)
}

fn expect(got: (Code, String), code: Code, fragment: &str) {
    assert_eq!(got.0, code, "{}", got.1);
    assert!(got.1.contains(fragment), "{:?} lacks {fragment:?}", got.1);
}

fn candidate(f: impl FnOnce(&mut pb::Candidate)) -> pb::ScoreCandidateRequest {
    let mut c = backend_candidate("c1");
    f(&mut c);
    score_request(c, 3, false)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpc_bad_inputs() {
    let server = InProcess::start(&[]).await;
    let mut client = server.client().await;
    macro_rules! score {
        ($input:expr, $req:expr) => {
            row(
                $input,
                client
                    .score_candidate($req)
                    .await
                    .map(|r| format!("{} scores", r.into_inner().scores.len())),
            )
        };
    }
    let missing = pb::ScoreCandidateRequest {
        candidate: None,
        ..Default::default()
    };
    expect(
        score!("ScoreCandidate without candidate", missing),
        Code::InvalidArgument,
        "candidate",
    );
    expect(
        score!("empty candidate id", candidate(|c| c.id.clear())),
        Code::InvalidArgument,
        "candidate.id",
    );
    expect(
        score!(
            "candidate id of 300 bytes",
            candidate(|c| c.id = "x".repeat(300))
        ),
        Code::InvalidArgument,
        "candidate.id",
    );
    expect(
        score!("skill level 7", candidate(|c| c.skills[2].level = 7)),
        Code::InvalidArgument,
        "candidate.skills[2].level",
    );
    expect(
        score!(
            "years_experience -1",
            candidate(|c| c.years_experience = -1.0)
        ),
        Code::InvalidArgument,
        "years_experience",
    );
    expect(
        score!(
            "years_experience NaN",
            candidate(|c| c.years_experience = f64::NAN)
        ),
        Code::InvalidArgument,
        "years_experience",
    );
    expect(
        score!(
            "skill years +inf",
            candidate(|c| c.skills[0].years = f64::INFINITY)
        ),
        Code::InvalidArgument,
        "years",
    );
    expect(
        score!(
            "years_experience 81",
            candidate(|c| c.years_experience = 81.0)
        ),
        Code::InvalidArgument,
        "years_experience",
    );
    expect(
        score!(
            "100,000 skills",
            candidate(|c| c.skills = (0..100_000).map(|i| skill(&format!("s{i}"), 3)).collect())
        ),
        Code::InvalidArgument,
        "skills",
    );
    expect(
        score!(
            "skill name of 5,000 bytes",
            candidate(|c| c.skills[0].name = "a".repeat(5000))
        ),
        Code::InvalidArgument,
        "name",
    );
    expect(
        score!(
            "resume_text of 70,000 bytes",
            candidate(|c| c.resume_text = "Go ".repeat(23_334))
        ),
        Code::InvalidArgument,
        "resume_text",
    );
    expect(
        score!(
            "request of 5 MiB (resume_text)",
            candidate(|c| c.resume_text = "x".repeat(5 << 20))
        ),
        Code::OutOfRange,
        "",
    );
    let mut req = candidate(|_| {});
    req.top_k = 1001;
    expect(
        score!("top_k 1001 (limit 1000)", req),
        Code::InvalidArgument,
        "top_k",
    );
    let mut req = candidate(|_| {});
    req.role_ids = vec!["no-such/role".into()];
    expect(
        score!("unknown id in role_ids", req),
        Code::NotFound,
        "no-such/role",
    );
    let mut req = candidate(|_| {});
    req.role_ids = vec![String::new()];
    expect(
        score!("an empty id in role_ids", req),
        Code::InvalidArgument,
        "role_ids[0]: must not be empty",
    );
    // Accepted inputs, recorded so the inventory says what happens.
    expect(
        score!("unknown skill names (Quuxology)", candidate(|_| {})),
        Code::Ok,
        "scores",
    );
    expect(
        score!(
            "the same skill listed twice",
            candidate(|c| c.skills.push(skill("golang", 1)))
        ),
        Code::Ok,
        "scores",
    );
    expect(
        score!(
            "empty skill name",
            candidate(|c| c.skills.push(skill(" ", 3)))
        ),
        Code::InvalidArgument,
        "candidate.skills[5].name: must not be empty",
    );

    let got = row(
        "GetRole of an unknown role",
        client
            .get_role(pb::GetRoleRequest {
                role_id: "nope/x".into(),
            })
            .await
            .map(|_| String::new()),
    );
    expect(got, Code::NotFound, "nope/x");
    let rank = |role_id: &str, n: usize| pb::RankCandidatesRequest {
        role_id: role_id.into(),
        candidates: (0..n)
            .map(|i| backend_candidate(&format!("r{i}")))
            .collect(),
        top_k: 0,
        skip_invalid: false,
    };
    let got = row(
        "RankCandidates of an unknown role",
        client
            .rank_candidates(rank("nope", 1))
            .await
            .map(|_| String::new()),
    );
    expect(got, Code::NotFound, "nope");
    let got = row(
        "RankCandidates with 10,001 candidates",
        client
            .rank_candidates(rank("staff-backend-engineer", 10_001))
            .await
            .map(|_| String::new()),
    );
    expect(got, Code::InvalidArgument, "10000");

    let put = |page_id: &str, markdown: String| pb::PutRoleRequest {
        page_id: page_id.into(),
        markdown,
    };
    let put_row = |input: &'static str, req: pb::PutRoleRequest| {
        let mut client = client.clone();
        async move {
            row(
                input,
                client
                    .put_role(req)
                    .await
                    .map(|r| format!("{} roles", r.into_inner().roles.len())),
            )
        }
    };
    let page = "---\ntitle: Principal Rust Engineer\n---\n\n## Requirements\n\n- Expert in Rust.\n";
    expect(
        put_row(
            "PutRole page_id `../etc/passwd`",
            put("../etc/passwd", page.into()),
        )
        .await,
        Code::InvalidArgument,
        "page_id",
    );
    expect(
        put_row("PutRole empty page_id", put("", page.into())).await,
        Code::InvalidArgument,
        "page_id",
    );
    expect(
        put_row(
            "PutRole page_id of 129 chars",
            put(&"a".repeat(129), page.into()),
        )
        .await,
        Code::InvalidArgument,
        "page_id",
    );
    expect(
        put_row("PutRole empty markdown", put("empty", String::new())).await,
        Code::InvalidArgument,
        "markdown",
    );
    expect(
        put_row(
            "PutRole truncated front matter",
            put("trunc", "---\ntitle: Princ".into()),
        )
        .await,
        Code::InvalidArgument,
        "markdown",
    );
    let dup = rolefit::catalog::BUILTIN_PAGES[0].1.to_string();
    expect(
        put_row(
            "PutRole copy of a built-in page under a new id (duplicate role ids)",
            put("copy", dup.clone()),
        )
        .await,
        Code::InvalidArgument,
        "produced by both",
    );
    // Sorted first, the copy would push the built-in page out instead.
    expect(
        put_row(
            "PutRole copy of a built-in page under an id sorted before it",
            put("aaa-copy", dup),
        )
        .await,
        Code::InvalidArgument,
        "role id \"backend-director\" is produced by both page \"aaa-copy\" and page \"backend-director\"",
    );
    expect(
        put_row(
            "PutRole page of 2 MiB",
            put("big", format!("{page}{}", "- Rust.\n".repeat(300_000))),
        )
        .await,
        Code::InvalidArgument,
        "markdown",
    );
    let deep: String = (0..700)
        .map(|i| format!("{}- Rust\n", "  ".repeat(i)))
        .collect();
    expect(
        put_row(
            "PutRole list nested 700 deep (490 KB)",
            put(
                "deep",
                format!("# Deep Rust Engineer\n\n## Requirements\n\n{deep}"),
            ),
        )
        .await,
        Code::Ok,
        "roles",
    );
    expect(
        put_row(
            "PutRole `>` nested 10,000 deep",
            put(
                "quote",
                format!(
                    "# Quote Engineer\n\n## Requirements\n\n{} Rust\n",
                    ">".repeat(10_000)
                ),
            ),
        )
        .await,
        Code::Ok,
        "roles",
    );

    let del = |input: &'static str, page_id: &str| {
        let mut client = client.clone();
        let req = pb::DeleteRoleRequest {
            page_id: page_id.into(),
        };
        async move { row(input, client.delete_role(req).await.map(|_| String::new())) }
    };
    expect(
        del("DeleteRole of an unknown page", "no-such-page").await,
        Code::NotFound,
        "no-such-page",
    );
    expect(
        del("DeleteRole page_id `a/b`", "a/b").await,
        Code::InvalidArgument,
        "page_id",
    );

    // A stream whose third and fifth messages are bad: each is answered in
    // its place with what is wrong, and the stream goes on.
    let reqs = vec![
        candidate(|_| {}),
        candidate(|_| {}),
        candidate(|c| c.skills[0].level = 7),
        candidate(|_| {}),
        pb::ScoreCandidateRequest {
            role_ids: vec!["no-such-role".into()],
            ..candidate(|_| {})
        },
        candidate(|_| {}),
    ];
    let mut answers = client
        .score_candidates(tokio_stream::iter(reqs))
        .await
        .unwrap()
        .into_inner();
    let mut all = Vec::new();
    while let Some(answer) = answers.message().await.expect("the stream goes on") {
        all.push(answer);
    }
    assert_eq!(all.len(), 6, "{all:?}");
    for (i, answer) in all.iter().enumerate() {
        assert_eq!(answer.error.is_some(), i == 2 || i == 4, "{i}: {answer:?}");
        assert_eq!(
            answer.scores.is_empty(),
            answer.error.is_some(),
            "{i}: {answer:?}"
        );
    }
    let level = all[2].error.as_ref().expect("an error");
    assert_eq!(level.code, "INVALID_ARGUMENT");
    assert!(
        level
            .message
            .starts_with("message 2: candidate.skills[0].level"),
        "{level:?}"
    );
    let role = all[4].error.as_ref().expect("an error");
    assert_eq!(role.code, "NOT_FOUND");
    assert!(role.message.contains("no-such-role"), "{role:?}");

    // Bytes that are not protobuf, as a client with a broken encoder (or
    // the wrong message type) sends them: the client's error, not ours.
    let mut raw = tonic::client::Grpc::new(server.channel().await);
    for (input, bytes) in [
        (
            "ScoreCandidate, bytes 0xff 0xff 0xff",
            vec![0xff, 0xff, 0xff],
        ),
        ("ScoreCandidate, a truncated field", vec![0x0a, 0x05, b'a']),
    ] {
        raw.ready().await.unwrap();
        let result = raw
            .unary(
                tonic::Request::new(bytes),
                tonic::codegen::http::uri::PathAndQuery::from_static(
                    "/rolefit.v1.RoleFitService/ScoreCandidate",
                ),
                RawCodec,
            )
            .await
            .map(|_| "answered".to_string());
        expect(
            row(input, result),
            Code::InvalidArgument,
            "not valid protobuf",
        );
    }
    server.stop().await;
}

fn score_cli(input: &[u8], extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pool.jsonl");
    std::fs::write(&path, input).unwrap();
    Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args(["score", "--quiet", "--top", "1", "--input"])
        .arg(&path)
        .args(extra)
        .output()
        .expect("run rolefit score")
}

fn cli_row(input: &str, line: &[u8], extra: &[&str]) -> (Option<i32>, String, usize) {
    let out = score_cli(line, extra);
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
    let scored = String::from_utf8_lossy(&out.stdout).lines().count();
    let shown: String = stderr.chars().take(160).collect();
    println!(
        "| {input} | exit {:?}, {scored} scored | {} |",
        out.status.code(),
        shown.replace('|', "\\|").replace('\n', " / ")
    );
    (out.status.code(), stderr, scored)
}

#[test]
fn cli_bad_lines() {
    let good = br#"{"id":"ok","skills":[{"name":"go","level":4}]}"#;
    let with_good = |bad: &[u8]| [bad, b"\n", good, b"\n"].concat();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not JSON", with_good(b"hello"), "line 1:"),
        (
            "level 7",
            with_good(br#"{"id":"a","skills":[{"name":"go","level":7}]}"#),
            "line 1:",
        ),
        (
            "negative years",
            with_good(br#"{"id":"a","years_experience":-2}"#),
            "line 1:",
        ),
        (
            "years \"NaN\" (a string)",
            with_good(br#"{"id":"a","years_experience":"NaN"}"#),
            "line 1:",
        ),
        (
            "years 1e400",
            with_good(br#"{"id":"a","years_experience":1e400}"#),
            // Named though the line cannot be read past the number.
            "line 1: candidate \"a\": number out of range",
        ),
        ("empty id", with_good(br#"{"id":""}"#), "line 1:"),
        ("missing id", with_good(br#"{"skills":[]}"#), "line 1:"),
        (
            "600 skills (limit 500)",
            with_good(
                format!(
                    r#"{{"id":"a","skills":[{}]}}"#,
                    vec![r#"{"name":"go"}"#; 600].join(",")
                )
                .as_bytes(),
            ),
            "line 1:",
        ),
        (
            "a skill object without a name",
            with_good(br#"{"id":"a","skills":[{"level":3}]}"#),
            "line 1: candidate \"a\": skills[0] has no name",
        ),
        (
            "level \"godlike\"",
            with_good(br#"{"id":"a","skills":[{"name":"go","level":"godlike"}]}"#),
            "line 1: candidate \"a\": skills[0].level: must be 0-5 or novice",
        ),
        // Errors name the field as the gRPC API does, with the skill's place.
        (
            "level 9 on the second skill",
            with_good(
                br#"{"id":"a","skills":[{"name":"go","level":3},{"name":"rust","level":9}]}"#,
            ),
            "line 1: candidate \"a\": skills[1].level: must be 0-5 (0 = not given), got 9 at",
        ),
        (
            "level 9 in an object of skills",
            with_good(br#"{"id":"a","skills":{"go":3,"rust":{"years":2,"level":9}}}"#),
            "line 1: candidate \"a\": skills[1].level: must be 0-5 (0 = not given), got 9 at",
        ),
        (
            "a bad level under candidate_id",
            with_good(br#"{"candidate_id":"x9","skills":[{"name":"go","level":"zz"}]}"#),
            "line 1: candidate \"x9\": skills[0].level: must be 0-5 or novice",
        ),
        (
            "level 1e308",
            with_good(br#"{"id":"a","skills":[{"name":"go","level":1e308}]}"#),
            "skills[0].level: must be 0-5 (0 = not given), got 1e308 at",
        ),
        (
            "a skill's years \"lots\"",
            with_good(br#"{"id":"a","skills":[null,{"name":"go","years":"lots"}]}"#),
            "line 1: candidate \"a\": skills[0].years: expected a number of years, got \"lots\"",
        ),
        (
            "years of experience \"lots\" under another key",
            with_good(br#"{"id":"a","yearsOfExperience":"lots"}"#),
            "line 1: candidate \"a\": years_experience: expected a number of years",
        ),
        (
            "skill name of 5,000 bytes",
            with_good(
                format!(
                    r#"{{"id":"a","skills":[{{"name":"{}"}}]}}"#,
                    "a".repeat(5000)
                )
                .as_bytes(),
            ),
            "line 1:",
        ),
    ];
    for (input, bytes, fragment) in cases {
        let (code, stderr, scored) = cli_row(input, &bytes, &[]);
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(scored, 1, "the good line is still scored");
        assert!(
            stderr.contains(fragment) && stderr.contains("(skipped)"),
            "{stderr}"
        );
    }
    // Accepted: a line that is not UTF-8 is read as Windows-1252 and counted;
    // a UTF-8 byte order mark is skipped; duplicate ids are scored twice; a
    // level "4" string is read.
    let (code, stderr, scored) = cli_row(
        "invalid UTF-8 in a line (`\\xE9`)",
        &with_good(b"{\"id\":\"Jos\xe9\",\"skills\":[{\"name\":\"go\"}]}"),
        &[],
    );
    assert_eq!((code, scored), (Some(0), 2), "{stderr}");
    assert!(!stderr.contains("skipped"), "{stderr}");
    let (code, stderr, scored) = cli_row(
        "a UTF-8 byte order mark before line 1",
        &[&b"\xEF\xBB\xBF"[..], &with_good(good)].concat(),
        &[],
    );
    assert_eq!((code, scored), (Some(0), 2), "{stderr}");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            std::str::from_utf8(good)
                .unwrap()
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let (code, stderr, scored) = cli_row("a UTF-16 pool", &utf16, &[]);
    assert_eq!((code, scored), (Some(1), 0));
    assert!(
        stderr.contains("UTF-16") && stderr.contains("iconv"),
        "{stderr}"
    );
    // One JSON document instead of JSON Lines: refused up front, with the
    // jq command that converts it.
    let good_text = std::str::from_utf8(good).unwrap();
    let array = format!("[\n  {good_text},\n  {good_text}\n]\n");
    let (code, stderr, scored) = cli_row("a JSON array of records", array.as_bytes(), &[]);
    assert_eq!((code, scored), (Some(1), 0));
    assert!(stderr.contains("jq -c '.[]'"), "{stderr}");
    let pretty = b"{\n  \"id\": \"ok\",\n  \"skills\": [\"go\"]\n}\n";
    let (code, stderr, scored) = cli_row("records pretty-printed over several lines", pretty, &[]);
    assert_eq!((code, scored), (Some(1), 0));
    assert!(stderr.contains("jq -c '.'"), "{stderr}");
    let (code, _, scored) = cli_row("the same id on two lines", &with_good(good), &[]);
    assert_eq!((code, scored), (Some(0), 2));
    let (code, _, scored) = cli_row(
        "level written \"4\"",
        &with_good(br#"{"id":"a","skills":[{"name":"go","level":"4"}]}"#),
        &[],
    );
    assert_eq!((code, scored), (Some(0), 2));
    let (code, stderr, scored) = cli_row(
        "level \"Expert\", skills as an object, skill/proficiency keys, years \"5+\"",
        &[
            &with_good(br#"{"id":"a","skills":{"go":"Expert","rust":{"proficiency":3}},"years_experience":"5+"}"#)[..],
            br#"{"id":"b","skills":[{"skill":"go","proficiency":4}]}"#,
        ]
        .concat(),
        &[],
    );
    assert_eq!((code, scored), (Some(0), 3), "{stderr}");
    // Skills as one string of names, as some exports write them: each
    // name is read (none is left unresolved as "go, rust").
    let (code, stderr, scored) = cli_row(
        "skills as one string (`\"go, rust; sql\"`)",
        &with_good(br#"{"id":"a","skills":"go, rust; sql"}"#),
        &[],
    );
    assert_eq!((code, scored), (Some(0), 2), "{stderr}");
    assert!(!stderr.contains("go, rust"), "{stderr}");
    // Compressed pools: gzip is read, a damaged one says so, other formats
    // are refused with the command that unpacks them.
    let gzip = |bytes: &[u8]| {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    };
    let pool: Vec<u8> = (0..2000).flat_map(|_| with_good(good)).collect();
    let (code, stderr, scored) = cli_row("a gzip-compressed pool", &gzip(&pool), &[]);
    assert_eq!((code, scored), (Some(0), 4000), "{stderr}");
    let compressed = gzip(&pool);
    let (code, stderr, _) = cli_row(
        "a gzip pool cut short",
        &compressed[..compressed.len() / 2],
        &[],
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("gzip-compressed input is damaged"),
        "{stderr}"
    );
    let (code, stderr, scored) = cli_row("a zstd file", b"\x28\xB5\x2F\xFD\x04\x58\x00\x00", &[]);
    assert_eq!((code, scored), (Some(1), 0));
    assert!(stderr.contains("zstd -dc"), "{stderr}");
    let (code, stderr, scored) = cli_row(
        "no line readable at all (a CSV export)",
        b"id,name,skills\n1,Ann,Go\n2,Bob,Rust\n",
        &[],
    );
    assert_eq!((code, scored), (Some(1), 0));
    assert!(
        stderr.contains("no candidate could be read: all 3 line(s) were malformed"),
        "{stderr}"
    );
    // A line over --max-line-bytes.
    let long = format!(r#"{{"id":"a","resume_text":"{}"}}"#, "x".repeat(300));
    let (code, stderr, scored) = cli_row(
        "line over --max-line-bytes 200",
        &with_good(long.as_bytes()),
        &["--max-line-bytes", "200"],
    );
    assert_eq!((code, scored), (Some(0), 1));
    assert!(stderr.contains("longer than 200 bytes"), "{stderr}");
    // --strict: stops at the bad line, exit 3.
    let (code, stderr, scored) = cli_row(
        "level 7 with --strict",
        &[
            good.as_slice(),
            b"\n",
            br#"{"id":"a","skills":[{"name":"go","level":7}]}"#,
            b"\n",
        ]
        .concat(),
        &["--strict"],
    );
    assert_eq!((code, scored), (Some(3), 1));
    // The input line number only: not serde's "at line 1" of the one line.
    assert_eq!(
        stderr,
        "rolefit: line 2: candidate \"a\": skills[0].level: must be 0-5 (0 = not given), got 7 at column 42"
    );
    // An unknown role: exit 1.
    let (code, stderr, _) = cli_row("--roles no-such/role", good, &["--roles", "no-such/role"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("unknown role"), "{stderr}");
}
