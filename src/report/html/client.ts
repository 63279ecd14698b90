/**
 * The page's own script (plain JavaScript, no framework), inlined after the charting library. It reads
 * the JSON data block, draws the charts with uPlot, puts the findings' markers on them, links findings
 * and charts both ways, and filters lint findings. Text from programs and traces only ever reaches the
 * page through textContent and attributes set by the DOM, never as markup.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("nncheck-data").textContent);
  var root = document.documentElement;
  if (data.kind === "lint") {
    setupFilters();
    root.setAttribute("data-rendered", "1");
    return;
  }
  var SEVERITY_COLOR = { error: "#cf222e", warning: "#bf8700", info: "#0969da" };
  var PALETTE = ["#1f6feb", "#8250df", "#1a7f37", "#bc4c00", "#6e7781"];
  var VALIDATION = "#e16f24";
  var charts = {};
  var specs = {};
  var selected = -1;

  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }

  function tableOf(spec) {
    var tables = spec.tables.map(function (t) {
      return [t.x].concat(t.ys.map(function (s) {
        if (!spec.log) return s.values;
        return s.values.map(function (v) { return v !== null && v > 0 ? v : null; });
      }));
    });
    return tables.length === 1 ? tables[0] : uPlot.join(tables);
  }

  function seriesOf(spec) {
    var out = [{ label: "step" }];
    var colorIndex = 0;
    var lastColor = PALETTE[0];
    spec.tables.forEach(function (t) {
      t.ys.forEach(function (s) {
        if (s.style === "range") {
          out.push({ label: s.label, stroke: alpha(lastColor, 0.3), width: 1, points: { show: false } });
        } else if (s.style === "validation") {
          out.push({ label: s.label, stroke: VALIDATION, width: 2, spanGaps: true, points: { show: true, size: 5, fill: VALIDATION } });
        } else {
          lastColor = PALETTE[colorIndex++ % PALETTE.length];
          out.push({ label: s.label, stroke: lastColor, width: 1.5, spanGaps: false, points: { show: false } });
        }
      });
    });
    return out;
  }

  function worstSeverity(indices) {
    var order = ["error", "warning", "info"];
    var best = 2;
    indices.forEach(function (k) { best = Math.min(best, order.indexOf(data.findings[k].severity)); });
    return order[Math.max(0, best)];
  }

  function markerFindings(spec) {
    return spec.markers.filter(function (i) { return data.findings[i].first !== null; });
  }

  /** Draws the markers on the canvas (lines, and the span a finding held on layer charts). */
  function drawMarkers(u, spec) {
    var ctx = u.ctx;
    var top = u.bbox.top;
    var height = u.bbox.height;
    var ratio = window.devicePixelRatio || 1;
    ctx.save();
    var spans = {};
    markerFindings(spec).forEach(function (i) {
      var f = data.findings[i];
      var color = SEVERITY_COLOR[f.severity] || "#57606a";
      var x0 = Math.round(u.valToPos(f.first, "x", true));
      var layerChart = spec.id.indexOf("chart-layer-") === 0;
      // One shade per distinct span: several findings over the same steps must not darken it.
      var key = f.first + ":" + f.last + ":" + f.severity;
      if (layerChart && f.last !== null && f.last > f.first && (i === selected || !spans[key])) {
        spans[key] = true;
        var x1 = Math.round(u.valToPos(f.last, "x", true));
        ctx.fillStyle = alpha(color, i === selected ? 0.16 : 0.05);
        ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
      }
      ctx.strokeStyle = color;
      ctx.lineWidth = (i === selected ? 3 : 1) * ratio;
      ctx.setLineDash(i === selected ? [] : [4 * ratio, 3 * ratio]);
      ctx.beginPath();
      ctx.moveTo(x0, top);
      ctx.lineTo(x0, top + height);
      ctx.stroke();
    });
    ctx.restore();
  }

  /** Clickable flags over the plot, one per marked finding, with the finding in their tooltip. */
  function placeFlags(u, spec, figure) {
    var over = u.over;
    var flags = over.querySelectorAll(".marker");
    if (flags.length === 0) {
      // One flag per step: findings that fired at the same step share it (its tooltip lists them all).
      var byStep = {};
      var steps = [];
      markerFindings(spec).forEach(function (i) {
        var at = data.findings[i].first;
        if (!byStep[at]) { byStep[at] = []; steps.push(at); }
        byStep[at].push(i);
      });
      steps.forEach(function (at) {
        var group = byStep[at];
        var i = group[0];
        var flag = document.createElement("button");
        flag.type = "button";
        flag.className = "marker sev-" + worstSeverity(group);
        flag.setAttribute("data-finding", String(i));
        flag.setAttribute("data-findings", group.join(" "));
        flag.title = "step " + at + "\n" + group.map(function (k) {
          var f = data.findings[k];
          return f.severity + " " + f.code + " " + f.name + ": " + f.message;
        }).join("\n");
        flag.addEventListener("mousedown", function (e) { e.stopPropagation(); });
        flag.addEventListener("click", function (e) {
          e.stopPropagation();
          selectFinding(i, "card");
        });
        over.appendChild(flag);
      });
      flags = over.querySelectorAll(".marker");
    }
    var width = over.clientWidth;
    var visible = 0;
    Array.prototype.forEach.call(flags, function (flag) {
      var i = Number(flag.getAttribute("data-finding"));
      var x = u.valToPos(data.findings[i].first, "x");
      var shown = x >= 0 && x <= width;
      flag.style.display = shown ? "" : "none";
      flag.style.left = Math.round(x) + "px";
      flag.classList.toggle("selected", (" " + flag.getAttribute("data-findings") + " ").indexOf(" " + selected + " ") !== -1);
      if (shown) visible++;
    });
    figure.setAttribute("data-markers", String(visible));
  }

  /** Axis labels that fit: exponent form for the very large and the very small. */
  function axisNumber(v) {
    if (v === null || v === undefined) return "";
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(0).replace("e+", "e");
    return String(Number(v.toPrecision(4)));
  }

  /** Log axes: one split per decade (every few decades when they are many), not one per unit. */
  function decadeSplits(u, axisIdx, min, max) {
    var lo = Math.floor(Math.log10(min));
    var hi = Math.ceil(Math.log10(max));
    var every = Math.max(1, Math.ceil((hi - lo) / 6));
    var out = [];
    for (var e = lo; e <= hi; e += every) {
      var v = Math.pow(10, e);
      if (v >= min && v <= max) out.push(v);
    }
    return out.length > 0 ? out : [min, max];
  }

  function sizeOf(figure, small) {
    var plot = figure.querySelector(".plot");
    var width = Math.max(200, plot.clientWidth || 600);
    return { width: width, height: small ? 130 : 240 };
  }

  function createChart(id) {
    if (charts[id]) return charts[id];
    var spec = specs[id];
    var figure = document.getElementById(id);
    if (!spec || !figure) return null;
    var small = figure.classList.contains("small");
    var size = sizeOf(figure, small);
    var y = { distr: spec.log ? 3 : 1 };
    if (spec.range) y.range = spec.range;
    // A flat series (all zeros: a dead layer) sits on the floor of a [0, 1] axis rather than mid-air.
    else if (!spec.log) y.range = function (u, min, max) {
      if (min === null || max === null) return [0, 1];
      if (min === max) return min === 0 ? [0, 1] : uPlot.rangeNum(Math.min(0, min), Math.max(0, max), 0.1, true);
      return uPlot.rangeNum(min, max, 0.1, true);
    };
    var opts = {
      width: size.width,
      height: size.height,
      scales: { x: { time: false }, y: y },
      series: seriesOf(spec),
      legend: { show: !small, live: true },
      // Drag zooms along x (and along y too on large charts, for a curve flattened by one spike).
      cursor: { points: { show: !small }, drag: { x: true, y: !small, uni: 30 } },
      axes: [
        { size: small ? 28 : 40, font: small ? "10px sans-serif" : "11px sans-serif", ticks: { size: 4 } },
        {
          size: small ? 44 : 60,
          font: small ? "10px sans-serif" : "11px sans-serif",
          ticks: { size: 4 },
          values: function (u, splits) { return splits.map(axisNumber); }
        }
      ],
      plugins: [{
        hooks: {
          draw: [function (u) { drawMarkers(u, spec); placeFlags(u, spec, figure); }]
        }
      }]
    };
    if (spec.log) opts.axes[1].splits = decadeSplits;
    var u = new uPlot(opts, tableOf(spec), figure.querySelector(".plot"));
    figure.setAttribute("data-drawn", "1");
    charts[id] = u;
    return u;
  }

  function redrawAll() {
    Object.keys(charts).forEach(function (id) { charts[id].redraw(false, false); });
  }

  /** Selects a finding: highlights its card and its markers; scrolls to its chart or its card. */
  function selectFinding(i, scrollTo) {
    selected = i;
    var f = data.findings[i];
    Array.prototype.forEach.call(document.querySelectorAll(".finding.selected"), function (el) { el.classList.remove("selected"); });
    var card = document.getElementById("finding-" + i);
    if (card) {
      card.classList.add("selected");
      var group = card.closest("details");
      if (group) group.open = true;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".chart.highlight"), function (el) { el.classList.remove("highlight"); });
    if (f.chart) {
      createChart(f.chart);
      var figure = document.getElementById(f.chart);
      if (figure) {
        figure.classList.add("highlight");
        if (scrollTo === "chart") figure.scrollIntoView({ block: "center" });
      }
    }
    if (scrollTo === "card" && card) card.scrollIntoView({ block: "center" });
    redrawAll();
  }

  data.charts.forEach(function (spec) { specs[spec.id] = spec; });

  Array.prototype.forEach.call(document.querySelectorAll(".finding"), function (card) {
    var i = Number(card.id.replace("finding-", ""));
    card.addEventListener("click", function () { selectFinding(i, "chart"); });
    card.addEventListener("keydown", function (e) { if (e.key === "Enter") selectFinding(i, "chart"); });
  });

  // Scalars and the first layers now; the other layers' charts when they scroll into view.
  var EAGER_LAYER_ROWS = 12;
  var lazy = [];
  data.charts.forEach(function (spec) {
    var row = document.getElementById(spec.id) && document.getElementById(spec.id).closest(".layer-row");
    var position = row ? Number(row.id.replace("layer-", "")) : -1;
    if (position < EAGER_LAYER_ROWS) createChart(spec.id);
    else lazy.push(spec.id);
  });
  if (lazy.length > 0 && "IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          createChart(entry.target.id);
          observer.unobserve(entry.target);
        }
      });
    }, { rootMargin: "400px" });
    lazy.forEach(function (id) { observer.observe(document.getElementById(id)); });
  } else {
    lazy.forEach(createChart);
  }

  var resizeTimer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      Object.keys(charts).forEach(function (id) {
        var figure = document.getElementById(id);
        charts[id].setSize(sizeOf(figure, figure.classList.contains("small")));
      });
    }, 100);
  });

  root.setAttribute("data-rendered", "1");
  // Times for the benchmark: the page built (script done), then the first frame painted with the charts.
  window.nncheckRenderMs = performance.now();
  requestAnimationFrame(function () { window.nncheckPaintedMs = performance.now(); });

  function setupFilters() {
    var boxes = document.querySelectorAll(".filter-severity");
    var rule = document.getElementById("filter-rule");
    var shown = document.getElementById("shown");
    var form = document.getElementById("filters");
    if (!rule || !form) return;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    function apply() {
      var severities = {};
      Array.prototype.forEach.call(boxes, function (b) { if (b.checked) severities[b.value] = true; });
      var code = rule.value;
      var visible = 0;
      var cards = document.querySelectorAll(".finding");
      Array.prototype.forEach.call(cards, function (card) {
        var show = severities[card.getAttribute("data-severity")] === true && (code === "" || card.getAttribute("data-code") === code);
        card.hidden = !show;
        if (show) visible++;
      });
      Array.prototype.forEach.call(document.querySelectorAll("section.file"), function (section) {
        section.hidden = section.querySelector(".finding:not([hidden])") === null;
      });
      shown.textContent = visible + " of " + cards.length + " findings shown";
    }
    Array.prototype.forEach.call(boxes, function (b) { b.addEventListener("change", apply); });
    rule.addEventListener("change", apply);
    apply();
  }
})();
`;
