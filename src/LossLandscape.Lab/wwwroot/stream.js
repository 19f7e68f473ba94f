// Reads one run's event stream in a worker, off the page's main thread: plotly redraws the views there for tens to
// hundreds of milliseconds at a time (software WebGL above all), and an EventSource on that thread delivers nothing
// meanwhile. Each record is parsed and stamped `arrived` (wall clock, ms since 1970) here, when it reaches the page,
// then handed to lab.js, which draws it when its thread is free.
'use strict';

self.onmessage = (message) => {
  if (typeof EventSource === 'undefined') {
    self.postMessage({ type: 'unsupported' }); // lab.js then reads the stream itself
    return;
  }
  const source = new EventSource(message.data);
  source.addEventListener('record', (e) => {
    const arrived = Date.now();
    self.postMessage({ type: 'record', record: JSON.parse(e.data), arrived });
  });
  source.addEventListener('done', (e) => {
    source.close();
    self.postMessage({ type: 'done', done: JSON.parse(e.data) });
  });
  source.onerror = () => {
    source.close();
    self.postMessage({ type: 'error' });
  };
};
