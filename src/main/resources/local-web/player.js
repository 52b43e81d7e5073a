// The demo page's player. State for people and tests: #player[data-state] is idle, loading, playing, paused,
// ended, refused (a function said no) or error (the player failed); #player[data-error-code] and #error-code hold the
// code of the last failure; #log lists every step and every player error, fatal or not.
//
// Two engines: hls.js (default) and video.js with VHS (#engine, or ?player=vhs), both served by the stack. A play
// started here keeps its token fresh: every request carries the play's current token, and a TOKEN_EXPIRED answer
// makes the page refresh it (POST /refresh; past the session's cap, a new one from POST /token) and retry.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const box = $('player');
  const video = $('video');
  const TOKEN = 'MtsHlsUriToken';
  let hls = null;
  let vjs = null;        // the video.js player of the current play, if the engine is VHS
  let session = 0;       // one per play; callbacks of an older play ignore themselves
  let failed = -1;       // the session that has already reported its failure
  let label = '';
  let auth = null;       // {loginToken, token, videoId} of a play started here; null for a pasted URL
  let refreshing = null; // the refresh in flight, shared by every request that needs it

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

  /**
   * This browser's device id for /token: one slot of the viewer's streams per screen, so replaying or switching
   * videos here replaces this browser's token instead of taking another slot (docs/viewer-tokens.md).
   */
  function deviceId() {
    const name = 'vodhls-demo-device';
    let id = null;
    try {
      id = window.localStorage.getItem(name);
    } catch (e) {
      // storage disabled: a fresh id for this page
    }
    if (!id || !/^[A-Za-z0-9._:-]{1,64}$/.test(id)) {
      id = 'web-' + Math.random().toString(36).slice(2, 14);
      try {
        window.localStorage.setItem(name, id);
      } catch (e) {
        // kept for this page only
      }
    }
    return id;
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
    auth = null;
    if (hls) {
      hls.destroy();
      hls = null;
    }
    if (vjs) {
      vjs.dispose();
      vjs = null;
      video.hidden = false;
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
      const token = await call('POST', '/token', {videoId, device: deviceId(), playInfo: true}, login.body.loginToken);
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
      auth = {loginToken: login.body.loginToken, token: token.body.token, videoId};
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

  /** The page's choice of engine: ?player=vhs|hls, else the #engine selector. */
  function engine() {
    const asked = new URLSearchParams(location.search).get('player');
    return asked === 'vhs' || asked === 'hls' ? asked : $('engine').value;
  }
  async function attach(my, url) {
    setState('loading', 'Loading ' + label + '…');
    if (engine() === 'vhs') {
      await loadVideoJs();
      if (my !== session) return;
      return attachVhs(my, url);
    }
    if (window.Hls && Hls.isSupported()) {
      hls = new Hls({loader: refreshingLoader(my), xhrSetup: (xhr, requested) => {
        xhr.open('GET', withCurrentToken(requested), true);
      }});
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
  // Keeping a play's token fresh ---------------------------------------------------------------------------------
  /** The URL with the play's current token in place of the one it carries (URLs without a token unchanged). */
  function withCurrentToken(url) {
    if (!auth) return url;
    return url.replace(new RegExp('([?&]' + TOKEN + '=)[^&#]*'), '$1' + encodeURIComponent(auth.token));
  }
  function tokenIn(url) {
    const m = new RegExp('[?&]' + TOKEN + '=([^&#]*)').exec(url || '');
    return m ? decodeURIComponent(m[1]) : null;
  }
  /**
   * True when a refusal says the play's current token expired and its session is idle: then a fresh token of the
   * same session helps (a refusal of an older token already replaced does not ask for another refresh).
   */
  function isExpiry(status, body, url) {
    return auth !== null && status === 403 && body.code === 'TOKEN_EXPIRED' && tokenIn(url) === auth.token;
  }
  /** POST /refresh (past the session's cap, POST /token: a new entitlement decision); one at a time. */
  function refreshToken(my) {
    if (!refreshing) {
      refreshing = (async () => {
        let r = await call('POST', '/refresh', {token: auth.token}, auth.loginToken);
        if (r.status === 403 && (r.body.code === 'TOKEN_SESSION_ENDED' || r.body.code === 'TOKEN_EXPIRED')) {
          log('the play session cannot be refreshed (' + r.body.code + '): asking for a new token');
          r = await call('POST', '/token', {videoId: auth.videoId, device: deviceId()}, auth.loginToken);
        }
        if (my !== session) return;
        if (r.status !== 200) {
          fail(my, 'refused', r.body.code, 'token refresh (HTTP ' + r.status + '): ' + r.body.message);
          return;
        }
        auth.token = r.body.token;
        log('token refreshed: expires ' + r.body.expiresAt);
      })().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }
  /**
   * hls.js's loader, retrying once with a refreshed token when the function answers TOKEN_EXPIRED (hls.js itself
   * never retries a 4xx); the xhrSetup hook puts the current token on every request, the retry's included.
   */
  function refreshingLoader(my) {
    const Base = Hls.DefaultConfig.loader;
    return class extends Base {
      load(context, config, callbacks) {
        const loader = this;
        let refreshed = false;
        super.load(context, config, Object.assign({}, callbacks, {
          onError(error, ctx, xhr, stats) {
            if (!refreshed && my === session
                && isExpiry(error.code, errorOrJson(error.code, responseText(xhr)), xhr && xhr.responseURL)) {
              refreshed = true;
              log(WHAT_URL(ctx.url) + ' answered TOKEN_EXPIRED: refreshing the token');
              refreshToken(my).then(() => {
                if (my === session && auth) loader.loadInternal();
              });
              return;
            }
            callbacks.onError(error, ctx, xhr, stats);
          },
        }));
      }
    };
  }
  function WHAT_URL(url) {
    return /[?&]Ciphertext=/.test(url) ? 'the key' : /\.m3u8/.test(url) ? 'a playlist' : 'a request';
  }
  // video.js (VHS) ----------------------------------------------------------------------------------------------
  function loadVideoJs() {
    if (window.videojs) return Promise.resolve();
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/assets/video-js.min.css';
    document.head.appendChild(css);
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/assets/video.min.js';
      script.onload = () => {
        log('video.js ' + videojs.VERSION + ' loaded');
        resolve();
      };
      script.onerror = () => reject(new Error('video.js did not load'));
      document.head.appendChild(script);
    });
  }
  /**
   * VHS at its default settings (it asks for the key of every segment, which the browser's HTTP cache answers for
   * the key's max-age). Every request goes out with the play's current token; a TOKEN_EXPIRED answer starts a
   * refresh, and VHS's own retry of the key then carries the fresh token. A refusal that no refresh cures
   * (revoked, uses spent, not entitled) ends a play started here; a pasted URL's player keeps retrying, as a plain
   * VHS player would.
   */
  function attachVhs(my, url) {
    const send = function (options, callback) {
      return videojs.xhr(options, (error, response) => {
        const status = response && response.statusCode;
        if (my === session && status >= 400 && status < 500) {
          const body = errorOrJson(status, bodyText(response.body));
          const what = WHAT_URL(options.uri);
          if (isExpiry(status, body, options.uri)) {
            log(what + ' answered TOKEN_EXPIRED: refreshing the token');
            refreshToken(my);
          } else if (auth && GIVE_UP.has(body.code)) {
            setTimeout(() => fail(my, 'refused', body.code, what + ' (HTTP ' + status + ', VHS): ' + body.message));
          } else {
            log('VHS: ' + what + ' refused (HTTP ' + status + ' ' + body.code + ')');
          }
        }
        callback(error, response);
      });
    };
    send.beforeRequest = (options) => {
      options.uri = withCurrentToken(options.uri);
      return options;
    };
    videojs.Vhs.xhr = send;
    const element = document.createElement('video');
    element.className = 'video-js';
    element.controls = true;
    element.setAttribute('playsinline', '');
    video.hidden = true;
    video.after(element);
    vjs = videojs(element, {fluid: true, html5: {vhs: {overrideNative: true}}});
    vjs.on('loadedmetadata', () => {
      log('VHS: playlist loaded');
      start(my);
    });
    vjs.on('playing', onPlaying);
    vjs.on('pause', onPause);
    vjs.on('ended', onEnded);
    vjs.on('error', () => {
      const e = vjs && vjs.error();
      if (e) fail(my, 'error', MEDIA_ERRORS[e.code] || 'MEDIA_ERROR', 'VHS: ' + e.message);
    });
    vjs.src({src: url, type: 'application/x-mpegURL'});
  }
  const GIVE_UP = new Set(['TOKEN_REVOKED', 'TOKEN_USES_EXHAUSTED', 'ENTITLEMENT_DENIED', 'TOKEN_NOT_FOR_VIDEO',
    'CIPHERTEXT_NOT_FOR_VIDEO', 'TOKEN_UNKNOWN', 'TOKEN_BAD_SIGNATURE']);
  function bodyText(body) {
    return typeof body === 'string' ? body : body instanceof ArrayBuffer ? new TextDecoder().decode(body) : '';
  }
  /** The media element playing now: video.js's, or the page's own. */
  function media() {
    return vjs ? vjs.tech({IWillNotUseThisInPlugins: true}).el() : video;
  }
  // For people in the console and for the browser tests: the media element of the current play.
  window.demoPlayer = {media};
  function start(my) {
    Promise.resolve(vjs ? vjs.play() : video.play()).catch((e) => {
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

  function onPlaying() {
    setState('playing', 'Playing ' + label + '.');
  }
  function onPause() {
    if (box.dataset.state === 'playing' && !media().ended) setState('paused', 'Paused.');
  }
  function onEnded() {
    const m = media();
    const q = m.getVideoPlaybackQuality ? m.getVideoPlaybackQuality() : null;
    setState('ended', 'Played ' + label + ' to the end: ' + m.currentTime.toFixed(1) + ' s'
        + (q ? ', ' + q.totalVideoFrames + ' frames, ' + q.droppedVideoFrames + ' dropped' : '') + '.');
    log('ended at ' + m.currentTime.toFixed(2) + ' s of ' + m.duration.toFixed(2) + ' s');
  }
  video.addEventListener('playing', onPlaying);
  video.addEventListener('pause', onPause);
  video.addEventListener('ended', onEnded);
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
  const asked = new URLSearchParams(location.search).get('player');
  if (asked === 'vhs' || asked === 'hls') {
    $('engine').value = asked;
  }
  if (!window.Hls) {
    log('hls.js did not load; only native HLS can play');
  }
  refreshVideos();
})();
