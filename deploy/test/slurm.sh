#!/usr/bin/env bash
# Slurm test: a throwaway single-node Slurm cluster (munged + slurmctld + slurmd, all state in a
# temp dir, run as root) runs the scripts of deploy/slurm for real: the coordinator as a job,
# a sweep submitted from the "login node", the worker job array (--slots from
# SLURM_CPUS_PER_TASK). Mid-sweep one array task is requeued (`scontrol requeue`: SIGTERM, the
# worker drains, the task runs again); the sweep must end with exactly one result per trial,
# every array task COMPLETED with exit code 0, and the coordinator job must stop cleanly.
#
#   deploy/test/slurm.sh           (make test-slurm installs slurm-wlm + munge and runs this)
#
# Environment: RELUSWEEP_BIN (default .build/debug/relusweep), SLURM_TEST_TIMEOUT (600),
# SLURM_TEST_KEEP=1 keeps the temp dir. Exit: 0 passed, 1 failed, 77 skipped (not root, or
# slurmctld/slurmd/munged not installed), 2 setup error.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${RELUSWEEP_BIN:-$repo/.build/debug/relusweep}
grid=$here/grids/deploy-test.yaml
timeout_total=${SLURM_TEST_TIMEOUT:-600}
started=$(date +%s)
deadline=$((started + timeout_total))
passed=0
failed=0
tmp=""
daemons_started=0

log() { printf '[slurm %3ds] %s\n' "$(($(date +%s) - started))" "$*"; }
check() { if [ "$2" -eq 0 ]; then passed=$((passed + 1)); log "ok: $1"; else failed=$((failed + 1)); log "FAIL: $1"; fi; }
time_left() { echo $((deadline - $(date +%s))); }

