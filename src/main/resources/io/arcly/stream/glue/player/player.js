// /player/?stream=live/cam[&token=...] plays /hls/live/cam/index.m3u8 of this server with hls.js
// in Low-Latency mode (or natively where the browser plays HLS itself). Only this server's
// streams: the page builds the URL from the stream key and never takes one from the query.
const params = new URLSearchParams(location.search);
const stream = params.get('stream') || 'live/cam';
const token = params.get('token');
const video = document.getElementById('video');
const status = document.getElementById('status');
// Read by the integration test through the DevTools protocol.
window.arclyStats = { state: 'loading', currentTime: 0, latency: null, pdtLatency: null,
                      errors: [] };
// Anything the Content-Security-Policy blocks shows among the errors.
document.addEventListener('securitypolicyviolation', e => {
  window.arclyStats.errors.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI);
});
// app/stream, each part 1-128 ASCII letters, digits and -_.~: (not '.' or '..'): the server's
// stream key rule.
const parts = stream.split('/');
const valid = parts.length === 2 && parts.every(p => /^[A-Za-z0-9._~:-]{1,128}$/.test(p) &&
    p !== '.' && p !== '..');
const src = valid
    ? '/hls/' + parts.map(encodeURIComponent).join('/') + '/index.m3u8' +
      (token ? '?token=' + encodeURIComponent(token) : '')
    : null;
let hls = null;
if (!valid) {
  window.arclyStats.state = 'bad stream key: expected ?stream=app/stream';
} else if (window.Hls && Hls.isSupported()) {
  hls = new Hls({ lowLatencyMode: true });
  hls.on(Hls.Events.ERROR, (event, data) => {
    window.arclyStats.errors.push(data.details + (data.fatal ? ' (fatal)' : ''));
  });
  hls.loadSource(src);
  hls.attachMedia(video);
} else if (video.canPlayType('application/vnd.apple.mpegurl')) {
  video.src = src;
} else {
  window.arclyStats.state = 'unsupported';
}
video.addEventListener('playing', () => { window.arclyStats.state = 'playing'; });
video.play().catch(() => {});
setInterval(() => {
  const s = window.arclyStats;
  s.currentTime = video.currentTime;
  if (hls) {
    s.latency = hls.latency;
    // Wall clock minus the program date time of the frame on screen.
    if (hls.playingDate) {
      s.pdtLatency = (Date.now() - hls.playingDate.getTime()) / 1000;
    }
  }
  status.textContent = stream + ': ' + s.state + ', t=' + s.currentTime.toFixed(1) + ' s' +
      (s.pdtLatency != null ? ', latency ' + s.pdtLatency.toFixed(2) + ' s' : '') +
      (s.errors.length ? ', errors: ' + s.errors.slice(-3).join(', ') : '');
}, 250);
