import Foundation
import StockcastCore
import Store
import Testing

@testable import Daemon

/// One product whatever the Unicode spelling of its id, across files too (issue 12, item 6):
/// `Å` (NFC) in one file and `A` + combining ring (NFD) in the next are one product in the
/// history, the models and the outbox, keyed by the NFC spelling.
@Suite struct ProductIdentityTests {
    @Test func spellingsOfOneIdInDifferentFilesAreOneProduct() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let nfc = "\u{C5}rhus", nfd = "A\u{30A}rhus"
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try write(seedCSV(days: 20, products: [nfd]), to: settings.inbox + "/a.csv")
        try write(seedCSV(days: 5, from: 20, products: [nfc]), to: settings.inbox + "/b.csv")
        #expect(await pipeline.process("a.csv").outcome?.status == .accepted)
        #expect(await pipeline.process("b.csv").outcome?.status == .accepted)
        let db = try StockcastDatabase(path: settings.databasePath)
        #expect(try db.products().map { Array($0.utf8) } == [Array(nfc.utf8)])
        #expect(try db.history(product: nfc)?.count == 25)
        try await pipeline.publish()
        let summary = try String(contentsOfFile: settings.outbox + "/summary.csv", encoding: .utf8).split(separator: "\n")
        #expect(summary.count == 2, "\(summary)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: settings.outbox + "/products") == [SafeFileName.encode(nfc)])
    }
}
