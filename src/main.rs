//! The `rolefit` command line: serve the gRPC API, list roles, score pools,
//! explain a score. Argument parsing and I/O only; the work is in the library.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use rolefit::batch::output::{check_output_is_not_input, OutputFile};
use rolefit::batch::{self, BatchError, BatchOptions};
use rolefit::report;
use rolefit::scoring::{Engine, Limits, ScoreOptions};
use rolefit::setup::CatalogSource;

#[derive(Parser)]
#[command(
    name = "rolefit",
    version,
    about = "How well does a candidate fit every role, and why?"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the rolefit.v1 gRPC API (health, reflection, grpc-web too).
    Serve(rolefit::service::ServeArgs),
    /// List the compiled roles, or show one role's skill vector.
    Roles(RolesArgs),
    /// Score an applicant pool (JSON Lines) against every role.
    Score(ScoreArgs),
    /// Explain one candidate's score for one role, for a person.
    Explain(ExplainArgs),
}

#[derive(Args)]
struct RolesArgs {
    /// Show this role in full (e.g. staff-backend-engineer/gitaly).
    role_id: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    catalog: CatalogSource,
}

#[derive(Args)]
struct ScoreArgs {
    /// The pool: one candidate JSON object per line ("-" for stdin).
    #[arg(long, short)]
    input: PathBuf,
    /// Where to write one JSON line per candidate ("-" for stdout); a
    /// name ending in .gz is written gzip-compressed.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,
    /// Roles per candidate (0 = all).
    #[arg(long, default_value_t = 3)]
    top: usize,
    /// Only score these roles (comma-separated role ids).
    #[arg(long, value_delimiter = ',')]
    roles: Vec<String>,
    /// Stop at the first malformed line (exit code 3) instead of skipping it.
    #[arg(long)]
    strict: bool,
    /// Write {"line":N,"error":"..."} in place of each malformed line, so
    /// that every record gets an output line (for programs that feed one
    /// record and wait for its answer, or join the output to the input).
    #[arg(long)]
    error_lines: bool,
    /// Malformed lines named on stderr, each with its number and reason;
    /// the rest are counted.
    #[arg(long, default_value_t = 20)]
    max_reported_errors: usize,
    /// Most malformed lines a run may skip and still succeed: a count
    /// ("10") or a share of the lines read ("0.5%"). Past it the run still
    /// writes every line it scored, then exits with code 4.
    #[arg(long, value_name = "N|P%", value_parser = skip_allowance)]
    max_skipped: Option<SkipAllowance>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
    /// Longest accepted input line, in bytes.
    #[arg(long, default_value_t = 1 << 20, value_parser = at_least_one)]
    max_line_bytes: usize,
    /// Most skills one candidate may list (more: the line is skipped).
    #[arg(long, env = "ROLEFIT_MAX_SKILLS", default_value_t = Limits::default().max_skills)]
    max_skills: usize,
    /// Longest resume_text, in bytes (longer: the line is skipped).
    #[arg(long, env = "ROLEFIT_MAX_RESUME_BYTES", default_value_t = Limits::default().max_resume_bytes)]
    max_resume_bytes: usize,
    /// Longest skill name, in bytes (longer: the line is skipped).
    #[arg(long, env = "ROLEFIT_MAX_SKILL_NAME_BYTES", default_value_t = Limits::default().max_skill_name_bytes)]
    max_skill_name_bytes: usize,
    /// Most bytes of skill names per candidate, in all (more: the line is
    /// skipped).
    #[arg(long, env = "ROLEFIT_MAX_SKILL_NAMES_BYTES", default_value_t = Limits::default().max_skill_names_bytes)]
    max_skill_names_bytes: usize,
    /// Scoring threads, 1-1024 (default: all cores).
    #[arg(long, value_parser = thread_count)]
    threads: Option<usize>,
    /// Read the input file as a stream instead of mapping it into memory
    /// (for a file another program may shorten while it is scored).
    #[arg(long)]
    no_mmap: bool,
    #[command(flatten)]
    catalog: CatalogSource,
}

