//! The `rolefit.v1.RoleFitService` implementation.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use futures_util::stream::FuturesOrdered;
use futures_util::{Stream, StreamExt};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status, Streaming};

use super::calls::Throttle;
use super::config::ServiceLimits;
use super::pb;
use super::pb::role_fit_service_server::RoleFitService;
use super::state::{CatalogState, UpdateError};
use super::{convert, on_rayon, refusals};
use crate::scoring::Engine;

/// The RoleFitService handler: shared state plus limits.
#[derive(Debug, Clone)]
pub struct Handler {
    state: Arc<CatalogState>,
    limits: Arc<ServiceLimits>,
    inflight: Arc<Semaphore>,
    /// Open ScoreCandidates streams (see `--max-streams`).
    streams: Arc<Semaphore>,
    /// Answer bytes all ScoreCandidates streams hold or are making.
    streams_holding: Arc<AtomicUsize>,
    /// Turns true when a shutdown has waited `--drain-timeout`: streams
    /// still open end with UNAVAILABLE, saying how far they got.
    stop_streams: tokio::sync::watch::Receiver<bool>,
}

impl Handler {
    /// A handler serving `state` under `limits`; its open ScoreCandidates
    /// streams end (UNAVAILABLE) once `stop_streams` turns true.
    pub fn new(
        state: Arc<CatalogState>,
        limits: ServiceLimits,
        stop_streams: tokio::sync::watch::Receiver<bool>,
    ) -> Handler {
        Handler {
            inflight: Arc::new(Semaphore::new(limits.max_inflight)),
            streams: Arc::new(Semaphore::new(limits.max_streams)),
            streams_holding: Arc::default(),
            stop_streams,
            limits: Arc::new(limits),
            state,
        }
    }

    pub(super) fn permit(&self) -> Result<OwnedSemaphorePermit, Status> {
        Arc::clone(&self.inflight).try_acquire_owned().map_err(|_| {
            Status::resource_exhausted(format!(
                "server overloaded: too many scoring requests in flight (limit --max-inflight {})",
                self.limits.max_inflight
            ))
        })
    }

    /// A stream's slot among the `--max-streams`, and its in-flight permit.
    pub(super) fn stream_permits(
        &self,
    ) -> Result<(OwnedSemaphorePermit, OwnedSemaphorePermit), Status> {
        let stream = Arc::clone(&self.streams).try_acquire_owned().map_err(|_| {
            Status::resource_exhausted(format!(
                "server overloaded: too many ScoreCandidates streams open (limit --max-streams {}); \
                 single calls are still served",
                self.limits.max_streams
            ))
        })?;
        Ok((stream, self.permit()?))
    }
}

/// Logs one finished request: debug on success, warn on error.
fn logged<T>(rpc: &'static str, started: Instant, result: Result<T, Status>) -> Result<T, Status> {
    let micros = started.elapsed().as_micros() as u64;
    match &result {
        Ok(_) => tracing::debug!(rpc, micros, "ok"),
        Err(status) => {
            // A client sending bad calls in a loop, or an overload shedding
            // thousands, must not flood the log.
            static FAILED: Throttle = Throttle::new();
            if let Some(more) = FAILED.allow() {
                tracing::warn!(
                    rpc,
                    micros,
                    code = ?status.code(),
                    message = status.message(),
                    failed_since_last_log = more,
                    "failed"
                )
            }
        }
    }
    result
}

fn update_error(err: UpdateError) -> Status {
    match err {
        UpdateError::InvalidPageId(e) => Status::invalid_argument(format!("page_id: {e}")),
        UpdateError::NotFound(id) => Status::not_found(format!("page {id:?} not found")),
        UpdateError::Compile(e) => Status::invalid_argument(format!("markdown: {e}")),
        UpdateError::LeavesOut(reason) => Status::invalid_argument(format!("markdown: {reason}")),
        e @ UpdateError::TooManyPages { .. } => Status::failed_precondition(e.to_string()),
        e @ (UpdateError::Store(_) | UpdateError::Internal(_)) => Status::internal(e.to_string()),
    }
}

