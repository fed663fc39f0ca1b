#!/usr/bin/env bash
# Every shell example of README.md and docs/*.md, run against a suite that
# deploy/local/run.sh starts (on ports of its own), as a reader would run
# them: from the checkout's root, each file's blocks in order in one shell
# that stops at the first failing command. A block is one fenced `sh`; a
# block that cannot run here (it needs a Kubernetes cluster, or starts the
# suite itself) is preceded by `<!-- not run: why -->` and is only checked
# for its syntax. Any other shell fence (bash, shell, console) fails the
# test, so no example escapes it.
set -euo pipefail
source "$(dirname "$0")/../suite/suite_env.sh"

# The examples' files, each block with its line, as scripts to run.
scripts=$STATE/examples-scripts
mkdir -p "$scripts"
python3 - "$ROOT" "$scripts" <<'PY'
import pathlib, re, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
files = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
bad = []
for doc in files:
    lines = doc.read_text().split("\n")
    rel = doc.relative_to(root)
    run, skipped, i = [], [], 0
    while i < len(lines):
        fence = re.match(r"^```(\S*)", lines[i])
        if not fence:
            i += 1
            continue
        lang, start = fence.group(1), i + 1
        end = next(j for j in range(start, len(lines)) if lines[j].startswith("```"))
        body = "\n".join(lines[start:end])
        if lang in ("bash", "shell", "console", "zsh"):
            bad.append(f"{rel}:{start}: fence it `sh` (run) or `text` (not shell)")
        elif lang == "sh":
            note = lines[i - 1] if i > 0 else ""
            if note.startswith("<!-- not run:"):
                if not re.match(r"<!-- not run: \S.* -->$", note):
                    bad.append(f"{rel}:{start}: say why it is not run")
                skipped.append(f"# {rel}:{start}\n{body}\n")
            else:
                run.append(f"echo '### {rel}:{start}' >&2\n{body}\n")
        i = end + 1
    name = str(rel).replace("/", "_")
    (out / f"{name}.run.sh").write_text("".join(run))
    (out / f"{name}.syntax.sh").write_text("".join(skipped))
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY
blocks=$(grep -c "^echo '### " "$scripts"/*.run.sh | awk -F: '{ n += $2 } END { print n }')
[ "$blocks" -ge 6 ] || fail "only $blocks examples found to run"
for f in "$scripts"/*.syntax.sh; do bash -n "$f" || fail "$(basename "$f"): not valid shell"; done

step "run.sh"
suite_start "$STATE/run.log"
# The checkout as a reader has it, in a scratch directory so that what the
# examples write stays out of the repository; .ngoaivu-local is this
# suite's state directory.
work=$STATE/reader
mkdir -p "$work"
for entry in "$ROOT"/*; do ln -s "$entry" "$work/"; done
rm -f "$work/build" && ln -s "$NGOAIVU_BUILD" "$work/build"
ln -s "$STATE" "$work/.ngoaivu-local"
for script in "$scripts"/*.run.sh; do
  [ -s "$script" ] || continue
  step "$(basename "$script" .run.sh)"
  if ! (cd "$work" && PATH="$NGOAIVU_BUILD/bin:$PATH" bash -e "$script") \
      >"$script.out" 2>"$script.err"; then
    tail -20 "$script.out"
    tail -20 "$script.err"
    fail "an example of $(basename "$script" .run.sh) failed (the last ### line above names it)"
  fi
  echo "   $(grep -c '^### ' "$script.err") blocks ran"
done
echo "PASS: $blocks examples ran"
