// The dashboard's behaviour: controls, cards, charts, alerts, table and CSV download; all
// arithmetic is StockcastPlan's (plan.js). See DashboardScript.swift.
(() => {
  const data = JSON.parse(document.getElementById("stockcast-data").textContent);
  const P = StockcastPlan;
  const $ = (id) => document.getElementById(id);
  const products = data.products;
  if (products.length === 0) return;
  const configured = data.policy;
  const openingFactor = configured.kind === "safety_factor" ? configured.safety_factor : data.fallback_factor;
  const state = { index: data.opening, horizon: data.horizon, factor: openingFactor, kind: configured.kind };

  // Numbers as the daemon prints them (printf rounding), thousands grouped with commas.
  const number = (v, digits) => P.grouped(P.fixed(v, digits), ",");
  const percent = (v) => number(v * 100, 1) + "\u00a0%";
  const text = (el, s) => { el.textContent = s; };
  const make = (tag, cls, content) => { const e = document.createElement(tag); if (cls) e.className = cls; if (content != null) e.textContent = content; return e; };

  const forecastDays = (p) => Math.min(p.sales.length, p.returns.length);
  const maxHorizon = (p) => Math.max(7, Math.min(90, forecastDays(p)));

  // The plan at the page's settings; under a service level without error sds for this product,
  // the safety factor the daemon falls back to (as the daemon plans it).
  function planFor(p, horizon) {
    const policy = state.kind === "service_level" ? configured : { kind: "safety_factor", safety_factor: state.factor };
    try {
      return { planned: P.plan(p, horizon, policy), note: null };
    } catch (e) {
      const fallback = { kind: "safety_factor", safety_factor: data.fallback_factor };
      return { planned: P.plan(p, horizon, fallback),
               note: "no error estimates for this product's forecast: planned with the safety factor " + number(data.fallback_factor, 2) };
    }
  }

  // Draws the chart elements whose data-draw matches `only` (all when absent) and moves the
  // plan-horizon overlay (data-edge: the plot's right edge, data-flip: where its label turns left).
  function updateCharts(p, planned, only) {
    for (const svg of document.querySelectorAll("figure.chart svg")) {
      for (const el of svg.querySelectorAll("[data-draw]")) {
        const source = el.getAttribute("data-draw");
        if (only && source !== only) continue;
        const value = P.drawing(source, +el.getAttribute("data-from"), svg.getAttribute("data-scale"), p, planned, data.z80, data.z95);
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
  }

  function showCharts() {
    const all = $("charts-" + state.index).content.querySelectorAll("svg");
    ["sales", "returns", "inventory"].forEach((kind, k) => {
      $("chart-" + kind).replaceChildren(document.importNode(all[2 * k], true), document.importNode(all[2 * k + 1], true));
    });
    // The projected stock (replenishment), drawn by the daemon, when any product has stock data.
    const stock = $("stock-" + state.index);
    if (stock && $("chart-stock")) $("chart-stock").replaceChildren(document.importNode(stock.content, true));
  }

  function renderAlerts(p, rules) {
    const list = $("alerts-list");
    list.replaceChildren();
    if (p.alerts.length === 0) list.append(make("li", "none", "No alerts in force for this product."));
    for (const a of p.alerts) {
      const li = make("li", "alert");
      li.append(make("span", "badge", a.title), make("span", "summary", " " + a.summary));
      li.append(make("br"), make("span", "action", "→ " + a.action), make("span", "since", " · since " + a.since));
      list.append(li);
    }
    const describe = {
      HighReturnRate: (r) => "Return rate " + percent(r.value) + ", limit " + percent(r.limit),
      HighVolatility: (r) => "Sales vary by " + (r.value == null ? "–" : percent(r.value)) + " of their mean, limit " + percent(r.limit),
      InventorySpike: (r) => "Inventory peak " + (r.value == null ? "–" : number(r.value, 2) + "×") + " its mean, limit " + number(r.limit, 2) + "×",
    };
    const checks = $("rules");
    checks.replaceChildren();
    for (const name of Object.keys(describe)) {
      const r = rules[name];
      const li = make("li", r.fires ? "rule fires" : "rule ok");
      li.append(make("span", "mark", r.fires ? "✕" : "✓"), make("span", null, " " + describe[name](r) + (r.fires ? " (would fire " + name + ")" : "")));
      checks.append(li);
    }
  }

  function renderTable(p, planned) {
    const service = planned.policy.kind === "service_level";
    const head = [["Date"], ["Sales"], ["Returns"], ["Net demand", "wide-only"], ["Recommended inventory"], ["Sales 80 % interval", "wide-only"]]
      .concat(service ? [["Safety stock"], ["Reorder point"], ["Order up to"]] : []);
    const tr = make("tr");
    head.forEach(([h, cls], k) => { const th = make("th", [k ? "num" : "", cls || ""].join(" ").trim() || null, h); th.scope = "col"; tr.append(th); });
    $("forecast-head").replaceChildren(tr);
    const rows = [];
    for (const d of planned.days) {
      const row = make("tr");
      const date = P.addDays(p.forecast_start, d.i);
      const weekday = new Date(date + "T00:00:00Z").toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" });
      const iv = P.intervals(p, d.i, data.z80, data.z95);
      const cells = [[number(d.sales, 1)], [number(d.returns, 1)], [number(d.net, 1), "wide-only"], [number(d.inventory, 1)],
                     [iv ? number(iv[0], 1) + " – " + number(iv[1], 1) : "–", "wide-only"]];
      if (service) cells.push([number(d.safety, 1)], [number(d.reorder, 1)], [number(d.orderUpTo, 1)]);
      const th = make("th", null, weekday + " " + date);
      th.scope = "row";
      row.append(th);
      for (const [c, cls] of cells) row.append(make("td", cls ? "num " + cls : "num", c));
      rows.push(row);
    }
    if (rows.length === 0) {
      const row = make("tr"), td = make("td", "none", "No forecast yet for this product.");
      td.colSpan = head.length;
      row.append(td);
      rows.push(row);
    }
    $("forecast-body").replaceChildren(...rows);
  }

  function recentAverage(values) {
    const tail = values.slice(-30).filter((v) => v != null);
    if (tail.length === 0) return null;
    let s = 0;
    for (const v of tail) s += v;
    return s / tail.length;
  }

  function productLinks(p) {
    const base = "products/" + encodeURIComponent(p.folder) + "/";
    const out = [];
    for (const file of ["forecast.csv", "report.json", "sales.svg", "returns.svg", "inventory.svg"].concat(p.stock ? ["stock.svg"] : [])) {
      const a = make("a", null, file);
      a.href = base + file;
      out.push(out.length ? " · " : " ", a);
    }
    return out;
  }

  function render(productChanged) {
    const p = products[state.index];
    const available = forecastDays(p);
    const h = Math.min(state.horizon, maxHorizon(p));
    const { planned, note } = planFor(p, h);
    const m = P.metrics(planned.days);
    const none = planned.days.length === 0;
    text($("m-sales"), none ? "–" : number(m.averageSales, 1));
    text($("m-returns"), none ? "–" : number(m.averageReturns, 1));
    text($("m-rate"), none ? "–" : percent(m.returnRate));
    text($("m-inventory"), none ? "–" : number(m.recommendedInventory, 0));
    const hs = recentAverage(p.history_sales), hr = recentAverage(p.history_returns);
    text($("m-sales-note"), "units/day · last 30 days: " + (hs == null ? "–" : number(hs, 1)));
    text($("m-returns-note"), "units/day · last 30 days: " + (hr == null ? "–" : number(hr, 1)));
    text($("m-rate-note"), "returns ÷ sales · last 30 days: " + (hs ? percent(hr / hs) : "–"));
    text($("m-inventory-note"), note ? "units over " + planned.days.length + " days · " + note
      : "units over " + planned.days.length + " days · " + (planned.policy.kind === "safety_factor"
        ? "net demand ×\u00a0" + number(planned.policy.safety_factor, 2) : "service level " + percent(planned.policy.service_level)));
    text($("horizon-out"), available === 0 ? "no forecast yet"
      : planned.days.length + " days" + (available < state.horizon ? " (all the forecast has)" : ""));
    text($("factor-out"), number(state.factor, 2) + "×");
    $("factor").disabled = state.kind !== "safety_factor";
    if (productChanged) {
      text($("product-name"), p.id);
      $("product-name").title = p.id;
      text($("product-sub"), "Data through " + p.data_through + " · sales forecast by " + p.models.sales + " · returns by " + p.models.returns);
      $("product-files").replaceChildren("Files:", ...productLinks(p));
      showCharts();
      $("horizon").max = String(maxHorizon(p));
      for (const row of document.querySelectorAll("#overview-body tr")) {
        if (row.dataset.index === String(state.index)) row.setAttribute("aria-current", "true"); else row.removeAttribute("aria-current");
      }
    }
    updateCharts(p, planned, productChanged ? null : "line:inventory");
    renderAlerts(p, P.rules(planned.days, data.thresholds));
    renderTable(p, planned);
    state.planned = planned;
  }

  // The view in the address (#product=P001&horizon=30&factor=1.2[&rule=…]), so that a link
  // or a bookmark opens the same view.
  function remember() {
    const q = new URLSearchParams({ product: products[state.index].id, horizon: String(state.horizon), factor: String(state.factor) });
    if (state.kind !== configured.kind) q.set("rule", state.kind);
    try { history.replaceState(null, "", "#" + q.toString()); } catch (e) { /* some browsers refuse on file: URLs */ }
  }

  function select(index) {
    state.index = index;
    $("product").value = String(index);
    remember();
    render(true);
  }

  $("product").addEventListener("change", (e) => select(+e.target.value));
  $("horizon").addEventListener("input", (e) => { state.horizon = +e.target.value; render(false); remember(); });
  $("factor").addEventListener("input", (e) => { state.factor = +e.target.value; render(false); remember(); });
  const kind = $("policy");
  if (kind) kind.addEventListener("change", (e) => { state.kind = e.target.value; render(false); remember(); });
  $("reset").addEventListener("click", () => {
    state.horizon = data.horizon;
    state.kind = configured.kind;
    state.factor = openingFactor;
    $("horizon").value = String(state.horizon);
    $("factor").value = String(state.factor);
    if (kind) kind.value = state.kind;
    render(false);
    remember();
  });
  $("download").addEventListener("click", () => {
    const p = products[state.index];
    const blob = new Blob([P.csv(p, state.planned, data.z80, data.z95)], { type: "text/csv" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "forecast-" + p.id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60) + "-" + state.planned.days.length + "d.csv";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  for (const row of document.querySelectorAll("#overview-body tr, #orders-body tr[data-index]")) {
    const go = () => { select(+row.dataset.index); $("product-section").scrollIntoView({ behavior: "smooth" }); };
    row.addEventListener("click", go);
    row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); } });
  }
  $("filter").addEventListener("input", (e) => {
    const q = e.target.value.trim().toLowerCase();
    for (const row of document.querySelectorAll("#overview-body tr")) {
      row.hidden = q !== "" && !products[+row.dataset.index].id.toLowerCase().includes(q);
    }
  });

  const asked = new URLSearchParams(location.hash.slice(1));
  const found = products.findIndex((p) => p.id === asked.get("product"));
  if (found >= 0) state.index = found;
  const h = Number(asked.get("horizon")), f = Number(asked.get("factor"));
  if (Number.isInteger(h) && h >= 7 && h <= 90) state.horizon = h;
  if (f >= 1 && f <= 2) state.factor = Math.round(f * 20) / 20; // the slider's 0.05 steps
  if (kind && (asked.get("rule") === "safety_factor" || asked.get("rule") === "service_level")) state.kind = asked.get("rule");
  $("product").value = String(state.index);
  $("horizon").value = String(state.horizon);
  $("factor").value = String(state.factor);
  if (kind) kind.value = state.kind;
  render(true);
})();
