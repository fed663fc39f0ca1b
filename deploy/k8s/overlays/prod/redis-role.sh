# Writes /config/redis.conf for this Redis pod: the suite's settings, and
# whom to follow. The sentinels know the current primary; when none
# answers (the first start), redis-0 is the primary and the others follow
# it. Overridable for a test: POD, SENTINELS, SENTINEL_PORT, CONFIG_DIR,
# SECRET_DIR.
set -eu
pod=${POD:-$(hostname)}
self="$pod.redis"
sentinels=${SENTINELS:-"redis-sentinel-0.redis-sentinel redis-sentinel-1.redis-sentinel redis-sentinel-2.redis-sentinel"}
config=${CONFIG_DIR:-/config}/redis.conf
password=$(cat "${SECRET_DIR:-/etc/redis/replication}/password")

primary="" primary_port=6379
for sentinel in $sentinels; do
  answer=$(redis-cli -h "$sentinel" -p "${SENTINEL_PORT:-26379}" --raw \
    sentinel get-master-addr-by-name ngoaivu 2>/dev/null) || true
  primary=$(echo "$answer" | sed -n 1p)
  [ -n "$primary" ] && primary_port=$(echo "$answer" | sed -n 2p) && break
done
if [ -z "$primary" ] && [ "${pod##*-}" != 0 ]; then
  primary=redis-0.redis
fi

cat >"$config" <<CONF
# The suite's settings (deploy/redis/redis.conf), then this pod's own.
include /etc/redis/conf/redis.conf
aclfile /etc/redis/acl/users.acl
dir /data
maxmemory 1gb
replica-announce-ip $self
masteruser replica
masterauth $password
# Refuse writes while no replica is within 10 s: a partitioned old primary
# stops accepting what the new one will never see.
min-replicas-to-write 1
min-replicas-max-lag 10
CONF
if [ -n "$primary" ] && [ "$primary" != "$self" ]; then
  echo "replicaof $primary $primary_port" >>"$config"
  echo "following $primary"
else
  echo "starting as the primary"
fi
