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
  var DEADLINES = { accept: '受理', acknowledge: '响应', arrival: '报到', result: '办结', mediation: '调解', confirmation: '司法确认申请', 'court-accept': '法院受理', 'court-decide': '法院裁定', receipt: '委派签收', dispatch: '派单' };
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
  function widthOf(node) { return Math.max(240, Math.floor(node.clientWidth || 560)); }
  function canvas(node, height) {
    var W = widthOf(node);
    return svg('svg', { width: W, height: height, viewBox: '0 0 ' + W + ' ' + height, role: 'img' });
  }
  function barChart(node, rows) {
    var W = widthOf(node), LABEL = Math.min(190, Math.floor(W * 0.38)), VALUE = Math.min(110, Math.floor(W * 0.3)), ROW = 26;
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
    // The numerators as the rates count them: a partly solved answer and a basically satisfied one each × its weight
    // (GRIDCASE_RATE_WEIGHTS; the API names them in rates.weights), to two places.
    var w = rates.weights || {};
    var partly = typeof w.partlySolved === 'number' ? w.partlySolved : 0;
    var basically = typeof w.basicallySatisfied === 'number' ? w.basicallySatisfied : 1;
    function counted(n) { return Math.round(n * 100) / 100; }
    var rows = [
      ['响应率', 'Response rate', rates.responseRate, rates.contacted, rates.calledBack],
      ['解决率', 'Resolution rate', rates.resolutionRate, counted(num(rates.resolved) + num(rates.partlySolved) * partly), rates.calledBack],
      ['满意率', 'Satisfaction rate', rates.satisfactionRate, counted(num(rates.satisfied) + num(rates.basicallySatisfied) * basically), rates.evaluated],
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
    var W = widthOf(node), LABEL = Math.min(130, Math.floor(W * 0.3)), RIGHT = Math.min(170, Math.floor(W * 0.36)), H = 13, GROUP = 3 * (H + 3) + 14;
    var BAR = Math.max(40, Math.min(W - LABEL - RIGHT, 560));
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
      box.appendChild(svg('text', { x: LABEL + BAR + 40, y: y + 14 }, '成功率 ' + pct(f.successRate)));
      box.appendChild(svg('text', { 'class': 'en', x: LABEL + BAR + 40, y: y + 28 }, 'Success rate'));
    });
    node.appendChild(box);
    var legend = el('div', 'legend');
    [['', '进入 Entered'], ['s1', '达成协议 Agreements'], ['s2', '调解不成 Failures']].forEach(function (l) {
      var s = el('span'); s.appendChild(el('i', l[0])); s.appendChild(document.createTextNode(l[1])); legend.appendChild(s);
    });
    var transfers = (m.transfers || []).map(function (t) { return TRACK_ZH[t.from] + '→' + TRACK_ZH[t.to] + ' ×' + t.count; });
    legend.appendChild(el('span', '', '移交 Transfers: ' + (transfers.length ? transfers.join('，') : '无 none')));
    var c = m.confirmations || {};
    legend.appendChild(el('span', '', '司法确认 Judicial confirmation: 申请 applied ' + num(c.applied) + ' · 受理 accepted ' + num(c.accepted) + ' · 确认 granted ' + num(c.granted) + ' · 驳回 rejected ' + num(c.rejected)));
    node.appendChild(legend);
  }

  // A list names only the cases the reader may open, at most 100 (docs/HTTP.md), while its count is the whole
  // place's: a list shorter than its count says so ("列出 0 / 45"), never "nothing overdue" under a figure of 45.
  function listNote(id, shown, total, truncated) {
    var note = $(id + '-partial');
    var partial = total > shown || !!truncated;
    $(id + '-empty').hidden = shown > 0 || partial;
    note.hidden = !partial;
    note.textContent = partial ? '列出 ' + shown + ' / ' + Math.max(total, shown) + ' 件：只列您可查看的案件，至多 100 件 · Listed ' + shown + ' of ' + Math.max(total, shown) + ': only the cases you may open, at most 100' : '';
  }
  function sumOf(byKind) {
    var n = 0;
    Object.keys(byKind || {}).forEach(function (k) { n += num(byKind[k]); });
    return n;
  }

  // Personal data never reaches the dashboard; the case id is shortened all the same (no need to show it whole).
  function overdueTable(items, scope, id, total, truncated) {
    var body = $(id || 'overdue').querySelector('tbody');
    clear(body);
    var list = items || [];
    listNote(id || 'overdue', list.length, num(total), truncated);
    list.forEach(function (it) {
      var tr = el('tr');
      tr.setAttribute('data-kind', it.deadlineKind || '');
      var place = String(it.jurisdiction || '');
      if (scope && place.indexOf(scope + '/') === 0) place = place.slice(scope.length + 1);
      if (it.jurisdictionName) place = it.jurisdictionName;
      [
        [CASE_TYPES[it.caseType] || it.caseType, ''],
        [String(it.caseId || '').slice(0, 8) + '…', 'id'],
        [place || '—', ''],
        [CATEGORIES[it.category] || it.category || '—', ''],
        [(DEADLINES[it.deadlineKind] || '') + ' ' + (it.deadlineKind || ''), ''],
        [when(it.deadline), ''],
        [id === 'due-soon' ? Math.floor(-num(it.hoursOverdue)) : Math.floor(num(it.hoursOverdue)), 'num'],
        [it.unitId ? (names[it.unitId] || it.unitId) : '—', '']
      ].forEach(function (c) { tr.appendChild(el('td', c[1], c[0])); });
      body.appendChild(tr);
    });
  }

  // 风险研判: the open high-risk disputes (no personal data in them), longest high first, as the API lists them.
  function highRiskTable(risk, scope) {
    var body = $('high-risk').querySelector('tbody');
    clear(body);
    var list = (risk && risk.items) || [];
    listNote('high-risk', list.length, risk ? num(risk.highOpen) : 0, risk && risk.truncated);
    list.forEach(function (it) {
      var tr = el('tr');
      var place = String(it.jurisdiction || '');
      if (scope && place.indexOf(scope + '/') === 0) place = place.slice(scope.length + 1);
      [
        [String(it.caseId || '').slice(0, 8) + '…', 'id'],
        [nameOf(it.jurisdiction) || place || '—', ''],
        [CATEGORIES[it.category] || it.category || '—', ''],
        [when(it.since), ''],
        [nameOf(it.escalatedTo) || it.escalatedTo || '—', '']
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
      rates: null, resolutionLevels: null, mediation: null, risk: null
    };
  }

  var shown = null;
  function render(raw, scopeAsked) {
    shown = [raw, scopeAsked];
    var v = normalize(raw);
    var scope = (v.filter && v.filter.jurisdiction) || scopeAsked || '';
    $('scope').textContent = scope || '全部 All';
    $('scope-name').textContent = v.jurisdictionName || nameOf(scope);
    if (scopeRoot === null) scopeRoot = scope;
    current.shown = scope;
    $('as-of').textContent = v.asOf ? when(v.asOf) : '—';
    var ct = v.counts.complaint || {}, dt = v.counts.dispute || {};
    // Every state but the final ones: a complaint fed back or rated, a dispute with an agreement, are in it — not yet
    // concluded (未结案), which is not the same as still being handled (办理中) or mediated (调解中).
    setKpi('kpi-complaints', num(ct.total), '未结案 not concluded ' + openOf(ct.byState, ['rejected', 'closed', 'merged']));
    setKpi('kpi-disputes', num(dt.total), '未结案 not concluded ' + openOf(dt.byState, ['declined', 'closed']));
    var o = v.overdue || {};
    var byKind = o.byKind || { acknowledge: o.acknowledge, result: o.result, mediation: o.mediation };
    var overdueTotal = 0;
    var parts = [];
    Object.keys(byKind).forEach(function (k) {
      overdueTotal += num(byKind[k]);
      if (num(byKind[k]) > 0) parts.push((DEADLINES[k] || k) + ' ' + num(byKind[k]));
    });
    // 临期 as the API counts it (dueSoon.byKind, the whole place), not the length of the list this reader may see.
    var soon = o.dueSoon ? (o.dueSoon.byKind ? sumOf(o.dueSoon.byKind) : (o.dueSoon.items || []).length) : 0;
    if (soon > 0) parts.push('临期 due soon ' + soon);
    setKpi('kpi-overdue', overdueTotal, parts.join(' · '));
    var lv = v.resolutionLevels;
    setKpi('kpi-local', lv ? pct(lv.streetOrBelowShare) : '—', lv ? '办结 results ' + num(lv.total) : '');
    var m = v.mediation;
    setKpi('kpi-mediation', m ? pct(m.successRate) : '—', m ? '协议 agreements ' + num(m.agreements) + ' / 结束 concluded ' + num(m.concluded) : '');
    ratesChart($('chart-rates'), v.rates);
    stateChart($('chart-complaint-states'), COMPLAINT_STATES, ct.byState);
    stateChart($('chart-dispute-states'), DISPUTE_STATES, dt.byState);
    levelsChart($('chart-levels'), lv);
    mediationChart($('chart-mediation'), m);
    overdueTable(o.items, scope, 'overdue', overdueTotal, o.truncated);
    overdueTable(o.dueSoon ? o.dueSoon.items : [], scope, 'due-soon', soon, o.dueSoon && o.dueSoon.truncated);
    var risk = v.risk || null;
    var g = (risk && risk.byGrade) || {};
    setKpi('kpi-risk', risk ? num(risk.highOpen) : '—', risk ? '中 medium ' + num(g.medium) + ' · 低 low ' + num(g.low) : '');
    highRiskTable(risk, scope);
    renderCrumbs(scope);
    if (assessment.ranking) renderRanking(assessment.ranking);
    if (assessment.trends) renderTrends(assessment.trends);
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

  // --- 考核: periods, ranking, trends, drill-down -------------------------------------------------
  // What is shown: a place (null: the actor's own scope) and a period (null: the current month). Kept in the address.
  var current = { jurisdiction: null, period: null, shown: null };
  var scopeRoot = null;
  var names = {};
  var assessment = { ranking: null, trends: null };
  var charts = [];
  function nameOf(code) {
    if (!code) return '全部 All';
    return names[code] || code.split('/').pop();
  }
  function pad2(n) { return (n < 10 ? '0' : '') + n; }
  function monthStart(y, m) { // m 1-based, may be 13
    if (m > 12) { y += 1; m -= 12; }
    return y + '-' + pad2(m) + '-01T00:00:00+08:00';
  }
  // A period's name to [from, to): China time, as the API reads it.
  function periodRange(name) {
    var m = /^(\d{4})-(\d{2})$/.exec(name), q = /^(\d{4})-Q([1-4])$/.exec(name), y = /^(\d{4})$/.exec(name);
    if (m) return [monthStart(+m[1], +m[2]), monthStart(+m[1], +m[2] + 1)];
    if (q) return [monthStart(+q[1], 3 * q[2] - 2), monthStart(+q[1], 3 * q[2] + 1)];
    if (y) return [monthStart(+y[1], 1), monthStart(+y[1] + 1, 1)];
    return null;
  }
  function periodLabel(name) {
    var m = /^(\d{4})-(\d{2})$/.exec(name), q = /^(\d{4})-Q([1-4])$/.exec(name);
    if (m) return m[1] + '年' + (+m[2]) + '月 ' + name;
    if (q) return q[1] + '年第' + q[2] + '季度 ' + name;
    return name + '年 ' + name;
  }
  // The selector's periods from the server's months (its clock, China time): 12 months, 4 quarters, 2 years.
  function fillPeriods(months) {
    var select = $('period');
    if (select.options.length > 0 || !months.length) return;
    var last = months[months.length - 1].period, y = +last.slice(0, 4), mo = +last.slice(5, 7);
    var groups = [['月度 Month', months.map(function (m) { return m.period; }).reverse()], ['季度 Quarter', []], ['年度 Year', [String(y), String(y - 1)]]];
    var qy = y, qq = Math.ceil(mo / 3);
    for (var i = 0; i < 4; i++) { groups[1][1].push(qy + '-Q' + qq); qq -= 1; if (qq === 0) { qq = 4; qy -= 1; } }
    groups.forEach(function (g) {
      var og = document.createElement('optgroup');
      og.label = g[0];
      g[1].forEach(function (p) { var o = el('option', '', periodLabel(p)); o.value = p; og.appendChild(o); });
      select.appendChild(og);
    });
    // 考核 is of a closed period: the last full month by default (the current one is one choice away).
    if (!current.period) current.period = months.length > 1 ? months[months.length - 2].period : last;
    select.value = current.period;
  }
  function keepInAddress() {
    var q = new URLSearchParams(location.search);
    if (current.jurisdiction) q.set('jurisdiction', current.jurisdiction); else q.delete('jurisdiction');
    if (current.period) q.set('period', current.period); else q.delete('period');
    var rest = q.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : ''));
  }
  function goTo(code) {
    current.jurisdiction = code === scopeRoot ? null : code;
    keepInAddress();
    refresh();
  }

  function renderCrumbs(scope) {
    var nav = $('crumbs');
    clear(nav);
    var root = scopeRoot || scope;
    var parts = scope.split('/'), rootDepth = root ? root.split('/').length : 1;
    for (var i = rootDepth; i <= parts.length; i++) {
      var code = parts.slice(0, i).join('/');
      if (i > rootDepth) nav.appendChild(el('span', 'sep', '›'));
      if (i === parts.length) nav.appendChild(el('strong', '', nameOf(code)));
      else {
        var b = el('button', 'link', nameOf(code));
        b.type = 'button';
        b.setAttribute('data-code', code);
        b.addEventListener('click', function (ev) { goTo(ev.currentTarget.getAttribute('data-code')); });
        nav.appendChild(b);
      }
    }
  }

  function score(n) { return typeof n === 'number' && isFinite(n) ? (Math.round(n * 10) / 10).toFixed(1) : '—'; }
  var WEIGHT_NAMES = { responseRate: '响应率', resolutionRate: '解决率', satisfactionRate: '满意率', onTimeAcknowledgementRate: '按时签收', onTimeCompletionRate: '按期办结', departmentRating: '以下评上' };
  function renderRanking(r) {
    var body = $('ranking').querySelector('tbody');
    clear(body);
    $('ranking-of').textContent = (r.name || nameOf(r.jurisdiction)) + ' · ' + periodLabel(r.period);
    $('weights').textContent = Object.keys(r.weights || {}).map(function (k) { return (WEIGHT_NAMES[k] || k) + ' ' + r.weights[k]; }).join(' · ');
    var rows = r.children || [];
    $('ranking-empty').hidden = rows.length > 0;
    rows.forEach(function (c) {
      var tr = el('tr');
      tr.setAttribute('data-code', c.jurisdiction);
      tr.appendChild(el('td', 'num rank', c.rank === null ? '—' : c.rank));
      var place = el('td', 'place');
      if (c.level !== 'grid') {
        var b = el('button', 'link', c.name || c.jurisdiction.split('/').pop());
        b.type = 'button';
        b.setAttribute('data-code', c.jurisdiction);
        b.addEventListener('click', function (ev) { goTo(ev.currentTarget.getAttribute('data-code')); });
        place.appendChild(b);
      } else place.appendChild(el('span', '', c.name || c.jurisdiction.split('/').pop()));
      tr.appendChild(place);
      tr.appendChild(el('td', 'num score', score(c.score)));
      [c.responseRate, c.resolutionRate, c.satisfactionRate, c.onTimeAcknowledgementRate, c.onTimeCompletionRate].forEach(function (x) { tr.appendChild(el('td', 'num', pct(x))); });
      tr.appendChild(el('td', 'num', num(c.complaints)));
      tr.appendChild(el('td', 'num', num(c.overdue)));
      body.appendChild(tr);
    });
  }

  // The trend charts (uPlot, served by this app), each with its figures as a table beside it for print and screen readers.
  function dataTable(node, head, rows) {
    var t = el('table', 'data');
    var h = el('tr');
    head.forEach(function (x) { h.appendChild(el('th', '', x)); });
    var thead = el('thead'); thead.appendChild(h); t.appendChild(thead);
    var tb = el('tbody');
    rows.forEach(function (r) { var tr = el('tr'); r.forEach(function (x, i) { tr.appendChild(el('td', i ? 'num' : '', x)); }); tb.appendChild(tr); });
    t.appendChild(tb);
    var d = el('details', 'figures');
    d.appendChild(el('summary', '', '数据表 Figures'));
    d.appendChild(t);
    node.appendChild(d);
  }
  function lineChart(node, labels, series, opts) {
    if (typeof uPlot !== 'function') { empty(node, '图表库未加载', 'Chart library not loaded'); return; }
    var W = Math.max(240, Math.floor(node.clientWidth || 560));
    var xs = labels.map(function (_, i) { return i; });
    var config = {
      width: W,
      height: opts.height || 220,
      scales: { x: { time: false }, y: opts.y || {} },
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { values: function (u, splits) { return splits.map(function (i) { return labels[i] === undefined ? '' : labels[i]; }); }, space: 40, size: 30, gap: 2 },
        { size: 52, values: opts.yValues }
      ],
      series: [{}].concat(series.map(function (s) {
        var out = { label: s.label, stroke: s.color, width: 2, points: { show: true, size: 4 }, spanGaps: false };
        if (s.bars && uPlot.paths && uPlot.paths.bars) { out.paths = uPlot.paths.bars({ size: [0.6, 40] }); out.fill = s.color; out.points = { show: false }; }
        return out;
      }))
    };
    var u = new uPlot(config, [xs].concat(series.map(function (s) { return s.values; })), node);
    charts.push(u);
    // The charts drawn, for whoever checks them against the API (the browser test): series and values as plotted.
    window.gridcaseCharts = charts;
    return u;
  }
  function renderTrends(t) {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    var rates = $('chart-trend-rates'), daily = $('chart-trend-daily');
    clear(rates); clear(daily);
    var months = t.months || [], days = t.days || [];
    var asPct = function (x) { return typeof x === 'number' ? Math.round(x * 1000) / 10 : null; };
    var labels = months.map(function (m) { return m.period.slice(2); });
    lineChart(rates, labels, [
      { label: '响应率 Response', color: '#1f6fd1', values: months.map(function (m) { return asPct(m.responseRate); }) },
      { label: '解决率 Resolution', color: '#2e9e6b', values: months.map(function (m) { return asPct(m.resolutionRate); }) },
      { label: '满意率 Satisfaction', color: '#c9811a', values: months.map(function (m) { return asPct(m.satisfactionRate); }) },
      { label: '按期办结率 On-time', color: '#7a4fc2', values: months.map(function (m) { return asPct(m.onTimeCompletionRate); }) }
    ], { y: { range: [0, 100] }, yValues: function (u, splits) { return splits.map(function (v) { return v + '%'; }); } });
    dataTable(rates, ['月份 Month', '受理 Intake', '响应率', '解决率', '满意率', '按期办结率'], months.map(function (m) {
      return [m.period, num(m.complaints), pct(m.responseRate), pct(m.resolutionRate), pct(m.satisfactionRate), pct(m.onTimeCompletionRate)];
    }));
    lineChart(daily, days.map(function (d) { return d.date.slice(5); }), [
      { label: '受理 Intake', color: '#1f6fd1', bars: true, values: days.map(function (d) { return num(d.intake); }) },
      { label: '逾期 Missed deadlines', color: '#c0392b', values: days.map(function (d) { return num(d.overdue); }) }
    ], { height: 200 });
    dataTable(daily, ['日期 Date', '受理 Intake', '逾期 Missed'], days.map(function (d) { return [d.date, num(d.intake), num(d.overdue)]; }));
  }

  // --- data ---------------------------------------------------------------------------------
  function authHeaders(accept) { return { Authorization: 'Bearer ' + token, Accept: accept }; }
  async function problemText(res) {
    try { var p = await res.json(); return p.detail || p.title || String(res.status); } catch (e) { return String(res.status); }
  }
  async function getJson(path) {
    var res = await fetch(path, { headers: authHeaders('application/json'), cache: 'no-store' });
    if (res.status === 401) { signOut('令牌无效或已过期 The token is not valid: ' + await problemText(res)); return null; }
    if (!res.ok) { var failed = new Error(await problemText(res)); failed.status = res.status; throw failed; }
    return res.json();
  }
  function placeQuery() { return current.jurisdiction ? 'jurisdiction=' + encodeURIComponent(current.jurisdiction) : ''; }

  async function load() {
    var err = $('board-error');
    try {
      if (Object.keys(names).length === 0) {
        var reg = await getJson('/api/v1/jurisdictions');
        if (reg === null) return;
        (reg.items || []).forEach(function (e) { names[e.code] = e.name; });
        if (scopeRoot === null) scopeRoot = reg.under;
      }
      var place = placeQuery();
      var trends = await getJson('/api/v1/trends?months=12&days=30' + (place ? '&' + place : ''));
      if (trends === null) return;
      fillPeriods(trends.months || []);
      var range = periodRange(current.period) || [null, null];
      $('period-name').textContent = periodLabel(current.period);
      var q = [place, 'from=' + encodeURIComponent(range[0]), 'to=' + encodeURIComponent(range[1])].filter(Boolean).join('&');
      var results = await Promise.all([
        getJson('/api/v1/dashboard?' + q),
        getJson('/api/v1/ranking?period=' + encodeURIComponent(current.period) + (place ? '&' + place : ''))
      ]);
      if (results[0] === null || results[1] === null) return;
      err.hidden = true;
      $('board').classList.remove('refused');
      assessment = { ranking: results[1], trends: trends };
      render(results[0], current.jurisdiction);
    } catch (e) {
      err.hidden = false;
      err.textContent = '无法读取统计 Could not load the dashboard: ' + e.message;
      // Refused (403: a role that may not read figures, a place outside the token's) before anything was shown: the
      // reason alone, not a board of dashes whose export and print would fail the same way.
      if (e.status === 403 && shown === null) $('board').classList.add('refused');
    }
  }
  // One load at a time; events arriving meanwhile cause exactly one more.
  function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    load().catch(function (e) { var err = $('board-error'); err.hidden = false; err.textContent = '网络错误 Network error: ' + e.message; })
      .finally(function () { loading = false; if (again) { again = false; refresh(); } });
  }

  // 导出: the unit evaluation of the period as CSV (UTF-8 with BOM), fetched with the token and saved as a file.
  async function exportCsv() {
    var res = await fetch('/api/v1/evaluation?period=' + encodeURIComponent(current.period) + (placeQuery() ? '&' + placeQuery() : ''), { headers: authHeaders('text/csv') });
    if (!res.ok) { var err = $('board-error'); err.hidden = false; err.textContent = '导出失败 Export failed: ' + await problemText(res); return; }
    var url = URL.createObjectURL(await res.blob());
    var a = el('a');
    a.href = url;
    a.download = 'evaluation-' + current.period + '.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
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

  var redraw = 0, lastWidth = window.innerWidth;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(redraw);
    redraw = requestAnimationFrame(function () { if (shown && !$('board').hidden && window.innerWidth !== lastWidth) { lastWidth = window.innerWidth; render(shown[0], shown[1]); } });
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
    $('period').addEventListener('change', function () { current.period = $('period').value; keepInAddress(); refresh(); });
    $('print').addEventListener('click', function () { window.print(); });
    $('export-csv').addEventListener('click', function () { exportCsv(); });
    var own = new URLSearchParams(location.search);
    if (own.get('jurisdiction')) current.jurisdiction = own.get('jurisdiction');
    if (own.get('period') && periodRange(own.get('period'))) current.period = own.get('period');
    var t = tokenFromAddress();
    if (t) start(t); else signOut('');
  });
})();
`
