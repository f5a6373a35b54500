# The two commands of the README: `make run` and `make test`. Both install what is missing.
BUILD_DIR ?= build
DB ?= data/index
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian 12 packages the build and the tests need.
PACKAGES := cmake g++ make pkg-config libxapian-dev libcpp-httplib-dev nlohmann-json3-dev \
            catch2 libcli11-dev libmd4c-dev libicu-dev

.PHONY: deps build index run test bench clean

deps:
	@missing=$$(for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j$(JOBS)

index: build
	mkdir -p $(dir $(DB))
	$(BUILD_DIR)/bin/prepsearch-index --db $(DB) corpus/

HOST ?= 127.0.0.1
PORT ?= 8080

# Index corpus/, then serve it (and web/) until Ctrl-C.
run: index
	$(BUILD_DIR)/bin/prepsearch-serve --db $(DB) --host $(HOST) --port $(PORT) --web web

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

bench: build
	bench/index_bench.sh
	bench/serve_bench.sh

clean:
	rm -rf $(BUILD_DIR) data
