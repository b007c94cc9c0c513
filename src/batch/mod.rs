//! Streaming, parallel scoring of applicant pools in JSON Lines.
//!
//! The pipeline keeps memory constant in the pool size:
//! 1. the caller's thread cuts the input into line-aligned chunks: copied
//!    out of a stream ([`run`]), or ranges of a file mapped into memory
//!    ([`run_file`]: no copy, and no reading thread competing with the
//!    scoring threads for the cores);
//! 2. each chunk is parsed and scored on the rayon pool, into an output
//!    buffer of its own;
//! 3. a writer thread puts the buffers back in input order and writes them,
//!    and hands the mapped pages of finished chunks back to the system.
//!
//! At most [`BatchOptions::chunks_in_flight`] chunks exist at once, so a fast
//! reader waits for slow scoring instead of buffering the pool.
//!
//! [`output`] is the `--output` file around a run; [`read_candidate_file`]
//! reads one record on its own, as `explain` does.

mod fast;
pub mod output;
mod record;
mod single;

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, Read, Seek, Write};
use std::ops::{Deref, Range};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use crate::scoring::{validate_profile, Engine, Limits, RoleHit};

pub use single::{read_candidate_file, CandidateFileError};

/// Knobs of a batch run.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// Roles per candidate in the output (0 = all).
    pub top_k: usize,
    /// Only these roles (empty = all).
    pub role_ids: Vec<String>,
    /// Stop at the first malformed line instead of skipping it.
    pub strict: bool,
    /// Input limits per candidate.
    pub limits: Limits,
    /// Longest accepted line, in bytes.
    pub max_line_bytes: usize,
    /// Target size of a chunk of lines handed to one worker.
    pub chunk_bytes: usize,
    /// Chunks read but not yet written, at most.
    pub chunks_in_flight: usize,
    /// Malformed lines reported one by one; the rest are only counted.
    pub max_reported_errors: usize,
    /// Distinct unresolved names counted for the summary; further names
    /// are counted together.
    pub max_tracked_unresolved: usize,
    /// Scoring threads: `None` uses rayon's global pool (all cores).
    pub threads: Option<usize>,
    /// Write `{"line":N,"error":"..."}` in place of each malformed line, so
    /// that every record gets a line of output: a program that feeds one
    /// record and waits for its answer is not left waiting by a bad one.
    pub error_lines: bool,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            top_k: 3,
            role_ids: Vec::new(),
            strict: false,
            limits: Limits::default(),
            max_line_bytes: 1 << 20,
            chunk_bytes: 256 * 1024,
            chunks_in_flight: 4 * rayon::current_num_threads().max(1) + 2,
            max_reported_errors: 20,
            max_tracked_unresolved: 100_000,
            threads: None,
            error_lines: false,
        }
    }
}

/// A line that could not be scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number in the input.
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
}

/// What a batch run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Candidates scored and written.
    pub scored: u64,
    /// Malformed lines skipped.
    pub skipped: u64,
    /// The first malformed lines, in input order.
    pub errors: Vec<LineError>,
    /// Unresolved skill names with their counts, most frequent first.
    pub unresolved: Vec<(String, u64)>,
    /// Occurrences of unresolved names beyond the tracked distinct ones.
    pub unresolved_untracked: u64,
    /// Lines that were not valid UTF-8, scored or not: read as
    /// Windows-1252 (the usual encoding of legacy exports), or as UTF-8
    /// with U+FFFD for the broken bytes when they hold UTF-8 characters
    /// (the `encoding` module).
    pub not_utf8: u64,
    /// The first of them (line numbers), to look at.
    pub not_utf8_lines: Vec<u64>,
    /// Candidates scored with nothing to score: no skills, years or resume
    /// text. Many of them usually mean the pool names its fields otherwise.
    pub empty_profiles: u64,
}

/// Lines not valid UTF-8 named in a [`BatchSummary`]; the rest are counted.
const NOT_UTF8_LINES_NAMED: usize = 5;

/// Why a batch run stopped.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Reading the input or writing the output failed. (Not marked as the
    /// error's source: the message already says it, and a report of the
    /// chain would say it twice.)
    #[error("I/O error: {0}")]
    Io(io::Error),
    /// A requested role does not exist.
    #[error("{0} (`rolefit roles` lists them)")]
    UnknownRole(crate::scoring::ScoreError),
    /// `--strict` and a line was malformed.
    #[error("line {}: {}", .0.line, .0.message)]
    Malformed(LineError),
    /// The input is one JSON document (an array of records, or records
    /// spread over several lines), not JSON Lines.
    #[error(
        "the input is {0}, not JSON Lines (one record per line): convert it first, e.g. \
         `jq -c '{1}' pool.json > pool.jsonl`"
    )]
    NotJsonLines(&'static str, &'static str),
    /// The input is compressed in a format rolefit does not unpack.
    #[error(
        "the input is {0}; rolefit reads JSON Lines, plain or gzip-compressed: unpack it \
         first, e.g. `{1} | rolefit score --input -`"
    )]
    Compressed(&'static str, &'static str),
    /// The input is UTF-16 (it starts with a UTF-16 byte order mark).
    #[error(
        "the input is UTF-16 (it starts with a UTF-16 byte order mark); JSON Lines are read \
         as UTF-8: convert it first, e.g. `iconv -f UTF-16 -t UTF-8 pool.jsonl > pool-utf8.jsonl`"
    )]
    Utf16Input,
}