skip() { echo "SKIP: slurm test not run: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "it starts slurmctld, slurmd and munged and must run as root"
for c in munged mungekey slurmctld slurmd sbatch squeue scontrol scancel; do
  command -v "$c" >/dev/null || skip "$c is not installed (apt-get install slurmctld slurmd slurm-client munge)"
done
[ -x "$bin" ] || { echo "slurm test: $bin is not built (swift build --product relusweep, or set RELUSWEEP_BIN)" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/relusweep-slurm.XXXXXX")
chmod 755 "$tmp"
shared=$tmp/shared            # stands for the cluster's shared filesystem
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log" "$shared"
chmod 700 "$tmp/munge"
export SLURM_CONF=$tmp/slurm.conf

stop_pidfile() { # stop the daemon whose pid is in $1 (TERM, then KILL)
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null
}
cleanup() {
  trap - EXIT INT TERM
  if [ "$daemons_started" = 1 ]; then
    scancel --full --quiet --user=root 2>/dev/null
    for _ in $(seq 1 50); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
    stop_pidfile "$tmp/slurmd.pid"
    stop_pidfile "$tmp/slurmctld.pid"
    stop_pidfile "$tmp/munge/munged.pid"
  fi
  if [ "${SLURM_TEST_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
}
finish() {
  local rc=0
  if [ "$failed" -gt 0 ]; then
    rc=1
    for f in "$tmp"/log/slurmctld.log "$tmp"/log/slurmd.log "$shared"/*.out; do
      [ -f "$f" ] && { echo "---- tail of ${f#$tmp/}"; tail -n 20 "$f"; }
    done
  fi
  cleanup
  log "took $(($(date +%s) - started)) s"
  echo "slurm: $passed passed, $failed failed"
  exit "$rc"
}
die() { log "FAIL: $*"; failed=$((failed + 1)); finish; }
trap finish EXIT
trap 'log "interrupted"; failed=$((failed + 1)); finish' INT TERM

# ---- a one-node cluster: this machine, its CPUs declared as 6 so a coordinator job and two
# 2-CPU worker tasks fit at once (config_overrides lets slurmd accept more than it counts)
node=$(hostname -s)
base_port=$((17000 + ($$ % 400) * 2))
coord_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$SLURM_CONF" <<EOF
ClusterName=relusweeptest
SlurmctldHost=$node
SlurmctldPort=$base_port
SlurmdPort=$((base_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
KillWait=30
MinJobAge=600
NodeName=$node CPUs=6 RealMemory=4096 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
log "slurm $(sinfo --version 2>/dev/null) on node $node, ports $base_port-$((base_port + 1)), state in $tmp"

mungekey -c -k "$tmp/munge/munge.key" 2>/dev/null || dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$tmp/munge/munge.key"
daemons_started=1
munged -f --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.sock" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/seed" || die "munged did not start (see $tmp/log/munged.log)"
slurmctld -f "$SLURM_CONF" || die "slurmctld did not start"
slurmd -f "$SLURM_CONF" || die "slurmd did not start"
ready=1
for _ in $(seq 1 60); do
  state=$(sinfo -h -n "$node" -o %T 2>/dev/null)
  [ "$state" = idle ] && { ready=0; break; }
  sleep 0.5
done
check "single-node cluster up (node $node: ${state:-no answer})" $ready
[ $ready -eq 0 ] || die "slurm did not come up"

# ---- the "shared filesystem": token (0600), coordinator URL file, outboxes
(umask 077; python3 -c 'import secrets; print(secrets.token_hex(32))' > "$shared/token")
export RELUSWEEP_DIR=$shared RELUSWEEP_BIN=$bin

# ---- the coordinator as a job (bound to loopback here: this test machine is the whole cluster)
coord_job=$(RELUSWEEP_BIND=127.0.0.1 RELUSWEEP_ADVERTISE=127.0.0.1 RELUSWEEP_PORT=$coord_port RELUSWEEP_LEASE_SECONDS=10 \
  sbatch --parsable --chdir="$shared" --cpus-per-task=1 --mem=512M --time=30 "$repo/deploy/slurm/relusweep-coordinator.sbatch") \
  || die "sbatch relusweep-coordinator.sbatch failed"
log "coordinator job $coord_job"
url=""
for _ in $(seq 1 120); do
  [ -s "$shared/coordinator.url" ] && url=$(head -n 1 "$shared/coordinator.url")
  [ -n "$url" ] && curl -fsS --max-time 2 "$url/healthz" > /dev/null 2>&1 && break
  url=""
  sleep 0.5
done
[ -n "$url" ]
check "coordinator job running, wrote its URL ($url) and answers /healthz" $?
[ -n "$url" ] || die "coordinator job did not come up"

rs() { "$bin" "$@" --coordinator "$url" --token-file "$shared/token"; }
sweep_counts() {
  rs status --json 2>/dev/null | python3 -c '
import json, sys
for s in json.load(sys.stdin)["sweeps"]:
    if s["id"] == sys.argv[1]:
        c = s["counts"]; print(c["pending"], c["leased"], c["done"], c["failed"]); break' "$sweep"
}

# ---- submit the sweep from the "login node"
submit=$(rs submit "$grid" --json) || die "relusweep submit failed"
sweep=$(printf '%s' "$submit" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sweepId"])')
total=$(printf '%s' "$submit" | python3 -c 'import json,sys; print(json.load(sys.stdin)["trials"])')
log "submitted sweep $sweep: $total trials"

# ---- the worker array: 3 tasks, 2 at a time, 2 CPUs (= 2 slots) each
array_job=$(sbatch --parsable --chdir="$shared" --array=0-2%2 --cpus-per-task=2 --mem-per-cpu=256M --time=20 \
  "$repo/deploy/slurm/relusweep-workers.sbatch") || die "sbatch relusweep-workers.sbatch failed"
log "worker array job $array_job (0-2%2, 2 CPUs per task)"

# ---- requeue task 0 mid-sweep: SIGTERM -> the worker drains and exits; the task runs again
requeued=1
while [ "$(time_left)" -gt 0 ]; do
  read -r _ _ done_n _ < <(sweep_counts)
  if [ "${done_n:-0}" -ge $((total / 4)) ] && squeue -h -j "${array_job}_0" -t R 2>/dev/null | grep -q .; then
    scontrol requeue "${array_job}_0" && requeued=0
    break
  fi
  sleep 0.5
done
check "requeued array task ${array_job}_0 while running (${done_n:-?}/$total done)" $requeued
# A requeued job waits for a begin time about two minutes ahead; let it start at once.
for _ in $(seq 1 40); do
  squeue -h -j "${array_job}_0" -t PD 2>/dev/null | grep -q . && { scontrol update JobId="${array_job}_0" StartTime=now; break; }
  sleep 0.5
done

# ---- the sweep completes and the whole array ends by itself
complete=1; pending='?'; leased='?'; done_n='?'; failed_n='?'
while [ "$(time_left)" -gt 0 ]; do
  read -r pending leased done_n failed_n < <(sweep_counts)
  [ "${done_n:-0}" = "$total" ] && { complete=0; break; }
  sleep 1
done
sweep_done_at=$(($(date +%s) - started))
check "sweep complete: pending=$pending leased=$leased done=$done_n failed=$failed_n of $total" $complete
array_left=1
while [ "$(time_left)" -gt 0 ]; do
  [ -z "$(squeue -h -j "$array_job" 2>/dev/null)" ] && { array_left=0; break; }
  sleep 1
done
check "every worker array task left the queue" $array_left
for t in 0 1 2; do
  info=$(scontrol show job "${array_job}_$t" 2>/dev/null | tr ' ' '\n' | grep -E '^(JobState|ExitCode|Restarts)=' | tr '\n' ' ')
  echo "$info" | grep -q 'JobState=COMPLETED' && echo "$info" | grep -q 'ExitCode=0:0'
  check "array task $t: $info" $?
done
out0=$(ls "$shared"/relusweep-worker-"${array_job}"_0.out 2>/dev/null)
grep -q 'restart=1' "$out0" 2>/dev/null
check "task 0 ran again after the requeue (its log shows restart=1)" $?
# the first run drained: SIGTERM seen, then the worker's summary with nothing left in its outbox
awk '/restart=0/{r=1} /restart=1/{r=0} r' "$out0" > "$tmp/run0.txt"
grep -q 'SIGTERM' "$tmp/run0.txt" && grep -q 'left in outbox 0' "$tmp/run0.txt"
check "task 0 drained on the requeue's SIGTERM: $(grep -m1 '^worker slurm' "$tmp/run0.txt" | cut -d: -f2-)" $?
grep -q 'slots=2' "$out0" 2>/dev/null
check "--slots came from SLURM_CPUS_PER_TASK (slots=2)" $?

# ---- exactly one result per trial
rs results "$sweep" --format jsonl > "$tmp/results.jsonl"
check "relusweep results printed the results" $?
verdict=$(python3 - "$tmp/results.jsonl" "$total" <<'EOF'
import json, sys
ids = [json.loads(l)["trialId"] for l in open(sys.argv[1]) if l.strip()]
total = int(sys.argv[2])
print(f"lines={len(ids)} unique={len(set(ids))} expected={total}")
sys.exit(0 if len(ids) == total == len(set(ids)) else 1)
EOF
)
check "exactly one result per trial: $verdict" $?
left=$(python3 "$here/outbox_pending.py" "$shared"/state/outbox-*.jsonl)
[ "$left" = 0 ]
check "no unacknowledged result left in any worker outbox (${left:-?})" $?

# ---- stop the coordinator job: SIGTERM -> graceful shutdown, URL file removed
scancel "$coord_job"
gone=1
for _ in $(seq 1 60); do
  [ -z "$(squeue -h -j "$coord_job" 2>/dev/null)" ] && { gone=0; break; }
  sleep 0.5
done
check "coordinator job stopped on scancel" $gone
[ ! -e "$shared/coordinator.url" ]
check "coordinator job removed its URL file on the way out" $?
log "sweep of $total trials finished $sweep_done_at s after the start"
finish