fn check_role_ids(engine: &Engine, role_ids: &[String]) -> Result<(), Status> {
    if let Some(empty) = role_ids.iter().position(|id| id.trim().is_empty()) {
        return Err(Status::invalid_argument(format!(
            "role_ids[{empty}]: must not be empty (leave role_ids out to score every role)"
        )));
    }
    match role_ids
        .iter()
        .find(|id| engine.catalog().role(id).is_none())
    {
        Some(id) => {
            let status = convert::score_error(engine.unknown_role(id));
            Err(Status::not_found(format!("role_ids: {}", status.message())))
        }
        None => Ok(()),
    }
}

/// Scores one request on the rayon pool with the engine serving now.
/// Bytes of a stream's answers made and not yet taken by the transport,
/// and a signal each time it takes one. The total of every stream counts
/// them too, and the answers being made, at the size reserved for them
/// when their message was read: slow streams together hold what the
/// budget allows, not that plus each stream's answers under way.
struct HeldBytes {
    bytes: AtomicUsize,
    reserved: AtomicUsize,
    taken: tokio::sync::Notify,
    all_streams: Arc<AtomicUsize>,
}

impl HeldBytes {
    fn new(all_streams: Arc<AtomicUsize>) -> HeldBytes {
        HeldBytes {
            bytes: AtomicUsize::new(0),
            reserved: AtomicUsize::new(0),
            taken: tokio::sync::Notify::new(),
            all_streams,
        }
    }

    fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Acquire)
    }

    fn all_streams(&self) -> usize {
        self.all_streams.load(Ordering::Acquire)
    }

    /// Counts an answer about to be made, at `size`.
    fn reserve(&self, size: usize) {
        self.reserved.fetch_add(size, Ordering::AcqRel);
        self.all_streams.fetch_add(size, Ordering::AcqRel);
    }

    /// An answer reserved at `reserved` was made, at `size`.
    fn add(&self, reserved: usize, size: usize) {
        self.reserved.fetch_sub(reserved, Ordering::AcqRel);
        self.bytes.fetch_add(size, Ordering::AcqRel);
        self.all_streams.fetch_add(size, Ordering::AcqRel);
        self.all_streams.fetch_sub(reserved, Ordering::AcqRel);
    }

    fn take(&self, size: usize) {
        self.bytes.fetch_sub(size, Ordering::AcqRel);
        self.all_streams.fetch_sub(size, Ordering::AcqRel);
        self.taken.notify_one();
    }
}

impl Drop for HeldBytes {
    /// What a stream still held or had reserved when it ended (its client
    /// went away) leaves the total with it.
    fn drop(&mut self) {
        let left = *self.bytes.get_mut() + *self.reserved.get_mut();
        self.all_streams.fetch_sub(left, Ordering::AcqRel);
    }
}

async fn score_one(
    state: &CatalogState,
    limits: &ServiceLimits,
    req: pb::ScoreCandidateRequest,
) -> Result<pb::ScoreCandidateResponse, Status> {
    let (candidate, options) = convert::score_request(req, limits)?;
    let engine = state.engine();
    check_role_ids(&engine, &options.role_ids)?;
    let scores = on_rayon(move || engine.score(&candidate, &options)).await?;
    let answer = scores.map(convert::scores).map_err(convert::score_error)?;
    // Said here, with what to do, rather than by the transport's encoder
    // (which ends a whole stream over one answer).
    let size = prost::Message::encoded_len(&answer);
    if size > limits.max_message_bytes {
        return Err(Status::out_of_range(format!(
            "the answer is {size} bytes, over the {}-byte limit (--max-message-bytes): ask \
             for fewer roles (top_k, role_ids) or without explain",
            limits.max_message_bytes
        )));
    }
    Ok(answer)
}

type ScoreStream =
    Pin<Box<dyn Stream<Item = Result<pb::ScoreCandidateResponse, Status>> + Send + 'static>>;