impl From<io::Error> for BatchError {
    fn from(error: io::Error) -> Self {
        BatchError::Io(error)
    }
}

/// Progress callbacks (a progress bar, or nothing).
pub trait Progress: Send + Sync {
    /// `bytes` more input bytes and `candidates` more candidates are done.
    fn advance(&self, bytes: u64, candidates: u64);

    /// A line was skipped (one of the first `max_reported_errors`), told
    /// as soon as its place in the output is reached: a long run (or one
    /// interrupted) shows its bad lines as it goes, not only at its end.
    fn skipped(&self, _error: &LineError) {}
}

impl Progress for () {
    fn advance(&self, _: u64, _: u64) {}
}

struct Chunk {
    seq: u64,
    bytes: ChunkBytes,
    /// Where the chunk ends in a mapped file.
    mapped_end: Option<usize>,
    /// Input bytes the chunk stands for (for progress): more than its own
    /// bytes when an over-long line was replaced by the marker.
    input_bytes: u64,
}

/// The lines of a chunk: copied out of a stream, or a range of a mapped file.
enum ChunkBytes {
    Owned(Vec<u8>),
    Mapped {
        map: Arc<memmap2::Mmap>,
        range: Range<usize>,
    },
}

impl Deref for ChunkBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            ChunkBytes::Owned(bytes) => bytes,
            ChunkBytes::Mapped { map, range } => &map[range.clone()],
        }
    }
}

#[derive(Default)]
struct ChunkResult {
    seq: u64,
    input_bytes: u64,
    /// Where the chunk ends in a mapped file (its pages can go once written).
    mapped_end: Option<usize>,
    /// Lines in the chunk: the writer numbers lines across chunks, so the
    /// reader need not count them.
    lines: u64,
    output: Vec<u8>,
    scored: u64,
    /// Malformed lines, numbered from 1 within the chunk.
    errors: Vec<LineError>,
    /// By error: where in `output` its line falls (strict mode writes the
    /// output up to the first; [`BatchOptions::error_lines`] puts each
    /// error's line there).
    error_at: Vec<usize>,
    unresolved: NameCounts,
    /// Lines of the chunk that were not valid UTF-8 (chunk-relative).
    not_utf8_lines: Vec<u64>,
    empty_profiles: u64,
}

/// Unresolved names and how often they were met, keyed by names users typed.
type NameCounts = HashMap<String, u64, foldhash::fast::RandomState>;

/// Why a candidate record could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RecordError(String);

/// Reads one candidate record exactly as a pool line is read (with the same
/// leniency: numeric ids, levels and years as text, skills by name alone,
/// Windows-1252 when not UTF-8), so a line copied out of a pool explains
/// as it scored. A byte order mark (UTF-8 or UTF-16) is honoured.
pub fn read_candidate(bytes: &[u8]) -> Result<crate::scoring::Candidate, RecordError> {
    let text = crate::encoding::decode(bytes);
    serde_record(text.as_bytes())
        .map(record::Record::into_candidate)
        .map_err(RecordError)
}

/// Reads a record with serde (the general path behind the fast reader).
/// Anything but a JSON object is refused up front: serde would read an
/// array positionally as a record, and explain other values obscurely.
fn serde_record(json: &[u8]) -> Result<record::Record<'_>, String> {
    // NUL is never in JSON text (a string escapes it): a crash or a disk
    // error leaves runs of them, and a UTF-16 line is half of them.
    let nul = || {
        json.contains(&0).then_some(
            ": the line holds NUL bytes, which no JSON text does (a damaged file, or UTF-16)",
        )
    };
    match json.trim_ascii_start().first() {
        Some(b'{') => {}
        // "[{...}, {...}]": several records, or none, on one line.
        Some(b'[') => return Err(
            "a JSON array, not one record: write each record on a line of its own (`jq -c '.[]'`)"
                .to_string(),
        ),
        _ => {
            return Err(format!(
                "not a JSON object: each line is one candidate record, {{\"id\": ...}}{}",
                nul().unwrap_or("")
            ))
        }
    }
    serde_json::from_slice(json).map_err(|error| json_error(error) + nul().unwrap_or(""))
}

/// Scores every candidate of `input` and writes one JSON line per candidate
/// to `output`, in input order.
///
/// The calling thread reads; call it from outside any rayon pool (a caller
/// blocking a pool's only worker would leave no thread to score).
pub fn run(
    engine: Arc<Engine>,
    input: impl Read,
    output: impl Write + Send,
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<BatchSummary, BatchError> {
    run_pipeline(engine, output, options, progress, None, |emit| {
        let mut reader = input_reader(input, options);
        if input_start(&mut reader)?.starts_with(GZIP_MAGIC) {
            let gunzip = Gunzip(flate2::bufread::MultiGzDecoder::new(reader));
            let mut reader = input_reader(gunzip, options);
            check_input_start(&mut reader)?;
            return read_chunks(reader, options, emit);
        }
        check_input_start(&mut reader)?;
        read_chunks(reader, options, emit)
    })
}

/// The first bytes of a gzip stream (`.gz` files, `Content-Encoding: gzip`).
pub const GZIP_MAGIC: &[u8] = b"\x1F\x8B";

/// Whether `file` starts as a gzip stream (it is read as one, decompressed
/// on the fly); the file's read position is left at its start.
pub fn is_gzip(file: &File) -> io::Result<bool> {
    let mut magic = [0u8; 2];
    let mut reader = file;
    reader.seek(io::SeekFrom::Start(0))?;
    let read = reader.read(&mut magic)?;
    reader.seek(io::SeekFrom::Start(0))?;
    Ok(magic[..read] == *GZIP_MAGIC)
}

/// A decompressed gzip stream whose errors say where they come from
/// ("corrupt deflate stream" alone would puzzle).
struct Gunzip<R: BufRead>(flate2::bufread::MultiGzDecoder<R>);

impl<R: BufRead> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                e
            } else {
                io::Error::new(
                    e.kind(),
                    format!("the gzip-compressed input is damaged: {e}"),
                )
            }
        })
    }
}

