/* The map page: Natural Earth country outlines (bundled TopoJSON) and the page's clusters,
   drawn as SVG in an equirectangular projection (x = longitude, y = −latitude). Zoom with the
   wheel or the buttons, pan by dragging. No tiles, no network beyond this server. */
(function () {
  "use strict";
  var svg = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  if (!svg || !dataEl) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(dataEl.textContent);
  var view = { x: -180, y: -90, w: 360, h: 180 };
  var circles = [];
  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    // circles keep their size on screen whatever the zoom: radius in pixels, turned into degrees
    var perPixel = Math.max(view.w / (svg.clientWidth || 900), view.h / (svg.clientHeight || 560));
    circles.forEach(function (c) { c.el.setAttribute("r", (c.px * perPixel).toFixed(4)); });
  }
  function ringPath(ring) {
    var d = "", prev = null;
    ring.forEach(function (p, i) {
      var jump = prev && Math.abs(p[0] - prev[0]) > 180;
      d += (i === 0 || jump ? "M" : "L") + p[0].toFixed(2) + "," + (-p[1]).toFixed(2);
      prev = p;
    });
    return d + "Z";
  }
  function geometryPath(g) {
    if (!g) { return ""; }
    var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polys.map(function (poly) { return poly.map(ringPath).join(""); }).join("");
  }
  var land = document.createElementNS(NS, "g");
  var dots = document.createElementNS(NS, "g");
  svg.appendChild(land); svg.appendChild(dots);
  function drawClusters() {
    var max = 1;
    data.clusters.forEach(function (c) { max = Math.max(max, c.events); });
    data.clusters.forEach(function (c) {
      var best = "0", n = -1;
      Object.keys(c.by_quad).forEach(function (q) { if (c.by_quad[q] > n) { n = c.by_quad[q]; best = q; } });
      var doc = (c.by_precision.document || 0) > (c.by_precision.sentence || 0);
      var circle = document.createElementNS(NS, "circle");
      circle.setAttribute("cx", c.lon.toFixed(3));
      circle.setAttribute("cy", (-c.lat).toFixed(3));
      circles.push({ el: circle, px: 5 + 25 * Math.sqrt(c.events / max) });
      circle.setAttribute("class", "q" + (/^[1-4]$/.test(best) ? best : "0") + (doc ? " doc" : ""));
      var title = document.createElementNS(NS, "title");
      title.textContent = c.places.join(", ") + ": " + c.events + " event(s); QuadClass " +
        JSON.stringify(c.by_quad) + "; precision " + JSON.stringify(c.by_precision);
      circle.appendChild(title);
      dots.appendChild(circle);
    });
  }
  function fit() {
    if (!data.clusters.length) { view = { x: -180, y: -90, w: 360, h: 180 }; apply(); return; }
    var xs = data.clusters.map(function (c) { return c.lon; }), ys = data.clusters.map(function (c) { return -c.lat; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var pad = Math.max(4, (x1 - x0) * 0.25, (y1 - y0) * 0.25);
    view = { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
    apply();
  }
  function zoom(f, cx, cy) {
    cx = cx === undefined ? view.x + view.w / 2 : cx; cy = cy === undefined ? view.y + view.h / 2 : cy;
    view = { x: cx - (cx - view.x) * f, y: cy - (cy - view.y) * f, w: view.w * f, h: view.h * f };
    apply();
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(0.6); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1 / 0.6); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  svg.addEventListener("wheel", function (ev) { ev.preventDefault(); zoom(ev.deltaY < 0 ? 0.8 : 1.25); }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, v: { x: view.x, y: view.y } }; });
  window.addEventListener("mouseup", function () { drag = null; });
  svg.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var k = view.w / (svg.clientWidth || 1);
    view.x = drag.v.x - (ev.clientX - drag.x) * k; view.y = drag.v.y - (ev.clientY - drag.y) * k;
    apply();
  });
  drawClusters();
  fit();
  fetch("/static/vendor/countries-110m.json").then(function (r) { return r.json(); }).then(function (topo) {
    var features = window.topojson.feature(topo, topo.objects.countries).features;
    features.forEach(function (f) {
      var path = document.createElementNS(NS, "path");
      path.setAttribute("d", geometryPath(f.geometry));
      path.setAttribute("class", "country");
      var t = document.createElementNS(NS, "title");
      t.textContent = (f.properties && f.properties.name) || "";
      path.appendChild(t);
      land.appendChild(path);
    });
    svg.setAttribute("data-countries", String(features.length));
  });
})();