#[tonic::async_trait]
impl RoleFitService for Handler {
    async fn list_roles(
        &self,
        request: Request<pb::ListRolesRequest>,
    ) -> Result<Response<pb::ListRolesResponse>, Status> {
        refusals::mark_reached(&request);
        let started = Instant::now();
        let prefix = request.into_inner().role_id_prefix;
        let engine = self.state.engine();
        let roles = engine
            .catalog()
            .roles()
            .iter()
            .filter(|r| r.role_id.starts_with(&prefix))
            .map(convert::role_summary)
            .collect();
        logged(
            "ListRoles",
            started,
            Ok(Response::new(pb::ListRolesResponse {
                roles,
                catalog_version: engine.version().to_string(),
            })),
        )
    }

    async fn get_role(
        &self,
        request: Request<pb::GetRoleRequest>,
    ) -> Result<Response<pb::GetRoleResponse>, Status> {
        refusals::mark_reached(&request);
        let started = Instant::now();
        let role_id = request.into_inner().role_id;
        let engine = self.state.engine();
        let result = match engine.catalog().role(&role_id) {
            Some(role) => Ok(Response::new(pb::GetRoleResponse {
                role: Some(convert::role(role, engine.taxonomy())),
                catalog_version: engine.version().to_string(),
            })),
            None if role_id.is_empty() => Err(Status::invalid_argument("role_id: is required")),
            None => Err(convert::score_error(engine.unknown_role(&role_id))),
        };
        logged("GetRole", started, result)
    }

    async fn put_role(
        &self,
        request: Request<pb::PutRoleRequest>,
    ) -> Result<Response<pb::PutRoleResponse>, Status> {
        refusals::mark_reached(&request);
        let started = Instant::now();
        let req = request.into_inner();
        let result = match self.state.put(&req.page_id, req.markdown).await {
            Ok(put) => {
                tracing::info!(
                    page_id = req.page_id,
                    version = put.engine.version(),
                    removed = put.removed_role_ids.len(),
                    changed = put.changed_role_ids.len(),
                    "page put"
                );
                Ok(Response::new(pb::PutRoleResponse {
                    roles: put.roles.iter().map(convert::role_summary).collect(),
                    catalog_version: put.engine.version().to_string(),
                    removed_role_ids: put.removed_role_ids,
                    changed_role_ids: put.changed_role_ids,
                    warnings: put.warnings,
                }))
            }
            Err(e) => Err(update_error(e)),
        };
        logged("PutRole", started, result)
    }

    async fn delete_role(
        &self,
        request: Request<pb::DeleteRoleRequest>,
    ) -> Result<Response<pb::DeleteRoleResponse>, Status> {
        refusals::mark_reached(&request);
        let started = Instant::now();
        let page_id = request.into_inner().page_id;
        let result = match self.state.delete(&page_id).await {
            Ok(deleted) => {
                tracing::info!(
                    page_id,
                    version = deleted.engine.version(),
                    removed = deleted.removed_role_ids.len(),
                    changed = deleted.changed_role_ids.len(),
                    restored_built_in = deleted.restored_base,
                    "page deleted"
                );
                Ok(Response::new(pb::DeleteRoleResponse {
                    catalog_version: deleted.engine.version().to_string(),
                    removed_role_ids: deleted.removed_role_ids,
                    restored_built_in: deleted.restored_base,
                    changed_role_ids: deleted.changed_role_ids,
                }))
            }
            Err(e) => Err(update_error(e)),
        };
        logged("DeleteRole", started, result)
    }

    async fn score_candidate(
        &self,
        request: Request<pb::ScoreCandidateRequest>,
    ) -> Result<Response<pb::ScoreCandidateResponse>, Status> {
        refusals::mark_reached(&request);
        let started = Instant::now();
        let result = match self.permit() {
            Ok(_permit) => score_one(&self.state, &self.limits, request.into_inner())
                .await
                .map(Response::new),
            Err(status) => Err(status),
        };
        logged("ScoreCandidate", started, result)
    }

    type ScoreCandidatesStream = ScoreStream;

