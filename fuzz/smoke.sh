#!/usr/bin/env bash
# Builds every fuzz target and runs each one briefly, so the targets cannot
# rot. Called from .ci/run; also handy by hand.
#
#   fuzz/smoke.sh                 # every target, 20 s each
#   FUZZ_SMOKE_SECONDS=5 fuzz/smoke.sh parse_document archive
#   FUZZ_SMOKE_FEATURES="--no-default-features --features links" fuzz/smoke.sh
#
# Uses the nightly toolchain when rustup has one, else stable with
# RUSTC_BOOTSTRAP=1. Builds without a sanitizer (the crates forbid unsafe
# code) but with debug assertions, so overflow and other debug checks
# fire. Exits non-zero on the first crash, leaving the input in
# fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${FUZZ_SMOKE_SECONDS:-20}
read -r -a features <<< "${FUZZ_SMOKE_FEATURES:-}"

if ! command -v cargo-fuzz > /dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

toolchain=()
if command -v rustup > /dev/null 2>&1 && rustup toolchain list | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

flags=(-s none --debug-assertions "${features[@]}")

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo "${toolchain[@]}" fuzz list)
fi

start=$(date +%s)
cargo "${toolchain[@]}" fuzz build "${flags[@]}"
built=$(date +%s)
echo "fuzz/smoke.sh: built ${#targets[@]} targets in $((built - start)) s"

for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "seeds/$t"
    echo "fuzz/smoke.sh: $t for ${seconds} s"
    log="artifacts/smoke-$t.log"
    mkdir -p artifacts
    status=0
    cargo "${toolchain[@]}" fuzz run "${flags[@]}" "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        > "$log" 2>&1 || status=$?
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log" >&2
    fi
    if [ "$status" -ne 0 ]; then
        echo "fuzz/smoke.sh: $t FAILED (exit $status); the input is in fuzz/artifacts/$t/" >&2
        exit "$status"
    fi
done
echo "fuzz/smoke.sh: ok, ${#targets[@]} targets in $(( $(date +%s) - start )) s"
