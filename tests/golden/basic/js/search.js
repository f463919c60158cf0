// The search box in the header, and window.siteSearch(query, {lang, all}) for other interfaces.
// It reads the site's Pagefind bundles (pagefind/<lang>/, made by the build) and stems a Korean
// query with the rules the index was made with (pagefind/korean.json: glossary/korean.py's), so
// 역전파를 finds 역전파는. The page stays whole without JavaScript: the box is shown by this script.
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box) return;
  var BUNDLES = box.dataset.bundles;  // href of pagefind/
  var BASE = box.dataset.base;  // the site's href root, for result URLs
  var PAGE_LANG = box.dataset.lang;
  var LANGS = (box.dataset.langs || PAGE_LANG).split(" ");
  var NAMES = JSON.parse(box.dataset.names || "{}");  // language code -> its name
  var HANGUL = /[\uac00-\ud7a3]/;
  var OPEN = "\u27e6", CLOSE = "\u27e7";  // around the index's search-only tokens

  // --- the Korean stem: glossary/korean.py's `stem`, from the same rules -----------------------
  var korean = null;
  function koreanRules() {
    if (!korean) {
      korean = fetch(BUNDLES + "korean.json").then(function (r) { return r.json(); }).then(function (rules) {
        var tails = new Set(), particles = rules.particles;
        particles.forEach(function (a) {
          tails.add(a);
          particles.forEach(function (b) { tails.add(a + b); });
        });
        Object.keys(rules.stems).forEach(function (stem) {
          rules.stems[stem].forEach(function (ending) {
            var form = stem + ending;
            tails.add(form);
            var ends = function (list) { return list.some(function (e) { return form.endsWith(e); }); };
            if (ends(rules.takes_particle)) particles.forEach(function (p) { tails.add(form + p); });
            else if (ends(rules.takes_topic)) rules.topic.forEach(function (p) { tails.add(form + p); });
          });
        });
        var longest = 0;
        tails.forEach(function (t) { longest = Math.max(longest, Array.from(t).length); });
        return { tails: tails, longest: longest };
      });
    }
    return korean;
  }

  function stem(word, rules) {
    var chars = Array.from(word), n = chars.length, found = word;
    for (var k = n - 1; k > Math.max(0, n - 1 - rules.longest); k--) {
      if (rules.tails.has(chars.slice(k).join(""))) found = chars.slice(0, k).join("");
    }
    return found;
  }

  function normalise(query, rules) {
    var words = query.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];
    return words.map(function (w) { return HANGUL.test(w) ? stem(w, rules) : w; }).join(" ");
  }

  // --- Pagefind: the page's language, the others merged in when asked --------------------------
  var engines = {}, generation = 0;
  function engine(lang, all) {
    var key = lang + (all ? "+" : "");
    if (!engines[key]) {
      // A module instance per (language, merged or not, index): the URL's query tells them apart.
      var query = "?" + (all ? "all&" : "") + "index=" + generation;
      engines[key] = import(BUNDLES + lang + "/pagefind.js" + query).then(function (pf) {
        return pf.options({ baseUrl: BASE, excerptLength: 24 }).then(function () {
          if (!all) return pf;
          return Promise.all(LANGS.filter(function (l) { return l !== lang; }).map(function (l) {
            return pf.mergeIndex(BUNDLES + l + "/", { baseUrl: BASE });
          })).then(function () { return pf; });
        });
      });
    }
    return engines[key];
  }

  // Pagefind's excerpt, without the ⟦…⟧ groups the reader never sees: a hit inside one marks the
  // word it stands beside. Only <mark> is kept of the markup (the text itself comes escaped).
  function excerpt(html) {
    var words = html.replace(/<(?!\/?mark>)[^>]*>/g, "").split(/\s+/), out = [], open = false, hit = false;
    var plain = function (w) { return w.replace(/<\/?mark>/g, ""); };
    var firstOpen = words.findIndex(function (w) { return plain(w).indexOf(OPEN) >= 0; });
    var firstClose = words.findIndex(function (w) { return plain(w).indexOf(CLOSE) >= 0; });
    var start = firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen) ? firstClose + 1 : 0;  // cut group
    for (var i = start; i < words.length; i++) {
      var w = words[i], p = plain(w);
      if (!open && p.charAt(0) === OPEN) { open = true; hit = false; }
      if (!open) { if (w) out.push(w); continue; }
      hit = hit || w.indexOf("<mark>") >= 0;
      var close = p.indexOf(CLOSE);
      if (close < 0) continue;
      open = false;
      if (!out.length) continue;
      var last = out.length - 1;
      if (hit && out[last].indexOf("<mark>") < 0) out[last] = "<mark>" + out[last] + "</mark>";
      out[last] += p.slice(close + 1);  // punctuation after the word
    }
    return out.join(" ");
  }

  function weight(sub) {
    var found = sub.weighted_locations;
    if (!found || !found.length) return (sub.locations || []).length;
    return found.reduce(function (sum, l) { return sum + (l.balanced_score || l.weight || 1); }, 0);
  }

  function row(data) {
    var subs = data.sub_results || [], best = null;
    subs.forEach(function (s) { if (!best || weight(s) > weight(best)) best = s; });
    best = best || { url: data.url, title: data.meta.title, excerpt: data.excerpt };
    var section = best.url !== data.url ? best.title.replace(/\s*\u27e6[^\u27e7]*\u27e7/g, "") : "";
    return { url: best.url, title: data.meta.title, section: section, excerpt: excerpt(best.excerpt || ""),
             lang: data.meta.lang || "", kind: data.meta.kind || "note" };
  }

  // The documented entry: results in order, each {url, title, section, excerpt} (and lang, kind).
  window.siteSearch = function (query, options) {
    options = options || {};
    var lang = options.lang || PAGE_LANG, all = !!options.all;
    return Promise.all([koreanRules(), engine(lang, all)]).then(function (both) {
      var term = normalise(String(query || ""), both[0]);
      if (!term) return [];
      return both[1].search(term).then(function (found) {
        var limit = options.limit || 10;  // each result loads its fragment: the first query stays small
        return Promise.all(found.results.slice(0, limit).map(function (r) { return r.data(); }));
      }).then(function (datas) {
        var rows = datas.map(row);
        var rank = function (r) { return (r.kind === "glossary" ? 0 : 2) + (r.lang === lang ? 0 : 1); };
        return rows.map(function (r, i) { return [rank(r), i, r]; })
          .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
          .map(function (x) { return x[2]; });
      });
    });
  };

  // The query's words as the index is asked for them (for tests and other interfaces).
  window.siteSearch.normalise = function (query) {
    return koreanRules().then(function (rules) { return normalise(String(query || ""), rules); });
  };

  // --- the box ---------------------------------------------------------------------------------
  var input = box.querySelector("input[type=search]");
  var every = box.querySelector("input[type=checkbox]");
  var panel = box.querySelector(".search-panel");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var asked = 0, timer = null;
  box.hidden = false;

  function show(rows, query) {
    list.textContent = "";
    rows.forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = r.url;
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = r.title;
      a.appendChild(title);
      if (r.section) {
        var section = document.createElement("span");
        section.className = "search-section";
        section.textContent = r.section;
        a.appendChild(section);
      }
      if (r.lang && r.lang !== PAGE_LANG) {  // a result of another language says which
        a.setAttribute("hreflang", r.lang);
        var tag = document.createElement("span");
        tag.className = "search-lang";
        tag.textContent = NAMES[r.lang] || r.lang;
        title.appendChild(document.createTextNode(" "));
        title.appendChild(tag);
      }
      li.appendChild(a);
      var p = document.createElement("p");
      p.className = "search-excerpt";
      p.innerHTML = r.excerpt;  // escaped by Pagefind; only <mark> left (see excerpt)
      if (r.lang) p.lang = r.lang;
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = rows.length ? box.dataset.count.replace("{n}", rows.length) : box.dataset.none;
    panel.hidden = !query;
    box.dataset.shown = query;  // what the results are of (tests wait for it)
  }

  function run() {
    var query = input.value.trim(), mine = ++asked;
    if (!query) { show([], ""); return; }
    window.siteSearch(query, { all: every && every.checked }).then(function (rows) {
      if (mine === asked) show(rows, query);  // a later keystroke's answer wins
    }, function () {
      if (mine === asked) { status.textContent = box.dataset.failed; panel.hidden = false; }
    });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  if (every) every.addEventListener("change", run);
  box.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    asked++;  // an answer still on its way is of the old query
    clearTimeout(timer);
    input.value = "";
    show([], "");
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    event.preventDefault();
    input.focus();
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) panel.hidden = true;
  });
  input.addEventListener("focus", function () {
    if (!input.value.trim()) return;
    if (box.dataset.shown === input.value.trim()) panel.hidden = false;
    else run();  // asked of an index made since the panel was closed (see below)
  });
  // The preview has made the index again (after serving the edit it indexes): asked from now on.
  window.addEventListener("site-builder:search", function () {
    generation++;
    engines = {};
    if (!input.value.trim()) return;
    if (!panel.hidden) run();
    else { asked++; box.dataset.shown = ""; }  // a closed panel stays closed: asked again on focus
  });
})();