/// [`run`] on a file, from its start. A regular file is mapped into memory
/// and scored in place, without copying it through a reading thread;
/// anything else (a pipe, a device, an empty file) is read as a stream, and
/// so is a gzip-compressed file, decompressed on the fly.
///
/// Another program must not shorten the file while it is being scored (as
/// with any memory-mapped reader, the process would be stopped by a bus
/// error); where that can happen, use [`run`].
pub fn run_file(
    engine: Arc<Engine>,
    file: &File,
    output: impl Write + Send,
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<BatchSummary, BatchError> {
    let regular = file.metadata().is_ok_and(|m| m.is_file() && m.len() > 0);
    // SAFETY: the mapping is only read, and the caller keeps the file as
    // it is while it is read (documented above).
    let map = regular.then(|| unsafe { memmap2::Mmap::map(file) }.ok());
    let Some(map) = map.flatten() else {
        return run(engine, file, output, options, progress);
    };
    if map.starts_with(GZIP_MAGIC) {
        // Decompressed as a stream (from the file: the pages of a mapping
        // would stay resident).
        drop(map);
        let mut file = file;
        file.seek(io::SeekFrom::Start(0))?;
        return run(engine, file, output, options, progress);
    }
    let map = Arc::new(map);
    // Read-ahead in larger steps: the file is read once, front to back.
    let _ = map.advise(memmap2::Advice::Sequential);
    run_pipeline(engine, output, options, progress, Some(&map), |emit| {
        let mut start: &[u8] = &map;
        check_input_start(&mut start)?;
        map_chunks(&map, map.len() - start.len(), options, emit);
        Ok(())
    })
}

/// The pipeline of [`run`] and [`run_file`]: `read` cuts the input into
/// chunks and hands each to `emit`, which returns false when the run stops.
fn run_pipeline(
    engine: Arc<Engine>,
    output: impl Write + Send,
    options: &BatchOptions,
    progress: &dyn Progress,
    mapped: Option<&memmap2::Mmap>,
    read: impl FnOnce(&mut dyn FnMut(Chunk) -> bool) -> Result<(), BatchError>,
) -> Result<BatchSummary, BatchError> {
    let filter = if options.role_ids.is_empty() {
        None
    } else {
        Some(
            engine
                .role_indices(&options.role_ids)
                .map_err(BatchError::UnknownRole)?,
        )
    };
    let own_pool = match options.threads {
        Some(threads) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build()
                .map_err(|e| BatchError::Io(io::Error::other(e)))?,
        ),
        None => None,
    };
    let prefixes = Arc::new(role_prefixes(&engine));
    let filter = Arc::new(filter);
    let (done_tx, done_rx) = mpsc::sync_channel::<ChunkResult>(options.chunks_in_flight);
    // Permits bound the chunks alive between reading and writing.
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(options.chunks_in_flight);
    for _ in 0..options.chunks_in_flight {
        let _ = permit_tx.send(());
    }
    std::thread::scope(|scope| {
        let writer =
            scope.spawn(|| write_in_order(done_rx, output, permit_tx, options, progress, mapped));
        let read_result = read(&mut |chunk| {
            if permit_rx.recv().is_err() {
                // The writer stopped (an error or --strict); stop reading.
                return false;
            }
            let engine = engine.clone();
            let prefixes = prefixes.clone();
            let filter = filter.clone();
            let done = done_tx.clone();
            let options = options.clone();
            let job = move || {
                let result = score_chunk(&engine, &prefixes, filter.as_deref(), chunk, &options);
                let _ = done.send(result);
            };
            match &own_pool {
                Some(pool) => pool.spawn_fifo(job),
                None => rayon::spawn_fifo(job),
            }
            true
        });
        drop(done_tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(BatchError::Io(io::Error::other("writer thread panicked"))));
        let summary = written?;
        read_result?;
        Ok(summary)
    })
}

