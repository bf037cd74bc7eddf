#!/usr/bin/env bash
# A grid worker's day (人在网格走、事在网格结), against a running server:
#   1. on patrol, rubbish piled by building 3: reported with a photo and cleared on the spot (现场办结), one request;
#   2. a leaking heating pipe: not a matter the grid may close on the spot (400), so reported as a patrol finding
#      (巡查发现, with a photo, no complainant) and sent up: the community takes it, escalates it (上报) to the street;
#      the street whistles (吹哨) the housing bureau, which reports for duty (报到) and its part; the street submits the
#      result and rates the bureau's help (以下评上); back in the grid, the worker verifies the repair and closes it (核查结案);
#   3. what the figures show: the grid's result counted at grid level, the bureau's rating in its evaluation;
#   4. a neighbour's request on the contact card (民情联络卡): the community dispatches it to the grid, which signs for it,
#      submits the result with a photo and tells the complainant (结果反馈); notes are the supervisors' (403);
#   5. 矛盾纠纷排查: a family and a neighbour dispute found screening, the second regraded high and so escalated to the
#      street at once (on the grid's dashboard); a parking quarrel on the contact card referred to mediation;
#   6. the grid's evaluation: one row for the grid, its 现场办结 and its dispatched case together;
#   7. who sees what: the community lists the grid's cases with personal data masked; the worker of the next grid
#      (grid-018) gets for each of this grid's cases, its history, a command on it, its photo, the body of a missing case,
#      an empty list, and 403 for this grid's dashboard.
# Each step prints its HTTP status and what it did; the script exits 1 if a status is not the expected one.
#
#   npm start -- --demo          # in one terminal
#   bash examples/grid-worker-day.sh   # in another (base URL: $GRIDCASE_URL or http://localhost:8080)
#
# Tokens come from the file the server writes with --demo: $GRIDCASE_TOKENS, else ${DATA_DIR:-./data}/demo-tokens.env.
# The next grid's worker has no demo token: one is minted (npx gridcase token) with the demo secret the server keeps in
# ${DATA_DIR:-./data}/dev-jwt-secret, or given as $GRIDCASE_OTHER_GRID_TOKEN; with neither, step 7's probes are skipped.
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
# created — the id of the case (complaint or dispute) the last request created (from Location).
created() { sed -n 's/^[Ll]ocation: *\/api\/v1\/\(complaints\|disputes\)\/\([0-9a-f-]*\).*/\2/p' "$WORK/headers"; }

GRID=hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017
# A place's office (a grid, a community, a street: a unit with no department) is named by its jurisdiction path, as the
# server names the units it credits itself — the grid that resolves on the spot (现场办结), a superior acting for a unit —
# so that everything one office does is one row of the evaluation (考核); another id would be a unit of its own.
STREET='{"id":"hohhot/saihan/wulanchabu-east-road","name":"乌兰察布东路街道","level":"street","jurisdiction":"hohhot/saihan/wulanchabu-east-road"}'
COMMUNITY='{"id":"hohhot/saihan/wulanchabu-east-road/xinhua-community","name":"新华社区","level":"community","jurisdiction":"hohhot/saihan/wulanchabu-east-road/xinhua-community"}'
GRID_UNIT='{"id":"'"$GRID"'","name":"17号网格","level":"grid","jurisdiction":"'"$GRID"'"}'
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
step 201 'POST /api/v1/complaints: the patrol finding (巡查发现), with its photo and map point, no complainant' -H "$GW" -H "$J" "$B/api/v1/complaints" -d '{
  "channel": "grid-visit", "kind": "help", "category": "heating", "source": "patrol", "title": "供热管道漏水",
  "description": "5号楼地下室供热管道漏水", "jurisdiction": "'"$GRID"'", "address": "新华小区5号楼地下室",
  "location": { "longitude": 111.71, "latitude": 40.81 }, "photos": ["'"$PIPE"'"] }'
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

