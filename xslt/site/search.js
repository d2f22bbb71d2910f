// The book's offline search: the index (search-index.js, window.teieditionSearch) lists the
// chapters' paragraphs and notes; a result is a paragraph or note holding every word of the
// query (case and accents ignored), linked to its place. Text is put in the page with
// textContent only, never parsed as HTML.
(function () {
  "use strict";
  var data = window.teieditionSearch || { pages: [], items: [] };
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var MAX = 100;
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = null;
  function words(q) {
    return fold(q).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }
  function snippet(text, ftext, ws) {
    var first = ftext.indexOf(ws[0]);
    var start = Math.max(0, first - 80);
    var end = Math.min(text.length, first + 160);
    // Folding keeps lengths for Latin text (one mark per letter removed after NFD would not),
    // so positions are found in the folded copy of the snippet itself.
    var piece = text.slice(start, end);
    var fpiece = fold(piece);
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode("… "));
    var marks = [];
    ws.forEach(function (w) {
      var at = fpiece.indexOf(w);
      while (at >= 0) { marks.push([at, at + w.length]); at = fpiece.indexOf(w, at + w.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    var same = fpiece.length === piece.length;
    marks.forEach(function (m) {
      if (!same || m[0] < pos) return;
      frag.appendChild(document.createTextNode(piece.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = piece.slice(m[0], m[1]);
      frag.appendChild(mark);
      pos = m[1];
    });
    frag.appendChild(document.createTextNode(piece.slice(pos)));
    if (end < text.length) frag.appendChild(document.createTextNode(" …"));
    return frag;
  }
  function search(q) {
    var ws = words(q);
    list.textContent = "";
    if (!ws.length) { status.textContent = ""; return; }
    if (folded === null) folded = data.items.map(function (it) { return fold(it[3]); });
    var found = 0;
    for (var i = 0; i < data.items.length; i++) {
      var f = folded[i];
      if (!ws.every(function (w) { return f.indexOf(w) >= 0; })) continue;
      found++;
      if (found > MAX) continue;
      var it = data.items[i];
      var page = data.pages[it[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = page[0] + "#" + it[1];
      a.textContent = page[1];
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = it[2];
      li.appendChild(a);
      li.appendChild(where);
      li.appendChild(snippet(it[3], f, ws));
      list.appendChild(li);
    }
    status.textContent = found === 0 ? "No paragraph or note holds every word."
      : (found === 1 ? "1 result" : found + " results") + (found > MAX ? ", the first " + MAX + " shown." : ".");
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value;
    // The query in the address, so a result list can be bookmarked (not possible on file:).
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); } catch (err) { /* file: */ }
    search(q);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
})();
