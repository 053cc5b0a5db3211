#!/usr/bin/env bash
# The whole test suite from a fresh clone: system deps, npm install (which builds), lint, typecheck, all Vitest suites.
# Ends with one line "N passed, N failed[, N skipped]" and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
skipped=0
step() {
  local name=$1
  shift
  echo "==> $name"
  if "$@"; then passed=$((passed + 1)); else echo "FAILED: $name"; failed=$((failed + 1)); fi
}

bash scripts/install-test-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
# `npm install` follows the committed package-lock.json, as `npm ci` would; the lock lists every platform's build of
# the platform-specific optional packages (Biome), so `npm ci` works too.
echo "==> npm install"
npm install --no-audit --no-fund || { echo "0 passed, 1 failed"; exit 1; }

step "lint (biome)" npm run --silent lint
step "typecheck (tsc)" npm run --silent typecheck

report=$(mktemp)
echo "==> vitest"
npx vitest run --reporter=default --reporter=json --outputFile="$report"
vitest_status=$?
if [ -s "$report" ]; then
  read -r v_passed v_failed v_skipped < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    // A suite that failed to load counts as a failure even though it ran no test.
    const brokenFiles = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + brokenFiles, skipped);
  ' "$report")
  passed=$((passed + v_passed))
  failed=$((failed + v_failed))
  skipped=$((skipped + v_skipped))
  if [ "$vitest_status" -ne 0 ] && [ "$v_failed" -eq 0 ]; then failed=$((failed + 1)); fi
else
  failed=$((failed + 1))
fi
rm -f "$report"

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
