#!/usr/bin/env bash
# Until the first release there is one migration: regenerate it from the models.
# After a release, write a new migration instead (`flask db migrate -m "..."`) and never edit old ones.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f migrations/versions/*.py
DATABASE_URL="sqlite:///$tmp/empty.sqlite" FLASK_APP=wsgi.py .venv/bin/flask db migrate -m "initial schema" >/dev/null 2>&1
.venv/bin/ruff format -q migrations/versions || true
ls migrations/versions
