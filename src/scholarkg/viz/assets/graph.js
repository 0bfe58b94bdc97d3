// scholarkg interactive graph: hover details, drag with a live force layout, pan and zoom, search.
// Reads the drawing the Python side wrote (svg#graph, g.node[data-id], line.edge) and the data in
// script#graph-data; needs nothing from the network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("graph");
  var tip = document.getElementById("tooltip");
  var byId = {};
  data.nodes.forEach(function (n) { n.vx = 0; n.vy = 0; n.fixed = false; byId[n.id] = n; });

  // The static SVG carries <title> tooltips for viewers without scripts; here ours replace them.
  Array.prototype.forEach.call(svg.querySelectorAll("title"), function (t) { t.remove(); });

  data.nodes.forEach(function (n) {
    n.el = svg.querySelector('g.node[data-id="' + CSS.escape(n.id) + '"]');
    n.circle = n.el.querySelector("circle");
    n.texts = Array.prototype.slice.call(n.el.querySelectorAll("text"));
    n.labelDx = parseFloat(n.texts[0].getAttribute("x")) - n.x;
    n.labelDy = parseFloat(n.texts[0].getAttribute("y")) - n.y;
  });
  var lines = Array.prototype.slice.call(svg.querySelectorAll("line.edge"));
  data.edges.forEach(function (e, i) {
    e.el = lines[i];
    e.a = byId[e.source];
    e.b = byId[e.target];
  });

  function draw() {
    data.nodes.forEach(function (n) {
      n.circle.setAttribute("cx", n.x.toFixed(1));
      n.circle.setAttribute("cy", n.y.toFixed(1));
      n.texts.forEach(function (t) {
        t.setAttribute("x", (n.x + n.labelDx).toFixed(1));
        t.setAttribute("y", (n.y + n.labelDy).toFixed(1));
      });
    });
    data.edges.forEach(function (e) {
      var x2 = e.b.x, y2 = e.b.y;
      if (data.directed) {  // keep the arrow head outside the target circle
        var dx = e.b.x - e.a.x, dy = e.b.y - e.a.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
        x2 = e.b.x - dx * (e.b.r + 3) / d;
        y2 = e.b.y - dy * (e.b.r + 3) / d;
      }
      e.el.setAttribute("x1", e.a.x.toFixed(1));
      e.el.setAttribute("y1", e.a.y.toFixed(1));
      e.el.setAttribute("x2", x2.toFixed(1));
      e.el.setAttribute("y2", y2.toFixed(1));
    });
  }

  // --- force layout: every pair repels, edges pull towards a rest length, velocities cool down ---------------
  var heat = 0, running = false, rest = 90;
  function tick() {
    var nodes = data.nodes, i, j, a, b, dx, dy, d2, d, f;
    for (i = 0; i < nodes.length; i++) {
      a = nodes[i];
      for (j = i + 1; j < nodes.length; j++) {
        b = nodes[j];
        dx = a.x - b.x; dy = a.y - b.y; d2 = dx * dx + dy * dy + 0.01;
        f = 1800 / d2;
        a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
      }
    }
    data.edges.forEach(function (e) {
      dx = e.b.x - e.a.x; dy = e.b.y - e.a.y; d = Math.sqrt(dx * dx + dy * dy) || 1;
      f = (d - rest) / d * 0.02 * Math.sqrt(e.weight);
      e.a.vx += dx * f; e.a.vy += dy * f; e.b.vx -= dx * f; e.b.vy -= dy * f;
    });
    nodes.forEach(function (n) {
      if (n.fixed) { n.vx = n.vy = 0; return; }
      if (data.kind === "lineage") { n.vx = 0; }  // x is the year: only move up and down
      var speed = Math.sqrt(n.vx * n.vx + n.vy * n.vy), cap = 12 * heat;
      if (speed > cap) { n.vx *= cap / speed; n.vy *= cap / speed; }
      n.x += n.vx; n.y += n.vy;
      n.vx *= 0.6; n.vy *= 0.6;
    });
    heat *= 0.97;
  }
  function loop() {
    tick(); draw();
    if (heat > 0.02) { requestAnimationFrame(loop); } else { running = false; }
  }
  function warm(amount) {
    heat = Math.max(heat, amount);
    if (!running) { running = true; requestAnimationFrame(loop); }
  }

  // --- pointer: drag a node, pan the background, zoom with the wheel ------------------------------------------
  var view = svg.viewBox.baseVal, dragging = null, panning = null;
  function toGraph(evt) {
    var p = svg.createSVGPoint(); p.x = evt.clientX; p.y = evt.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener("pointerdown", function (evt) {
    var g = evt.target.closest("g.node");
    svg.setPointerCapture(evt.pointerId);
    if (g) {
      dragging = byId[g.getAttribute("data-id")];
      dragging.fixed = true;
    } else {
      panning = { x: evt.clientX, y: evt.clientY, vx: view.x, vy: view.y };
    }
  });
  svg.addEventListener("pointermove", function (evt) {
    if (dragging) {
      var p = toGraph(evt);
      if (data.kind !== "lineage") { dragging.x = p.x; }
      dragging.y = p.y;
      warm(0.6); draw();
    } else if (panning) {
      var scale = 1 / svg.getScreenCTM().a;
      view.x = panning.vx - (evt.clientX - panning.x) * scale;
      view.y = panning.vy - (evt.clientY - panning.y) * scale;
    }
  });
  // a dropped node stays where it was put (the others settle around it); double-click lets it go again
  function release() {
    if (dragging) { dragging.el.classList.add("pinned"); }
    dragging = null; panning = null;
  }
  svg.addEventListener("dblclick", function (evt) {
    var g = evt.target.closest("g.node");
    if (!g) { return; }
    var n = byId[g.getAttribute("data-id")];
    n.fixed = false; n.el.classList.remove("pinned"); warm(0.5);
  });
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);
  svg.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var p = toGraph(evt), k = evt.deltaY < 0 ? 0.87 : 1.15;
    view.x = p.x - (p.x - view.x) * k; view.y = p.y - (p.y - view.y) * k;
    view.width *= k; view.height *= k;
  }, { passive: false });

  // --- hover: details and the neighbourhood in focus -----------------------------------------------------------
  function show(evt, lines) {
    tip.textContent = "";
    lines.forEach(function (line, i) {
      var div = document.createElement(i === 0 ? "strong" : "div");
      div.textContent = line;
      tip.appendChild(div);
    });
    tip.hidden = false;
    var x = evt.clientX + 14, y = evt.clientY + 14, w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) { x = evt.clientX - w - 14; }
    if (y + h > window.innerHeight - 8) { y = Math.max(8, window.innerHeight - h - 8); }
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function focus(node) {
    var near = {};
    if (node) {
      near[node.id] = true;
      data.edges.forEach(function (e) {
        if (e.a === node) { near[e.b.id] = true; }
        if (e.b === node) { near[e.a.id] = true; }
      });
    }
    data.nodes.forEach(function (n) { n.el.classList.toggle("faded", !!node && !near[n.id]); });
    data.edges.forEach(function (e) { e.el.classList.toggle("faded", !!node && e.a !== node && e.b !== node); });
  }
  function nodeLines(n) {
    var head = n.label + (n.group ? " — " + n.group : "");
    var count = n.size + (n.size === 1 ? " paper" : " papers") + (n.year ? " · introduced " + n.year : "");
    return [head, count].concat(n.details);
  }
  function edgeLines(e) {
    if (e.kind === "coauthor") {
      var head = e.a.label + " & " + e.b.label + ": " + e.weight + (e.weight === 1 ? " joint paper" : " joint papers");
      return [head].concat(e.details);
    }
    return e.details.length ? e.details : [e.a.label + " " + e.kind + " " + e.b.label];
  }
  data.nodes.forEach(function (n) {
    n.el.addEventListener("pointerenter", function (evt) { if (!dragging) { focus(n); } show(evt, nodeLines(n)); });
    n.el.addEventListener("pointermove", function (evt) { show(evt, nodeLines(n)); });
    n.el.addEventListener("pointerleave", function () { tip.hidden = true; if (!dragging) { focus(null); } });
  });
  data.edges.forEach(function (e) {
    e.el.addEventListener("pointerenter", function (evt) { show(evt, edgeLines(e)); });
    e.el.addEventListener("pointermove", function (evt) { show(evt, edgeLines(e)); });
    e.el.addEventListener("pointerleave", function () { tip.hidden = true; });
  });

  // --- search and buttons ----------------------------------------------------------------------------------------
  var search = document.getElementById("search");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    data.nodes.forEach(function (n) {
      n.el.classList.toggle("match", q.length > 0 && n.label.toLowerCase().indexOf(q) >= 0);
    });
  });
  document.getElementById("relayout").addEventListener("click", function () { warm(1); });
  document.getElementById("reset").addEventListener("click", function () {
    view.x = 0; view.y = 0; view.width = data.width; view.height = data.height;
  });

  document.documentElement.setAttribute("data-graph-ready", String(data.nodes.length));
})();
