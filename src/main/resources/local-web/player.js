// The demo page's player. State for people and tests: #player[data-state] is idle, loading, playing, paused,
// ended, refused (a function said no) or error (the player failed); #player[data-error-code] and #error-code hold the
// code of the last failure; #log lists every step and every player error, fatal or not.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const box = $('player');
  const video = $('video');
  let hls = null;
  let session = 0;       // one per play; callbacks of an older play ignore themselves
  let failed = -1;       // the session that has already reported its failure
  let label = '';

  function setState(state, message) {
    box.dataset.state = state;
    $('state').textContent = state;
    if (message !== undefined) {
      $('message').textContent = message;
    }
  }

  function log(text) {
    const item = document.createElement('li');
    item.textContent = new Date().toISOString().slice(11, 23) + '  ' + text;
    const list = $('log');
    list.appendChild(item);
    while (list.children.length > 100) {
      list.removeChild(list.firstChild);
    }
    list.scrollTop = list.scrollHeight;
  }

  /** Ends the play: 'refused' when a function refused (code from its JSON), 'error' when the player failed. */
  function fail(my, state, code, detail) {
    if (my !== session || failed === my) {
      return;
    }
    failed = my;
    detach();
    box.dataset.errorCode = code;
    $('error-code').textContent = code;
    $('error-detail').textContent = '— ' + detail;
    $('failure').firstChild.textContent = state === 'refused' ? 'Refused: ' : 'Player error: ';
    $('failure').hidden = false;
    setState(state, state === 'refused' ? 'Playback of ' + label + ' refused.' : 'Playback of ' + label + ' failed.');
    log(state + ' ' + code + ': ' + detail);
  }

  function begin(what) {
    session++;
    detach();
    label = what;
    box.dataset.errorCode = '';
    $('failure').hidden = true;
    $('log').textContent = '';
    setState('loading', 'Preparing ' + what + '…');
    return session;
  }

  function detach() {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    if (video.getAttribute('src')) {
      video.removeAttribute('src');
      video.load();
    }
  }

  /** {status, body}: the JSON body (an error's always has a code), or {code: 'HTTP_<status>', message: <text>}. */
  async function call(method, path, body, bearer) {
    const headers = {};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (bearer) {
      headers.Authorization = 'Bearer ' + bearer;
    }
    const response = await fetch(path, {
      method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {status: response.status, body: errorOrJson(response.status, text)};
  }

  function errorOrJson(status, text) {
    try {
      const json = JSON.parse(text);
      if (json && typeof json === 'object') {
        if (status >= 400 && typeof json.code !== 'string') {
          json.code = 'HTTP_' + status;
        }
        return json;
      }
    } catch (e) {
      // not JSON: fall through
    }
    return {code: 'HTTP_' + status, message: String(text).slice(0, 200)};
  }

  async function playVideo(videoId) {
    const my = begin('video ' + videoId);
    const userId = $('user').value.trim();
    try {
      const info = await call('GET', '/videos/' + encodeURIComponent(videoId));
      if (my !== session) return;
      if (info.status !== 200) {
        return fail(my, 'refused', info.body.code, 'video status (HTTP ' + info.status + '): ' + info.body.message);
      }
      if (info.body.status !== 'Normal') {
        return fail(my, 'refused', 'VIDEO_NOT_PLAYABLE', 'the video is ' + info.body.status
            + (info.body.status === 'Transcoding' ? ' (' + info.body.progress + '%)' : '')
            + (info.body.reason ? ': ' + info.body.reason : '') + '; it plays once Normal');
      }
      if (info.body.title) {
        label = info.body.title;
      }
      setState('loading', 'Logging in as ' + userId + '…');
      const login = await call('POST', '/login', {userId});
      if (my !== session) return;
      if (login.status !== 200) {
        return fail(my, 'refused', login.body.code, 'login (HTTP ' + login.status + '): ' + login.body.message);
      }
      log('logged in as ' + userId);
      // playInfo: the video's HLS-encrypted streams as the (local) VOD lists them, each URL with the token on it
      const token = await call('POST', '/token', {videoId, playInfo: true}, login.body.loginToken);
      if (my !== session) return;
      if (token.status !== 200) {
        return fail(my, 'refused', token.body.code, 'token (HTTP ' + token.status + '): ' + token.body.message);
      }
      const streams = Array.isArray(token.body.playInfo) ? token.body.playInfo : [];
      const url = streams.length > 0 ? streams[0].url : token.body.playUrl;
      if (!url) {
        return fail(my, 'error', 'NO_PLAY_URL', 'the token response has no playInfo and no playUrl');
      }
      log('token ' + token.body.tokenId + ' for ' + userId + ': ' + token.body.maxUses + ' key fetches, expires '
          + token.body.expiresAt);
      log('play URL from ' + (streams.length > 0 ? 'playInfo (' + streams[0].definition + ')' : 'playUrl'));
      await attach(my, url);
    } catch (e) {
      fail(my, 'error', 'NETWORK_ERROR', e.message);
    }
  }

  async function playUrl(url) {
    let path = url;
    try {
      path = new URL(url, location.href).pathname;
    } catch (e) {
      // not a URL: hls.js will say so
    }
    const my = begin(path);
    try {
      await attach(my, url);
    } catch (e) {
      fail(my, 'error', 'NETWORK_ERROR', e.message);
    }
  }

  async function attach(my, url) {
    setState('loading', 'Loading ' + label + '…');
    if (window.Hls && Hls.isSupported()) {
      hls = new Hls();
      hls.on(Hls.Events.MANIFEST_PARSED, (event, data) => {
        log('playlist loaded: ' + data.levels.length + ' rendition(s)');
        start(my);
      });
      hls.on(Hls.Events.KEY_LOADED, () => log('key loaded'));
      hls.on(Hls.Events.ERROR, (event, data) => onHlsError(my, data));
      hls.loadSource(url);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      // Native HLS tells the page no HTTP status: ask for the playlist once to say why it would be refused.
      const playlist = await fetch(url, {cache: 'no-store'});
      if (my !== session) return;
      if (!playlist.ok) {
        const body = errorOrJson(playlist.status, await playlist.text());
        return fail(my, 'refused', body.code, 'playlist (HTTP ' + playlist.status + '): ' + body.message);
      }
      log('native HLS (no Media Source Extensions)');
      video.src = url;
      start(my);
    } else {
      fail(my, 'error', 'HLS_UNSUPPORTED', 'this browser has neither Media Source Extensions nor native HLS');
    }
  }

  function start(my) {
    video.play().catch((e) => {
      if (my !== session) return;
      if (e.name === 'NotAllowedError') {
        setState('paused', 'The browser blocked autoplay: press ▶ to start.');
        log('autoplay blocked: ' + e.message);
      } else if (e.name !== 'AbortError') {
        fail(my, 'error', 'PLAY_FAILED', e.name + ': ' + e.message);
      }
    });
  }

  const WHAT = {
    manifestLoadError: 'playlist', levelLoadError: 'playlist', audioTrackLoadError: 'playlist',
    keyLoadError: 'key', fragLoadError: 'segment',
  };

  function onHlsError(my, data) {
    if (my !== session) return;
    const status = data.response && data.response.code;
    const what = WHAT[data.details];
    if (what && status >= 400 && status < 500) {
      // A refusal of one of the functions (hls.js does not retry 4xx): its JSON says why.
      const body = errorOrJson(status, responseText(data.networkDetails));
      return fail(my, 'refused', body.code, what + ' (HTTP ' + status + ', hls.js ' + data.details + '): '
          + body.message);
    }
    const detail = data.type + ' ' + data.details + (status ? ' (HTTP ' + status + ')' : '')
        + (data.error && data.error.message ? ': ' + data.error.message : '') + (data.reason ? ': ' + data.reason : '');
    if (data.fatal) {
      return fail(my, 'error', data.details, detail);
    }
    log('hls.js error, recovering: ' + detail);
  }

  /** The body of the XMLHttpRequest hls.js hands over with a load error (text, or bytes for keys). */
  function responseText(xhr) {
    try {
      const r = xhr && xhr.response;
      return typeof r === 'string' ? r : r instanceof ArrayBuffer ? new TextDecoder().decode(r) : '';
    } catch (e) {
      return '';
    }
  }

  const MEDIA_ERRORS = {
    1: 'MEDIA_ERR_ABORTED', 2: 'MEDIA_ERR_NETWORK', 3: 'MEDIA_ERR_DECODE', 4: 'MEDIA_ERR_SRC_NOT_SUPPORTED',
  };

  video.addEventListener('playing', () => setState('playing', 'Playing ' + label + '.'));
  video.addEventListener('pause', () => {
    if (box.dataset.state === 'playing' && !video.ended) setState('paused', 'Paused.');
  });
  video.addEventListener('ended', () => {
    const q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    setState('ended', 'Played ' + label + ' to the end: ' + video.currentTime.toFixed(1) + ' s'
        + (q ? ', ' + q.totalVideoFrames + ' frames, ' + q.droppedVideoFrames + ' dropped' : '') + '.');
    log('ended at ' + video.currentTime.toFixed(2) + ' s of ' + video.duration.toFixed(2) + ' s');
  });
  video.addEventListener('error', () => {
    const e = video.error;
    if (!e || (box.dataset.state !== 'loading' && box.dataset.state !== 'playing' && box.dataset.state !== 'paused')) {
      return;
    }
    fail(session, 'error', MEDIA_ERRORS[e.code] || 'MEDIA_ERROR', e.message || 'the video element failed');
  });

  // A bug in this page must not leave the player silently "loading".
  function pageError(message) {
    if (box.dataset.state === 'loading' || box.dataset.state === 'playing' || box.dataset.state === 'paused') {
      fail(session, 'error', 'PAGE_ERROR', message);
    } else {
      log('page error: ' + message);
    }
  }
  window.addEventListener('error', (e) => pageError(e.message));
  window.addEventListener('unhandledrejection', (e) => pageError(String(e.reason && e.reason.message || e.reason)));

  // The video list: one row per video, updated in place so buttons stay put while it polls.
  const rows = new Map();

  function row(video) {
    let tr = rows.get(video.videoId);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.videoId = video.videoId;
      tr.innerHTML = '<td class="title"></td><td class="id"></td><td class="status"></td>'
          + '<td><button type="button" class="play">Play</button></td>';
      tr.querySelector('.play').addEventListener('click', () => playVideo(video.videoId));
      $('videos').tBodies[0].appendChild(tr);
      rows.set(video.videoId, tr);
    }
    tr.dataset.status = video.status;
    tr.querySelector('.title').textContent = video.title || '';
    tr.querySelector('.id').textContent = video.videoId;
    const status = tr.querySelector('.status');
    status.textContent = video.status + ' ';
    if (video.status === 'Transcoding') {
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = video.progress;
      status.append(bar, ' ' + video.progress + '%');
    } else if (video.reason) {
      const reason = document.createElement('span');
      reason.className = 'reason';
      reason.textContent = video.reason;
      status.append(reason);
    }
  }

  async function refreshVideos() {
    let busy = false;
    try {
      const list = await call('GET', '/videos');
      if (list.status !== 200) throw new Error(list.body.code + ': ' + list.body.message);
      list.body.videos.forEach(row);
      busy = list.body.videos.some((v) => v.status === 'Uploading' || v.status === 'Transcoding');
      $('videos-note').textContent = list.body.videos.length ? '' : 'No videos yet: upload one below.';
    } catch (e) {
      $('videos-note').textContent = 'Cannot list the videos: ' + e.message;
    }
    setTimeout(refreshVideos, busy ? 1000 : 3000);
  }

  $('upload').addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = $('upload-result');
    const file = $('file').files[0];
    if (!file) {
      out.textContent = 'Choose a file first.';
      return;
    }
    out.textContent = 'Uploading ' + file.name + ' (' + Math.ceil(file.size / 1024) + ' KiB)…';
    try {
      const response = await fetch('/upload?name=' + encodeURIComponent(file.name), {method: 'POST', body: file});
      const body = errorOrJson(response.status, await response.text());
      out.textContent = response.status === 202 ? 'Uploaded as ' + body.videoId + '; transcoding starts.'
          : 'Upload refused (HTTP ' + response.status + ' ' + body.code + '): ' + body.message;
    } catch (e) {
      out.textContent = 'Upload failed: ' + e.message;
    }
  });

  $('play-url').addEventListener('submit', (event) => {
    event.preventDefault();
    playUrl($('url').value.trim());
  });

  $('hls-version').textContent = window.Hls ? Hls.version : '(not loaded)';
  if (!window.Hls) {
    log('hls.js did not load; only native HLS can play');
  }
  refreshVideos();
})();
