//! HTTP/1.1 POSTs in a content type this server does not read.
//!
//! Over HTTP/1.1 only grpc-web is served, and tonic-web answers any other
//! request with a bare HTTP 400 and an empty body: a browser developer who
//! posted JSON (`application/json`, `application/grpc-web+json`) saw no
//! reason at all. [`MediaTypes`] answers such a POST itself, before
//! tonic-web, saying which content types are read and that JSON is not:
//! as a grpc-web status (UNIMPLEMENTED, in the headers of a trailers-only
//! answer) when the client speaks grpc-web in another encoding, since its
//! library reads `grpc-status`; otherwise as an HTTP 415 with a text body,
//! since a client that is not speaking grpc-web reads no gRPC status.
//! Other HTTP/1.1 requests (a GET, a preflight) are left to tonic-web.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tonic::Status;

/// The content types tonic-web serves, matched exactly as it matches them
/// (no parameters).
const GRPC_WEB_TYPES: [&str; 4] = [
    "application/grpc-web",
    "application/grpc-web+proto",
    "application/grpc-web-text",
    "application/grpc-web-text+proto",
];

/// The [`tower::Layer`] that adds [`MediaTypes`]; it goes outside
/// tonic-web's layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct MediaTypesLayer;

impl<S> tower::Layer<S> for MediaTypesLayer {
    type Service = MediaTypes<S>;

    fn layer(&self, inner: S) -> MediaTypes<S> {
        MediaTypes { inner }
    }
}

/// Answers an HTTP/1.x POST in a content type other than grpc-web's; see
/// the [module docs](self).
#[derive(Clone, Debug)]
pub struct MediaTypes<S> {
    inner: S,
}

impl<S, B> tower::Service<http::Request<B>> for MediaTypes<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<tonic::body::Body>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        match refusal(&request) {
            Some(answer) => {
                let path = request.uri().path().to_string();
                let kind = content_type(&request).to_string();
                static REFUSED: super::calls::Throttle = super::calls::Throttle::new();
                if let Some(more) = REFUSED.allow() {
                    tracing::warn!(
                        path,
                        content_type = kind,
                        status = answer.status().as_u16(),
                        refused_since_last_log = more,
                        "HTTP/1.1 request in a content type that is not grpc-web"
                    );
                }
                Box::pin(std::future::ready(Ok(answer)))
            }
            None => Box::pin(self.inner.call(request)),
        }
    }
}

/// The request's content type, or "" (also for one that is not text).
fn content_type<B>(request: &http::Request<B>) -> &str {
    request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .unwrap_or_default()
}

/// The answer to an HTTP/1.x POST tonic-web would refuse with a bare 400,
/// or `None` to let the request through.
fn refusal<B>(request: &http::Request<B>) -> Option<http::Response<tonic::body::Body>> {
    if request.version() >= http::Version::HTTP_2 || request.method() != http::Method::POST {
        return None;
    }
    let kind = content_type(request);
    if GRPC_WEB_TYPES.contains(&kind) {
        return None;
    }
    let shown = if kind.is_empty() { "none" } else { kind };
    let json = if kind.to_ascii_lowercase().contains("json") {
        "JSON is not supported (messages are protobuf, as in proto/rolefit.proto); "
    } else {
        ""
    };
    let accepted = GRPC_WEB_TYPES.join(", ");
    let message = format!(
        "content type {shown} is not served: {json}over HTTP/1.1 this server reads grpc-web \
         ({accepted}, without parameters), over HTTP/2 gRPC (application/grpc)"
    );
    if kind.starts_with("application/grpc-web") {
        // A grpc-web client in an encoding not served (+json, a
        // parameter): its library reads the status from the headers.
        let mut answer = Status::unimplemented(message).into_http::<tonic::body::Body>();
        answer.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/grpc-web+proto"),
        );
        return Some(answer);
    }
    let mut answer = http::Response::new(tonic::body::Body::new(http_body_util::Full::new(
        bytes::Bytes::from(format!("{message}\n")),
    )));
    *answer.status_mut() = http::StatusCode::UNSUPPORTED_MEDIA_TYPE;
    answer.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(version: http::Version, kind: Option<&str>) -> http::Request<()> {
        let mut request = http::Request::post("/rolefit.v1.RoleFitService/ListRoles")
            .version(version)
            .body(())
            .unwrap();
        if let Some(kind) = kind {
            request
                .headers_mut()
                .insert(http::header::CONTENT_TYPE, kind.parse().unwrap());
        }
        request
    }

    #[test]
    fn grpc_web_and_http2_pass_through() {
        for kind in GRPC_WEB_TYPES {
            assert!(refusal(&post(http::Version::HTTP_11, Some(kind))).is_none());
        }
        for kind in [Some("application/grpc"), Some("application/json"), None] {
            assert!(refusal(&post(http::Version::HTTP_2, kind)).is_none());
        }
        let get = http::Request::get("/").body(()).unwrap();
        assert!(refusal(&get).is_none());
    }

    #[test]
    fn json_is_told_what_is_read() {
        let answer = refusal(&post(http::Version::HTTP_11, Some("application/json"))).unwrap();
        assert_eq!(answer.status(), http::StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let answer = refusal(&post(
            http::Version::HTTP_11,
            Some("application/grpc-web+json"),
        ))
        .unwrap();
        assert_eq!(answer.status(), http::StatusCode::OK);
        let status = Status::from_header_map(answer.headers()).unwrap();
        assert_eq!(status.code(), tonic::Code::Unimplemented);
        assert!(
            status.message().contains("JSON is not supported")
                && status.message().contains("application/grpc-web+proto"),
            "{}",
            status.message()
        );
    }
}
