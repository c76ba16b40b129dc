# Interlock: `make demo` runs the main job on the bundled example, `make test` runs the tests,
# `make docs` builds the API documentation.
SWIFT ?= swift
BUILD_FLAGS ?=
INTERLOCK = .build/release/interlock

.PHONY: all build release demo test fuzz lint format bench bench-e2e docs deps clean

all: build

# What the build and the tests need from Debian, installed when missing (apt, as root): libpcap's and
# libyaml's headers to build; tcpdump and tshark, which the capture tests cross-check against; protoc,
# which cross-checks the Chakra trace codec; slurm-wlm and munge, for the one-node Slurm of the sharding
# tests (scripts/slurm-one-node).
DEBIAN_TOOLS = tcpdump:tcpdump tshark:tshark protoc:protobuf-compiler slurmctld:slurm-wlm munged:munge

deps:
	@missing=""; \
	pkg-config --exists libpcap yaml-0.1 2>/dev/null || missing="$$missing libpcap-dev libyaml-dev pkg-config"; \
	for tool in $(DEBIAN_TOOLS); do \
	  command -v $${tool%%:*} >/dev/null || missing="$$missing $${tool#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages: run 'sudo apt-get install -y$$missing' and retry" >&2; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)

# The main job on the bundled scenario: the deliberate mistakes of policies/demo show as findings
# (interlock exits 1 when it finds any at or above --fail-on; the demo itself succeeds), and the
# full report is written as HTML beside the build. The summary shows every finding (--limit 100; the
# demo has 24), so that all five planted mistakes are on screen: the default limit of 10 hides two.
demo: release
	@mkdir -p .build/demo
	$(INTERLOCK) check policies/demo --limit 100 -o .build/demo/report.html || [ $$? -eq 1 ]

test: deps lint
	$(SWIFT) build $(BUILD_FLAGS)
	$(SWIFT) test $(BUILD_FLAGS)

# The fuzz tests (pcap decoder and scan, JSON reader, YAML manifests through the decoders) with every
# loop run INTERLOCK_FUZZ_CASES times instead of its `make test` default, from the same seeds.
FUZZ_CASES ?= 200000
fuzz: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	INTERLOCK_FUZZ_CASES=$(FUZZ_CASES) $(SWIFT) test $(BUILD_FLAGS) --skip-build \
	  --filter 'FuzzTests|JSONFuzzTests|ManifestFuzzTests'

# Style: swift-format (the toolchain's, configured by .swift-format) must find nothing, and no line of
# code is over 120 columns (string literals excepted: scripts/check-line-length says why).
FORMAT_PATHS = Sources Tests Benchmarks/Benchmarks Package.swift Benchmarks/Package.swift
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)
	scripts/check-line-length

# Rewrites the sources in place as swift-format lays them out.
format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMAT_PATHS)

# Figures beside their baselines (ratio report), then the ordo-one benchmarks (throughput, memory).
bench: deps
	cd Benchmarks && $(SWIFT) run -c release Ratios
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

# The release CLI end to end on generated inputs at cluster scale (issue 17's sizes), each figure
# beside its baseline in the same run; Benchmarks/e2e.sh says what it reads from the environment.
bench-e2e: release
	Benchmarks/e2e.sh

# API documentation: one DocC archive per library module (the `libraries` list of Package.swift), built
# by swift-docc-plugin into .build/docs/<Module>, ready for static hosting. Not part of `make test`.
DOC_MODULES = $(shell sed -n '/^let libraries/,/^]/p' Package.swift | grep -o '"[A-Za-z]*"' | tr -d '"')
docs: deps
	@mkdir -p .build/docs
	@for module in $(DOC_MODULES); do \
	  echo "documenting $$module..."; \
	  $(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation --target $$module \
	    --output-path .build/docs/$$module --disable-indexing --transform-for-static-hosting \
	    --hosting-base-path $$module || exit 1; \
	done

clean:
	rm -rf .build Benchmarks/.build
