//! Limits on every call, before any handler: at most `--max-open-calls`
//! open at once, and each call that is not a stream answered within
//! `--request-timeout`.
//!
//! A client that opens calls and never sends their messages would
//! otherwise hold each one (some 11 KB) for as long as its connection
//! lives: 200 connections of 128 such calls took 280 MB, thousands took
//! gigabytes. Past the cap a call is answered RESOURCE_EXHAUSTED at once;
//! a call other than the streams named at construction (`ScoreCandidates`,
//! health `Watch`, reflection) that has no answer in time is answered
//! DEADLINE_EXCEEDED, and its request dropped. A client's own deadline
//! (`grpc-timeout`) is answered here too, just before tonic's timer
//! would, so that a browser's grpc-web call gets it as grpc-web with CORS
//! headers (tonic answers it outside those layers). A browser's upload
//! over HTTP/1.1 that is larger than `--max-message-bytes` allows is read
//! through before it is refused: refused mid-upload, the connection closes
//! under the browser, which reports a network error instead of the status.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tonic::Status;

/// The [`tower::Layer`] that adds [`CallLimits`] to a server.
#[derive(Clone, Debug)]
pub struct CallLimitsLayer {
    open: Arc<Semaphore>,
    max_open: usize,
    timeout: Duration,
    streams: Arc<[&'static str]>,
}

impl CallLimitsLayer {
    /// At most `max_open` calls at once; each answered within `timeout`,
    /// but for the methods at `streams` (full paths,
    /// `/package.Service/Method`), which stay open as long as their
    /// client wants.
    pub fn new(max_open: usize, timeout: Duration, streams: &[&'static str]) -> CallLimitsLayer {
        CallLimitsLayer {
            open: Arc::new(Semaphore::new(max_open)),
            max_open,
            timeout,
            streams: streams.into(),
        }
    }
}

impl<S> tower::Layer<S> for CallLimitsLayer {
    type Service = CallLimits<S>;

    fn layer(&self, inner: S) -> CallLimits<S> {
        CallLimits {
            inner,
            limits: self.clone(),
        }
    }
}

/// See the [module docs](self).
#[derive(Clone, Debug)]
pub struct CallLimits<S> {
    inner: S,
    limits: CallLimitsLayer,
}

impl<S, B, ResBody> tower::Service<http::Request<B>> for CallLimits<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: Default + Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let Ok(open) = Arc::clone(&self.limits.open).try_acquire_owned() else {
            static REFUSED: Throttle = Throttle::new();
            let message = format!(
                "server overloaded: {} calls open at once (--max-open-calls)",
                self.limits.max_open
            );
            if let Some(more) = REFUSED.allow() {
                tracing::warn!(refused_since_last_log = more, "{message}");
            }
            return Box::pin(std::future::ready(Ok(
                Status::resource_exhausted(message).into_http()
            )));
        };
        let path = request.uri().path();
        let limited = !self.limits.streams.contains(&path);
        let path = path.to_string();
        let client_deadline = request
            .headers()
            .get("grpc-timeout")
            .and_then(|value| grpc_timeout(value.to_str().ok()?));
        let timeout = self.limits.timeout;
        let answer = self.inner.call(request);
        Box::pin(async move {
            // A stream's slot is held until its answer starts, not while
            // its messages flow: long streams have caps of their own.
            let _open = open;
            let client_deadline = client_deadline.map(|deadline| {
                // A little early, so that this answer goes out before
                // tonic's own (started a moment before this one).
                deadline.saturating_sub(CLIENT_DEADLINE_LEAD.min(deadline / 10))
            });
            let server_timeout = limited.then_some(timeout);
            let (limit, by_client) = match (server_timeout, client_deadline) {
                (None, None) => return answer.await,
                (Some(server), Some(client)) if client < server => (client, true),
                (Some(server), _) => (server, false),
                (None, Some(client)) => (client, true),
            };
            match tokio::time::timeout(limit, answer).await {
                Ok(answer) => answer,
                Err(_) if by_client => Ok(Status::deadline_exceeded(
                    "the call's deadline (grpc-timeout) expired before its answer",
                )
                .into_http()),
                Err(_) => {
                    static TIMED_OUT: Throttle = Throttle::new();
                    let message = format!(
                        "no answer after {} s (--request-timeout): the call's message did not \
                         arrive in full, or took longer to score",
                        timeout.as_secs_f64()
                    );
                    if let Some(more) = TIMED_OUT.allow() {
                        tracing::warn!(path, timed_out_since_last_log = more, "{message}");
                    }
                    Ok(Status::deadline_exceeded(message).into_http())
                }
            }
        })
    }
}

