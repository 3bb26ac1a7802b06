import Foundation
import StockcastCore
import Testing

@testable import Ingest

/// Which product a row is (issue 12, item 6): ids are keyed by their NFC spelling.
@Suite struct ERPFileIdentityTests {
    // MARK: Product ids

    @Test func anIdIsKeyedByItsNFCSpellingWhicheverSpellingComesFirst() throws {
        let nfc = "\u{C5}rhus", nfd = "A\u{30A}rhus"
        for rows in [[nfd, nfc], [nfc, nfd], [nfd]] {
            var csv = "Date,SKU,Sales\n"
            for (i, id) in rows.enumerated() { csv += "2024-01-01,\(id),\(i + 1)\n" }
            let file = try ingest(csv)
            #expect(file.totals.keys.map { Array($0.utf8) } == [Array(nfc.utf8)], "\(rows.map { Array($0.unicodeScalars) })")
            #expect(file.totals.values.first?[day("2024-01-01")]?.sales == Double(rows.count * (rows.count + 1) / 2))
        }
    }

    @Test func spellingsOfOneProductCountOnceAgainstMaxProducts() throws {
        let csv = "Date,SKU,Sales\n2024-01-01,A\u{30A},1\n2024-01-01,\u{C5},1\n2024-01-01,\u{212B},1\n"
        let file = try ingest(csv, options: IngestOptions(maxProducts: 1))
        #expect(file.totals.count == 1 && file.totals["\u{C5}"]?[day("2024-01-01")]?.sales == 3, "Å, A + ring and the Ångström sign")
        #expect(
            rejection(csv + "2024-01-01,B,1\n", options: IngestOptions(maxProducts: 1))?.hasPrefix("t.csv line 5, column SKU: \"B\" would be product number 2")
                == true)
    }

    @Test func distinctIdsStayDistinct() throws {
        // Compatibility forms are different ids (NFC, not NFKC); so are case and width.
        let ids = ["\u{FB01}", "fi", "A", "a", "\u{FF21}", "e\u{301}\u{323}", "e\u{323}\u{301}x"]
        var csv = "Date,SKU,Sales\n"
        for id in ids { csv += "2024-01-01,\(id),1\n" }
        #expect(try ingest(csv).totals.count == ids.count)
    }

    @Test func anIdLongerThanTheLimitInNFCIsRejected() {
        // U+0958 is 3 bytes, 6 in NFC (a composition exclusion): 60 of them are 180 bytes, 360 in NFC.
        let id = String(repeating: "\u{0958}", count: 60)
        #expect(
            rejection("Date,SKU,Sales\n2024-01-01,\(id),1\n")?.contains("is 360 bytes long in Unicode normal form C; a product id may have at most 256 bytes")
                == true)
    }
}
