#!/usr/bin/env bash
# Until the first release there is one generated migration: regenerate it from the models.
# After a release, write a new migration instead (`flask db migrate -m "..."`) and never edit old ones.
#
# Hand-written migrations for what autogenerate cannot see (the audit log's trigger, see
# docs/decisions.md) are named migrations/versions/*_manual.py. They are set aside while the
# initial one is generated, then put back with their down_revision pointed at the new revision id
# (a manual migration whose parent is another manual one keeps it), so the chain stays whole.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
mkdir "$tmp/manual"
restore() {
	mv "$tmp"/manual/*_manual.py migrations/versions/ 2>/dev/null || true
	rm -rf "$tmp"
}
trap restore EXIT
shopt -s nullglob
for file in migrations/versions/*_manual.py; do mv "$file" "$tmp/manual/"; done
rm -f migrations/versions/*.py
DATABASE_URL="sqlite:///$tmp/empty.sqlite" FLASK_APP=wsgi.py .venv/bin/flask db migrate -m "initial schema" >/dev/null 2>&1
# Alembic writes 'quoted' ids, ruff format makes them "quoted": accept both.
revision_of() { sed -n "s/^revision = [\"']\(.*\)[\"']$/\1/p" "$1"; }
generated=$(revision_of migrations/versions/*.py)
manual_ids=" "
for file in "$tmp"/manual/*_manual.py; do manual_ids+="$(revision_of "$file") "; done
for file in "$tmp"/manual/*_manual.py; do
	parent=$(sed -n "s/^down_revision = [\"']\(.*\)[\"']$/\1/p" "$file")
	if [[ "$manual_ids" != *" $parent "* ]]; then
		sed -i -e "s/^down_revision = .*$/down_revision = \"$generated\"/" \
			-e "s/^Revises:.*$/Revises: $generated/" "$file"
	fi
done
restore
trap - EXIT
.venv/bin/ruff format -q migrations/versions || true
ls migrations/versions