/// The [`tower::Layer`] that adds [`UploadLimits`] to a server, outside
/// grpc-web (which makes a browser's call look like HTTP/2 gRPC).
#[derive(Clone, Debug)]
pub struct UploadLimitsLayer {
    max_message: usize,
    timeout: Duration,
}

impl UploadLimitsLayer {
    /// Refuses HTTP/1.x uploads that cannot hold a message of at most
    /// `max_message` bytes, reading each through for at most `timeout`.
    pub fn new(max_message: usize, timeout: Duration) -> UploadLimitsLayer {
        UploadLimitsLayer {
            max_message,
            timeout,
        }
    }
}

impl<S> tower::Layer<S> for UploadLimitsLayer {
    type Service = UploadLimits<S>;

    fn layer(&self, inner: S) -> UploadLimits<S> {
        UploadLimits {
            inner,
            limits: self.clone(),
        }
    }
}

/// See the [module docs](self): an upload too large for
/// `--max-message-bytes`, read through and refused OUT_OF_RANGE in the
/// request's own content type.
#[derive(Clone, Debug)]
pub struct UploadLimits<S> {
    inner: S,
    limits: UploadLimitsLayer,
}

impl<S, B, ResBody> tower::Service<http::Request<B>> for UploadLimits<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    ResBody: Default + Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let Some(length) = oversized_upload(&request, self.limits.max_message) else {
            return Box::pin(self.inner.call(request));
        };
        let (limit, timeout) = (self.limits.max_message, self.limits.timeout);
        let kind = request.headers().get(http::header::CONTENT_TYPE).cloned();
        let hint = super::refusals::oversize_hint(request.uri().path());
        let body = request.into_body();
        Box::pin(async move {
            // Bounded in bytes and time: past either, the connection
            // closes as it did.
            let _ = tokio::time::timeout(timeout, drain(body, MAX_DRAINED_BYTES)).await;
            let mut answer = Status::out_of_range(format!(
                "the request is {length} bytes, over the {limit}-byte limit{hint}"
            ))
            .into_http::<ResBody>();
            // Status in the headers, as grpc-web reads a trailers-only answer.
            if let Some(kind) = kind {
                answer
                    .headers_mut()
                    .insert(http::header::CONTENT_TYPE, kind);
            }
            Ok(answer)
        })
    }
}

/// Most bytes of an oversized upload read through before it is refused.
const MAX_DRAINED_BYTES: u64 = 64 << 20;

/// The length of an HTTP/1.x request body that cannot hold a message of
/// at most `max_message` bytes (a grpc-web frame is 5 bytes more; a
/// grpc-web-text body is base64, four bytes for three), if it is one. Over
/// HTTP/2 the transport refuses it on its own stream and nothing is lost.
fn oversized_upload<B>(request: &http::Request<B>, max_message: usize) -> Option<u64> {
    if request.version() >= http::Version::HTTP_2 {
        return None;
    }
    let headers = request.headers();
    let length: u64 = headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()?;
    let text = headers
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/grpc-web-text"));
    let message = if text { length / 4 * 3 } else { length };
    (message > max_message as u64 + 5).then_some(length)
}

