# ReLUSweep. `make run` runs a real sweep end to end; `make test` runs the tests.
# Both install what a fresh Debian machine lacks first (quietly, only when missing).
SWIFT      ?= swift
SCRATCH    ?= .build
BUILD_FLAGS = --scratch-path $(SCRATCH)
RELUSWEEP   = $(SCRATCH)/debug/relusweep
DEB_PACKAGES = libcurl4-openssl-dev libsqlite3-dev librsvg2-bin
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
	$(SCRATCH)/release/ReLUSweepBench
	$(SWIFT) build $(BUILD_FLAGS) -c release --product SweepBench
	$(SCRATCH)/release/SweepBench

clean:
	rm -rf $(SCRATCH)

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
