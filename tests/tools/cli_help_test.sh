#!/usr/bin/env bash
# Every command of the real ngoaivu binary has help with an example, and
# each example names that command and only flags its help lists (an example
# with a renamed or removed flag fails here).
#   cli_help_test.sh BIN_DIR
set -euo pipefail
CLI=$1/ngoaivu
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

commands=0
walk() {
  local help subs
  help=$("$CLI" "$@" --help)
  commands=$((commands + 1))
  local path="ngoaivu${*:+ $*}"
  grep -q '^Examples:$' <<<"$help" || fail "'$path --help' has no example"
  local flags
  flags=$(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$help" | sort -u)
  flags+=$'\n'$("$CLI" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
  while IFS= read -r example; do
    [ -z "$example" ] && continue
    case "$example" in
      "$path"*|"source <($path"*) ;;
      *) fail "'$path' has an example of another command: $example" ;;
    esac
    for flag in $(grep -oE -- ' --[a-z][a-z0-9-]*' <<<"$example" | tr -d ' '); do
      grep -qxF -- "$flag" <<<"$flags" || fail "'$path' example uses $flag, which it lacks: $example"
    done
  done < <(sed -n '/^Examples:$/,$p' <<<"$help" | tail -n +2 | sed 's/^  //')
  # In Vietnamese (the locale, or --lang vi) the command says what it does
  # in Vietnamese, under Vietnamese headings, with the same examples.
  local vi
  vi=$(LANG=vi_VN.UTF-8 "$CLI" "$@" --help)
  [ "$(head -1 <<<"$vi")" != "$(head -1 <<<"$help")" ] ||
    fail "'$path' is not described in Vietnamese: $(head -1 <<<"$help")"
  grep -q '^Cách dùng: ' <<<"$vi" || fail "'$path' help lacks 'Cách dùng'"
  grep -q '^Ví dụ:$' <<<"$vi" || fail "'$path' help lacks 'Ví dụ'"
  subs=$(sed -n '/^Subcommands:$/,/^$/p' <<<"$help" | awk 'NR > 1 && /^  [a-z]/ {print $1}')
  for sub in $subs; do walk "$@" "$sub"; done
}
walk
# --lang wins over the locale, both ways.
# (The help is read whole first: grep -q leaving early would end the CLI
# with SIGPIPE.)
grep -q '^Usage: ' <<<"$(LANG=vi_VN.UTF-8 "$CLI" --lang en --help)" ||
  fail "--lang en under a Vietnamese locale"
grep -q '^Tùy chọn:' <<<"$(LANG=C.UTF-8 "$CLI" --lang vi --help)" ||
  fail "--lang vi under an English locale"
[ "$commands" -gt 100 ] || fail "only $commands commands found"
# A mistyped command is answered with the nearest one.
if "$CLI" agencies lst 2>/tmp/cli_help_test.$$ >/dev/null; then fail "agencies lst passed"; fi
grep -q "did you mean 'list'" /tmp/cli_help_test.$$ || fail "no suggestion for 'agencies lst'"
rm -f /tmp/cli_help_test.$$
[ "$failures" -eq 0 ] || { echo "$failures failures in $commands commands"; exit 1; }
echo "PASS: $commands commands, each with an example"
