# SPDX-License-Identifier: GPL-2.0
# pageref: the user interface. `make analyze` and `make check` install what
# they need (scripts/deps.sh) and build the tool first. See README.md.

KERNEL     ?=
DIRS       ?=
JOBS       ?= $(shell nproc)
OUT        ?=
CONFIG     ?=
COMPILE_DB ?=
BASELINE   ?=
HOSTS      ?=
SHARDS     ?=
SSH        ?=
PAGEREF_CACHE ?= $(HOME)/.cache/pageref
export KERNEL DIRS JOBS OUT CONFIG COMPILE_DB BASELINE HOSTS SHARDS SSH PAGEREF_CACHE

BUILD   := build
PAGEREF := $(BUILD)/pageref

.PHONY: all deps build analyze analyze-sharded validate check bench bench-fact-cache bench-validation clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory -s

analyze: build
	@scripts/analyze.sh

# the extraction in SHARDS slices over HOSTS (GNU parallel's --sshlogin
# list, ':' is this machine), merged and solved here
analyze-sharded: build
	@scripts/analyze-sharded.sh

# boot the tree (default: Debian's 6.12) under QEMU with the refcount trap
# and the workload; the series in OUT/patches first when there is one
validate: build
	@scripts/validate.sh

check: build
	@ctest --test-dir $(BUILD) --output-on-failure $(if $(filter 1,$(V)),-V,)

# the benchmark's own scope: net/core + mm (DESIGN.md targets)
BENCH_DIRS ?= net/core mm
bench: build
	@DIRS="$(BENCH_DIRS)" bench/extract.sh
	@bench/solve.sh
	@bench/fact-cache.sh
	@bench/validation.sh

# a tree, then its copy with real fixes reverted, through the fact cache (also in make bench)
bench-fact-cache: build
	@bench/fact-cache.sh

# make validate's cold, warm and one-patch-changed times (also in make bench)
bench-validation: build
	@bench/validation.sh

clean:
	rm -rf $(BUILD) tests/work