/// Reads `body` through, dropping it, up to about `limit` bytes.
async fn drain<B: http_body::Body>(body: B, limit: u64) {
    use bytes::Buf;
    use http_body_util::BodyExt;
    let mut body = std::pin::pin!(body);
    let mut read = 0u64;
    while read <= limit {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    read += data.remaining() as u64;
                }
            }
            _ => break,
        }
    }
}

/// How much earlier than a client's deadline its call is answered.
const CLIENT_DEADLINE_LEAD: Duration = Duration::from_millis(5);

/// A `grpc-timeout` header's duration: digits and a unit (`H`, `M`, `S`,
/// `m`, `u`, `n`), as the gRPC HTTP/2 protocol writes it.
fn grpc_timeout(value: &str) -> Option<Duration> {
    let unit = value.chars().last()?;
    let digits = &value[..value.len() - unit.len_utf8()];
    // The protocol allows at most 8 digits.
    if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        'H' => Duration::from_secs(amount * 3600),
        'M' => Duration::from_secs(amount * 60),
        'S' => Duration::from_secs(amount),
        'm' => Duration::from_millis(amount),
        'u' => Duration::from_micros(amount),
        'n' => Duration::from_nanos(amount),
        _ => return None,
    })
}

/// Lets at most [`Throttle::BURST`] log lines through per
/// [`Throttle::WINDOW`], counting the ones held back: a flood of bad calls
/// must not become a flood of log lines (one per call made 62 MB of log in
/// a minute), while the occasional one is still logged in full.
pub struct Throttle {
    /// The current window's start, and the lines let through in it.
    window: Mutex<Option<(Instant, u32)>>,
    held_back: AtomicU64,
}

impl Throttle {
    /// Lines let through per window.
    pub const BURST: u32 = 10;
    /// The window.
    pub const WINDOW: Duration = Duration::from_secs(5);

    /// A throttle whose first window starts at its first line.
    pub const fn new() -> Throttle {
        Throttle {
            window: Mutex::new(None),
            held_back: AtomicU64::new(0),
        }
    }

    /// `Some(lines held back since the last one let through)` when a line
    /// may be logged now; `None` (and one more held back) otherwise.
    pub fn allow(&self) -> Option<u64> {
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        match window.as_mut() {
            Some((start, lines)) if start.elapsed() < Self::WINDOW => {
                if *lines >= Self::BURST {
                    self.held_back.fetch_add(1, Ordering::Relaxed);
                    return None;
                }
                *lines += 1;
            }
            _ => *window = Some((Instant::now(), 1)),
        }
        Some(self.held_back.swap(0, Ordering::Relaxed))
    }
}

impl Default for Throttle {
    fn default() -> Throttle {
        Throttle::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeout_headers_read_as_the_protocol_writes_them() {
        assert_eq!(grpc_timeout("300m"), Some(Duration::from_millis(300)));
        assert_eq!(grpc_timeout("2S"), Some(Duration::from_secs(2)));
        assert_eq!(grpc_timeout("1H"), Some(Duration::from_secs(3600)));
        assert_eq!(
            grpc_timeout("99999999n"),
            Some(Duration::from_nanos(99_999_999))
        );
        for bad in ["", "m", "123", "123456789S", "12x", "-5S", "1.5S"] {
            assert_eq!(grpc_timeout(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_throttle_lets_a_burst_through_and_counts_the_rest() {
        let throttle = Throttle::new();
        for _ in 0..Throttle::BURST {
            assert_eq!(throttle.allow(), Some(0));
        }
        assert_eq!(throttle.allow(), None);
        assert_eq!(throttle.allow(), None);
        if let Some((start, _)) = throttle.window.lock().unwrap().as_mut() {
            *start -= Throttle::WINDOW;
        }
        assert_eq!(throttle.allow(), Some(2));
    }
}
