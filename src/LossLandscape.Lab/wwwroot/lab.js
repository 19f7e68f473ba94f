// The landscape lab's page: draws the surface the API computes, streams runs onto it (server-sent events) and races them.
// Everything it shows comes from the API; nothing is computed here but the drawing.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const colours = ['#e8590c', '#2f9e44', '#1971c2', '#c2255c', '#6741d9', '#0c8599', '#e67700', '#495057'];
  // times: ms after the page started loading when the first picture of the surface (preview.js), the interactive
  // contour and the 3-D view were on screen (performance marks lab-first-picture, lab-contour-ready, lab-3d-ready);
  // firstDraw is the last of them (both interactive views drawn).
  const state = { landscape: null, request: null, runs: [], next: 0, pending: false, firstDraw: null, times: { picture: null, contour: null, scene: null }, drawing: Promise.resolve(), flushDone: Promise.resolve() };
  window.lab = state; // read by the end-to-end tests

  const numberFields = ['seed', 'samples', 'noise-std', 'init-seed', 'direction-seed'];
  const runNumbers = ['lr', 'momentum', 'beta1', 'beta2', 'weight-decay', 'step-size', 'gamma', 'epochs', 'batch-size'];
  // Values equal to the command line's defaults are left out of the requests (and so of the command).
  const defaults = { seed: 42, samples: 10000, 'noise-std': 1, epochs: 25, 'batch-size': 32 };
  const integers = new Set(['seed', 'samples', 'init-seed', 'direction-seed', 'step-size', 'epochs', 'batch-size']);

  // plotly.js is asked for only once the first picture is on screen (or could not be made): parsing it takes the main
  // thread for seconds on a first load, and nothing else is painted meanwhile. index.html preloads it, so it is
  // downloaded while the surface is computed.
  let plotlyLoading = null;
  function plotly() {
    plotlyLoading = plotlyLoading || new Promise((resolve, reject) => {
      if (window.Plotly) {
        resolve();
        return;
      }
      const script = document.createElement('script');
      script.src = '/plotly.min.js';
      script.onload = () => {
        performance.mark('lab-plotly-ready'); // parsed and run: the page's drawing can start
        resolve();
      };
      script.onerror = () => reject(new Error('plotly.js did not load'));
      document.head.append(script);
    });
    return plotlyLoading;
  }

  // Resolves after the browser has painted what is on the page now (a task queued from the next animation frame runs
  // after that frame's paint).
  function painted() {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  }

  // Records the performance mark `name` as times[key], the first time only.
  function mark(key, name) {
    if (state.times[key] === null) state.times[key] = performance.mark(name).startTime;
  }

  function status(text, error) {
    const s = $('status');
    s.textContent = text;
    s.className = error ? 'error' : '';
  }

  function value(id) {
    const text = $(id).value.trim();
    if (text === '') return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || (integers.has(id) && !Number.isInteger(n))) throw new Error(`${id}: '${text}' is not a ${integers.has(id) ? 'whole ' : ''}number`);
    return n;
  }

  function landscapeRequest() {
    const r = {};
    for (const id of numberFields) {
      const v = value(id);
      if (v !== undefined && v !== defaults[id]) r[id] = v;
    }
    const layers = $('layers').value.trim();
    if (layers !== '' && layers !== '1,1,1') r.layers = layers.split(',').map((s) => Number(s.trim()));
    if ($('activation').value !== 'tanh') r.activation = $('activation').value;
    if ($('bias').checked) r.bias = true;
    const plane = $('plane').value;
    if (plane) r.plane = plane;
    if ($('normalize').value) {
      r.normalize = $('normalize').value;
      r.plane = r.plane || 'random';
    }
    const weights = isWeightsPlane(r);
    const a = $('range-a').value.trim();
    const b = $('range-b').value.trim();
    if (a) r[weights ? 'w1' : 'a-range'] = a;
    if (b) r[weights ? 'w2' : 'b-range'] = b;
    if ($('surface').value !== 'test') r.surface = $('surface').value;
    return r;
  }

  // The weights plane is the default for a 1,N,1 tanh network without biases (as on the command line).
  function isWeightsPlane(r) {
    if (r.plane) return r.plane === 'weights';
    const layers = r.layers || [1, 1, 1];
    return layers.length === 3 && layers[0] === 1 && layers[2] === 1 && !r.bias && !r.activation;
  }

  function runRequest() {
    const r = { landscape: state.request };
    r.optimizer = $('optimizer').value;
    for (const id of runNumbers) {
      const label = $(id).closest('label');
      if (label.classList.contains('hidden')) continue;
      const v = value(id);
      if (v !== undefined && v !== defaults[id]) r[id] = v;
    }
    if ($('schedule').value !== 'constant') r.schedule = $('schedule').value;
    if ($('record').value !== 'epochs') r.record = $('record').value;
    r.start = [value('start-a') ?? 0, value('start-b') ?? 0];
    return r;
  }

  async function post(url, body) {
    let answer = null;
    // The default surface, asked for by early.js while plotly.js loaded (taken once).
    if (url === '/api/surface' && window.labEarlySurface && JSON.stringify(body) === '{}') {
      answer = await window.labEarlySurface.catch(() => null);
      window.labEarlySurface = null;
    }
    if (!answer) {
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      answer = { response, json: await response.json() };
    }
    const { response, json } = answer;
    for (const el of document.querySelectorAll('.invalid')) el.classList.remove('invalid');
    if (!response.ok) {
      // The problem names the field (the command line's option name, which is the control's id): mark it.
      const field = json.field && document.getElementById(json.field);
      if (field && field.closest('#controls')) {
        field.classList.add('invalid');
        field.scrollIntoView({ block: 'nearest' });
      }
      throw new Error(json.detail || json.title || response.statusText);
    }
    return json;
  }

  function shown(values) {
    return $('log').checked ? values.map((v) => (v === null || v <= 0 ? null : Math.log10(v))) : values;
  }

  // surface.json has loss[i][j] at (A[i], B[j]); plotly's z[row][column] is at (x[column], y[row]): transpose.
  function surfaceZ() {
    const s = state.landscape.surface;
    const key = { test: 'loss', train: 'train_loss', gap: 'gap' }[$('surface').value] || 'loss';
    const values = s[key] || s.loss || s.train_loss || s.gap;
    const A = s[s.axes[0]];
    const B = s[s.axes[1]];
    const z = new Array(B.length);
    for (let j = 0; j < B.length; j++) {
      const row = new Array(A.length);
      for (let i = 0; i < A.length; i++) row[i] = values[i][j];
      z[j] = shown(row);
    }
    return z;
  }

  function axisNames() {
    return state.landscape ? state.landscape.surface.axes : ['w1', 'w2'];
  }

  function pathZ(record) {
    const loss = state.landscape.plane === 'weights' && $('surface').value === 'test' ? record.test_loss : record.surface_loss;
    return shown([loss])[0];
  }

  function zTitleNow() {
    return ($('log').checked ? 'log10 ' : '') + ({ test: 'test loss', train: 'training loss', gap: 'gap' }[$('surface').value]);
  }

  // The first picture: the surface's z values painted by preview.js over the contour view, before plotly.js is parsed;
  // a note in the 3-D view's box until that is drawn.
  async function paintPicture() {
    const s = state.landscape.surface;
    const [an, bn] = s.axes;
    state.preview = window.labPreview.paint($('contour'), {
      x: s[an], y: s[bn], z: surfaceZ(), xTitle: an, yTitle: bn, zTitle: zTitleNow(), title: 'contour: click to set the start', start: [value('start-a'), value('start-b')],
    });
    const note = document.createElement('p');
    note.className = 'preview-note';
    note.textContent = 'drawing the 3-D view…';
    $('surface3d').append(note);
    state.preview.note = note;
    await painted();
    mark('picture', 'lab-first-picture');
  }

  // The picture goes once the interactive contour is drawn; the 3-D view's note once that view is.
  function removePicture(part) {
    if (state.preview) state.preview[part].remove();
  }

  // Draws the views: the contour and the losses chart first, painted, then the 3-D view (software WebGL takes the main
  // thread for a second or two), so the cheaper view never waits behind the dearer one.
  function draw() {
    state.drawing = drawViews();
    return state.drawing;
  }

  async function drawViews() {
    await plotly();
    // Not in the middle of a flush: it has taken records off the queues that its later views have not drawn yet, and
    // traces built now would hold them twice.
    await state.flushDone;
    const s = state.landscape.surface;
    const [an, bn] = s.axes;
    const A = s[an];
    const B = s[bn];
    const z = surfaceZ();
    const zTitle = zTitleNow();
    const margin = { l: 50, r: 10, t: 30, b: 45 };
    const surfaceTraces = () => [{ type: 'surface', x: A, y: B, z, colorscale: 'Viridis', showscale: false, name: 'surface', hovertemplate: `${an} %{x:.4g}<br>${bn} %{y:.4g}<br>${zTitle} %{z:.4g}<extra></extra>` }];
    const contourTraces = [
      { type: 'contour', x: A, y: B, z, colorscale: 'Viridis', ncontours: 30, contours: { coloring: 'heatmap' }, colorbar: { title: { text: zTitle }, thickness: 12 }, name: 'surface', hovertemplate: `${an} %{x:.4g}<br>${bn} %{y:.4g}<br>${zTitle} %{z:.4g}<extra></extra>` },
      { type: 'scatter', mode: 'markers', x: [value('start-a')], y: [value('start-b')], marker: { symbol: 'x', size: 12, color: '#fff', line: { color: '#000', width: 2 } }, name: 'start', uid: 'start', hoverinfo: 'skip', showlegend: false },
    ];
    const lossTraces = [];
    for (const run of state.runs.filter((r) => r.shown)) { // a run not yet shown gets its traces in startRun
      contourTraces.push(run.trace2d());
      lossTraces.push(run.traceLoss());
    }
    const drawn = [];
    drawn.push(Plotly.react('contour', contourTraces, {
      title: { text: 'contour: click to set the start', font: { size: 13 }, x: 0.02, xanchor: 'left' },
      margin,
      xaxis: { title: { text: an }, range: [A[0], A[A.length - 1]] },
      yaxis: { title: { text: bn }, range: [B[0], B[B.length - 1]] },
      showlegend: false,
      uirevision: 'keep',
    }, { displaylogo: false, responsive: true }));
    drawn.push(Plotly.react('losses', lossTraces, {
      title: { text: 'test loss per record', font: { size: 13 }, x: 0.02, xanchor: 'left' },
      margin,
      // No zero line: at epoch 0 it read as a data line.
      xaxis: { title: { text: 'epoch' }, zeroline: false },
      yaxis: { title: { text: 'test loss' }, type: $('log').checked ? 'log' : 'linear' },
      legend: { orientation: 'h', y: -0.25 },
      uirevision: 'keep',
    }, { displaylogo: false, responsive: true }));
    if (!state.clickBound) {
      $('contour').on('plotly_click', (event) => {
        const point = event.points && event.points[0];
        if (!point) return;
        $('start-a').value = point.x;
        $('start-b').value = point.y;
        moveStart();
      });
      state.clickBound = true;
    }
    await Promise.all(drawn);
    removePicture('canvas');
    await painted();
    mark('contour', 'lab-contour-ready');
    // Built now, not before the wait: records drawn meanwhile are in them.
    const traces = surfaceTraces();
    for (const run of state.runs.filter((r) => r.shown)) traces.push(run.trace3d());
    await Plotly.react('surface3d', traces, {
      // Left-aligned under the top edge: plotly's mode bar sits at the top right and covered a centred title.
      title: { text: `${zTitle} over the ${state.landscape.plane} plane`, font: { size: 13 }, x: 0.02, xanchor: 'left', y: 0.97, yanchor: 'top' },
      margin: { l: 0, r: 0, t: 40, b: 0 },
      // The grid's ranges: a path that leaves the grid is cut at its edge instead of shrinking the surface.
      // The camera a little further out than plotly's (1.25, 1.25, 1.25): the box's near corner was cut off at the bottom.
      scene: { camera: { eye: { x: 1.6, y: 1.6, z: 1.1 } }, xaxis: { title: { text: an }, range: [A[0], A[A.length - 1]] }, yaxis: { title: { text: bn }, range: [B[0], B[B.length - 1]] }, zaxis: { title: { text: zTitle } } },
      showlegend: false,
      uirevision: 'keep',
    }, { displaylogo: false, responsive: true });
    removePicture('note');
    await painted();
    mark('scene', 'lab-3d-ready');
    if (state.firstDraw === null) state.firstDraw = state.times.scene;
  }

  function moveStart() {
    const gd = $('contour');
    const index = gd.data ? gd.data.findIndex((t) => t.uid === 'start') : -1;
    if (index >= 0) Plotly.restyle(gd, { x: [[value('start-a')]], y: [[value('start-b')]] }, [index]);
    status(`start (${axisNames()[0]}, ${axisNames()[1]}) = (${$('start-a').value}, ${$('start-b').value})`);
  }

  async function drawSurface() {
    let request;
    try {
      request = landscapeRequest();
    } catch (e) {
      status(e.message, true);
      return;
    }
    status('computing the surface…');
    $('draw').disabled = true;
    const started = performance.now();
    try {
      const landscape = await post('/api/surface', request);
      // Only now: a refused request leaves the runs and the views as they were.
      for (const run of [...state.runs]) removeRun(run);
      state.view = null;
      state.last = null;
      $('replane').disabled = true;
      const planeChanged = !state.landscape || state.landscape.plane !== landscape.plane || JSON.stringify(state.request) !== JSON.stringify(request);
      state.landscape = landscape;
      state.request = request;
      if (planeChanged) {
        $('start-a').value = landscape.start[0];
        $('start-b').value = landscape.start[1];
      }
      for (const el of document.querySelectorAll('.axis-a')) el.textContent = landscape.surface.axes[0];
      for (const el of document.querySelectorAll('.axis-b')) el.textContent = landscape.surface.axes[1];
      // The first surface is painted by preview.js before plotly.js is parsed; then the interactive views replace it.
      // performance.now() counts from the start of the page's navigation, so state.times are "on screen n ms after
      // the page started loading" (the target is ≤ 1 s).
      if (!window.Plotly && state.times.picture === null && window.labPreview) {
        try {
          await paintPicture();
        } catch {
          // Only a head start: the interactive views follow either way.
        }
      }
      draw().catch((e) => status(e.message, true));
      const s = landscape.surface;
      status(`${s[s.axes[0]].length} × ${s[s.axes[1]].length} surface in ${(landscape.seconds * 1000).toFixed(0)} ms on the server, ${(performance.now() - started).toFixed(0)} ms in all; ${landscape.parameters} parameters`);
    } catch (e) {
      status(e.message, true);
    } finally {
      $('draw').disabled = false;
    }
  }

  function label(request) {
    const parts = [request.optimizer];
    for (const key of ['lr', 'momentum', 'beta1', 'beta2', 'weight-decay']) if (request[key] !== undefined) parts.push(`${key} ${request[key]}`);
    if (request.schedule) parts.push(request.schedule);
    return parts.join(' ');
  }

  function pathXYZ(records) {
    return { x: records.map((r) => r.a), y: records.map((r) => r.b), z: records.map(pathZ) };
  }

  function makeRun(id, request) {
    const colour = colours[state.next++ % colours.length];
    // times: per record, computed (the server's stamp), arrived (its event here), drawn (on the loss chart and the
    // contour) and drawn3d (on the 3-D view), all wall clock in ms since 1970 on the same machine; asked: when the page
    // opened the stream. Records computed after `asked` show what the stream and the page add (the target is ≤ 50 ms);
    // read by the end-to-end tests.
    // queued: records not yet on any view; queued3d: records on the 2-D views, not yet on the 3-D view (the records'
    // tail is queued3d then queued).
    const run = { id, request, colour, name: label(request), records: [], queued: [], queued3d: [], times: [], asked: null, status: 'running', source: null, element: null };
    // Records still queued for a flush are left out: that flush extends the traces with them.
    const records = (later) => (run.hidden ? [] : run.records.slice(0, run.records.length - later));
    run.trace3d = () => ({ type: 'scatter3d', mode: 'lines+markers', uid: id + '-3d', name: run.name, ...pathXYZ(records(run.queued.length + run.queued3d.length)), line: { color: colour, width: 5 }, marker: { color: colour, size: 2.5 } });
    run.trace2d = () => ({ type: 'scatter', mode: 'lines+markers', uid: id + '-2d', name: run.name, x: records(run.queued.length).map((r) => r.a), y: records(run.queued.length).map((r) => r.b), line: { color: colour, width: 2 }, marker: { color: colour, size: 4 } });
    run.traceLoss = () => ({ type: 'scatter', mode: 'lines+markers', uid: id + '-loss', name: run.name, x: records(run.queued.length).map(run.x), y: records(run.queued.length).map((r) => r.test_loss), line: { color: colour }, marker: { size: 4 } });
    const stepsPerEpoch = () => {
      const n = state.request.samples ?? defaults.samples;
      const train = n - Math.ceil(n * 0.2);
      return Math.ceil(train / (request['batch-size'] ?? defaults['batch-size']));
    };
    run.x = (r) => (request.record === 'steps' ? r.step / stepsPerEpoch() : r.epoch);
    return run;
  }

  // Milliseconds since 1970, the clock the server stamps records with (performance.timeOrigin + performance.now()
  // drifts from it by seconds in Chromium).
  function wallClock() {
    return Date.now();
  }

  function traceIndex(gd, uid) {
    return gd.data ? gd.data.findIndex((t) => t.uid === uid) : -1;
  }

  // Records are drawn in batches, however fast they arrive. Each extendTraces makes plotly recompute the whole view
  // (the 3-D surface's mesh, the contour's lines and colouring), not just the path: in software WebGL on a loaded
  // machine 50-300 ms a view, while a bare WebGL redraw takes 2-10 ms. So: one call per view for all runs' records; the
  // cheap 2-D views (loss chart, then contour) at most every 50 ms; the 3-D view at most every 3 times its own last
  // drawing time (and 250 ms); each view in its own task, so that a record arriving meanwhile is taken (stamped
  // `arrived`) between views, not after all of them.
  async function flush() {
    state.pending = false;
    state.flushing = true;
    let flushed;
    state.flushDone = new Promise((resolve) => {
      flushed = resolve;
    });
    const fresh = [];
    for (const run of state.runs) {
      if (!run.shown || run.queued.length === 0) continue;
      const batch = run.queued.splice(0);
      fresh.push({ run, batch, times: run.times.slice(run.records.length - batch.length) });
      run.queued3d.push(...batch);
    }
    try {
      extend('losses', '-loss', fresh, (run, batch) => ({ x: batch.map(run.x), y: batch.map((r) => r.test_loss) }));
      await new Promise((resolve) => setTimeout(resolve));
      extend('contour', '-2d', fresh, (run, batch) => ({ x: batch.map((r) => r.a), y: batch.map((r) => r.b) }));
      const now = wallClock();
      for (const { times } of fresh) for (const t of times) t.drawn = now;
      await new Promise((resolve) => setTimeout(resolve));
      if (performance.now() >= (state.next3d || 0) && $('surface3d').data) {
        const started = performance.now();
        const due = [];
        for (const run of state.runs) {
          if (!run.shown || run.queued3d.length === 0) continue;
          const batch = run.queued3d.splice(0);
          due.push({ run, batch, times: run.times.slice(run.records.length - run.queued.length - batch.length, run.records.length - run.queued.length) });
        }
        // A run's first records on the 3-D view come with its trace (added here, after the 2-D views have theirs).
        const gd = $('surface3d');
        const missing = due.filter(({ run }) => traceIndex(gd, run.id + '-3d') < 0);
        if (missing.length > 0) Plotly.addTraces(gd, missing.map(({ run }) => run.trace3d()));
        extend('surface3d', '-3d', due.filter((d) => !missing.includes(d)), (run, batch) => pathXYZ(batch));
        const drawn = wallClock();
        for (const { times } of due) for (const t of times) t.drawn3d = drawn;
        state.next3d = performance.now() + Math.max(250, 3 * (performance.now() - started));
      }
    } finally {
      state.flushing = false;
      flushed();
      state.lastFlush = performance.now();
      if (state.runs.some((r) => r.shown && (r.queued.length > 0 || r.queued3d.length > 0))) schedule();
    }
  }

  // Extends view `plot` with each run's batch (one plotly call for all runs).
  function extend(plot, suffix, work, points) {
    const gd = $(plot);
    const update = {};
    const indices = [];
    for (const { run, batch } of work) {
      const index = traceIndex(gd, run.id + suffix);
      if (index < 0) continue;
      indices.push(index);
      for (const [key, values] of Object.entries(points(run, batch))) (update[key] = update[key] || []).push(values);
    }
    if (indices.length > 0) Plotly.extendTraces(gd, update, indices);
  }

  // At most one redraw per 50 ms (the 3-D view's own rule in flush()), and none while one is under way.
  function schedule() {
    if (!state.pending && !state.flushing) {
      state.pending = true;
      const wait = Math.max(0, 50 - (performance.now() - (state.lastFlush || 0)), state.runs.some((r) => r.queued.length > 0) ? 0 : (state.next3d || 0) - performance.now());
      // A timer, not an animation frame: with software WebGL a frame can wait seconds for the 3-D view's rendering, and
      // the 2-D views need not wait with it.
      setTimeout(flush, wait);
    }
  }

  function listRun(run) {
    const li = document.createElement('li');
    li.dataset.run = run.id;
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = run.colour;
    const name = document.createElement('span');
    name.className = 'label';
    name.textContent = run.name;
    name.title = run.name;
    const st = document.createElement('span');
    st.className = 'state';
    st.textContent = 'running';
    const stop = document.createElement('button');
    stop.type = 'button';
    stop.textContent = 'Stop';
    stop.className = 'stop';
    stop.addEventListener('click', () => stopRun(run));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.className = 'remove';
    remove.addEventListener('click', () => removeRun(run));
    const download = document.createElement('a');
    download.href = `/api/runs/${run.id}/download`;
    download.textContent = 'Download';
    download.className = 'download';
    download.setAttribute('download', '');
    li.append(swatch, name, st, stop, remove, download);
    $('runs').append(li);
    run.element = li;
  }

  function setRunState(run, text) {
    run.status = text;
    if (run.element) {
      run.element.querySelector('.state').textContent = `${text} · ${run.records.length}`;
      if (text !== 'running') run.element.querySelector('.stop').disabled = true;
    }
  }

  // The run's stream, read by a worker (stream.js) so that records reach the page while plotly draws; where a worker
  // has no EventSource, read here.
  function listen(run, events) {
    const record = (r, arrived) => {
      run.times.push({ computed: r.computed, arrived, drawn: null, drawn3d: null });
      run.records.push(r);
      run.queued.push(r);
      setRunState(run, 'running');
      schedule();
    };
    const done = (d) => {
      run.source.close();
      setRunState(run, d.status);
      status(`${run.name}: ${d.status}${d.reason ? ' (' + d.reason + ')' : ''}, ${d.records} records in ${d.seconds.toFixed(3)} s`);
      state.last = run;
      $('replane').disabled = false;
      // A stopped run is left as it stands (no computation after Stop); a finished one gets a grid covering its path.
      if (d.status === 'finished' && d.records > 0 && !state.view) cover(run);
    };
    const failed = () => {
      if (run.status === 'running') setRunState(run, 'disconnected');
      run.source.close();
    };
    const direct = () => {
      const source = new EventSource(events);
      run.source = source;
      source.addEventListener('record', (e) => record(JSON.parse(e.data), wallClock()));
      source.addEventListener('done', (e) => done(JSON.parse(e.data)));
      source.onerror = failed;
    };
    if (typeof Worker === 'undefined') {
      direct();
      return;
    }
    // A worker started beforehand (starting one takes a few hundred ms on a loaded machine); the next is started now.
    const worker = state.spareWorker || new Worker('/stream.js');
    state.spareWorker = new Worker('/stream.js');
    run.source = { close: () => worker.terminate() };
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.type === 'record') record(m.record, m.arrived);
      else if (m.type === 'done') done(m.done);
      else if (m.type === 'unsupported') direct();
      else failed();
    };
    worker.onerror = failed;
    worker.postMessage(new URL(events, location.href).href);
  }

  async function startRun() {
    if (!state.landscape) return;
    let request;
    try {
      request = runRequest();
    } catch (e) {
      status(e.message, true);
      return;
    }
    try {
      const started = await post('/api/runs', request);
      const run = makeRun(started.id, request);
      state.runs.push(run);
      listRun(run);
      // The stream first: it connects while the views take the run's traces (the 3-D view's takes a while).
      run.asked = wallClock();
      listen(run, started.events);
      status(`${run.name}: running`);
      // The 2-D views take the run's traces once they are drawn (the 3-D view takes its own in flush()); records that
      // came meanwhile are in them, and flush() leaves the run alone until then.
      await state.drawing.catch(() => {});
      Plotly.addTraces('losses', run.traceLoss());
      Plotly.addTraces('contour', run.trace2d());
      const now = wallClock();
      for (const t of run.times.slice(0, run.records.length - run.queued.length)) t.drawn = t.drawn ?? now;
      run.queued3d.push(...run.records.slice(0, run.records.length - run.queued.length));
      run.shown = true;
      schedule();
    } catch (e) {
      status(e.message, true);
    }
  }

  // As run does: when a path leaves the grid, the grid grows to cover it (the same plane, so every path stays).
  async function cover(run) {
    try {
      const answer = await post(`/api/runs/${run.id}/plane`, {});
      const s = answer.surface;
      const now = state.landscape.surface;
      const [an, bn] = s.axes;
      if (!state.view && (s[an].length !== now[an].length || s[bn].length !== now[bn].length || s[an][0] !== now[an][0] || s[bn][0] !== now[bn][0])) {
        state.landscape = { ...state.landscape, surface: s };
        draw();
        status(`${run.name}: the grid grew to ${s[an].length} × ${s[bn].length} to cover the path (${(answer.seconds * 1000).toFixed(0)} ms)`);
      }
    } catch (e) {
      status(e.message, true);
    }
  }

  // The last run on another plane: its own (grid covering the path), pca of its path, points through three of its
  // records, or the line from its first to its last record. Other runs are not on that plane and are hidden.
  async function replane() {
    const run = state.last;
    if (!run) return;
    const choice = $('run-plane').value;
    const body = {};
    if (choice === 'points') body.plane = `points:${$('run-points').value.replace(/\s/g, '')}`;
    else if (choice) body.plane = choice;
    status(`${run.name}: computing the ${choice || 'covering'} plane…`);
    try {
      const answer = await post(`/api/runs/${run.id}/plane`, body);
      state.home = state.home || { landscape: state.landscape };
      state.view = { run, answer };
      for (const r of state.runs) r.hidden = r !== run;
      run.records = answer.records;
      $('command').value = answer.command + (answer.note ? `\n# ${answer.note}` : '');
      if (answer.line) {
        drawLine(run, answer);
      } else {
        state.landscape = { ...state.landscape, plane: answer.plane, surface: answer.surface };
        draw();
      }
      const where = answer.line ? `on the line from its first to its last record (the chart below; the views above still show the ${state.landscape.plane} plane)` : `on the ${answer.plane} plane`;
      status(`${run.name} ${where} in ${(answer.seconds * 1000).toFixed(0)} ms; Draw surface returns to the landscape`);
    } catch (e) {
      status(e.message, true);
    }
  }

  // A line: the losses along it in the lower chart, the records at their positions α.
  function drawLine(run, answer) {
    const line = answer.line;
    Plotly.react('losses', [
      { type: 'scatter', mode: 'lines', x: line.alpha, y: line.loss, name: 'test loss along the line', line: { color: '#1d2430' } },
      { type: 'scatter', mode: 'lines', x: line.alpha, y: line.train_loss, name: 'training loss along the line', line: { color: '#868e96', dash: 'dot' } },
      { type: 'scatter', mode: 'markers', x: answer.records.map((r) => r.a), y: answer.records.map((r) => r.test_loss), name: run.name, marker: { color: run.colour, size: 6 } },
    ], {
      // Left-aligned: centred, the title ran under plotly's mode bar.
      title: { text: 'loss along the line from the first to the last record', font: { size: 13 }, x: 0.02, xanchor: 'left' },
      margin: { l: 50, r: 10, t: 30, b: 45 },
      xaxis: { title: { text: 'α' }, zeroline: false },
      yaxis: { title: { text: 'loss' }, type: $('log').checked ? 'log' : 'linear' },
      legend: { orientation: 'h', y: -0.25 },
    }, { displaylogo: false, responsive: true });
  }

  async function stopRun(run) {
    await fetch(`/api/runs/${run.id}/stop`, { method: 'POST' });
  }

  function removeRun(run) {
    if (run.source) run.source.close();
    fetch(`/api/runs/${run.id}`, { method: 'DELETE' });
    state.runs = state.runs.filter((r) => r !== run);
    if (run.element) run.element.remove();
    for (const [plot, suffix] of [['surface3d', '-3d'], ['contour', '-2d'], ['losses', '-loss']]) {
      const gd = $(plot);
      const index = traceIndex(gd, run.id + suffix);
      if (index >= 0) Plotly.deleteTraces(gd, index);
    }
  }

  async function copyCommand() {
    const runs = state.runs.length > 0 ? state.runs.map((r) => r.request) : [runRequest()];
    try {
      const answer = await post('/api/command', { runs });
      $('command').value = answer.command + (answer.note ? `\n# ${answer.note}` : '');
      if (navigator.clipboard) {
        try {
          await navigator.clipboard.writeText(answer.command);
          status('command copied');
        } catch {
          status('command below (the clipboard is not available here)');
        }
      }
    } catch (e) {
      status(e.message, true);
    }
  }

  function showOptions() {
    const optimizer = $('optimizer').value;
    for (const el of document.querySelectorAll('label.opt')) el.classList.toggle('hidden', !el.classList.contains(optimizer));
    const sched = $('schedule').value;
    for (const el of document.querySelectorAll('label.sched')) el.classList.toggle('hidden', !el.classList.contains(sched));
    $('lr').placeholder = optimizer === 'adam' || optimizer === 'adamw' ? '0.001' : '0.01';
  }

  function start() {
    $('draw').addEventListener('click', drawSurface);
    $('run').addEventListener('click', startRun);
    $('copy').addEventListener('click', copyCommand);
    $('replane').addEventListener('click', replane);
    $('optimizer').addEventListener('change', showOptions);
    $('schedule').addEventListener('change', showOptions);
    $('start-a').addEventListener('change', moveStart);
    $('start-b').addEventListener('change', moveStart);
    $('log').addEventListener('change', () => state.landscape && draw());
    $('surface').addEventListener('change', drawSurface);
    $('plane').addEventListener('change', () => {
      $('range-a').value = '';
      $('range-b').value = '';
      drawSurface();
    });
    showOptions();
    // plotly.js is loaded after the first surface has been painted, or failed to be.
    drawSurface().finally(() => plotly().catch((e) => status(e.message, true)));
    // The first run's stream reader, started while the user looks at the surface.
    state.drawing.finally(() => {
      if (typeof Worker !== 'undefined' && !state.spareWorker) state.spareWorker = new Worker('/stream.js');
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