#[derive(Args)]
struct ExplainArgs {
    /// The candidate: a JSON file in the pool's record format ("-" for stdin).
    #[arg(long)]
    candidate: PathBuf,
    /// The role to explain (default: the candidate's best role).
    #[arg(long)]
    role: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    catalog: CatalogSource,
}

/// Exit code when `--strict` met a malformed line.
const EXIT_MALFORMED: u8 = 3;
/// Exit code for arguments that cannot work together (as clap's own).
const EXIT_USAGE: u8 = 2;
/// Exit code when a run skipped more malformed lines than `--max-skipped`.
const EXIT_TOO_MANY_SKIPPED: u8 = 4;

/// How many malformed lines `--max-skipped` lets a run skip.
#[derive(Clone, Copy, Debug)]
enum SkipAllowance {
    Lines(u64),
    /// A percentage of the lines read (scored or skipped).
    Percent(f64),
}

impl SkipAllowance {
    fn allows(self, skipped: u64, read: u64) -> bool {
        match self {
            SkipAllowance::Lines(most) => skipped <= most,
            SkipAllowance::Percent(most) => skipped as f64 <= read as f64 * most / 100.0,
        }
    }
}

impl std::fmt::Display for SkipAllowance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipAllowance::Lines(most) => write!(f, "{most}"),
            SkipAllowance::Percent(most) => write!(f, "{most}%"),
        }
    }
}

fn skip_allowance(text: &str) -> Result<SkipAllowance, String> {
    let text = text.trim();
    match text.strip_suffix('%') {
        Some(percent) => match percent.trim().parse::<f64>() {
            Ok(p) if (0.0..=100.0).contains(&p) => Ok(SkipAllowance::Percent(p)),
            _ => Err(format!(
                "expected a percentage from 0% to 100%, got {text:?}"
            )),
        },
        None => text.parse::<u64>().map(SkipAllowance::Lines).map_err(|_| {
            format!("expected a number of lines or a percentage (\"0.5%\"), got {text:?}")
        }),
    }
}

/// Arguments clap accepts one by one but that make no sense as given.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

/// A count that must be 1 or more (0 threads or a 0-byte line limit would
/// score nothing).
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".into()),
        Ok(count) => Ok(count),
        Err(error) => Err(error.to_string()),
    }
}

/// Most scoring threads `--threads` takes: each has a stack and chunks in
/// flight, and thousands (a typo, a big host's core count passed into a
/// small container) take longer to start than a pool takes to score.
const MAX_THREADS: usize = 1024;

