#!/bin/sh
# Coverage-guided fuzzing of the grid parser with libFuzzer (Tests/Fuzz/GridFuzzer): builds
# SweepModel and its dependencies with -sanitize=fuzzer into a scratch path of its own (the
# first build takes minutes), links the harness, and fuzzes for SECONDS seconds starting from
# the repository's grids. A crash or a broken property stops it with the input saved as
# crash-* in the working directory; exit status non-zero.
# Usage: Tests/Fuzz/grid_fuzzer.sh [SECONDS] [SCRATCH]
set -eu
SECONDS_BUDGET=${1:-120}
SCRATCH=${2:-.build-fuzz}
SWIFT=${SWIFT:-swift}
B=$SCRATCH/debug
C=$SCRATCH/checkouts
$SWIFT build --scratch-path "$SCRATCH" --target SweepModel -Xswiftc -sanitize=fuzzer -Xcc -fsanitize=fuzzer-no-link
OBJS=$(find "$B/SweepModel.build" "$B/ReLUCore.build" "$B/ReLUKernels.build" "$B/Yams.build" "$B/CYaml.build" \
  "$B/Crypto.build" "$B/CryptoBoringWrapper.build" "$B/CCryptoBoringSSL.build" "$B/CCryptoBoringSSLShims.build" -name '*.o')
swiftc -sanitize=fuzzer -parse-as-library -Onone -g -I "$B/Modules" \
  -Xcc -fmodule-map-file="$B/ReLUKernels.build/module.modulemap" \
  -Xcc -fmodule-map-file="$C/Yams/Sources/CYaml/include/module.modulemap" \
  -Xcc -fmodule-map-file="$C/swift-crypto/Sources/CCryptoBoringSSL/include/module.modulemap" \
  -Xcc -fmodule-map-file="$C/swift-crypto/Sources/CCryptoBoringSSLShims/include/module.modulemap" \
  -Xcc -I"$C/swift-crypto/Sources/CCryptoBoringSSL/include" \
  Tests/Fuzz/GridFuzzer/GridFuzzer.swift $OBJS -o "$B/grid-fuzzer"
CORPUS=$SCRATCH/grid-corpus
mkdir -p "$CORPUS"
cp grids/*.yaml "$CORPUS/"
"$B/grid-fuzzer" "$CORPUS" -max_total_time="$SECONDS_BUDGET" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1