/// Cuts a mapped file, from `start` on, into chunks of whole lines of about
/// `chunk_bytes` each. A line over the length limit becomes the marker
/// line, so the worker reports it, and is skipped without being held in
/// memory (a multi-gigabyte line would otherwise map in whole).
fn map_chunks(
    map: &Arc<memmap2::Mmap>,
    start: usize,
    options: &BatchOptions,
    mut emit: impl FnMut(Chunk) -> bool,
) {
    let bytes: &[u8] = map;
    let mapped = |range: Range<usize>| Chunk {
        seq: 0,
        mapped_end: Some(range.end),
        input_bytes: range.len() as u64,
        bytes: ChunkBytes::Mapped {
            map: map.clone(),
            range,
        },
    };
    let mut seq = 0u64;
    let mut send = |mut chunk: Chunk| {
        chunk.seq = seq;
        seq += 1;
        emit(chunk)
    };
    let mut at = start;
    while at < bytes.len() {
        let from = at
            .saturating_add(options.chunk_bytes.max(1) - 1)
            .min(bytes.len());
        // A line goes on past `from` by at most the limit.
        let window = from
            .saturating_add(options.max_line_bytes.saturating_add(1))
            .min(bytes.len());
        if let Some(newline) = memchr::memchr(b'\n', &bytes[from..window]) {
            let end = from + newline + 1;
            if !send(mapped(at..end)) {
                return;
            }
            at = end;
            continue;
        }
        if window == bytes.len() {
            send(mapped(at..bytes.len()));
            return;
        }
        // The line around `from` is too long: the lines before it, then
        // the marker in its place.
        let line_start = memchr::memrchr(b'\n', &bytes[at..from]).map_or(at, |i| at + i + 1);
        if line_start > at && !send(mapped(at..line_start)) {
            return;
        }
        let line_end = skip_line(map, window);
        let mut marker = TOO_LONG_MARKER.to_vec();
        marker.push(b'\n');
        let skipped = Chunk {
            seq: 0,
            bytes: ChunkBytes::Owned(marker),
            mapped_end: Some(line_end),
            input_bytes: (line_end - line_start) as u64,
        };
        if !send(skipped) {
            return;
        }
        at = line_end;
    }
}

/// The end (past its newline) of a line known to go on past `from`,
/// releasing its pages as they are read: they belong to no chunk.
fn skip_line(map: &memmap2::Mmap, from: usize) -> usize {
    const STEP: usize = 16 * RELEASE_STEP;
    let bytes: &[u8] = map;
    // Pages from here on hold only this line's bytes.
    let mut released = from.div_ceil(RELEASE_STEP) * RELEASE_STEP;
    let mut at = from;
    while at < bytes.len() {
        let end = at.saturating_add(STEP).min(bytes.len());
        if let Some(newline) = memchr::memchr(b'\n', &bytes[at..end]) {
            return at + newline + 1;
        }
        at = end;
        release_pages(map, &mut released, at);
    }
    bytes.len()
}

/// The input, buffered for [`read_chunks`]: a buffer of at least a chunk,
/// so most chunks are copied out of it in one go.
fn input_reader<R: Read>(input: R, options: &BatchOptions) -> io::BufReader<R> {
    io::BufReader::with_capacity(options.chunk_bytes.max(64 * 1024), input)
}

/// Splits the input into line-aligned chunks of about `chunk_bytes`; a line
/// over `max_line_bytes` is cut short so the worker reports it. When the
/// input fails part way (a damaged gzip stream), the whole lines read
/// before the failure are still scored, and the error says where it was.
fn read_chunks(
    mut reader: io::BufReader<impl Read>,
    options: &BatchOptions,
    mut emit: impl FnMut(Chunk) -> bool,
) -> Result<(), BatchError> {
    let mut seq = 0u64;
    let mut lines_read = 0u64;
    // In the middle of a line over the limit, already reported.
    let mut skipping = false;
    loop {
        let mut bytes = Vec::with_capacity(options.chunk_bytes + 4096);
        let mut consumed = 0u64;
        let filled = if skipping {
            skip_line_rest(
                &mut reader,
                &mut consumed,
                options.chunk_bytes,
                &mut skipping,
            )
        } else {
            fill_chunk(
                &mut reader,
                &mut bytes,
                &mut consumed,
                options,
                &mut skipping,
            )
        };
        if filled.is_err() {
            // The line being read when the input failed is cut short.
            let whole = bytes
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |at| at + 1);
            bytes.truncate(whole);
        }
        lines_read += memchr::memchr_iter(b'\n', &bytes).count() as u64;
        let mut more = consumed > 0;
        // A chunk of nothing but skipped bytes still goes out: it moves the
        // progress on, and the answer tells whether the run still wants
        // input (an endless line under --strict ends at its first chunk).
        if !bytes.is_empty() || consumed > 0 {
            more &= emit(Chunk {
                seq,
                bytes: ChunkBytes::Owned(bytes),
                mapped_end: None,
                input_bytes: consumed,
            });
            seq += 1;
        }
        if let Err(error) = filled {
            return Err(BatchError::Io(io::Error::new(
                error.kind(),
                format!("{error} (after line {lines_read}; the lines before it were scored)"),
            )));
        }
        if !more {
            return Ok(());
        }
    }
}

/// Reads whole lines into `bytes` until it holds about `chunk_bytes`, the
/// input ends, or nothing more is buffered; counts the input bytes taken.
fn fill_chunk(
    reader: &mut io::BufReader<impl Read>,
    bytes: &mut Vec<u8>,
    consumed: &mut u64,
    options: &BatchOptions,
    skipping: &mut bool,
) -> io::Result<()> {
    while bytes.len() < options.chunk_bytes {
        // Nothing more buffered: hand over what there is rather than
        // wait for more, which on a pipe fed one record at a time would
        // hold that record's answer until the end of the input.
        if reader.buffer().is_empty() && !bytes.is_empty() {
            break;
        }
        // Fast path: copy every complete, short-enough line already
        // buffered in one go (the reader runs beside the scoring
        // threads, so its per-line cost is theirs too).
        let room = options.chunk_bytes - bytes.len();
        let buffered = match reader.fill_buf() {
            Ok(buffered) => buffered,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => &[][..],
            Err(e) => return Err(e),
        };
        let take = complete_lines(buffered, room, options.max_line_bytes);
        if take > 0 {
            bytes.extend_from_slice(&reader.buffer()[..take]);
            reader.consume(take);
            *consumed += take as u64;
            continue;
        }
        let before = bytes.len();
        let read = read_line_capped(reader, bytes, options.max_line_bytes, skipping)?;
        *consumed += read as u64;
        // A line over the limit goes out (as its marker) at once, its rest
        // skipped after: an endless one (/dev/zero) is reported, not read
        // in silence forever.
        if read == 0 || bytes.len() == before || *skipping {
            break;
        }
    }
    Ok(())
}

