import Foundation
import StockcastTesting
import Testing

/// `maxQuantity` and `decimalSeparator` from the configuration file reach `stockcast import`;
/// values that cannot be used are refused, naming the key.
@Suite struct IngestConfigurationTests {
    @Test func theConfiguredCeilingAndDecimalSeparatorApplyAndBadValuesAreRefused() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A tab-separated file says nothing about its decimal separator: 1.234 is ambiguous.
        try "Date\tSKU\tQty\n2024-01-01\tA\t1.234\n".write(toFile: dir + "/a.csv", atomically: true, encoding: .utf8)
        let ambiguous = try CommandLineTests.run(["import", "a.csv"], in: dir)
        #expect(ambiguous.status == 1 && ambiguous.output.contains("\"1.234\" could be 1234"), "\(ambiguous.output)")

        try #"{"maxQuantity": 1000, "decimalSeparator": ","}"#.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        try "Date\tSKU\tQty\n2024-01-01\tA\t1.234\n2024-01-01\tB\t5\n".write(toFile: dir + "/c.csv", atomically: true, encoding: .utf8)
        let tooMany = try CommandLineTests.run(["import", "c.csv"], in: dir)
        #expect(tooMany.status == 1 && tooMany.output.contains("1.234 is more than 1000 units"), "\(tooMany.output)")

        try #"{"maxQuantity": 5000, "decimalSeparator": ","}"#.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        try "Date\tSKU\tQty\n2024-01-02\tA\t1.234\n".write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        let read = try CommandLineTests.run(["import", "b.csv"], in: dir)
        #expect(read.status == 0, "\(read.errors.suffix(800))")
        let history = try CommandLineTests.run(["history"], in: dir)
        #expect(history.output.contains("2024-01-02,A,1234,0"), "\(history.output)")

        for (json, key) in [(#"{"maxQuantity": 0}"#, "maxQuantity"), (#"{"decimalSeparator": ";"}"#, "decimalSeparator")] {
            try json.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
            let refused = try CommandLineTests.run(["import", "b.csv"], in: dir)
            #expect(refused.status != 0 && refused.errors.contains(key), "\(json): \(refused.errors.suffix(800))")
        }
    }
}
