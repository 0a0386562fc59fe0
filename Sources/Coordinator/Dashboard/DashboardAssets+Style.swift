extension DashboardAssets {
    /// The page's look. Progress colours: done teal (the heatmap's viridis middle), failed red,
    /// leased amber, pending grey.
    static let style = #"""
:root { --bg: #f4f5f7; --card: #fff; --ink: #1d2330; --muted: #6b7280; --line: #e4e7ec;
  --done: #21918c; --failed: #d1495b; --leased: #f0b429; --pending: #e3e6eb; --accent: #3b5bdb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: var(--bg); }
code, .mono, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
header.top { display: flex; align-items: center; gap: 24px; padding: 10px 28px; background: #1d2330; color: #fff; }
.brand { display: flex; align-items: center; gap: 10px; font-weight: 700; font-size: 18px; }
.brand .sub { font-weight: 400; font-size: 14px; color: #9aa3b5; }
.summary { flex: 1; color: #d5d9e2; }
.conn { display: flex; align-items: center; gap: 7px; font-size: 13px; color: #c3c9d5; }
.dot { width: 9px; height: 9px; border-radius: 50%; background: #8b93a3; }
.conn.live .dot { background: #3ddc84; box-shadow: 0 0 0 3px rgba(61, 220, 132, .18); }
.conn.down .dot { background: #ff5d5d; }
.conn.wait .dot { background: #f0b429; }
main { display: grid; gap: 18px; padding: 18px 28px 28px; max-width: 1560px; margin: 0 auto; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px;
  box-shadow: 0 1px 2px rgba(16, 24, 40, .05); min-width: 0; }
.card-head { display: flex; align-items: baseline; justify-content: space-between; gap: 16px; flex-wrap: wrap; margin-bottom: 8px; }
h2 { font-size: 15px; margin: 0 0 8px; }
.card-head h2 { margin: 0; }
.cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; }
@media (max-width: 1100px) { .cols { grid-template-columns: minmax(0, 1fr); } }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-size: 11.5px; font-weight: 600; color: var(--muted); text-transform: uppercase;
  letter-spacing: .03em; padding: 6px 7px; border-bottom: 1px solid var(--line); white-space: nowrap; }
td { padding: 8px 7px; border-bottom: 1px solid #f0f2f5; vertical-align: middle; }
tr:last-child td { border-bottom: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
#sweeps tbody tr { cursor: pointer; }
#sweeps tbody tr:hover { background: #f8f9fb; }
#sweeps tbody tr.selected { background: #eef2ff; box-shadow: inset 3px 0 0 var(--accent); }
td.name { max-width: 250px; }
.table-wrap { overflow-x: auto; }
#workers td.name, #workers td.host { word-break: break-all; }
.desc { font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
td.progress { width: 28%; min-width: 150px; }
.bar { display: flex; height: 14px; border-radius: 7px; overflow: hidden; background: var(--pending); }
.seg { display: inline-block; height: 100%; }
.seg.done { background: var(--done); } .seg.failed { background: var(--failed); }
.seg.leased { background: var(--leased); } .seg.pending { background: var(--pending); }
.legend { font-size: 12px; color: var(--muted); }
.legend .seg { width: 10px; height: 10px; border-radius: 2px; margin: 0 3px 0 10px; vertical-align: -1px; }
.small { font-size: 12px; }
.muted { color: var(--muted); }
.bad { color: var(--failed); font-weight: 600; }
.stale { color: #b7791f; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.state-running { background: #e3f5e9; color: #1b7a3d; }
.state-paused { background: #fff3d6; color: #8a5a00; }
.state-cancelled { background: #eceef1; color: #555d6b; }
.state-finished { background: #dff1ef; color: #12706a; }
.state-failed { background: #fde4e7; color: #a3263a; }
.state-retry { background: #fff3d6; color: #8a5a00; }
.controls { display: flex; gap: 14px; flex-wrap: wrap; font-size: 13px; color: var(--muted); }
select { font: inherit; color: var(--ink); padding: 3px 6px; border: 1px solid #cfd4dc; border-radius: 6px; background: #fff; margin-left: 4px; }
.heatmap { overflow-x: auto; min-height: 80px; }
.heatmap svg { display: block; max-width: 100%; height: auto; }
.heatmap rect.cell:hover { stroke: #1d2330; stroke-width: 2; }
.error-box { color: #a3263a; background: #fde4e7; padding: 8px 12px; border-radius: 6px; }
.count { color: var(--muted); font-weight: 400; }
.failures { list-style: none; margin: 0; padding: 0; max-height: 460px; overflow-y: auto; }
.failures li { border-left: 3px solid var(--leased); background: #fafbfc; border-radius: 0 6px 6px 0; padding: 7px 10px; margin-bottom: 8px; }
.failures li.final { border-left-color: var(--failed); }
.fail-head { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; font-size: 12.5px; }
pre.error { margin: 5px 0 0; white-space: pre-wrap; word-break: break-word; max-height: 7.5em; overflow-y: auto; color: #3b4252; }
button { font: inherit; padding: 6px 16px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.ghost { background: transparent; border-color: #59627a; color: #c3c9d5; padding: 3px 10px; font-size: 12px; }
.overlay { position: fixed; inset: 0; background: rgba(17, 21, 30, .55); display: flex; align-items: center; justify-content: center; }
.overlay[hidden] { display: none; }
.dialog { width: min(460px, 92vw); }
.dialog input { width: 100%; font: inherit; padding: 8px 10px; border: 1px solid #cfd4dc; border-radius: 6px; margin: 4px 0; }
"""#
}