/// The buffered bytes up to the next newline (included): their length,
/// and whether a newline ends them; `None` at the end of the input.
fn buffered_line_piece(reader: &mut impl BufRead) -> io::Result<Option<(usize, bool)>> {
    loop {
        return match reader.fill_buf() {
            Ok([]) => Ok(None),
            Ok(available) => Ok(Some(match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            })),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
    }
}

/// Skips the rest of a line over the limit, up to about `most` bytes a
/// call; `skipping` turns false at its end.
fn skip_line_rest(
    reader: &mut impl BufRead,
    consumed: &mut u64,
    most: usize,
    skipping: &mut bool,
) -> io::Result<()> {
    let mut skipped = 0usize;
    while skipped < most.max(1) {
        let Some((take, done)) = buffered_line_piece(reader)? else {
            *skipping = false;
            break;
        };
        reader.consume(take);
        skipped += take;
        if done {
            *skipping = false;
            break;
        }
    }
    *consumed += skipped as u64;
    Ok(())
}

/// Skips a UTF-8 byte order mark at the start of the input (editors and
/// Windows tools write one; JSON parsers reject it), and refuses input that
/// would otherwise fail line by line with puzzling messages: UTF-16, a JSON
/// array of records, records pretty-printed over several lines.
fn check_input_start(reader: &mut impl BufRead) -> Result<(), BatchError> {
    let start = input_start(reader)?;
    if crate::encoding::utf16_bom(start).is_some() {
        return Err(BatchError::Utf16Input);
    }
    if let Some((format, unpack)) = compression(start) {
        return Err(BatchError::Compressed(format, unpack));
    }
    let bom = if start.starts_with(crate::encoding::UTF8_BOM) {
        crate::encoding::UTF8_BOM.len()
    } else {
        0
    };
    if let Some(shape) = json_document_shape(&start[bom..]) {
        return Err(shape);
    }
    reader.consume(bom);
    Ok(())
}

