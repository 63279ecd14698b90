/** The page's stylesheet (light, print-friendly, no external fonts). */
export const PAGE_STYLE = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; --card: #fff;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.top { padding: 14px 24px; background: #24292f; color: #fff; }
header.top h1 { margin: 0; font-size: 18px; font-weight: 600; word-break: break-all; }
header.top nav a { color: #c9d1d9; margin-right: 14px; font-size: 13px; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 40px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px; margin: 14px 0; }
h2 { font-size: 16px; margin: 4px 0 10px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted, .hint { color: var(--muted); font-weight: normal; }
.hint { font-size: 12px; margin: 0 0 8px; }
table.kv th { text-align: left; font-weight: 500; color: var(--muted); padding: 1px 16px 1px 0; vertical-align: top; }
table.kv td { word-break: break-all; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--muted); }
.badge.sev-error { background: var(--error); } .badge.sev-warning { background: var(--warning); } .badge.sev-info { background: var(--info); }
.badge.simulated { background: #8250df; } .badge.cause { background: #24292f; }
.count { color: var(--muted); font-weight: normal; }
.finding { border-left: 4px solid var(--line); padding: 6px 12px; margin: 8px 0; background: #fbfcfd; border-radius: 4px; cursor: pointer; }
.finding.sev-error { border-left-color: var(--error); } .finding.sev-warning { border-left-color: var(--warning); } .finding.sev-info { border-left-color: var(--info); }
.finding.selected { outline: 2px solid #1f6feb; background: #ddf4ff; }
.finding header .name { color: var(--muted); }
.finding .message { margin: 4px 0; overflow-wrap: anywhere; }
.finding .facts, .finding .rule-summary, .finding .defined { margin: 2px 0; font-size: 12.5px; color: var(--muted); overflow-wrap: anywhere; }
.finding .rule-summary { font-style: italic; }
button.show { float: right; font-size: 12px; border: 1px solid var(--line); background: #fff; border-radius: 6px; cursor: pointer; }
pre.excerpt { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; overflow-x: auto; margin: 6px 0 2px; }
.src-line .ln { color: var(--muted); user-select: none; }
.src-line.hit { background: #fff8c5; display: inline-block; min-width: 100%; }
.scalars { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px; }
figure.chart { margin: 0; position: relative; border: 1px solid transparent; border-radius: 6px; padding: 4px; min-width: 0; }
figure.chart figcaption { font-size: 12px; font-weight: 600; color: var(--muted); }
figure.chart.highlight { border-color: #1f6feb; box-shadow: 0 0 0 3px rgba(31,111,235,.25); }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 8px; }
.layer-row { border-top: 1px solid var(--line); padding-top: 4px; }
.layer-row.named h3::after { content: " · named in findings"; color: var(--warning); font-weight: normal; font-size: 12px; }
.u-over .marker { position: absolute; top: 0; width: 10px; height: 10px; margin-left: -5px; padding: 0; border: 0; border-radius: 0 0 5px 5px; cursor: pointer; pointer-events: auto; }
.marker.sev-error { background: var(--error); } .marker.sev-warning { background: #d4a72c; } .marker.sev-info { background: var(--info); }
.marker.selected { width: 14px; margin-left: -7px; height: 14px; outline: 2px solid #1f6feb; }
table.model { border-collapse: collapse; width: 100%; font-size: 13px; }
table.model th, table.model td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; overflow-wrap: anywhere; }
table.model td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.model tr.named { background: #fff8c5; }
.filters { position: sticky; top: 0; z-index: 2; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
ul.problems li.problem { color: var(--error); } ul.problems li.skipped { color: var(--muted); }
.file-problem { color: var(--error); }
.empty { color: var(--muted); }
details.group > summary { cursor: pointer; } details.group > summary h3 { display: inline; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 12px; }
.u-legend { font-size: 12px; } .u-legend .u-marker { width: 10px; height: 10px; }
@media print { .filters, button.show, .marker { display: none; } .card { break-inside: avoid; } }
`;
