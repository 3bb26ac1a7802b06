/// The dashboard's stylesheet: one column on a phone, cards in a row and charts two by two on a
/// laptop; sizes fixed where content changes, so switching products does not move the page.
enum DashboardStyle {
    static let css = """
        :root { color-scheme: light; --ink: #1f2937; --muted: #5b6472; --line: #e3e6ea; --bg: #f5f6f8; --panel: #ffffff;
          --accent: #0b5cab; --accent-soft: #eaf2fb; --warn-bg: #fdebe6; --warn-ink: #9a2b0c; --ok-bg: #e6f4ec; --ok-ink: #17603a; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--ink);
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        .wrap { max-width: 1240px; margin: 0 auto; padding: 0 20px; }
        header.top { background: #17324d; color: #fff; padding: 18px 0 16px; }
        header.top h1 { margin: 0; font-size: 22px; font-weight: 650; letter-spacing: .01em; }
        header.top h1 span { font-weight: 400; opacity: .85; margin-left: 6px; }
        header.top .meta { margin: 4px 0 0; font-size: 14px; opacity: .92; }
        header.top .meta strong { font-weight: 650; }
        main.wrap { padding-top: 18px; padding-bottom: 32px; }
        h2 { font-size: 19px; margin: 0; }
        h3 { font-size: 15px; margin: 0 0 8px; }
        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin-bottom: 18px; }
        .panel-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 16px; margin-bottom: 10px; }
        .panel-head p { margin: 0; color: var(--muted); font-size: 14px; flex: 1 1 260px; }
        input[type=search] { font: inherit; padding: 6px 10px; border: 1px solid #c9ced6; border-radius: 6px; min-width: 0; flex: 1 1 200px; max-width: 320px; }
        .tools { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin-bottom: 10px; }
        .tools .check { display: flex; align-items: center; gap: 6px; font-size: 14px; white-space: nowrap; }
        #overview-count { color: var(--muted); font-size: 14px; margin-left: auto; font-variant-numeric: tabular-nums; }
        .pager { display: flex; align-items: center; justify-content: flex-end; gap: 12px; margin-top: 10px; font-size: 14px; color: var(--muted); }
        .pager button:disabled { opacity: .45; cursor: default; }
        .banner { border-left: 4px solid var(--warn-ink); background: var(--warn-bg); padding: 10px 14px; border-radius: 6px; margin-bottom: 18px; }
        .banner p { margin: 2px 0; }
        .scroll { overflow: auto; -webkit-overflow-scrolling: touch; }
        .scroll.list { max-height: 420px; border: 1px solid var(--line); border-radius: 8px; }
        .scroll.tall { max-height: 460px; border: 1px solid var(--line); border-radius: 8px; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; font-variant-numeric: tabular-nums; }
        th, td { padding: 7px 10px; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; }
        thead th { position: sticky; top: 0; background: #f0f2f5; font-weight: 600; color: #374151; z-index: 1; }
        thead th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }
        thead th button:hover { background: none; text-decoration: underline; }
        thead th[aria-sort=ascending] button::after { content: " ▲"; font-size: 10px; }
        thead th[aria-sort=descending] button::after { content: " ▼"; font-size: 10px; }
        td.none { color: var(--muted); white-space: normal; }
        .orders thead th { white-space: normal; }
        .orders td.why { white-space: normal; min-width: 280px; }
        .num { text-align: right; }
        tbody th { font-weight: 500; }
        .overview tbody tr { cursor: pointer; }
        .overview tbody tr:hover { background: #f7f9fb; }
        .overview tbody tr[aria-current=true] { background: var(--accent-soft); box-shadow: inset 3px 0 0 var(--accent); }
        .overview tbody th { max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
        .overview .inline-badges, .forecast .short { display: none; }
        .tools .sort { display: flex; align-items: center; gap: 6px; font-size: 14px; white-space: nowrap; }
        .tools .sort select { width: auto; padding: 4px 8px; }
        .badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px;
          background: var(--warn-bg); color: var(--warn-ink); border: 1px solid #f3c4b5; margin: 1px 4px 1px 0; white-space: nowrap; }
        .badge.ok { background: var(--ok-bg); color: var(--ok-ink); border-color: #b8e0c8; }
        .controls { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-end;
          padding-bottom: 14px; border-bottom: 1px solid var(--line); margin-bottom: 14px; }
        .controls label { display: flex; flex-direction: column; gap: 4px; font-size: 13px; font-weight: 600; color: #374151; flex: 1 1 200px; min-width: 0; }
        .controls label span.row { display: flex; justify-content: space-between; }
        .controls output { font-weight: 500; color: var(--accent); font-variant-numeric: tabular-nums; }
        select, button { font: inherit; padding: 6px 10px; border: 1px solid #c9ced6; border-radius: 6px; background: #fff; color: var(--ink); }
        select { width: 100%; }
        button { cursor: pointer; font-weight: 600; }
        button:hover { background: #f0f2f5; }
        button:focus-visible, select:focus-visible, input:focus-visible, tr:focus-visible { outline: 3px solid #7fb3e6; outline-offset: 1px; }
        input[type=range] { width: 100%; accent-color: var(--accent); margin: 6px 0 2px; }
        input[type=range]:disabled { opacity: .4; }
        .product-title { margin-bottom: 12px; }
        .product-title h2, .product-title p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .product-title p { margin: 2px 0 0; color: var(--muted); font-size: 14px; }
        .product-title p.problem { white-space: normal; color: var(--warn-ink); }
        .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 16px; }
        .card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; min-height: 108px; background: #fbfcfd; }
        .card h3 { font-size: 13px; font-weight: 600; color: var(--muted); margin: 0; }
        .card .value { font-size: 28px; font-weight: 650; margin: 2px 0 0; font-variant-numeric: tabular-nums; }
        .card .note { margin: 0; font-size: 13px; color: var(--muted); }
        .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 14px; margin-bottom: 16px; }
        figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; background: #fff; position: relative; min-width: 0; }
        figure.chart svg { display: block; width: 100%; height: auto; touch-action: pan-y; }
        figure.chart:empty { display: none; }
        figure.chart:focus-visible { outline: 3px solid #7fb3e6; outline-offset: 1px; }
        .tip { position: absolute; z-index: 2; pointer-events: none; background: rgba(255, 255, 255, .96); border: 1px solid #c9ced6; border-radius: 6px;
          box-shadow: 0 2px 8px rgba(0, 0, 0, .12); padding: 6px 9px; font-size: 12.5px; line-height: 1.45; max-width: 72%; font-variant-numeric: tabular-nums; }
        .tip strong { display: block; font-weight: 650; white-space: nowrap; }
        .tip .tip-row { display: block; }
        .tip b { white-space: nowrap; }
        .tip i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        figure.chart svg.compact { display: none; }
        figure.chart p.stock-off { margin: 0; padding: 16px; color: var(--muted); }
        .alerts { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; min-height: 0; }
        .alerts ul { list-style: none; margin: 0 0 12px; padding: 0; }
        .alerts li { padding: 5px 0; border-bottom: 1px solid #f0f1f3; font-size: 14px; }
        .alerts li:last-child { border-bottom: 0; }
        .alerts .none { color: var(--muted); }
        .alerts .action { font-weight: 600; }
        .alerts .since { color: var(--muted); font-size: 13px; }
        .alerts h4 { font-size: 13px; color: var(--muted); margin: 0 0 4px; font-weight: 600; }
        .nowrap { white-space: nowrap; }
        .product-title a { color: var(--accent); }
        .rule .mark { font-weight: 650; }
        .rule.fires .mark { color: var(--warn-ink); }
        .rule.ok .mark { color: var(--ok-ink); }
        .table-head { display: flex; align-items: center; justify-content: space-between; margin-bottom: 8px; gap: 12px; }
        .table-head h3 { margin: 0; }
        footer { color: var(--muted); font-size: 13px; padding: 0 0 28px; }
        @media (max-width: 900px) {
          .cards { grid-template-columns: 1fr 1fr; }
          .card { min-height: 150px; }
          .grid { grid-template-columns: minmax(0, 1fr); }
        }
        @media (max-width: 520px) {
          figure.chart svg.wide { display: none; }
          figure.chart svg.compact { display: block; }
          .wrap { padding: 0 12px; }
          .panel { padding: 12px; }
          .controls label { flex-basis: 100%; }
          .controls button { flex: 1 1 100%; }
          .wide-only { display: none; }
          .card .value { font-size: 23px; }
          header.top h1 span { display: block; margin: 0; font-size: 16px; }
          .overview .alerts-col, .forecast .weekday, .forecast .long { display: none; }
          .forecast .short { display: inline; }
          .tip { font-size: 12px; max-width: 80%; }
          .overview .inline-badges { display: block; white-space: normal; }
          .overview .inline-badges .badge { font-size: 11px; padding: 0 6px; }
          .overview tbody th { max-width: 150px; }
          table.overview { font-size: 13.5px; }
          .overview tbody th .name { display: block; overflow: hidden; text-overflow: ellipsis; }
          thead th { white-space: normal; vertical-align: bottom; }
          th, td { padding: 6px 5px; }
          #overview-count { margin-left: 0; }
          .product-title h2, .product-title p { white-space: normal; overflow-wrap: anywhere; }
        }
        """
}
