#!/usr/bin/env bash
# Makes the suite's Redis users from users.acl.in:
#   deploy/redis/make-acl.sh OUT_DIR [HOST:PORT [DB]]
# writes, in OUT_DIR (created readable by its owner only):
#   users.acl        the ACL file for redis-server --aclfile (passwords as
#                    SHA-256 only)
#   <user>.password  each user's password (made once; kept on later runs)
#   <user>.url       redis://<user>:<password>@HOST:PORT/DB for each user
# Kubernetes: see deploy/k8s/README.md, "Secrets".
set -euo pipefail
set -f  # the rules hold globs: ~{tasks}:*
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make-acl.sh OUT_DIR [HOST:PORT [DB]]}
address=${2:-redis:6379}
db=${3:-0}
umask 077
mkdir -p "$out"

declare -A defined=()
acl=""
while read -r first rest; do
  case "$first" in
    ''|'#'*) continue ;;
    define)
      defined[${rest%% *}]=${rest#* }
      continue ;;
    user) ;;
    *) echo "users.acl.in: unexpected line: $first $rest" >&2; exit 1 ;;
  esac
  name=${rest%% *}
  line="user"
  for word in $rest; do
    bare=${word%)}
    if [ "$word" = PASSWORD ]; then
      [ -s "$out/$name.password" ] || openssl rand -hex 32 >"$out/$name.password"
      hash=$(tr -d '\n' <"$out/$name.password" | sha256sum | cut -d' ' -f1)
      word="#$hash"
      printf 'redis://%s:%s@%s/%s\n' "$name" "$(cat "$out/$name.password")" \
        "$address" "$db" >"$out/$name.url"
    elif [ -n "${defined[$bare]:-}" ]; then
      word=${defined[$bare]}${word#"$bare"}
    fi
    line+=" $word"
  done
  acl+="$line"$'\n'
done <"$here/users.acl.in"
printf '%s' "$acl" >"$out/users.acl"
