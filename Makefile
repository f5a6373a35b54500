# The two commands of the README: `make run` and `make test`. Both install what is missing.
BUILD_DIR ?= build
DB ?= data/index
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian 12 packages the build and the tests need.
PACKAGES := cmake g++ make pkg-config libxapian-dev libcpp-httplib-dev nlohmann-json3-dev \
            catch2 libcli11-dev libmd4c-dev libgumbo-dev libicu-dev libssl-dev

.PHONY: package deps browser-deps load-deps clang-deps fuzz-deps build programs index run test test-asan sanitize strict lint format fuzz fuzz-build ci bench bench-scale clean

# Installs those of the packages in $(1) that dpkg does not list as installed.
define install_missing
	@missing=$$(for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(PACKAGES))

# The browser tests: Debian's chromium with a font, Node and npm unless a node is already
# installed (Debian 12's nodejs 18 will do), then playwright-core as pinned in the lock file.
BROWSER_DIR := tests/browser
browser-deps: deps
	$(call install_missing,chromium fonts-dejavu-core $(if $(shell command -v node),,nodejs) $(if $(shell command -v npm),,npm))
	@if [ ! $(BROWSER_DIR)/node_modules/.package-lock.json -nt $(BROWSER_DIR)/package-lock.json ]; then \
	  cd $(BROWSER_DIR) && npm ci --no-audit --no-fund; \
	fi

# Everything: the programs, the tests and the benchmarks.
# STRICT=ON: our code's warnings as errors (make ci builds so; `make strict` is the Debug build).
STRICT ?= OFF
CONFIGURE = cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DPREPSEARCH_STRICT=$(STRICT)

build: deps
	$(CONFIGURE)
	cmake --build $(BUILD_DIR) -j$(JOBS)

# The three programs alone: what `make run` needs, without the tests and benchmarks.
PROGRAMS := prepsearch-index prepsearch-serve prepsearch-query
programs: deps
	$(CONFIGURE)
	cmake --build $(BUILD_DIR) -j$(JOBS) --target $(PROGRAMS)

# What `make run` indexes: Markdown pages, a built site's HTML, JSONL (files or folders).
CORPUS ?= corpus/

index: programs
	mkdir -p $(dir $(DB))
	$(BUILD_DIR)/bin/prepsearch-index --db $(DB) $(CORPUS)

HOST ?= 127.0.0.1
PORT ?= 8080
SERVE_FLAGS ?=

# Index corpus/, then serve it (and web/) until Ctrl-C. More server flags in SERVE_FLAGS:
# make run SERVE_FLAGS="--cors-origin https://www.example.com".
run: index
	$(BUILD_DIR)/bin/prepsearch-serve --db $(DB) --host $(HOST) --port $(PORT) --web web $(SERVE_FLAGS)

# Browser tests must run here, not skip: PREPSEARCH_REQUIRE_BROWSER turns a skip into a failure.
# wrk for the soak test (tests/system/load/soak.sh), nginx for the deployment tests
# (tests/system/nginx_test.cpp, replication_test.cpp), Xapian's replication tools, systemd-analyze for
# the units (tests/system/deploy/verify_units.sh), lintian and dpkg-dev for the package.
load-deps: deps
	$(call install_missing,wrk nginx-light xapian-tools systemd lintian dpkg-dev file curl python-django-doc)

test: browser-deps load-deps build
	cd $(BUILD_DIR) && PREPSEARCH_REQUIRE_BROWSER=1 ctest --output-on-failure -j$(JOBS)
	$(MAKE) fuzz FUZZ_SECONDS=15

# clang with its sanitizer runtime (Debian 12 ships clang-14's in libclang-rt-14-dev),
# clang-tidy and clang-format.
clang-deps: deps
	$(call install_missing,clang libclang-rt-14-dev clang-tidy clang-format)

# libFuzzer targets (tests/fuzz), each run FUZZ_SECONDS; any finding fails. `make test` runs
# each for 20 s (CI's 25 minutes hold all three steps).
FUZZ_SECONDS ?= 300
fuzz-deps: clang-deps
	$(call install_missing,libfuzzer-14-dev)

