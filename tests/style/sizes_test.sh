#!/usr/bin/env bash
# Keeps the code in pieces a reader can hold: no source file in services/,
# common/ or tools/ over 600 lines, no function over 80 lines. A function is
# counted from its first line at column 0 to its closing brace at column 0
# (Google style, as clang-format lays it out).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
status=0
while IFS= read -r file; do
  lines=$(wc -l <"$file")
  if [ "$lines" -gt 600 ]; then
    echo "$file: $lines lines (at most 600)"
    status=1
  fi
  awk -v file="$file" '
    start == 0 && /^[A-Za-z]/ && !/^(namespace|class|struct|enum|NGOAIVU_)/ &&
        (/[)]( const)?( override)? [{]$/ || /[(,]$/) {
      start = NR
      name = $0
    }
    /^}/ && start > 0 {
      if (NR - start + 1 > 80) {
        printf "%s:%d: %d lines: %s\n", file, start, NR - start + 1, name
        bad = 1
      }
      start = 0
    }
    END { exit bad }' "$file" || status=1
done < <(find services common tools -name '*.cc' | sort)
exit $status
