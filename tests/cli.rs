//! The `rolefit` command line, driven as a user would: the real binary,
//! real files, exit codes and messages.

use std::io::Write;
use std::process::{Child, ChildStdin, Command, Output, Stdio};

fn rolefit(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolefit starts");
    if let Some(input) = stdin {
        let written = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
        // A run refused before it reads (a usage error) closes its stdin.
        if let Err(error) = written {
            assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("rolefit finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `rolefit score` of `pool` (given on stdin) into `output`, quietly.
fn score_into(output: &std::path::Path, pool: &str) -> Output {
    let output = output.to_str().expect("a UTF-8 path");
    rolefit(
        &["score", "--input", "-", "--quiet", "--output", output],
        Some(pool),
    )
}

/// `rolefit score --input - --quiet ARGS --output OUTPUT`, running, with
/// its stdin to write the pool to (kept open until dropped) and its stderr
/// piped.
fn spawn_score(args: &[&str], output: &std::path::Path) -> (Child, ChildStdin) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args(["score", "--input", "-", "--quiet"])
        .args(args)
        .arg("--output")
        .arg(output)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolefit starts");
    let stdin = child.stdin.take().expect("stdin");
    (child, stdin)
}

/// Waits (at most 60 s, then fails saying `what`) until `done` holds.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "after 60 s: {what}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Sends `signal` ("-INT", "-TERM") to `child` with kill(1).
fn send_signal(child: &Child, signal: &str) {
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success(), "kill {signal} failed");
}

/// Fails, showing the whole standard error, unless it contains `needle`.
fn assert_stderr_says(out: &Output, needle: &str) {
    let stderr = text(&out.stderr);
    assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
}

#[test]
fn roles_lists_the_catalog_as_a_table_and_as_json() {
    let out = rolefit(&["roles"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.starts_with("ROLE_ID"), "{table}");
    assert!(table.contains("staff-backend-engineer/gitaly"));
    assert!(table.contains("backend-director"));

    let out = rolefit(&["roles", "--json"], None);
    assert!(out.status.success());
    let roles: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let roles = roles.as_array().expect("array");
    assert!(roles.len() >= 20);
    let gitaly = roles
        .iter()
        .find(|r| r["role_id"] == "staff-backend-engineer/gitaly")
        .expect("gitaly listed");
    assert_eq!(gitaly["specialty"], "Gitaly");
    assert_eq!(gitaly["level"], "Staff");
}

/// The README's usage commands run on the sample files it names, as a
/// newcomer would type them (from the repository's root).
#[test]
fn the_readme_sample_pool_and_candidate_score_and_explain() {
    let root = env!("CARGO_MANIFEST_DIR");
    let pool = format!("{root}/examples/pool.jsonl");
    let out = rolefit(&["score", "--input", &pool, "--top", "3"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let records = std::fs::read_to_string(&pool).expect("sample pool");
    assert_eq!(lines.len(), records.lines().count());
    assert!(lines
        .iter()
        .all(|line| line["top"].as_array().unwrap().len() == 3));
    // The off-domain applicant is named among the unresolved names.
    assert!(
        text(&out.stderr).contains("\"Forklift\" x1"),
        "{}",
        text(&out.stderr)
    );

    let candidate = format!("{root}/examples/candidate.json");
    let out = rolefit(&["explain", "--candidate", &candidate], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("WHAT COUNTED"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn roles_shows_one_vector_with_tiers_weights_levels_and_evidence() {
    let out = rolefit(&["roles", "staff-backend-engineer/gitaly"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let detail = text(&out.stdout);
    let ruby = detail
        .lines()
        .find(|l| l.starts_with("ruby "))
        .expect("ruby row");
    assert!(ruby.contains("REQUIRED"), "{ruby}");
    assert!(detail.contains("line "), "evidence lines shown: {detail}");
    assert!(detail.contains("Mandatory: Solid production Ruby experience"));

    let out = rolefit(&["roles", "no-such-role"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unknown role \"no-such-role\""));
}

#[test]
fn an_unknown_long_role_id_is_cut_in_the_error() {
    // A 100 KB id (under the 128 KiB a single argument may be): the error
    // quotes its first 100 characters, as the engine and the service do.
    let id = "x".repeat(100_000);
    let out = rolefit(&["roles", &id], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("unknown role \"{}...\"", "x".repeat(100))),
        "{}",
        &stderr[..stderr.len().min(300)]
    );
    assert!(stderr.len() < 1_000, "{} bytes of error", stderr.len());
}

#[test]
fn score_streams_a_pool_reports_bad_lines_and_summarises() {
    let pool = [
        r#"{"id":"c-1","skills":[{"name":"Ruby","level":5},{"name":"golang","level":4},{"name":"gRPC"}],"years_experience":9}"#,
        r#"{"id":"c-2","skills":[{"name":"Forklift operation","level":5}]}"#,
        "{broken",
        "",
        r#"{"id":"c-4","skills":[{"name":"Node.js","level":4},{"name":"JavaScript","level":5},{"name":"MongoDB"}]}"#,
    ]
    .join("\n");
    let out = rolefit(&["score", "--input", "-", "--top", "2"], Some(&pool));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c-1", "c-2", "c-4"]);
    assert_eq!(lines[0]["top"].as_array().unwrap().len(), 2);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 3:"), "{stderr}");
    assert!(stderr.contains("scored 3 candidates"), "{stderr}");
    assert!(stderr.contains("\"Forklift operation\" x1"), "{stderr}");

    let out = rolefit(&["score", "--input", "-", "--strict"], Some(&pool));
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("line 3:"));
    assert_eq!(
        text(&out.stdout).lines().count(),
        2,
        "lines before the bad one are written"
    );

    // --max-skipped: a gate for the share of a pool lost (1 of 4 lines
    // here). Past it, every scored line is still written, and the exit
    // code says the run skipped too many.
    for (allowance, code) in [("1", 0), ("0", 4), ("25%", 0), ("24.9%", 4)] {
        let out = rolefit(
            &["score", "--input", "-", "--max-skipped", allowance],
            Some(&pool),
        );
        assert_eq!(out.status.code(), Some(code), "--max-skipped {allowance}");
        assert_eq!(text(&out.stdout).lines().count(), 3, "{allowance}");
        if code == 4 {
            let stderr = text(&out.stderr);
            assert!(
                stderr.contains(&format!(
                    "1 of 4 line(s) were malformed, more than --max-skipped {allowance} allows"
                )),
                "{stderr}"
            );
        }
    }
    let out = rolefit(
        &["score", "--input", "-", "--max-skipped", "lots"],
        Some(&pool),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("expected a number of lines or a percentage"));

    // Not one line a record (a CSV export): each line is reported, and the
    // run fails instead of passing for a finished one.
    let csv = "id,name,skills\n1,Ann,\"Go;Rust\"\n2,Bob,Python\n";
    let out = rolefit(&["score", "--input", "-"], Some(csv));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 3: not a JSON object"), "{stderr}");
    assert!(
        stderr.contains("no candidate could be read: all 3 line(s)"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    // The first malformed lines are named, up to --max-reported-errors,
    // the rest counted.
    let out = rolefit(
        &["score", "--input", "-", "--max-reported-errors", "1"],
        Some(csv),
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("line 1:") && !stderr.contains("line 2:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("... and 2 more malformed line(s)"),
        "{stderr}"
    );
    // An empty pool is no error: nothing to score.
    let out = rolefit(&["score", "--input", "-"], Some(""));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = rolefit(&["score", "--input", "/no/such/pool.jsonl"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/no/such/pool.jsonl"));
}

/// A pool of which no line could be read failed, even when its error
/// lines were written (`--error-lines`): the previous scores file stays,
/// the error lines go to NAME.partial. Lines that are records with bad
/// values get no lesson in JSON Lines; `--max-skipped 100%` lets the run
/// pass.
#[test]
fn a_pool_with_no_readable_line_never_replaces_the_previous_scores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("pool.jsonl");
    let output = dir.path().join("scores.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"skills\":[{\"name\":\"Go\",\"level\":9}]}\n{\"id\":\"b\",\"years_experience\":-1}\n",
    )
    .unwrap();
    std::fs::write(&output, "previous scores\n").unwrap();
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut args: Vec<String> = ["score", "--input", input.to_str().unwrap(), "--output"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.push(output.to_str().unwrap().to_string());
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let run = |extra: &[&'static str]| {
        let args = args(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        rolefit(&args, None)
    };
    let out = run(&["--error-lines", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no candidate could be read: all 2 line(s)"),
        "{stderr}"
    );
    assert!(!stderr.contains("rolefit reads JSON Lines"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "previous scores\n"
    );
    let partial = std::fs::read_to_string(dir.path().join("scores.jsonl.partial")).unwrap();
    assert_eq!(partial.lines().count(), 2, "{partial}");
    let out = run(&["--error-lines", "--quiet", "--max-skipped", "100%"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&output).unwrap();
    assert!(written.starts_with("{\"line\":1,\"error\":"), "{written}");
}

#[test]
fn score_writes_to_a_file_and_filters_roles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("pool.jsonl");
    let output = dir.path().join("scores.jsonl");
    std::fs::write(
        &input,
        r#"{"id":"a","skills":[{"name":"PostgreSQL","level":5}]}"#,
    )
    .unwrap();
    let out = rolefit(
        &[
            "score",
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--roles",
            // Spaces after commas and a trailing comma are fine.
            "staff-backend-engineer/database, staff-backend-engineer/gitaly,",
            "--quiet",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "--quiet: {}", text(&out.stderr));
    let written: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&output).unwrap().trim()).unwrap();
    let top = written["top"].as_array().unwrap();
    assert_eq!(top.len(), 2);
    assert_eq!(top[0]["role_id"], "staff-backend-engineer/database");

    let with_roles = |roles: &str| {
        rolefit(
            &[
                "score",
                "--input",
                input.to_str().unwrap(),
                "--roles",
                roles,
            ],
            None,
        )
    };
    let out = with_roles("nope");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unknown role \"nope\" (`rolefit roles` lists them)"));
    assert!(text(&out.stderr).contains("rolefit roles"));

    // A near miss names the role it most likely meant.
    let out = with_roles("staff-backend-engineer/Gitaly");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("closest match: \"staff-backend-engineer/gitaly\""),
        "{}",
        text(&out.stderr)
    );

    // A family without its level names the roles of that family, whole-word
    // matches and roles before their specialties first.
    let out = with_roles("backend-engineer");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "closest matches: \"intermediate-backend-engineer\", \"staff-backend-engineer\", \"intermediate-backend-engineer/"
        ),
        "{}",
        text(&out.stderr)
    );
    // A specialty alone names that specialty's roles, at most five.
    let out = with_roles("gitaly");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("\"staff-backend-engineer/gitaly\""),
        "{stderr}"
    );
    assert!(stderr.matches("/gitaly\"").count() <= 5, "{stderr}");
}

/// A Word or PDF export dropped among the pages is passed over, and said so.
/// A `--skills` file is read only up to its limit: `--skills /dev/zero`
/// (or a pool passed there by mistake) was read until memory ran out.
#[test]
fn a_skills_file_is_read_no_further_than_its_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let huge = dir.path().join("huge.toml");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(64 << 20))
        .expect("a sparse 64 MiB file");
    // (Not /dev/zero here: before the limit, that took all memory.)
    let out = rolefit(&["roles", "--skills", huge.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_stderr_says(&out, "over the 16777216-byte limit of a --skills file");
}

#[test]
fn documents_a_catalog_does_not_read_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("widget-engineer.md"),
        "# Widget Engineer\n\n## Requirements\n\n- Ruby\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("data-engineer.docx"), "PK").unwrap();
    let out = rolefit(&["roles", "--catalog", dir.path().to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_stderr_says(&out, "data-engineer.docx is not read");
    assert!(text(&out.stdout).contains("widget-engineer"));
}

#[test]
fn explain_names_the_management_must_have_of_a_manager_role() {
    let verdict = |candidate: &str| {
        let out = rolefit(
            &[
                "explain",
                "--candidate",
                "-",
                "--role",
                "backend-engineering-manager",
            ],
            Some(candidate),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let report = text(&out.stdout);
        report.lines().nth(1).unwrap_or_default().to_string()
    };
    let engineer = r#"{"id":"ic","skills":[{"name":"Ruby","level":4}],"years_experience":8}"#;
    let line = verdict(engineer);
    assert!(
        line.contains("missing must-have(s): management -> raw score x0.5"),
        "{line}"
    );
    let manager = r#"{"id":"em","skills":[{"name":"Ruby","level":4}],"years_experience":8,"management_years":3}"#;
    let line = verdict(manager);
    assert!(line.contains("every must-have met"), "{line}");
}

#[test]
fn explain_tells_a_person_what_counted_and_what_is_missing() {
    let explain_gitaly = |candidate: &str| {
        rolefit(
            &[
                "explain",
                "--candidate",
                "-",
                "--role",
                "staff-backend-engineer/gitaly",
            ],
            Some(candidate),
        )
    };
    let candidate = r#"{"id":"c-9","skills":[{"name":"golang","level":4},{"name":"gRPC","level":3},{"name":"Kubernates"}],"years_experience":6,"resume_text":"Maintained git servers."}"#;
    let out = explain_gitaly(candidate);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("Candidate c-9 for Staff Backend Engineer - Gitaly"),
        "{report}"
    );
    assert!(report.contains("missing must-have(s): ruby"), "{report}");
    // Staff expects 8 years: two short.
    assert!(
        report.contains("; x0.80 for fewer than the 8 years expected)"),
        "{report}"
    );
    assert!(
        report.contains("golang"),
        "the candidate's own wording: {report}"
    );
    assert!(report.contains("Would raise the score most:"), "{report}");

    // A line copied out of a pool reads as `score` read it: numeric id,
    // level as text, a skill by name alone.
    let pool_line =
        r#"{"id":9,"skills":["golang",{"name":"gRPC","level":"3"}],"years_experience":"6"}"#;
    let out = explain_gitaly(pool_line);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Candidate 9 for"),
        "{}",
        text(&out.stdout)
    );

    // A file with a byte order mark, written in Windows-1252 ("Jos\xE9").
    let dir = tempfile::tempdir().expect("tempdir");
    let legacy = dir.path().join("legacy.json");
    let mut bytes = b"\xEF\xBB\xBF{\"id\":\"Jos\xE9\",\"skills\":[\"golang\"]}".to_vec();
    std::fs::write(&legacy, &bytes).unwrap();
    let out = rolefit(&["explain", "--candidate", legacy.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Candidate José for"),
        "{}",
        text(&out.stdout)
    );
    // One record is held to the limit of one pool line (1 MiB).
    bytes.resize(1 << 21, b' ');
    std::fs::write(&legacy, &bytes).unwrap();
    let out = rolefit(&["explain", "--candidate", legacy.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_says(&out, "larger than");

    let out = rolefit(&["explain", "--candidate", "-"], Some("{\"skills\":[]}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("id"), "{}", text(&out.stderr));

    // A pool given where one candidate belongs: say so.
    let pool = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n";
    let out = rolefit(&["explain", "--candidate", "-"], Some(pool));
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_says(&out, "holds 2 JSON lines: explain reads one candidate");

    // An unknown role: said as `score --roles` says it.
    let out = rolefit(
        &["explain", "--candidate", "-", "--role", "nope"],
        Some("{\"id\":\"a\"}"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("unknown role \"nope\" (`rolefit roles` lists them)"),
        "{}",
        text(&out.stderr)
    );

    // Nothing a role asks for: said, rather than a first role shown as
    // the best fit; a good fit is shown without it.
    let nothing = r#"{"id":"w","resume_text":"Warehouse shift lead."}"#;
    let out = rolefit(&["explain", "--candidate", "-"], Some(nothing));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("No role fits: every role scores 0"),
        "{}",
        text(&out.stdout)
    );
    let out = rolefit(&["explain", "--candidate", "-"], Some(candidate));
    assert!(!text(&out.stdout).contains("No role fits"));
}

#[test]
fn a_directory_of_unseen_pages_is_a_catalog() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("data-engineer.md"),
        "# Senior Data Engineer\n\n## What you'll do\n- Build pipelines in Python and Airflow\n\n## You may be a fit if\n- You have deep experience with Apache Spark and SQL\n- **Must** know Python\n\n## Bonus points\n- Kafka\n",
    )
    .unwrap();
    let out = rolefit(
        &["roles", "--catalog", dir.path().to_str().unwrap(), "--json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let roles: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let role = &roles[0];
    assert_eq!(role["title"], "Senior Data Engineer");
    assert_eq!(role["level"], "Senior");
    let python = role["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill_id"] == "python")
        .expect("python");
    assert_eq!(python["tier"], "REQUIRED");

    // A page that does not compile (an office manager's posting) is named
    // and left out; a second posting with the same title is served under an
    // id qualified by its page id; the others are used as they are.
    std::fs::write(dir.path().join("empty.md"), "").unwrap();
    std::fs::write(
        dir.path().join("zz-copy.md"),
        "# Senior Data Engineer\n\n- Kafka\n",
    )
    .unwrap();
    let out = rolefit(&["roles", "--catalog", dir.path().to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: page \"empty\": no title") && stderr.contains("left out"),
        "{stderr}"
    );
    assert!(
        stderr.contains("role id \"senior-data-engineer\" is produced by both page \"data-engineer\" and page \"zz-copy\"; page \"zz-copy\" is served as \"senior-data-engineer-zz-copy\""),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("senior-data-engineer-zz-copy"));

    // When no page compiles, that is an error.
    std::fs::remove_file(dir.path().join("data-engineer.md")).unwrap();
    std::fs::remove_file(dir.path().join("zz-copy.md")).unwrap();
    let out = rolefit(&["roles", "--catalog", dir.path().to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("empty"), "{}", text(&out.stderr));
}

/// A catalog directory without pages is a mistake (a wrong path, pages one
/// folder down), not an empty catalog that scores everyone at nothing.
#[test]
fn a_catalog_directory_without_pages_is_an_error_that_says_where_they_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_str().unwrap();
    let out = rolefit(&["roles", "--catalog", path], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        format!("rolefit: {path} holds no job pages (*.md, *.markdown, *.txt, *.html)")
    );

    let nested = dir.path().join("engineering");
    std::fs::create_dir(&nested).unwrap();
    std::fs::write(
        nested.join("backend.md"),
        "# Backend Engineer\n\n## Requirements\n- Go\n",
    )
    .unwrap();
    let out = rolefit(
        &["score", "--catalog", path, "--input", "-"],
        Some("{\"id\":\"a\"}\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("subdirectories are not read"), "{stderr}");
    assert!(stderr.contains(nested.to_str().unwrap()), "{stderr}");
    assert!(out.stdout.is_empty());

    // An I/O error names its cause once.
    let missing = dir.path().join("missing");
    let out = rolefit(&["roles", "--catalog", missing.to_str().unwrap()], None);
    let stderr = text(&out.stderr);
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
}

#[test]
fn a_directory_as_input_is_named_once_as_such() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_str().unwrap();
    for args in [["score", "--input", path], ["explain", "--candidate", path]] {
        let out = rolefit(&args, None);
        assert_eq!(out.status.code(), Some(1));
        let stderr = text(&out.stderr);
        assert_eq!(
            stderr.trim(),
            format!("rolefit: cannot read {path}: it is a directory"),
            "{args:?}"
        );
    }
}

/// `--output` naming the input (directly, through a link, or as the
/// shell's redirection of stdin or stdout) is refused before the file is
/// touched: creating it used to empty the pool and report a clean run.
#[test]
fn an_output_that_is_the_input_is_refused_and_the_pool_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool = dir.path().join("pool.jsonl");
    let link = dir.path().join("link.jsonl");
    let record = r#"{"id":"a","skills":[{"name":"Go","level":4}]}"#.to_string() + "\n";
    std::fs::write(&pool, &record).unwrap();
    std::os::unix::fs::symlink(&pool, &link).unwrap();
    let pool_arg = pool.to_str().unwrap();
    let run = |args: &[&str], stdin: Stdio, stdout: Stdio| {
        Command::new(env!("CARGO_BIN_EXE_rolefit"))
            .args(args)
            .stdin(stdin)
            .stdout(stdout)
            .stderr(Stdio::piped())
            .output()
            .expect("rolefit runs")
    };
    let open = || std::fs::File::open(&pool).unwrap();
    let append = || {
        std::fs::OpenOptions::new()
            .append(true)
            .open(&pool)
            .unwrap()
    };
    for (args, stdin, stdout) in [
        (
            vec!["score", "--input", pool_arg, "--output", pool_arg],
            Stdio::null(),
            Stdio::null(),
        ),
        (
            vec![
                "score",
                "--input",
                pool_arg,
                "--output",
                link.to_str().unwrap(),
            ],
            Stdio::null(),
            Stdio::null(),
        ),
        (
            vec!["score", "--input", "-", "--output", pool_arg],
            open().into(),
            Stdio::null(),
        ),
        (
            vec!["score", "--input", pool_arg],
            Stdio::null(),
            append().into(),
        ),
    ] {
        let out = run(&args, stdin, stdout);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("is the input file"),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(std::fs::read_to_string(&pool).unwrap(), record, "{args:?}");
    }
}

/// A program that feeds the pool one record at a time through a pipe and
/// waits for each answer gets it before the input ends.
#[test]
fn each_answer_comes_out_before_the_input_ends() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args(["score", "--input", "-", "--quiet", "--top", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("rolefit starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let (lines, answers) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in stdout.lines() {
            if lines.send(line.expect("output line")).is_err() {
                break;
            }
        }
    });
    for id in ["first", "second"] {
        writeln!(
            stdin,
            r#"{{"id":"{id}","skills":[{{"name":"Go","level":4}}]}}"#
        )
        .unwrap();
        stdin.flush().unwrap();
        let answer = answers
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no answer for {id} while the input stays open"));
        assert!(answer.starts_with(&format!(r#"{{"id":"{id}""#)), "{answer}");
    }
    drop(stdin);
    assert!(child.wait().expect("rolefit ends").success());
    reader.join().expect("reader");
}

/// Arguments that would score nothing, or every role when the user named
/// some, are refused as usage errors.
#[test]
fn arguments_that_cannot_work_are_refused() {
    for (args, message) in [
        (
            vec!["score", "--input", "-", "--roles", ""],
            "--roles names no role id",
        ),
        (
            vec!["score", "--input", "-", "--roles", " , ,"],
            "--roles names no role id",
        ),
        (
            vec!["score", "--input", "-", "--threads", "0"],
            "must be 1 or more",
        ),
        (
            vec!["score", "--input", "-", "--max-line-bytes", "0"],
            "must be 1 or more",
        ),
        // A typo or a big host's core count: thousands of threads take
        // minutes to start.
        (
            vec!["score", "--input", "-", "--threads", "100000"],
            "must be at most 1024",
        ),
        // `serve --roles DIR` takes pages; `score --roles` role ids.
        (
            vec!["score", "--input", "-", "--roles", "seeds"],
            "use --catalog seeds",
        ),
    ] {
        // No input: the arguments are refused before any is read (writing
        // some would race the exit into a broken pipe).
        let out = rolefit(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// A pool as ATS exports often ship it, gzip-compressed, scores as the
/// plain file does: from a file and from stdin; --no-mmap reads alike.
#[test]
fn a_gzip_compressed_pool_scores_like_the_plain_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool: String = (0..200)
        .map(|i| {
            format!(r#"{{"id":"c-{i}","skills":[{{"name":"golang","level":4}},"Ruby"]}}"#) + "\n"
        })
        .collect();
    let plain = dir.path().join("pool.jsonl");
    std::fs::write(&plain, &pool).unwrap();
    let compressed = dir.path().join("pool.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(pool.as_bytes()).unwrap();
    std::fs::write(&compressed, encoder.finish().unwrap()).unwrap();

    let score = |input: &std::path::Path, extra: &[&str]| {
        let mut args = vec!["score", "--input", input.to_str().unwrap(), "--quiet"];
        args.extend(extra);
        let out = rolefit(&args, None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let expected = score(&plain, &[]);
    assert_eq!(expected.lines().count(), 200);
    assert_eq!(score(&compressed, &[]), expected);
    assert_eq!(score(&compressed, &["--no-mmap"]), expected);
    assert_eq!(score(&plain, &["--no-mmap"]), expected);

    let mut child = Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args(["score", "--input", "-", "--quiet"])
        .stdin(std::fs::File::open(&compressed).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolefit starts");
    let stdout = child.stdout.take().expect("stdout");
    let from_stdin = std::io::read_to_string(stdout).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(from_stdin, expected);

    // One candidate, compressed, explains as the plain record does.
    let record = pool.lines().next().expect("a record");
    let candidate = dir.path().join("candidate.json");
    std::fs::write(&candidate, record).unwrap();
    let candidate_gz = dir.path().join("candidate.json.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(record.as_bytes()).unwrap();
    std::fs::write(&candidate_gz, encoder.finish().unwrap()).unwrap();
    let explain = |path: &std::path::Path| {
        let out = rolefit(&["explain", "--candidate", path.to_str().unwrap()], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert_eq!(explain(&candidate_gz), explain(&candidate));

    // An output named .gz is written compressed, complete, and so is what
    // --strict writes before a bad line (into NAME.partial: the previous
    // scores stay).
    let unpack = |path: &std::path::Path| {
        let bytes = std::fs::read(path).unwrap();
        let mut decoder = flate2::read::GzDecoder::new(bytes.as_slice());
        std::io::read_to_string(&mut decoder).expect("a complete gzip stream")
    };
    let scores_gz = dir.path().join("scores.jsonl.GZ");
    score(&plain, &["--output", scores_gz.to_str().unwrap()]);
    assert_eq!(unpack(&scores_gz), expected);
    let with_bad_line = dir.path().join("bad.jsonl");
    let first_three: String = pool.lines().take(3).map(|l| format!("{l}\n")).collect();
    std::fs::write(&with_bad_line, format!("{first_three}not json\n{pool}")).unwrap();
    let out = rolefit(
        &[
            "score",
            "--input",
            with_bad_line.to_str().unwrap(),
            "--output",
            scores_gz.to_str().unwrap(),
            "--strict",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let expected_three: String = expected.lines().take(3).map(|l| format!("{l}\n")).collect();
    assert_eq!(unpack(&scores_gz), expected);
    let partial = dir.path().join("scores.jsonl.GZ.partial");
    assert_eq!(unpack(&partial), expected_three);
    assert_stderr_says(&out, "scores.jsonl.GZ is unchanged");
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    score(&empty, &["--output", scores_gz.to_str().unwrap()]);
    assert_eq!(unpack(&scores_gz), "");
}

/// A run refused before it scores anything (a CSV by mistake, an unknown
/// role) leaves the previous scores file as it was; an empty pool's run
/// empties it, and a write error names the file.
#[test]
fn a_refused_run_keeps_the_previous_scores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = dir.path().join("scores.jsonl");
    let out_arg = output.to_str().unwrap();
    let previous = "{\"id\":\"yesterday\"}\n";
    std::fs::write(&output, previous).unwrap();
    let csv = dir.path().join("pool.csv");
    std::fs::write(&csv, "id,skills\n1,Go\n").unwrap();
    let pool = dir.path().join("pool.jsonl");
    std::fs::write(&pool, "{\"id\":\"a\",\"skills\":[\"Go\"]}\n").unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let refused = [
        vec![
            "score",
            "--input",
            csv.to_str().unwrap(),
            "--output",
            out_arg,
        ],
        vec![
            "score",
            "--input",
            pool.to_str().unwrap(),
            "--output",
            out_arg,
            "--roles",
            "nope",
        ],
    ];
    for args in refused {
        let out = rolefit(&args, None);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(
            std::fs::read_to_string(&output).unwrap(),
            previous,
            "{args:?}"
        );
    }
    let out = rolefit(
        &[
            "score",
            "--input",
            empty.to_str().unwrap(),
            "--output",
            out_arg,
            "--quiet",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "");
    if std::path::Path::new("/dev/full").exists() {
        let out = rolefit(
            &[
                "score",
                "--input",
                pool.to_str().unwrap(),
                "--output",
                "/dev/full",
                "--quiet",
            ],
            None,
        );
        assert!(!out.status.success());
        assert_stderr_says(&out, "/dev/full");
    }
}

/// The candidate limits are flags of `score` as of `serve`: a CV longer
/// than the default 64 KiB is skipped, and scored with a higher limit; so
/// are skill names taking more than 64 KiB in all.
#[test]
fn score_takes_the_candidate_limits_as_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool = dir.path().join("pool.jsonl");
    let input = pool.to_str().unwrap();
    // The line is skipped with the message under the default limit, and
    // scored with the flag raised.
    let skipped_then_scored = |record: &str, message: &str, flag: &str| {
        std::fs::write(&pool, format!("{record}\n")).unwrap();
        let out = rolefit(&["score", "--input", input, "--output", "-"], None);
        assert!(text(&out.stdout).is_empty());
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
        let raised = ["score", "--input", input, "--output", "-", flag, "200000"];
        let out = rolefit(&raised, None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let resume = "Built services in Go. ".repeat(4000);
    let scored = skipped_then_scored(
        &format!("{{\"id\":\"long\",\"resume_text\":\"{resume}\"}}"),
        "the limit is 65536 (--max-resume-bytes)",
        "--max-resume-bytes",
    );
    assert!(scored.contains("\"id\":\"long\""), "{scored}");
    // All of a candidate's skill names together, each part of a listed
    // list a name to look up: 100 lists of 1000 bytes are too many.
    let list = vec!["Kubernetse"; 90].join(", ");
    let skills: Vec<String> = (0..100)
        .map(|_| format!("{{\"name\":\"{list}\"}}"))
        .collect();
    let scored = skipped_then_scored(
        &format!("{{\"id\":\"lists\",\"skills\":[{}]}}", skills.join(",")),
        "the limit is 65536 (--max-skill-names-bytes)",
        "--max-skill-names-bytes",
    );
    assert!(scored.contains("\"id\":\"lists\""), "{scored}");
}

/// A pool that fails half-way (a cut gzip stream) leaves no output file
/// where there was none, and says where the lines scored before the
/// failure are.
#[test]
fn a_failed_run_says_where_its_scores_are_and_creates_no_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool: String = (0..20_000)
        .map(|i| {
            format!(
                r#"{{"id":"c-{i}","skills":["Go","Ruby"],"years_experience":{}}}"#,
                i % 17
            ) + "\n"
        })
        .collect();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(pool.as_bytes()).unwrap();
    let compressed = encoder.finish().unwrap();
    let cut = dir.path().join("pool.jsonl.gz");
    std::fs::write(&cut, &compressed[..compressed.len() * 3 / 4]).unwrap();
    let output = dir.path().join("scores.jsonl");
    let out = rolefit(
        &[
            "score",
            "--input",
            cut.to_str().unwrap(),
            "--quiet",
            "--output",
            output.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let message = text(&out.stderr);
    assert!(
        message.contains("scores.jsonl.partial; ")
            && message.contains("scores.jsonl was not created"),
        "{message}"
    );
    assert!(!output.exists());
    let partial = std::fs::read_to_string(dir.path().join("scores.jsonl.partial")).unwrap();
    assert!(partial.lines().count() > 0 && partial.lines().count() < 20_000);
}

/// Half a surrogate pair escaped in a string (an exporter that cut a
/// string inside an emoji) is told as such: serde_json said "unexpected
/// end of hex escape" or "lone leading surrogate in hex escape".
#[test]
fn half_a_surrogate_pair_is_told_as_such() {
    let pool = concat!(
        r#"{"id":"a","resume_text":"Go developer \ud83d"}"#,
        "\n",
        r#"{"id":"b","skills":["Go \udc00"]}"#,
        "\n",
        r#"{"id":"c","skills":["Go"]}"#,
        "\n",
        r#"{"id":"\ud800","skills":["Go"]}"#,
        "\n",
    );
    let out = rolefit(&["score", "--input", "-", "--top", "1"], Some(pool));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    for line in [
        "line 1: candidate \"a\": ",
        "line 2: candidate \"b\": ",
        "line 4: id: ",
    ] {
        let told = stderr
            .lines()
            .find(|l| l.starts_with(line))
            .unwrap_or_else(|| panic!("{line}: {stderr}"));
        assert!(told.contains("escape without its other half"), "{told}");
    }
    assert_eq!(text(&out.stdout).lines().count(), 1);
}

/// A catalog entry named as a page that is no file (a link to a page
/// that moved, a link loop) is named on stderr: it was left out without a
/// word, and the catalog served without that role.
#[test]
fn a_page_link_to_nothing_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("widget-engineer.md"),
        "# Widget Engineer\n\n## Requirements\n\n- Ruby\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("moved/gadget-engineer.md", dir.path().join("gadget.md")).unwrap();
    std::os::unix::fs::symlink("loop.md", dir.path().join("loop.md")).unwrap();
    let out = rolefit(&["roles", "--catalog", dir.path().to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("gadget.md is not read: No such file or directory"),
        "{stderr}"
    );
    assert!(stderr.contains("loop.md is not read: "), "{stderr}");
    assert!(text(&out.stdout).contains("widget-engineer"));
}

/// `explain` of an empty candidate file says so: it said "not a JSON
/// object: each line is one candidate record".
#[test]
fn explain_of_an_empty_candidate_says_it_is_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("c.json");
    std::fs::write(&empty, "\u{feff}\n  \r\n").unwrap();
    let out = rolefit(&["explain", "--candidate", empty.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the candidate is empty (")
            && text(&out.stderr).contains("c.json holds nothing but blank space"),
        "{}",
        text(&out.stderr)
    );
    let out = rolefit(&["explain", "--candidate", "-"], Some(""));
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_says(&out, "the candidate is empty (no input on stdin)");
}

/// An `--output` that is a symbolic link gets the scores in the file it
/// names: the finished run's NAME.partial was renamed over the link,
/// which became a file of its own, and the file it named kept yesterday's
/// scores.
#[test]
fn an_output_link_is_written_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real").join("latest.jsonl");
    std::fs::write(&target, "{\"id\":\"yesterday\"}\n").unwrap();
    let link = dir.path().join("scores.jsonl");
    std::os::unix::fs::symlink("real/latest.jsonl", &link).unwrap();
    let out = score_into(&link, "{\"id\":\"today\",\"skills\":[\"Go\"]}\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("{\"id\":\"today\""), "{written}");
    let left: Vec<_> = std::fs::read_dir(dir.path().join("real"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["latest.jsonl"]);
    // A link to a file not made yet: the run makes it (it left an empty
    // file there and the scores in a plain file where the link was).
    let link = dir.path().join("next.jsonl");
    std::os::unix::fs::symlink("real/next.jsonl", &link).unwrap();
    let out = score_into(&link, "{\"id\":\"tomorrow\",\"skills\":[\"Go\"]}\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let written = std::fs::read_to_string(dir.path().join("real").join("next.jsonl")).unwrap();
    assert!(written.starts_with("{\"id\":\"tomorrow\""), "{written}");
    // A link to the process's own stdout (as /dev/stdout is) writes to
    // the stream the shell opened, appending when it appends: the link
    // was replaced by a file, and the stream got nothing.
    let stdout_link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout_link).unwrap();
    let all = dir.path().join("all.jsonl");
    std::fs::write(&all, "{\"id\":\"earlier\"}\n").unwrap();
    let appended = std::fs::OpenOptions::new().append(true).open(&all).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args(["score", "--input", "-", "--quiet", "--output"])
        .arg(&stdout_link)
        .stdin(Stdio::piped())
        .stdout(appended)
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(b"{\"id\":\"now\",\"skills\":[\"Go\"]}\n")?;
            child.wait()
        })
        .expect("rolefit runs");
    assert!(status.success());
    assert!(std::fs::symlink_metadata(&stdout_link)
        .unwrap()
        .file_type()
        .is_symlink());
    let all = std::fs::read_to_string(&all).unwrap();
    assert_eq!(all.lines().count(), 2, "{all}");
    assert!(
        all.starts_with("{\"id\":\"earlier\"}\n{\"id\":\"now\""),
        "{all}"
    );
}

/// Interrupted, a run writing `NAME.gz` leaves a complete gzip stream in
/// `NAME.gz.partial`: it ended without the gzip trailer, so `zcat` and
/// `gzip -t` said "unexpected end of file" of every interrupted run.
#[test]
fn an_interrupted_gzip_output_is_a_complete_stream() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("tempdir");
    let output = dir.path().join("scores.jsonl.gz");
    let (child, mut stdin) = spawn_score(&[], &output);
    for i in 0..3 {
        writeln!(stdin, r#"{{"id":"c-{i}","skills":["Go"]}}"#).unwrap();
    }
    stdin.flush().unwrap();
    // The input stays open; the answers so far are flushed through the
    // encoder (a sync flush), which a reader can unpack without a trailer.
    let partial = dir.path().join("scores.jsonl.gz.partial");
    let unpacked = |strict: bool| -> Option<String> {
        let bytes = std::fs::read(&partial).ok()?;
        let mut text = String::new();
        let read = flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text);
        (read.is_ok() || !strict).then_some(text)
    };
    wait_until("no answers written", || {
        unpacked(false).is_some_and(|text| text.lines().count() >= 3)
    });
    send_signal(&child, "-INT");
    let status = child.wait_with_output().expect("rolefit ends").status;
    drop(stdin);
    assert_eq!(status.code(), Some(130));
    let text = unpacked(true).expect("a complete gzip stream");
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.lines().all(|line| line.starts_with("{\"id\":\"c-")));
    assert!(!output.exists());
}

/// Interrupted (Ctrl-C, SIGTERM), a run says how far it got and where its
/// scores are; the output file keeps the previous scores and the lines
/// written so far are whole, in NAME.partial. A bad line is reported as
/// soon as it is met.
#[test]
fn an_interrupted_run_keeps_the_previous_scores_and_says_where_its_own_are() {
    use std::io::BufRead;
    // SIGTERM's run writes to a new file: none is left under its name.
    for (signal, code, previous) in [("-INT", 130, true), ("-TERM", 143, false)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = dir.path().join("scores.jsonl");
        if previous {
            std::fs::write(&output, "{\"id\":\"yesterday\"}\n").unwrap();
        }
        let (mut child, mut stdin) = spawn_score(&[], &output);
        for i in 0..3 {
            writeln!(stdin, r#"{{"id":"c-{i}","skills":["Go"]}}"#).unwrap();
            if i == 0 {
                writeln!(stdin, "not json").unwrap();
            }
        }
        stdin.flush().unwrap();
        // The input stays open: the run waits for more, its answers so
        // far written out.
        let partial = dir.path().join("scores.jsonl.partial");
        wait_until("no answers written", || {
            std::fs::read_to_string(&partial).is_ok_and(|text| text.lines().count() >= 3)
        });
        send_signal(&child, signal);
        let status = child.wait().expect("rolefit ends");
        drop(stdin);
        assert_eq!(status.code(), Some(code), "{signal}");
        let stderr: Vec<String> = std::io::BufReader::new(child.stderr.take().unwrap())
            .lines()
            .map_while(Result::ok)
            .collect();
        let message = stderr.join("\n");
        // The bad line was told as it was met, not held for a summary.
        assert!(message.contains("line 2: "), "{message}");
        assert!(
            message.contains("interrupted after 3 candidates")
                && message.contains("scores.jsonl.partial"),
            "{message}"
        );
        if previous {
            assert!(message.contains("scores.jsonl is unchanged"), "{message}");
            assert_eq!(
                std::fs::read_to_string(&output).unwrap(),
                "{\"id\":\"yesterday\"}\n"
            );
        } else {
            assert!(
                message.contains("scores.jsonl was not created"),
                "{message}"
            );
            assert!(!output.exists(), "an empty {} was left", output.display());
        }
        let written = std::fs::read_to_string(&partial).unwrap();
        assert_eq!(written.lines().count(), 3);
        assert!(written.lines().all(|line| line.starts_with("{\"id\":\"c-")));
    }
}

/// `--output` a named pipe: its reader gets every line, and the run ends.
/// Opening the pipe to check it, then closing it, told the reader the
/// stream had ended, and the run then waited for a reader forever.
#[test]
fn an_output_fifo_gets_every_line_and_the_run_ends() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("scores.fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut read = String::new();
            std::fs::File::open(&fifo)
                .and_then(|mut pipe| pipe.read_to_string(&mut read))
                .expect("the pipe reads");
            read
        })
    };
    let (mut child, mut stdin) = spawn_score(&["--top", "1"], &fifo);
    stdin
        .write_all(b"{\"id\":\"a\",\"skills\":[\"Go\"]}\n{\"id\":\"b\",\"skills\":[\"Ruby\"]}\n")
        .expect("the pool is written");
    drop(stdin);
    let mut status = None;
    let mut ended = || {
        status = child.try_wait().expect("wait");
        status.is_some()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !ended() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            // Let the reader go too.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
            panic!("rolefit still waits on the pipe after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = status.expect("ended");
    assert!(status.success());
    let read = reader.join().expect("the reader ends");
    let ids: Vec<&str> = read
        .lines()
        .map(|line| &line[..line.find(',').unwrap_or(line.len())])
        .collect();
    assert_eq!(ids, ["{\"id\":\"a\"", "{\"id\":\"b\""], "{read}");
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&std::fs::metadata(&fifo).unwrap().file_type()),
        "the pipe is still a pipe"
    );
}
