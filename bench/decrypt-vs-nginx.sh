#!/usr/bin/env bash
# Key fetches per second, side by side on this machine: the local stack's GET /decrypt (token check, use consumed in
# H2, 16-byte key) against nginx secure_link serving a 16-byte file. Traffic only to 127.0.0.1.
#   needs: nginx-light and wrk (apt-get install -y nginx-light wrk), python3, curl,
#          target/vod-hls-encryption-local.jar (mvn -B -q package -DskipTests)
#   usage: bench/decrypt-vs-nginx.sh [runs=3] [seconds=10] [connections=32] [tokens=256]
#          (WARMUP_SECONDS=60: the stack's unmeasured warm-up, long enough for C2 to finish on 2 busy cores;
#          STACK_JAVA_OPTS: extra JVM options of the stack; FLOOR=1 (only 1): also measures bench/UndertowFloor.java, Undertow
#          answering 16 bytes and nothing else, with the stack's URLs, each run after the stack)
# Each run is `wrk -t2 -c<connections> -d<seconds>s` against nginx, then against the stack; the URLs rotate over a
# pool of tokens (and of signed nginx links), so no token reaches its use limit. Prints each run and the medians.
set -euo pipefail
RUNS=${1:-3}; SECONDS_PER_RUN=${2:-10}; CONNECTIONS=${3:-32}; TOKENS=${4:-256}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/target/vod-hls-encryption-local.jar"
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs nginx and wrk" >&2; exit 2; }
WORK=$(mktemp -d /tmp/vodhls-bench.XXXXXX)
chmod 755 "$WORK"   # nginx's workers (www-data) read the key files
NGINX_PORT=${NGINX_PORT:-18480}; STACK_PORT=${STACK_PORT:-18481}; FLOOR_PORT=${FLOOR_PORT:-18482}
STACK_PID=""; FLOOR_PID=""
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -n "$STACK_PID" ] && kill "$STACK_PID" 2>/dev/null && wait "$STACK_PID" 2>/dev/null || true
  [ -n "$FLOOR_PID" ] && kill "$FLOOR_PID" 2>/dev/null && wait "$FLOOR_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# nginx: one 16-byte file per token slot, each link signed as secure_link_md5 says
mkdir -p "$WORK/keys"
python3 - "$WORK" "$TOKENS" "$NGINX_PORT" <<'PY'
import base64, hashlib, os, sys, time
work, n, port = sys.argv[1], int(sys.argv[2]), sys.argv[3]
expires = int(time.time()) + 3600
with open(os.path.join(work, "nginx-urls.txt"), "w") as urls:
    for i in range(n):
        with open(os.path.join(work, "keys", "k%d" % i), "wb") as f:
            f.write(os.urandom(16))
        uri = "/key/k%d" % i
        md5 = base64.urlsafe_b64encode(hashlib.md5(("%d%s bench-secret" % (expires, uri)).encode()).digest())
        urls.write("%s?md5=%s&expires=%d\n" % (uri, md5.decode().rstrip("="), expires))
