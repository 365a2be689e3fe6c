// movebook serve: live reload and the error overlay.
// Added to HTML pages by the preview server only; `movebook build` never writes it.
// The server decides what each page should do (the event's name); this script does it.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var server = me.dataset.server;
  var build = Number(me.dataset.build);
  var page = me.dataset.page;
  var overlay = null;
  var source = null;
  var delay = 250;

  function lists(changed, url) {
    return changed === null || changed.indexOf(url) !== -1;
  }

  function swapStylesheets(changed) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin === location.origin && lists(changed, url.pathname)) {
        url.searchParams.set("movebook", String(build));
        links[i].href = url.pathname + url.search;
      }
    }
  }

  function hideOverlay() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function showOverlay(errors) {
    hideOverlay();
    overlay = document.createElement("movebook-overlay");
    var root = overlay.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent =
      ":host{all:initial}" +
      ".backdrop{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.72);overflow:auto;font:15px/1.5 system-ui,sans-serif}" +
      ".panel{max-width:60rem;margin:3rem auto;padding:1.25rem 1.5rem;background:#fff;color:#1b1b1f;border-top:6px solid #c0262d;border-radius:6px;box-shadow:0 8px 32px rgba(0,0,0,.4)}" +
      "h2{margin:0 0 .25rem;font-size:1.25rem;color:#a31d23}" +
      "p{margin:.25rem 0 1rem;color:#44444c}" +
      "pre{margin:0 0 .75rem;padding:.75rem 1rem;background:#f6f6f8;border-left:4px solid #c0262d;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}" +
      "pre.warning{border-left-color:#b8860b}" +
      "button{float:right;font:inherit;font-size:1.25rem;line-height:1;border:0;background:none;cursor:pointer;color:#44444c}" +
      "button:focus-visible{outline:3px solid #1a5fb4}";
    var backdrop = document.createElement("div");
    backdrop.className = "backdrop";
    backdrop.setAttribute("role", "alertdialog");
    backdrop.setAttribute("aria-label", "movebook: the site has errors");
    var panel = document.createElement("div");
    panel.className = "panel";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", "Hide until the next change");
    close.addEventListener("click", hideOverlay);
    var title = document.createElement("h2");
    title.textContent = "movebook: " + errors.summary;
    var note = document.createElement("p");
    note.textContent =
      "This page shows the last good build. Fix the problems below and it reloads by itself.";
    panel.appendChild(close);
    panel.appendChild(title);
    panel.appendChild(note);
    errors.diagnostics.forEach(function (text) {
      var pre = document.createElement("pre");
      if (/^[^\n]*: warning\[/.test(text)) pre.className = "warning";
      pre.textContent = text;
      panel.appendChild(pre);
    });
    backdrop.appendChild(panel);
    root.appendChild(style);
    root.appendChild(backdrop);
    document.documentElement.appendChild(overlay);
  }

  function on(name, handler) {
    source.addEventListener(name, function (e) {
      delay = 250;
      handler(JSON.parse(e.data));
    });
  }

  function connect() {
    source = new EventSource(
      "/__movebook/events?server=" + encodeURIComponent(server) + "&build=" + build
    );
    on("hello", function () {});
    on("unchanged", function () {});
    on("errors", function (d) {
      showOverlay(d.errors);
    });
    on("ok", function () {
      hideOverlay();
      location.reload();
    });
    on("reload", function (d) {
      if (overlay || lists(d.changed, page)) {
        hideOverlay();
        location.reload();
      } else {
        build = d.build;
      }
    });
    on("css", function (d) {
      build = d.build;
      swapStylesheets(d.changed);
    });
    source.onerror = function () {
      // The server stopped or restarted: reconnect, telling it which build we show.
      source.close();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }

  connect();
})();
