# Interlock: `make demo` runs the main job on the bundled example, `make test` runs the tests.
SWIFT ?= swift
BUILD_FLAGS ?=
INTERLOCK = .build/release/interlock

.PHONY: all build release demo test bench deps clean

all: build

# libpcap's headers are needed to build; install them when missing (apt, as root).
deps:
	@if ! pkg-config --exists libpcap 2>/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "installing libpcap-dev..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpcap-dev pkg-config) >/dev/null || exit 1; \
	  else \
	    echo "libpcap-dev is missing: run 'sudo apt-get install -y libpcap-dev pkg-config' and retry" >&2; exit 1; \
	  fi; \
	fi
	@# tcpdump and tshark: the capture tests cross-check Interlock's connection table against them.
	@if ! command -v tcpdump >/dev/null || ! command -v tshark >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "installing tcpdump and tshark..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump tshark) >/dev/null || exit 1; \
	  else \
	    echo "tcpdump or tshark is missing: run 'sudo apt-get install -y tcpdump tshark' and retry" >&2; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)

# Until the later issues extend it, the demo shows the default fabric and a few of its paths.
demo: release
	$(INTERLOCK) topology show topologies/dgx-h100-1su.yaml
	@echo
	$(INTERLOCK) topology paths topologies/dgx-h100-1su.yaml --from dgx0001-gpu0 --to dgx0002-gpu5 --flow 10.0.0.1:49152-10.10.0.2:4791/UDP
	@echo
	$(INTERLOCK) topology paths topologies/dgx-h100-1su.yaml --plane storage --from dgx0001 --to storage04 --limit 4 --flow 10.20.0.1:40000-10.20.0.36:2049/TCP
	@echo
	$(INTERLOCK) topology paths topologies/fat-tree-k8.yaml --from host0001 --to host0128 --limit 4 --flow 10.0.0.1:50000-10.0.0.128:4791/UDP
	@echo
	$(INTERLOCK) traffic simulate --topology topologies/dgx-h100-1su.yaml --jobs policies/demo/traffic/jobs.yaml --collective all-reduce --size 1GiB --hot-links 4
	@echo
	@# A capture of the demo cluster judged against its policies, fabric ACLs and planes; exit 1 means findings.
	$(INTERLOCK) capture analyze captures/demo-violations.pcap --cluster policies/demo/cluster --cluster captures/demo-pods.yaml \
	  --topology topologies/dgx-h100-1su.yaml --acls captures/demo-acls.yaml --limit 4 || [ $$? -eq 1 ]

test: deps
	$(SWIFT) build $(BUILD_FLAGS)
	$(SWIFT) test $(BUILD_FLAGS)

# Figures beside their baselines (ratio report), then the ordo-one benchmarks (throughput, memory).
bench: deps
	cd Benchmarks && $(SWIFT) run -c release Ratios
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

clean:
	rm -rf .build Benchmarks/.build
