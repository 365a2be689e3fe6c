// movebook: registers the service worker that keeps this site readable offline (sw.js,
// beside this file). Written by `movebook build`; turn it off with `[offline] enabled = false`.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !document.currentScript) return;
  var base = new URL('./', document.currentScript.src);
  function register() {
    navigator.serviceWorker.register(new URL('sw.js', base).href, { scope: base.pathname })
      .catch(function () { /* no offline copy (a private window, storage full): the site works as usual */ });
  }
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
})();
