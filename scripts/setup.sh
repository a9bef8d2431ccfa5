#!/usr/bin/env bash
# Set up everything the site and its tests need, from the package registries only:
#   a virtual environment in .venv from the pinned versions (pyproject.toml + constraints.txt),
#   KaTeX (math) and axe-core (accessibility checks) from the npm registry, copied where the site serves them,
#   and, with --test, what only the tests need: the CPU builds of PyTorch and TensorFlow (so the
#   framework tabs of the lessons run) and Debian's Chromium for the browser tests.
# Each step is skipped when what it installs is already there and up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
extras=docs,test
stamp=.venv/.installed
if [ "${1:-}" = "--test" ]; then
  extras=docs,test,torch,tensorflow   # CPU builds: torch 2.13.0+cpu and tensorflow-cpu, about 500 MB
  stamp=.venv/.installed-test
fi
if [ ! -f $stamp ] || [ pyproject.toml -nt $stamp ] || [ constraints.txt -nt $stamp ]; then
  echo "setup: installing Python packages [$extras] (pinned by constraints.txt)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[$extras]"
  touch $stamp
fi

vendor=scripts/vendor
if [ ! -f $vendor/node_modules/.package-lock.json ] || [ $vendor/package-lock.json -nt $vendor/node_modules/.package-lock.json ]; then
  echo "setup: installing KaTeX and axe-core from the npm registry"
  npm ci --prefix $vendor --no-audit --no-fund --loglevel=error
fi
# The build typesets the math with KaTeX under node (scripts/katex_ssr.py); the pages only need KaTeX's
# stylesheet and fonts, which the site serves itself.
katex=docs/assets/vendor/katex
if [ ! -f $katex/katex.min.css ] || [ -f $katex/katex.min.js ] || [ $vendor/node_modules/katex/package.json -nt $katex/katex.min.css ]; then
  rm -rf $katex && mkdir -p $katex/fonts
  cp $vendor/node_modules/katex/dist/katex.min.css $vendor/node_modules/katex/LICENSE $katex/
  cp $vendor/node_modules/katex/dist/fonts/*.woff2 $katex/fonts/
  # Only the woff2 fonts are shipped; every browser the site supports reads them.
  sed -i -E 's/,url\(fonts\/[A-Za-z0-9_-]+\.(woff|ttf)\) format\("(woff|truetype)"\)//g' $katex/katex.min.css
fi

if [ "${1:-}" = "--test" ] && ! command -v chromium >/dev/null; then
  echo "setup: installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
