# memscope — top-level entry points. Each target installs what it needs first.
JOBS ?= $(shell nproc)
MAKEFLAGS += --no-print-directory
BUILD := build
RESULTS := $(BUILD)/test-results

.PHONY: all deps build demo test test-release test-fuzz test-sanitize test-asan test-tsan bench format format-check clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

demo: build
	@scripts/demo.sh

# Release build and every test, plus a short libFuzzer run of the trace reader.
# Reports: $(RESULTS)/ctest-junit.xml (every ctest entry) and gtest-*.json.
test: test-release test-fuzz

test-release: build
	@mkdir -p $(RESULTS)
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --output-junit test-results/ctest-junit.xml

test-fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS) --target memscope_fuzz_reader memscope_fuzz_elf memscope_fuzz_callgraph
	@mkdir -p $(RESULTS)
	@cd build-fuzz && ctest --output-on-failure -L fuzz --output-junit ../$(RESULTS)/ctest-fuzz-junit.xml

# ASan+UBSan over the analyzer and all tests; TSan over the recorder's stress
# test and the reader's decode workers (ctest label threads).
test-sanitize: test-asan test-tsan

test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@mkdir -p $(RESULTS)
	@cd build-asan && ctest --output-on-failure -j $(JOBS) -LE fuzz --output-junit ../$(RESULTS)/ctest-asan-junit.xml

test-tsan: deps
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS) --target memscope_recorder_stress memscope_unit_tests
	@mkdir -p $(RESULTS)
	@cd build-tsan && ctest --output-on-failure -L 'stress|threads' --output-junit ../$(RESULTS)/ctest-tsan-junit.xml

bench: build
	@/usr/bin/python3 bench/run.py --build $(BUILD)
	@/usr/bin/python3 bench/hook_cost.py --build $(BUILD)

format:
	@git ls-files '*.h' '*.cpp' '*.c' | xargs clang-format -i

format-check:
	@git ls-files '*.h' '*.cpp' '*.c' | xargs clang-format --dry-run --Werror

clean:
	@rm -rf build build-debug build-asan build-tsan build-fuzz
