// The page's markup. Everything it loads comes from this app (the machine may have no internet),
// and nothing is inline, so the page's CSP can forbid inline script and style outright.

/** Where the page's script and stylesheet are served. */
export const ASSETS = {
  script: '/assets/dashboard.js',
  style: '/assets/dashboard.css',
  chartScript: '/assets/uplot.js',
  chartStyle: '/assets/uplot.css',
} as const

/** The HTML of the dashboard page (一屏统览); the script fills it from `/api/v1/dashboard`. */
export const pageHtml = (): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>一屏统览 · gridcase dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS.chartStyle}">
<link rel="stylesheet" href="${ASSETS.style}">
<script src="${ASSETS.chartScript}" defer></script>
<script src="${ASSETS.script}" defer></script>
</head>
<body>
<header class="top">
  <div class="title">
    <h1>一屏统览 <span class="en">Dashboard</span></h1>
    <p class="scope"><span id="scope-name">—</span> <span id="scope" class="code">—</span> · <span id="period-name">—</span> · 截至 <span class="en">as of</span> <time id="as-of">—</time></p>
  </div>
  <div class="status">
    <span id="live" class="live off" role="status"><span class="dot"></span><span id="live-text">未连接 Offline</span></span>
    <span id="updated" class="updated"></span>
    <button id="change-token" type="button" hidden>更换令牌 <span class="en">Change token</span></button>
  </div>
</header>

<section id="login" class="login" hidden>
  <form id="token-form">
    <h2>访问令牌 <span class="en">Access token</span></h2>
    <p>粘贴服务启动时打印的 JWT，或在地址后加 <code>?token=…</code>。令牌只保存在本标签页 (sessionStorage)。<br>
    <span class="en">Paste a JWT (the server prints demo tokens at start), or open this page with <code>?token=…</code>. It is kept for this tab only (sessionStorage).</span></p>
    <textarea id="token-input" name="token" rows="4" autocomplete="off" spellcheck="false" required></textarea>
    <button type="submit">打开 <span class="en">Open</span></button>
    <p id="login-error" class="error" role="alert"></p>
  </form>
</section>

