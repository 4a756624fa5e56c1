#!/usr/bin/env bash
# ./demo.sh         build, start the simulators and the gateway on embedded defaults
#                   (SQLite under ./data) and keep running on http://127.0.0.1:8080 until Ctrl-C.
# ./demo.sh --once  run the scripted scenario, print a timeline, exit 0 only if every step passed.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

once=false
[ "${1:-}" = "--once" ] && once=true
root=$(pwd)
work="$root/.demo"; mkdir -p "$work" "$root/data"
http="http://127.0.0.1:8080"
t0=$(date +%s%N)
failed=0
pids=()

stamp() { local ms=$(( ($(date +%s%N) - t0) / 1000000 )); printf '%5d.%03d s' $((ms / 1000)) $((ms % 1000)); }
step_ok() { echo "$(stamp)  ok    $*"; }
step_fail() { echo "$(stamp)  FAIL  $*"; failed=1; }
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

echo "$(stamp)  ..    building (Release)"
if ! dotnet build EmergencyGateway.slnx -c Release -nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1; then
  cat "$work/build.log"; step_fail "build"; exit 1
fi
step_ok "built"

host_dll="$root/src/Gateway.Host/bin/Release/net10.0/Gateway.Host.dll"
sim_dll="$root/simulators/Gateway.Simulators/bin/Release/net10.0/Gateway.Simulators.dll"

# --- simulators --------------------------------------------------------------------------
dotnet "$sim_dll" echo-modem --tcp 7001 >"$work/sim-echo.log" 2>&1 &
pids+=($!)
step_ok "simulator echo-modem started on tcp://127.0.0.1:7001 (pid $!)"

# --- gateway -----------------------------------------------------------------------------
dotnet "$host_dll" --config "$root/examples/demo.json" \
  --Gateway:Storage:DataDirectory="$root/data" >"$work/gateway.log" 2>&1 &
gw=$!; pids+=($gw)
step_ok "gateway started (pid $gw), log in .demo/gateway.log"

healthy=false
for _ in $(seq 1 150); do
  code=$(curl -s -o "$work/health.json" -w '%{http_code}' "$http/health" || true)
  [ "$code" = 200 ] && { healthy=true; break; }
  kill -0 "$gw" 2>/dev/null || break
  sleep 0.2
done
if $healthy; then step_ok "GET /health → 200 ($(tr -d ' \n' <"$work/health.json" | cut -c1-160)...)"; else step_fail "GET /health did not answer 200 (last: ${code:-none})"; fi

if ! $once; then
  echo "Gateway running on $http (health: $http/health, metrics: $http/metrics). Ctrl-C to stop."
  wait "$gw"
  exit $?
fi

# --- scripted scenario (each issue adds its steps here) ---------------------------------
if curl -sf "$http/metrics" | grep -q '^gateway_uptime_seconds'; then step_ok "GET /metrics → Prometheus text"; else step_fail "GET /metrics"; fi

# --- clean stop --------------------------------------------------------------------------
kill -TERM "$gw"
if wait "$gw"; then step_ok "gateway stopped cleanly (exit 0)"; else step_fail "gateway exit code $?"; fi
pids=("${pids[@]/$gw}")

if [ $failed = 0 ]; then echo "$(stamp)  demo: every step succeeded"; else echo "$(stamp)  demo: FAILED"; fi
exit $failed
