#!/usr/bin/env bash
# The README's five-minute tour, runnable: a complaint registered, accepted, dispatched and signed for, the
# refusals on the way (412 stale version, 400 bad body, 403 wrong role), then what an auditor sees.
# Each step prints its HTTP status, ETag and what it shows; the script exits 1 if a status is not the
# one the README promises.
#
#   npm start -- --seed --demo   # in one terminal
#   bash examples/tour.sh        # in another (base URL: $GRIDCASE_URL or http://localhost:8080)
#
# Tokens come from the file the server writes with --demo: $GRIDCASE_TOKENS, else
# ${DATA_DIR:-./data}/demo-tokens.env. Needs bash and curl; everything it writes goes under a temp directory.
set -euo pipefail

B=${GRIDCASE_URL:-http://localhost:8080}
TOKENS=${GRIDCASE_TOKENS:-${DATA_DIR:-./data}/demo-tokens.env}
if [[ ! -r $TOKENS ]]; then
  echo "tour: no demo tokens at $TOKENS — start the server first (npm start -- --seed --demo), or set GRIDCASE_TOKENS" >&2
  exit 2
fi
# shellcheck source=/dev/null
source "$TOKENS"
OP="authorization: Bearer ${TOKEN_HOTLINE_OPERATOR:?missing in $TOKENS}"
CW="authorization: Bearer ${TOKEN_COMMUNITY_WORKER:?missing in $TOKENS}"
AUD="authorization: Bearer ${TOKEN_AUDITOR:?missing in $TOKENS}"
J='content-type: application/json'

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gridcase-tour.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failed=0

# step EXPECTED WHAT curl-arguments… — runs one request; prints "status  ETag  what"; keeps headers and body.
step() {
  local expected=$1 what=$2
  shift 2
  local status etag mark=''
  status=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@") || status=000
  etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\([^[:space:]]*\).*/\1/p' "$WORK/headers")
  if [[ $status != "$expected" ]]; then mark="   <-- expected $expected"; failed=1; fi
  printf '%s  %-7s %s%s\n' "$status" "${etag:--}" "$what" "$mark"
}
# show — prints the last body (for the steps whose answer is the point).
show() { printf '         %s\n' "$(tr -d '\n' < "$WORK/body")"; }

KEY=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || node -e 'console.log(crypto.randomUUID())')
COMPLAINT='{
  "channel": "hotline-12345", "kind": "complaint", "category": "heating", "title": "暖气不热",
  "description": "室温 15 度", "jurisdiction": "hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017",
  "complainant": { "name": "王女士", "phone": "13800471234" } }'
UNIT='{"unit":{"id":"hohhot/saihan/wulanchabu-east-road/xinhua-community","level":"community","jurisdiction":"hohhot/saihan/wulanchabu-east-road/xinhua-community"}}'

echo "== the hotline registers a call (受理), with an Idempotency-Key"
step 201 'POST /api/v1/complaints' -H "$OP" -H "$J" -H "idempotency-key: $KEY" "$B/api/v1/complaints" -d "$COMPLAINT"
ID=$(sed -n 's/^[Ll]ocation: *\/api\/v1\/complaints\/\([0-9a-f-]*\).*/\1/p' "$WORK/headers")
if [[ -z $ID ]]; then echo "tour: the create answered no Location; stopping" >&2; exit 1; fi
echo "         id $ID (from Location)"
step 201 'POST /api/v1/complaints again, same key: the first outcome, nothing written' -H "$OP" -H "$J" -H "idempotency-key: $KEY" "$B/api/v1/complaints" -d "$COMPLAINT"
echo "         $(grep -i '^idempotent-replayed:' "$WORK/headers" | tr -d '\r') id $(sed -n 's/^[Ll]ocation: *\/api\/v1\/complaints\/\([0-9a-f-]*\).*/\1/p' "$WORK/headers")"

echo "== accept, then dispatch (派单) to the community; If-Match guards against a stale view"
step 200 'accept, If-Match W/"0"' -H "$OP" -H 'if-match: W/"0"' -X POST "$B/api/v1/complaints/$ID/accept"
step 412 'dispatch, If-Match W/"0": the case is at version 1' -H "$OP" -H "$J" -H 'if-match: W/"0"' "$B/api/v1/complaints/$ID/dispatch" -d "$UNIT"
step 200 'dispatch, If-Match W/"1": deadlines on the case' -H "$OP" -H "$J" -H 'if-match: W/"1"' "$B/api/v1/complaints/$ID/dispatch" -d "$UNIT"
step 400 'dispatch {"unit":{}}: every bad field named' -H "$OP" -H "$J" "$B/api/v1/complaints/$ID/dispatch" -d '{"unit":{}}'
show

echo "== the community signs for it (签收); closing is the hotline's"
step 200 'acknowledge (community worker)' -H "$CW" -X POST "$B/api/v1/complaints/$ID/acknowledge"
step 403 'close (community worker): forbidden' -H "$CW" -X POST "$B/api/v1/complaints/$ID/close"
step 200 'list ?state=acknowledged, personal data masked' -H "$CW" "$B/api/v1/complaints?state=acknowledged"

echo "== what an auditor sees"
step 200 'history: actors, times, command ids, hashes' -H "$AUD" "$B/api/v1/complaints/$ID/history"
step 200 'the case as of version 0' -H "$AUD" "$B/api/v1/complaints/$ID?version=0"
step 200 'the case as of 2020-01-01, before it existed' -H "$AUD" "$B/api/v1/complaints/$ID?asOf=2020-01-01T00:00:00Z"
show
step 200 'verify every hash chain in scope' -H "$AUD" "$B/api/v1/audit/verify"
show
step 200 'dashboard (community worker), depth 1' -H "$CW" "$B/api/v1/dashboard?depth=1"
step 200 'the global log, a page of 5' -H "$AUD" "$B/api/v1/events?limit=5"
step 200 'GET /openapi.json' "$B/openapi.json"
step 200 'GET /healthz' "$B/healthz"

if [[ $failed != 0 ]]; then echo "tour: a step did not answer as the README says" >&2; exit 1; fi
echo "== every step answered as the README says"
