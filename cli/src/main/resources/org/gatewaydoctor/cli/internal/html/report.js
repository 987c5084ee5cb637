"use strict";
(function () {
  // Niceties only: the page reads the same without them.
  document.querySelectorAll("table[data-filter]").forEach(function (table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter";
    input.placeholder = "Filter " + table.getAttribute("data-filter") + "…";
    input.setAttribute("aria-label", input.placeholder);
    table.parentNode.insertBefore(input, table);
    var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      rows.forEach(function (row) {
        row.classList.toggle("hidden", q !== "" && row.textContent.toLowerCase().indexOf(q) < 0);
      });
    });
  });
  // Pointing at a minute of the chart highlights the raw events of that minute.
  document.querySelectorAll("svg [data-minute]").forEach(function (mark) {
    var minute = mark.getAttribute("data-minute");
    var rows = document.querySelectorAll("tr[data-minute=\"" + minute + "\"]");
    mark.addEventListener("mouseenter", function () { rows.forEach(function (r) { r.classList.add("hl"); }); });
    mark.addEventListener("mouseleave", function () { rows.forEach(function (r) { r.classList.remove("hl"); }); });
  });
}());
