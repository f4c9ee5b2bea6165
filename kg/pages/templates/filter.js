(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var cards = document.querySelectorAll("article.claim");
  var marks = document.querySelectorAll("mark[data-claims]");
  function apply() {
    var show = form.querySelector("input[name=show]:checked").value;
    var kind = form.querySelector("select[name=kind]").value;
    var visible = {};
    var shown = 0;
    cards.forEach(function (card) {
      var fits = (show === "all" || card.getAttribute("data-cited") === show) &&
        (kind === "" || card.getAttribute("data-kind") === kind);
      card.hidden = !fits;
      if (fits) { visible[card.id] = true; shown += 1; }
    });
    marks.forEach(function (mark) {
      var lit = mark.getAttribute("data-claims").split(" ").some(function (id) { return visible[id]; });
      mark.classList.toggle("dim", !lit);
    });
    document.getElementById("filter-count").textContent = shown + " of " + cards.length + " claims shown";
  }
  form.addEventListener("change", apply);
  form.hidden = false;
  apply();
  document.documentElement.setAttribute("data-filters", "ready");
})();
