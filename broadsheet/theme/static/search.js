/* Broadsheet search: Pagefind UI over every shard bundle, from any host and sub-folder.
   ?q=words runs a search; ?person=Name (or section=, organization=, place=) pre-selects a filter
   (Pagefind UI searches only once there are words to search for). */
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") { return; }
  var root = new URL(element.getAttribute("data-root") || "./", document.baseURI);
  var bundles = element.getAttribute("data-bundles").split(" ").map(function (b) {
    return new URL(b, root).pathname;
  });
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map(function (b) { return { bundlePath: b }; }),
    baseUrl: root.pathname,
    showImages: false,
    showSubResults: false,
    resetStyles: false
  });
  var params = new URLSearchParams(window.location.search);
  var filters = {};
  ["section", "person", "organization", "place"].forEach(function (kind) {
    var values = params.getAll(kind);
    if (values.length) { filters[kind] = values; }
  });
  if (Object.keys(filters).length) { ui.triggerFilters(filters); }
  var query = params.get("q");
  if (query) { ui.triggerSearch(query); }
})();
