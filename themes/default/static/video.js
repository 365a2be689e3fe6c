// Hosted videos (YouTube, Vimeo) load only when the reader asks. Until then the page shows
// our own poster (never the host's thumbnail) and a link to the video's page, and makes no
// request to the host. A click replaces the facade with the player, from the host's
// privacy-enhanced address (youtube-nocookie.com, Vimeo with do-not-track). Without
// JavaScript the link opens the video on its site.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest('.video-facade .video-play') : null;
    if (!link) return;
    var facade = link.closest('.video-facade');
    var src = facade && facade.getAttribute('data-embed');
    if (!src || !/^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//.test(src)) return;
    event.preventDefault();
    var frame = document.createElement('iframe');
    frame.src = src;
    frame.title = facade.getAttribute('data-title') || 'Video';
    frame.setAttribute('allow', 'autoplay; encrypted-media; picture-in-picture; fullscreen');
    frame.setAttribute('allowfullscreen', '');
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    while (facade.firstChild) facade.removeChild(facade.firstChild);
    facade.appendChild(frame);
    facade.classList.add('playing');
    frame.focus();
  });
})();
