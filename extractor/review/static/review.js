// extractor review: click a table row to outline its evidence in the article text; toggle layers.
// No data is read from the page other than offsets in data-* attributes; nothing is inserted as HTML.
(function () {
  "use strict";

  function ranges(spec) {
    return (spec || "").split(" ").filter(Boolean).map(function (r) {
      var p = r.split("-");
      return [parseInt(p[0], 10), parseInt(p[1], 10)];
    });
  }

  function showEvidence(row) {
    var article = row.closest(".article");
    if (!article) return;
    article.querySelectorAll(".seg.ev").forEach(function (s) { s.classList.remove("ev"); });
    article.querySelectorAll("tr.selected").forEach(function (r) { r.classList.remove("selected"); });
    row.classList.add("selected");
    var wanted = ranges(row.getAttribute("data-ev"));
    var first = null;
    article.querySelectorAll(".seg").forEach(function (seg) {
      var s = parseInt(seg.getAttribute("data-s"), 10), e = parseInt(seg.getAttribute("data-e"), 10);
      for (var i = 0; i < wanted.length; i++) {
        if (s < wanted[i][1] && e > wanted[i][0]) {
          seg.classList.add("ev");
          if (!first) first = seg;
          break;
        }
      }
    });
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("form, details, a, button, input, select, label")) return;
    var row = target.closest("tr[data-ev]");
    if (row) showEvidence(row);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var row = event.target.closest && event.target.closest("tr[data-ev]");
    if (row && event.target === row) { event.preventDefault(); showEvidence(row); }
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".legend input[data-layer]")) return;
    var article = box.closest(".article");
    if (article) article.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
  });
  // Open an observation named in the address (#obs-3) after a decision was saved.
  var hash = window.location.hash;
  if (/^#obs-\d+$/.test(hash)) {
    var row = document.getElementById(hash.slice(1));
    if (row) showEvidence(row);
  }
})();
