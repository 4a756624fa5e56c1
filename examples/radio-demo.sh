#!/usr/bin/env bash
# A text order to a simulated TETRA unit, end to end: radio simulator on tcp 7101, the gateway with
# examples/radio-demo.json, POST /api/radio/text, then the order's "received" report and the unit's
# "on scene" status. Usage: examples/radio-demo.sh [Release|Debug]   (build first)
set -uo pipefail
cd "$(dirname "$0")/.."
config=${1:-Release}
work=$(mktemp -d)
sim="simulators/Gateway.Simulators/bin/$config/net10.0/Gateway.Simulators.dll"
host="src/Gateway.Host/bin/$config/net10.0/Gateway.Host.dll"
http=http://127.0.0.1:8080
auth="Authorization: Bearer demo-dispatcher-token-0001"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null' EXIT

dotnet "$sim" radio --tcp 7101 --issi 1001 --units 2001,2002 --silent 2002 \
  --report-delay 300 --status-delay 1500 --orders-log "$work/orders.jsonl" >"$work/sim.log" 2>&1 &
pids+=($!)
dotnet "$host" --config examples/radio-demo.json --Gateway:Storage:DataDirectory="$work/data" >"$work/gateway.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 100); do
  curl -s "$http/health" | tr -d " \n" | grep -q "\"name\":\"radio:t1\",\"kind\":\"radio\",\"status\":\"up\"" && break
  sleep 0.2
done
curl -s "$http/health" | tr -d " \n" | grep -o '"name":"radio:t1","kind":"radio","status":"up"' || { echo "FAIL radio:t1 not up"; tail -n 5 "$work/sim.log" "$work/gateway.log"; curl -s "$http/health"; exit 1; }

id=$(curl -s -H "$auth" -H 'Content-Type: application/json' \
  -d '{"to":"2001","text":"火灾：XX路12号，请立即到场"}' "$http/api/radio/text" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
echo "POST /api/radio/text → id $id"
for _ in $(seq 1 50); do
  body=$(curl -s -H "$auth" "$http/api/radio/text/$id")
  echo "$body" | grep -q "\"state\":\"OnScene\"" && break
  sleep 0.2
done
echo "GET /api/radio/text/$id → $body"
echo "unit's orders log: $(cat "$work/orders.jsonl")"
echo "$body" | grep -q '"kind":"Delivered"' && echo "$body" | grep -q '"state":"OnScene"' \
  && { echo "ok: received and on scene"; exit 0; }
echo "FAIL"; exit 1