    async fn score_candidates(
        &self,
        request: Request<Streaming<pb::ScoreCandidateRequest>>,
    ) -> Result<Response<Self::ScoreCandidatesStream>, Status> {
        refusals::mark_reached(&request);
        let started = Instant::now();
        // One permit for the whole stream; the window bounds its parallelism.
        let permits = match self.stream_permits() {
            Ok(permits) => permits,
            Err(status) => return logged("ScoreCandidates", started, Err(status)),
        };
        let idle = self.limits.stream_idle_timeout;
        // A client that stops sending (without closing its side) would
        // hold the permit forever.
        let inbound = Box::pin(tokio_stream::StreamExt::timeout(request.into_inner(), idle)).map(
            move |message| {
                message.unwrap_or_else(|_| {
                    Err(Status::deadline_exceeded(format!(
                        "no message from the client for {} s: stream closed \
                         (--stream-idle-timeout; close your side of the stream when done)",
                        idle.as_secs_f64()
                    )))
                })
            },
        );
        let window = self.limits.stream_window;
        let window_bytes = self.limits.stream_window_bytes;
        let memory_bytes = self.limits.stream_memory_bytes;
        let (tx, rx) = mpsc::channel::<(Result<pb::ScoreCandidateResponse, Status>, usize)>(window);
        // Bytes of answers made and not yet taken by the transport: a
        // client that reads slowly holds them, so they bound how many more
        // of its messages are read.
        let held = Arc::new(HeldBytes::new(Arc::clone(&self.streams_holding)));
        let state = Arc::clone(&self.state);
        let limits = Arc::clone(&self.limits);
        let producer_held = Arc::clone(&held);
        let mut stop = self.stop_streams.clone();
        tokio::spawn(async move {
            let _permits = permits;
            let held = producer_held;
            let mut inbound = inbound.enumerate();
            let mut inbound_done = false;
            // Each answer with the bytes reserved for it.
            let mut scoring: FuturesOrdered<
                Pin<
                    Box<
                        dyn Future<Output = (Result<pb::ScoreCandidateResponse, Status>, usize)>
                            + Send,
                    >,
                >,
            > = FuturesOrdered::new();
            // This stream's largest answer so far stands in for those being
            // made (explained answers of every role are a thousand times the
            // size of a top-3 answer; one stream asks for one kind).
            let mut largest = 0usize;
            let mut count = 0usize;
            // How the stream ended, for the log.
            let mut ended = "done";
            while !(inbound_done && scoring.is_empty()) {
                // With nothing held and nothing being made, one more is let
                // in however large answers are (so every stream goes on,
                // whatever the others hold); until the first answer shows
                // their size, one at a time.
                let idle = held.bytes() == 0 && scoring.is_empty();
                let expected = held.bytes() + scoring.len() * largest;
                let in_flight = if largest == 0 { 1 } else { window };
                let room = !inbound_done
                    && scoring.len() < in_flight
                    && expected < window_bytes
                    && (idle || held.all_streams() + largest <= memory_bytes);
                tokio::select! {
                    biased;
                    Some((result, reserved)) = scoring.next(), if !scoring.is_empty() => {
                        let failed = result.is_err();
                        if let Err(status) = &result {
                            static STREAM_FAILED: Throttle = Throttle::new();
                            if let Some(more) = STREAM_FAILED.allow() {
                                tracing::warn!(
                                    rpc = "ScoreCandidates",
                                    code = ?status.code(),
                                    message = status.message(),
                                    failed_since_last_log = more,
                                    "stream failed"
                                );
                            }
                        }
                        let size = result.as_ref().map_or(0, convert::held_bytes);
                        largest = largest.max(size);
                        held.add(reserved, size);
                        // A client that stopped reading leaves this send
                        // waiting; the drain timeout must still end it.
                        let sent = tokio::select! {
                            biased;
                            sent = tx.send((result, size)) => sent.is_ok(),
                            true = async { stop.wait_for(|stop| *stop).await.is_ok() } => {
                                unread_at_stop(count, tx.max_capacity() - tx.capacity());
                                ended = "closed at the drain timeout, answers unread";
                                break;
                            }
                        };
                        if !sent || failed {
                            ended = if sent { "failed" } else { "client gone" };
                            break; // the client went away, or the stream ends on its error
                        }
                        count += 1;
                    }
                    message = inbound.next(), if room => match message {
                        // The connection failed under the stream (the client
                        // was killed, its network went): nothing more can be
                        // read or sent. Not a failure of the stream's work,
                        // so not logged as one ("stream failed ... h2
                        // protocol error" at warn read as a server fault).
                        Some((_, Err(status))) if connection_failure(&status).is_some() => {
                            let cause = connection_failure(&status).unwrap_or_default();
                            tracing::info!(
                                rpc = "ScoreCandidates",
                                answered = count,
                                cause,
                                "the client's connection failed mid-stream; the stream ends"
                            );
                            ended = "connection failed";
                            break;
                        }
                        Some((index, message)) => {
                            let state = Arc::clone(&state);
                            let limits = Arc::clone(&limits);
                            held.reserve(largest);
                            let reserved = largest;
                            scoring.push_back(Box::pin(async move {
                                // The message's index leads every error but the
                                // stream's idleness, which is no message's.
                                let indexed = |status: Status| {
                                    if status.code() == tonic::Code::DeadlineExceeded {
                                        return status;
                                    }
                                    Status::new(
                                        status.code(),
                                        format!("message {index}: {}", status.message()),
                                    )
                                };
                                let scored = match message {
                                    // e.g. over --max-message-bytes (plain or gzip),
                                    // a cut-off frame: ends the stream, told as the
                                    // unary refusal tells it (tonic's words name no
                                    // flag, and call a client's bad frame INTERNAL).
                                    Err(status) => Err(indexed(
                                        refusals::explained(
                                            "/rolefit.v1.RoleFitService/ScoreCandidates",
                                            &status,
                                        )
                                        .unwrap_or(status),
                                    )),
                                    Ok(req) => {
                                        let candidate_id = req
                                            .candidate
                                            .as_ref()
                                            .map(|c| c.id.clone())
                                            .unwrap_or_default();
                                        match score_one(&state, &limits, req).await {
                                            // What one record gets wrong (or asks too
                                            // large an answer for) is answered in its
                                            // place; the records after it are still
                                            // scored.
                                            Err(status)
                                                if matches!(
                                                    status.code(),
                                                    tonic::Code::InvalidArgument
                                                        | tonic::Code::NotFound
                                                        | tonic::Code::OutOfRange
                                                ) =>
                                            {
                                                Ok(convert::candidate_error(
                                                    candidate_id,
                                                    &indexed(status),
                                                ))
                                            }
                                            scored => scored.map_err(indexed),
                                        }
                                    }
                                };
                                (scored, reserved)
                            }));
                        }
                        None => inbound_done = true,
                    },
                    // Over budget with nothing being made: wait until the
                    // client takes an answer, or goes away.
                    () = held.taken.notified(), if !inbound_done && scoring.is_empty() => {}
                    () = tx.closed() => {
                        ended = "client gone";
                        break;
                    }
                    true = async { stop.wait_for(|stop| *stop).await.is_ok() } => {
                        let status = Status::unavailable(format!(
                            "server shutting down: this stream was still open after \
                             --drain-timeout; {count} message(s) answered, send the rest again \
                             to another server or after the restart"
                        ));
                        // Not waiting: with the answers before it unread, the
                        // status could not go out anyway.
                        let unread = tx.max_capacity() - tx.capacity();
                        ended = match tx.try_send((Err(status), 0)) {
                            Ok(()) if unread == 0 => "closed at the drain timeout",
                            Ok(()) | Err(mpsc::error::TrySendError::Full(_)) => {
                                unread_at_stop(count, unread);
                                "closed at the drain timeout, answers unread"
                            }
                            Err(mpsc::error::TrySendError::Closed(_)) => "client gone",
                        };
                        break;
                    }
                }
            }
            tracing::debug!(
                rpc = "ScoreCandidates",
                messages = count,
                micros = started.elapsed().as_micros() as u64,
                ended,
                "stream done"
            );
        });
        let outbound = ReceiverStream::new(rx).map(move |(result, size)| {
            held.take(size);
            result
        });
        Ok(Response::new(Box::pin(outbound)))
    }

