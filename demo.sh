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
# A TETRA terminal on a virtual network: unit 2001 answers (report "received", then "consumed"
# and status "on scene"), unit 2002 stays silent so its orders fall back to fax.
dotnet "$sim_dll" radio --tcp 7101 --issi 1001 --units 2001,2002 --silent 2002 \
  --report-delay 300 --status-delay 1500 --orders-log "$work/radio-orders.jsonl" >"$work/sim-radio.log" 2>&1 &
pids+=($!)
step_ok "simulator radio (TETRA PEI) on tcp://127.0.0.1:7101, units 2001 (answers) and 2002 (silent)"
rm -rf "$work/fax-out"
dotnet "$sim_dll" fax --tcp 7201 --out "$work/fax-out" >"$work/sim-fax.log" 2>&1 &
pids+=($!)
step_ok "simulator fax (Class 2.0 modem) on tcp://127.0.0.1:7201, pages to .demo/fax-out"

# --- gateway -----------------------------------------------------------------------------
dotnet "$host_dll" --config "$root/examples/demo.json" \
  --Gateway:Storage:DataDirectory="$root/data" >"$work/gateway.log" 2>&1 &
gw=$!; pids+=($gw)
step_ok "gateway started (pid $gw), log in .demo/gateway.log"

healthy=false
for _ in $(seq 1 300); do
  code=$(curl -s -o "$work/health.json" -w '%{http_code}' "$http/health" || true)
  if [ "$code" = 200 ] && tr -d ' \n' <"$work/health.json" | grep -q '"name":"radio:t1","kind":"radio","status":"up"'; then healthy=true; break; fi
  kill -0 "$gw" 2>/dev/null || break
  sleep 0.2
done
if $healthy; then step_ok "GET /health → 200, every component up ($(tr -d ' \n' <"$work/health.json" | grep -o '"name":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' '))"; else step_fail "GET /health did not answer 200 with radio:t1 up (last: ${code:-none})"; fi

if ! $once; then
  echo "Gateway running on $http (health: $http/health, metrics: $http/metrics), SIP on 127.0.0.1:5060. Ctrl-C to stop."
  wait "$gw"
  exit $?
fi

# --- scripted scenario (each issue adds its steps here) ---------------------------------
if curl -sf "$http/metrics" | grep -q '^gateway_uptime_seconds'; then step_ok "GET /metrics → Prometheus text"; else step_fail "GET /metrics"; fi

T=demo-dispatcher-token-0001
api() { curl -sf -H "Authorization: Bearer $T" -H 'Content-Type: application/json' "$@"; }
json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }  # first occurrence
wait_for() { # url pattern tries
  local out=""
  for _ in $(seq 1 "${3:-150}"); do out=$(api "$1" || true); echo "$out" | grep -q "$2" && { echo "$out"; return 0; }; sleep 0.2; done
  echo "$out"; return 1
}

# SIP: a trunk call to 110 answered here with a tone (SIPp as the carrier).
if command -v sipp >/dev/null; then
  if sipp -sn uac 127.0.0.1:5060 -s 110 -m 1 -d 2000 -nostdin -timeout 30s -p 5099 >"$work/sipp.log" 2>&1; then
    step_ok "SIP: SIPp call to 110 answered by the gateway (tone), 2 s, BYE, exit 0"
  else step_fail "SIP: SIPp call to 110 failed (see .demo/sipp.log)"; fi
else step_fail "SIP: sipp not installed (./test.sh installs it)"; fi

# Radio: a Chinese text order straight to unit 2001.
sent=$(api -X POST "$http/api/radio/text" --data '{"to":"2001","text":"火灾：和平路88号，请立即到场"}' || true)
rid=$(echo "$sent" | json_field id)
if [ -n "$rid" ] && st=$(wait_for "$http/api/radio/text/$rid" '"state":"OnScene"'); then
  step_ok "radio: text order $rid to ISSI 2001 → SDS-REPORT received, status on scene; unit got: $(tail -1 "$work/radio-orders.jsonl" | cut -c1-120)"
else step_fail "radio: text order (${sent:-no answer}) ${st:-}"; fi

# Dispatch: an incident, one order acknowledged over radio, one that falls back to fax.
inc=$(api -X POST "$http/api/incidents" --data '{"category":"Fire","locationText":"和平路88号1号楼","isEmergency":true,"priority":"Critical","notes":"3层起火，有人被困"}' || true)
iid=$(echo "$inc" | json_field id)
[ -n "$iid" ] && step_ok "dispatch: incident $iid opened" || step_fail "dispatch: incident (${inc:-no answer})"
o1=$(api -X POST "$http/api/orders" --data "{\"incidentId\":\"$iid\",\"unitId\":\"fire-1\",\"text\":\"和平路88号1号楼火灾，请立即出动\"}" || true)
oid1=$(echo "$o1" | json_field id)
st=""
if [ -n "$oid1" ] && st=$(wait_for "$http/api/orders/$oid1" '"state":"OnScene"'); then
  step_ok "dispatch: order $oid1 to fire-1 over radio → acknowledged (签收) and on scene (到场)"
