//! Compiling the full seed catalog (5 pages, 19 specialties shared across
//! the backend family): the cost of a catalog reload.

use criterion::{criterion_group, criterion_main, Criterion};
use rolefit::catalog::{compile, CompileOptions, Page};
use rolefit::taxonomy::Taxonomy;

fn bench_compile(c: &mut Criterion) {
    let taxonomy = Taxonomy::builtin().expect("builtin taxonomy");
    let pages = Page::builtin();
    let options = CompileOptions::default();
    c.bench_function("compile_seed_catalog", |b| {
        b.iter(|| compile(std::hint::black_box(&pages), &taxonomy, &options).expect("compiles"))
    });
}

criterion_group!(benches, bench_compile);
criterion_main!(benches);
