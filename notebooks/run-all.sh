#!/usr/bin/env bash
# Executes every notebook (notebooks/[0-9]*.ipynb) headless with the evcxr Rust kernel and fails on any
# error output, panic or compile error (check_outputs.py inspects the executed notebook: nbconvert can exit 0
# after a panic). The executed copies go to a temporary folder: the stored notebooks are never changed,
# unless --store is given, which executes them in place so that they are stored with fresh outputs.
#
#   notebooks/run-all.sh            check (CI runs this; needs jupyter and the evcxr kernel, see README.md)
#   notebooks/run-all.sh --store    re-execute and store the outputs (after editing a notebook)
#
# Environment: JUPYTER (default: jupyter on PATH), PYTHON (default: python3), NOTEBOOK_TIMEOUT (seconds per
# cell, default 1800: the first cell compiles ghgkit), EVCXR_TMPDIR (evcxr's build folder, kept between runs
# so that the dependencies compile once; default ${TMPDIR:-/tmp}/ghgkit-evcxr-$UID). evcxr 0.22 cannot load
# its compiled code from a path with a dot in it ("dlopen failed", the kernel dies), hence not ~/.cache.
set -euo pipefail
cd "$(dirname "$0")"

store=false
if [[ "${1:-}" == "--store" ]]; then
    store=true
fi
JUPYTER=${JUPYTER:-jupyter}
PYTHON=${PYTHON:-python3}
timeout=${NOTEBOOK_TIMEOUT:-1800}
export EVCXR_TMPDIR=${EVCXR_TMPDIR:-${TMPDIR:-/tmp}/ghgkit-evcxr-$(id -u)}
if [[ "$EVCXR_TMPDIR" == *.* ]]; then
    echo "EVCXR_TMPDIR=$EVCXR_TMPDIR has a dot in its path: evcxr cannot load its code from there; choose another folder" >&2
    exit 2
fi
mkdir -p "$EVCXR_TMPDIR"
# evcxr builds in EVCXR_TMPDIR/target and looks for its output there.
unset CARGO_TARGET_DIR

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

passed=0
failed=0
for nb in [0-9]*.ipynb; do
    start=$(date +%s)
    if $store; then
        args=(--inplace)
        executed=$nb
    else
        args=(--output-dir "$out")
        executed=$out/$nb
    fi
    # --allow-errors: every cell runs, and check_outputs.py reports each error with its message.
    if "$JUPYTER" nbconvert --to notebook --execute --allow-errors "${args[@]}" \
        --ExecutePreprocessor.timeout="$timeout" --ExecutePreprocessor.kernel_name=rust \
        "$nb" >"$out/$nb.log" 2>&1 && "$PYTHON" check_outputs.py "$executed"; then
        passed=$((passed + 1))
        echo "notebook $nb: ok ($(($(date +%s) - start)) s)"
    else
        failed=$((failed + 1))
        echo "notebook $nb: FAILED ($(($(date +%s) - start)) s)"
        tail -n 40 "$out/$nb.log"
    fi
done
echo "notebooks: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
