#!/usr/bin/env bash
# Latency of a warm key fetch and a warm playlist load on the local stack when each store (and KMS) call costs a
# cloud round trip (issue 15 §1): starts `serve` from the local jar with LOCAL_STORE_LATENCY_MS / LOCAL_KMS_LATENCY_MS
# as given in the environment (default 5 / 0), registers a key, issues one token (1,000,000 uses), writes a 720-segment
# playlist into the data directory, then runs one wrk connection per path and prints wrk's latency percentiles, and the
# calls the last request of each path made (from the stack's request log lines). Loopback only.
#   bench/round-trips.sh [seconds=20] [connections=1]
set -euo pipefail
SECONDS_PER_RUN=${1:-20}; CONNECTIONS=${2:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/target/vod-hls-encryption-local.jar"}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk" >&2; exit 2; }
WORK=$(mktemp -d /tmp/vodhls-rt.XXXXXX)
STACK_PORT=${STACK_PORT:-18482}
STACK_PID=""
cleanup() {
  [ -n "$STACK_PID" ] && kill "$STACK_PID" 2>/dev/null && wait "$STACK_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

LOCAL_STORE_LATENCY_MS=${LOCAL_STORE_LATENCY_MS:-5} LOCAL_KMS_LATENCY_MS=${LOCAL_KMS_LATENCY_MS:-0} \
  TOKEN_MAX_MAX_USES=1000000 java ${STACK_JAVA_OPTS:-} -jar "$JAR" serve --port "$STACK_PORT" \
  --data-dir "$WORK/data" --no-demo > "$WORK/stack.out" 2> "$WORK/stack.err" &
STACK_PID=$!
for _ in $(seq 1 150); do grep -q "is up" "$WORK/stack.out" 2>/dev/null && break; sleep 0.2; done
grep -E "http +LOCAL_(STORE|KMS)" "$WORK/stack.out" || true
KEY=$(awk '/API key/ {print $3}' "$WORK/stack.out")
BASE="http://127.0.0.1:$STACK_PORT"
KEY_URI=$(curl -sf -X POST -H "Authorization: Bearer $KEY" -d '{"videoId":"rt-video"}' "$BASE/keys" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["decryptKeyUri"])')
TOKEN=$(curl -sf -X POST -H "Authorization: Bearer $KEY" \
  -d '{"videoId":"rt-video","userId":"rt-user","maxUses":1000000}' "$BASE/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
mkdir -p "$WORK/data/media/rt-video"
python3 - "$WORK/data/media/rt-video/index.m3u8" "$BASE/decrypt" <<'PY'
import sys
path, decrypt = sys.argv[1], sys.argv[2]
lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:10", "#EXT-X-MEDIA-SEQUENCE:0",
         "#EXT-X-PLAYLIST-TYPE:VOD", '#EXT-X-KEY:METHOD=AES-128,URI="%s?Ciphertext=rt"' % decrypt]
for i in range(720):
    lines += ["#EXTINF:10.000000,", "seg_%05d.ts" % i]
open(path, "w").write("\n".join(lines + ["#EXT-X-ENDLIST", ""]))
PY
test "$(curl -s "$KEY_URI&MtsHlsUriToken=$TOKEN" | wc -c)" = 16
PLAYLIST="$BASE/media/rt-video/index.m3u8?MtsHlsUriToken=$TOKEN"
case "$(curl -sf "$PLAYLIST")" in *MtsHlsUriToken=*) ;; *) echo "playlist without the token" >&2; exit 1;; esac

measure() { # name url
  wrk -t1 -c"$CONNECTIONS" -d3s "$2" > /dev/null   # warm-up
  local from; from=$(($(wc -l < "$WORK/stack.err") + 1))
  local out; out=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$2")
  if grep -q "Non-2xx" <<<"$out"; then grep "Non-2xx" <<<"$out" >&2; fi
  printf '%s: %s req/s; p50 %s, p90 %s, p99 %s (wrk -t1 -c%d -d%ds)\n' "$1" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
    "$(awk '$1=="90%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" "$CONNECTIONS" \
    "$SECONDS_PER_RUN"
  tail -n +"$from" "$WORK/stack.err" | grep -ao '"function":"[a-z]*".*"vodCalls":[0-9]*' | tail -1 \
    | grep -o '"\(function\|storeCalls\|storeRoundTrips\|kmsCalls\)":[^,]*' | paste -sd' ' || true
  # the function's own time (latencyMs of its log lines: event in to response out, whole ms), over this run
  tail -n +"$from" "$WORK/stack.err" | grep -ao '"latencyMs":[0-9]*' | cut -d: -f2 | sort -n \
    | awk '{a[NR]=$1} END {if (NR) print "  in the function: latencyMs median " a[int((NR+1)/2)] ", p90 " a[int(NR*0.9)] " over " NR " requests"}'
}
echo "load before: $(uptime)"
if [ "${KEY_CACHE_TTL_SECONDS:-}" = 0 ]; then KEY_CASE="key fetch (no key cache: registration read, KMS Decrypt)"
else KEY_CASE="key fetch (warm)"; fi
measure "$KEY_CASE" "$KEY_URI&MtsHlsUriToken=$TOKEN"
measure "playlist load (warm, 720 segments)" "$PLAYLIST"
echo "load after: $(uptime)"
