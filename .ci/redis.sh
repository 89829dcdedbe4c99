#!/usr/bin/env bash
# A throwaway Redis server for the cluster tests (Orleans' Redis membership): on 127.0.0.1 only, on a free port (from
# 56379 up), nothing saved to disk, stopped by "stop".
#
#   source .ci/redis.sh start    # starts it and exports IWALL_TEST_REDIS (HOST:PORT)
#   .ci/redis.sh stop            # stops it
#
# Environment: IWALL_REDIS_PORT (first port to try, default 56379), IWALL_REDIS_STATE (state file, default
# /tmp/iwall-redis.state). Needs Debian's redis-server package.

_iwall_redis_main() {
  local cmd="${1:-}"
  local state="${IWALL_REDIS_STATE:-/tmp/iwall-redis.state}"
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "redis.sh: no redis-server (apt-get install redis-server)" >&2
    return 1
  fi

  case "$cmd" in
    start)
      local port="${IWALL_REDIS_PORT:-56379}" last
      last=$((port + 100))
      while [ "$port" -lt "$last" ] && ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; do
        port=$((port + 1))
      done
      if [ "$port" -ge "$last" ]; then
        echo "redis.sh: no free port from ${IWALL_REDIS_PORT:-56379} to $((last - 1))" >&2
        return 1
      fi

      local dir
      dir=$(mktemp -d /tmp/iwall-redis.XXXXXX) || return 1
      if ! redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
          --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null 2>&1; then
        echo "redis.sh: the server did not start" >&2; rm -rf "$dir"; return 1
      fi
      local i
      for i in $(seq 1 50); do
        redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
        sleep 0.1
      done
      if ! redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
        echo "redis.sh: the server does not answer:" >&2; cat "$dir/redis.log" >&2; return 1
      fi
      printf 'IWALL_REDIS_DIR=%q\nIWALL_REDIS_RUNNING_PORT=%q\n' "$dir" "$port" >"$state"
      export IWALL_TEST_REDIS="127.0.0.1:$port"
      echo "export IWALL_TEST_REDIS='$IWALL_TEST_REDIS'"
      ;;
    stop)
      if [ ! -f "$state" ]; then
        echo "redis.sh: no server started (no $state)" >&2
        return 0
      fi
      # shellcheck disable=SC1090
      . "$state"
      redis-cli -h 127.0.0.1 -p "$IWALL_REDIS_RUNNING_PORT" shutdown nosave >/dev/null 2>&1 \
        || { [ -f "$IWALL_REDIS_DIR/redis.pid" ] && kill "$(cat "$IWALL_REDIS_DIR/redis.pid")" 2>/dev/null; } || true
      rm -rf "$IWALL_REDIS_DIR" "$state"
      unset IWALL_TEST_REDIS
      echo "redis.sh: stopped the server on port $IWALL_REDIS_RUNNING_PORT"
      ;;
    *)
      echo "usage: source .ci/redis.sh start | .ci/redis.sh stop" >&2
      return 2
      ;;
  esac
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  _iwall_redis_main "$@"
else
  _iwall_redis_main "$@"; exit $?
fi
