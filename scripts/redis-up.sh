#!/usr/bin/env bash
# Make sure a local Redis answers on 127.0.0.1:6379 (CI runs the RQ tests against it). Like the
# machine's own, it keeps nothing on disk: the tests' queues are thrown away with it.
set -euo pipefail
host=127.0.0.1
port=${REDIS_UP_PORT:-6379}

answers() {
  # PING over bash's /dev/tcp, so the check needs neither redis-cli nor Python.
  { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  local reply=""
  read -r -t 2 reply <&3 || true
  exec 3>&- 3<&-
  [[ "$reply" == +PONG* ]]
}

if answers; then exit 0; fi
if ! command -v redis-server >/dev/null; then
  echo "Installing Redis from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends redis-server >/dev/null 2>&1 || {
    apt-get update >/dev/null && apt-get install -y --no-install-recommends redis-server >/dev/null; }
fi
redis-server --bind "$host" --port "$port" --daemonize yes --save '' --appendonly no \
  --logfile /tmp/clipcontest-redis.log
for _ in $(seq 1 30); do
  answers && exit 0
  sleep 1
done
echo "Redis did not start on $host:$port" >&2
exit 1
