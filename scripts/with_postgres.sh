#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server: initdb in a temp folder, start it on a
# free local port, export TEST_DATABASE_URL (an empty database), run "$@", stop and delete it.
# As root the server runs as the `postgres` user. Installs Debian's postgresql when missing
# (as root). Usage: scripts/with_postgres.sh .venv/bin/python -m pytest
set -euo pipefail

find_bin() {
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/$name" ] && { echo "$dir/$name"; return; }
  done
  return 1
}

if ! find_bin initdb >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed: sudo apt-get install postgresql" >&2; exit 1
  fi
fi
INITDB=$(find_bin initdb); PG_CTL=$(find_bin pg_ctl); CREATEDB=$(find_bin createdb); POSTGRES=$(find_bin postgres)

workdir=$(mktemp -d /tmp/tracker-pg.XXXXXX)
chmod 755 "$workdir"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$workdir"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cleanup() {
  "${as_pg[@]}" "$PG_CTL" -D "$workdir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${as_pg[@]}" "$INITDB" -D "$workdir/data" -U tracker --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PG_CTL" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
"$CREATEDB" -h 127.0.0.1 -p "$port" -U tracker tracker_test

export TEST_DATABASE_URL="postgresql+psycopg://tracker@127.0.0.1:$port/tracker_test"
echo "PostgreSQL $("$POSTGRES" --version | awk '{print $3}') on port $port" >&2
"$@"
