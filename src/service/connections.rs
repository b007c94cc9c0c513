//! Accepting connections: at most `--max-connections` at once, accept
//! errors (out of file descriptors) waited out instead of retried in a
//! busy loop, and a connection that sends nothing closed after
//! [`FIRST_BYTES_TIMEOUT`].
//!
//! tonic's own listener accepts without a cap and retries a failed accept
//! at once: idle connections could take every file descriptor, after which
//! the server spun a core and answered no one.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_util::Stream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tonic::transport::server::{Connected, TcpConnectInfo};

/// How long a new connection may stay silent: a client sends its HTTP/2
/// preface (or HTTP/1 request line) at once.
pub const FIRST_BYTES_TIMEOUT: Duration = Duration::from_secs(10);

/// Pause after a failed accept (EMFILE, ENFILE, ENOBUFS): the condition
/// lasts until connections close, so retrying at once only burns a core.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);

/// Accept errors are logged at most this often (a full descriptor table
/// fails every accept).
const ACCEPT_ERROR_LOG_EVERY: Duration = Duration::from_secs(5);

/// The accepted connections of `listener`, at most `max_connections` open
/// at once: at the cap no more are accepted (newcomers wait in the kernel's
/// backlog) until one closes.
pub fn incoming(
    listener: TcpListener,
    max_connections: usize,
) -> impl Stream<Item = io::Result<Connection>> + Send + 'static {
    let slots = Arc::new(Semaphore::new(max_connections));
    let state = (listener, slots, None::<Instant>, 0u64);
    futures_util::stream::unfold(
        state,
        move |(listener, slots, mut last_log, mut failed)| async move {
            let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
                // The semaphore is never closed.
                return None;
            };
            loop {
                match listener.accept().await {
                    Ok((stream, _peer)) => {
                        // Without TCP_NODELAY a response written in two
                        // segments waits on the client's delayed ACK (about
                        // 40 ms a call on Linux).
                        let _ = stream.set_nodelay(true);
                        let connection = Connection::new(stream, slot);
                        return Some((Ok(connection), (listener, slots, last_log, failed)));
                    }
                    Err(error) => {
                        failed += 1;
                        if last_log.is_none_or(|at| at.elapsed() >= ACCEPT_ERROR_LOG_EVERY) {
                            tracing::warn!(
                                %error,
                                failed,
                                open = max_connections - slots.available_permits(),
                                "cannot accept connections (out of file descriptors? raise `ulimit -n` \
                                 or lower --max-connections); retrying"
                            );
                            last_log = Some(Instant::now());
                            failed = 0;
                        }
                        tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    }
                }
            }
        },
    )
}

/// An accepted TCP connection holding one of the `--max-connections`
/// slots until it is dropped.
pub struct Connection {
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
    /// Until the first bytes arrive: when the connection is given up.
    silent_until: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Connection {
    fn new(stream: TcpStream, slot: OwnedSemaphorePermit) -> Connection {
        Connection {
            stream,
            _slot: slot,
            silent_until: Some(Box::pin(tokio::time::sleep(FIRST_BYTES_TIMEOUT))),
        }
    }
}

impl Connected for Connection {
    type ConnectInfo = TcpConnectInfo;

    fn connect_info(&self) -> TcpConnectInfo {
        self.stream.connect_info()
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let filled = buf.filled().len();
        let read = Pin::new(&mut self.stream).poll_read(cx, buf);
        if let Some(deadline) = self.silent_until.as_mut() {
            match read {
                Poll::Ready(Ok(())) if buf.filled().len() > filled => self.silent_until = None,
                Poll::Pending if deadline.as_mut().poll(cx).is_ready() => {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client sent nothing after connecting",
                    )));
                }
                _ => {}
            }
        }
        read
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
