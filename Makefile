# SpasmCare's entry points. `make run` and `make test` work from a fresh clone.
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup messages lint test test-fast test-tools lock admin bench load bench-reminders figures review-figures clean

$(PY):
	"$$(sh .ci/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs come from the lock files: every package, pinned, with its hashes, so a deploy, CI and a
# laptop run the same code. requirements*.txt say what we depend on; `make lock` writes the locks.
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.installed

## lock: after changing requirements.txt or requirements-dev.txt, pin everything they need with
##       hashes (newest versions that fit; commit the .lock files with the change)
lock: $(VENV)/.installed-dev
	$(VENV)/bin/uv pip compile requirements.txt --universal --python-version 3.12 \
		--generate-hashes --quiet -o requirements.lock
	$(VENV)/bin/uv pip compile requirements-dev.txt --universal --python-version 3.12 \
		--generate-hashes --quiet -c requirements.lock -o requirements-dev.lock

# The compiled catalogues (.mo) are built from the .po files, never committed (.gitignore); msgfmt
# comes with gettext (Debian: apt-get install gettext). Rebuilt whenever a .po file changes.
PO_FILES := $(wildcard spasmcare/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

# Without gettext on the machine (a fresh laptop), polib writes the same file, so `make run`
# needs nothing but Python.
%.mo: %.po | $(VENV)/.installed
	if command -v msgfmt >/dev/null; then msgfmt --check-format -o $@ $<; \
	else $(PY) -c "import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@; fi

## setup: install dependencies, compile the translations, create or update the database with all
##        shipped content
setup: $(VENV)/.installed $(MO_FILES)
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0

## run: set up, add the demo account, then serve the app at http://127.0.0.1:8000 with the
## reminder worker running beside it (both stop together on Ctrl+C)
run: setup
	$(MANAGE) load_demo_history
	$(MANAGE) send_reminders --loop & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

## messages: after changing a translatable string, gather every string into the catalogues
##           (spasmcare/locale/<code>/LC_MESSAGES/django.po: new entries come untranslated,
##           changed ones fuzzy) and compile them; then translate what they mark: `make test`
##           fails while safety-critical text is left (tests/test_catalogues.py).
##           A new language: make messages NEW=de (CONTRIBUTING, "Translations").
messages: $(VENV)/.installed
	$(MANAGE) makemessages --all $(if $(NEW),--locale $(NEW)) --no-obsolete --extension html,txt,py,js \
		--ignore ".venv/*" --ignore "node_modules/*" --ignore "tests/*" --ignore "test-artifacts/*" \
		--ignore "static/*" --ignore "staticfiles/*" --ignore "data/*"
	$(MANAGE) compilemessages --ignore ".venv/*" --ignore "node_modules/*"

# Node packages the tests use (package.json, pinned in package-lock.json): Mozilla's ical.js reads
# the calendar feed, the W3C Nu HTML checker runs on the system's Java, and Biome lints the
# JavaScript (its binary comes in a registry package). Install scripts are skipped so nothing but
# the registry's packages is downloaded.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# pytest-xdist runs the suite in one process per CPU (each with its own test database, live
# server and browser); a finished process takes tests from a busy one, so the longest tests don't
# leave the others idle. PYTEST_ARGS="-n 0" runs everything in one process.
TEST_WORKERS ?= auto

## test-tools: install what the tests need (Python test tools, npm packages, compiled translations)
test-tools: $(VENV)/.installed-dev node_modules/.installed $(MO_FILES)

## lint: lint and format-check the Python (ruff), check that the apps import one way only
##       (import-linter, contract in .importlinter), lint the JavaScript (Biome, biome.jsonc) and
##       run its unit tests (node's runner)
lint: test-tools
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	node_modules/.bin/biome lint --error-on-warnings
	node --test tests/js/

## test: lint, then the whole Python test suite, spread over the CPUs (browser tests need
## Chromium, the calendar and HTML tests need npm packages, the HTML checker needs Java)
test: lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

## test-fast: lint, then the suite without the browser tests and benchmarks (about a minute on
##            two cores): the tier to run on every change; `make test` before a merge
test-fast: lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not browser and not bench" $(PYTEST_ARGS)

## admin: create an editor account for the Django admin at /admin/
admin: setup
	$(MANAGE) createsuperuser

clean:
	rm -rf $(VENV) staticfiles node_modules

## figures: redraw every exercise drawing (static/exercises/figures/) from
##          exercises/content/poses.toml, and the app icons; tests/test_figures.py fails until the
##          shipped files match (ONLY="cat-cow knee-rolls" OUT=/tmp/figures to try a few elsewhere)
figures: $(VENV)/.installed
	$(PY) -m tests.figures $(if $(ONLY),--only $(ONLY)) $(if $(OUT),--out $(OUT))

## review-figures: a blind review pack of the drawings in REVIEW (default /tmp/figure-review):
##                 four moments of each loop, shuffled under numbers (a new order each time),
##                 each with the "How to read the drawing" key its exercise page shows; the
##                 answer key (which number is which exercise) in REVIEW-key, apart from the pack
##                 (tests/figures/review.py says how to run a round and score it)
review-figures: $(VENV)/.installed-dev
	review=$${REVIEW:-/tmp/figure-review}; $(PY) -m tests.figures.review "$$review" --key "$$review-key"

## bench-reminders: time finding and claiming due reminders among 100,000 people
bench-reminders: $(VENV)/.installed
	$(PY) -m tests.bench.reminders --people $${PEOPLE:-100000}

## bench: 1,000 people and 300 visitors browsing a mix of pages at once, served as in production;
##        p50/p99 and CPU per page against a bare view (needs wrk; on PostgreSQL:
##        make bench BENCH_ARGS="--database-url postgres://user:pass@host/emptied_db --markdown bench.md")
bench: $(VENV)/.installed
	$(PY) -m tests.bench pages $(BENCH_ARGS)

## load: 32 people browsing and saving sessions at once for 30 s; fails on a 5xx or a lost save
load: $(VENV)/.installed
	$(PY) -m tests.bench load $(LOAD_ARGS)
