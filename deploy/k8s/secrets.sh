#!/usr/bin/env bash
# Prints the Redis Secrets of deploy/k8s/README.md as YAML, for
#   deploy/k8s/secrets.sh [--sentinel] [NAMESPACE] | kubectl apply -f -
# --sentinel (the prod overlay): the services' URLs find the primary
# through the three sentinels, and the replication and Sentinel users'
# passwords are added.
# Passwords are made once and kept (readable by their owner only) in
# $NGOAIVU_SECRETS_DIR (default ~/.config/ngoaivu/k8s-secrets): running it
# again prints the same Secrets.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sentinel=0
if [ "${1:-}" = --sentinel ]; then sentinel=1; shift; fi
namespace=${1:-ngoaivu}
dir=${NGOAIVU_SECRETS_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/ngoaivu/k8s-secrets}
address=redis:6379
if [ "$sentinel" = 1 ]; then
  address=sentinel:redis-sentinel-0.redis-sentinel:26379,redis-sentinel-1.redis-sentinel:26379,redis-sentinel-2.redis-sentinel:26379/ngoaivu
fi
"$here/../redis/make-acl.sh" "$dir" "$address" >&2
[ -s "$dir/page-token.key" ] || (umask 077 && openssl rand -base64 48 >"$dir/page-token.key")

secret() {  # name key value [key value...]
  printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\ntype: Opaque\ndata:\n' \
    "$1" "$namespace"
  shift
  while [ "$#" -ge 2 ]; do
    printf '  %s: %s\n' "$1" "$(printf '%s' "$2" | base64 -w0)"
    shift 2
  done
}
# The Redis pods' users, and the probe's password (redis-health.sh).
secret ngoaivu-redis-acl users.acl "$(cat "$dir/users.acl")" \
  probe.password "$(cat "$dir/probe.password")"
for user in functions registry tasks delegations notifications; do
  secret "ngoaivu-redis-$user" url "$(cat "$dir/$user.url")"
done
# The backup CronJob's user (prod overlay, backup.yaml): snapshots only.
secret ngoaivu-redis-backup password "$(cat "$dir/backup.password")"
secret ngoaivu-page-tokens key "$(tr -d '\n' <"$dir/page-token.key")"
if [ "$sentinel" = 1 ]; then
  secret ngoaivu-redis-replication password "$(cat "$dir/replica.password")"
  secret ngoaivu-redis-sentinel password "$(cat "$dir/sentinel.password")"
fi
