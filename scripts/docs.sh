#!/usr/bin/env bash
# The documentation site (what `make docs` runs), built into site/ without network beyond the
# package registries:
#   - the guide and the Python API reference: MkDocs + mkdocs-material + mkdocstrings, from
#     docs/*.md and the docstrings (pinned in requirements-dev.txt, installed by `make install`);
#   - the HTTP API reference (site/api/): Redoc, rendered from openapi/replicate.yaml by
#     @redocly/cli, pinned in docs/package.json and installed here with `npm ci`.
#
# Usage: scripts/docs.sh [build|tools|browser]
#   build    install the Node tools if needed, build site/, then screenshot its pages into
#            site/_screens/ (with Chromium; DOCS_SCREENS=0 skips them) (the default)
#   tools    install the Node tools only (docs/node_modules, from docs/package-lock.json)
#   browser  install Debian's chromium if it is missing, for tests/docs (root with apt-get
#            only; exits 1 saying why otherwise)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-$VENV/bin/python}  # the Python that has mkdocs (requirements-dev.txt)
NODE_MIN=20.19.0

tools() {
    command -v node >/dev/null || { echo "docs: node (>= $NODE_MIN) is needed for Redoc" >&2; exit 1; }
    if ! node -e '
        const [a, b, c] = process.versions.node.split(".").map(Number);
        const [x, y, z] = process.argv[1].split(".").map(Number);
        process.exit(a > x || (a === x && (b > y || (b === y && c >= z))) ? 0 : 1);' "$NODE_MIN"
    then
        echo "docs: @redocly/cli needs Node >= $NODE_MIN, this is $(node --version)" >&2
        exit 1
    fi
    # npm ci only when the lock file changed since the last install (npm keeps a copy).
    if [[ ! -x docs/node_modules/.bin/redocly
          || docs/package-lock.json -nt docs/node_modules/.package-lock.json ]]; then
        npm ci --prefix docs --no-audit --no-fund --loglevel=error >&2
    fi
}

browser() {
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null; then
            echo "docs: $($name --version 2>/dev/null || echo "$name")"
            return 0
        fi
    done
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
        echo "docs: chromium is not installed, and installing it needs root and apt-get:" \
            "sudo apt-get install chromium" >&2
        exit 1
    fi
    echo "docs: installing chromium (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends chromium fonts-liberation >&2; then
        apt-get update -q >&2 || true
        apt-get install -y -q --no-install-recommends chromium fonts-liberation >&2 || {
            echo "docs: apt-get could not install chromium" >&2
            exit 1
        }
    fi
    chromium --version
}

build() {
    tools
    # NO_MKDOCS_2_WARNING: mkdocs-material's banner about MkDocs 2.0, printed on every build.
    NO_MKDOCS_2_WARNING=1 "$PYTHON" -m mkdocs build --strict --clean --site-dir site "$@"
    # Screenshots of every page into site/_screens/ (DOCS_SCREENS=0 skips them: tests/docs
    # takes its own while it checks the pages).
    if [[ ${DOCS_SCREENS:-1} != 0 ]]; then
        "$PYTHON" scripts/docs_screens.py
    fi
}

case ${1:-build} in
    build) shift || true; build "$@" ;;
    tools) tools ;;
    browser) browser ;;
    *) echo "usage: $0 [build|tools|browser]" >&2; exit 2 ;;
esac
