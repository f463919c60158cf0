// Note pages: the table of contents beside the text marks the section being read. Without this
// script it is a plain list of links; nothing else depends on it.
(function () {
  "use strict";
  var toc = document.querySelector(".toc");
  if (!toc || !("IntersectionObserver" in window)) return;

  var links = Array.prototype.slice.call(toc.querySelectorAll('a[href^="#"]'));
  var headings = [], byHeading = new Map();
  links.forEach(function (link) {
    var heading = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (heading) { headings.push(heading); byHeading.set(heading, link); }
  });
  if (!headings.length) return;
  var current = null;

  function mark(link) {
    if (link === current) return;
    if (current) { current.classList.remove("active"); current.removeAttribute("aria-current"); }
    current = link;
    if (!link) return;
    link.classList.add("active");
    link.setAttribute("aria-current", "location");
    // keep the marked entry visible inside a long table of contents (without scrolling the page)
    var box = toc.getBoundingClientRect(), own = link.getBoundingClientRect();
    if (own.top < box.top || own.bottom > box.bottom) toc.scrollTop += own.top - box.top - box.height / 3;
  }

  // The section being read: the last heading above the top third of the window; once scrolled to
  // the end of the page (a short last section never gets there), the last heading on screen.
  function update() {
    var line = window.innerHeight / 3, found = null;
    var atEnd = window.scrollY > 0 &&  // scrolled to the end (a page that fits the window is never "at the end")
      window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    for (var i = 0; i < headings.length; i++) {
      var top = headings[i].getBoundingClientRect().top;
      if (top <= line || (atEnd && top < window.innerHeight)) found = headings[i]; else if (!atEnd) break;
    }
    mark(found ? byHeading.get(found) : null);
  }

  // Headings crossing the top third, and the page's end coming into view, are when it can change.
  var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -66% 0px" });
  headings.forEach(function (heading) { observer.observe(heading); });
  var end = document.querySelector(".site-footer");
  if (end) new IntersectionObserver(update).observe(end);
  window.addEventListener("hashchange", update);
  // A smooth scroll (the theme's, unless the reader asks for less motion) may end between two
  // crossings: the last frame of any scroll is looked at too, once per frame at most.
  var queued = false;
  window.addEventListener("scroll", function () {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () { queued = false; update(); });
  }, { passive: true });
  update();
})();
