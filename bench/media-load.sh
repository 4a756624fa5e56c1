#!/usr/bin/env bash
# bench/media-load.sh — N relayed calls and N/2 three-party conferences through the gateway (Release, own process,
# loopback), driven by bench/Gateway.MediaLoad; writes bench/results/media-load.md (loss, latency added over a direct
# loopback baseline, gateway CPU %, the machine's load average) and prints the relay path's bytes per packet.
# Usage: bench/media-load.sh [N ...]   (default 100 250 500 1000)
# Env: SECONDS_PER_RUN (default 10), NO_BUILD=1, MODES (default relay,conference),
#      RECEIVE (gateway receive models, default Epoll,SocketLoops,Epoll:2:-10:10 = model[:threads[:nice[:SCHED_FIFO priority]]]).
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("$@"); [ ${#counts[@]} -eq 0 ] && counts=(100 250 500 1000)
list=$(IFS=,; echo "${counts[*]}")
if [ "${NO_BUILD:-0}" != 1 ]; then
  dotnet build src/Gateway.Host -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet build bench/Gateway.MediaLoad -c Release -nologo -v quiet -clp:ErrorsOnly
fi
tool=bench/Gateway.MediaLoad/bin/Release/net10.0/Gateway.MediaLoad.dll
host=src/Gateway.Host/bin/Release/net10.0/Gateway.Host.dll
uptime
dotnet "$tool" --gateway "$host" --calls "$list" --seconds "${SECONDS_PER_RUN:-10}" --modes "${MODES:-relay,conference}" \
  --receive "${RECEIVE:-Epoll,SocketLoops,Epoll:2:-10:10}" --out bench/results/media-load.md
dotnet "$tool" --gateway "$host" --calls 500 --seconds 5 --modes alloc | tee -a bench/results/media-load.md
uptime
