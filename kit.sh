#!/usr/bin/env bash
# The course kit's entry points. Each one sets up .venv (pinned by requirements.txt) first.
#
#   bash kit.sh demo      build the release, then grade the example submissions into out/demo
#   bash kit.sh test      lint and run the whole test suite
#   bash kit.sh release   rebuild source/, release/ and examples/ from notebooks/
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.requirements.sha256"

setup() {
    local wanted
    wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
    if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" ]]; then
        return
    fi
    echo "setting up $VENV from requirements.txt ..."
    [[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r requirements.txt
    echo "$wanted" > "$STAMP"
}

# nbgrader runs alembic from PATH; the hidden tests import autograder from the repo root.
export PATH="$PWD/$VENV/bin:$PATH"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export MPLBACKEND=Agg

case "${1:-}" in
    demo)
        setup
        "$VENV/bin/python" -m coursekit.release
        "$VENV/bin/python" -m coursekit.demo out/demo
        ;;
    test)
        setup
        "$VENV/bin/ruff" check .
        "$VENV/bin/ruff" format --check .
        "$VENV/bin/python" -m pytest "${@:2}"
        ;;
    release)
        setup
        "$VENV/bin/python" -m coursekit.release "${@:2}"
        ;;
    *)
        sed -n '2,7p' "$0"
        exit 2
        ;;
esac
