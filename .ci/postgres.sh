#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb with trust auth, listening on 127.0.0.1 only, on a free port
# (from 55432 up), sockets in /tmp, data in a temporary folder that "stop" deletes.
#
#   source .ci/postgres.sh start    # starts it and exports IWALL_TEST_POSTGRES (a Npgsql connection string)
#   .ci/postgres.sh stop            # stops it and deletes its data
#   eval "$(.ci/postgres.sh start)" # the same as source, from a script that runs it
#   .ci/postgres.sh status
#
# Environment: IWALL_PG_PORT (first port to try, default 55432), IWALL_PG_STATE (state file,
# default /tmp/iwall-postgres.state). Needs Debian's postgresql package (initdb, pg_ctl) and root or the postgres user.

_iwall_pg_main() {
  local cmd="${1:-}"
  local state="${IWALL_PG_STATE:-/tmp/iwall-postgres.state}"
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgres.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
    return 1
  fi

  local as=()
  if [ "$(id -u)" = 0 ]; then
    as=(runuser -u postgres --)   # initdb refuses to run as root
  fi

  case "$cmd" in
    start)
      if [ -f "$state" ]; then
        # shellcheck disable=SC1090
        . "$state"
        if "${as[@]}" "$bin/pg_ctl" -D "$IWALL_PG_DATA" status >/dev/null 2>&1; then
          export IWALL_TEST_POSTGRES="Host=127.0.0.1;Port=$IWALL_PG_RUNNING_PORT;Username=postgres;Database=postgres"
          echo "export IWALL_TEST_POSTGRES='$IWALL_TEST_POSTGRES'"
          return 0
        fi
        rm -rf "$IWALL_PG_DATA" "$state"
      fi

      local port="${IWALL_PG_PORT:-55432}" last
      last=$((port + 100))
      while [ "$port" -lt "$last" ] && { ss -Hltn "sport = :$port" 2>/dev/null | grep -q . || [ -e "/tmp/.s.PGSQL.$port" ]; }; do
        port=$((port + 1))
      done
      if [ "$port" -ge "$last" ]; then
        echo "postgres.sh: no free port from ${IWALL_PG_PORT:-55432} to $((last - 1))" >&2
        return 1
      fi

      local data
      data=$(mktemp -d /tmp/iwall-pgdata.XXXXXX) || return 1
      chmod 700 "$data"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
      if ! "${as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >"$data.initdb.log" 2>&1; then
        echo "postgres.sh: initdb failed:" >&2; cat "$data.initdb.log" >&2; rm -rf "$data" "$data.initdb.log"; return 1
      fi
      rm -f "$data.initdb.log"
      if ! "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-h 127.0.0.1 -p $port -k /tmp" -w -t 60 start >/dev/null; then
        echo "postgres.sh: the server did not start:" >&2; cat "$data/server.log" >&2; rm -rf "$data"; return 1
      fi
      printf 'IWALL_PG_DATA=%q\nIWALL_PG_RUNNING_PORT=%q\n' "$data" "$port" >"$state"
      export IWALL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      echo "export IWALL_TEST_POSTGRES='$IWALL_TEST_POSTGRES'"
      ;;
    stop)
      if [ ! -f "$state" ]; then
        echo "postgres.sh: no cluster started (no $state)" >&2
        return 0
      fi
      # shellcheck disable=SC1090
      . "$state"
      "${as[@]}" "$bin/pg_ctl" -D "$IWALL_PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 || true
      rm -rf "$IWALL_PG_DATA" "$state"
      unset IWALL_TEST_POSTGRES
      echo "postgres.sh: stopped the cluster on port $IWALL_PG_RUNNING_PORT"
      ;;
    status)
      if [ -f "$state" ]; then
        # shellcheck disable=SC1090
        . "$state"
        "${as[@]}" "$bin/pg_ctl" -D "$IWALL_PG_DATA" status
      else
        echo "postgres.sh: no cluster started"
        return 3
      fi
      ;;
    *)
      echo "usage: source .ci/postgres.sh start | .ci/postgres.sh stop | .ci/postgres.sh status" >&2
      return 2
      ;;
  esac
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  _iwall_pg_main "$@"          # sourced: exports into the caller's shell, never exits it
else
  _iwall_pg_main "$@"; exit $?
fi
