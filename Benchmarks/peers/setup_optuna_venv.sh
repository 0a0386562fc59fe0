#!/usr/bin/env bash
# Creates Optuna's virtual environment (default .venv-optuna) with the pinned optuna and
# SQLAlchemy of requirements-optuna.txt; does nothing when it already holds exactly those.
#   Benchmarks/peers/setup_optuna_venv.sh [VENV]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:-.venv-optuna}"
python="${PYTHON:-python3}"
stamp="$venv/.bench-optuna-stamp"
want="$(cat "$here/requirements-optuna.txt" "$0" | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$venv/bin/python" -c "
from importlib.metadata import version
for p in ('optuna', 'sqlalchemy'): version(p)" 2>/dev/null; then
  exit 0
fi
echo "bench-optuna: installing optuna into $venv (about 140 MB)"
started=$(date +%s)
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements-optuna.txt"
"$venv/bin/python" -c "import optuna, sqlalchemy; print('bench-optuna: optuna', optuna.__version__, 'SQLAlchemy', sqlalchemy.__version__)"
echo "$want" > "$stamp"
echo "bench-optuna: installed in $(( $(date +%s) - started )) s, $(du -sh "$venv" | cut -f1)"
