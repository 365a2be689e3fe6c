// movebook serve: the preview keeps no offline copy. This replaces the script that
// registers the service worker, and removes any service worker and saved pages an earlier
// build left on this address, so that the preview always shows the files being edited.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) return;
  var controlled = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.getRegistrations()
    .then(function (regs) { return Promise.all(regs.map(function (r) { return r.unregister(); })); })
    .then(function () {
      if (!window.caches) return null;
      return caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf('movebook:') === 0; })
          .map(function (k) { return caches.delete(k); }));
      });
    })
    .then(function () {
      // This page still came through the old worker: load it again without it (once).
      var key = 'movebook-serve-unregistered';
      if (controlled && !sessionStorage.getItem(key)) {
        sessionStorage.setItem(key, '1');
        location.reload();
      }
    })
    .catch(function () {});
})();
