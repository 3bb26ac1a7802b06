import Foundation
import StockcastCore

/// The seed system's CSV: a header `Date,Product_ID,Sales,Returns`, ISO dates, non-negative
/// quantities. Reading accepts every dialect `ERPFile` accepts (the seed's is the common case):
/// rows for the same product and day are summed; a day without a row is a day of zero sales
/// and returns.
package enum SeedFormat {
    /// The header the seed system wrote (and `render` writes).
    package static let header = "Date,Product_ID,Sales,Returns"

    /// Reads the file at `path` into one history per product, sorted by product id.
    package static func read(path: String) throws(IngestError) -> [ProductHistory] {
        try ERPFile.read(path: path).histories()
    }

    /// Parses CSV text (for tests and in-memory data).
    package static func parse(text: String, name: String) throws(IngestError) -> [ProductHistory] {
        try ERPFile.parse(Array(text.utf8), name: name).histories()
    }

    /// Histories as seed-format CSV, every day of each product from its first to its last,
    /// products in the given order, quantities without a fraction when they are whole.
    package static func render(_ histories: [ProductHistory]) -> String {
        var out = header + "\n"
        for h in histories {
            for i in 0..<h.count {
                out += "\(h.start.advanced(by: i)),\(CSVField.quoted(h.product)),\(number(h.sales[i])),\(number(h.returns[i]))\n"
            }
        }
        return out
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }

}