/// The first buffered bytes of the input. (A mark split over the first
/// reads is not worth handling: a reader hands over more than a few bytes
/// at once in practice, and a missed byte order mark only costs the first
/// line.)
fn input_start(reader: &mut impl BufRead) -> Result<&[u8], BatchError> {
    loop {
        match reader.fill_buf() {
            // The buffer is returned by a second call (it returns what the
            // first one buffered): borrowck refuses a return from the loop.
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(reader.fill_buf()?)
}

/// A compressed format other than gzip the input starts with, and the
/// command that unpacks it. (No JSON Lines input starts with these bytes.)
fn compression(start: &[u8]) -> Option<(&'static str, &'static str)> {
    const FORMATS: [(&[u8], &str, &str); 4] = [
        (
            b"\x28\xB5\x2F\xFD",
            "zstd-compressed",
            "zstd -dc pool.jsonl.zst",
        ),
        (b"BZh", "bzip2-compressed", "bzip2 -dc pool.jsonl.bz2"),
        (b"\xFD7zXZ\x00", "xz-compressed", "xz -dc pool.jsonl.xz"),
        (b"PK\x03\x04", "a zip archive", "unzip -p pool.zip"),
    ];
    FORMATS
        .iter()
        .find(|(magic, _, _)| start.starts_with(magic))
        .map(|&(_, format, unpack)| (format, unpack))
}

/// A line trimmed of spaces and of a byte order mark, which may start any
/// line (`cat a.jsonl b.jsonl`).
fn without_byte_order_mark(line: &[u8]) -> &[u8] {
    let line = line.trim_ascii();
    line.strip_prefix(b"\xEF\xBB\xBF")
        .map_or(line, <[u8]>::trim_ascii)
}

/// What the start of the input says if it is one JSON document rather than
/// JSON Lines: `[` followed by a record or a line break (an array of
/// records), or a line that is only `{` (a pretty-printed record). No line
/// of JSON Lines can start either way and hold a record, so nothing
/// scorable is refused.
fn json_document_shape(start: &[u8]) -> Option<BatchError> {
    let first_line = start
        .split(|&b| b == b'\n')
        .map(without_byte_order_mark)
        .find(|line| !line.is_empty())?;
    if first_line == b"{" {
        return Some(BatchError::NotJsonLines(
            "records spread over several lines",
            ".",
        ));
    }
    let after_bracket = first_line.strip_prefix(b"[")?.trim_ascii_start();
    (after_bracket.is_empty() || after_bracket.starts_with(b"{"))
        .then_some(BatchError::NotJsonLines("a JSON array", ".[]"))
}

/// The bytes of the complete lines (each within `cap` bytes) at the start
/// of `buffered`, stopping once `room` bytes are covered.
fn complete_lines(buffered: &[u8], room: usize, cap: usize) -> usize {
    let mut take = 0;
    for newline in memchr::memchr_iter(b'\n', buffered) {
        if newline - take > cap {
            break;
        }
        take = newline + 1;
        if take >= room {
            break;
        }
    }
    take
}

/// Appends one line (with its `\n`) to `into`; a longer line than `cap` is
/// replaced by a marker line the worker reports, and `skipping` set: the
/// rest of it is left for [`skip_line_rest`]. Returns the input bytes
/// consumed (0 at end of input).
fn read_line_capped(
    reader: &mut impl BufRead,
    into: &mut Vec<u8>,
    cap: usize,
    skipping: &mut bool,
) -> io::Result<usize> {
    let start = into.len();
    let mut consumed = 0usize;
    let mut too_long = false;
    while !too_long {
        let Some((take, done)) = buffered_line_piece(reader)? else {
            break;
        };
        // The line's own bytes, without its newline, count against the cap.
        if into.len() - start + take - usize::from(done) > cap {
            // What was read of it is dropped, the rest skipped later.
            too_long = true;
            into.truncate(start);
            *skipping = !done;
        } else {
            // Buffered already: no read.
            into.extend_from_slice(&reader.fill_buf()?[..take]);
        }
        reader.consume(take);
        consumed += take;
        if done {
            break;
        }
    }
    // A last line without its line break stays without: the chunk then
    // shows that the input ended mid-line (see `score_chunk`).
    if too_long {
        into.extend_from_slice(TOO_LONG_MARKER);
        into.push(b'\n');
    }
    Ok(consumed)
}

/// Stands in for a line over the length limit (not valid JSON, never
/// produced by real input since it starts with a NUL byte).
const TOO_LONG_MARKER: &[u8] = b"\0line-too-long";

fn role_prefixes(engine: &Engine) -> Vec<String> {
    engine
        .catalog()
        .roles()
        .iter()
        .map(|role| {
            let mut s = String::from("{\"role_id\":");
            s.push_str(&json_string(&role.role_id));
            s.push_str(",\"title\":");
            s.push_str(&json_string(&role.title));
            s.push_str(",\"specialty\":");
            s.push_str(&json_string(&role.specialty));
            s.push_str(",\"score\":");
            s
        })
        .collect()
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn score_chunk(
    engine: &Engine,
    prefixes: &[String],
    filter: Option<&[u32]>,
    chunk: Chunk,
    options: &BatchOptions,
) -> ChunkResult {
    let mut result = ChunkResult {
        seq: chunk.seq,
        input_bytes: chunk.input_bytes,
        mapped_end: chunk.mapped_end,
        // About as much out as in for typical pools: one allocation, no
        // regrowth copies.
        output: Vec::with_capacity(chunk.bytes.len()),
        ..ChunkResult::default()
    };
    // Each line's roles, in one buffer for the chunk.
    let mut hits = Vec::new();
    for line in lines(&chunk.bytes) {
        result.lines += 1;
        let outcome = if line.len() > options.max_line_bytes || line == TOO_LONG_MARKER {
            // (Streamed lines come cut short to the marker; mapped ones whole.)
            Err(format!(
                "line is longer than {} bytes (the limit is --max-line-bytes)",
                options.max_line_bytes
            ))
        } else {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            score_line(
                engine,
                prefixes,
                filter,
                line,
                options,
                &mut hits,
                &mut result,
            )
        };
        match outcome {
            Ok(()) => result.scored += 1,
            Err(mut message) => {
                // Chunks end at line breaks, but for the input's last line.
                let unterminated = !chunk.bytes.ends_with(b"\n")
                    && line.as_ptr_range().end == chunk.bytes.as_ptr_range().end;
                if unterminated && message.contains("EOF while parsing") {
                    message
                        .push_str(" (the last line has no line break: the file may be cut short)");
                }
                result.error_at.push(result.output.len());
                result.errors.push(LineError {
                    line: result.lines,
                    message,
                });
            }
        }
    }
    result
}

/// The lines of a chunk without their `\n` (found with a vectorised scan:
/// lines are long, so a byte-by-byte split shows in profiles).
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match memchr::memchr(b'\n', rest) {
            Some(end) => (&rest[..end], &rest[end + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        Some(line)
    })
}

fn score_line(
    engine: &Engine,
    prefixes: &[String],
    filter: Option<&[u32]>,
    line: &[u8],
    options: &BatchOptions,
    hits: &mut Vec<RoleHit>,
    result: &mut ChunkResult,
) -> Result<(), String> {
    // Pools joined with `cat` carry each file's byte order mark onto the
    // line that starts it.
    let line = line.strip_prefix(crate::encoding::UTF8_BOM).unwrap_or(line);
    let decoded;
    let record: record::Record<'_> = match fast::parse(line) {
        Some(record) => record,
        None => match serde_record(line) {
            Ok(record) => record,
            Err(message) if std::str::from_utf8(line).is_ok() => {
                return Err(naming_the_candidate(line, message))
            }
            Err(_) => {
                // Not UTF-8: a legacy export ("Jos\xE9") or UTF-8 with a
                // broken byte; read it rather than drop the candidate.
                result.not_utf8_lines.push(result.lines);
                decoded = crate::encoding::not_utf8(line);
                serde_record(decoded.as_bytes())
                    .map_err(|message| naming_the_candidate(decoded.as_bytes(), message))?
            }
        },
    };
    let (id, profile) = record.into_profile();
    validate_profile(&id, &profile, &options.limits).map_err(|e| {
        if id.trim().is_empty() {
            e.to_string()
        } else {
            format!("candidate {:?}: {e}", cut_id(&id))
        }
    })?;
    if profile.skills.is_empty()
        && profile.resume_text.is_empty()
        && profile.years_experience.is_none()
        && profile.management_years.is_none()
    {
        result.empty_profiles += 1;
    }
    let counts = &mut result.unresolved;
    engine.top_roles(
        &profile,
        filter,
        options.top_k,
        |name| match counts.get_mut(name) {
            Some(count) => *count += 1,
            None => {
                counts.insert(name.to_string(), 1);
            }
        },
        hits,
    );
    let out = &mut result.output;
    out.extend_from_slice(b"{\"id\":");
    write_json_string(out, &id)?;
    out.extend_from_slice(b",\"top\":[");
    let mut buffer = ryu::Buffer::new();
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(prefixes[hit.role as usize].as_bytes());
        write_score(out, hit.score, &mut buffer);
        out.extend_from_slice(if hit.meets_requirements {
            b",\"meets_requirements\":true}"
        } else {
            b",\"meets_requirements\":false}"
        });
    }
    out.extend_from_slice(b"]}\n");
    Ok(())
}

/// `message` about a line that could not be read, naming the candidate
/// when the line is JSON with an id (a skipped candidate can then be found
/// in the export without counting lines).
fn naming_the_candidate(line: &[u8], message: String) -> String {
    match record::id_of(line) {
        Some(id) => format!("candidate {:?}: {message}", cut_id(&id)),
        None => message,
    }
}

/// An id as quoted in a message: at most 100 characters.
fn cut_id(id: &str) -> &str {
    crate::report::first_chars(id, 100)
}

/// Writes `text` as a JSON string: as it is between quotes when nothing in
/// it needs escaping (ids such as "c-000001" never do), else by serde_json.
fn write_json_string(out: &mut Vec<u8>, text: &str) -> Result<(), String> {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return Ok(());
    }
    serde_json::to_writer(&mut *out, text).map_err(|e| e.to_string())
}

