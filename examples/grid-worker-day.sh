#!/usr/bin/env bash
# A grid worker's day (人在网格走、事在网格结), against a running server:
#   1. on patrol, rubbish piled by building 3: reported with a photo and cleared on the spot (现场办结), one request;
#   2. a leaking heating pipe: not a matter the grid may close on the spot (400), so reported as a patrol finding
#      (巡查发现, with a photo, no complainant) and sent up: the community takes it, escalates it (上报) to the street;
#      the street whistles (吹哨) the housing bureau, which reports for duty (报到) and its part; the street submits the
#      result and rates the bureau's help (以下评上); back in the grid, the worker verifies the repair and closes it (核查结案);
#   3. what the figures show: the grid's result counted at grid level, the bureau's rating in its evaluation.
# Each step prints its HTTP status and what it did; the script exits 1 if a status is not the expected one.
#
#   npm start -- --demo          # in one terminal
#   bash examples/grid-worker-day.sh   # in another (base URL: $GRIDCASE_URL or http://localhost:8080)
#
# Tokens come from the file the server writes with --demo: $GRIDCASE_TOKENS, else ${DATA_DIR:-./data}/demo-tokens.env.
# Photos are uploaded (POST /api/v1/attachments) and referenced by their SHA-256. Needs bash, curl and sha256sum;
# everything it writes goes under a temp directory, removed at the end.
set -euo pipefail

B=${GRIDCASE_URL:-http://localhost:8080}
TOKENS=${GRIDCASE_TOKENS:-${DATA_DIR:-./data}/demo-tokens.env}
if [[ ! -r $TOKENS ]]; then
  echo "grid-worker-day: no demo tokens at $TOKENS — start the server first (npm start -- --demo), or set GRIDCASE_TOKENS" >&2
  exit 2
fi
# shellcheck source=/dev/null
source "$TOKENS"
GW="authorization: Bearer ${TOKEN_GRID_WORKER:?missing in $TOKENS}"
CW="authorization: Bearer ${TOKEN_COMMUNITY_WORKER:?missing in $TOKENS}"
SO="authorization: Bearer ${TOKEN_STREET_OFFICER:?missing in $TOKENS}"
DO="authorization: Bearer ${TOKEN_DEPARTMENT_OFFICER:?missing in $TOKENS}"
J='content-type: application/json'

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gridcase-grid-day.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failed=0

# step EXPECTED WHAT curl-arguments… — runs one request; prints "status  what"; keeps headers and body.
step() {
  local expected=$1 what=$2
  shift 2
  local status mark=''
  status=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@") || status=000
  if [[ $status != "$expected" ]]; then mark="   <-- expected $expected"; failed=1; fi
  printf '%s  %s%s\n' "$status" "$what" "$mark"
}
# field NAME — the first "NAME":value of the last body (a string, number or word), for the lines worth showing.
field() { grep -o "\"$1\":\(\"[^\"]*\"\|[^,}]*\)" "$WORK/body" | head -n 1 || true; }
# created — the id of the case the last request created (from Location).
created() { sed -n 's/^[Ll]ocation: *\/api\/v1\/complaints\/\([0-9a-f-]*\).*/\1/p' "$WORK/headers"; }

GRID=hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017
STREET='{"id":"wulanchabu-east-road","name":"乌兰察布东路街道","level":"street","jurisdiction":"hohhot/saihan/wulanchabu-east-road"}'
COMMUNITY='{"id":"xinhua-community","name":"新华社区","level":"community","jurisdiction":"hohhot/saihan/wulanchabu-east-road/xinhua-community"}'
BUREAU='{"id":"saihan-housing-bureau","name":"赛罕区住建局","level":"district","jurisdiction":"hohhot/saihan","department":"housing-bureau"}'
# The photos the worker took (stand-ins here: the JPEG signature and a line of text), uploaded first — the server
# checks the bytes are a JPEG and answers the SHA-256 the commands then name (the same as sha256sum's).
for name in before after pipe; do
  printf '\xff\xd8\xff\xe0 %s\n' "$name" > "$WORK/$name.jpg"
  step 201 "POST /api/v1/attachments: $name.jpg" -H "$GW" -H 'content-type: image/jpeg' --data-binary "@$WORK/$name.jpg" "$B/api/v1/attachments"
done
BEFORE=$(sha256sum "$WORK/before.jpg" | cut -d' ' -f1)
AFTER=$(sha256sum "$WORK/after.jpg" | cut -d' ' -f1)
PIPE=$(sha256sum "$WORK/pipe.jpg" | cut -d' ' -f1)

echo "== 1. on patrol: rubbish by building 3, cleared on the spot (现场办结) in one request"
step 201 'POST /api/v1/complaints: patrol finding + onTheSpot (result and photos)' -H "$GW" -H "$J" "$B/api/v1/complaints" -d '{
  "channel": "grid-visit", "kind": "help", "category": "sanitation", "source": "patrol",
  "title": "3号楼北侧垃圾堆放", "description": "垃圾堆放三天未清运", "jurisdiction": "'"$GRID"'",
  "address": "新华小区3号楼北侧", "location": { "longitude": 111.70, "latitude": 40.80 }, "photos": ["'"$BEFORE"'"],
  "onTheSpot": { "result": "联系物业保洁当场清运，现场已整洁", "photos": ["'"$AFTER"'"] } }'
