# Writes /config/sentinel.conf: watch the primary the other sentinels know,
# or redis-0 on the first start. Overridable for a test: POD, SENTINELS,
# SENTINEL_PORT, CONFIG_DIR, SECRET_DIR.
set -eu
pod=${POD:-$(hostname)}
sentinels=${SENTINELS:-"redis-sentinel-0.redis-sentinel redis-sentinel-1.redis-sentinel redis-sentinel-2.redis-sentinel"}
config=${CONFIG_DIR:-/config}/sentinel.conf
password=$(cat "${SECRET_DIR:-/etc/redis/sentinel}/password")

primary="" primary_port=6379
for sentinel in $sentinels; do
  [ "$sentinel" = "$pod.redis-sentinel" ] && continue
  answer=$(redis-cli -h "$sentinel" -p "${SENTINEL_PORT:-26379}" --raw \
    sentinel get-master-addr-by-name ngoaivu 2>/dev/null) || true
  primary=$(echo "$answer" | sed -n 1p)
  [ -n "$primary" ] && primary_port=$(echo "$answer" | sed -n 2p) && break
done
[ -n "$primary" ] || primary=redis-0.redis

cat >"$config" <<CONF
port ${SENTINEL_PORT:-26379}
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $pod.redis-sentinel
sentinel monitor ngoaivu $primary $primary_port 2
sentinel auth-user ngoaivu sentinel
sentinel auth-pass ngoaivu $password
sentinel down-after-milliseconds ngoaivu 5000
sentinel failover-timeout ngoaivu 60000
sentinel parallel-syncs ngoaivu 1
CONF
echo "watching $primary"
