#!/usr/bin/env bash
# Fails when the entities and the migrations disagree: applies every migration to a scratch
# database, then asks TypeORM whether the entities would need another one.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/recourse}"
db="recourse_migration_check_$$"
export DATABASE_URL="${base%/*}/${db}"
drop() { psql "${base%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"${db}\" WITH (FORCE)" >/dev/null 2>&1 || true; }
trap drop EXIT
npm run --silent cli -- migrate >/dev/null
npm run --silent typeorm -- migration:generate --check libs/platform/src/database/migrations/Check
