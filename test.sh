#!/usr/bin/env bash
# Installs the test peers when missing (as root), builds, runs every test project and ends
# with one line "N passed, N failed" (", N skipped" where any). Non-zero exit on any failure.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- peers -------------------------------------------------------------------------------
need_pkgs=()
for pair in sipp:sip-tester baresip:baresip socat:socat g3topbm:netpbm fax2tiff:libtiff-tools; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need_pkgs+=("$pkg")
done
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need_pkgs+=(fonts-wqy-microhei)
# The journal store tests start a private PostgreSQL cluster with initdb/pg_ctl.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_pkgs+=(postgresql)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/tmp/gateway-apt.log 2>&1 \
      || { echo "test.sh: apt-get install failed (see /tmp/gateway-apt.log)"; exit 1; }
  else
    echo "test.sh: missing peers (${need_pkgs[*]}) and not root: tests that need them will fail"
  fi
fi

# --- conformance data (../shared/conformance beside the checkout; the tests also search upwards) --
if [ -z "${GATEWAY_CONFORMANCE_DIR:-}" ]; then
  for d in ../shared/conformance/rfc4475 /work/shared/conformance/rfc4475; do
    [ -f "$d/EXPECTED.tsv" ] && { export GATEWAY_CONFORMANCE_DIR=$(cd "$d" && pwd); break; }
  done
fi

# --- build -------------------------------------------------------------------------------
echo "test.sh: building"
if ! dotnet build EmergencyGateway.slnx -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed (build)"
  exit 1
fi

# --- tests -------------------------------------------------------------------------------
results=test-results
rm -rf "$results"; mkdir -p "$results"
status=0
crashed=()
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "test.sh: $name"
  dotnet test "$proj" -c Release --no-build -nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 5m -- RunConfiguration.TreatNoTestsAsError=false \
    > "$results/$name.log" 2>&1 || { status=1; crashed+=("$name"); }
  grep -E '^(Passed!|Failed!)|^\s+Failed |error' "$results/$name.log" | head -40
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$c"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$c")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
[ "$failed" -gt 0 ] && status=1
# Name every failed test with the first line of its message, so a CI log that keeps only the
# tail still says what failed.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  python3 - "$trx" <<'PY' 2>/dev/null || grep -o 'testName="[^"]*" [^>]*outcome="Failed"' "$trx" | sed 's/^/test.sh: FAILED /'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") == "Failed":
        m = r.find(".//t:Message", ns)
        first = (m.text or "").strip().splitlines()[0][:300] if m is not None and m.text else ""
        print(f"test.sh: FAILED {r.get('testName')}: {first}")
PY
done
if [ "$status" = 1 ] && [ "$failed" = 0 ]; then
  # A test host that crashed or hung leaves no failed count behind: count the project.
  echo "test.sh: test run aborted in: ${crashed[*]} (see $results/*.log)"
  failed=${#crashed[@]}
fi
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && { line="$line, $skipped skipped"; status=1; }
echo "$line"
exit $status
