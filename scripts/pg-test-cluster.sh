#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (Debian's postgresql package), owned by an
# unprivileged user, listening on 127.0.0.1 only, with trust authentication for its one
# database. Nothing outside DIR is touched.
#
#   scripts/pg-test-cluster.sh start DIR [PORT]   prints `export DATABASE_URL=...` for eval
#   scripts/pg-test-cluster.sh stop DIR           stops the cluster and removes DIR
#
# Run as root, the cluster belongs to the `postgres` system user (initdb refuses root); run as
# anyone else, it belongs to the caller.
set -euo pipefail
cmd=${1:?usage: pg-test-cluster.sh start|stop DIR [PORT]}
dir=${2:?usage: pg-test-cluster.sh start|stop DIR [PORT]}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg-test-cluster: no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U zkd --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Throwaway data: no fsync. Sockets stay inside DIR.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U zkd zkd
    echo "export DATABASE_URL=postgres://zkd@127.0.0.1:$port/zkd"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pg-test-cluster.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