/// A thread count, 1 to [`MAX_THREADS`].
fn thread_count(text: &str) -> Result<usize, String> {
    match at_least_one(text)? {
        count if count > MAX_THREADS => Err(format!("must be at most {MAX_THREADS}")),
        count => Ok(count),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Roles(args) => roles(args),
        Command::Score(args) => score(args),
        Command::Explain(args) => explain(args),
    };
    match result {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("rolefit: {}", error_chain(&error));
            if error.is::<UsageError>() {
                return ExitCode::from(EXIT_USAGE);
            }
            match error.downcast_ref::<BatchError>() {
                Some(BatchError::Malformed(_)) => ExitCode::from(EXIT_MALFORMED),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// The error and its causes, `: `-separated, each cause left out when the
/// message already quotes it (library errors often do: "cannot read x:
/// No such file...").
fn error_chain(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

/// `rolefit serve`: logs to stderr (`--log`, else `RUST_LOG`, else `info`).
fn serve(args: rolefit::service::ServeArgs) -> Result<ExitCode> {
    let filter = match &args.log {
        Some(spec) => tracing_subscriber::EnvFilter::try_new(spec),
        None => tracing_subscriber::EnvFilter::try_from_default_env()
            .or_else(|_| tracing_subscriber::EnvFilter::try_new("info")),
    }
    .context("bad --log filter")?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        // Colours only for a person: a log file or collector gets plain text.
        .with_ansi(io::stderr().is_terminal())
        .init();
    // A ServiceError's message already includes its cause; passing the
    // error itself would print the cause twice (`{:#}` walks the chain).
    rolefit::service::serve(args).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The catalog's engine; each page left out (it did not compile) is named
/// on stderr with the reason, and the other pages are used.
fn engine(source: &rolefit::setup::CatalogSource) -> Result<Engine> {
    let engine = source.engine()?;
    for path in source.unread_documents() {
        eprintln!(
            "rolefit: warning: {}",
            rolefit::catalog::unread_document_note(&path)
        );
    }
    for page in engine.catalog().skipped() {
        eprintln!(
            "rolefit: warning: {} (that page is left out, the others are used)",
            page.reason
        );
    }
    for page in engine
        .catalog()
        .renamed()
        .iter()
        .chain(engine.catalog().sparse())
    {
        eprintln!("rolefit: warning: {}", page.reason);
    }
    Ok(engine)
}

/// `rolefit roles | head` closes the pipe early: that is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || matches!(cause.downcast_ref::<BatchError>(), Some(BatchError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(io::ErrorKind::BrokenPipe)
    })
}

fn roles(args: RolesArgs) -> Result<ExitCode> {
    let engine = engine(&args.catalog)?;
    let catalog = engine.catalog();
    let taxonomy = engine.taxonomy();
    let mut stdout = io::stdout().lock();
    match (&args.role_id, args.json) {
        (None, false) => writeln!(stdout, "{}", report::roles_table(catalog, taxonomy))?,
        (None, true) => {
            let views: Vec<_> = catalog
                .roles()
                .iter()
                .map(|r| report::RoleView::new(r, taxonomy))
                .collect();
            serde_json::to_writer_pretty(&mut stdout, &views)?;
            writeln!(stdout)?;
        }
        (Some(id), json) => {
            let Some(role) = catalog.role(id) else {
                // Said as the engine says it: a long id cut, a near one suggested.
                bail!(
                    "{} (see `rolefit roles` for the list)",
                    engine.unknown_role(id)
                );
            };
            if json {
                serde_json::to_writer_pretty(&mut stdout, &report::RoleView::new(role, taxonomy))?;
                writeln!(stdout)?;
            } else {
                write!(stdout, "{}", report::role_detail(role, taxonomy))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The file named on the command line and its length, or `None` for stdin ("-").
fn open_input(path: &PathBuf) -> Result<(Option<File>, Option<u64>)> {
    if path.as_os_str() == "-" {
        return Ok((None, None));
    }
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let metadata = file.metadata().ok();
    if metadata.as_ref().is_some_and(|m| m.is_dir()) {
        bail!("cannot read {}: it is a directory", path.display());
    }
    Ok((Some(file), metadata.map(|m| m.len())))
}

/// On SIGINT or SIGTERM, says how far the run got and where its scores
/// are, then exits as a signal's death would (130, 143): the default death
/// said nothing, and left a cut file under the output's name.
fn report_interruption(
    progress: Arc<rolefit::progress::Bar>,
    note: String,
    close_output: Option<Box<dyn FnOnce(std::time::Duration) + Send>>,
) {
    rolefit::signals::exit_on_stop(move |_| {
        if let Some(close) = close_output {
            close(std::time::Duration::from_secs(2));
        }
        progress.finish();
        eprintln!(
            "rolefit: interrupted after {} candidates; {note}",
            progress.candidates()
        );
    });
}

fn score(args: ScoreArgs) -> Result<ExitCode> {
    let engine = Arc::new(engine(&args.catalog)?);
    check_output_is_not_input(&args.input, &args.output)
        .map_err(|refused| UsageError(refused.to_string()))?;
    let (input, input_len) = open_input(&args.input)?;
    let output_existed = args.output.exists();
    // What an interrupted or failed run left the output as.
    let output_left = if output_existed {
        format!("{} is unchanged", args.output.display())
    } else {
        format!("{} was not created", args.output.display())
    };
    let mut output_file = if args.output.as_os_str() == "-" {
        None
    } else {
        // Checked now, replaced only when the run ends by itself (see
        // OutputFile). A link is followed to the file it names, made or
        // not: removing "the file just made" removed the link and left an
        // empty file where it led.
        let file = OutputFile::new(&args.output);
        file.check_creatable()
            .with_context(|| format!("cannot create {}", args.output.display()))?;
        Some(file)
    };
    let mut stdout = io::stdout();
    let interrupted_note = match &output_file {
        Some(file) if file.is_staged() => format!(
            "the scores written so far are in {}; {output_left}",
            file.writing_to().display(),
        ),
        Some(file) => format!("{} holds the scores written so far", file.path().display()),
        None => "the output holds the scores written so far".to_string(),
    };
    let close_output = output_file
        .as_ref()
        .map(|file| Box::new(file.closer()) as Box<dyn FnOnce(std::time::Duration) + Send>);
    let output: &mut (dyn Write + Send) = match &mut output_file {
        Some(file) => file,
        None => &mut stdout,
    };
    // "a, b" and a trailing comma mean what they look like.
    let role_ids: Vec<String> = args
        .roles
        .iter()
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
        .collect();
    if !args.roles.is_empty() && role_ids.is_empty() {
        // `--roles "$UNSET_VARIABLE"` must not quietly score every role.
        return Err(UsageError(
            "--roles names no role id (see `rolefit roles` for the list)".into(),
        )
        .into());
    }
    // `serve --roles DIR` reads job pages; here a path is a mistake.
    if let Some(path) = role_ids
        .iter()
        .find(|id| engine.role_indices(std::slice::from_ref(id)).is_err() && Path::new(id).exists())
    {
        return Err(UsageError(format!(
            "--roles takes role ids here (see `rolefit roles`); to score against the job pages \
             in {path}, use --catalog {path}"
        ))
        .into());
    }
    let options = BatchOptions {
        top_k: args.top,
        role_ids,
        strict: args.strict,
        error_lines: args.error_lines,
        max_reported_errors: args.max_reported_errors,
        max_line_bytes: args.max_line_bytes,
        limits: Limits {
            max_skills: args.max_skills,
            max_resume_bytes: args.max_resume_bytes,
            max_skill_name_bytes: args.max_skill_name_bytes,
            max_skill_names_bytes: args.max_skill_names_bytes,
            ..Limits::default()
        },
        threads: args.threads,
        ..BatchOptions::default()
    };
    let show_progress = !args.quiet && io::stderr().is_terminal();
    // A compressed input's length says nothing of the bytes read from it.
    let input_len = match &input {
        Some(file) if batch::is_gzip(file).unwrap_or(false) => None,
        _ => input_len,
    };
    let progress = Arc::new(rolefit::progress::Bar::new(input_len, show_progress));
    report_interruption(Arc::clone(&progress), interrupted_note, close_output);
    // The process ends after the run: tearing the engine down (some
    // 100,000 allocations, a few milliseconds) would only delay the exit,
    // so one reference is never dropped.
    std::mem::forget(Arc::clone(&engine));
    let started = Instant::now();
    let outcome = match input {
        Some(file) if !args.no_mmap => batch::run_file(engine, &file, output, &options, &*progress),
        Some(file) => batch::run(engine, file, output, &options, &*progress),
        None => batch::run(engine, io::stdin(), output, &options, &*progress),
    };
    // Finished whatever the outcome (a partial .gz must unpack too); only a
    // run that read its whole input replaces the previous scores: what
    // --strict wrote before the bad line, or a write error's lines, stay in
    // the partial file.
    // A run that read no candidate at all failed (the wrong file or
    // format), unless --max-skipped allows it: its output (error lines)
    // does not replace a previous one.
    // What --max-skipped says of a run's skipped lines, when given.
    let within_allowance = |summary: &batch::BatchSummary| {
        args.max_skipped
            .map(|allowance| allowance.allows(summary.skipped, summary.scored + summary.skipped))
    };
    let read_nothing = match &outcome {
        Ok(summary) if summary.scored == 0 && summary.skipped > 0 => {
            within_allowance(summary) != Some(true)
        }
        _ => false,
    };
    let complete = outcome.is_ok() && !read_nothing;
    let (finished, left_partial) = match output_file {
        Some(file) => {
            // An empty pool's scores: an empty file.
            let empty_pool = matches!(&outcome, Ok(s) if s.scored == 0 && s.skipped == 0);
            let left_partial = (!complete && file.created() && file.is_staged())
                .then(|| file.writing_to().to_path_buf());
            (Some(file.finish(empty_pool, complete)), left_partial)
        }
        None => (None, None),
    };
    if let Some(partial) = left_partial {
        // A run that failed after scoring some (a damaged gzip stream, a
        // read error): say where those lines are.
        eprintln!(
            "rolefit: the scores written so far are in {}; {output_left}",
            partial.display(),
        );
    }
    let summary = outcome?;
    finished.transpose()?;
    progress.finish();
    if summary.skipped as usize > summary.errors.len() {
        eprintln!(
            "... and {} more malformed line(s)",
            summary.skipped as usize - summary.errors.len()
        );
    }
    if !args.quiet {
        eprintln!("{}", batch::describe(&summary, started.elapsed(), 10));
    }
    if read_nothing {
        // Not one record: the wrong file or format (a CSV export, say),
        // which a script should not take for a finished run. Records that
        // are JSON with an id are named "candidate ...": those are the
        // right format with bad values, and need no lesson in it.
        let records = summary
            .errors
            .iter()
            .any(|error| error.message.starts_with("candidate "));
        let format_hint = if records {
            ""
        } else {
            "; rolefit reads JSON Lines, one {\"id\": ...} record per line"
        };
        bail!(
            "no candidate could be read: all {} line(s) were malformed{format_hint}",
            summary.skipped
        );
    }
    if let (Some(allowance), Some(false)) = (args.max_skipped, within_allowance(&summary)) {
        eprintln!(
            "rolefit: {} of {} line(s) were malformed, more than --max-skipped {allowance} \
             allows (every line scored was written)",
            summary.skipped,
            summary.scored + summary.skipped
        );
        return Ok(ExitCode::from(EXIT_TOO_MANY_SKIPPED));
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let engine: Engine = engine(&args.catalog)?;
    let input: Box<dyn Read> = match open_input(&args.candidate)?.0 {
        Some(file) => Box::new(file),
        None => Box::new(io::stdin()),
    };
    // One record, held to the limit of one pool line.
    let source = (args.candidate.as_os_str() != "-").then(|| args.candidate.display().to_string());
    let candidate = batch::read_candidate_file(
        input,
        source.as_deref(),
        BatchOptions::default().max_line_bytes,
    )?;
    candidate.validate(&Default::default())?;
    let options = ScoreOptions {
        explain: true,
        role_ids: args.role.iter().map(|id| id.trim().to_string()).collect(),
        top_k: 1,
    };
    // An unknown --role is the only way to fail; said as `score --roles` says it.
    let scores = engine
        .score(&candidate, &options)
        .map_err(|error| anyhow!("{error} (`rolefit roles` lists them)"))?;
    let Some(best) = scores.scores.first() else {
        bail!("the catalog has no roles");
    };
    let mut stdout = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &scores)?;
        writeln!(stdout)?;
    } else {
        let Some(role) = engine.catalog().role(&best.role_id) else {
            bail!(
                "role {:?} left the catalog while it was scored",
                best.role_id
            );
        };
        if args.role.is_none() && best.score == 0.0 {
            // Every role at 0: the "best" is only the catalog's first.
            writeln!(
                stdout,
                "No role fits: every role scores 0 (nothing in the profile is a skill a role \
                 asks for). The first role, for what it asks:\n"
            )?;
        }
        writeln!(
            stdout,
            "{}",
            report::explanation(&scores, best, role, engine.taxonomy())
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