    async fn rank_candidates(
        &self,
        request: Request<pb::RankCandidatesRequest>,
    ) -> Result<Response<pb::RankCandidatesResponse>, Status> {
        refusals::mark_reached(&request);
        let started = Instant::now();
        let result = async {
            let req = request.into_inner();
            let limits = &self.limits;
            if req.candidates.len() > limits.max_rank_candidates {
                return Err(Status::invalid_argument(format!(
                    "candidates: {} candidates, the limit is {} (--max-rank-candidates)",
                    req.candidates.len(),
                    limits.max_rank_candidates
                )));
            }
            // The answer is at most the candidates sent, which
            // --max-rank-candidates already bounds: --max-top-k (for
            // roles) would refuse "the best 5,000 of 10,000".
            let top_k = usize::try_from(req.top_k).unwrap_or(usize::MAX);
            if req.role_id.is_empty() {
                return Err(Status::invalid_argument("role_id: is required"));
            }
            let engine = self.state.engine();
            if engine.catalog().role(&req.role_id).is_none() {
                return Err(convert::score_error(engine.unknown_role(&req.role_id)));
            }
            let (candidates, rejected) =
                convert::rank_candidates(req.candidates, req.skip_invalid, limits)?;
            let _permit = self.permit()?;
            let role_id = req.role_id;
            let version = engine.version().to_string();
            let ranked = on_rayon(move || engine.rank(&role_id, &candidates, top_k))
                .await?
                .map_err(convert::score_error)?;
            Ok(Response::new(pb::RankCandidatesResponse {
                ranked: ranked.into_iter().map(convert::ranked).collect(),
                catalog_version: version,
                rejected,
            }))
        }
        .await;
        logged("RankCandidates", started, result)
    }
}

