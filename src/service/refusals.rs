//! Requests answered with an error before any handler saw them.
//!
//! tonic answers some requests itself: a message over
//! `--max-message-bytes`, a gzip body that unpacks past it, bytes that are
//! not protobuf, a method or service this server does not have. The client
//! gets the right status, but no handler runs, so without this layer the
//! server's log would show nothing of traffic it refused. [`RefusalLog`]
//! logs each such answer at `warn`, with the method's path, and gives an
//! unknown method's UNIMPLEMENTED (which tonic sends without a message) a
//! message naming the path and the services that do exist.
//!
//! Handlers mark a request as theirs with [`mark_reached`]; their own
//! errors are logged where they happen, with the handler's context.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use tonic::{Code, Status};

/// Set once a handler has the request (see [`mark_reached`]).
#[derive(Clone, Debug, Default)]
struct Reached(Arc<AtomicBool>);

/// Notes that a handler received this request, so that its error answer,
/// if any, is not logged again as a refusal.
pub fn mark_reached<T>(request: &tonic::Request<T>) {
    if let Some(reached) = request.extensions().get::<Reached>() {
        reached.0.store(true, Ordering::Relaxed);
    }
}

/// The [`tower::Layer`] that adds [`RefusalLog`] to a server.
#[derive(Clone, Debug)]
pub struct RefusalLogLayer {
    services: Arc<str>,
}

impl RefusalLogLayer {
    /// A layer for a server offering `services` (full names, named in the
    /// message of an unknown method's UNIMPLEMENTED).
    pub fn new(services: &[&str]) -> RefusalLogLayer {
        RefusalLogLayer {
            services: services.join(", ").into(),
        }
    }
}

impl<S> tower::Layer<S> for RefusalLogLayer {
    type Service = RefusalLog<S>;

    fn layer(&self, inner: S) -> RefusalLog<S> {
        RefusalLog {
            inner,
            services: Arc::clone(&self.services),
        }
    }
}

/// Logs the error answers no handler gave; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct RefusalLog<S> {
    inner: S,
    services: Arc<str>,
}

/// How a request's body failed, if it did: set by [`Watched`].
#[derive(Clone, Debug, Default)]
struct BodyFailure(Arc<std::sync::OnceLock<String>>);

/// A request body that notes its first error in a [`BodyFailure`]: tonic
/// ends a unary call's body that failed CANCELLED (the client reset its
/// stream) as if it had ended, and answers "Missing request message.", so
/// without this a cancelled call read as an empty body.
#[derive(Debug)]
pub struct Watched<B> {
    inner: B,
    failure: BodyFailure,
}

impl<B> http_body::Body for Watched<B>
where
    B: http_body::Body + Unpin,
    B::Error: std::fmt::Display,
{
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<B::Data>, B::Error>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        if let Poll::Ready(Some(Err(error))) = &polled {
            let _ = this.failure.0.set(error.to_string());
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl<S, B, ResBody> tower::Service<http::Request<B>> for RefusalLog<S>
where
    S: tower::Service<http::Request<Watched<B>>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        let reached = Reached::default();
        request.extensions_mut().insert(reached.clone());
        let path = request.uri().path().to_string();
        let services = Arc::clone(&self.services);
        let failure = BodyFailure::default();
        let request = request.map(|inner| Watched {
            inner,
            failure: failure.clone(),
        });
        let answer = self.inner.call(request);
        Box::pin(async move {
            let mut response = answer.await?;
            if !reached.0.load(Ordering::Relaxed) {
                let failure = failure.0.get().map(String::as_str);
                log_refusal(&path, &services, response.headers_mut(), failure);
            }
            Ok(response)
        })
    }
}

/// What to add to the refusal of a request over `--max-message-bytes`
/// sent to `path`: the flag, and what its caller can do instead. Only the
/// scoring methods take candidates; a page over the limit is far over the
/// 1 MiB a page may have anyway.
pub(crate) fn oversize_hint(path: &str) -> &'static str {
    let method = path.rsplit('/').next().unwrap_or_default();
    match method {
        "ScoreCandidate" | "ScoreCandidates" | "RankCandidates" => {
            " (--max-message-bytes; send fewer candidates per call, or stream them one \
             per message with ScoreCandidates)"
        }
        "PutRole" => " (--max-message-bytes; a page is refused over 1 MiB in any case)",
        _ => " (--max-message-bytes)",
    }
}

