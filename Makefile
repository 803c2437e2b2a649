# caspian-prisma: one wheel = Go engine (c-shared) + Python package.
#
#   make demo   sets everything up and runs the page's snippets on SQLite
#   make test   sets everything up (databases included) and runs every test
#   make bench  measures our client against the raw drivers and the ORMs
#   make soak   1,000,000 point queries on SQLite with the RSS slope (bench/soak.py)
#
# The engine is built once (make build) and reused by the wheel and the tests.
#
#   make wheels       the manylinux x86_64 and aarch64 wheels (cross-compiled)
#                     and the py3-none-any WebAssembly wheel
#   make sdist        the source distribution (pip builds it with Go and gcc)
#   make test-arm64   the aarch64 wheel answering a SQLite query under qemu
#   make test-pythons the Python suite on 3.12, 3.13 ... too (part of make test)
#   make wasm         the engine as a WebAssembly module (build/wasm/, issue 11)
#   make wheel-wasm   the py3-none-any wheel holding it (runs on wasmtime)
#   make test-wasm    the module against the native path, hosted by wazero

GO      ?= go
PYTHON  ?= python3
VENV    ?= .venv
VPY     := $(VENV)/bin/python
LIB     := python/caspian_prisma/_lib/libcaspian_prisma.so
# The same library with debug.panic/debug.sleep (-tags caspian_debug), for the
# Python tests marked debug_methods only; it never goes into the wheel.
DEBUG_LIB := build/debug/libcaspian_prisma.so
# The studio's page is embedded in the library (go:embed), so its files are sources too.
GO_SRC  := $(shell find abi bridge engine pybridge schema wasmbridge -name '*.go' -not -name '*_test.go' 2>/dev/null) \
	$(shell find engine/studio/assets -type f 2>/dev/null) go.mod go.sum
PY_SRC  := $(shell find python/caspian_prisma -name '*.py' 2>/dev/null)
# Python packages the tests need (the wheel itself needs msgpack only);
# auditwheel checks the wheels' platform tags and twine their metadata
# (python/tests/test_wheel.py); basedpyright and mypy check the types;
# playwright drives Chromium in the ppy studio browser tests; the
# opentelemetry packages check the tracing hooks; wasmtime runs the
# WebAssembly engine (make test-py-wasm).
DEV_PKGS := msgpack pytest uvloop mypy basedpyright asyncpg aiosqlite auditwheel twine playwright opentelemetry-api opentelemetry-sdk wasmtime
# The bench's peers, chart and RPC-agent server (bench/). `make test` installs
# them too, so python/tests/test_bench_quick.py runs the harness in CI.
BENCH_PKGS := "sqlalchemy[asyncio]" tortoise-orm piccolo starlette uvicorn matplotlib aiosqlite asyncpg
BENCH_STAMP := $(VENV)/.bench-pkgs
HOST_ARCH := $(shell uname -m)
ARM64_LIB := build/linux-arm64/libcaspian_prisma.so

# How every shipped library is built, for any architecture: scripts/golib.py
# (netgo, pybridge/manylinux.h forced into every C file, libpthread.so.0 kept
# DT_NEEDED; its doc says why). The wheel backend calls the same script when
# it builds a wheel from the sdist, and reads the result to tag it
# manylinux_2_17 (scripts/wheel_backend.py).
MANYLINUX_H := pybridge/manylinux.h
GOLIB := GO=$(GO) $(PYTHON) scripts/golib.py

.PHONY: wasm wheel-wasm test-wasm test-py-wasm build build-debug build-arm64 wheel wheel-arm64 wheels sdist venv bench-deps install demo test test-go test-py test-pythons test-arm64 bench soak clean help

help:
	@sed -n '1,15p' Makefile

build: $(LIB)

$(LIB): $(GO_SRC) $(MANYLINUX_H) scripts/golib.py
	$(GOLIB) $@

build-debug: $(DEBUG_LIB)

$(DEBUG_LIB): $(GO_SRC)
	$(GO) build -tags caspian_debug -buildmode=c-shared -trimpath -o $@ ./pybridge
	@rm -f $(basename $@).h

# The engine as a WebAssembly module (WASI preview 1, a reactor: see
# wasmbridge/main.go). sqlite3_dotlk gives go-sqlite3 file locking under
# wasip1 (dot-file locks; without it every SQLite file fails with
# SQLITE_IOERR_LOCK). Stripped; the conformance test builds the same way.
WASM := build/wasm/caspian_prisma.wasm
WASM_FLAGS := -buildmode=c-shared -trimpath -tags=sqlite3_dotlk -ldflags='-s -w'

wasm: $(WASM)

$(WASM): $(GO_SRC)
	GOOS=wasip1 GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $@ ./wasmbridge
	@ls -l $@ | awk '{print "wasm: " $$5 " bytes"}'

# The any-platform wheel: the package with the module instead of the
# library, py3-none-any, requiring wasmtime (scripts/wheel_backend.py --wasm).
wheel-wasm: $(WASM)
	@rm -f dist/caspian_prisma-*-py3-none-any.whl
	$(PYTHON) scripts/wheel_backend.py --wasm dist $(WASM)

# The module hosted by wazero against package bridge called directly: ABI
# fixtures, query goldens on every dialect, a SQLite scenario, the CLI.
test-wasm:
	$(GO) test -count=1 ./bridge/ ./wasmbridge/...