echo "== 4. a neighbour's request on the contact card (民情联络卡): dispatched to the grid, handled, fed back"
step 201 'POST /api/v1/complaints: from the contact card, with its complainant' -H "$GW" -H "$J" "$B/api/v1/complaints" -d '{
  "channel": "contact-card", "kind": "help", "category": "property", "title": "楼道灯不亮",
  "description": "6号楼2单元楼道灯坏了一周", "jurisdiction": "'"$GRID"'", "address": "新华小区6号楼2单元",
  "complainant": { "name": "赵桂兰", "phone": "13904711234" } }'
CARD=$(created)
K="$B/api/v1/complaints/$CARD"
step 200 'accept (community)' -H "$CW" -X POST "$K/accept"
step 200 'dispatch to the grid (community)' -H "$CW" -H "$J" "$K/dispatch" -d '{"unit":'"$GRID_UNIT"'}'
echo "         $(field acknowledgeBy) $(field resultBy)"
step 200 'acknowledge (grid worker)' -H "$GW" -X POST "$K/acknowledge"
step 200 'submit-result (grid worker), with the photo of the lamp lit' -H "$GW" -H "$J" "$K/submit-result" -d '{"result":"联系物业更换灯泡，已恢复照明","outcome":"resolved","photos":["'"$AFTER"'"]}'
step 200 'notify-complainant (grid worker): 结果反馈 by phone' -H "$GW" -H "$J" "$K/notify-complainant" -d '{"method":"phone"}'
step 403 "add-note (grid worker): notes are the supervisors' (督办)" -H "$GW" -H "$J" "$K/add-note" -d '{"note":"已回访"}'

echo "== 5. 矛盾纠纷排查: disputes found screening the grid, graded, the high-risk one escalated"
step 201 'POST /api/v1/disputes: a family dispute (赡养), low risk' -H "$GW" -H "$J" "$B/api/v1/disputes" -d '{
  "source": "screening", "category": "family", "jurisdiction": "'"$GRID"'",
  "parties": [{ "side": "applicant", "name": "陈秀英" }, { "side": "respondent", "name": "陈建国" }],
  "summary": "陈秀英与陈建国因赡养老人费用分担争执", "risk": { "grade": "low", "reason": "双方愿意协商" } }'
step 201 'POST /api/v1/disputes: a neighbour dispute (楼上漏水), medium risk' -H "$GW" -H "$J" "$B/api/v1/disputes" -d '{
  "source": "screening", "category": "neighbour", "jurisdiction": "'"$GRID"'",
  "parties": [{ "side": "applicant", "name": "王芳", "phone": "13604711234", "address": "新华小区3号楼101" },
              { "side": "respondent", "name": "刘伟", "phone": "13504711234", "address": "新华小区3号楼201" }],
  "summary": "王芳与刘伟因楼上漏水多次争吵", "risk": { "grade": "medium", "reason": "多次争吵" } }'
DISPUTE=$(created)
if [[ -z $DISPUTE ]]; then echo "grid-worker-day: the dispute answered no Location; stopping" >&2; exit 1; fi
D="$B/api/v1/disputes/$DISPUTE"
step 200 'grade-risk high (grid worker): threats of violence — escalated to the street at once' -H "$GW" -H "$J" "$D/grade-risk" -d '{"grade":"high","reason":"刘伟扬言动手"}'
echo "         $(field escalatedTo)"
step 400 'grade-risk high again: the same grade is refused' -H "$GW" -H "$J" "$D/grade-risk" -d '{"grade":"high","reason":"仍扬言动手"}'
step 200 'GET /api/v1/dashboard (grid worker): the high-risk dispute on the risk list' -H "$GW" "$B/api/v1/dashboard"
echo "         $(grep -o '"highOpen":[0-9]*' "$WORK/body" | head -n 1)"
step 201 'POST /api/v1/complaints: a parking quarrel from the contact card' -H "$GW" -H "$J" "$B/api/v1/complaints" -d '{
  "channel": "contact-card", "kind": "complaint", "category": "parking", "title": "车位被占",
  "description": "邻居长期占用本人车位", "jurisdiction": "'"$GRID"'", "complainant": { "name": "孙丽", "phone": "13704711234" } }'