<main id="board" hidden>
  <p id="board-error" class="error" role="alert" hidden></p>
  <section class="controls" aria-label="筛选 Filters">
    <nav id="crumbs" class="crumbs" aria-label="辖区 Place"></nav>
    <label class="period">考核周期 <span class="en">Period</span>
      <select id="period"></select>
    </label>
    <button id="export-csv" type="button">导出考核表 <span class="en">Export CSV</span></button>
    <button id="print" type="button">打印 <span class="en">Print</span></button>
  </section>
  <h2 class="print-title" id="print-title">考核报告 <span class="en">Assessment report</span></h2>
  <section class="kpis" aria-label="关键指标 Key figures">
    <div class="kpi" id="kpi-complaints"><span class="label">诉求 <span class="en">Complaints</span></span><span class="value">—</span><span class="sub"></span></div>
    <div class="kpi" id="kpi-disputes"><span class="label">矛盾纠纷 <span class="en">Disputes</span></span><span class="value">—</span><span class="sub"></span></div>
    <div class="kpi warn" id="kpi-overdue"><span class="label">逾期 <span class="en">Overdue</span></span><span class="value">—</span><span class="sub"></span></div>
    <div class="kpi" id="kpi-local"><span class="label">街道社区解决 <span class="en">Resolved at street or below</span></span><span class="value">—</span><span class="sub"></span></div>
    <div class="kpi" id="kpi-mediation"><span class="label">调解成功率 <span class="en">Mediation success</span></span><span class="value">—</span><span class="sub"></span></div>
    <div class="kpi warn" id="kpi-risk"><span class="label">高风险纠纷 <span class="en">High-risk disputes</span></span><span class="value">—</span><span class="sub"></span></div>
  </section>

  <section class="card table-card ranking-card">
    <h2>考核排名 <span class="en">Ranking</span> <span id="ranking-of" class="sub"></span></h2>
    <p class="hint">点击名称查看下级 <span class="en">Click a name to see the places under it</span> · 综合得分权重 <span class="en">Score weights</span>: <span id="weights"></span></p>
    <div class="scroll">
    <table id="ranking">
      <thead><tr>
        <th class="num">排名<br><span class="en">Rank</span></th><th>辖区<br><span class="en">Place</span></th><th class="num">综合得分<br><span class="en">Score</span></th>
        <th class="num">响应率<br><span class="en">Response</span></th><th class="num">解决率<br><span class="en">Resolution</span></th><th class="num">满意率<br><span class="en">Satisfaction</span></th>
        <th class="num">按时签收<br><span class="en">On-time ack.</span></th><th class="num">按期办结<br><span class="en">On-time results</span></th>
        <th class="num">受理<br><span class="en">Intake</span></th><th class="num">逾期<br><span class="en">Overdue</span></th>
      </tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <p id="ranking-empty" class="empty" hidden>暂无下级辖区 <span class="en">No places under this one</span></p>
  </section>

  <section class="charts trends">
    <figure class="card wide"><figcaption>逐月三率 <span class="en">Monthly rates, last 12 months</span></figcaption><div id="chart-trend-rates" class="chart trend"></div></figure>
    <figure class="card wide"><figcaption>每日受理与逾期 <span class="en">Daily intake and missed deadlines, last 30 days</span></figcaption><div id="chart-trend-daily" class="chart trend"></div></figure>
  </section>

  <section class="charts">
    <figure class="card"><figcaption>三率 <span class="en">Rates</span></figcaption><div id="chart-rates" class="chart"></div></figure>
    <figure class="card"><figcaption>诉求状态 <span class="en">Complaints by state</span></figcaption><div id="chart-complaint-states" class="chart"></div></figure>
    <figure class="card"><figcaption>纠纷状态 <span class="en">Disputes by state</span></figcaption><div id="chart-dispute-states" class="chart"></div></figure>
    <figure class="card"><figcaption>解决层级 <span class="en">Resolution level share</span></figcaption><div id="chart-levels" class="chart"></div></figure>
    <figure class="card wide"><figcaption>三调联动 · 各类调解 <span class="en">Mediation by track</span></figcaption><div id="chart-mediation" class="chart"></div></figure>
  </section>

  <section class="card table-card">
    <h2>逾期清单 <span class="en">Overdue cases</span></h2>
    <div class="scroll">
    <table id="overdue" class="cases">
      <thead><tr>
        <th>类型<br><span class="en">Type</span></th><th>编号<br><span class="en">Case</span></th><th>辖区<br><span class="en">Place</span></th>
        <th>类别<br><span class="en">Category</span></th><th>逾期事项<br><span class="en">Deadline</span></th><th>期限<br><span class="en">Due</span></th>
        <th class="num">超时(小时)<br><span class="en">Hours over</span></th><th>承办单位<br><span class="en">Unit</span></th>
      </tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <p id="overdue-empty" class="empty" hidden>暂无逾期 <span class="en">Nothing overdue</span></p>
    <p id="overdue-partial" class="empty" hidden></p>
  </section>

  <section class="card table-card">
    <h2>高风险纠纷 <span class="en">High-risk disputes (open)</span></h2>
    <div class="scroll">
    <table id="high-risk" class="cases">
      <thead><tr>
        <th>编号<br><span class="en">Case</span></th><th>辖区<br><span class="en">Place</span></th><th>类别<br><span class="en">Category</span></th>
        <th>定为高风险<br><span class="en">High since</span></th><th>上报至<br><span class="en">Escalated to</span></th>
      </tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <p id="high-risk-empty" class="empty" hidden>暂无高风险纠纷 <span class="en">No open high-risk dispute</span></p>
    <p id="high-risk-partial" class="empty" hidden></p>
  </section>

  <section class="card table-card">
    <h2>临期清单 <span class="en">Due soon</span></h2>
    <div class="scroll">
    <table id="due-soon" class="cases">
      <thead><tr>
        <th>类型<br><span class="en">Type</span></th><th>编号<br><span class="en">Case</span></th><th>辖区<br><span class="en">Place</span></th>
        <th>类别<br><span class="en">Category</span></th><th>期限事项<br><span class="en">Deadline</span></th><th>期限<br><span class="en">Due</span></th>
        <th class="num">剩余(小时)<br><span class="en">Hours left</span></th><th>承办单位<br><span class="en">Unit</span></th>
      </tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <p id="due-soon-empty" class="empty" hidden>暂无临期 <span class="en">Nothing due soon</span></p>
    <p id="due-soon-partial" class="empty" hidden></p>
  </section>
</main>
<footer class="foot">gridcase · <a href="/openapi.json">OpenAPI</a><span id="position"></span></footer>
<noscript><p class="error">需要启用 JavaScript · This page needs JavaScript.</p></noscript>
</body>
</html>
`