/// tonic's status for a request message it could not read, told in the
/// client's terms: which limit (a message over `--max-message-bytes`, sent
/// plain or gzip-compressed), or what was wrong with the frame. `None` for
/// any other status. `path` is the method's, which chooses the size hint.
pub(crate) fn explained(path: &str, status: &Status) -> Option<Status> {
    let message = status.message();
    match status.code() {
        // tonic's size errors read like a transport failure: say which
        // limit it is and what the caller can do.
        Code::OutOfRange if message.contains("decoded message length too large") => Some(
            Status::out_of_range(format!("{message}{}", oversize_hint(path))),
        ),
        // The same limit, met while unpacking a gzip message; the code
        // stays RESOURCE_EXHAUSTED, gRPC's for a message over the limit.
        Code::ResourceExhausted if message.starts_with("Error decompressing: size limit") => Some(
            Status::resource_exhausted(format!("{message}{}", oversize_hint(path))),
        ),
        // The body ended inside a frame: the client cut it off or wrote a
        // wrong length prefix. Its fault, not the server's (tonic says
        // INTERNAL).
        Code::Internal if message == UNEXPECTED_EOF => Some(Status::invalid_argument(
            "the request ended in the middle of a message frame (\"Unexpected EOF decoding \
             stream.\"): a frame is a 1-byte compressed flag, a 4-byte big-endian length, then \
             that many bytes; was the body cut off, or its length prefix wrong?",
        )),
        // gRPC's compression spec says this MUST be INTERNAL: the code
        // stays, the message says how to send it.
        Code::Internal if message.contains("compressed-flag but no grpc-encoding") => {
            Some(Status::internal(format!(
                "{message} (a message whose flag byte is 1 is compressed: send the header \
                 grpc-encoding: gzip with it, the one compression this server reads, or a flag \
                 byte of 0 for a message sent as it is)"
            )))
        }
        _ => None,
    }
}

/// tonic's message for a body that ended inside a frame.
const UNEXPECTED_EOF: &str = "Unexpected EOF decoding stream.";

/// tonic's message for a unary call whose body holds no message.
const MISSING_MESSAGE: &str = "Missing request message.";

/// Logs a trailers-only error answer (its status in the headers) and names
/// an unknown method in its message; `body_failure` is how the request's
/// body failed, if it did.
fn log_refusal(
    path: &str,
    services: &str,
    headers: &mut http::HeaderMap,
    body_failure: Option<&str>,
) {
    let code = match headers.get(Status::GRPC_STATUS) {
        Some(code) if code.as_bytes() != b"0" => Code::from_bytes(code.as_bytes()),
        _ => return,
    };
    // The health service answers NOT_FOUND for a service it does not know:
    // a normal answer of its protocol, not a refusal.
    if code == Code::NotFound && path.starts_with("/grpc.health.") {
        return;
    }
    let mut message = Status::from_header_map(headers)
        .map(|status| status.message().to_string())
        .unwrap_or_default();
    if let Some(status) = explained(path, &Status::new(code, message.as_str())) {
        // A message that cannot be a header value leaves the answer as
        // tonic made it.
        let _ = status.add_header(headers);
        log(path, status.code(), status.message());
        return;
    }
    let (code, hint) = match code {
        Code::Unimplemented if message.is_empty() => {
            message = format!("unknown method {path}; this server offers {services}");
            (code, Some(String::new()))
        }
        // The client reset the call before its message was sent (a
        // deadline, a cancel): not a refusal, and it will see no answer.
        // Logged at debug: a client's deadlines are its own business.
        Code::Internal if message == MISSING_MESSAGE && body_failure.is_some() => {
            tracing::debug!(
                path,
                cause = body_failure.unwrap_or_default(),
                "call cancelled by the client before its request message arrived"
            );
            let _ = Status::cancelled(
                "the call was cancelled by the client before its request message arrived",
            )
            .add_header(headers);
            return;
        }
        // A unary (or server-streaming) call whose body ended without a
        // message (an empty grpc-web POST): tonic says INTERNAL, as if the
        // server had failed. gRPC's status-code table calls it a request
        // cardinality violation, answered UNIMPLEMENTED by the server.
        Code::Internal if message == MISSING_MESSAGE => {
            message = format!(
                "request cardinality violation: the call ended without a request message \
                 (an empty body?); {path} takes exactly one (an empty message is a frame of \
                 length 0)"
            );
            (Code::Unimplemented, Some(String::new()))
        }
        _ => (code, None),
    };
    if let Some(hint) = hint {
        message.push_str(&hint);
        // Replaces the grpc-message; a message that cannot be a header
        // value leaves the answer as tonic made it.
        let _ = Status::new(code, message.as_str()).add_header(headers);
    }
    log(path, code, &message);
}