PARKING=$(created)
step 200 'refer-to-mediation (grid worker): a quarrel between neighbours, not a matter to dispatch' -H "$GW" -H "$J" "$B/api/v1/complaints/$PARKING/refer-to-mediation" -d '{
  "reason": "邻里车位纠纷，宜调解", "summary": "孙丽与周强因车位占用争执", "disputeCategory": "neighbour",
  "respondents": [{ "name": "周强", "phone": "13804711234" }] }'
echo "         $(field status) $(field disputeId)"

echo "== 6. the grid's figures: one row for the grid, what it resolved on the spot and what it was dispatched"
step 200 "GET /api/v1/evaluation?period=$PERIOD (grid worker)" -H "$GW" "$B/api/v1/evaluation?period=$PERIOD"
echo "         rows for the grid: $(grep -o "\"level\":\"grid\",\"jurisdiction\":\"$GRID\"" "$WORK/body" | wc -l)"

echo "== 7. who sees what: the community sees every grid, masked in lists; the next grid's worker sees nothing of this one"
step 200 "GET /api/v1/complaints (community): the grid's cases, personal data masked" -H "$CW" "$B/api/v1/complaints?jurisdiction=$GRID"
echo "         $(grep -o '"complainant":{"name":"[^"]*","phone":"[^"]*"}' "$WORK/body" | head -n 1)"
OTHER_GRID=${GRID%/*}/grid-018
SECRET_FILE=${DATA_DIR:-./data}/dev-jwt-secret
OTHER_TOKEN=${GRIDCASE_OTHER_GRID_TOKEN:-}
if [[ -z $OTHER_TOKEN && -r $SECRET_FILE ]]; then
  # A token for the worker of the next grid, minted with the demo secret (gridcase token, as an operator would).
  OTHER_TOKEN=$(GRIDCASE_JWT_SECRET=$(cat "$SECRET_FILE") npx --no-install gridcase token --sub demo-grid-worker-018 \
    --role grid-worker --jurisdiction "$OTHER_GRID" --expires-in 15m)
fi
if [[ -z $OTHER_TOKEN ]]; then
  echo "         (no token for $OTHER_GRID: set GRIDCASE_OTHER_GRID_TOKEN, or DATA_DIR to the server's; skipped)"
else
  GW18="authorization: Bearer $OTHER_TOKEN"
  step 404 'GET a case that does not exist (grid-018 worker): the body of a missing case' -H "$GW18" "$B/api/v1/complaints/00000000-0000-4000-8000-000000000000"
  cp "$WORK/body" "$WORK/missing"
  step 404 'GET the contact-card case of grid-017 (grid-018 worker)' -H "$GW18" "$K"
  if cmp -s "$WORK/body" "$WORK/missing"; then echo '         the same body as a missing case'; else echo '         a body other than a missing case'"'"'s   <-- expected the same'; failed=1; fi
  step 404 'GET its history (grid-018 worker)' -H "$GW18" "$K/history"
  step 404 'POST a command on it (grid-018 worker)' -H "$GW18" -X POST "$K/acknowledge"
  step 404 'GET the dispute (grid-018 worker)' -H "$GW18" "$D"
  step 404 'GET the photo on it (grid-018 worker)' -H "$GW18" "$B/api/v1/attachments/$AFTER"
  step 200 'GET /api/v1/complaints?jurisdiction=<grid-017> (grid-018 worker): an empty list' -H "$GW18" "$B/api/v1/complaints?jurisdiction=$GRID"
  if grep -q '"items":\[\]' "$WORK/body"; then echo '         no items'; else echo '         items listed   <-- expected none'; failed=1; fi
  step 403 'GET /api/v1/dashboard?jurisdiction=<grid-017> (grid-018 worker): outside its scope' -H "$GW18" "$B/api/v1/dashboard?jurisdiction=$GRID"
fi

if [[ $failed != 0 ]]; then echo "grid-worker-day: a step did not answer as expected" >&2; exit 1; fi
echo "== the grid worker's day went as expected"
