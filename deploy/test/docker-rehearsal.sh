#!/usr/bin/env bash
# Rehearses deploy/docker/Dockerfile without a container engine: the build stage's build
# command runs here (same Swift toolchain family, Debian 12), and the runtime stage is replayed
# on a Debian 12 minbase root made by debootstrap: its RUN lines run in a chroot, its COPY lines
# copy, and the binary then runs there as the image's user (uid 10001) in its WORKDIR with its
# ENV: `relusweep --help`, `ldd` (every shared library found), and a real sweep: coordinator,
# submit, worker and results inside the image over loopback. The Dockerfile's lines are read with BuildKit's
# parser, so the rehearsal follows the file as written.
#
#   deploy/test/docker-rehearsal.sh
#
# Needs root, debootstrap and network access to Debian's mirror; DEPLOY_VENV (.venv-deploy) with
# the `dockerfile` package (make validate-deploy installs it). REHEARSAL_ROOTFS caches the
# debootstrap result between runs (default /var/tmp/relusweep-bookworm-minbase).
# Exit 0 passed, 1 failed, 77 skipped (not root or no debootstrap), 2 setup error.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
venv=${DEPLOY_VENV:-$repo/.venv-deploy}
cache=${REHEARSAL_ROOTFS:-/var/tmp/relusweep-bookworm-minbase}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
started=$(date +%s)
passed=0
failed=0
root=""

log() { printf '[docker-rehearsal %3ds] %s\n' "$(($(date +%s) - started))" "$*"; }
check() { if [ "$2" -eq 0 ]; then passed=$((passed + 1)); log "ok: $1"; else failed=$((failed + 1)); log "FAIL: $1"; fi; }
skip() { echo "SKIP: docker rehearsal not run: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "chroot and debootstrap need root"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (apt-get install debootstrap)"
[ -x "$venv/bin/python" ] || { echo "docker-rehearsal: $venv/bin/python missing (make validate-deploy sets it up)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/relusweep-rehearsal.XXXXXX")
cleanup() {
  if [ -n "$root" ]; then
    umount "$root/proc" 2>/dev/null
    umount "$root/dev" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap 'cleanup' EXIT

# ---- the Dockerfile's stages, as BuildKit's parser reads them
"$venv/bin/python" - "$repo/deploy/docker/Dockerfile" > "$tmp/plan" <<'EOF' || { echo "cannot parse the Dockerfile" >&2; exit 2; }
import sys, dockerfile
cmds = dockerfile.parse_file(sys.argv[1])
args = {}
stage = -1
for c in cmds:
    if c.cmd == "ARG" and "=" in c.value[0]:
        k, v = c.value[0].split("=", 1); args[k] = v
    if c.cmd == "FROM":
        stage += 1
        image = c.value[0]
        for k, v in args.items():
            image = image.replace("${%s}" % k, v)
        print(f"FROM\x1f{stage}\x1f{image}")
    elif c.cmd in ("RUN", "COPY", "WORKDIR", "ENV", "USER", "ENTRYPOINT"):
        value = " ".join(c.value) if c.cmd == "RUN" else "\x1f".join(c.value)
        print(f"{c.cmd}\x1f{stage}\x1f{' '.join(c.flags)}\x1f{value}")
EOF
last_stage=$(awk -F'\x1f' '$1=="FROM"{s=$2} END{print s}' "$tmp/plan")
runtime_image=$(awk -F'\x1f' -v s="$last_stage" '$1=="FROM" && $2==s {print $3}' "$tmp/plan")
log "runtime stage $last_stage: $runtime_image"

# ---- build stage: its `swift build` line, with /out redirected here
build_cmd=$(awk -F'\x1f' '$1=="RUN" && $2==0 && $4 ~ /swift build/ {print $4}' "$tmp/plan")
[ -n "$build_cmd" ] || { echo "no swift build line in the build stage" >&2; exit 2; }
log "build: $build_cmd"
( cd "$repo" && bash -c "${build_cmd//\/out/$tmp/out}" ) > "$tmp/build.log" 2>&1
[ -x "$tmp/out/relusweep" ]
check "the build stage's build command produced the binary" $?
[ -x "$tmp/out/relusweep" ] || { tail -n 30 "$tmp/build.log"; echo "docker-rehearsal: $passed passed, $failed failed"; exit 1; }

# ---- runtime stage on a Debian 12 minbase root (what debian:bookworm-slim is built from)
case $runtime_image in
  debian:bookworm-slim|debian:12-slim) ;;
  *) log "note: the runtime image is $runtime_image; rehearsing on Debian 12 minbase" ;;