else step_fail "dispatch: order to fire-1 (${o1:-no answer}) $(echo "${st:-}" | cut -c1-300)"; fi
o2=$(api -X POST "$http/api/orders" --data "{\"incidentId\":\"$iid\",\"unitId\":\"water-co\",\"text\":\"请关闭和平路88号附近供水阀门，配合灭火\"}" || true)
oid2=$(echo "$o2" | json_field id)
st=""
if [ -n "$oid2" ] && st=$(wait_for "$http/api/orders/$oid2" '"state":"Delivered","at":"[^"]*","channel":"Fax"' 300); then
  page=$(ls -t "$work"/fax-out/call-*/page-1.png 2>/dev/null | head -1)
  step_ok "dispatch: order $oid2 to water-co: radio 2002 silent for 8 s → fallback to fax, delivered (+FHS:00); decoded page: ${page:-?}"
else step_fail "dispatch: fallback to fax for water-co: $(echo "${st:-${o2:-no answer}}" | grep -o '"attempts".*' | cut -c1-400)"; fi

# Fax: an order document sent straight to a fax number.
job=$(api -X POST "$http/api/fax/jobs" --data @"$root/examples/fax-order.json" || true)
fid=$(echo "$job" | json_field id)
st=""
if [ -n "$fid" ] && st=$(wait_for "$http/api/fax/jobs/$fid" '"status":"Delivered"'); then
  page=$(ls -t "$work"/fax-out/call-*/page-1.png | head -1)
  step_ok "fax: job $fid delivered (+FHS:00); decoded page: $page"
else step_fail "fax: job (${job:-no answer}) $(echo "${st:-}" | cut -c1-300)"; fi

# Media: a phone (baresip) calls 9100; the gateway plays a prompt, sends digits, hangs up and records the call.
if command -v baresip >/dev/null; then
  bdir="$work/baresip"; rm -rf "$bdir"; mkdir -p "$bdir/snd"
  printf '%s\n' "sip_listen 127.0.0.1:5098" "net_interface 127.0.0.1" "dns_server 127.0.0.1:53" \
    "audio_path /usr/share/baresip" "audio_source aufile,$root/examples/prompts/caller.wav" "audio_player alsa,null" \
    "audio_alert alsa,null" "snd_path $bdir/snd" "module_path /usr/lib/baresip/modules" "module g711.so" "module aufile.so" \
    "module alsa.so" "module sndfile.so" "module_tmp uuid.so" "module_tmp account.so" "module_app menu.so" >"$bdir/config"
  echo "<sip:caller@127.0.0.1:5098>;regint=0;answermode=auto;audio_codecs=PCMA" >"$bdir/accounts"
  baresip -f "$bdir" -e "/dial sip:9100@127.0.0.1:5060" -t 5 >"$work/baresip.log" 2>&1 </dev/null
  calls=$(curl -sf -H "Authorization: Bearer demo-admin-token-000000001" "$http/api/calls?limit=1" || true)
  rec=$(echo "$calls" | grep -o '"recording":{"path":"[^"]*","durationMs":[0-9]*' | head -1)
  rpath=$(echo "$rec" | cut -d'"' -f6); rms=$(echo "$rec" | grep -o '[0-9]*$')
  digits=$(grep -o "received event: '.' (end=0)" "$work/baresip.log" | cut -d"'" -f2 | tr -d '\n')
  if [ -n "$rpath" ] && [ -s "$rpath" ] && echo "$calls" | grep -q '"called":"9100"'; then
    step_ok "media: baresip called 9100 → prompt played, digits '$digits' received by the phone, call recorded: $rpath (${rms} ms, caller left / prompt right), from GET /api/calls"
  else step_fail "media: prompt call to 9100 ($(echo "${calls:-no answer}" | cut -c1-300); see .demo/baresip.log)"; fi
else step_fail "media: baresip not installed (./test.sh installs it)"; fi

# --- clean stop --------------------------------------------------------------------------
kill -TERM "$gw"
if wait "$gw"; then step_ok "gateway stopped cleanly (exit 0)"; else step_fail "gateway exit code $?"; fi
pids=("${pids[@]/$gw}")

if [ $failed = 0 ]; then echo "$(stamp)  demo: every step succeeded"; else echo "$(stamp)  demo: FAILED"; fi
exit $failed
