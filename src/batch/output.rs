//! The `--output` file of a batch run: written as `NAME.partial` and put
//! under its name only when the run ends by itself, gzip-compressed for a
//! `.gz` name, followed through links, finished cleanly when the run is
//! interrupted; and the check that it is not the input.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use same_file::Handle;

/// The output would overwrite the input (the pool would be emptied before
/// a line of it is read).
#[derive(Debug, thiserror::Error)]
#[error(
    "the output ({output}) is the input file ({input}): writing it would destroy the pool; \
     write the scores to another file"
)]
pub struct OutputIsInput {
    /// The output as given ("standard output" for "-").
    pub output: String,
    /// The input as given ("standard input" for "-").
    pub input: String,
}

/// Where `path` leads through symbolic links, and whether it is to be
/// written directly: the file a chain of links names (followed up to 40
/// times, as the system does), made or not, since renaming NAME.partial
/// over a link replaced the link and left the file it named as it was.
/// A chain through a process's open files (`/dev/stdout`, `/dev/fd/1`,
/// `/proc/self/fd/1`) is the stream the shell opened, maybe for appending
/// (`>> all.jsonl`): it is written directly, never replaced.
pub(crate) fn followed_link(path: &Path) -> (PathBuf, bool) {
    let mut followed = path.to_path_buf();
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&followed) else {
            break;
        };
        // Relative to the link's directory; an absolute one replaces it.
        followed = match followed.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
        let through = followed.to_string_lossy();
        if through.starts_with("/proc/") || through.starts_with("/dev/fd/") {
            return (path.to_path_buf(), true);
        }
    }
    (followed, false)
}

/// The `--output` file. A regular file (or a new one) is written as
/// `NAME.partial` and renamed over NAME only when the run ends by itself:
/// an interrupted or failed run (Ctrl-C, a full disk) leaves the previous
/// scores in NAME and what was written in NAME.partial, never a cut file
/// under the final name. A device or FIFO is written directly. A name
/// ending in `.gz` is written gzip-compressed. Errors name the file.
pub struct OutputFile {
    path: PathBuf,
    /// Where the lines go until the rename; `None` for a device or FIFO.
    partial: Option<PathBuf>,
    gzip: bool,
    /// Shared with the interruption handler ([`OutputFile::closer`]), which
    /// takes it between two writes (each of whole lines) and completes the
    /// gzip stream before the process exits.
    sink: SharedSink,
}

/// The open `--output` file, once created.
type SharedSink = Arc<std::sync::Mutex<Option<Sink>>>;

/// Locks the shared sink: a writer that panicked mid-write leaves it as it
/// was, which is still the file to finish.
fn lock_sink(sink: &SharedSink) -> std::sync::MutexGuard<'_, Option<Sink>> {
    sink.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The open `--output` file.
enum Sink {
    Plain(File),
    Gzip(flate2::write::GzEncoder<File>),
}

