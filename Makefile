# Kanoon — the two set-up commands are `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint serve bench clean

# a demo/dev run: the secret key may come from var/secret_key (production requires KANOON_SECRET_KEY)
demo test bench: export KANOON_ENV ?= demo

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kanoon migrate --noinput -v0
	$(BIN)/kanoon demo
	@echo "Kanoon is at http://127.0.0.1:$(PORT)/"
	$(BIN)/kanoon runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	.ci/system-deps
	$(BIN)/ruff check kanoon tests bench
	$(BIN)/ruff format --check kanoon tests bench
	$(BIN)/kanoon makemigrations --check --dry-run -v0
	$(BIN)/pytest -n $${KANOON_TEST_WORKERS:-2} $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check --fix kanoon tests bench
	$(BIN)/ruff format kanoon tests bench

bench: $(STAMP)  # needs DATABASE_URL pointing at a scratch PostgreSQL database
	for b in import_bench foundation_bench centers_bench monitoring_bench; do $(BIN)/python -m bench.$$b || exit 1; done

clean:
	rm -rf $(VENV) var/static
