//! Crash safety of the data directory: SIGKILL the real binary while
//! PutRole calls stream in, restart, and check that every acknowledged page
//! is served and byte-identical on disk, with no temporary or torn file left;
//! and that a half-written page makes startup refuse, naming the file.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Binary, TIMEOUT};
use rolefit::service::pb;
use tonic::Code;

/// splitmix64: a seeded, dependency-free RNG for the kill points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

const SKILLS: &[&str] = &[
    "Rust",
    "Go",
    "Ruby",
    "PostgreSQL",
    "Kubernetes",
    "Redis",
    "gRPC",
    "Python",
];

/// The page for `id`: deterministic, so even an unacknowledged page found
/// on disk can be checked byte for byte. Padded so a write is not instant.
fn page_text(id: &str, n: usize) -> String {
    let a = SKILLS[n % SKILLS.len()];
    let b = SKILLS[(n / SKILLS.len() + 3) % SKILLS.len()];
    let padding: String = (0..40)
        .map(|k| format!("- Writes clear design documents, part {k} of page {id}.\n"))
        .collect();
    // The title makes the role id, so it is unique per page.
    let title = id.replace('-', " ");
    format!(
        "---\ntitle: {title}\n---\n\n## Requirements\n\n\
         - Expert in {a} and {b}.\n- Experience with Git.\n\n## Responsibilities\n\n{padding}"
    )
}