/// Writes `score` rounded to 6 decimals, exactly as `ryu` prints the
/// rounded value (the shortest text that reads back as it), without
/// `ryu`'s general algorithm for the usual case: a score in [0, 1] with
/// 6 decimals is its own shortest text, trailing zeros trimmed.
fn write_score(out: &mut Vec<u8>, score: f64, buffer: &mut ryu::Buffer) {
    let micros = (score * 1e6).round();
    // Below 1e-5 ryu switches to exponent notation ("1e-6"); let it.
    if !(10.0..1e6).contains(&micros) {
        out.extend_from_slice(buffer.format(micros / 1e6).as_bytes());
        return;
    }
    let mut digits = *b"0.000000";
    let mut rest = micros as u32;
    for at in (2..8).rev() {
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let len = digits
        .iter()
        .rposition(|&b| b != b'0')
        .map_or(3, |at| at + 1);
    out.extend_from_slice(&digits[..len]);
}

/// A JSON error in one line. serde_json says "at line 1 column N" (it parses
/// one line at a time), which would contradict the input line number the
/// error is reported under, so only the column is kept.
/// A string escape of half a UTF-16 surrogate pair (`"\ud83d"` alone) is
/// told as such: serde_json's "unexpected end of hex escape" or "lone
/// leading surrogate in hex escape" did not say what to fix.
fn json_error(error: serde_json::Error) -> String {
    let message = error.to_string();
    let mut told = match message.rfind(" at line ") {
        Some(at) if error.line() > 0 => format!("{} at column {}", &message[..at], error.column()),
        _ => message,
    };
    if told.contains("surrogate") || told.contains("unexpected end of hex escape") {
        told.push_str(
            " (a \\uD800-\\uDFFF escape without its other half: the program that wrote \
             the line cut a string inside a character such as an emoji)",
        );
    }
    told
}

/// See [`write_in_order`].
const OUTPUT_BUFFER_BYTES: usize = 64 * 1024;

fn write_in_order(
    results: mpsc::Receiver<ChunkResult>,
    output: impl Write,
    permits: mpsc::SyncSender<()>,
    options: &BatchOptions,
    progress: &dyn Progress,
    mapped: Option<&memmap2::Mmap>,
) -> Result<BatchSummary, BatchError> {
    // Smaller than a chunk's output, so that BufWriter hands each chunk's
    // output to the writer directly instead of copying it (half a gigabyte
    // for a million candidates); it only gathers the small outputs of
    // chunks cut short.
    let mut output = io::BufWriter::with_capacity(OUTPUT_BUFFER_BYTES, output);
    let mut pending: BTreeMap<u64, ChunkResult> = BTreeMap::new();
    let mut next = 0u64;
    let mut lines_before = 0u64;
    let mut released = 0usize;
    let mut summary = BatchSummary::default();
    let mut unresolved = NameCounts::default();
    loop {
        let result = match results.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => {
                // Every answer so far goes out before waiting for more: a
                // reader of the output may be waiting for them.
                output.flush()?;
                match results.recv() {
                    Ok(result) => result,
                    Err(mpsc::RecvError) => break,
                }
            }
            Err(mpsc::TryRecvError::Disconnected) => break,
        };
        pending.insert(result.seq, result);
        while let Some(mut result) = pending.remove(&next) {
            next += 1;
            for error in &mut result.errors {
                error.line += lines_before;
            }
            summary.not_utf8 += result.not_utf8_lines.len() as u64;
            summary.empty_profiles += result.empty_profiles;
            for line in &result.not_utf8_lines {
                if summary.not_utf8_lines.len() < NOT_UTF8_LINES_NAMED {
                    summary.not_utf8_lines.push(line + lines_before);
                }
            }
            lines_before += result.lines;
            if options.strict {
                if let (Some(first), Some(&before)) =
                    (result.errors.first(), result.error_at.first())
                {
                    // Everything before the bad line is written, nothing after.
                    output.write_all(&result.output[..before])?;
                    if options.error_lines {
                        write_error_line(&mut output, first)?;
                    }
                    output.flush()?;
                    return Err(BatchError::Malformed(first.clone()));
                }
            }
            if options.error_lines && !result.errors.is_empty() {
                let mut written = 0;
                for (error, &at) in result.errors.iter().zip(&result.error_at) {
                    output.write_all(&result.output[written..at])?;
                    write_error_line(&mut output, error)?;
                    written = at;
                }
                output.write_all(&result.output[written..])?;
            } else {
                output.write_all(&result.output)?;
            }
            if let (Some(map), Some(end)) = (mapped, result.mapped_end) {
                release_pages(map, &mut released, end);
            }
            summary.scored += result.scored;
            summary.skipped += result.errors.len() as u64;
            for error in result.errors {
                if summary.errors.len() < options.max_reported_errors {
                    progress.skipped(&error);
                    summary.errors.push(error);
                }
            }
            for (name, count) in result.unresolved {
                let tracked = unresolved.len() < options.max_tracked_unresolved;
                match unresolved.get_mut(&name) {
                    Some(c) => *c += count,
                    None if tracked => {
                        unresolved.insert(name, count);
                    }
                    None => summary.unresolved_untracked += count,
                }
            }
            progress.advance(result.input_bytes, result.scored);
            let _ = permits.send(());
        }
    }
    output.flush()?;
    let mut names: Vec<(String, u64)> = unresolved.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    summary.unresolved = names;
    Ok(summary)
}

