#!/usr/bin/env bash
# Multi-host test: a coordinator and several workers on separate "hosts" made of Linux network
# namespaces joined by veth pairs to a bridge (in a namespace of its own, so the machine's own
# network is untouched). A sweep runs across them; mid-sweep one worker's link is cut while it
# holds a lease, the test waits until the coordinator has expired that lease, restores the
# link, and checks that the sweep still completes with exactly one result per trial.
#
#   deploy/test/multihost.sh            (make test-multihost builds the binary and runs this)
#
# Environment: RELUSWEEP_BIN (default .build/debug/relusweep), MULTIHOST_WORKERS (3),
# MULTIHOST_TIMEOUT (seconds for the whole test, 480), MULTIHOST_KEEP=1 keeps the temp dir.
# Exit: 0 all checks passed, 1 a check failed, 77 skipped (namespaces not permitted here:
# needs root, or CAP_NET_ADMIN and CAP_SYS_ADMIN), 2 usage or setup error.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${RELUSWEEP_BIN:-$repo/.build/debug/relusweep}
grid=$here/grids/deploy-test.yaml
n_workers=${MULTIHOST_WORKERS:-3}
timeout_total=${MULTIHOST_TIMEOUT:-480}
lease_seconds=4
port=8787
subnet=10.77.0
coord_ip=$subnet.1
url=http://$coord_ip:$port

started=$(date +%s)
deadline=$((started + timeout_total))
P=rs$$                      # prefix of every namespace and link this run makes
sw=$P-sw                    # the switch: a bridge in its own namespace
tmp=$(mktemp -d "${TMPDIR:-/tmp}/relusweep-multihost.XXXXXX")
token=$tmp/token
pids=()
namespaces=()
passed=0
failed=0

log() { printf '[multihost %3ds] %s\n' "$(($(date +%s) - started))" "$*"; }
check() { # check NAME CONDITION-EXIT-STATUS
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); log "ok: $1"; else failed=$((failed + 1)); log "FAIL: $1"; fi
}
die() { log "FAIL: $*"; failed=$((failed + 1)); finish; }
time_left() { echo $((deadline - $(date +%s))); }