fn served_pages(list: &pb::ListRolesResponse) -> BTreeSet<String> {
    list.roles.iter().map(|r| r.page_id.clone()).collect()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

/// Checks the restarted server against what was acknowledged.
async fn check_recovered(
    server: &Binary,
    dir: &Path,
    acked: &BTreeMap<String, String>,
    attempted: &BTreeMap<String, String>,
) {
    assert!(
        leftovers(dir).is_empty(),
        "tmp files after restart: {:?}",
        leftovers(dir)
    );
    let mut client = common::client(server.addr).await;
    let list = client
        .list_roles(pb::ListRolesRequest::default())
        .await
        .expect("ListRoles after restart")
        .into_inner();
    let served = served_pages(&list);
    for (id, text) in acked {
        assert!(served.contains(id), "acknowledged page {id} is not served");
        let on_disk = std::fs::read(dir.join(format!("{id}.md"))).expect("acked page on disk");
        assert_eq!(on_disk, text.as_bytes(), "page {id} differs on disk");
        let role_id = list
            .roles
            .iter()
            .find(|r| &r.page_id == id)
            .unwrap()
            .role_id
            .clone();
        client
            .get_role(pb::GetRoleRequest { role_id })
            .await
            .expect("GetRole of an acknowledged page");
    }
    // Anything else in the directory is a page whose PutRole was cut short:
    // it must be complete (the exact text sent), never torn.
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".md") else {
            continue;
        };
        let expected = attempted
            .get(id)
            .unwrap_or_else(|| panic!("unexpected file {name}"));
        let on_disk = std::fs::read(dir.join(&name)).unwrap();
        assert_eq!(on_disk, expected.as_bytes(), "torn page {name}");
        assert!(served.contains(id), "page {id} on disk but not served");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_put_role_loses_no_acknowledged_page() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let mut rng = Rng(0x5eed_2026);
    let acked: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let attempted: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let rounds = 5;
    let mut kills_mid_stream = 0;
    for round in 0..rounds {
        let acked_before = acked.lock().unwrap().len();
        let mut server = Binary::start(dir, &["--log", "error"]);
        let acked_now = acked.lock().unwrap().clone();
        let attempted_now = attempted.lock().unwrap().clone();
        check_recovered(&server, dir, &acked_now, &attempted_now).await;
        // Two writers stream PutRole calls until the server dies.
        let mut writers = Vec::new();
        for w in 0..2 {
            let mut client = common::client(server.addr).await;
            let (acked, attempted) = (Arc::clone(&acked), Arc::clone(&attempted));
            writers.push(tokio::spawn(async move {
                for n in 0..10_000 {
                    let id = format!("crash-r{round}-w{w}-{n}");
                    let text = page_text(&id, n);
                    attempted.lock().unwrap().insert(id.clone(), text.clone());
                    let put = client
                        .put_role(pb::PutRoleRequest {
                            page_id: id.clone(),
                            markdown: text.clone(),
                        })
                        .await;
                    match put {
                        Ok(_) => {
                            acked.lock().unwrap().insert(id, text);
                        }
                        Err(status) => {
                            // Only the kill may stop a writer.
                            assert!(
                                matches!(
                                    status.code(),
                                    Code::Unknown | Code::Unavailable | Code::Cancelled
                                ),
                                "PutRole failed other than by the kill: {status:?}"
                            );
                            return n;
                        }
                    }
                }
                10_000
            }));
        }
        // Kill at a random point once this round has had a write acknowledged
        // (so every round tests recovery of fresh writes, however slow fsync is).
        let first_ack = std::time::Instant::now();
        while acked.lock().unwrap().len() == acked_before {
            assert!(first_ack.elapsed() < TIMEOUT, "no PutRole acknowledged");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let wait = Duration::from_millis(rng.next() % 400);
        tokio::time::sleep(wait).await;
        // Child::kill sends SIGKILL on unix.
        server.child.kill().expect("SIGKILL");
        server.child.wait().expect("reaped");
        for writer in writers {
            let sent = tokio::time::timeout(TIMEOUT, writer)
                .await
                .expect("writer stops")
                .expect("writer");
            if sent < 10_000 {
                kills_mid_stream += 1;
            }
        }
        let acked_now = acked.lock().unwrap().len();
        eprintln!("round {round}: killed {wait:?} after the first ack, {acked_now} pages acknowledged so far");
        assert!(
            acked_now > acked_before,
            "round {round} acknowledged writes"
        );
    }
    assert!(
        kills_mid_stream > 0,
        "the kills landed while writes streamed"
    );
    assert!(
        !acked.lock().unwrap().is_empty(),
        "some writes were acknowledged"
    );
    let server = Binary::start(dir, &["--log", "error"]);
    let acked_now = acked.lock().unwrap().clone();
    let attempted_now = attempted.lock().unwrap().clone();
    check_recovered(&server, dir, &acked_now, &attempted_now).await;
    server.stop();
}

/// Runs `rolefit serve` on `dir` expecting it to refuse to start.
fn refused_start(dir: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolefit"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rolefit");
    let deadline = std::time::Instant::now() + TIMEOUT;
    while child.try_wait().expect("try_wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("rolefit started on a broken data dir");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("listening"),
        "it must not listen: {stdout}"
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn half_written_page_makes_startup_refuse_naming_the_file() {
    // Truncated markdown that does not compile (cut inside the front matter).
    let data = tempfile::tempdir().unwrap();
    let full = page_text("half", 1);
    std::fs::write(data.path().join("half.md"), &full.as_bytes()[..12]).unwrap();
    let (code, stderr) = refused_start(data.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("half"), "names the page: {stderr}");
    assert_eq!(stderr.matches("no title").count(), 1, "{stderr}");

    // Invalid bytes (not UTF-8), as a torn write of binary junk would leave.
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("garbage.md"), b"---\ntitle: \xff\xfe\x00").unwrap();
    let (code, stderr) = refused_start(data.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("garbage.md"), "names the file: {stderr}");
    assert_eq!(stderr.matches("not valid UTF-8").count(), 1, "{stderr}");

    // A file name that is not a page id.
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("Bad Name.md"), page_text("bad", 2)).unwrap();
    let (code, stderr) = refused_start(data.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("Bad Name.md"), "names the file: {stderr}");
    // Said once, not twice (the cause is not repeated after the message).
    assert_eq!(stderr.matches("not a valid page id").count(), 1, "{stderr}");

    // A page whose role id a built-in page has (the built-ins changed under
    // it): refused, not served under another id than the one acknowledged.
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("zz-copy.md"),
        rolefit::catalog::BUILTIN_PAGES[0].1,
    )
    .unwrap();
    let (code, stderr) = refused_start(data.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("zz-copy.md"), "names the file: {stderr}");
    assert!(stderr.contains("produced by both"), "{stderr}");

    // A leftover temporary file alone is cleaned up, not refused.
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join(".x.md.123.tmp"), b"---\ntit").unwrap();
    let server = Binary::start(data.path(), &[]);
    assert!(leftovers(data.path()).is_empty());
    server.stop();
}
