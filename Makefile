# caspian-prisma: one wheel = Go engine (c-shared) + Python package.
#
#   make demo   sets everything up and runs the page's snippets on SQLite
#   make test   sets everything up (databases included) and runs every test
#   make bench  measures our client against the raw drivers and the ORMs
#   make soak   1,000,000 point queries on SQLite with the RSS slope (bench/soak.py)
#
# The engine is built once (make build) and reused by the wheel and the tests.

GO      ?= go
PYTHON  ?= python3
VENV    ?= .venv
VPY     := $(VENV)/bin/python
LIB     := python/caspian_prisma/_lib/libcaspian_prisma.so
# The same library with debug.panic/debug.sleep (-tags caspian_debug), for the
# Python tests marked debug_methods only; it never goes into the wheel.
DEBUG_LIB := build/debug/libcaspian_prisma.so
GO_SRC  := $(shell find abi engine pybridge schema -name '*.go' -not -name '*_test.go' 2>/dev/null) go.mod go.sum
PY_SRC  := $(shell find python/caspian_prisma -name '*.py' 2>/dev/null)
# Python packages the tests need (the wheel itself needs msgpack only).
DEV_PKGS := msgpack pytest uvloop mypy asyncpg aiosqlite
# The bench's peers, chart and RPC-agent server (bench/). `make test` installs
# them too, so python/tests/test_bench_quick.py runs the harness in CI.
BENCH_PKGS := "sqlalchemy[asyncio]" tortoise-orm piccolo starlette uvicorn matplotlib aiosqlite asyncpg
BENCH_STAMP := $(VENV)/.bench-pkgs

.PHONY: build build-debug wheel venv bench-deps install demo test test-go test-py bench soak clean help

help:
	@sed -n '1,10p' Makefile

build: $(LIB)

$(LIB): $(GO_SRC)
	$(GO) build -buildmode=c-shared -trimpath -o $@ ./pybridge
	@rm -f $(basename $@).h

build-debug: $(DEBUG_LIB)

$(DEBUG_LIB): $(GO_SRC)
	$(GO) build -tags caspian_debug -buildmode=c-shared -trimpath -o $@ ./pybridge
	@rm -f $(basename $@).h

wheel: $(LIB)
	@rm -f dist/caspian_prisma-*.whl
	$(PYTHON) scripts/wheel_backend.py dist

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q $(DEV_PKGS)

venv: $(VPY)

$(BENCH_STAMP): $(VPY) Makefile
	$(VPY) -m pip install -q $(BENCH_PKGS)
	@touch $@

bench-deps: $(BENCH_STAMP)

# The real wheel, installed into the venv the tests and the demo use.
install: wheel venv
	$(VPY) -m pip install -q --force-reinstall --no-deps dist/caspian_prisma-*.whl

demo: install
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" bash scripts/demo.sh

# db-up prints export lines; a failure to start must fail the target, which a
# bare eval "$(...)" would hide.
DB_UP := exports=$$(bash scripts/db-up.sh) && eval "$$exports"

test: install bench-deps
	@$(DB_UP) && $(MAKE) --no-print-directory test-go test-py

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

bench: install bench-deps
	@$(DB_UP) && PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VPY) bench/run.py $(BENCH_ARGS)

# SQLite only: no database servers needed.
soak: install
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VPY) bench/run.py --soak

clean:
	rm -rf dist build $(LIB) demo