/// A malformed line's place in the output ([`BatchOptions::error_lines`]):
/// `{"line":N,"error":"..."}`.
fn write_error_line(output: &mut impl Write, error: &LineError) -> io::Result<()> {
    let message = serde_json::to_string(&error.message).map_err(io::Error::other)?;
    writeln!(output, "{{\"line\":{},\"error\":{message}}}", error.line)
}

/// Pages are handed back in steps of this many bytes (a multiple of every
/// usual page size), so a step never takes a page a later chunk still reads.
const RELEASE_STEP: usize = 64 * 1024;

/// Pages are handed back once this many bytes are due: each release
/// interrupts the other cores (their address translations are flushed).
const RELEASE_BATCH: usize = 4 << 20;

/// Hands the pages of a mapped file below `end` (the end of the chunk just
/// written) back to the system: read pages of a mapping count as the
/// process's memory until then, which would grow with the pool.
fn release_pages(map: &memmap2::Mmap, released: &mut usize, end: usize) {
    let end = if end == map.len() {
        end
    } else {
        end / RELEASE_STEP * RELEASE_STEP
    };
    if end <= *released || (end - *released < RELEASE_BATCH && end < map.len()) {
        return;
    }
    #[cfg(unix)]
    // SAFETY: no live chunk reads the range: the writer passes the end of
    // the chunk it just wrote (chunks are written in order, and each is
    // dropped before its result is sent), `skip_line` pages of a line no
    // chunk holds. The mapping is read-only: its pages hold nothing but the
    // file, and would read back the same bytes if touched again.
    let _ = unsafe {
        map.unchecked_advise_range(
            memmap2::UncheckedAdvice::DontNeed,
            *released,
            end - *released,
        )
    };
    *released = end;
}

/// Formats a run's summary for a person.
pub fn describe(summary: &BatchSummary, elapsed: Duration, top_unresolved: usize) -> String {
    let secs = elapsed.as_secs_f64().max(1e-9);
    let mut text = format!(
        "scored {} in {:.2}s ({:.0} candidates/s); skipped {} malformed line(s)",
        crate::report::counted(summary.scored as f64, "candidate", "candidates"),
        secs,
        summary.scored as f64 / secs,
        summary.skipped
    );
    if summary.empty_profiles > 0 {
        text.push_str(&format!(
            "; {} candidate(s) had no skills, years or resume text (the fields read are \
             skills, years_experience, management_years and resume_text)",
            summary.empty_profiles
        ));
    }
    if summary.not_utf8 > 0 {
        let lines: Vec<String> = summary.not_utf8_lines.iter().map(u64::to_string).collect();
        let more = if summary.not_utf8 > lines.len() as u64 {
            ", ..."
        } else {
            ""
        };
        text.push_str(&format!(
            "; {} line(s) were not valid UTF-8 (line {}{more}): read as Windows-1252, or \
             as UTF-8 with U+FFFD for the broken bytes where they hold UTF-8 characters",
            summary.not_utf8,
            lines.join(", ")
        ));
    }
    if !summary.unresolved.is_empty() {
        let shown: Vec<String> = summary
            .unresolved
            .iter()
            .take(top_unresolved)
            .map(|(name, n)| format!("{name:?} x{n}"))
            .collect();
        // "14 distinct" over ten names must say the ten are the first.
        let which = if summary.unresolved.len() > shown.len() {
            format!("the {} most frequent", shown.len())
        } else {
            "most frequent first".to_string()
        };
        text.push_str(&format!(
            "\nunresolved skill names ({} distinct, {which}): {}",
            summary.unresolved.len(),
            shown.join(", ")
        ));
    }
    text
}

#[cfg(test)]
mod tests;
