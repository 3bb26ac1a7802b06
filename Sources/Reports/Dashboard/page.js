// The dashboard's behaviour: the overview (StockcastOverview, overview.js), loading the chosen
// product's data.js, the controls and the product's panels; all arithmetic is StockcastPlan's
// (plan.js). See DashboardScript.swift.
(() => {
  const data = JSON.parse(document.getElementById("stockcast-data").textContent);
  const P = StockcastPlan, O = StockcastOverview;
  const $ = (id) => document.getElementById(id);
  const rows = O.rows(data);
  const configured = data.policy;
  const openingFactor = configured.kind === "safety_factor" ? configured.safety_factor : data.fallback_factor;
  // The page's settings and the chosen product: `index` its row, `p` its loaded data (null
  // while it loads), `planned` the plan at the settings.
  const state = { index: data.opening, horizon: data.horizon, factor: openingFactor, kind: configured.kind, p: null, planned: null };
  const listing = { query: "", alertsOnly: false, sort: "urgency", descending: true, page: 0, size: 50 };

  // Numbers as the daemon prints them (printf rounding), thousands grouped with commas.
  const number = (v, digits) => P.grouped(P.fixed(v, digits), ",");
  const percent = (v) => number(v * 100, 1) + "\u00a0%";
  const text = (el, s) => { el.textContent = s; };
  const make = (tag, cls, content) => { const e = document.createElement(tag); if (cls) e.className = cls; if (content != null) e.textContent = content; return e; };
  const weekday = (iso) => new Date(iso + "T00:00:00Z").toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" });

  const forecastDays = (p) => Math.min(p.sales.length, p.returns.length);
  const maxHorizon = (p) => Math.max(7, Math.min(90, forecastDays(p)));

  // ---- Loading: the one place a product's data arrives. Its products/<folder>/data.js calls
  // StockcastData.product({...}); a <script> element loads it, which works from disk (file://).
  const pending = new Map(), loaded = new Map();
  window.StockcastData = {
    product(d) {
      const waiting = d && pending.get(d.id);
      if (!waiting) return;
      pending.delete(d.id);
      if (d.format_version !== data.data_format) waiting.reject(new Error("it was made by another version of Stockcast"));
      else waiting.resolve(d);
    },
  };
  function load(row) {
    if (loaded.has(row.id)) return loaded.get(row.id);
    const promise = new Promise((resolve, reject) => {
      pending.set(row.id, { resolve, reject });
      const script = document.createElement("script");
      const fail = (why) => { if (pending.get(row.id)) { pending.delete(row.id); reject(new Error(why)); } script.remove(); };
      script.onload = () => fail("it holds no data of this product");
      script.onerror = () => fail("it could not be read");
      script.src = "products/" + encodeURIComponent(row.folder) + "/" + data.data_file;
      document.head.append(script);
    });
    loaded.set(row.id, promise);
    promise.catch(() => loaded.delete(row.id));
    // The last few products stay in memory.
    if (loaded.size > 24) loaded.delete(loaded.keys().next().value);
    return promise;
  }

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

  // ---- The product's panels, top to bottom: each shows `view` {row, p, planned, note, changed}
  // (changed: another product than last time).
  function showControls(view) {
    const { p, planned } = view, available = forecastDays(p);
    text($("horizon-out"), available === 0 ? "no forecast yet"
      : planned.days.length + " days" + (available < state.horizon ? " (all the forecast has)" : ""));
    text($("factor-out"), number(state.factor, 2) + "×");
    $("factor").disabled = state.kind !== "safety_factor";
    if (view.changed) $("horizon").max = String(maxHorizon(p));
  }

  function showTitle(view) {
    if (!view.changed) return;
    const { row, p } = view;
    text($("product-name"), row.id);
    $("product-name").title = row.id;
    text($("product-sub"), "Data through " + p.data_through + " · sales forecast by " + p.models.sales + " · returns by " + p.models.returns);
    $("product-files").replaceChildren("Files:", ...productLinks(row, p));
  }

  function showCards(view) {
    const { p, planned, note } = view;
    const m = P.metrics(planned.days), none = planned.days.length === 0;
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
  }

  function showCharts(view) {
    if (view.changed) {
      StockcastCharts.show($("charts"), view.p);
      // Other products have stock data, this one not: why, where its projected stock would be.
      if (data.replenishment && view.p.stock_off) {
        const figure = make("figure", "chart");
        figure.id = "chart-stock";
        figure.setAttribute("aria-label", "Projected stock");
        figure.append(make("p", "stock-off", "Replenishment is off: " + view.p.stock_off + "."));
        $("charts").insertBefore(figure, $("charts").querySelector(".alerts"));
      }
    }
    StockcastCharts.update($("charts"), view.p, view.planned, data);
  }

  function showAlerts(view) {
    const list = $("alerts-list");
    list.replaceChildren();
    if (view.row.alerts.length === 0) list.append(make("li", "none", "No alerts in force for this product."));
    for (const a of view.row.alerts) {
      const li = make("li", "alert");
      li.append(make("span", "badge", a.title), make("span", "summary", " " + a.summary));
      li.append(make("br"), make("span", "action", "→ " + a.action), make("span", "since", " · since " + a.since));
      list.append(li);
    }
    const rules = P.rules(view.planned.days, data.thresholds);
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

  function showTable(view) {
    const { p, planned } = view;
    const service = planned.policy.kind === "service_level";
    // On a phone a service-level plan's table shows its reorder point instead of the returns.
    // [label, class, label on a phone]
    const head = [["Date"], ["Sales"], ["Returns", service ? "wide-only" : null], ["Net demand", "wide-only"], ["Recommended inventory", null, "Inventory"],
                  ["Sales 80 % interval", "wide-only"]]
      .concat(service ? [["Safety stock", "wide-only"], ["Reorder point", null, "Reorder"], ["Order up to", "wide-only"]] : []);
    const tr = make("tr");
    head.forEach(([h, cls, short], k) => {
      const th = make("th", [k ? "num" : "", cls || ""].join(" ").trim() || null);
      th.scope = "col";
      if (short) th.append(make("span", "long", h), make("span", "short", short)); else th.textContent = h;
      tr.append(th);
    });
    $("forecast-head").replaceChildren(tr);
    const out = [];
    for (const d of planned.days) {
      const row = make("tr");
      const date = P.addDays(p.forecast_start, d.i);
      const iv = P.intervals(p, d.i, data.z80, data.z95);
      const cells = [[number(d.sales, 1)], [number(d.returns, 1), service ? "wide-only" : null], [number(d.net, 1), "wide-only"], [number(d.inventory, 1)],
                     [iv ? number(iv[0], 1) + " – " + number(iv[1], 1) : "–", "wide-only"]];
      if (service) cells.push([number(d.safety, 1), "wide-only"], [number(d.reorder, 1)], [number(d.orderUpTo, 1), "wide-only"]);
      const th = make("th");
      th.append(make("span", "weekday", weekday(date) + " "), date);
      th.scope = "row";
      row.append(th);
      for (const [c, cls] of cells) row.append(make("td", cls ? "num " + cls : "num", c));
      out.push(row);
    }
    if (out.length === 0) {
      const row = make("tr"), td = make("td", "none", "No forecast yet for this product.");
      td.colSpan = head.length;
      row.append(td);
      out.push(row);
    }
    $("forecast-body").replaceChildren(...out);
  }

  const panels = [showControls, showTitle, showCards, showCharts, showAlerts, showTable];

  function recentAverage(values) {
    const tail = values.slice(-30).filter((v) => v != null);
    if (tail.length === 0) return null;
    let s = 0;
    for (const v of tail) s += v;
    return s / tail.length;
  }

  // The product's files; stock.svg when it has stock data (a projected-stock chart in its data.js).
  function productLinks(row, p) {
    const base = "products/" + encodeURIComponent(row.folder) + "/";
    const out = [];
    const stock = p.charts.some((c) => c.kind === "stock") ? ["stock.svg"] : [];
    for (const file of ["forecast.csv", "report.json", "sales.svg", "returns.svg", "inventory.svg"].concat(stock)) {
      const a = make("a", null, file);
      a.href = base + file;
      out.push(out.length ? " · " : " ", a);
    }
    return out;
  }

  function render(changed) {
    const p = state.p;
    if (!p) return;
    const { planned, note } = planFor(p, Math.min(state.horizon, maxHorizon(p)));
    state.planned = planned;
    const view = { row: rows[state.index], p, planned, note, changed };
    for (const panel of panels) panel(view);
  }

  // ---- Choosing a product.
  function select(index) {
    state.index = index;
    state.p = null;
    const row = rows[index];
    $("product").value = String(index);
    remember();
    markCurrent();
    text($("product-name"), row.id);
    $("product-name").title = row.id;
    text($("product-sub"), "Loading…");
    load(row).then((p) => {
      if (state.index !== index) return;
      $("product-sub").classList.remove("problem");
      state.p = p;
      render(true);
    }, (e) => {
      if (state.index !== index) return;
      // Nothing of another product stays on show: the cards, charts and table are emptied.
      for (const id of ["m-sales", "m-returns", "m-rate", "m-inventory"]) text($(id), "–");
      for (const figure of document.querySelectorAll("figure.chart")) figure.replaceChildren();
      for (const id of ["rules", "forecast-body", "product-files"]) $(id).replaceChildren();
      $("alerts-list").replaceChildren(...row.alerts.map((a) => make("li", "alert", a.title + ": " + a.summary + " → " + a.action)));
      $("product-sub").classList.add("problem");
      text($("product-sub"), "The data of this product (products/" + row.folder + "/" + data.data_file + ") cannot be loaded: " + e.message
        + ". Open this page from the outbox folder, next to its products/ folder.");
    });
  }

  // The view in the address (#product=P001&horizon=30&factor=1.2[&rule=…]), so that a link
  // or a bookmark opens the same view.
  function remember() {
    const q = new URLSearchParams({ product: rows[state.index].id, horizon: String(state.horizon), factor: String(state.factor) });
    if (state.kind !== configured.kind) q.set("rule", state.kind);
    try { history.replaceState(null, "", "#" + q.toString()); } catch (e) { /* some browsers refuse on file: URLs */ }
  }

  // ---- The overview: one page of rows at a time.
  function markCurrent() {
    const orders = $("orders-body");
    for (const tr of [...$("overview-body").children, ...(orders ? orders.children : [])]) {
      if (tr.dataset.index === String(state.index)) tr.setAttribute("aria-current", "true"); else tr.removeAttribute("aria-current");
    }
  }

  function overviewRow(r) {
    const tr = make("tr");
    tr.dataset.index = String(r.index);
    tr.tabIndex = 0;
    const th = make("th");
    th.scope = "row";
    th.title = r.id;
    // The alerts: in their own column, and under the name where that column is hidden (phones).
    const badges = () => {
      if (r.alerts.length === 0) return [make("span", "badge ok", "OK")];
      return r.alerts.map((a) => { const b = make("span", "badge", a.title); b.title = a.summary; return b; });
    };
    const inline = make("span", "inline-badges");
    inline.append(...badges());
    th.append(make("span", "name", r.id), inline);
    const column = make("td", "alerts-col");
    column.append(...badges());
    tr.append(th, column, make("td", "num", number(r.sales, 1)), make("td", "num wide-only", number(r.returns, 1)),
      make("td", "num", number(r.rate, 1) + "\u00a0%"), make("td", "num", number(r.inventory, 0)),
      make("td", "wide-only", r.method), make("td", "wide-only", r.through));
    return tr;
  }

  function showOverview() {
    const v = O.view(rows, listing);
    listing.page = v.page;
    const body = v.rows.map(overviewRow);
    if (body.length === 0) {
      const tr = make("tr"), td = make("td", "none", rows.length === 0 ? "No products yet." : "No product matches.");
      td.colSpan = 8;
      tr.append(td);
      body.push(tr);
    }
    $("overview-body").replaceChildren(...body);
    markCurrent();
    const all = number(rows.length, 0) + (rows.length === 1 ? " product" : " products");
    text($("overview-count"), v.total === rows.length ? v.first + "–" + v.last + " of " + all
      : (v.total === 0 ? "none" : v.first + "–" + v.last + " of " + number(v.total, 0)) + " matching · " + all);
    text($("page-info"), "Page " + number(v.page + 1, 0) + " of " + number(v.pages, 0));
    $("page-prev").disabled = v.page === 0;
    $("page-next").disabled = v.page >= v.pages - 1;
    for (const th of document.querySelectorAll("#overview thead th")) {
      const key = th.querySelector("button").dataset.sort;
      th.setAttribute("aria-sort", key === listing.sort ? (listing.descending ? "descending" : "ascending") : "none");
    }
    $("sort").value = listing.sort;
  }

  // A row of the overview or of the proposed orders (replenishment) chooses its product.
  for (const body of [$("overview-body"), $("orders-body")]) {
    if (!body) continue;
    body.addEventListener("click", (e) => {
      const tr = e.target.closest("tr[data-index]");
      if (!tr) return;
      select(+tr.dataset.index);
      $("product-section").scrollIntoView({ behavior: "smooth" });
    });
    body.addEventListener("keydown", (e) => {
      const tr = e.target.closest("tr[data-index]");
      if (!tr || (e.key !== "Enter" && e.key !== " ")) return;
      e.preventDefault();
      select(+tr.dataset.index);
      $("product-section").scrollIntoView({ behavior: "smooth" });
    });
  }
  $("filter").addEventListener("input", (e) => { listing.query = e.target.value; listing.page = 0; showOverview(); });
  $("alerts-only").addEventListener("change", (e) => { listing.alertsOnly = e.target.checked; listing.page = 0; showOverview(); });
  $("page-prev").addEventListener("click", () => { listing.page -= 1; showOverview(); });
  $("page-next").addEventListener("click", () => { listing.page += 1; showOverview(); });
  $("sort").addEventListener("change", (e) => {
    listing.sort = e.target.value;
    listing.descending = O.orders[listing.sort].descending;
    listing.page = 0;
    showOverview();
  });
  for (const button of document.querySelectorAll("#overview thead button")) {
    button.addEventListener("click", () => {
      const key = button.dataset.sort;
      listing.descending = key === listing.sort ? !listing.descending : O.orders[key].descending;
      listing.sort = key;
      listing.page = 0;
      showOverview();
    });
  }

  showOverview();
  if (rows.length === 0) return;

  // ---- The controls.
  const options = document.createDocumentFragment();
  for (const r of rows) { const o = make("option", null, r.id.length > 40 ? r.id.slice(0, 39) + "…" : r.id); o.value = String(r.index); options.append(o); }
  $("product").replaceChildren(options);
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
    const p = state.p;
    if (!p) return;
    const blob = new Blob([P.csv(p, state.planned, data.z80, data.z95)], { type: "text/csv" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "forecast-" + p.id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60) + "-" + state.planned.days.length + "d.csv";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });

  const asked = new URLSearchParams(location.hash.slice(1));
  const found = rows.findIndex((r) => r.id === asked.get("product"));
  if (found >= 0) state.index = found;
  const h = Number(asked.get("horizon")), f = Number(asked.get("factor"));
  if (Number.isInteger(h) && h >= 7 && h <= 90) state.horizon = h;
  if (f >= 1 && f <= 2) state.factor = Math.round(f * 20) / 20; // the slider's 0.05 steps
  if (kind && (asked.get("rule") === "safety_factor" || asked.get("rule") === "service_level")) state.kind = asked.get("rule");
  $("horizon").value = String(state.horizon);
  $("factor").value = String(state.factor);
  if (kind) kind.value = state.kind;
  if (found >= 0) {
    const page = O.pageOf(rows, listing, found);
    if (page > 0) { listing.page = page; showOverview(); }
  }
  select(state.index);
})();
