//! Status messages cut to a length a client accepts.
//!
//! tonic-reflection quotes the symbol or file name it was asked for in its
//! NOT_FOUND message ("symbol '...' not found"): a 1 MB symbol made a
//! 1 MB `grpc-message` trailer, which clients refuse as a whole (grpcio:
//! RESOURCE_EXHAUSTED "received metadata size exceeds hard limit"), so the
//! caller never saw the NOT_FOUND. [`CutStatusMessages`] wraps such a
//! service and cuts the message of the status it answers with (in the
//! trailers, or in the headers of a trailers-only answer) to
//! [`MAX_STATUS_MESSAGE_CHARS`] characters.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http_body::Frame;
use tonic::body::Body;
use tonic::Status;

/// The longest status message sent, in characters (a message is sent
/// percent-encoded: up to three bytes per byte of text, well within the
/// 16 KiB of metadata clients accept).
pub const MAX_STATUS_MESSAGE_CHARS: usize = 1000;

/// A gRPC service whose answers' status messages are cut; see the
/// [module docs](self).
#[derive(Clone, Debug)]
pub struct CutStatusMessages<S>(pub S);

impl<S: tonic::server::NamedService> tonic::server::NamedService for CutStatusMessages<S> {
    const NAME: &'static str = S::NAME;
}

impl<S> tower::Service<http::Request<Body>> for CutStatusMessages<S>
where
    S: tower::Service<http::Request<Body>, Response = http::Response<Body>, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<http::Response<Body>, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let answer = self.0.call(request);
        Box::pin(async move {
            let mut response = answer.await?;
            cut_status_message(response.headers_mut());
            Ok(response.map(|body| Body::new(CutBody(body))))
        })
    }
}

/// A response body whose trailers' status message is cut.
struct CutBody(Body);

impl http_body::Body for CutBody {
    type Data = bytes::Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.0).poll_frame(cx).map(|frame| {
            frame.map(|frame| {
                frame.map(|mut frame| {
                    if let Some(trailers) = frame.trailers_mut() {
                        cut_status_message(trailers);
                    }
                    frame
                })
            })
        })
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.0.size_hint()
    }
}

/// Cuts the `grpc-message` in `headers` to [`MAX_STATUS_MESSAGE_CHARS`]
/// characters (marked with "..."), keeping the code and details.
fn cut_status_message(headers: &mut http::HeaderMap) {
    // A message has no more characters than its header value has bytes:
    // a value within the limit needs no decoding.
    match headers.get(Status::GRPC_MESSAGE) {
        Some(value) if value.len() > MAX_STATUS_MESSAGE_CHARS => {}
        _ => return,
    }
    let Some(status) = Status::from_header_map(headers) else {
        return;
    };
    let message = crate::report::shortened(status.message(), MAX_STATUS_MESSAGE_CHARS);
    if message.len() == status.message().len() {
        return;
    }
    let cut = Status::with_details(status.code(), message, status.details().to_vec().into());
    if cut.add_header(headers).is_err() {
        headers.remove(Status::GRPC_MESSAGE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_cut_and_a_short_one_kept() {
        let mut headers = http::HeaderMap::new();
        Status::not_found(format!("symbol '{}' not found", "é".repeat(100_000)))
            .add_header(&mut headers)
            .unwrap();
        cut_status_message(&mut headers);
        let status = Status::from_header_map(&headers).unwrap();
        assert_eq!(status.code(), tonic::Code::NotFound);
        assert_eq!(
            status.message().chars().count(),
            MAX_STATUS_MESSAGE_CHARS + 3
        );
        assert!(status.message().starts_with("symbol 'éé"));
        assert!(status.message().ends_with("..."));

        let mut headers = http::HeaderMap::new();
        Status::not_found("symbol 'x' not found")
            .add_header(&mut headers)
            .unwrap();
        let before = headers.clone();
        cut_status_message(&mut headers);
        assert_eq!(headers, before);
    }
}