cleanup() {
  trap - EXIT INT TERM
  # TERM everything we started, give them 3 s together, then KILL what is left
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 15); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null; done
  # veth ends still in the root namespace if setup stopped half-way
  for i in $(seq 0 "$n_workers"); do ip link del "${P}a$i" 2>/dev/null; done
  if [ "${MULTIHOST_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
}
finish() {
  local rc=0
  if [ "$failed" -gt 0 ]; then
    rc=1
    for f in "$tmp"/*.log; do [ -f "$f" ] && { echo "---- tail of $(basename "$f")"; tail -n 25 "$f"; }; done
  fi
  cleanup
  log "took $(($(date +%s) - started)) s"
  echo "multihost: $passed passed, $failed failed"
  exit "$rc"
}
trap 'finish' EXIT
trap 'log "interrupted"; failed=$((failed + 1)); finish' INT TERM

skip() {
  trap - EXIT INT TERM
  cleanup
  echo "SKIP: multihost test not run: $*"
  exit 77
}

# ---- can we make hosts here?
command -v ip >/dev/null || skip "iproute2's ip command is missing (apt-get install iproute2)"
[ -x "$bin" ] || { echo "multihost: $bin is not built (swift build --product relusweep, or set RELUSWEEP_BIN)" >&2; trap - EXIT; cleanup; exit 2; }
command -v python3 >/dev/null || { echo "multihost: python3 is needed to read JSON" >&2; trap - EXIT; cleanup; exit 2; }
if ! err=$(ip netns add "$P-probe" 2>&1); then
  skip "network namespaces are not permitted (ip netns add: $err); run as root or with CAP_NET_ADMIN and CAP_SYS_ADMIN"
fi
ip netns del "$P-probe"

# ---- hosts: h0 = coordinator at .1, h1..hN = workers at .11...
log "making $((n_workers + 1)) hosts on $subnet.0/24 (prefix $P)"
ip netns add "$sw" && namespaces+=("$sw") || die "ip netns add $sw"
ip -n "$sw" link add br0 type bridge && ip -n "$sw" link set br0 up && ip -n "$sw" link set lo up || die "bridge"
for i in $(seq 0 "$n_workers"); do
  ns=$P-h$i
  addr=$subnet.$([ "$i" = 0 ] && echo 1 || echo $((10 + i)))
  ip netns add "$ns" && namespaces+=("$ns") || die "ip netns add $ns"
  ip link add "${P}a$i" type veth peer name "${P}b$i" || die "veth $i"
  ip link set "${P}a$i" netns "$ns" && ip link set "${P}b$i" netns "$sw" || die "move veth $i"
  ip -n "$ns" link set "${P}a$i" name eth0 || die "rename eth0 in $ns"
  ip -n "$ns" addr add "$addr/24" dev eth0 && ip -n "$ns" link set eth0 up && ip -n "$ns" link set lo up || die "address $addr"
  ip -n "$sw" link set "${P}b$i" name "port$i" && ip -n "$sw" link set "port$i" master br0 && ip -n "$sw" link set "port$i" up || die "bridge port $i"
done

hexec() { local ns=$1; shift; ip netns exec "$P-h$ns" "$@"; }

# ---- the coordinator on h0, bound to its 10.x address, with a token
(umask 077; python3 -c 'import secrets; print(secrets.token_hex(32))' > "$token")
# (ip netns exec execs the command, so $! is the coordinator itself)
ip netns exec "$P-h0" "$bin" coordinator --db "$tmp/coordinator.sqlite" --host "$coord_ip" --port "$port" \
  --token-file "$token" --lease-seconds "$lease_seconds" > "$tmp/coordinator.log" 2>&1 &
pids+=($!)
coord_pid=$!
up=1
for _ in $(seq 1 100); do
  if hexec 1 curl -fsS --max-time 2 "$url/healthz" > /dev/null 2>&1; then up=0; break; fi
  kill -0 "$coord_pid" 2>/dev/null || break
  sleep 0.2
done
check "coordinator on $coord_ip answers /healthz from host h1 across the bridge" $up
[ $up -eq 0 ] || die "coordinator did not come up"
curl -fsS --max-time 2 "$url/healthz" > /dev/null 2>&1
check "the coordinator is not reachable from the machine's own namespace (hosts are isolated)" $(( $? == 0 ))

# Every client command runs on h0 next to the coordinator, over its 10.x address.
rs() { hexec 0 "$bin" "$@" --coordinator "$url" --token-file "$token"; }
status_json() { rs status --json 2> "$tmp/status.err"; }
# worker_field NAME FIELD: a field of one worker in `status --json` (empty if absent)
worker_field() {
  status_json | python3 -c '
import json, sys
name, field = sys.argv[1], sys.argv[2]
for w in json.load(sys.stdin).get("workers", []):
    if w.get("name") == name:
        print(w.get(field, "")); break' "$1" "$2"
}
# sweep_counts: "pending leased done failed" of the test sweep
sweep_counts() {
  status_json | python3 -c '
import json, sys
for s in json.load(sys.stdin)["sweeps"]:
    if s["id"] == sys.argv[1]:
        c = s["counts"]; print(c["pending"], c["leased"], c["done"], c["failed"]); break' "$sweep"
}

# ---- submit the sweep (before the workers start: --exit-when-idle ends a worker with nothing to do)
submit=$(rs submit "$grid" --json 2> "$tmp/submit.err")
sweep=$(printf '%s' "$submit" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sweepId"])' 2>/dev/null)
total=$(printf '%s' "$submit" | python3 -c 'import json,sys; print(json.load(sys.stdin)["trials"])' 2>/dev/null)
[ -n "$sweep" ] && [ -n "$total" ] || { cat "$tmp/submit.err"; die "submit printed no sweepId/trials: $submit"; }
log "submitted sweep $sweep: $total trials"

# ---- workers on h1..hN, one slot each, each with its own outbox directory
for i in $(seq 1 "$n_workers"); do
  mkdir -p "$tmp/state-h$i"
  ip netns exec "$P-h$i" env RELUSWEEP_STATE_DIR="$tmp/state-h$i" "$bin" worker --coordinator "$url" --token-file "$token" \
    --slots 1 --name "host$i" --exit-when-idle > "$tmp/worker-h$i.log" 2>&1 &
  pids+=($!)
  worker_pid[i]=$!
done

# ---- cut host1's link while it holds a lease (coordinator's view, read after the cut)
cut_ok=1
for _ in $(seq 1 20); do
  while :; do
    [ "$(time_left)" -gt 0 ] || die "timed out waiting for progress before the cut"
    read -r _ _ done_n _ < <(sweep_counts)
    held=$(worker_field host1 leased)
    [ "${done_n:-0}" -ge $((total / 6)) ] && [ "${held:-0}" -ge 1 ] && break
    sleep 0.2
  done
  ip -n "$sw" link set port1 down
  cut_at=$(date +%s)
  held=$(worker_field host1 leased)
  if [ "${held:-0}" -ge 1 ]; then cut_ok=0; break; fi
  ip -n "$sw" link set port1 up       # it had just reported its trial: try again
  sleep 0.3
done
read -r _ _ done_at_cut _ < <(sweep_counts)
check "host1's link cut while it holds $held lease(s) ($done_at_cut/$total done)" $cut_ok
[ $cut_ok -eq 0 ] || die "could not catch host1 holding a lease"
hexec 1 curl -fsS --max-time 2 "$url/healthz" > /dev/null 2>&1
check "host1 cannot reach the coordinator while its link is down" $(( $? == 0 ))

# ---- wait past the lease: the coordinator expires host1's lease(s) and re-leases the trials
expired=1
while [ $(( $(date +%s) - cut_at )) -le $((lease_seconds * 5)) ]; do
  held=$(worker_field host1 leased)
  if [ "${held:-1}" = 0 ]; then expired=0; break; fi
  sleep 0.5
done
check "the coordinator expired host1's lease(s) $(( $(date +%s) - cut_at )) s after the cut (lease ${lease_seconds} s)" $expired
sleep 1
ip -n "$sw" link set port1 up
read -r _ _ done_at_restore _ < <(sweep_counts)
host1_at_restore=$(worker_field host1 "done")
log "restored host1's link ($done_at_restore/$total done; host1 had delivered ${host1_at_restore:-?})"

# ---- the sweep completes; every worker exits by itself (--exit-when-idle) with status 0
complete=1; pending='?'; leased='?'; done_n='?'; failed_n='?'
while [ "$(time_left)" -gt 0 ]; do
  read -r pending leased done_n failed_n < <(sweep_counts)
  if [ "${done_n:-0}" -eq "$total" ] 2>/dev/null; then complete=0; break; fi
  [ "${failed_n:-0}" -gt 0 ] 2>/dev/null && break
  sleep 0.5
done
sweep_seconds=$(( $(date +%s) - started ))
check "sweep complete: pending=$pending leased=$leased done=$done_n failed=$failed_n of $total" $complete
for i in $(seq 1 "$n_workers"); do
  rc=124
  for _ in $(seq 1 240); do
    if ! kill -0 "${worker_pid[i]}" 2>/dev/null; then wait "${worker_pid[i]}"; rc=$?; break; fi
    [ "$(time_left)" -gt 0 ] || break
    sleep 0.5
  done
  check "worker on host$i exited by itself with status 0 (got $rc)" $(( rc != 0 ))
done

# ---- exactly one result per trial, all trials of the sweep present, work spread over hosts
rs results "$sweep" --format jsonl > "$tmp/results.jsonl" 2> "$tmp/results.err"
check "relusweep results printed the results" $?
python3 - "$tmp/results.jsonl" "$total" > "$tmp/verify.txt" 2>&1 <<'EOF'
import json, sys
path, total = sys.argv[1], int(sys.argv[2])
ids, bad = [], 0
for line in open(path):
    if not line.strip():
        continue
    r = json.loads(line)
    ids.append(r["trialId"])
    m = r.get("metrics", {})
    if "deadFraction" not in m or "config" not in r:
        bad += 1
dups = len(ids) - len(set(ids))
print(f"lines={len(ids)} unique={len(set(ids))} duplicates={dups} malformed={bad} expected={total}")
sys.exit(0 if len(ids) == total and dups == 0 and bad == 0 else 1)
EOF
rc=$?
check "exactly one result per trial: $(cat "$tmp/verify.txt")" $rc
for i in $(seq 1 "$n_workers"); do
  d=$(worker_field "host$i" "done")
  check "host$i delivered results (done=${d:-none})" $(( ${d:-0} < 1 ))
done
d1=$(worker_field host1 "done")
[ "${d1:-0}" -gt "${host1_at_restore:-0}" ]
check "host1 rejoined after the restore: delivered ${host1_at_restore:-?} -> ${d1:-?} results" $?
left=$(python3 "$here/outbox_pending.py" "$tmp"/state-h*/outbox-*.jsonl)
[ "$left" = 0 ]
check "no unacknowledged result left in any worker's outbox (${left:-?})" $?
for i in $(seq 1 "$n_workers"); do log "$(grep -m1 '^worker host' "$tmp/worker-h$i.log")"; done
log "sweep of $total trials across $n_workers worker hosts finished $sweep_seconds s after the start (cut at $done_at_cut done, restored at $done_at_restore)"
finish