echo "         $(field status) $(field closedAs)"

echo "== 2. a leaking heating pipe: not the grid's to close on the spot, so sent up"
step 400 'POST /api/v1/complaints: heating + onTheSpot — refused (category not allowed on the spot)' -H "$GW" -H "$J" "$B/api/v1/complaints" -d '{
  "channel": "grid-visit", "kind": "help", "category": "heating", "source": "patrol", "title": "供热管道漏水",
  "description": "5号楼地下室供热管道漏水", "jurisdiction": "'"$GRID"'", "photos": ["'"$PIPE"'"], "onTheSpot": { "result": "已处理" } }'
echo "         $(field path) $(field message)"
step 201 'POST /api/v1/complaints: the patrol finding (巡查发现), with its photo, no complainant' -H "$GW" -H "$J" "$B/api/v1/complaints" -d '{
  "channel": "grid-visit", "kind": "help", "category": "heating", "source": "patrol", "title": "供热管道漏水",
  "description": "5号楼地下室供热管道漏水", "jurisdiction": "'"$GRID"'", "address": "新华小区5号楼地下室", "photos": ["'"$PIPE"'"] }'
ID=$(created)
if [[ -z $ID ]]; then echo "grid-worker-day: the patrol finding answered no Location; stopping" >&2; exit 1; fi
echo "         id $ID"
C="$B/api/v1/complaints/$ID"
step 200 'accept (community)' -H "$CW" -X POST "$C/accept"
step 200 'dispatch to the community (community)' -H "$CW" -H "$J" "$C/dispatch" -d '{"unit":'"$COMMUNITY"'}'
step 200 'acknowledge (community)' -H "$CW" -X POST "$C/acknowledge"
step 403 'summon-departments (community): only a street blows the whistle' -H "$CW" -H "$J" "$C/summon-departments" -d '{"departments":['"$BUREAU"'],"reason":"需住建局"}'
step 200 'escalate to the street (上报, community)' -H "$CW" -H "$J" "$C/escalate" -d '{"to":'"$STREET"',"reason":"涉及供热管网，需街道协调住建局"}'
step 200 'acknowledge (street)' -H "$SO" -X POST "$C/acknowledge"
step 404 'GET the case (housing bureau): not summoned yet, so it does not exist for it' -H "$DO" "$C"
step 200 'summon-departments (吹哨, street): the housing bureau, 报到 within 2 working days' -H "$SO" -H "$J" "$C/summon-departments" -d '{"departments":['"$BUREAU"'],"reason":"供热管网维修"}'
echo "         $(field reportBy)"
step 200 'report-arrival (报到, housing bureau)' -H "$DO" -H "$J" "$C/report-arrival" -d '{"unitId":"saihan-housing-bureau","note":"维修班组已到场"}'
# The bureau's own photo of the repaired pipe: a command names only a file its actor uploaded or may already fetch.
printf '\xff\xd8\xff\xe0 %s\n' repaired > "$WORK/repaired.jpg"
step 201 'POST /api/v1/attachments (housing bureau): repaired.jpg' -H "$DO" -H 'content-type: image/jpeg' --data-binary "@$WORK/repaired.jpg" "$B/api/v1/attachments"
REPAIRED=$(sha256sum "$WORK/repaired.jpg" | cut -d' ' -f1)
step 200 'report-department-part (housing bureau), with its photo' -H "$DO" -H "$J" "$C/report-department-part" -d '{"unitId":"saihan-housing-bureau","report":"更换漏水管段，恢复供热","photos":["'"$REPAIRED"'"]}'
step 200 'submit-result (street)' -H "$SO" -H "$J" "$C/submit-result" -d '{"result":"住建局更换管段，供热恢复","outcome":"resolved"}'
step 200 'rate-department-help (以下评上, street)' -H "$SO" -H "$J" "$C/rate-department-help" -d '{"unitId":"saihan-housing-bureau","rating":"satisfied","comment":"当天到场，当天修复"}'
step 409 'notify-complainant (street): a patrol finding has no complainant' -H "$SO" -H "$J" "$C/notify-complainant" -d '{"method":"phone"}'
step 200 'close (核查结案, grid worker): verified on site' -H "$GW" -H "$J" "$C/close" -d '{"reason":"现场核查，供热已恢复"}'
echo "         $(field closedAs)"

echo "== 3. what the figures show"
PERIOD=$(date -u -d '+8 hours' +%Y-%m)
step 200 "GET /api/v1/evaluation?period=$PERIOD (street): the bureau's 以下评上, the grid's on-the-spot results" -H "$SO" "$B/api/v1/evaluation?period=$PERIOD"
echo "         $(grep -o '"helpRatings":{"rated":[1-9][^}]*}' "$WORK/body" | head -n 1)"
echo "         $(grep -o '"resolvedOnTheSpot":[1-9][0-9]*' "$WORK/body" | head -n 1)"
step 200 'GET /api/v1/dashboard (street): results resolved on the spot, at grid level' -H "$SO" "$B/api/v1/dashboard"
echo "         $(grep -o '"onTheSpot":{[^}]*}' "$WORK/body" | head -n 1)"

if [[ $failed != 0 ]]; then echo "grid-worker-day: a step did not answer as expected" >&2; exit 1; fi
echo "== the grid worker's day went as expected"
