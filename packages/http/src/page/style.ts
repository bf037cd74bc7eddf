// The page's stylesheet, served as a file so the CSP needs no 'unsafe-inline'.

/** CSS of the dashboard page. */
export const pageCss = (): string => `
:root {
  --ink: #1d2733; --muted: #5d6b7a; --line: #dfe5ec; --bg: #f3f6f9; --card: #fff;
  --accent: #1f6fd1; --accent-2: #2e9e6b; --accent-3: #c9811a; --warn: #c0392b;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
  color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
.en { color: var(--muted); font-weight: normal; font-size: 0.82em; }
.top { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: 8px;
  padding: 14px 24px; background: #10325c; color: #fff; }
.top h1 { margin: 0; font-size: 22px; letter-spacing: 1px; }
.top .en { color: #b9cce4; }
.top .scope { margin: 4px 0 0; font-size: 13px; color: #d6e2f0; }
.status { display: flex; align-items: center; gap: 14px; font-size: 13px; }
.live { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px; border-radius: 12px; background: rgba(255,255,255,0.12); }
.live .dot { width: 9px; height: 9px; border-radius: 50%; background: #9aa5b1; }
.live.on .dot { background: #3ddc84; box-shadow: 0 0 6px #3ddc84; }
.live.off .dot { background: #e67e22; }
.updated { color: #d6e2f0; }
button { font: inherit; cursor: pointer; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; padding: 5px 12px; }
/* The English label inherits the button's white: the muted grey of .en is unreadable on the accent blue. */
button .en { color: inherit; }
.top button { background: transparent; border-color: #8fb0d8; }
.top button .en { color: #d6e2f0; }
main, .login { padding: 16px 24px; max-width: 1400px; margin: 0 auto; }
.login form { max-width: 640px; margin: 40px auto; background: var(--card); padding: 24px; border-radius: 8px; border: 1px solid var(--line); }
.login h2 { margin-top: 0; }
.login textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 12px; margin: 8px 0 12px; }
.error { color: var(--warn); }
#board.refused > :not(#board-error) { display: none; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(190px, 100%), 1fr)); gap: 12px; margin-bottom: 14px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; display: flex; flex-direction: column; gap: 4px; }
.kpi .label { font-size: 14px; color: var(--muted); }
.kpi .value { font-size: 32px; font-weight: 700; font-variant-numeric: tabular-nums; color: var(--accent); }
.kpi.warn .value { color: var(--warn); }
.kpi .sub { font-size: 12px; color: var(--muted); min-height: 1em; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(460px, 100%), 1fr)); gap: 12px; margin-bottom: 14px; }
.charts > * { min-width: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 0; }
.card.wide { grid-column: 1 / -1; }
figcaption, .card h2 { font-size: 15px; font-weight: 700; margin: 0 0 8px; }
.chart svg { display: block; max-width: 100%; }
.chart text { font-size: 12px; fill: var(--ink); }
.chart text.en { fill: var(--muted); font-size: 10.5px; }
.chart text.value { font-variant-numeric: tabular-nums; font-weight: 600; }
.chart .track { fill: #edf1f5; }
.chart .bar { fill: var(--accent); }
.chart .bar.s1 { fill: var(--accent-2); }
.chart .bar.s2 { fill: var(--warn); }
.chart .bar.s3 { fill: var(--accent-3); }
.legend { display: flex; gap: 16px; font-size: 12px; color: var(--muted); margin-top: 6px; flex-wrap: wrap; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; background: var(--accent); }
.legend i.s1 { background: var(--accent-2); } .legend i.s2 { background: var(--warn); } .legend i.s3 { background: var(--accent-3); }
.empty { color: var(--muted); font-size: 13px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
.table-card { overflow-x: auto; }
td:first-child, td.id, td.num { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.id { font-family: ui-monospace, monospace; }
tr.fresh td { background: #fff6e0; }
.foot { padding: 10px 24px 20px; color: var(--muted); font-size: 12px; text-align: center; }
.foot a { color: var(--muted); }

.top .scope .code { color: #b9cce4; font-size: 12px; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; margin-bottom: 12px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; }
.crumbs { flex: 1 1 240px; display: flex; flex-wrap: wrap; align-items: center; gap: 4px; font-size: 15px; min-width: 0; }
.crumbs .sep { color: var(--muted); }
.period { font-size: 14px; display: inline-flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.period select { font: inherit; padding: 4px 6px; max-width: 100%; }
button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; text-underline-offset: 2px; text-align: left; }
.ranking-card h2 .sub { color: var(--muted); font-weight: normal; font-size: 13px; }
.hint { font-size: 12px; color: var(--muted); margin: 0 0 8px; }
.scroll { overflow-x: auto; max-width: 100%; }
#ranking td.score { font-weight: 700; color: var(--accent); }
#ranking td.rank { font-weight: 700; }
/* On a screen a table scrolls sideways in its card (.scroll) rather than squeeze a place's name one character a line. */
@media screen { #ranking td.place, table.cases td { white-space: nowrap; } }
.trend { min-height: 200px; }
.uplot { max-width: 100%; }
.uplot .u-legend { font-size: 12px; max-width: 100%; white-space: normal; }
.uplot .u-legend.u-inline tr { margin-right: 10px; }
details.figures { margin-top: 6px; font-size: 12px; }
details.figures summary { color: var(--muted); cursor: pointer; }
table.data { font-size: 12px; margin-top: 4px; }
.print-title { display: none; }
section.table-card { margin-bottom: 14px; }
@media (max-width: 600px) {
  main, .login { padding: 10px; }
  .top { padding: 10px 12px; }
  .top h1 { font-size: 18px; }
  .status { flex-wrap: wrap; gap: 8px; }
  .card { padding: 10px; }
  .kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .kpi { padding: 8px 10px; }
  .kpi .value { font-size: 24px; }
  th, td { padding: 4px 5px; }
}
/* A4 考核 report: what a street office hands out. No controls, no live status; tables whole; charts within the page. */
@page { size: A4; margin: 12mm 10mm; }
@media print {
  :root { background: #fff; }
  body { font-size: 11px; }
  .top { background: #fff; color: var(--ink); padding: 0 0 6px; border-bottom: 2px solid var(--ink); }
  .top .en, .top .scope, .top .scope .code { color: var(--ink); }
  .status, .controls, #login, .foot a, noscript, details.figures summary { display: none !important; }
  .print-title { display: block; font-size: 16px; margin: 6px 0; }
  main { padding: 0; max-width: none; }
  .card { border: 1px solid #999; break-inside: avoid; page-break-inside: avoid; }
  .charts { display: block; }
  .charts .card { margin-bottom: 8px; }
  .kpis { grid-template-columns: repeat(6, 1fr); gap: 6px; }
  .kpi { padding: 6px; }
  .kpi .value { font-size: 20px; }
  .scroll { overflow: visible; }
  table { font-size: 10px; }
  th, td { padding: 3px 4px; }
  details.figures { display: block; }
  details.figures > table { display: table; }
  .uplot, .uplot canvas { max-width: 100% !important; height: auto !important; }
  .uplot .u-over, .uplot .u-under { display: none; }
  button.link { color: var(--ink); text-decoration: none; }
  .table-card { overflow: visible; }
}
`