/// Logs one refusal, throttled.
fn log(path: &str, code: Code, message: &str) {
    // One line per refused call would let a flood of bad calls flood the
    // log too.
    static REFUSALS: super::calls::Throttle = super::calls::Throttle::new();
    if let Some(refused_since_last_log) = REFUSALS.allow() {
        tracing::warn!(
            path,
            ?code,
            message,
            refused_since_last_log,
            "request refused before any handler"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(code: &str, message: Option<&str>) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert(Status::GRPC_STATUS, code.parse().unwrap());
        if let Some(message) = message {
            headers.insert(Status::GRPC_MESSAGE, message.parse().unwrap());
        }
        headers
    }

    #[test]
    fn an_unknown_method_gets_a_message_naming_it() {
        let mut unimplemented = headers("12", None);
        log_refusal(
            "/rolefit.v1.Nope/Score",
            "a.B, c.D",
            &mut unimplemented,
            None,
        );
        let status = Status::from_header_map(&unimplemented).unwrap();
        assert_eq!(status.code(), Code::Unimplemented);
        assert_eq!(
            status.message(),
            "unknown method /rolefit.v1.Nope/Score; this server offers a.B, c.D"
        );
    }

    #[test]
    fn an_oversized_request_is_told_which_limit_and_what_to_do() {
        let mut oversized = headers(
            "11",
            Some("Error, decoded message length too large: found 16384506 bytes, the limit is: 4194304 bytes"),
        );
        log_refusal(
            "/rolefit.v1.RoleFitService/RankCandidates",
            "",
            &mut oversized,
            None,
        );
        let status = Status::from_header_map(&oversized).unwrap();
        assert_eq!(status.code(), Code::OutOfRange);
        assert!(
            status.message().contains("found 16384506 bytes")
                && status.message().contains("--max-message-bytes")
                && status.message().contains("ScoreCandidates"),
            "{}",
            status.message()
        );
    }

    #[test]
    fn a_call_without_its_message_is_a_cardinality_violation() {
        let mut missing = headers("13", Some("Missing%20request%20message."));
        log_refusal(
            "/rolefit.v1.RoleFitService/ListRoles",
            "",
            &mut missing,
            None,
        );
        let status = Status::from_header_map(&missing).unwrap();
        assert_eq!(status.code(), Code::Unimplemented);
        assert!(
            status.message().contains("without a request message")
                && status
                    .message()
                    .contains("/rolefit.v1.RoleFitService/ListRoles"),
            "{}",
            status.message()
        );
    }

    /// tonic ends a body that failed CANCELLED as if it had ended: the
    /// same "Missing request message." is a cancelled call, not an empty
    /// one, when the body failed.
    #[test]
    fn a_call_cancelled_before_its_message_is_not_a_cardinality_violation() {
        let mut missing = headers("13", Some("Missing%20request%20message."));
        log_refusal(
            "/rolefit.v1.RoleFitService/RankCandidates",
            "",
            &mut missing,
            Some("h2 protocol error: stream no longer needed"),
        );
        let status = Status::from_header_map(&missing).unwrap();
        assert_eq!(status.code(), Code::Cancelled);
        assert!(
            status.message().contains("cancelled by the client"),
            "{}",
            status.message()
        );
    }

    #[test]
    fn other_answers_are_left_as_they_are() {
        for (code, message) in [("0", None), ("3", Some("bad")), ("12", Some("mine"))] {
            let mut answer = headers(code, message);
            let before = answer.clone();
            log_refusal(
                "/rolefit.v1.RoleFitService/ScoreCandidate",
                "a.B",
                &mut answer,
                None,
            );
            assert_eq!(answer, before);
        }
    }
}
