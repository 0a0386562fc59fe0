#!/usr/bin/env bash
# Creates the peers' virtual environment (default .venv-peers) with the pinned numpy, PyTorch
# (CPU) and JAX (CPU) of requirements.txt; does nothing when it already holds exactly those.
#   Benchmarks/peers/setup_venv.sh [VENV]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:-.venv-peers}"
python="${PYTHON:-python3}"
TORCH_VERSION=2.13.0
stamp="$venv/.bench-peers-stamp"
want="$(cat "$here/requirements.txt" "$0" | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$venv/bin/python" -c "
from importlib.metadata import version
for p in ('numpy', 'torch', 'jax', 'jaxlib'): version(p)" 2>/dev/null; then
  exit 0
fi
echo "bench-peers: installing numpy, torch $TORCH_VERSION (CPU), jax into $venv (about 1.5 GB)"
started=$(date +%s)
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/pip" install -q --disable-pip-version-check)
"${pip[@]}" -r "$here/requirements.txt"
# The CPU-only build of torch (+cpu, ~190 MB) comes from a wheel directory pip already knows
# (PIP_FIND_LINKS) or from PyTorch's CPU wheel index given as TORCH_INDEX_URL. Failing both,
# the default PyPI wheel runs on the CPU just as well but pulls in CUDA libraries (GBs).
if ! "${pip[@]}" --no-deps ${TORCH_INDEX_URL:+--extra-index-url "$TORCH_INDEX_URL"} "torch==$TORCH_VERSION+cpu" 2>/dev/null; then
  echo "bench-peers: no torch==$TORCH_VERSION+cpu wheel found; installing PyPI's default torch==$TORCH_VERSION (with CUDA libraries)"
  "${pip[@]}" "torch==$TORCH_VERSION"
fi
"$venv/bin/python" -c "import numpy, torch, jax; print('bench-peers: numpy', numpy.__version__, 'torch', torch.__version__, 'jax', jax.__version__)"
echo "$want" > "$stamp"
echo "bench-peers: installed in $(( $(date +%s) - started )) s, $(du -sh "$venv" | cut -f1)"