PY
sed -e "s#@DIR@#$WORK#g" -e "s#@PORT@#$NGINX_PORT#g" "$ROOT/bench/nginx-secure-link.conf" > "$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" -p "$WORK"
chmod -R a+rX "$WORK/keys"
test "$(curl -s "http://127.0.0.1:$NGINX_PORT$(head -1 "$WORK/nginx-urls.txt")" | wc -c)" = 16 \
  || { echo "nginx does not serve the key: $(curl -s "http://127.0.0.1:$NGINX_PORT$(head -1 "$WORK/nginx-urls.txt")")" >&2; exit 1; }

# the local stack in its own JVM, tokens allowed a million uses each
TOKEN_MAX_MAX_USES=1000000 java ${STACK_JAVA_OPTS:-} -jar "$JAR" serve --port "$STACK_PORT" --data-dir "$WORK/data" \
  --no-demo > "$WORK/stack.out" 2> "$WORK/stack.err" &
STACK_PID=$!
for _ in $(seq 1 100); do grep -q "is up" "$WORK/stack.out" 2>/dev/null && break; sleep 0.2; done
KEY=$(awk '/API key/ {print $3}' "$WORK/stack.out")
BASE="http://127.0.0.1:$STACK_PORT"
KEY_URI=$(curl -sf -X POST -H "Authorization: Bearer $KEY" -d '{"videoId":"bench-video"}' "$BASE/keys" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["decryptKeyUri"])')
for i in $(seq 1 "$TOKENS"); do
  curl -sf -X POST -H "Authorization: Bearer $KEY" \
    -d '{"videoId":"bench-video","userId":"bench-user-'"$i"'","maxUses":1000000}' "$BASE/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
done | while read -r token; do echo "${KEY_URI#$BASE}&MtsHlsUriToken=$token"; done > "$WORK/stack-urls.txt"
test "$(curl -s "$BASE$(head -1 "$WORK/stack-urls.txt")" | wc -c)" = 16

if [ "${FLOOR:-0}" = 1 ]; then
  java -cp "$JAR" "$ROOT/bench/UndertowFloor.java" "$FLOOR_PORT" > "$WORK/floor.out" 2>&1 &
  FLOOR_PID=$!
  for _ in $(seq 1 100); do grep -q "is up" "$WORK/floor.out" 2>/dev/null && break; sleep 0.2; done
  test "$(curl -s "http://127.0.0.1:$FLOOR_PORT$(head -1 "$WORK/stack-urls.txt")" | wc -c)" = 16
fi

rate() { # URL-file base-url: requests per second of one wrk run (and any non-2xx count on stderr)
  local out; out=$(URLS="$1" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$ROOT/bench/rotate-urls.lua" "$2")
  if grep -q "Non-2xx" <<<"$out"; then grep "Non-2xx" <<<"$out" >&2; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# warm-up (the JIT compiles the hot path; on a busy 2-core machine its compiler threads need seconds), not counted
URLS="$WORK/nginx-urls.txt" wrk -t2 -c"$CONNECTIONS" -d3s -s "$ROOT/bench/rotate-urls.lua" "http://127.0.0.1:$NGINX_PORT" >/dev/null
URLS="$WORK/stack-urls.txt" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS:-60}s" -s "$ROOT/bench/rotate-urls.lua" "$BASE" >/dev/null

if [ "${FLOOR:-0}" = 1 ]; then
  URLS="$WORK/stack-urls.txt" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS:-60}s" -s "$ROOT/bench/rotate-urls.lua" \
    "http://127.0.0.1:$FLOOR_PORT" >/dev/null
fi

: > "$WORK/nginx.rates"; : > "$WORK/stack.rates"; : > "$WORK/floor.rates"
for run in $(seq 1 "$RUNS"); do
  n=$(rate "$WORK/nginx-urls.txt" "http://127.0.0.1:$NGINX_PORT"); echo "$n" >> "$WORK/nginx.rates"
  s=$(rate "$WORK/stack-urls.txt" "$BASE"); echo "$s" >> "$WORK/stack.rates"
  printf 'run %d: nginx secure_link %s req/s, local /decrypt %s req/s, ratio %.3f\n' "$run" "$n" "$s" \
    "$(python3 -c "print($s/$n)")"
  if [ "${FLOOR:-0}" = 1 ]; then
    f=$(rate "$WORK/stack-urls.txt" "http://127.0.0.1:$FLOOR_PORT"); echo "$f" >> "$WORK/floor.rates"
    printf 'run %d: undertow floor (16 bytes, nothing else) %s req/s, ratio %.3f\n' "$run" "$f" \
      "$(python3 -c "print($f/$n)")"
  fi
done
N=$(median < "$WORK/nginx.rates"); S=$(median < "$WORK/stack.rates")
printf 'median of %d runs (wrk -t2 -c%d -d%ds, %d tokens): nginx %s req/s, local /decrypt %s req/s, ratio %.3f\n' \
  "$RUNS" "$CONNECTIONS" "$SECONDS_PER_RUN" "$TOKENS" "$N" "$S" "$(python3 -c "print($S/$N)")"
if [ "${FLOOR:-0}" = 1 ]; then
  F=$(median < "$WORK/floor.rates")
  printf 'median undertow floor %s req/s, ratio %.3f\n' "$F" "$(python3 -c "print($F/$N)")"
fi
