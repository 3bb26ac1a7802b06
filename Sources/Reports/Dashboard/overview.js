// StockcastOverview: the overview of every product — its rows read from the page's index, filtered,
// sorted and cut into pages; see DashboardScript.swift. No DOM: runs under Node too
// (Tests/ReportsTests/DashboardOverviewTests.swift).
const StockcastOverview = (() => {
  // The index's rows (Dashboard.index, `columns`) as objects, `index` their place in the index.
  function rows(data) {
    const at = {};
    data.columns.forEach((name, k) => { at[name] = k; });
    return data.products.map((r, index) => ({
      index, id: r[at.id], folder: r[at.folder] == null ? r[at.id] : r[at.folder], through: r[at.data_through],
      sales: r[at.sales], returns: r[at.returns], rate: r[at.return_rate], inventory: r[at.inventory],
      method: data.methods[r[at.method]] || "",
      alerts: (r[at.alerts] || []).map(([name, summary, since]) => {
        const kind = data.alert_kinds[name] || [name, ""];
        return { name, title: kind[0], action: kind[1], summary, since };
      }),
      key: String(r[at.id]).toLowerCase(),
    }));
  }

  // How urgent a product is: the more alerts in force, the sooner it needs attention.
  const urgency = (row) => row.alerts.length;

  const collator = typeof Intl === "object" ? new Intl.Collator("en", { numeric: true, sensitivity: "base" }) : null;
  const text = (a, b) => (collator ? collator.compare(a, b) : a < b ? -1 : a > b ? 1 : 0);
  const number = (a, b) => (a == null ? -Infinity : a) - (b == null ? -Infinity : b);

  // The orders the overview offers: how two rows compare (ascending), and the direction a
  // column starts in when it is chosen.
  const orders = {
    urgency: { compare: (a, b) => urgency(a) - urgency(b), descending: true },
    product: { compare: (a, b) => text(a.id, b.id), descending: false },
    sales: { compare: (a, b) => number(a.sales, b.sales), descending: true },
    returns: { compare: (a, b) => number(a.returns, b.returns), descending: true },
    rate: { compare: (a, b) => number(a.rate, b.rate), descending: true },
    inventory: { compare: (a, b) => number(a.inventory, b.inventory), descending: true },
    method: { compare: (a, b) => text(a.method, b.method), descending: false },
    through: { compare: (a, b) => text(a.through, b.through), descending: true },
  };

  // The rows `query` finds: a case-insensitive part of the product id (every row when empty),
  // only those with alerts when `alertsOnly`.
  function filter(all, query, alertsOnly) {
    const q = String(query || "").trim().toLowerCase();
    return all.filter((r) => (q === "" || r.key.includes(q)) && (!alertsOnly || r.alerts.length > 0));
  }

  // `list` in the order `sort` (a key of `orders`), descending or not; ties in index order.
  function sorted(list, sort, descending) {
    const order = orders[sort] || orders.urgency;
    const sign = descending ? -1 : 1;
    return list.slice().sort((a, b) => sign * order.compare(a, b) || a.index - b.index);
  }

  // One page of the overview: `state` {query, alertsOnly, sort, descending, page (from 0), size}.
  // Returns the page's rows, how many rows match, the page shown (clamped) and the page count,
  // and the positions (from 1) of its first and last row.
  function view(all, state) {
    const matching = sorted(filter(all, state.query, state.alertsOnly), state.sort, state.descending);
    const size = Math.max(1, state.size || 50);
    const pages = Math.max(1, Math.ceil(matching.length / size));
    const page = Math.min(Math.max(0, Math.floor(state.page || 0)), pages - 1);
    const shown = matching.slice(page * size, (page + 1) * size);
    return { rows: shown, total: matching.length, page, pages, first: shown.length ? page * size + 1 : 0, last: page * size + shown.length };
  }

  // The page (from 0) on which the row with index `index` is, in `state`'s order; -1 if filtered out.
  function pageOf(all, state, index) {
    const matching = sorted(filter(all, state.query, state.alertsOnly), state.sort, state.descending);
    const at = matching.findIndex((r) => r.index === index);
    return at < 0 ? -1 : Math.floor(at / Math.max(1, state.size || 50));
  }

  return { rows, urgency, orders, filter, sorted, view, pageOf };
})();
