#!/usr/bin/env bash
# Executes every notebook headless as CI would: installs Jupyter (a venv under the CI cache) and the evcxr
# Rust kernel (cargo install) only when missing, then notebooks/run-all.sh, which fails on any error output,
# panic or compile error in the executed notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
# The notebooks need
# Jupyter (pip, in a venv under the CI cache) and the evcxr Rust kernel (cargo install): installed here only
# when missing, so a machine that has them (a developer's, a second CI run) starts at once.
ci_cache=${XDG_CACHE_HOME:-$HOME/.cache}/ghgkit-ci
venv=$ci_cache/venv
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
echo "== notebook tools (Jupyter, evcxr_jupyter): install when missing"
if ! "$venv/bin/jupyter" nbconvert --version >/dev/null 2>&1; then
    python=$(command -v python3.11 || command -v python3)
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "nbconvert>=7,<8" "nbclient>=0.10,<1" "jupyter_client>=8,<9"
fi
if ! command -v evcxr_jupyter >/dev/null 2>&1; then
    cargo install --locked evcxr_jupyter --version 0.22.0
fi
if ! "$venv/bin/jupyter" kernelspec list 2>/dev/null | grep -Eq '^[[:space:]]*rust[[:space:]]'; then
    evcxr_jupyter --install
fi
"$venv/bin/jupyter" nbconvert --version
command -v evcxr_jupyter

JUPYTER=$venv/bin/jupyter PYTHON=$venv/bin/python notebooks/run-all.sh
