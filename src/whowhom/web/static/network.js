/* The signed network (alignment page) with cytoscape: drag, zoom, filter by minimum weight,
   hover an edge for the events behind it. Text from the data is set with textContent only. */
(function () {
  "use strict";
  var el = document.getElementById("network");
  var dataEl = document.getElementById("network-data");
  if (!el || !dataEl || !window.cytoscape) { return; }
  var data = JSON.parse(dataEl.textContent);
  var net = data.network;
  var maxW = 0;
  net.edges.forEach(function (e) { maxW = Math.max(maxW, Math.abs(e.weight)); });
  var elements = [];
  net.nodes.forEach(function (n) { elements.push({ data: { id: n.id, label: n.id, bloc: n.bloc } }); });
  net.edges.forEach(function (e, i) {
    elements.push({ data: { id: "e" + i, source: e.a, target: e.b, weight: e.weight, abs: Math.abs(e.weight),
      width: 1 + 9 * (maxW ? Math.abs(e.weight) / maxW : 0), sign: e.sign, index: i } });
  });
  var palette = ["#245a9c", "#b9770e", "#6c3483", "#117a65", "#7b241c", "#5d6d7e"];
  var cy = window.cytoscape({
    container: el, elements: elements, minZoom: 0.2, maxZoom: 3,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 14, "text-valign": "bottom",
        "text-margin-y": 4, width: 26, height: 26,
        "background-color": function (n) { var b = n.data("bloc"); return b === null || b === undefined ? "#888" : palette[b % palette.length]; } } },
      { selector: "edge", style: { width: "data(width)", "curve-style": "bezier", opacity: 0.75,
        "line-color": function (e) { return e.data("sign") > 0 ? "#2e8b57" : "#c0392b"; } } },
      { selector: "edge.hover", style: { opacity: 1, "z-index": 9 } }
    ],
    layout: net.nodes.length <= 16
      ? { name: "circle", padding: 40, avoidOverlap: true }
      : { name: "cose", animate: false, randomize: false, nodeRepulsion: 400000, idealEdgeLength: 140, padding: 30 }
  });
  window.whowhomNetwork = cy;
  var info = document.getElementById("edge-info");
  function show(edge) {
    var e = net.edges[edge.data("index")];
    info.textContent = "";
    var h = document.createElement("h3");
    h.textContent = e.a + " — " + e.b;
    var p = document.createElement("p");
    p.textContent = (e.sign > 0 ? "cooperative" : "conflictual") + ", weight " + e.weight + ", " + e.n + " event(s); the strongest:";
    var ul = document.createElement("ul");
    e.events.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/event/" + encodeURIComponent(r.id);
      a.textContent = (r.date || "?") + " " + (r.source || "—") + " " + (r.negated ? "NOT " : "") + r.code + " " + (r.target || "—");
      var s = document.createElement("div");
      s.className = "small";
      s.textContent = r.text;
      li.appendChild(a); li.appendChild(s); ul.appendChild(li);
    });
    info.appendChild(h); info.appendChild(p); info.appendChild(ul);
  }
  cy.on("mouseover tap", "edge", function (evt) { evt.target.addClass("hover"); show(evt.target); });
  cy.on("mouseout", "edge", function (evt) { evt.target.removeClass("hover"); });
  function filter(min) {
    cy.edges().forEach(function (e) { e.style("display", e.data("abs") >= min ? "element" : "none"); });
  }
  filter(data.min_weight || 0);
  var input = document.getElementById("min-weight");
  if (input) {
    input.addEventListener("input", function () {
      var v = parseFloat(input.value) || 0;
      filter(v);
      var url = new URL(window.location.href);
      if (v > 0) { url.searchParams.set("min_weight", String(v)); } else { url.searchParams.delete("min_weight"); }
      window.history.replaceState(null, "", url.toString());
    });
  }
})();
