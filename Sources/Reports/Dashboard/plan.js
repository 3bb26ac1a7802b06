// StockcastPlan: the dashboard's arithmetic (plan, metrics, plan alert rules, forecast.csv, chart
// lines), operation for operation as the daemon's Swift; see DashboardScript.swift. No DOM: runs
// under Node too (Tests/ReportsTests/DashboardScriptTests.swift).
const StockcastPlan = (() => {
  // Swift's max(0, v): v when v >= 0 (keeps -0), else 0 (also for NaN).
  const max0 = (v) => (v >= 0 ? v : 0);
  // A value of the data: null stands for a number that is not finite (NaN in Swift).
  const at = (values, i) => (values[i] == null ? NaN : values[i]);

  // The forecast days a product has: both series, as Swift's ProductForecast.days.
  const forecastLength = (p) => Math.min(p.sales.length, p.returns.length);

  // Planner.plan: the first `horizon` days under `policy` ({kind: "safety_factor", safety_factor}
  // or {kind: "service_level", z, lead_time_days, review_days}).
  function plan(p, horizon, policy) {
    const F = forecastLength(p);
    const planned = Math.min(Math.max(horizon, 0), F);
    const days = [];
    if (policy.kind === "safety_factor") {
      const f = policy.safety_factor;
      for (let i = 0; i < planned; i++) {
        const sales = at(p.sales, i), returns = at(p.returns, i), net = sales - returns;
        days.push({ i, sales, returns, net, inventory: max0(net * f) });
      }
      return { days, policy };
    }
    const L = policy.lead_time_days, span = policy.lead_time_days + policy.review_days, z = policy.z;
    const reached = planned === 0 ? 0 : planned - 1 + Math.min(F - (planned - 1), span);
    const variance = [], net = [];
    for (let j = 0; j < reached; j++) {
      const ss = p.sales_sd ? p.sales_sd[j] : null, rs = p.returns_sd ? p.returns_sd[j] : null;
      if (ss == null || rs == null) throw new Error("no standard deviation for forecast day " + j);
      if (!(ss >= 0 && rs >= 0 && Number.isFinite(ss) && Number.isFinite(rs))) throw new Error("invalid standard deviation on forecast day " + j);
      variance.push(ss * ss + rs * rs);
      net.push(at(p.sales, j) - at(p.returns, j));
    }
    const sum = (values, d, count) => { let t = 0; for (let j = d; j < d + count; j++) t += values[j]; return t; };
    for (let d = 0; d < planned; d++) {
      const leadDays = Math.min(L, reached - d), cycleDays = Math.min(span, reached - d);
      const safety = max0(z * Math.sqrt(sum(variance, d, leadDays)));
      const orderUpTo = sum(net, d, cycleDays) + z * Math.sqrt(sum(variance, d, cycleDays));
      days.push({
        i: d, sales: at(p.sales, d), returns: at(p.returns, d), net: net[d],
        inventory: max0(net[d] + z * Math.sqrt(variance[d])),
        safety, reorder: max0(sum(net, d, leadDays) + safety), orderUpTo: max0(orderUpTo),
      });
    }
    return { days, policy };
  }

  // Planner.metrics: the four headline figures.
  function metrics(days) {
    const n = Math.max(days.length, 1);
    let sales = 0, returns = 0, inventory = 0;
    for (const d of days) sales += d.sales;
    for (const d of days) returns += d.returns;
    for (const d of days) inventory += d.inventory;
    return { averageSales: sales / n, averageReturns: returns / n,
             returnRate: sales > 0 ? returns / sales : 0, recommendedInventory: inventory };
  }

  // AlertRules.evaluate: each rule's measured value, its limit and whether it fires.
  function rules(days, t) {
    const m = metrics(days);
    const out = {
      HighReturnRate: { value: m.returnRate, limit: t.return_rate, fires: m.returnRate > t.return_rate },
      HighVolatility: { value: null, limit: t.volatility, fires: false },
      InventorySpike: { value: null, limit: t.inventory_spike, fires: false },
    };
    if (days.length >= 2) {
      let s = 0;
      for (const d of days) s += d.sales;
      const mean = s / days.length;
      let v = 0;
      for (const d of days) v += (d.sales - mean) * (d.sales - mean);
      const sd = Math.sqrt(v / (days.length - 1));
      if (mean > 0) out.HighVolatility = { value: sd / mean, limit: t.volatility, fires: sd > t.volatility * mean };
    }
    if (days.length > 0) {
      let peak = -Infinity, s = 0;
      for (const d of days) { if (d.inventory > peak) peak = d.inventory; }
      for (const d of days) s += d.inventory;
      const mean = s / days.length;
      if (mean > 0) out.InventorySpike = { value: peak / mean, limit: t.inventory_spike, fires: peak > t.inventory_spike * mean };
    }
    return out;
  }

  // String(format: "%.<digits>f", v) as glibc prints it: exact ties to even, "-" on negatives
  // and -0, non-finite values as 0 (Rendering.decimal).
  function fixed(v, digits) {
    if (!Number.isFinite(v)) v = 0;
    const negative = v < 0 || Object.is(v, -0);
    const a = Math.abs(v);
    let s = a.toFixed(digits);
    if (a < 1e21) {
      const exact = a.toFixed(100); // the double's exact decimal expansion (enough digits for any tie)
      const dot = exact.indexOf(".");
      const rest = exact.slice(dot + 1 + digits);
      if (/^50*$/.test(rest) && (s.charCodeAt(s.length - 1) - 48) % 2 === 1) {
        s = exact.slice(0, digits > 0 ? dot + 1 + digits : dot);
      }
    }
    return (negative ? "-" : "") + s;
  }

  // Dashboard.grouped: the whole part of a printed number in groups of three digits.
  function grouped(text, separator) {
    const [whole, fraction] = text.split(".");
    const sign = whole.startsWith("-") ? "-" : "", digits = sign ? whole.slice(1) : whole;
    const out = digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
    return sign + out + (fraction === undefined ? "" : "." + fraction);
  }

  // Day.advanced(by:) on "YYYY-MM-DD".
  function addDays(iso, n) {
    const [y, m, d] = iso.split("-").map(Number);
    const t = new Date(Date.UTC(y, m - 1, d + n));
    t.setUTCFullYear(y, m - 1, d + n);
    return t.toISOString().slice(0, 10);
  }

  const intervalColumns = ["sales_lo80", "sales_hi80", "sales_lo95", "sales_hi95",
                           "returns_lo80", "returns_hi80", "returns_lo95", "returns_hi95"];

  // Rendering.intervals: [lo80, hi80, lo95, hi95] of sales then returns — the calibrated ones
  // when the data has them, otherwise from the sds — or null without either.
  function intervals(p, i, z80, z95) {
    if (p.intervals && p.intervals[i]) return p.intervals[i];
    const ss = p.sales_sd ? p.sales_sd[i] : null, rs = p.returns_sd ? p.returns_sd[i] : null;
    if (ss == null || rs == null) return null;
    const out = [];
    for (const [value, sd] of [[at(p.sales, i), ss], [at(p.returns, i), rs]]) {
      for (const z of [z80, z95]) { out.push(max0(value - z * sd), value + z * sd); }
    }
    return out;
  }

  // Rendering.forecastCSV: forecast.csv for the plan, byte for byte.
  function csv(p, planned, z80, z95) {
    const service = planned.policy.kind === "service_level";
    let out = "date,forecast_sales,forecast_returns,net_demand,recommended_inventory," + intervalColumns.join(",")
      + (service ? ",safety_stock,reorder_point,order_up_to\n" : "\n");
    for (const d of planned.days) {
      out += addDays(p.forecast_start, d.i) + "," + [d.sales, d.returns, d.net, d.inventory].map((v) => fixed(v, 2)).join(",");
      const iv = intervals(p, d.i, z80, z95);
      out += iv ? iv.map((v) => "," + fixed(v, 2)).join("") : ",".repeat(intervalColumns.length);
      if (service) out += [d.safety, d.reorder, d.orderUpTo].map((v) => "," + fixed(v == null ? 0 : v, 2)).join("");
      out += "\n";
    }
    return out;
  }

  // Chart.Layout's scales, from a chart's data-scale attribute "xSpan xLo xHi yTop yLo yHi"
  // (LinearScale: the date axis runs right, the value axis up).
  function scale(attribute) {
    const [xSpan, xLo, xHi, yTop, yLo, yHi] = attribute.split(" ").map(Number);
    return {
      x: (v) => xLo + (xSpan > 0 ? v / xSpan : 0) * (xHi - xLo),
      y: (v) => yHi - (yTop > 0 ? v / yTop : 0) * (yHi - yLo),
    };
  }

  // Markup.coordinate: at most one decimal, halves away from zero.
  function coordinate(v) {
    const r = (v < 0 ? -Math.round(-v * 10) : Math.round(v * 10)) / 10;
    return Number.isInteger(r) ? String(r) : r.toFixed(1);
  }

  const finite = (v) => v != null && Number.isFinite(v);

  // Chart.pathData: "M x,y L x,y …" through the finite values, a new M after a gap.
  function path(s, start, values) {
    let d = "", pen = false;
    values.forEach((v, i) => {
      if (!finite(v)) { pen = false; return; }
      d += (pen ? "L" : "M") + coordinate(s.x(start + i)) + "," + coordinate(s.y(v));
      pen = true;
    });
    return d;
  }

  // Chart.bandPoints: upper bounds forwards, lower bounds backwards.
  function bandPoints(s, start, lower, upper) {
    const days = [];
    for (let i = 0; i < Math.min(lower.length, upper.length); i++) { if (finite(lower[i]) && finite(upper[i])) days.push(i); }
    const at = (i, v) => coordinate(s.x(start + i)) + "," + coordinate(s.y(v));
    return days.map((i) => at(i, upper[i])).concat(days.slice().reverse().map((i) => at(i, lower[i]))).join(" ");
  }

  const lines = { history_sales: 1, history_returns: 1, sales: 1, returns: 1 };

  // The numbers behind a chart element whose data-draw is `source` ("line:<series>" or
  // "band:<sales|returns>:<80|95>"): {values} of a line, {lower, upper} of a band, by day from
  // the element's first day (null or NaN: no value that day, a gap in the history).
  function series(source, p, planned, z80, z95) {
    const [kind, name, coverage] = source.split(":");
    if (kind === "line") {
      if (name === "inventory") return { values: planned.days.map((d) => d.inventory) };
      return { values: lines[name] && p[name] ? p[name] : [] };
    }
    const base = (name === "sales" ? 0 : 4) + (coverage === "95" ? 2 : 0);
    const lower = [], upper = [];
    for (let i = 0; i < forecastLength(p); i++) {
      const iv = intervals(p, i, z80, z95);
      lower.push(iv ? iv[base] : NaN);
      upper.push(iv ? iv[base + 1] : NaN);
    }
    return { lower, upper };
  }

  // The d or points of a chart element whose data-draw is `source`, its first day `from`, in a
  // chart with data-scale `scaleText`.
  function drawing(source, from, scaleText, p, planned, z80, z95) {
    const s = scale(scaleText), v = series(source, p, planned, z80, z95);
    return v.values ? path(s, from, v.values) : bandPoints(s, from, v.lower, v.upper);
  }

  // The largest value a chart draws (Chart.layout's maximum): its lines' finite values and its
  // bands' finite upper bounds, 0 without any.
  function top(sources, p, planned, z80, z95) {
    let m = 0;
    for (const source of sources) {
      const v = series(source, p, planned, z80, z95);
      for (const x of v.values || v.upper) { if (finite(x) && x > m) m = x; }
    }
    return m;
  }

  // 10 to the power n (an integer), correctly rounded.
  const power10 = (n) => Number("1e" + n);

  // printf's %g (6 significant digits, trailing zeros dropped).
  function g(v) {
    if (v === 0) return "0";
    const [mantissa, e] = v.toExponential(5).split("e");
    const x = Number(e);
    if (x < -4 || x >= 6) return mantissa.replace(/\.?0+$/, "") + "e" + (x < 0 ? "-" : "+") + String(Math.abs(x)).padStart(2, "0");
    const f = v.toFixed(5 - x);
    return f.includes(".") ? f.replace(/\.?0+$/, "") : f;
  }

  // ValueTicks: the value axis of a chart whose largest value is `maximum` (units): round ticks
  // 1, 2 or 5 × 10^n apart from 0 up to `top`, and their labels.
  function ticks(maximum, maxTicks = 5) {
    const m = Number.isNaN(maximum) || !(maximum > 0) ? 1 : Math.min(Math.max(maximum, 1e-3), 1e300);
    const raw = m / Math.max(maxTicks, 1);
    const magnitude = power10(Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((k) => k * magnitude).find((s) => s >= raw * (1 - 1e-12)) || 10 * magnitude;
    const steps = Math.ceil(m / step);
    const topValue = (steps * step - m < 0.02 * step ? steps + 1 : steps) * step;
    const intervals = Math.round(topValue / step);
    const n = Number.isFinite(intervals) ? Math.min(Math.max(intervals, 1), 100) : 1;
    const values = [];
    for (let i = 0; i <= n; i++) values.push(i * step);
    const decimals = step >= 1 ? 0 : Math.min(Math.ceil(-Math.log10(step)), 6);
    const label = (v) => {
      if (step >= 1e12) return g(v);
      const t = fixed(v, decimals);
      return Math.abs(v) >= 10000 ? grouped(t, "\u2009") : t;
    };
    return { top: topValue, step, values, label };
  }

  // The data-scale of a chart whose value axis now runs up to `yTop`.
  function rescaled(scaleText, yTop) {
    const parts = scaleText.split(" ");
    parts[3] = String(yTop);
    return parts.join(" ");
  }

  // The content of a chart's value axis (Chart.svg's <g class="value-axis">) for `t` (ticks)
  // in a chart with data-scale `scaleText`: grid lines and labels.
  function axis(t, scaleText) {
    const s = scale(scaleText);
    const [, xLo, xHi] = scaleText.split(" ").map(Number);
    let out = "\n";
    for (const v of t.values) {
      const y = coordinate(s.y(v));
      out += '<line x1="' + coordinate(xLo) + '" x2="' + coordinate(xHi) + '" y1="' + y + '" y2="' + y + '" stroke="' + (v === 0 ? "#9ca3af" : "#e5e7eb")
        + '" stroke-width="1"/><text x="' + coordinate(xLo - 6) + '" y="' + y + '" dy="4">' + t.label(v) + "</text>\n";
    }
    return out;
  }

  return { plan, metrics, rules, fixed, grouped, addDays, intervals, csv, scale, coordinate, series, drawing, top, ticks, rescaled, axis };
})();