# The aarch64 library, cross-compiled with Debian's gcc-aarch64-linux-gnu
# (scripts/cross-up.sh installs it when missing).
build-arm64: $(ARM64_LIB)

$(ARM64_LIB): $(GO_SRC) $(MANYLINUX_H) scripts/golib.py
	bash scripts/cross-up.sh
	GOARCH=arm64 CC=aarch64-linux-gnu-gcc $(GOLIB) $@

# Each wheel target replaces only its own architecture's wheel in dist/.
wheel: $(LIB)
	@rm -f dist/caspian_prisma-*_$(HOST_ARCH).whl
	$(PYTHON) scripts/wheel_backend.py dist

wheel-arm64: $(ARM64_LIB)
	@rm -f dist/caspian_prisma-*_aarch64.whl
	$(PYTHON) scripts/wheel_backend.py dist $(ARM64_LIB)

wheels: wheel wheel-arm64 wheel-wasm

# The source distribution: what `pip install` needs to build the wheel where
# Go and a C compiler exist (the backend's build_sdist says what goes in).
sdist:
	@rm -f dist/caspian_prisma-*.tar.gz
	$(PYTHON) scripts/wheel_backend.py --sdist dist

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q $(DEV_PKGS)

venv: $(VPY)

$(BENCH_STAMP): $(VPY) Makefile
	$(VPY) -m pip install -q $(BENCH_PKGS)
	@touch $@

bench-deps: $(BENCH_STAMP)

# The real wheel, installed into the venv the tests and the demo use. DEV_PKGS
# again: a venv made before the list grew gets the new ones (no network when
# all are present).
install: wheel venv
	$(VPY) -m pip install -q $(DEV_PKGS)
	$(VPY) -m pip install -q --force-reinstall --no-deps dist/caspian_prisma-*_$(HOST_ARCH).whl

demo: install
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" bash scripts/demo.sh

# db-up prints export lines; a failure to start must fail the target, which a
# bare eval "$(...)" would hide.
DB_UP := exports=$$(bash scripts/db-up.sh) && eval "$$exports"

# chromium-up.sh installs Debian's chromium when missing (as root), for the
# ppy studio browser tests (Playwright, in DEV_PKGS, drives it; its own browser
# download is never used). Without it they skip, except under CI (or
# CASPIAN_REQUIRE_BROWSER, which .ci/run sets), where they
# fail: so a developer without root can still run make test.
test: install bench-deps
	@bash scripts/chromium-up.sh >/dev/null || echo "make test: no chromium; the ppy studio browser tests will skip (with CI or CASPIAN_REQUIRE_BROWSER set they fail)"
	@$(DB_UP) && $(MAKE) --no-print-directory test-go test-py test-py-wasm test-pythons

test-go:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	bash scripts/check-goldens.sh

# Everything against the wheel's library, then the tests that need the debug
# methods against the debug build of the same sources.
test-py: $(DEBUG_LIB)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VPY) -m pytest -q -p no:cacheprovider -m "not debug_methods" python/tests
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" CASPIAN_PRISMA_LIBRARY="$(CURDIR)/$(DEBUG_LIB)" \
	  $(VPY) -m pytest -q -p no:cacheprovider -m debug_methods python/tests

# The SQLite part of the suite again, with the engine forced to the
# WebAssembly module (python/caspian_prisma/_wasm.py, run by wasmtime); the
# page's snippets included.
WASM_PY_TESTS := python/tests/e2e/test_page.py python/tests/e2e/test_operations.py python/tests/e2e/test_tx_cancel.py \
  python/tests/e2e/test_value_errors.py python/tests/e2e/test_long_lists.py python/tests/e2e/test_migrate.py \
  python/tests/client/test_runtime_client.py python/tests/bridge/test_wasm_engine.py

test-py-wasm: $(WASM)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" CASPIAN_PRISMA_ENGINE=wasm CASPIAN_PRISMA_WASM="$(CURDIR)/$(WASM)" \
	  $(VPY) -m pytest -q -p no:cacheprovider -m "not debug_methods" -k "not postgresql and not mysql" $(WASM_PY_TESTS)

# The same wheel on every other CPython of pyproject's classifiers (3.12,
# 3.13 ...; a missing one is reported SKIPPED), each in its own venv:
# the suite test-py runs, without repeating .venv's interpreter.
test-pythons: $(DEBUG_LIB)
	CASPIAN_DEBUG_LIBRARY="$(CURDIR)/$(DEBUG_LIB)" \
	  CASPIAN_PYTHONS_DONE="$$($(VPY) -c 'import platform; print(platform.python_version())')" \
	  bash scripts/test-pythons.sh

# The aarch64 wheel under qemu-user-static: ~1.5 min with the arm64 root
# cached in .ci-state/arm64 (~15 s more to make it), plus the cross build.
test-arm64: wheel-arm64 venv
	PYTHON="$(CURDIR)/$(VPY)" bash scripts/arm64-smoke.sh

bench: install bench-deps
	@$(DB_UP) && PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VPY) bench/run.py $(BENCH_ARGS)

# SQLite only: no database servers needed.
soak: install
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VPY) bench/run.py --soak

clean:
	rm -rf dist build $(LIB) demo