impl OutputFile {
    /// The output named `path`, not yet created (see [`OutputFile::check_creatable`]).
    pub fn new(path: &Path) -> OutputFile {
        // The name given says whether to compress, wherever it leads.
        let gzip = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("gz"));
        // A link is followed to the file it names: NAME.partial renamed
        // over the link replaced the link with a file, and left the file
        // it named with the previous scores.
        let (target, direct) = followed_link(path);
        let path = target.as_path();
        let regular = !direct
            && match std::fs::metadata(path) {
                Ok(metadata) => metadata.is_file(),
                Err(error) => error.kind() == io::ErrorKind::NotFound,
            };
        let partial = regular.then(|| {
            let mut name = path.as_os_str().to_os_string();
            name.push(".partial");
            PathBuf::from(name)
        });
        OutputFile {
            path: path.to_path_buf(),
            partial,
            gzip,
            sink: SharedSink::default(),
        }
    }

    /// What the interruption handler ends the file with before the
    /// process exits: it waits (at most `patience`) for the write under
    /// way, flushes the file, and completes a gzip stream, so that what
    /// `NAME.partial` holds is whole lines and a `.gz` one unpacks (it
    /// ended without the gzip trailer: "unexpected end of file"). It then
    /// holds the file until the exit, so no write starts after it.
    pub fn closer(&self) -> impl FnOnce(Duration) + Send + 'static {
        let sink = Arc::clone(&self.sink);
        move |patience| {
            let deadline = Instant::now() + patience;
            let mut guard = loop {
                match sink.try_lock() {
                    Ok(guard) => break guard,
                    Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                        break poisoned.into_inner()
                    }
                    // A write blocked (a full disk, a FIFO nobody reads)
                    // must not keep the process from exiting.
                    Err(std::sync::TryLockError::WouldBlock) if Instant::now() >= deadline => {
                        return
                    }
                    Err(std::sync::TryLockError::WouldBlock) => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                }
            };
            let _ = match guard.as_mut() {
                Some(Sink::Plain(file)) => file.flush(),
                Some(Sink::Gzip(encoder)) => encoder
                    .try_finish()
                    .and_then(|()| encoder.get_mut().flush()),
                None => Ok(()),
            };
            // Held until the process exits: no write after the end.
            std::mem::forget(guard);
        }
    }

    /// The file the scores end up in (a link given is followed to it).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the lines go to `NAME.partial` first (a regular file or a
    /// new one) rather than straight to a device, FIFO or shell stream.
    pub fn is_staged(&self) -> bool {
        self.partial.is_some()
    }

    /// Checks, before anything is scored, that the file can be created,
    /// and leaves things as they were: a run refused later (a CSV, an
    /// unknown role) or interrupted keeps the previous scores, and no file
    /// where there was none. Only a regular file (or a missing one) is
    /// opened: opening and closing a FIFO tells its reader the stream has
    /// ended, and the run's own open then waited for a reader that had
    /// gone. A FIFO or device is opened once, by the first write.
    pub fn check_creatable(&self) -> io::Result<()> {
        let existed = match std::fs::metadata(&self.path) {
            Ok(metadata) if !metadata.is_file() => return Ok(()),
            Ok(_) => true,
            Err(_) => false,
        };
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.path)?;
        if !existed {
            std::fs::remove_file(&self.path)?;
        }
        Ok(())
    }

    /// Where the lines are written until the run ends.
    pub fn writing_to(&self) -> &Path {
        self.partial.as_deref().unwrap_or(&self.path)
    }

    fn named(&self, error: io::Error) -> io::Error {
        let path = self.writing_to().display();
        io::Error::new(error.kind(), format!("{path}: {error}"))
    }

    /// Whether the file was created (something was written).
    pub fn created(&self) -> bool {
        lock_sink(&self.sink).is_some()
    }

    fn create(&self) -> io::Result<Sink> {
        let file = match self.partial {
            Some(_) => File::create(self.writing_to()),
            // A device, pipe or the shell's own stream (`/dev/stdout >>
            // all.jsonl`): appended to, never truncated.
            None => std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(self.writing_to()),
        }
        .map_err(|e| self.named(e))?;
        Ok(if self.gzip {
            // The fastest level: the output is repetitive JSON (a tenth of
            // its size at this level), and a slower one would make
            // compressing, not scoring, the run's pace.
            Sink::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::fast(),
            ))
        } else {
            Sink::Plain(file)
        })
    }

    /// Ends the file: completes a gzip stream (a cut one would not unpack)
    /// and, for a run that ended by itself (`complete`), puts it under its
    /// name, created empty if nothing was written and `create_when_empty`
    /// (an empty pool's scores are an empty file; a refused run keeps the
    /// previous one).
    pub fn finish(self, create_when_empty: bool, complete: bool) -> io::Result<()> {
        let taken = lock_sink(&self.sink).take();
        let sink = match taken {
            Some(sink) => sink,
            None if create_when_empty => self.create()?,
            None => return Ok(()),
        };
        let finished = match sink {
            Sink::Plain(mut file) => file.flush(),
            Sink::Gzip(encoder) => encoder.finish().and_then(|mut file| file.flush()),
        };
        finished.map_err(|e| self.named(e))?;
        match &self.partial {
            Some(partial) if complete => std::fs::rename(partial, &self.path).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "cannot rename {} to {}: {e}",
                        partial.display(),
                        self.path.display()
                    ),
                )
            }),
            _ => Ok(()),
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let sink = Arc::clone(&self.sink);
        let mut guard = lock_sink(&sink);
        if guard.is_none() {
            *guard = Some(self.create()?);
        }
        let written = match guard.as_mut() {
            Some(Sink::Plain(file)) => file.write(buf),
            Some(Sink::Gzip(encoder)) => encoder.write(buf),
            None => Ok(0),
        };
        written.map_err(|e| self.named(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = match lock_sink(&self.sink).as_mut() {
            None => Ok(()),
            Some(Sink::Plain(file)) => file.flush(),
            Some(Sink::Gzip(encoder)) => encoder.flush(),
        };
        flushed.map_err(|e| self.named(e))
    }
}

