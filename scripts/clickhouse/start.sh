#!/usr/bin/env bash
# Starts throwaway ClickHouse servers (Debian's clickhouse-server, 18.16) for development and CI:
#   single   one server                          http 127.0.0.1:$CH_SINGLE_HTTP (18123)
#   cluster  two servers, one shard each, and a remote_servers cluster "marketloop_two_shards"
#            over them                           http 127.0.0.1:$CH_SHARD1_HTTP (18124), $CH_SHARD2_HTTP (18125)
#   all      both (the default)
# Everything lives in $CLICKHOUSE_DEV_DIR (default /tmp/marketloop-clickhouse): our own config
# (no /etc/clickhouse-server, no /etc/metrika.xml), data, logs, pid files. Servers listen on
# 127.0.0.1 only and run as the `clickhouse` user when started by root. Stop them with stop.sh.
# Prints the environment to use, e.g. `eval "$(scripts/clickhouse/start.sh all)"`.
set -euo pipefail

what=${1:-all}
case "$what" in single | cluster | all) ;; *)
  echo "usage: $0 [single|cluster|all]" >&2
  exit 2
  ;;
esac

BIN=$(command -v clickhouse-server || true)
[ -n "$BIN" ] || {
  echo "clickhouse-server not found: apt-get install -y clickhouse-server clickhouse-client" >&2
  exit 1
}

DIR=${CLICKHOUSE_DEV_DIR:-/tmp/marketloop-clickhouse}
CLUSTER=marketloop_two_shards
SINGLE_HTTP=${CH_SINGLE_HTTP:-18123} SINGLE_TCP=${CH_SINGLE_TCP:-19000}
SHARD1_HTTP=${CH_SHARD1_HTTP:-18124} SHARD1_TCP=${CH_SHARD1_TCP:-19001}
SHARD2_HTTP=${CH_SHARD2_HTTP:-18125} SHARD2_TCP=${CH_SHARD2_TCP:-19002}

RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # Don't run a database server as root: the Debian package creates this user; create it if missing.
  id clickhouse >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin clickhouse
  RUN_AS=(setpriv --reuid=clickhouse --regid=clickhouse --init-groups)
fi

# $1 name, $2 http port, $3 tcp port, $4 extra config (remote_servers)
start_server() {
  local name=$1 http=$2 tcp=$3 extra=$4 d="$DIR/$1"
  if [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then
    echo "clickhouse $name already running (pid $(cat "$d/pid"))" >&2
    return
  fi
  rm -rf "$d"
  mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas" "$d/log"
  cat >"$d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>$d/log/server.log</log>
    <errorlog>$d/log/error.log</errorlog>
    <size>10M</size>
    <count>2</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <max_connections>256</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>64</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <format_schema_path>$d/format_schemas/</format_schema_path>
  <include_from>$d/no-substitutions.xml</include_from>
  <users_config>$d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  $extra
</yandex>
XML
  echo '<?xml version="1.0"?><yandex></yandex>' >"$d/no-substitutions.xml"
  cat >"$d/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>2000000000</max_memory_usage>
      <load_balancing>in_order</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
  [ ${#RUN_AS[@]} -eq 0 ] || chown -R clickhouse:clickhouse "$d"
  (cd "$d" && exec "${RUN_AS[@]}" "$BIN" --config-file="$d/config.xml" >"$d/log/stdout.log" 2>&1) &
  echo $! >"$d/pid"
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$http/ping" >/dev/null 2>&1; then return; fi
    if ! kill -0 "$(cat "$d/pid")" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "clickhouse $name did not start; last log lines:" >&2
  tail -n 20 "$d/log/stdout.log" "$d/log/error.log" >&2 2>/dev/null || true
  exit 1
}

mkdir -p "$DIR"
# The server user must reach its directory inside (mktemp -d makes 0700 directories).
[ ${#RUN_AS[@]} -eq 0 ] || chmod 755 "$DIR"
if [ "$what" != cluster ]; then
  start_server single "$SINGLE_HTTP" "$SINGLE_TCP" ''
  echo "export TEST_CLICKHOUSE_URL=http://127.0.0.1:$SINGLE_HTTP"
fi
if [ "$what" != single ]; then
  remote="<remote_servers><$CLUSTER>
    <shard><replica><host>127.0.0.1</host><port>$SHARD1_TCP</port></replica></shard>
    <shard><replica><host>127.0.0.1</host><port>$SHARD2_TCP</port></replica></shard>
  </$CLUSTER></remote_servers>"
  start_server shard1 "$SHARD1_HTTP" "$SHARD1_TCP" "$remote"
  start_server shard2 "$SHARD2_HTTP" "$SHARD2_TCP" "$remote"
  echo "export TEST_CLICKHOUSE_CLUSTER_URL=http://127.0.0.1:$SHARD1_HTTP"
  echo "export TEST_CLICKHOUSE_CLUSTER=$CLUSTER"
  echo "export TEST_CLICKHOUSE_SHARD_URLS=http://127.0.0.1:$SHARD1_HTTP,http://127.0.0.1:$SHARD2_HTTP"
fi
