'use strict';
(() => {
  const POLL_MS = 2000, HIDDEN_POLL_MS = 10000, TOKEN_KEY = 'relusweep.token';
  const METRIC_NAMES = {collapsed: 'collapsed fraction', deadFraction: 'dead-unit fraction', nmse: 'median nMSE', diverged: 'diverged fraction'};
  const S = {
    token: sessionStorage.getItem(TOKEN_KEY) || '', selected: null, sweeps: [], workers: [], skew: 0,
    axes: null, axesKey: '', choice: null, heat: {key: '', base: '', at: 0, cost: 0}, timer: 0, busy: false, again: false, tokenTried: false,
  };
  const $ = id => document.getElementById(id);

  // Elements are built with textContent only: names and error texts from the API never become markup.
  function h(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k === 'onclick') e.addEventListener('click', v);
      else e.setAttribute(k, String(v));
    }
    for (const c of kids.flat()) if (c != null) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  class AuthNeeded extends Error {}
  async function api(path, accept) {
    const headers = {Accept: accept || 'application/json'};
    if (S.token) headers.Authorization = 'Bearer ' + S.token;
    let r;
    try { r = await fetch(path, {headers, cache: 'no-store', credentials: 'omit'}); }
    catch (_) { throw new Error('the coordinator does not answer'); }
    const date = Date.parse(r.headers.get('Date') || '');
    if (!Number.isNaN(date)) S.skew = date - Date.now();
    if (r.status === 401) throw new AuthNeeded('unauthorized');
    if (!r.ok) {
      let detail = 'HTTP ' + r.status;
      try { const b = await r.json(); if (b && b.detail) detail = b.detail; } catch (_) {}
      throw new Error(detail);
    }
    return r;
  }
  const json = async p => (await api(p)).json();
  const enc = encodeURIComponent;

  // ---- formatting
  const nf = new Intl.NumberFormat('en-US');
  const int = n => nf.format(n);
  function duration(s) {
    if (s == null || !Number.isFinite(s)) return '–';
    s = Math.max(0, Math.round(s));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + String(Math.floor(s % 3600 / 60)).padStart(2, '0') + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor(s % 86400 / 3600) + ' h';
  }
  const ago = t => { const s = (Date.now() + S.skew - Date.parse(t)) / 1000; return s < 1.5 ? 'just now' : duration(s) + ' ago'; };
  const rate = x => x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
  const pct = (a, b) => b > 0 ? Math.floor(1000 * a / b) / 10 : 0;

  // ---- connection line and token dialog
  function conn(kind, text) { const c = $('conn'); c.className = 'conn ' + kind; $('conn-text').textContent = text; }
  function askToken(refused) {
    clearTimeout(S.timer);
    if (refused) { S.token = ''; sessionStorage.removeItem(TOKEN_KEY); }
    conn('wait', 'waiting for the token');
    $('token-why').textContent = refused
      ? 'The coordinator refused this token. Enter the token it was started with.'
      : 'This coordinator shows sweeps only with its token (it listens beyond loopback, or protects reads).';
    $('token-dialog').hidden = false;
    $('token-input').focus();
  }
  $('token-form').addEventListener('submit', ev => {
    ev.preventDefault();
    S.token = $('token-input').value.trim();
    $('token-input').value = '';
    if (S.token) sessionStorage.setItem(TOKEN_KEY, S.token); else sessionStorage.removeItem(TOKEN_KEY);
    $('token-dialog').hidden = true;
    S.tokenTried = true;
    tick();
  });
  $('token-forget').addEventListener('click', () => {
    S.token = ''; sessionStorage.removeItem(TOKEN_KEY); S.tokenTried = false; tick();
  });

  // ---- sweeps
  function seg(cls, n, total) {
    const s = h('span', {class: 'seg ' + cls});
    s.style.width = (total > 0 ? 100 * n / total : 0) + '%';
    return s;
  }
  function renderSweeps() {
    const body = $('sweeps').tBodies[0];
    body.replaceChildren(...S.sweeps.map(s => {
      const c = s.counts, total = s.trials, finished = c.done + c.failed;
      const bar = h('div', {class: 'bar', title: `${int(c.done)} done, ${int(c.failed)} failed, ${int(c.leased)} leased, ${int(c.pending)} pending of ${int(total)}`},
        seg('done', c.done, total), seg('failed', c.failed, total), seg('leased', c.leased, total));
      const eta = s.state === 'finished' ? 'done' : s.state === 'cancelled' ? '–' : s.eta == null ? (s.state === 'paused' ? 'paused' : '–') : duration(s.eta);
      const tr = h('tr', {'data-sweep': s.id, class: s.id === S.selected ? 'selected' : null, onclick: () => select(s.id)},
        h('td', {class: 'name'}, h('strong', {text: s.name}), s.description ? h('div', {class: 'muted desc', title: s.description, text: s.description}) : null),
        h('td', {}, h('span', {class: 'badge state-' + s.state, text: s.state})),
        h('td', {class: 'progress'}, bar, h('div', {class: 'muted small', text: `${pct(finished, total)}% of ${int(total)} finished`})),
        h('td', {class: 'num', 'data-k': 'done', text: int(c.done)}),
        h('td', {class: 'num', 'data-k': 'leased', text: int(c.leased)}),
        h('td', {class: 'num', 'data-k': 'pending', text: int(c.pending)}),
        h('td', {class: 'num' + (c.failed ? ' bad' : ''), 'data-k': 'failed', text: int(c.failed)}),
        h('td', {class: 'num', 'data-k': 'throughput', text: rate(s.throughput)}),
        h('td', {class: 'num', 'data-k': 'eta', text: eta}));
      return tr;
    }));
    $('sweeps-empty').hidden = S.sweeps.length > 0;
    const live = S.workers.length, tput = S.sweeps.reduce((a, s) => a + s.throughput, 0);
    const running = S.sweeps.filter(s => s.state === 'running').length;
    $('summary').textContent = `${S.sweeps.length} sweep${S.sweeps.length === 1 ? '' : 's'} (${running} running) · ${live} live worker${live === 1 ? '' : 's'} · ${rate(tput)} trials/s`;
  }

  // ---- workers and failures
  function renderWorkers() {
    $('workers-count').textContent = S.workers.length ? String(S.workers.length) : '';
    $('workers').tBodies[0].replaceChildren(...S.workers.map(w => {
      const age = (Date.now() + S.skew - Date.parse(w.lastSeen)) / 1000;
      return h('tr', {'data-worker': w.name},
        h('td', {class: 'name', text: w.name}),
        h('td', {class: 'host', text: w.host || '–'}),
        h('td', {class: 'num', 'data-k': 'slots', text: int(w.slots)}),
        h('td', {class: 'num', 'data-k': 'prefetch', text: w.prefetch == null ? '–' : int(w.prefetch),
                 title: w.requested == null ? null : `its last lease request asked for ${w.requested}`}),
        h('td', {class: 'num', text: int(w.leased)}),
        h('td', {class: 'num', 'data-k': 'done', text: int(w.done)}),
        h('td', {class: 'num' + (w.failed ? ' bad' : ''), 'data-k': 'failed', text: int(w.failed)}),
        h('td', {class: 'num' + (age > 30 ? ' stale' : ''), text: ago(w.lastSeen)}));
    }));
    $('workers-empty').hidden = S.workers.length > 0;
  }
  function renderFailures(list) {
    $('failures').replaceChildren(...list.map(f => h('li', {class: f.final ? 'final' : null, 'data-trial': f.trialId},
      h('div', {class: 'fail-head'},
        h('span', {class: 'badge ' + (f.final ? 'state-failed' : 'state-retry'),
                   text: f.errorKind === 'configuration' ? 'configuration failure, not retried'
                     : f.final ? 'failed for good' : (f.attempt ? `attempt ${f.attempt} of ${f.maxAttempts}` : 'failure')}),
        h('span', {class: 'mono', title: f.trialId, text: f.trialId.slice(0, 10) + '…'}),
        h('span', {class: 'muted', text: (f.sweeps.length ? f.sweeps.join(', ') : 'no sweep') + ' · ' + (f.worker || 'operator') + ' · ' + ago(f.at)})),
      h('pre', {class: 'error', text: f.error}))));
    $('failures-empty').hidden = list.length > 0;
  }

  // ---- selection, kept in the address (#sweep=...&x=...) so a reload shows the same view
  function readHash() { return new URLSearchParams(location.hash.slice(1)); }
  function writeHash() {
    const p = new URLSearchParams();
    if (S.selected) p.set('sweep', S.selected);
    if (S.choice) for (const k of ['x', 'y', 'facet', 'metric']) if (S.choice[k]) p.set(k, S.choice[k]);
    history.replaceState(null, '', '#' + p.toString());
  }
  function select(id) {
    if (id === S.selected) return;
    S.selected = id; S.axes = null; S.axesKey = ''; S.choice = null;
    writeHash(); renderSweeps(); kick();
  }
  // Runs a round now, or right after the one in flight.
  function kick() { if (S.busy) S.again = true; else tick(); }

  function options(sel, items, value) {
    sel.replaceChildren(...items.map(([v, label]) => h('option', {value: v, text: label})));
    sel.value = value;
  }
  function fillControls() {
    const ax = S.axes, all = ax.axes.map(a => a.key);
    const varying = ax.axes.filter(a => a.values.length > 1).map(a => a.key);
    const keys = varying.length >= 2 ? varying : all;
    const hash = readHash(), old = S.choice || {};
    const pick = (...c) => c.find(v => v && keys.includes(v));
    let x = pick(old.x, hash.get('x'), ax.x, keys[0]);
    let y = pick(old.y, hash.get('y'), ax.y, keys.find(k => k !== x));
    if (y === x) y = keys.find(k => k !== x);
    const facetKeys = keys.filter(k => k !== x && k !== y);
    const facetChoices = [['', '(none)'], ...facetKeys.map(k => [k, k])];
    const def = (ax.facets || []).filter(k => k !== x && k !== y);
    if (def.length > 1) facetChoices.push([def.join(','), def.join(' × ')]);
    const facetValues = facetChoices.map(c => c[0]);
    let facet = [old.facet, hash.get('facet'), def.join(',')].find(v => v != null && facetValues.includes(v));
    if (facet == null) facet = '';
    const metric = [old.metric, hash.get('metric'), 'collapsed'].find(v => v && ax.metrics.includes(v));
    S.choice = {x, y, facet, metric};
    options($('sel-x'), keys.map(k => [k, k]), x);
    options($('sel-y'), keys.filter(k => k !== x).map(k => [k, k]), y);
    options($('sel-facet'), facetChoices, facet);
    options($('sel-metric'), ax.metrics.map(m => [m, METRIC_NAMES[m] || m]), metric);
    writeHash();
  }
  for (const k of ['x', 'y', 'facet', 'metric']) {
    $('sel-' + k).addEventListener('change', ev => {
      const before = S.choice[k];
      S.choice[k] = ev.target.value;
      // Picking the other axis's key swaps the two.
      if (k === 'x' && S.choice.y === S.choice.x) S.choice.y = before;
      fillControls();
      kick();
    });
  }

  function phaseQuery() {
    const c = S.choice, p = new URLSearchParams({x: c.x, y: c.y, metric: c.metric});
    if (c.facet) p.set('facet', c.facet);
    return p.toString();
  }
  function phaseError(e) {
    $('heatmap').replaceChildren(h('p', {class: 'error-box', text: 'The phase table is not available: ' + e.message}));
    S.heat.key = '';
  }
  async function refreshPhase() {
    const s = S.sweeps.find(x => x.id === S.selected);
    $('phase-sweep').textContent = s ? '· ' + s.name : '';
    if (!s) { $('heatmap').replaceChildren(h('p', {class: 'muted', text: S.sweeps.length ? 'Select a sweep above.' : 'No sweep yet.'})); return; }
    const axesKey = s.id + '|' + s.trials;
    if (S.axesKey !== axesKey) {
      S.axes = await json(`/v1/sweeps/${enc(s.id)}/axes`);
      S.axesKey = axesKey;
      fillControls();
    }
    if (!S.choice.x || !S.choice.y) {
      $('heatmap').replaceChildren(h('p', {class: 'muted', text: 'A phase diagram needs two keys; this sweep has fewer.'}));
      return;
    }
    const q = phaseQuery(), finished = s.counts.done + s.counts.failed;
    const base = s.id + '?' + q, key = base + '#' + finished;
    // Aggregate again only when results arrived or the choice changed, and for large sweeps
    // (slow aggregation) at most a fifth of the time.
    if (key === S.heat.key) return;
    if (base === S.heat.base && Date.now() - S.heat.at < 5 * S.heat.cost) return;
    const t0 = performance.now();
    const text = await (await api(`/v1/sweeps/${enc(s.id)}/phase?${q}&format=svg`, 'image/svg+xml')).text();
    showSVG(text);
    const box = $('heatmap');
    box.dataset.sweep = s.id; box.dataset.query = q; box.dataset.finished = String(finished);
    S.heat = {key, base, at: Date.now(), cost: performance.now() - t0};
    $('phase-note').textContent = `${int(s.counts.done)} of ${int(s.trials)} trials with results` +
      (s.counts.failed ? `, ${int(s.counts.failed)} failed` : '') + (finished < s.trials ? ' · hatched cells have no results yet' : '') +
      ' · aggregated by the coordinator, as relusweep aggregate does';
  }
  // The coordinator's SVG, parsed as XML; anything that could run is dropped before it joins the page.
  function showSVG(text) {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = doc.documentElement;
    if (!svg || svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length) throw new Error('the heatmap could not be read');
    for (const n of [...svg.querySelectorAll('script, foreignObject, iframe, image, a, use, animate, set')]) n.remove();
    for (const n of [svg, ...svg.querySelectorAll('*')]) {
      for (const a of [...n.attributes]) {
        const name = a.name.toLowerCase();
        if (name.startsWith('on') || name === 'style' || (name.endsWith('href') && !a.value.startsWith('#'))) n.removeAttribute(a.name);
      }
    }
    // Fill the card's width, up to 1.25 times the drawing's own size (its labels are small).
    const natural = parseFloat(svg.getAttribute('width')) || 800;
    const node = document.importNode(svg, true);
    node.style.width = '100%';
    node.style.maxWidth = Math.round(natural * 1.25) + 'px';
    $('heatmap').replaceChildren(node);
  }

  // ---- the poll loop: one round at a time, every 2 s (10 s while the tab is hidden)
  async function tick() {
    clearTimeout(S.timer);
    if (S.busy) return;
    S.busy = true;
    try {
      const [list, fails] = await Promise.all([json('/v1/sweeps'), json('/v1/failures?limit=20')]);
      S.sweeps = list.sweeps; S.workers = list.workers;
      if (!S.sweeps.some(s => s.id === S.selected)) {
        const wanted = readHash().get('sweep');
        const pick = S.sweeps.find(s => s.id === wanted) || S.sweeps.find(s => s.state === 'running') || S.sweeps[S.sweeps.length - 1];
        S.selected = pick ? pick.id : null; S.axesKey = ''; S.choice = null;
      }
      renderSweeps(); renderWorkers(); renderFailures(fails.failures);
      $('token-forget').hidden = !S.token;
      try { await refreshPhase(); } catch (e) { if (e instanceof AuthNeeded) throw e; phaseError(e); }
      conn('live', 'live · updated ' + new Date().toLocaleTimeString());
      document.body.dataset.rounds = String(Number(document.body.dataset.rounds || 0) + 1);
    } catch (e) {
      S.busy = false;
      if (e instanceof AuthNeeded) { askToken(S.tokenTried || !!S.token); return; }
      conn('down', e.message + ' · retrying');
    }
    S.busy = false;
    if (S.again) { S.again = false; tick(); return; }
    S.timer = setTimeout(tick, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
  }
  document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(); });
  S.selected = readHash().get('sweep');
  tick();
})();
