import StockcastCore
import Testing

@Suite struct FileNameTests {
    static let latin1 = Array("caf".utf8) + [0xE9] + Array(".csv".utf8)

    @Test func displayIsReadableAndKeyTellsEveryNameApart() {
        let names: [[UInt8]] = [
            Self.latin1, Array("caf%E9.csv".utf8), Array("café.csv".utf8), Array("plain.csv".utf8),
            [0xFF, 0x25, 0x41], Array("100%.csv".utf8), Array("%25.csv".utf8), Array("%.csv".utf8),
        ]
        #expect(
            FileName.display(Self.latin1) == "caf%E9.csv" && FileName.display(Array("caf%E9.csv".utf8)) == "caf%E9.csv",
            "two names display alike")
        #expect(FileName.key(Self.latin1) == "caf%E9.csv" && FileName.key(Array("caf%E9.csv".utf8)) == "caf%25E9.csv")
        #expect(
            FileName.key(Array("café.csv".utf8)) == "café.csv" && FileName.key(Array("plain.csv".utf8)) == "plain.csv",
            "a UTF-8 name without % is its own key")
        #expect(Set(names.map(FileName.key)).count == names.count, "keys are one-to-one")
        for name in names { #expect(FileName.bytes(ofKey: FileName.key(name)) == name, "\(FileName.display(name))") }
        #expect(FileName.bytes(ofKey: "bad%4") == nil && FileName.bytes(ofKey: "bad%zz") == nil)
    }

    @Test func aShortenedKeyKeepsWholeCharactersAndEscapes() {
        #expect(FileName.truncatedKey("ab%E9cd", toBytes: 4) == "ab", "an escape is not split")
        #expect(FileName.truncatedKey("ab%E9cd", toBytes: 5) == "ab%E9")
        #expect(FileName.truncatedKey("éé", toBytes: 3) == "é")
        #expect(FileName.truncatedKey("short", toBytes: 10) == "short")
    }
}
