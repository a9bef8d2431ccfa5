# The two commands of the README. Each sets up what it needs first (scripts/setup.sh), then runs.
.PHONY: serve test build figures benchmark

serve:
	@scripts/setup.sh
	.venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000

test:
	@scripts/setup.sh --test
	.venv/bin/python -m pytest --require-frameworks

build:
	@scripts/setup.sh
	.venv/bin/mkdocs build --strict

figures:
	@scripts/setup.sh
	.venv/bin/python scripts/make_figures.py

benchmark:
	@scripts/setup.sh
	.venv/bin/python scripts/benchmark.py
