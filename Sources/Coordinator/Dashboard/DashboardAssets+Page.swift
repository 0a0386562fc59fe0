extension DashboardAssets {
    /// The page shell: layout only, no data (served without the token; `dashboard.js` fetches
    /// the data with it).
    static let page = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ReLUSweep · live sweeps</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/dashboard.css">
<script src="/dashboard.js" defer></script>
</head>
<body>
<header class="top">
  <div class="brand">
    <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true"><rect width="32" height="32" rx="7" fill="#21918c"/><path d="M5 21.5H15.5L27 8" stroke="#fff" stroke-width="3.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>
    <span>ReLUSweep</span><span class="sub">live sweeps</span>
  </div>
  <div class="summary" id="summary"></div>
  <div class="conn" id="conn"><span class="dot"></span><span id="conn-text">connecting…</span></div>
  <button type="button" class="ghost" id="token-forget" hidden>forget token</button>
</header>
<main>
  <section class="card">
    <div class="card-head">
      <h2>Sweeps</h2>
      <div class="legend"><i class="seg done"></i>done <i class="seg failed"></i>failed <i class="seg leased"></i>leased <i class="seg pending"></i>pending</div>
    </div>
    <div class="table-wrap"><table id="sweeps">
      <thead><tr><th>sweep</th><th>state</th><th>progress</th><th class="num">done</th><th class="num">leased</th><th class="num">pending</th><th class="num">failed</th><th class="num">trials/s</th><th class="num">ETA</th></tr></thead>
      <tbody></tbody>
    </table></div>
    <p class="muted" id="sweeps-empty" hidden>No sweeps yet. Submit one: <code>relusweep submit grids/smoke.yaml --coordinator URL</code></p>
  </section>
  <section class="card" id="phase-card">
    <div class="card-head">
      <h2>Phase diagram <span id="phase-sweep" class="muted"></span></h2>
      <form class="controls" id="phase-form">
        <label>x <select id="sel-x"></select></label>
        <label>y <select id="sel-y"></select></label>
        <label>panels by <select id="sel-facet"></select></label>
        <label>colour <select id="sel-metric"></select></label>
      </form>
    </div>
    <div id="heatmap" class="heatmap"><p class="muted">Loading…</p></div>
    <p class="muted small" id="phase-note"></p>
  </section>
  <div class="cols">
    <section class="card">
      <h2>Workers <span class="count" id="workers-count"></span></h2>
      <div class="table-wrap"><table id="workers">
        <thead><tr><th>worker</th><th>host</th><th class="num">slots</th><th class="num">leased</th><th class="num">done</th><th class="num">failed</th><th class="num">heartbeat</th></tr></thead>
        <tbody></tbody>
      </table></div>
      <p class="muted" id="workers-empty" hidden>No worker seen in the last 2 minutes.</p>
    </section>
    <section class="card">
      <h2>Recent failures</h2>
      <ol class="failures" id="failures"></ol>
      <p class="muted" id="failures-empty" hidden>No failures reported.</p>
    </section>
  </div>
</main>
<div class="overlay" id="token-dialog" hidden>
  <form class="card dialog" id="token-form">
    <h2>Coordinator token</h2>
    <p id="token-why"></p>
    <input id="token-input" type="password" autocomplete="off" spellcheck="false" placeholder="the content of --token-file, or RELUSWEEP_TOKEN">
    <p class="muted small">Kept in this tab only (sessionStorage) and sent as <code>Authorization: Bearer</code>.</p>
    <button type="submit">Connect</button>
  </form>
</div>
<noscript><p class="card">This page needs JavaScript. The same numbers: <code>relusweep status --coordinator URL</code>.</p></noscript>
</body>
</html>
"""#

    /// The tab icon: a ReLU.
    static let icon = #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#21918c"/><path d="M5 21.5H15.5L27 8" stroke="#fff" stroke-width="3.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>
"""#
}