/// The chain of causes when `status`, an error reading a stream's
/// messages, is its connection failing (an I/O error such as a broken pipe
/// or a reset, a GOAWAY, a reset stream) rather than a message that was
/// wrong: e.g. "error reading a body from connection: Broken pipe (os error
/// 32)". tonic reports those as UNKNOWN or INTERNAL "h2 protocol error",
/// the same codes as a real fault; the h2 error among the causes tells them
/// apart.
fn connection_failure(status: &Status) -> Option<String> {
    let first: &(dyn std::error::Error + 'static) = std::error::Error::source(status)?;
    let causes: Vec<_> = std::iter::successors(Some(first), |cause| cause.source()).collect();
    let at = causes.iter().position(|cause| cause.is::<h2::Error>())?;
    // The h2 error and what hyper was doing when it came ("error reading a
    // body from connection"); the causes before those are statuses that
    // print their own causes again.
    Some(
        causes[at.saturating_sub(1)..=at]
            .iter()
            .map(|cause| cause.to_string())
            .collect::<Vec<_>>()
            .join(": "),
    )
}

/// Logs a stream closed at the drain timeout while `unread` answers waited
/// for its client to read them: its status cannot overtake them, so a
/// client that does not read them before the server exits sees its
/// connection close (UNAVAILABLE from its library), not the "server
/// shutting down" status, and the log is the only place that says why.
fn unread_at_stop(answered: usize, unread: usize) {
    tracing::warn!(
        rpc = "ScoreCandidates",
        answered,
        unread,
        "drain timeout: closing a stream whose client had not read its last answers; \
         unless it reads them now, it sees the connection close (UNAVAILABLE), not a status"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tonic's status for a stream whose connection failed: UNKNOWN or
    /// INTERNAL "h2 protocol error", an h2 error among its causes (here
    /// one level down, as when the body's error was a status already).
    #[test]
    fn a_failed_connection_is_told_from_a_bad_message() {
        let h2 = Status::from_error(Box::new(h2::Error::from(h2::Reason::INTERNAL_ERROR)));
        assert_eq!(h2.code(), tonic::Code::Internal);
        let cause = connection_failure(&h2).expect("an h2 error");
        assert!(cause.contains("internal error"), "{cause}");
        let mut wrapped = Status::unknown("h2 protocol error: error reading a body");
        wrapped.set_source(Arc::new(h2));
        assert!(connection_failure(&wrapped).is_some());

        // What a wrong message gets: no h2 error behind it.
        assert_eq!(
            connection_failure(&Status::internal("Unexpected EOF decoding stream.")),
            None
        );
        let mut io = Status::unknown("read");
        io.set_source(Arc::new(std::io::Error::other("not h2")));
        assert_eq!(connection_failure(&io), None);
    }
}
