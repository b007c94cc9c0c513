#!/usr/bin/env bash
# End-to-end batch comparison with the Python peer (../shared/peer), same
# pool, same run, both writing each candidate's top 3 roles as JSON Lines.
#
#   benches/peer_compare.sh 100000                  # pool size (default 100000)
#   benches/peer_compare.sh 100000 without-resume   # like for like: the peer
#       ignores resume_text, so this runs both on a copy of the pool with
#       that field removed (rolefit then skips reading resumes, as the peer does)
#
# Needs: python3 with numpy, rapidfuzz, orjson (pip install numpy rapidfuzz
# orjson) and GNU time. Pools are generated once into $POOL_DIR (default
# /tmp) with the peer's deterministic generator (seed 7).
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-100000}"
peer_dir="${PEER_DIR:-../shared/peer}"
pool_dir="${POOL_DIR:-/tmp}"
pool="$pool_dir/pool-$n.jsonl"

if [ ! -s "$pool" ]; then
    echo "generating $pool ..." >&2
    python3 "$peer_dir/genpool.py" --n "$n" --seed 7 > "$pool"
fi
case "${2:-}" in
    "") ;;
    without-resume)
        stripped="$pool_dir/pool-$n-without-resume.jsonl"
        if [ ! -s "$stripped" ]; then
            echo "writing $stripped (resume_text removed) ..." >&2
            python3 - "$pool" "$stripped" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8", errors="surrogateescape") as src, \
        open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape") as dst:
    for line in src:
        try:
            record = json.loads(line)
        except ValueError:
            dst.write(line)  # junk lines stay junk for both programs
            continue
        if isinstance(record, dict) and "resume_text" in record:
            del record["resume_text"]
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        dst.write(line)
PY
        fi
        pool="$stripped"
        n_label="$n (without resume_text)"
        ;;
    *) echo "unknown mode '$2' (expected: without-resume)" >&2; exit 2 ;;
esac
cargo build --release --quiet --bin rolefit

measure() { # label, command...
    local label="$1"; shift
    local stats secs kb
    # Both start with the pool in the page cache: the other program's run
    # (the peer holds about 1 GiB) may have pushed it out.
    cat "$pool" > /dev/null
    stats=$(mktemp)
    /usr/bin/time -o "$stats" -f "%e %M" "$@" > /dev/null 2>&1
    read -r secs kb < "$stats"
    rm -f "$stats"
    printf '%-8s %8.2f s %10.0f candidates/s %8.0f MiB peak RSS\n' \
        "$label" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)" >&2
    echo "$secs"
}

peer_secs=$(measure peer env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    python3 "$peer_dir/peer_score.py" --pool "$pool" --roles "$peer_dir/roles_synth.json" \
    --out "$pool_dir/peer-top3-$n.jsonl")
rolefit_secs=$(measure rolefit target/release/rolefit score --input "$pool" \
    --output "$pool_dir/rolefit-top3-$n.jsonl" --top 3 --quiet)
printf 'rolefit is %.1fx the peer on %s candidates (nproc %s)\n' \
    "$(echo "$peer_secs / $rolefit_secs" | bc -l)" "${n_label:-$n}" "$(nproc)" >&2
