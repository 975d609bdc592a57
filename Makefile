# The README's two commands: `make demo` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv demo test check bench bench-serve bench-stories serve screenshot train eval gate schema clean extension

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-embed.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-embed.txt
	touch $(STAMP)

demo: venv
	$(VENV)/bin/newscred check examples/wire_report.txt examples/sensational_relay.txt \
		examples/opinion_column.txt examples/satire.txt examples/local_council.txt \
		--top 4
	$(VENV)/bin/newscred compare examples/wire_report.txt examples/sensational_relay.txt \
		examples/local_council.txt

test: venv
	$(PY) -m pytest -q

# The edit loop: unit tests only (no slow, loopback-server or browser tests, no gate).
check: venv
	$(PY) -m pytest -q -m "not slow and not network" --ignore=tests/browser

# Throughput and cold start, then the per-analyzer time table: this tree against the
# commit before issue 16, in one run (bench/bench_speed.py).
bench: venv
	$(PY) bench/bench_check.py
	$(PY) bench/bench_speed.py

bench-serve: venv
	$(PY) bench/bench_serve.py

bench-stories: venv
	$(PY) bench/bench_stories.py

serve: venv
	$(VENV)/bin/newscred serve

screenshot: venv
	$(PY) scripts/report_screenshot.py
	$(PY) scripts/compare_screenshot.py

train: venv
	$(VENV)/bin/newscred train all

eval: venv
	$(VENV)/bin/newscred eval all -o docs/EVALUATION.md

gate: venv
	$(VENV)/bin/newscred eval --gate

schema: venv
	$(VENV)/bin/newscred schema > docs/report.schema.json

# The browser extension as a zip for "Load unpacked" elsewhere or a store upload (docs/extension.md).
extension:
	$(PYTHON) -c "import pathlib, zipfile; root = pathlib.Path('extension'); pathlib.Path('dist').mkdir(exist_ok=True); z = zipfile.ZipFile('dist/newscred-extension.zip', 'w', zipfile.ZIP_DEFLATED); [z.write(p, p.relative_to(root)) for p in sorted(root.rglob('*')) if p.is_file()]; z.close(); print('dist/newscred-extension.zip')"

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .hypothesis
