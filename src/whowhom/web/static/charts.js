/* Timelines (actor and dyad pages), drawn with uPlot from the page's JSON data block.
   No data is ever inserted as HTML: uPlot draws on a canvas. */
(function () {
  "use strict";
  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function draw(target, buckets, title) {
    var el = document.getElementById(target);
    if (!el || !window.uPlot || !buckets) { return; }
    var xs = [], coop = [], conf = [], other = [], gold = [];
    buckets.forEach(function (b) {
      xs.push(Date.parse(b.start + "T00:00:00Z") / 1000);
      coop.push(b.cooperative); conf.push(b.conflictual); other.push(b.other); gold.push(b.goldstein);
    });
    if (!xs.length) { el.textContent = "No dated events."; return; }
    var opts = {
      title: title, width: Math.max(480, el.clientWidth || 900), height: 240,
      scales: { x: { time: true } },
      series: [
        {},
        { label: "cooperative", stroke: "#2e8b57", points: { show: true } },
        { label: "conflictual", stroke: "#c0392b", points: { show: true } },
        { label: "other", stroke: "#8a8f96", points: { show: true } },
        { label: "Goldstein sum", stroke: "#245a9c", dash: [4, 4], scale: "g" }
      ],
      axes: [{}, { label: "events" }, { side: 1, scale: "g", label: "Goldstein", grid: { show: false } }]
    };
    new window.uPlot(opts, [xs, coop, conf, other, gold], el);
  }
  var series = read("series-data");
  if (series) { draw("timeline", series.series, "events per period"); }
  var dyad = read("dyad-data");
  if (dyad) { draw("chart-ab", dyad.a_to_b, ""); draw("chart-ba", dyad.b_to_a, ""); }
})();
