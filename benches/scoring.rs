//! Scoring benchmarks on the built-in seed catalog.
//!
//!     cargo bench --bench scoring
//!
//! - `score_one/15_skills`: one typical candidate (15 listed skills, a short
//!   resume) against every role, the hot path of ScoreCandidate.
//! - `batch/100k/*`: the JSON Lines batch path (parse, resolve, extract,
//!   score, write top-3) on a generated pool of 100,000 candidates, on one
//!   thread and on all cores.
//! - `extract/resume_texts`: skills found in the resume texts of 10,000
//!   generated candidates, the prose part of every batch line.
//!
//! The pool comes from a small deterministic generator here (typos, aliases,
//! off-domain and junk entries in the proportions of `../shared/peer`'s
//! generator) so the bench needs nothing outside the repository.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rolefit::batch::{self, BatchOptions};
use rolefit::catalog::{compile, CompileOptions, Page};
use rolefit::scoring::{Candidate, Engine, ScoreOptions, SkillClaim};
use rolefit::taxonomy::Taxonomy;

fn engine() -> Arc<Engine> {
    let taxonomy = Arc::new(Taxonomy::builtin().expect("builtin taxonomy"));
    let catalog =
        compile(&Page::builtin(), &taxonomy, &CompileOptions::default()).expect("seed catalog");
    Arc::new(Engine::new(taxonomy, catalog))
}

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const OFF_DOMAIN: &[&str] = &[
    "Forklift operation",
    "Welding",
    "Customer service",
    "Cash handling",
    "Food safety",
];

fn typo(rng: &mut Rng, name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() > 4 {
        let i = 1 + rng.below(chars.len() - 2);
        match rng.below(3) {
            0 => chars.swap(i, i + 1),
            1 => {
                chars.remove(i);
            }
            _ => chars.insert(i, chars[i]),
        }
    }
    chars.into_iter().collect()
}

/// A pool of `n` candidates as JSON Lines, about 15 skills each.
fn pool(taxonomy: &Taxonomy, n: usize, seed: u64) -> String {
    let skills = taxonomy.skills();
    let mut rng = Rng(seed | 1);
    let mut out = String::with_capacity(n * 900);
    for i in 0..n {
        let count = 10 + rng.below(10);
        let claims: Vec<SkillClaim> = (0..count)
            .map(|_| {
                let skill = &skills[rng.below(skills.len())];
                let name = if rng.chance(5) {
                    OFF_DOMAIN[rng.below(OFF_DOMAIN.len())].to_string()
                } else if rng.chance(1) {
                    (0..(5 + rng.below(300)))
                        .map(|_| (b'a' + rng.below(26) as u8) as char)
                        .collect()
                } else if rng.chance(5) {
                    typo(&mut rng, &skill.name)
                } else if !skill.aliases.is_empty() && rng.chance(30) {
                    skill.aliases[rng.below(skill.aliases.len())].clone()
                } else {
                    skill.name.clone()
                };
                SkillClaim {
                    name,
                    level: (!rng.chance(10)).then(|| 1 + rng.below(5) as u8),
                    years: rng.chance(55).then(|| rng.below(12) as f64),
                }
            })
            .collect();
        let mentioned: Vec<&str> = (0..4)
            .map(|_| skills[rng.below(skills.len())].name.as_str())
            .collect();
        let candidate = Candidate {
            id: format!("c-{i:07}"),
            resume_text: format!(
                "Engineer with {} years building services in {} and {}; operated {} in production and mentored {}.",
                rng.below(20),
                mentioned[0],
                mentioned[1],
                mentioned[2],
                mentioned[3]
            ),
            skills: claims,
            years_experience: Some(rng.below(25) as f64),
            management_years: rng.chance(20).then(|| rng.below(8) as f64),
        };
        out.push_str(&serde_json::to_string(&candidate).expect("serialises"));
        out.push('\n');
    }
    out
}

fn typical_candidate() -> Candidate {
    let names = [
        ("Ruby", 4),
        ("Ruby on Rails", 4),
        ("golang", 3),
        ("PostgreSQL", 3),
        ("Redis", 3),
        ("Docker", 3),
        ("k8s", 2),
        ("gRPC", 2),
        ("Git", 4),
        ("Linux", 3),
        ("JavaScript", 2),
        ("Prometheus", 2),
        ("AWS", 3),
        ("Kubernates", 2),
        ("mentoring", 3),
    ];
    Candidate {
        id: "typical".into(),
        skills: names
            .iter()
            .map(|(name, level)| SkillClaim {
                name: name.to_string(),
                level: Some(*level),
                years: None,
            })
            .collect(),
        years_experience: Some(7.0),
        management_years: Some(0.0),
        resume_text:
            "Built gRPC services in Go; tuned PostgreSQL queries and Elasticsearch indexes.".into(),
    }
}

fn score_one(c: &mut Criterion) {
    let engine = engine();
    let candidate = typical_candidate();
    let top3 = ScoreOptions {
        top_k: 3,
        ..ScoreOptions::default()
    };
    let mut group = c.benchmark_group("score_one");
    group.throughput(Throughput::Elements(1));
    group.bench_function("15_skills", |b| {
        b.iter(|| engine.score(&candidate, &top3).expect("scores"))
    });
    group.bench_function("15_skills_all_roles_explained", |b| {
        let all = ScoreOptions {
            explain: true,
            ..ScoreOptions::default()
        };
        b.iter(|| engine.score(&candidate, &all).expect("scores"))
    });
    group.finish();
}

fn batch_throughput(c: &mut Criterion) {
    let engine = engine();
    let pool = pool(engine.taxonomy(), 100_000, 7);
    let mut group = c.benchmark_group("batch/100k");
    group.sample_size(10);
    group.throughput(Throughput::Elements(100_000));
    for threads in [1, num_threads()] {
        let options = BatchOptions {
            threads: Some(threads),
            ..BatchOptions::default()
        };
        group.bench_function(format!("{threads}_threads"), |b| {
            b.iter_batched(
                || Vec::with_capacity(pool.len() / 2),
                |mut out| {
                    batch::run(engine.clone(), pool.as_bytes(), &mut out, &options, &())
                        .expect("batch runs")
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn resume_extraction(c: &mut Criterion) {
    let taxonomy = Taxonomy::builtin().expect("builtin taxonomy");
    let texts: Vec<String> = pool(&taxonomy, 10_000, 11)
        .lines()
        .map(|line| {
            serde_json::from_str::<Candidate>(line)
                .expect("generated line parses")
                .resume_text
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    let mut mentions = Vec::new();
    group.bench_function("resume_texts", |b| {
        b.iter(|| {
            for text in &texts {
                mentions.clear();
                taxonomy.extract_into(text, &mut mentions);
            }
            mentions.len()
        })
    });
    group.finish();
}

fn num_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

criterion_group!(benches, score_one, batch_throughput, resume_extraction);
criterion_main!(benches);
