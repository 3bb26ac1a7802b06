import Foundation
import Planning
import StockcastCore
import StockcastTesting
import Testing

@testable import Reports

/// The overview and the loading of a product's data, as the page's scripts do them, under
/// Node.js: search, sort and paging over the page's index (`overview.js`), and each product's
/// data.js read from the folder the page asks for. Skipped where Node.js is missing.
@Suite(.enabled(if: Node.isInstalled, Node.missing))
struct DashboardOverviewTests {
    /// `count` products `SKU-<i>` (not in name order), every 7th with one alert, every 30th with two.
    static func catalogue(_ count: Int) throws -> [ProductReport] {
        let alert = ActiveAlert(fingerprint: "f", name: .highReturnRate, subject: "", summary: "forecast return rate high", startsAt: 0)
        let gap = ActiveAlert(fingerprint: "g", name: .dataGap, subject: "", summary: "1 day without any file", startsAt: 0)
        let base = try sampleReport()
        return (0..<count).map { i in
            var r = base
            r.product = "SKU-\((i * 37) % count)"
            r.alerts = i % 30 == 0 ? [alert, gap] : i % 7 == 0 ? [alert] : []
            // Figures that differ from product to product.
            let f = 1 + Double((i * 13) % count) / 100
            r.plan = Planner.plan(r.forecast, horizon: 30, safetyFactor: f)
            return r
        }
    }

