// StockcastCharts: the chosen product's charts in the page. It puts the SVG frames of the
// product's data.js in place, draws their lines (StockcastPlan.drawing), fits each value axis to
// what is drawn at the page's settings, moves the plan-horizon overlay, and shows the values of
// the day under the pointer (or chosen with the arrow keys). A chart the daemon drew whole (the
// projected stock of replenishment) is only put in place. See DashboardScript.swift.
const StockcastCharts = (() => {
  const P = StockcastPlan;
  const number = (v, digits) => P.grouped(P.fixed(v, digits), ",");
  const finite = (v) => v != null && Number.isFinite(v);
  const svgNS = "http://www.w3.org/2000/svg";
  // What the charts show now: {p, planned, data}.
  let shown = null;

  function parse(markup) {
    const t = document.createElement("template");
    t.innerHTML = markup;
    return t.content.firstElementChild;
  }

  // Puts the charts of `p` into `container`: one figure per chart (kept from product to
  // product, before the alerts), its wide and compact frames (the stylesheet shows one).
  function show(container, p) {
    const kept = new Set(), before = container.querySelector(".alerts");
    for (const c of p.charts) {
      let figure = document.getElementById("chart-" + c.kind);
      if (!figure) {
        figure = document.createElement("figure");
        figure.className = "chart";
        figure.id = "chart-" + c.kind;
        container.insertBefore(figure, before);
      }
      const wide = parse(c.wide), compact = parse(c.compact);
      kept.add(figure);
      figure.hoverDay = null;
      // A chart the daemon drew whole (the projected stock) has nothing for the page to draw or point at.
      if (!wide.querySelector("[data-draw]")) {
        figure.setAttribute("aria-label", c.label);
        figure.replaceChildren(wide, compact);
        continue;
      }
      figure.setAttribute("aria-label", c.label + ": point at it, or focus it and use the arrow keys, for the values of each day");
      const tip = document.createElement("div");
      tip.className = "tip";
      tip.hidden = true;
      tip.setAttribute("role", "status");
      figure.replaceChildren(wide, compact, tip);
      listen(figure);
    }
    for (const figure of container.querySelectorAll("figure.chart")) { if (!kept.has(figure)) figure.remove(); }
  }

  // Draws every chart element with a data-draw from the plan `planned` of `p`, after fitting
  // the chart's value axis to it (the inventory chart's changes with the controls), and moves
  // the plan-horizon overlay (data-edge: the plot's right edge, data-flip: where its label turns).
  function update(container, p, planned, data) {
    shown = { p, planned, data };
    for (const svg of container.querySelectorAll("figure.chart svg")) {
      const elements = [...svg.querySelectorAll("[data-draw]")];
      if (elements.length === 0) continue; // drawn whole by the daemon
      const t = P.ticks(P.top(elements.map((el) => el.getAttribute("data-draw")), p, planned, data.z80, data.z95));
      const scaleText = svg.getAttribute("data-scale");
      if (t.top !== Number(scaleText.split(" ")[3])) {
        const rescaled = P.rescaled(scaleText, t.top);
        svg.setAttribute("data-scale", rescaled);
        const axis = svg.querySelector(".value-axis");
        if (axis) axis.innerHTML = P.axis(t, rescaled);
      }
      for (const el of elements) {
        const value = P.drawing(el.getAttribute("data-draw"), +el.getAttribute("data-from"), svg.getAttribute("data-scale"), p, planned, data.z80, data.z95);
        el.setAttribute(el.tagName === "polygon" ? "points" : "d", value);
      }
      const g = svg.querySelector(".beyond");
      if (!g) continue;
      const s = P.scale(svg.getAttribute("data-scale"));
      const edge = s.x(+svg.getAttribute("data-start") + planned.days.length - 0.5), right = +svg.getAttribute("data-edge");
      const rect = g.querySelector("rect"), line = g.querySelector("line"), label = g.querySelector("text");
      rect.setAttribute("x", edge.toFixed(1));
      rect.setAttribute("width", Math.max(0, right - edge).toFixed(1));
      for (const [el, name] of [[line, "x1"], [line, "x2"], [label, "x"]]) el.setAttribute(name, edge.toFixed(1));
      const flip = edge > +svg.getAttribute("data-flip");
      label.setAttribute("dx", flip ? "-5" : "5");
      label.setAttribute("text-anchor", flip ? "end" : "start");
    }
    for (const figure of container.querySelectorAll("figure.chart")) { if (figure.hoverDay != null) point(figure, figure.hoverDay); }
  }

  // ---- Each day's values.

  // The values of chart day `day` in `svg`: one item per drawn element that has that day.
  function values(svg, day) {
    const { p, planned, data } = shown;
    const lines = [], bands = [];
    for (const el of svg.querySelectorAll("[data-draw]")) {
      const v = P.series(el.getAttribute("data-draw"), p, planned, data.z80, data.z95);
      const i = day - +el.getAttribute("data-from"), name = el.getAttribute("data-name") || el.getAttribute("data-draw");
      if (v.values) {
        if (i < 0 || i >= v.values.length) continue;
        const x = v.values[i];
        const missing = el.getAttribute("data-draw").startsWith("line:history") ? "no data (no file covered this day)" : "no data";
        lines.push({ name, color: el.getAttribute("stroke"), value: finite(x) ? x : null, text: finite(x) ? number(x, 1) : missing });
      } else if (i >= 0 && i < v.lower.length && finite(v.lower[i]) && finite(v.upper[i])) {
        bands.push({ name, color: el.getAttribute("fill"), band: true, text: number(v.lower[i], 1) + " – " + number(v.upper[i], 1) });
      }
    }
    return lines.concat(bands.reverse());
  }

  const visible = (figure) => [...figure.querySelectorAll("svg")].find((svg) => svg.getBoundingClientRect().width > 0);

  // Marks chart day `day` in the figure's charts and lists its values beside it.
  function point(figure, day) {
    const svg = visible(figure);
    if (!svg || !shown) return;
    const span = Number(svg.getAttribute("data-scale").split(" ")[0]);
    day = Math.min(Math.max(Math.round(day), 0), span);
    figure.hoverDay = day;
    const s = P.scale(svg.getAttribute("data-scale")), yTop = Number(svg.getAttribute("data-scale").split(" ")[3]);
    const items = values(svg, day), x = s.x(day);
    for (const other of figure.querySelectorAll("svg .hover-mark")) other.remove();
    const mark = document.createElementNS(svgNS, "g");
    mark.setAttribute("class", "hover-mark");
    mark.setAttribute("pointer-events", "none");
    const rule = document.createElementNS(svgNS, "line");
    for (const [k, v] of [["x1", x], ["x2", x], ["y1", s.y(yTop)], ["y2", s.y(0)]]) rule.setAttribute(k, P.coordinate(v));
    rule.setAttribute("stroke", "#374151");
    rule.setAttribute("stroke-width", "1");
    mark.append(rule);
    for (const item of items) {
      if (item.band || item.value == null) continue;
      const dot = document.createElementNS(svgNS, "circle");
      for (const [k, v] of [["cx", P.coordinate(x)], ["cy", P.coordinate(s.y(item.value))], ["r", "4"], ["fill", item.color], ["stroke", "#ffffff"], ["stroke-width", "1.5"]]) dot.setAttribute(k, v);
      mark.append(dot);
    }
    svg.append(mark);

    const tip = figure.querySelector(".tip");
    const date = P.addDays(svg.getAttribute("data-first"), day);
    const head = document.createElement("strong");
    head.textContent = new Date(date + "T00:00:00Z").toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" }) + " " + date;
    const list = [head];
    for (const item of items) {
      const line = document.createElement("span");
      line.className = "tip-row";
      const swatch = document.createElement("i");
      swatch.style.background = item.color;
      if (item.band) swatch.style.opacity = "0.45";
      line.append(swatch, item.name + ": ", Object.assign(document.createElement("b"), { textContent: item.text }));
      list.push(line);
    }
    if (items.length === 0) list.push(Object.assign(document.createElement("span"), { className: "tip-row", textContent: "nothing drawn on this day" }));
    tip.replaceChildren(...list);
    tip.hidden = false;
    // Beside the rule, on the side with more room; below the legend.
    const box = svg.getBoundingClientRect(), frame = figure.getBoundingClientRect();
    const px = box.left - frame.left + (x / svg.viewBox.baseVal.width) * box.width;
    const py = box.top - frame.top + (s.y(yTop) / svg.viewBox.baseVal.height) * box.height;
    tip.style.top = Math.round(py + 4) + "px";
    if (px < frame.width / 2) { tip.style.left = Math.round(px + 10) + "px"; tip.style.right = ""; }
    else { tip.style.right = Math.round(frame.width - px + 10) + "px"; tip.style.left = ""; }
  }

  function hide(figure) {
    figure.hoverDay = null;
    for (const mark of figure.querySelectorAll("svg .hover-mark")) mark.remove();
    const tip = figure.querySelector(".tip");
    if (tip) tip.hidden = true;
  }

  // The chart day under the pointer event `e`, or null outside the plot.
  function dayAt(figure, e) {
    const svg = visible(figure);
    if (!svg) return null;
    const box = svg.getBoundingClientRect();
    const x = ((e.clientX - box.left) * svg.viewBox.baseVal.width) / box.width;
    const [span, lo, hi] = svg.getAttribute("data-scale").split(" ").map(Number);
    if (x < lo - 8 || x > hi + 8 || hi <= lo) return null;
    return Math.min(Math.max((x - lo) / (hi - lo), 0), 1) * span;
  }

  function listen(figure) {
    if (figure.listening) return;
    figure.listening = true;
    figure.tabIndex = 0;
    const move = (e) => { const day = dayAt(figure, e); if (day == null) hide(figure); else point(figure, day); };
    figure.addEventListener("pointermove", move);
    figure.addEventListener("pointerdown", move);
    figure.addEventListener("pointerleave", (e) => { if (e.pointerType === "mouse") hide(figure); });
    figure.addEventListener("blur", () => hide(figure));
    figure.addEventListener("keydown", (e) => {
      const svg = visible(figure);
      if (!svg) return;
      const span = Number(svg.getAttribute("data-scale").split(" ")[0]);
      const at = figure.hoverDay == null ? +svg.getAttribute("data-start") : figure.hoverDay;
      const next = { ArrowLeft: at - (e.shiftKey ? 7 : 1), ArrowRight: at + (e.shiftKey ? 7 : 1), Home: 0, End: span }[e.key];
      if (e.key === "Escape") { hide(figure); return; }
      if (next == null) return;
      e.preventDefault();
      point(figure, next);
    });
  }

  return { show, update, values };
})();
