#!/usr/bin/env bash
# bench/sipp-rates.sh — SIPp trunk caller → gateway (examples/sipp-b2bua.json) → SIPp far end, at rising rates.
# Writes bench/results/sip-rates.md: per rate calls attempted / succeeded / failed, p50 / p99 setup time
# (INVITE → 200 at the caller, from SIPp's -trace_rtt, which has millisecond resolution) and the highest
# rate with 0 failures.  Usage: bench/sipp-rates.sh [rate ...]   (default 100 200 400 700 1000 1500)
# Env: CONFIGURATION=Release|Debug (default Release), SECONDS_PER_RATE (default 10), NO_BUILD=1.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rates=("$@"); [ ${#rates[@]} -eq 0 ] && rates=(100 200 400 700 1000 1500)
config=${CONFIGURATION:-Release}
per_rate=${SECONDS_PER_RATE:-10}
work=$(mktemp -d /tmp/sipp-rates.XXXXXX)
scenarios="$root/tests/Gateway.IntegrationTests/Sip/Scenarios"
out="$root/bench/results/sip-rates.md"
gw_pid=""
cleanup() { [ -n "$gw_pid" ] && kill "$gw_pid" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT

if [ "${NO_BUILD:-0}" != 1 ]; then
  dotnet build src/Gateway.Host -c "$config" -nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi
dotnet "src/Gateway.Host/bin/$config/net10.0/Gateway.Host.dll" --config examples/sipp-b2bua.json \
  --Gateway:Http:Url=http://127.0.0.1:18080 --Gateway:Storage:DataDirectory="$work/data" \
  --Logging:LogLevel:Default=Warning >"$work/gateway.log" 2>&1 &
gw_pid=$!
for _ in $(seq 1 100); do
  curl -sf http://127.0.0.1:18080/health >/dev/null 2>&1 && break
  sleep 0.2
done

# percentile P of the response times (column 2 of the rtt csv, ms) for rtd 1 (INVITE → 200)
percentile() { awk -F';' -v p="$2" 'NR>1 && $3==1 {print $2}' "$1" | sort -g | awk -v p="$2" '{v[NR]=$1} END {if (NR==0) {print "n/a"; exit} i=int((NR*p+99)/100); if (i<1) i=1; printf "%.3f", v[i]}'; }

{
  echo "# SIP B2BUA call rates (SIPp → gateway → SIPp, UDP, loopback)"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  echo "(machine shared with other sessions: figures are a floor, not the gateway's ceiling)."
  echo "Configuration: $config, examples/sipp-b2bua.json, $per_rate s per rate, SIPp -buff_size 1 MiB both ends,"
  echo "transaction-aware scenarios from tests/Gateway.IntegrationTests/Sip/Scenarios. Setup time = INVITE sent → 200"
  echo "received at the caller (SIPp -trace_rtt; whole-millisecond resolution, so 0 means below 1 ms)."
  echo
  echo "| rate (calls/s) | attempted | succeeded | failed | p50 setup (ms) | p99 setup (ms) | load avg (1 min) after |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
} >"$out"

best=0
for rate in "${rates[@]}"; do
  calls=$((rate * per_rate))
  dir="$work/r$rate"; mkdir -p "$dir"
  (cd "$dir" && exec sipp -nostdin -i 127.0.0.1 -p 5070 -sf "$scenarios/answering-agent-uas.xml" -m "$calls" -timeout 90s \
     -buff_size 1048576 -trace_err >uas.out 2>&1) &
  uas=$!
  sleep 0.5
  (cd "$dir" && sipp -nostdin -i 127.0.0.1 -p 0 -mp 0 -sf "$scenarios/trunk-call-uac.xml" -s 12345 -r "$rate" -m "$calls" \
     -timeout 90s -buff_size 1048576 -trace_err -trace_stat -fd 1 -trace_rtt -rtt_freq 1 127.0.0.1:5060 >uac.out 2>&1)
  wait "$uas" 2>/dev/null
  stat=$(ls "$dir"/trunk-call-uac_*_.csv 2>/dev/null | head -1)
  rtt=$(ls "$dir"/trunk-call-uac_*_rtt.csv 2>/dev/null | head -1)
  ok=0; failed=$calls
  if [ -n "$stat" ]; then
    header=$(head -1 "$stat"); last=$(tail -1 "$stat")
    col() { echo "$header" | tr ';' '\n' | grep -n "^$1\$" | cut -d: -f1; }
    ok=$(echo "$last" | cut -d';' -f"$(col 'SuccessfulCall(C)')")
    failed=$(echo "$last" | cut -d';' -f"$(col 'FailedCall(C)')")
  fi
  p50=n/a; p99=n/a
  [ -n "$rtt" ] && { p50=$(percentile "$rtt" 50); p99=$(percentile "$rtt" 99); }
  echo "| $rate | $calls | $ok | $failed | $p50 | $p99 | $(cut -d' ' -f1 /proc/loadavg) |" >>"$out"
  echo "rate $rate: $ok ok, $failed failed, p50 $p50 ms, p99 $p99 ms"
  if [ "$failed" = 0 ] && [ "$ok" = "$calls" ]; then best=$rate; fi
done

{
  echo
  echo "Highest rate with 0 failed calls: **$best calls/s**. \`uptime\` at the end: $(uptime)"
} >>"$out"
cat "$out"