/// Refuses an output that is the input: creating it would empty the pool
/// before a line of it is read (or, appended to, feed the run its own
/// answers). Paths through links, stdin and stdout are compared as files.
pub fn check_output_is_not_input(input: &Path, output: &Path) -> Result<(), OutputIsInput> {
    let handle = |path: &Path, stdio: fn() -> io::Result<Handle>| {
        if path.as_os_str() == "-" {
            stdio()
        } else if std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_file()) {
            // Not opened to compare: opening a FIFO waits for a writer
            // (`--output` a pipe whose reader waits for us never began).
            Err(io::Error::other("not a file"))
        } else {
            Handle::from_path(path)
        }
    };
    // An output that does not exist yet (or a stream that is not a file)
    // cannot be the input.
    let (Ok(input_handle), Ok(output_handle)) =
        (handle(input, Handle::stdin), handle(output, Handle::stdout))
    else {
        return Ok(());
    };
    if input_handle == output_handle {
        let shown = |path: &Path, stdio: &str| {
            if path.as_os_str() == "-" {
                stdio.to_string()
            } else {
                path.display().to_string()
            }
        };
        return Err(OutputIsInput {
            output: shown(output, "standard output"),
            input: shown(input, "standard input"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn a_complete_run_replaces_the_file_and_an_incomplete_one_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scores.jsonl");
        std::fs::write(&path, "previous\n").unwrap();

        let mut cut = OutputFile::new(&path);
        cut.write_all(b"half\n").unwrap();
        cut.finish(false, false).unwrap();
        assert_eq!(read(&path), "previous\n");
        assert_eq!(read(&dir.path().join("scores.jsonl.partial")), "half\n");

        let mut whole = OutputFile::new(&path);
        whole.write_all(b"new\n").unwrap();
        whole.finish(false, true).unwrap();
        assert_eq!(read(&path), "new\n");
        assert!(!dir.path().join("scores.jsonl.partial").exists());
    }

    #[test]
    fn an_empty_pool_makes_an_empty_file_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scores.jsonl");
        OutputFile::new(&path).finish(false, true).unwrap();
        assert!(!path.exists());
        OutputFile::new(&path).finish(true, true).unwrap();
        assert_eq!(read(&path), "");
    }

    #[test]
    fn a_gz_name_is_a_whole_gzip_stream() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scores.jsonl.gz");
        let mut file = OutputFile::new(&path);
        file.write_all(b"{\"id\":\"a\"}\n").unwrap();
        file.finish(false, true).unwrap();
        let mut unpacked = String::new();
        flate2::read::GzDecoder::new(File::open(&path).unwrap())
            .read_to_string(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, "{\"id\":\"a\"}\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_kept_and_the_file_it_names_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.jsonl");
        let link = dir.path().join("link.jsonl");
        std::fs::write(&target, "previous\n").unwrap();
        std::os::unix::fs::symlink("real.jsonl", &link).unwrap();

        let mut file = OutputFile::new(&link);
        assert_eq!(file.path(), target.as_path());
        file.write_all(b"new\n").unwrap();
        file.finish(false, true).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(read(&target), "new\n");
    }

    #[test]
    fn checking_a_new_file_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scores.jsonl");
        OutputFile::new(&path).check_creatable().unwrap();
        assert!(!path.exists());
        let missing_dir = dir.path().join("no-such-dir").join("scores.jsonl");
        assert!(OutputFile::new(&missing_dir).check_creatable().is_err());
    }

    #[cfg(unix)]
    #[test]
    fn the_input_through_a_link_is_refused_as_output() {
        let dir = tempfile::tempdir().unwrap();
        let pool = dir.path().join("pool.jsonl");
        let link = dir.path().join("out.jsonl");
        std::fs::write(&pool, "{\"id\":\"a\"}\n").unwrap();
        std::os::unix::fs::symlink(&pool, &link).unwrap();
        let refused = check_output_is_not_input(&pool, &link).unwrap_err();
        assert!(
            refused.to_string().contains("would destroy the pool"),
            "{refused}"
        );
        assert!(check_output_is_not_input(&pool, &dir.path().join("new.jsonl")).is_ok());
    }
}
