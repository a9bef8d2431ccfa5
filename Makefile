# The two commands of the README. Each sets up what it needs first (scripts/setup.sh), then runs.
.PHONY: serve test build figures benchmark

# --dirty: after the first build, a save rebuilds only the pages it changed (and the pages that show a
# changed lessonlib file, see scripts/mkdocs_hooks.py), so an edit is in the browser within a second or
# two. A new page or a changed navigation needs a restart.
serve:
	@scripts/setup.sh
	.venv/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

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
