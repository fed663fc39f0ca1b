#!/usr/bin/env bash
# Makes the suite's Redis users from users.acl.in:
#   deploy/redis/make-acl.sh OUT_DIR [ADDRESS [DB]]
# ADDRESS is HOST:PORT (default redis:6379), or
# sentinel:HOST:PORT,HOST:PORT.../NAME for a primary found through Sentinel.
# Writes, in OUT_DIR (created readable by its owner only):
#   users.acl        the ACL file for redis-server --aclfile (passwords as
#                    SHA-256 only)
#   <user>.password  each user's password (made once; kept on later runs)
#   <user>.url       each user's URL: redis://<user>:<password>@HOST:PORT/DB
#                    or redis-sentinel://<user>:<password>@SENTINELS/NAME/DB
# Kubernetes: see deploy/k8s/README.md, "Secrets".
set -euo pipefail
set -f  # the rules hold globs: ~{tasks}:*
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make-acl.sh OUT_DIR [ADDRESS [DB]]}
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
      scheme=redis address_part=$address
      if [[ "$address" == sentinel:* ]]; then
        scheme=redis-sentinel address_part=${address#sentinel:}
      fi
      printf '%s://%s:%s@%s/%s\n' "$scheme" "$name" \
        "$(cat "$out/$name.password")" "$address_part" "$db" >"$out/$name.url"
    elif [ -n "${defined[$bare]:-}" ]; then
      word=${defined[$bare]}${word#"$bare"}
    fi
    line+=" $word"
  done
  acl+="$line"$'\n'
done <"$here/users.acl.in"
printf '%s' "$acl" >"$out/users.acl"