esac
if [ ! -x "$cache/bin/sh" ]; then
  log "debootstrap --variant=minbase bookworm -> $cache"
  debootstrap --variant=minbase bookworm "$cache" "$mirror" > "$tmp/debootstrap.log" 2>&1 \
    || { tail -n 20 "$tmp/debootstrap.log"; echo "debootstrap failed" >&2; exit 2; }
fi
root=$tmp/root
cp -a "$cache" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"

workdir=/
envs=()
user=0:0
entry=""
# fields are separated by US (0x1f), not tabs: read would merge empty tab-separated fields
while IFS=$'\x1f' read -r cmd stage flags a b; do
  [ "$stage" = "$last_stage" ] || continue
  case $cmd in
    RUN)
      [ -n "$a" ] || { check "runtime RUN line is not empty" 1; continue; }
      log "RUN ${a:0:100}"
      chroot "$root" /bin/sh -c "cd $workdir && DEBIAN_FRONTEND=noninteractive $a" > "$tmp/run.log" 2>&1
      rc=$?
      check "runtime RUN line succeeded in the chroot" $rc
      [ $rc -eq 0 ] || tail -n 20 "$tmp/run.log" ;;
    COPY)
      if [[ $flags == *--from=* ]]; then src=$tmp/out/$(basename "$a"); else src=$repo/$a; fi
      mkdir -p "$root$(dirname "$b")"
      cp -a "$src" "$root$b"
      check "COPY $flags $a -> $b" $? ;;
    WORKDIR) workdir=$a; mkdir -p "$root$a" ;;
    ENV) envs+=("$a=$b") ;;
    USER) user=$a ;;
    ENTRYPOINT) entry=$a ;;
  esac
done < "$tmp/plan"

# ---- the image's entrypoint as its user, in its WORKDIR, with its ENV only
as_image() { chroot --userspec="$user" "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp "${envs[@]}" \
  /bin/sh -c "cd $workdir && exec \"\$@\"" sh "$@"; }
missing=$(chroot "$root" ldd "$entry" 2>&1 | grep -c 'not found')
chroot "$root" ldd "$entry" > "$tmp/ldd.txt" 2>&1
check "every shared library of $entry is in the runtime image ($missing not found)" "$missing"
log "links: $(awk '{print $1}' "$tmp/ldd.txt" | tr '\n' ' ')"
as_image "$entry" --help > "$tmp/help.txt" 2>&1
check "$entry --help runs as $user" $?
# A real sweep inside the image: coordinator (SQLite in /tmp), submit, one worker, results,
# all as the image's user over loopback.
mkdir -p "$root/tmp/out" && chmod 1777 "$root/tmp" && chown "$user" "$root/tmp/out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
u=http://127.0.0.1:$port
as_image /bin/sh -c '
  set -e
  relusweep coordinator --db /tmp/out/coordinator.sqlite --host 127.0.0.1 --port "$1" > /tmp/out/coordinator.log 2>&1 &
  c=$!
  for i in $(seq 1 100); do relusweep status --coordinator "$2" --json > /dev/null 2>&1 && break; sleep 0.2; done
  relusweep submit grids/smoke.yaml --coordinator "$2" --json
  relusweep worker --coordinator "$2" --slots 2 --exit-when-idle > /tmp/out/worker.log 2>&1
  relusweep results smoke --coordinator "$2" --format jsonl > /tmp/out/results.jsonl
  kill -TERM "$c"; wait "$c" || true' sh "$port" "$u" > "$tmp/run-smoke.log" 2>&1
rc=$?
check "coordinator + submit + worker + results for grids/smoke.yaml as $user in $workdir" $rc
[ $rc -eq 0 ] || { tail -n 20 "$tmp/run-smoke.log"; tail -n 10 "$root/tmp/out/"*.log; }
lines=$(wc -l < "$root/tmp/out/results.jsonl" 2>/dev/null || echo 0)
expected=$("$tmp/out/relusweep" plan "$repo/grids/smoke.yaml" | awk '$1=="trials"{print $2}')
[ "$lines" -gt 0 ] && [ "$lines" = "$expected" ]
check "smoke sweep results in the image: $lines lines, plan says $expected" $?
log "binary: $(du -h "$tmp/out/relusweep" | cut -f1); runtime root with packages: $(du -sh --exclude=proc --exclude=dev "$root" | cut -f1)"
echo "docker-rehearsal: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
