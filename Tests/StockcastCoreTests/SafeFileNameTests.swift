import Foundation
import StockcastCore
import Testing

@Suite struct SafeFileNameTests {
    static let hostile = [
        "../../etc/passwd", "a/b", ".", "..", "", "...", ".hidden", String(repeating: "x", count: 10_000),
        "nul\u{0}byte", "new\nline", "Bücher & Co", "%2F", "%", "CON", "日本語の商品", "a b", "~tilde",
    ]

    @Test(arguments: hostile)
    func anyIdBecomesOneHarmlessPathComponent(_ id: String) {
        let name = SafeFileName.encode(id)
        #expect(!name.isEmpty)
        #expect(!name.contains("/") && !name.contains("\u{0}") && !name.contains("\n"))
        #expect(name != "." && name != ".." && !name.hasPrefix("."))
        #expect(name.utf8.count <= SafeFileName.maximumLength)
        #expect(name.allSatisfy { $0.isASCII })
        if id.utf8.count < 60 { #expect(SafeFileName.decode(name) == id) }
    }

    @Test func differentIdsNeverShareAName() {
        let ids = Self.hostile + ["A", "a", "P001", "P-001", "P_001", "P 001", String(repeating: "x", count: 9_999) + "y"]
        #expect(Set(ids.map(SafeFileName.encode)).count == Set(ids).count)
    }

    @Test func plainIdsStayReadable() {
        #expect(SafeFileName.encode("P001") == "P001")
        #expect(SafeFileName.encode("Office Supplies") == "Office%20Supplies")
    }
}
