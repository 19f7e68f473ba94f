// The first picture of the surface, painted by the page's own small code before plotly.js (4.6 MB) has been parsed:
// the contour view's z values as a coloured image on a canvas, in plotly's Viridis scale over the same [min, max] as the
// contour's heatmap colouring, with the same axes ranges and titles. lab.js lays it over the contour view and removes
// it once plotly's interactive contour has been drawn there.
'use strict';

window.labPreview = (function () {
  // plotly.js's Viridis colour scale (its stops, copied from the bundle the page loads).
  const viridis = [[0, '#440154'], [0.06274509803921569, '#48186a'], [0.12549019607843137, '#472d7b'], [0.18823529411764706, '#424086'],
    [0.25098039215686274, '#3b528b'], [0.3137254901960784, '#33638d'], [0.3764705882352941, '#2c728e'], [0.4392156862745098, '#26828e'],
    [0.5019607843137255, '#21918c'], [0.5647058823529412, '#1fa088'], [0.6274509803921569, '#28ae80'], [0.6901960784313725, '#3fbc73'],
    [0.7529411764705882, '#5ec962'], [0.8156862745098039, '#84d44b'], [0.8784313725490196, '#addc30'], [0.9411764705882353, '#d8e219'], [1, '#fde725']]
    .map(([t, hex]) => [t, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]);
  const font = '12px "Open Sans", verdana, arial, sans-serif';
  const ink = '#444';

  // The colour of fraction t in [0, 1], interpolated linearly in RGB between the scale's stops (as plotly does).
  function colour(t) {
    let k = 1;
    while (k < viridis.length - 1 && viridis[k][0] < t) k++;
    const [t0, r0, g0, b0] = viridis[k - 1];
    const [t1, r1, g1, b1] = viridis[k];
    const u = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 0;
    return [Math.round(r0 + u * (r1 - r0)), Math.round(g0 + u * (g1 - g0)), Math.round(b0 + u * (b1 - b0))];
  }

  // Round steps (1, 2 or 5 times a power of ten) giving about `count` ticks over [lo, hi].
  function ticks(lo, hi, count) {
    const raw = (hi - lo) / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
    const out = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return { values: out, digits: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
  }

  // As plotly writes tick labels: no trailing zeros, a true minus sign.
  function label(v, digits) {
    return String(Number(v.toFixed(digits))).replace('-', '\u2212');
  }

  // Paints `surface` ({ x, y, z: z[row][column] at (x[column], y[row]), nulls allowed, xTitle, yTitle, zTitle, title,
  // start: [a, b] }) on a canvas laid over `element`; returns the canvas and the image of the grid (one pixel a point).
  function paint(element, surface) {
    const { x, y, z } = surface;
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of z) {
      for (const v of row) {
        if (v === null || !Number.isFinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    const span = hi > lo ? hi - lo : 1;
    const grid = document.createElement('canvas');
    grid.width = x.length;
    grid.height = y.length;
    const image = grid.getContext('2d').createImageData(x.length, y.length);
    for (let row = 0; row < y.length; row++) {
      for (let column = 0; column < x.length; column++) {
        const v = z[row][column];
        const at = 4 * ((y.length - 1 - row) * x.length + column); // y grows upwards, image rows downwards
        if (v === null || !Number.isFinite(v)) continue; // transparent, as plotly leaves a gap
        const [r, g, b] = colour((v - lo) / span);
        image.data[at] = r;
        image.data[at + 1] = g;
        image.data[at + 2] = b;
        image.data[at + 3] = 255;
      }
    }
    grid.getContext('2d').putImageData(image, 0, 0);

    const width = element.clientWidth;
    const height = element.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.className = 'preview';
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, height);
    // The contour view's plot area as plotly lays it out (margins l 50, t 30, b 45 in lab.js, and the room its colour
    // bar takes on the right; matched on a screenshot of both).
    const box = { l: 50, t: 30, r: width - 88, b: height - 42 };
    // Grid points at pixel centres: the image from the first point's centre to the last's fills the axes' ranges,
    // smoothed bilinearly between points (plotly's contour colouring is smooth too).
    g.imageSmoothingEnabled = true;
    g.drawImage(grid, 0.5, 0.5, x.length - 1, y.length - 1, box.l, box.t, box.r - box.l, box.b - box.t);

    const px = (a) => box.l + ((a - x[0]) / (x[x.length - 1] - x[0])) * (box.r - box.l);
    const py = (b) => box.b - ((b - y[0]) / (y[y.length - 1] - y[0])) * (box.b - box.t);
    g.font = font;
    g.fillStyle = ink;
    g.strokeStyle = ink;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const xt = ticks(x[0], x[x.length - 1], Math.max(2, Math.floor((box.r - box.l) / 80)));
    for (const v of xt.values) g.fillText(label(v, xt.digits), px(v), box.b + 4);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    const yt = ticks(y[0], y[y.length - 1], Math.max(2, Math.floor((box.b - box.t) / 40)));
    for (const v of yt.values) g.fillText(label(v, yt.digits), box.l - 4, py(v));
    g.font = font.replace('12px', '14px');
    g.textAlign = 'center';
    g.textBaseline = 'bottom';
    g.fillText(surface.xTitle, (box.l + box.r) / 2, height - 4);
    g.save();
    g.translate(14, (box.t + box.b) / 2);
    g.rotate(-Math.PI / 2);
    g.textBaseline = 'middle';
    g.fillText(surface.yTitle, 0, 0);
    g.restore();
    g.font = font.replace('12px', '13px');
    g.textAlign = 'left';
    g.textBaseline = 'middle';
    g.fillText(surface.title, width * 0.02, 11);

    // The colour bar: the same scale from the surface's minimum (bottom) to its maximum (top), with its title above.
    const bar = { l: box.r + 12, r: box.r + 24, t: box.t + 30, b: box.b };
    const gradient = g.createLinearGradient(0, bar.b, 0, bar.t);
    for (const [t, r, gg, b] of viridis) gradient.addColorStop(t, `rgb(${r},${gg},${b})`);
    g.fillStyle = gradient;
    g.fillRect(bar.l, bar.t, bar.r - bar.l, bar.b - bar.t);
    g.fillStyle = ink;
    g.font = font;
    g.textAlign = 'left';
    g.textBaseline = 'bottom';
    g.fillText(surface.zTitle, bar.l, bar.t - 3);
    g.textBaseline = 'middle';
    const zt = ticks(lo, hi, Math.max(2, Math.floor((bar.b - bar.t) / 40)));
    for (const v of zt.values) g.fillText(label(v, zt.digits), bar.r + 3, bar.b - ((v - lo) / span) * (bar.b - bar.t));

    // The start, drawn as the contour view draws it (a white x outlined in black).
    if (surface.start && surface.start.every(Number.isFinite)) {
      const [sx, sy] = [px(surface.start[0]), py(surface.start[1])];
      for (const [style, w] of [['#000', 5], ['#fff', 2.5]]) {
        g.strokeStyle = style;
        g.lineWidth = w;
        g.beginPath();
        g.moveTo(sx - 6, sy - 6);
        g.lineTo(sx + 6, sy + 6);
        g.moveTo(sx + 6, sy - 6);
        g.lineTo(sx - 6, sy + 6);
        g.stroke();
      }
    }

    element.append(canvas);
    return { canvas, grid, min: lo, max: hi };
  }

  return { paint, colour };
})();
