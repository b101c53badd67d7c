#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the test suite, on 127.0.0.1 only.
# Installs Debian's postgresql if missing. Prints the SQLAlchemy URL to use.
# The server's files go to $NEWSGRAPH_PG_DATA if set (a new /tmp folder if not);
# `bash .ci/postgres.sh stop DIR` stops the server kept there and removes DIR.
set -euo pipefail
if [ "${1:-}" = stop ]; then
    DIR=$2
    if [ -f "$DIR/data/postmaster.pid" ]; then
        PGCTL=$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)
        su postgres -s /bin/sh -c "$PGCTL -D $DIR/data -m fast -w stop >/dev/null" || true
    fi
    rm -rf "$DIR"
    exit 0
fi
PORT=${NEWSGRAPH_PG_PORT:-55432}
# Another server on that port (an earlier run's): take the next free one.
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
DATA=${NEWSGRAPH_PG_DATA:-$(mktemp -d /tmp/newsgraph-pg.XXXXXX)}
chown postgres "$DATA"
su postgres -s /bin/sh -c "$PGBIN/initdb -D $DATA/data -A trust -U postgres >/dev/null"
su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $DATA/data -l $DATA/log -w \
    -o '-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start >/dev/null"
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