    /// A Node program: overview.js and plan.js as the page has them, its index as `data`, the
    /// overview's rows as `rows`, then `body`.
    static func program(_ reports: [ProductReport], _ body: String) throws -> String {
        let html = try XMLNode.parse(DashboardTests.page(reports))
        func script(_ id: String) throws -> String { try #require(html.elements("script").first { $0["id"] == id }).allText }
        return try script("stockcast-plan") + "\n" + script("stockcast-overview") + "\nconst data = " + script("stockcast-data")
            + ";\nconst rows = StockcastOverview.rows(data);\n" + body
    }

    struct Page: Decodable {
        var ids: [String], total: Int, page: Int, pages: Int, first: Int, last: Int
    }

    static func pages(_ reports: [ProductReport], _ states: [String]) throws -> [Page] {
        let output = try Node.run(
            try program(
                reports,
                """
                const states = [\(states.joined(separator: ","))];
                console.log(JSON.stringify(states.map((s) => {
                  const v = StockcastOverview.view(rows, Object.assign({ query: "", alertsOnly: false, sort: "urgency", descending: true, page: 0, size: 50 }, s));
                  return { ids: v.rows.map((r) => r.id), total: v.total, page: v.page, pages: v.pages, first: v.first, last: v.last };
                })));
                """))
        return try DashboardTests.decode([Page].self, output)
    }

    @Test func overviewOpensMostAlertsFirstAndPagesThroughEveryProduct() throws {
        let reports = try Self.catalogue(120)
        let pages = try Self.pages(reports, ["{}", "{page: 1}", "{page: 2}", "{page: 9}", "{page: -3}", "{size: 1000}"])
        let urgent = Dashboard.attentionOrder(reports).map { reports[$0].product }
        #expect(pages[0].ids == Array(urgent.prefix(50)), "the daemon's attention order")
        #expect(reports.filter { $0.product == pages[0].ids[0] }.first?.alerts.count == 2)
        #expect((pages[0].total, pages[0].pages, pages[0].first, pages[0].last) == (120, 3, 1, 50))
        #expect(pages[1].ids == Array(urgent[50..<100]) && (pages[1].first, pages[1].last) == (51, 100))
        #expect(pages[2].ids == Array(urgent[100...]) && (pages[2].first, pages[2].last) == (101, 120))
        #expect(pages[3].page == 2 && pages[3].ids == pages[2].ids, "a page past the end shows the last")
        #expect(pages[4].page == 0 && pages[4].ids == pages[0].ids)
        #expect(pages[5].ids == urgent && pages[5].pages == 1)
        #expect(Set(pages[0].ids + pages[1].ids + pages[2].ids).count == 120, "every product on exactly one page")
    }

    @Test func overviewFiltersByPartOfTheIdAndByAlerts() throws {
        let reports = try Self.catalogue(120)
        let pages = try Self.pages(
            reports, ["{query: 'sku-1'}", "{query: '  SKU-11 '}", "{alertsOnly: true}", "{query: 'nothing like it'}", "{query: '1', alertsOnly: true}"])
        let ids = reports.map(\.product)
        let urgent = Dashboard.attentionOrder(reports).map { reports[$0].product }
        #expect(pages[0].ids == Array(urgent.filter { $0.lowercased().contains("sku-1") }.prefix(50)))
        #expect(pages[0].total == ids.filter { $0.lowercased().contains("sku-1") }.count)
        #expect(pages[1].ids == urgent.filter { $0.contains("SKU-11") } && pages[1].total == 11)
        #expect(pages[2].ids == urgent.filter { id in reports.first { $0.product == id }?.alerts.isEmpty == false })
        #expect(pages[3].ids.isEmpty && pages[3].total == 0 && pages[3].pages == 1 && pages[3].first == 0)
        let alerted = Set(reports.filter { !$0.alerts.isEmpty }.map(\.product))
        #expect(pages[4].ids == urgent.filter { $0.contains("1") && alerted.contains($0) })
    }

    @Test func overviewSortsByEachColumnBothWays() throws {
        let reports = try Self.catalogue(120)
        let pages = try Self.pages(
            reports,
            [
                "{sort: 'product', descending: false, size: 200}", "{sort: 'product', descending: true, size: 200}",
                "{sort: 'inventory', size: 200}", "{sort: 'inventory', descending: false, size: 200}", "{sort: 'rate', size: 200}",
            ])
        // Names in natural order: SKU-2 before SKU-10.
        let natural = reports.map(\.product).sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        #expect(pages[0].ids == natural)
        #expect(pages[1].ids == natural.reversed())
        let inventory = Dictionary(uniqueKeysWithValues: reports.map { ($0.product, Double(Rendering.decimal($0.plan.metrics.recommendedInventory, 0)) ?? 0) })
        let descending = pages[2].ids.compactMap { inventory[$0] }
        #expect(descending.count == 120 && zip(descending, descending.dropFirst()).allSatisfy { $0 >= $1 })
        let ascending = pages[3].ids.compactMap { inventory[$0] }
        #expect(zip(ascending, ascending.dropFirst()).allSatisfy { $0 <= $1 } && ascending.first ?? 0 < ascending.last ?? 0)
        #expect(pages[4].ids.count == 120)
    }

    @Test func productDataOfHostileIdsLoadsFromTheFolderThePageAsksFor() throws {
        let ids = [
            "</script><script>alert(1)</script>", "../../etc/passwd", "%2E", ".hidden", "a\u{2028}b\u{2029}c", "say \"hi\" 'there'",
            "Bücher & Co", "日本語 商品", "", "a/b\\c", String(repeating: "x", count: 300), "emoji 📦 #?&=", "P001",
        ]
        let reports = try ids.enumerated().map { try sampleReport(product: $1, seed: UInt64($0 + 1)) }
        let root = try Scratch.directory("outbox")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outbox = Outbox(root: root)
        for r in reports { try outbox.publish(Outbox.productFile(r.product, Rendering.dashboardDataFile), Rendering.dashboardData(r)) }
        let output = try Node.run(
            try Self.program(
                reports,
                """
                const fs = require("fs"), vm = require("vm"), root = \(JSONText.string(root).text);
                const got = [];
                globalThis.StockcastData = { product: (d) => got.push({ asked: null, id: d.id, version: d.format_version, days: d.sales.length }) };
                for (const row of rows) {
                  // The address the page gives its <script> element, as a file: URL resolves it.
                  const url = "products/" + encodeURIComponent(row.folder) + "/" + data.data_file;
                  vm.runInThisContext(fs.readFileSync(root + "/" + decodeURIComponent(url), "utf8"));
                  got[got.length - 1].asked = row.id;
                }
                console.log(JSON.stringify(got));
                """))
        struct Loaded: Decodable { var asked: String, id: String, version: Int, days: Int }
        let loaded = try DashboardTests.decode([Loaded].self, output)
        #expect(loaded.map(\.asked) == ids && loaded.map(\.id) == ids, "each file holds its own product's data")
        #expect(loaded.allSatisfy { $0.version == DashboardProductData.formatVersion && $0.days == 90 })
        let folders = try FileManager.default.contentsOfDirectory(atPath: root + "/products")
        #expect(Set(folders) == Set(ids.map(SafeFileName.encode)) && folders.count == ids.count)
    }
}
