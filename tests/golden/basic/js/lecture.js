// Lecture pages: time links seek the player, the paragraph being said is highlighted, and the
// transcript view (side by side, translation, original) is remembered. The page works without it.
(function () {
  "use strict";
  var transcript = document.querySelector(".transcript");
  if (!transcript) return;

  var VIEW_KEY = "site_builder.transcript.view";
  var radios = transcript.querySelectorAll('input[name="view"]');
  var saved = null;
  try { saved = window.localStorage.getItem(VIEW_KEY); } catch (e) { /* storage disabled */ }
  radios.forEach(function (radio) {
    if (radio.value === saved) radio.checked = true;
    radio.addEventListener("change", function () {
      try { window.localStorage.setItem(VIEW_KEY, radio.value); } catch (e) { /* storage disabled */ }
    });
  });

  var rows = Array.prototype.slice.call(transcript.querySelectorAll(".row[data-start]"));
  var starts = rows.map(function (row) { return Number(row.dataset.start); });
  var current = null;

  function highlight(seconds) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {  // the last paragraph starting at or before `seconds`
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= seconds) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    var row = found >= 0 ? rows[found] : null;
    if (row === current) return;
    if (current) { current.classList.remove("current"); current.removeAttribute("aria-current"); }
    current = row;
    if (!row) return;
    row.classList.add("current");
    row.setAttribute("aria-current", "true");
    var box = row.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) row.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  var player = document.getElementById("player");
  var seek = null;
  if (player && player.tagName === "VIDEO") {
    seek = function (seconds) {
      player.currentTime = seconds;
      var playing = player.play();
      if (playing && playing.catch) playing.catch(function () { /* autoplay refused: stay paused */ });
    };
    player.addEventListener("timeupdate", function () { highlight(player.currentTime); });
  } else if (player && player.tagName === "IFRAME") {
    // The YouTube player's postMessage protocol: no API script to load.
    var send = function (message) {
      player.contentWindow.postMessage(JSON.stringify(message), "https://www.youtube-nocookie.com");
    };
    seek = function (seconds) {
      send({ event: "command", func: "seekTo", args: [seconds, true] });
      send({ event: "command", func: "playVideo", args: [] });
    };
    player.addEventListener("load", function () { send({ event: "listening", id: player.id }); });
    window.addEventListener("message", function (event) {
      if (event.source !== player.contentWindow || typeof event.data !== "string") return;
      try {
        var data = JSON.parse(event.data);
        if (data.info && typeof data.info.currentTime === "number") highlight(data.info.currentTime);
      } catch (e) { /* not the player's message */ }
    });
  }

  // #t=SECONDS (a search result's link): that paragraph, and the video there.
  function fromHash() {
    var m = /^#t=(\d+)$/.exec(window.location.hash);
    if (!m) return;
    var seconds = Number(m[1]);
    highlight(seconds);
    if (!seek) return;
    if (player.tagName === "IFRAME") player.addEventListener("load", function () { seek(seconds); });
    else seek(seconds);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  transcript.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-seek]") : null;
    if (!link || !seek || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var seconds = Number(link.dataset.seek);
    seek(seconds);
    highlight(seconds);
  });
})();
