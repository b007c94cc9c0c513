//! Compressed sparse rows: the offsets that cut one flat array, sorted by
//! bucket, into per-bucket runs. The engine's posting lists and the typo
//! index's length bands are laid out this way.

/// CSR offsets for `len` buckets from the (sorted) bucket of every entry:
/// bucket `b` holds entries `offsets[b]..offsets[b + 1]`.
pub(crate) fn offsets(len: usize, buckets: impl Iterator<Item = usize>) -> Vec<u32> {
    let mut offsets = vec![0u32; len + 1];
    for bucket in buckets {
        offsets[bucket + 1] += 1;
    }
    for i in 1..offsets.len() {
        offsets[i] += offsets[i - 1];
    }
    offsets
}