# The targets build in the sanitize tree (its libraries carry libFuzzer's coverage), so that
# `make ci` compiles the libraries under clang once, not twice.
fuzz-build: fuzz-deps
	cmake --preset sanitize >/dev/null
	cmake --build --preset fuzz -j$(JOBS)

fuzz: fuzz-build
	tests/fuzz/run.sh $(FUZZ_SECONDS) build-sanitize $(JOBS)

# clang with strict warnings and -Wthread-safety as errors: CMakePresets.json `sanitize`.
# The whole suite, browser test included, under AddressSanitizer and UBSan.
test-asan: sanitize

sanitize: browser-deps load-deps fuzz-deps
	cmake --preset sanitize
	cmake --build --preset sanitize -j$(JOBS)
	cd build-sanitize && PREPSEARCH_REQUIRE_BROWSER=1 ctest --output-on-failure -j$(JOBS)

# gcc with -Werror -Wshadow -Wconversion -Wsign-conversion must build everything clean.
strict: deps
	cmake --preset strict
	cmake --build --preset strict -j$(JOBS)

CXX_SOURCES = $(shell find core indexer search server bench tests -name '*.cpp' -o -name '*.h' | sort)
# The product's own sources, held to 400 lines a file (tests and benchmarks are not).
PRODUCT_SOURCES = $(shell find core indexer search server web -name '*.cpp' -o -name '*.h' -o -name '*.js' | sort)
MAX_FILE_LINES := 400

# .clang-format is followed; .clang-tidy (bugprone, performance, functions up to 60 lines)
# finds nothing; no product file is over MAX_FILE_LINES; every path the docs name is real.
lint: clang-deps
	@over=$$(wc -l $(PRODUCT_SOURCES) | awk '$$2 != "total" && $$1 > $(MAX_FILE_LINES) {print "  " $$2 ": " $$1}'); \
	  if [ -n "$$over" ]; then echo "over $(MAX_FILE_LINES) lines:"; echo "$$over"; exit 1; fi
	tests/lint/doc_paths.sh
	clang-format --dry-run --Werror $(CXX_SOURCES)
	cmake --preset sanitize >/dev/null
	@# The tests' compile commands read a precompiled header (tests/CMakeLists.txt): made alone.
	$(MAKE) --no-print-directory -C build-sanitize/tests cmake_pch.hxx.pch >/dev/null
	run-clang-tidy -p build-sanitize -quiet -j$(JOBS) '$(CURDIR)/(core|indexer|search|server|bench|tests)/' >build-sanitize/clang-tidy.log 2>&1 \
	  || { grep -E '(warning|error):' build-sanitize/clang-tidy.log; exit 1; }

format: clang-deps
	clang-format -i $(CXX_SOURCES)

# What CI runs (.ci/run): the README's test command, its gcc build holding our code to the
# strict warnings as errors (what `make strict` checks, without a second build), then the
# sanitizers and lint; each step's wall time printed after it (bench/REPORT.md keeps them).
CI_STEPS := test sanitize lint
ci:
	@for step in $(CI_STEPS); do \
	  start=$$(date +%s); \
	  $(MAKE) --no-print-directory $$step STRICT=ON || exit 1; \
	  echo "make $$step: $$(( $$(date +%s) - start )) s"; \
	done

# The Debian package, checked by lintian: build/prepsearch_VERSION_amd64.deb.
package: load-deps build
	cd $(BUILD_DIR) && cpack -G DEB
	lintian --fail-on error,warning $(BUILD_DIR)/prepsearch_*.deb

# Every speed figure, side by side with the peers, written to bench/REPORT.md (not in `make test`).
bench: build
	bench/run_all.sh

# 10 thousand to 1 million generated documents: indexing and search cost by collection size,
# into bench/SCALE.md and docs/scale.png (needs ../shared; about 20 minutes). The script builds
# the three programs it runs, not every test.
bench-scale: deps
	bench/scale_bench.sh

clean:
	rm -rf $(BUILD_DIR) build-dev build-strict build-sanitize data $(BROWSER_DIR)/node_modules
