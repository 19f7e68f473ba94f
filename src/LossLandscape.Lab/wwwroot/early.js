// Asks for the default surface while plotly.js (4.6 MB) is still loading: the server computes while the browser parses,
// and lab.js takes this answer for its first drawing when its request is the default one ({}), as it is on a fresh page.
'use strict';

window.labEarlySurface = fetch('/api/surface', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
  .then(async (response) => ({ response, json: await response.json() }));
// Handled here, so a failure is not an unhandled rejection; lab.js then asks again.
window.labEarlySurface.catch(() => {});
