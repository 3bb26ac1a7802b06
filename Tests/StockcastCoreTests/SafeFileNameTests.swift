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

    // MARK: Injectivity (issue 12, item 6)

    /// Every id over a small alphabet of plain, escaped and escape-like characters, up to three
    /// characters long, plus the NFC and NFD spellings of one letter.
    static let small: [String] = {
        let alphabet = ["a", "A", "%", "2", "F", "E", ".", "~", "/", " ", "-", "\u{E9}", "e\u{301}"]
        var ids = [""]
        var level = [""]
        for _ in 0..<3 {
            level = level.flatMap { prefix in alphabet.map { prefix + $0 } }
            ids += level
        }
        return ids
    }()

    @Test func idsWithDifferentBytesNeverShareANameAndDecodeBack() {
        var byName: [[UInt8]: [UInt8]] = [:]
        for id in Self.small + ["%2F", "%2f", "%2E", ".a", "%2Ea", "%7E", "\u{C5}", "A\u{30A}", "\u{212B}"] {
            let name = SafeFileName.encode(id)
            let bytes = Array(id.utf8)
            if let other = byName[Array(name.utf8)], other != bytes {
                Issue.record("\(bytes) and \(other) share the name \(name)")
            }
            byName[Array(name.utf8)] = bytes
            #expect(SafeFileName.decode(name).map { Array($0.utf8) } == bytes, "\(bytes) → \(name)")
        }
        // Canonically equivalent spellings are different bytes, so different names (ingest keys
        // products by the NFC spelling, so only that one reaches the outbox).
        #expect(SafeFileName.encode("\u{C5}") != SafeFileName.encode("A\u{30A}"))
    }

    /// Two ids of 201 bytes with the same first 190, whose 64-bit FNV-1a hashes are equal (found
    /// by a Pollard rho search): shortened with that hash, they shared one name.
    static let fnvCollision = (String(repeating: "x", count: 190) + "SNOG5MPK5tH", String(repeating: "x", count: 190) + "jEPpEmTfhSA")

    @Test func longIdsNeverShareANameEvenWhenTheirShortHashesCollide() {
        let (a, b) = Self.fnvCollision
        #expect(fnv1a64(a.utf8) == fnv1a64(b.utf8), "the pair collides in FNV-1a")
        #expect(SafeFileName.encode(a) != SafeFileName.encode(b))
        // Long ids differing anywhere, also only beyond the kept prefix or in an escaped byte.
        let prefix = String(repeating: "y", count: 200)
        var ids = (0..<300).map { prefix + String($0) }
        ids += ["\u{E9}", "e\u{301}", "/", "%2F", "%", "~"].map { prefix + String(repeating: "z", count: 30) + $0 }
        ids += (0..<50).map { String(repeating: "\u{E9}", count: 100) + String($0) }
        let names = ids.map(SafeFileName.encode)
        #expect(Set(names).count == Set(ids.map { Array($0.utf8) }).count)
        #expect(names.allSatisfy { $0.utf8.count <= SafeFileName.maximumLength && $0.contains("~") })
        #expect(names.allSatisfy { SafeFileName.decode($0) == nil }, "a shortened name does not decode")
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (String(repeating: "a", count: 119), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        ("\u{C5}/\u{E9}", "ec4bd50b17dd15e4bea3917032c6c5a899f152c2d1f7ab30e6cc812650b08505"),
    ])
    func sha256MatchesTheStandardsVectors(_ text: String, _ hex: String) {
        #expect(StableDigest.sha256Hex(text.utf8) == hex)
    }
}
