// The page's browser script, served as a file (no build step, no framework, no CDN). It is plain
// ES2020 kept in a raw string, so it must not contain backticks or dollar-brace sequences.
// Everything shown goes in through textContent or SVG attributes, never as HTML.

/** The dashboard page's script: token, fetch, charts, and live refresh over the SSE stream. */
export const pageScript = (): string => String.raw`'use strict';
(function () {
  var TOKEN_KEY = 'gridcase.token';
  var SVG = 'http://www.w3.org/2000/svg';
  var $ = function (id) { return document.getElementById(id); };

  var COMPLAINT_STATES = [
    ['registered', '已登记', 'Registered'], ['accepted', '已受理', 'Accepted'], ['rejected', '不予受理', 'Rejected'],
    ['dispatched', '已派单', 'Dispatched'], ['acknowledged', '已签收', 'Acknowledged'], ['escalated', '已上报', 'Escalated'],
    ['departments-summoned', '吹哨报到', 'Departments summoned'], ['result-submitted', '已办结', 'Result submitted'],
    ['complainant-notified', '已反馈', 'Notified'], ['evaluated', '已评价', 'Evaluated'], ['returned', '已退单', 'Returned'],
    ['merged', '已合并', 'Merged'], ['referred-to-mediation', '转调解', 'To mediation'], ['closed', '已关闭', 'Closed']
  ];
  var DISPUTE_STATES = [
    ['reported', '已登记', 'Reported'], ['accepted', '已受理', 'Accepted'], ['declined', '不予受理', 'Declined'],
    ['mediator-assigned', '已指派调解员', 'Mediator assigned'], ['session-held', '调解中', 'In session'],
    ['agreement-reached', '达成协议', 'Agreement'], ['mediation-failed', '调解不成', 'Failed'], ['transferred', '已移交', 'Transferred'],
    ['referred-to-litigation', '引导诉讼', 'To litigation'], ['confirmation-applied', '申请司法确认', 'Confirmation applied'],
    ['confirmation-accepted', '法院已受理', 'Court accepted'], ['confirmation-refused', '法院不予受理', 'Court refused'],
    ['confirmed', '已司法确认', 'Confirmed'], ['confirmation-rejected', '确认被驳回', 'Confirmation rejected'],
    ['fulfilment-recorded', '已履行', 'Fulfilled'], ['enforcement-applied', '已申请强制执行', 'Enforcement applied'], ['followed-up', '已回访', 'Followed up'], ['closed', '已结案', 'Closed']
  ];
  var LEVELS = [['city', '市', 'City'], ['district', '区', 'District'], ['street', '街道', 'Street'], ['community', '社区', 'Community'], ['grid', '网格', 'Grid']];
  var TRACKS = [['people', '人民调解', "People's"], ['administrative', '行政调解', 'Administrative'], ['judicial', '司法调解', 'Judicial']];
  var TRACK_ZH = { people: '人民', administrative: '行政', judicial: '司法' };
  var CASE_TYPES = { complaint: '诉求', dispute: '纠纷' };
  var DEADLINES = { accept: '受理', acknowledge: '响应', arrival: '报到', result: '办结', mediation: '调解', confirmation: '司法确认申请', 'court-accept': '法院受理', 'court-decide': '法院裁定' };
  var CATEGORIES = {
    property: '物业', heating: '供热', 'water-supply': '供水', environment: '环境', sanitation: '市容环卫', parking: '停车',
    traffic: '交通', housing: '住房', 'elderly-care': '养老', neighbourhood: '邻里', employment: '劳动就业', 'law-related': '涉法涉诉',
    neighbour: '邻里', family: '婚姻家庭', medical: '医疗', campus: '校园', labour: '劳动', land: '土地', consumer: '消费', other: '其他'
  };

  var token = null;
  var stream = null;
  var loading = false;
  var again = false;

  // --- small helpers ------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function num(n) { return typeof n === 'number' && isFinite(n) ? n : 0; }
  function pct(r) { return typeof r === 'number' && isFinite(r) ? (Math.round(r * 1000) / 10) + '%' : '—'; }
  var timeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  var clockFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  function when(iso) { var t = Date.parse(iso); return isNaN(t) ? '—' : timeFormat.format(new Date(t)); }
  function setKpi(id, value, sub) {
    var box = $(id);
    box.querySelector('.value').textContent = value;
    box.querySelector('.sub').textContent = sub || '';
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function empty(node, zh, en) {
    clear(node);
    var p = el('p', 'empty', zh + ' ');
    p.appendChild(el('span', 'en', en));
    node.appendChild(p);
  }

  // --- charts: hand-drawn SVG bars ----------------------------------------------------------
  // rows: [{ zh, en, value, max, text, series }]; one horizontal bar per row, label left, value right.
  // Drawn at the container's own width in CSS pixels (not scaled), so text keeps its size in any card.
  function widthOf(node) { return Math.max(360, Math.floor(node.clientWidth || 560)); }
  function canvas(node, height) {
    var W = widthOf(node);
    return svg('svg', { width: W, height: height, viewBox: '0 0 ' + W + ' ' + height, role: 'img' });
  }
  function barChart(node, rows) {
    var W = widthOf(node), LABEL = 190, VALUE = 110, ROW = 26;
    var BAR = W - LABEL - VALUE;
    clear(node);
    var box = canvas(node, rows.length * ROW + 4);
    rows.forEach(function (r, i) {
      var y = i * ROW + 4;
      var label = svg('text', { x: 0, y: y + 14 });
      label.appendChild(svg('tspan', {}, r.zh));
      label.appendChild(svg('tspan', { 'class': 'en', dx: 5 }, r.en));
      box.appendChild(label);
      box.appendChild(svg('rect', { 'class': 'track', x: LABEL, y: y + 3, width: BAR, height: 14, rx: 2 }));
      var w = r.max > 0 ? Math.max(0, Math.min(1, r.value / r.max)) * BAR : 0;
      if (w > 0) box.appendChild(svg('rect', { 'class': 'bar' + (r.series ? ' s' + r.series : ''), x: LABEL, y: y + 3, width: w.toFixed(1), height: 14, rx: 2 }));
      box.appendChild(svg('text', { 'class': 'value', x: LABEL + BAR + 8, y: y + 15 }, r.text));
    });
    node.appendChild(box);
  }

  function stateChart(node, states, byState) {
    var counts = byState || {};
    var known = states.map(function (s) { return s[0]; });
    var extra = Object.keys(counts).filter(function (k) { return known.indexOf(k) < 0; }).map(function (k) { return [k, k, '']; });
    var rows = states.concat(extra).filter(function (s) { return num(counts[s[0]]) > 0; });
    if (rows.length === 0) return empty(node, '暂无案件', 'No cases');
    var max = Math.max.apply(null, rows.map(function (s) { return num(counts[s[0]]); }));
    barChart(node, rows.map(function (s) { return { zh: s[1], en: s[2], value: num(counts[s[0]]), max: max, text: num(counts[s[0]]) }; }));
  }

  function ratesChart(node, rates) {
    if (!rates) return empty(node, '暂无数据', 'No figures yet');
    var rows = [
      ['响应率', 'Response rate', rates.responseRate, rates.contacted, rates.calledBack],
      ['解决率', 'Resolution rate', rates.resolutionRate, rates.resolved, rates.calledBack],
      ['满意率', 'Satisfaction rate', rates.satisfactionRate, num(rates.satisfied) + num(rates.basicallySatisfied), rates.evaluated],
      ['按时签收率', 'On-time acknowledgement', rates.onTimeAcknowledgementRate, rates.acknowledgedOnTime, rates.dispatched],
      ['按期办结率', 'On-time completion', rates.onTimeCompletionRate, rates.resultsOnTime, rates.results]
    ];
    barChart(node, rows.map(function (r, i) {
      return { zh: r[0], en: r[1], value: num(r[2]), max: 1, series: i >= 3 ? 1 : 0, text: pct(r[2]) + '  (' + num(r[3]) + '/' + num(r[4]) + ')' };
    }));
  }

  function levelsChart(node, levels) {
    if (!levels || !levels.byLevel || num(levels.total) === 0) return empty(node, '暂无办结', 'No results yet');
    barChart(node, LEVELS.map(function (l) {
      var f = levels.byLevel[l[0]] || { count: 0, share: null };
      return { zh: l[1], en: l[2], value: num(f.share), max: 1, series: l[0] === 'street' || l[0] === 'community' || l[0] === 'grid' ? 1 : 0, text: pct(f.share) + '  (' + num(f.count) + ')' };
    }));
  }

  function mediationChart(node, m) {
    if (!m || !m.byTrack) return empty(node, '暂无数据', 'No figures yet');
    var W = widthOf(node), LABEL = 130, RIGHT = 170, H = 13, GROUP = 3 * (H + 3) + 14;
    var BAR = Math.min(W - LABEL - RIGHT, 560);
    clear(node);
    var max = 1;
    TRACKS.forEach(function (t) { var f = m.byTrack[t[0]] || {}; max = Math.max(max, num(f.entered), num(f.agreements), num(f.failures)); });
    var box = canvas(node, TRACKS.length * GROUP);
    TRACKS.forEach(function (t, i) {
      var f = m.byTrack[t[0]] || {};
      var y = i * GROUP + 2;
      box.appendChild(svg('text', { x: 0, y: y + 14 }, t[1]));
      box.appendChild(svg('text', { 'class': 'en', x: 0, y: y + 28 }, t[2]));
      [num(f.entered), num(f.agreements), num(f.failures)].forEach(function (v, j) {
        var yy = y + j * (H + 3);
        box.appendChild(svg('rect', { 'class': 'track', x: LABEL, y: yy, width: BAR, height: H, rx: 2 }));
        if (v > 0) box.appendChild(svg('rect', { 'class': 'bar' + (j ? ' s' + j : ''), x: LABEL, y: yy, width: (v / max * BAR).toFixed(1), height: H, rx: 2 }));
        box.appendChild(svg('text', { 'class': 'value', x: LABEL + BAR + 6, y: yy + 11 }, v));
      });
      box.appendChild(svg('text', { x: LABEL + BAR + 50, y: y + 14 }, '成功率 ' + pct(f.successRate)));
      box.appendChild(svg('text', { 'class': 'en', x: LABEL + BAR + 50, y: y + 28 }, 'Success rate'));
    });
    node.appendChild(box);
    var legend = el('div', 'legend');
    [['', '进入 Entered'], ['s1', '达成协议 Agreements'], ['s2', '调解不成 Failures']].forEach(function (l) {
      var s = el('span'); s.appendChild(el('i', l[0])); s.appendChild(document.createTextNode(l[1])); legend.appendChild(s);
    });
    var transfers = (m.transfers || []).map(function (t) { return TRACK_ZH[t.from] + '→' + TRACK_ZH[t.to] + ' ×' + t.count; });
    legend.appendChild(el('span', '', '移交 Transfers: ' + (transfers.length ? transfers.join('，') : '无 none')));
    var c = m.confirmations || {};
    legend.appendChild(el('span', '', '司法确认 Judicial confirmation: 申请 applied ' + num(c.applied) + ' · 确认 granted ' + num(c.granted) + ' · 驳回 rejected ' + num(c.rejected)));
    node.appendChild(legend);
  }

  // Personal data never reaches the dashboard; the case id is shortened all the same (no need to show it whole).
  function overdueTable(items, scope) {
    var body = $('overdue').querySelector('tbody');
    clear(body);
    var list = items || [];
    $('overdue-empty').hidden = list.length > 0;
    list.forEach(function (it) {
      var tr = el('tr');
      var place = String(it.jurisdiction || '');
      if (scope && place.indexOf(scope + '/') === 0) place = place.slice(scope.length + 1);
      [
        [CASE_TYPES[it.caseType] || it.caseType, ''],
        [String(it.caseId || '').slice(0, 8) + '…', 'id'],
        [place || '—', ''],
        [CATEGORIES[it.category] || it.category || '—', ''],
        [(DEADLINES[it.deadlineKind] || '') + ' ' + (it.deadlineKind || ''), ''],
        [when(it.deadline), ''],
        [Math.floor(num(it.hoursOverdue)), 'num'],
        [it.unitId || '—', '']
      ].forEach(function (c) { tr.appendChild(el('td', c[1], c[0])); });
      body.appendChild(tr);
    });
  }

  // The API's own fallback (counts from its case index) has no rates or mediation: show what there is.
  function normalize(b) {
    if (b && b.counts) return b;
    var cases = (b && b.cases) || {};
    var c = cases.complaints || {}, d = cases.disputes || {};
    return {
      filter: { jurisdiction: (b && b.jurisdiction) || null },
      asOf: (b && b.asOf) || null,
      position: null,
      counts: { complaint: { total: num(c.total), byState: c.byState || {} }, dispute: { total: num(d.total), byState: d.byState || {} } },
      overdue: { total: num(c.overdue) + num(d.overdue), items: null },
      rates: null, resolutionLevels: null, mediation: null
    };
  }

  var shown = null;
  function render(raw, scopeAsked) {
    shown = [raw, scopeAsked];
    var v = normalize(raw);
    var scope = (v.filter && v.filter.jurisdiction) || scopeAsked || '';
    $('scope').textContent = scope || '全部 All';
    $('as-of').textContent = v.asOf ? when(v.asOf) : '—';
    var ct = v.counts.complaint || {}, dt = v.counts.dispute || {};
    setKpi('kpi-complaints', num(ct.total), '办理中 open ' + openOf(ct.byState, ['rejected', 'closed', 'merged']));
    setKpi('kpi-disputes', num(dt.total), '调解中 open ' + openOf(dt.byState, ['declined', 'closed']));
    var o = v.overdue || {};
    var byKind = o.byKind || { acknowledge: o.acknowledge, result: o.result, mediation: o.mediation };
    var overdueTotal = 0;
    var parts = [];
    Object.keys(byKind).forEach(function (k) {
      overdueTotal += num(byKind[k]);
      if (num(byKind[k]) > 0) parts.push((DEADLINES[k] || k) + ' ' + num(byKind[k]));
    });
    var soon = o.dueSoon ? o.dueSoon.items.length : 0;
    setKpi('kpi-overdue', overdueTotal, parts.join(' · ') + (soon > 0 ? ' · 临期 due soon ' + soon : ''));
    var lv = v.resolutionLevels;
    setKpi('kpi-local', lv ? pct(lv.streetOrBelowShare) : '—', lv ? '办结 results ' + num(lv.total) : '');
    var m = v.mediation;
    setKpi('kpi-mediation', m ? pct(m.successRate) : '—', m ? '协议 agreements ' + num(m.agreements) + ' / 结束 concluded ' + num(m.concluded) : '');
    ratesChart($('chart-rates'), v.rates);
    stateChart($('chart-complaint-states'), COMPLAINT_STATES, ct.byState);
    stateChart($('chart-dispute-states'), DISPUTE_STATES, dt.byState);
    levelsChart($('chart-levels'), lv);
    mediationChart($('chart-mediation'), m);
    overdueTable(o.items, scope);
    // The separator comes with the position, so a footer without one has no stray '·'.
    $('position').textContent = typeof v.position === 'number' ? ' · 日志位置 log position ' + v.position : '';
    $('updated').textContent = '更新于 Updated ' + clockFormat.format(new Date());
    document.body.setAttribute('data-position', typeof v.position === 'number' ? String(v.position) : '');
  }
  function openOf(byState, finals) {
    var n = 0;
    Object.keys(byState || {}).forEach(function (k) { if (finals.indexOf(k) < 0) n += num(byState[k]); });
    return n;
  }

  // --- data ---------------------------------------------------------------------------------
  // The page's own query (?jurisdiction=&from=&to=&asOf=&depth=) is passed on to the API.
  function dashboardQuery() {
    var own = new URLSearchParams(location.search), q = new URLSearchParams();
    ['jurisdiction', 'from', 'to', 'asOf', 'depth'].forEach(function (k) { var v = own.get(k); if (v) q.set(k, v); });
    var s = q.toString();
    return s ? '?' + s : '';
  }
  function authHeaders(accept) { return { Authorization: 'Bearer ' + token, Accept: accept }; }
  async function problemText(res) {
    try { var p = await res.json(); return p.detail || p.title || String(res.status); } catch (e) { return String(res.status); }
  }

  async function load() {
    var res = await fetch('/api/v1/dashboard' + dashboardQuery(), { headers: authHeaders('application/json'), cache: 'no-store' });
    if (res.status === 401) return signOut('令牌无效或已过期 The token is not valid: ' + await problemText(res));
    var err = $('board-error');
    if (!res.ok) { err.hidden = false; err.textContent = '无法读取统计 Could not load the dashboard: ' + await problemText(res); return; }
    err.hidden = true;
    render(await res.json(), new URLSearchParams(location.search).get('jurisdiction'));
  }
  // One load at a time; events arriving meanwhile cause exactly one more.
  function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    load().catch(function (e) { var err = $('board-error'); err.hidden = false; err.textContent = '网络错误 Network error: ' + e.message; })
      .finally(function () { loading = false; if (again) { again = false; refresh(); } });
  }

  function setLive(state) {
    var box = $('live');
    box.className = 'live ' + (state === 'on' ? 'on' : 'off');
    $('live-text').textContent = state === 'on' ? '实时 Live' : state === 'retry' ? '重连中 Reconnecting' : '未连接 Offline';
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // EventSource cannot send Authorization, so the stream is read with fetch and parsed here (text/event-stream).
  async function listen(controller) {
    var lastId = null, delay = 1000;
    while (!controller.signal.aborted) {
      try {
        var headers = authHeaders('text/event-stream');
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        var res = await fetch('/api/v1/events', { headers: headers, signal: controller.signal, cache: 'no-store' });
        if (res.status === 401) return signOut('令牌无效或已过期 The token is not valid: ' + await problemText(res));
        if (res.status === 403) { setLive('off'); return; } // this role may not follow the log; figures still load
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        setLive('on');
        delay = 1000;
        refresh(); // whatever happened before the stream opened
        var reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        var buffer = '';
        for (;;) {
          var chunk = await reader.read();
          if (chunk.done) break;
          buffer += chunk.value.replace(/\r\n?/g, '\n');
          var blocks = buffer.split('\n\n');
          buffer = blocks.pop();
          var changed = false;
          blocks.forEach(function (block) {
            block.split('\n').forEach(function (line) {
              if (line.indexOf('id:') === 0) lastId = line.slice(3).trim();
              if (line.indexOf('data:') === 0) changed = true;
            });
          });
          if (changed) refresh();
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      setLive('retry');
      await sleep(delay);
      delay = Math.min(delay * 2, 30000);
    }
  }

  // --- token --------------------------------------------------------------------------------
  // ?token= is moved into sessionStorage and taken out of the address, so it is not kept in history.
  function tokenFromAddress() {
    var q = new URLSearchParams(location.search);
    var t = q.get('token');
    if (t) {
      sessionStorage.setItem(TOKEN_KEY, t.trim());
      q.delete('token');
      var rest = q.toString();
      history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }
  function signOut(message) {
    if (stream) { stream.abort(); stream = null; }
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    setLive('off');
    $('board').hidden = true;
    $('change-token').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
  }
  function start(t) {
    token = t;
    $('login').hidden = true;
    $('board').hidden = false;
    $('change-token').hidden = false;
    refresh();
    stream = new AbortController();
    listen(stream);
  }

  var redraw = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(redraw);
    redraw = requestAnimationFrame(function () { if (shown && !$('board').hidden) render(shown[0], shown[1]); });
  });

  document.addEventListener('DOMContentLoaded', function () {
    $('token-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var t = $('token-input').value.trim();
      if (!t) return;
      sessionStorage.setItem(TOKEN_KEY, t);
      start(t);
    });
    $('change-token').addEventListener('click', function () { signOut(''); });
    var t = tokenFromAddress();
    if (t) start(t); else signOut('');
  });
})();
`
