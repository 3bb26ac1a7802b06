import CSV
import Foundation
import StockcastCore

/// The seed system's CSV: a header `Date,Product_ID,Sales,Returns` (any order, any case, other
/// columns ignored), ISO dates, non-negative quantities. Rows for the same product and day are
/// summed; a day without a row is a day of zero sales and returns.
public enum SeedFormat {
    /// The header the seed system wrote (and `render` writes).
    public static let header = "Date,Product_ID,Sales,Returns"

    /// Reads the file at `path` into one history per product, sorted by product id.
    public static func read(path: String) throws(IngestError) -> [ProductHistory] {
        let name = (path as NSString).lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: path), let stream = InputStream(fileAtPath: path) else {
            throw IngestError(file: path, reason: "cannot be read (no such file, a directory, or no permission)")
        }
        return try parse(stream, name: name)
    }

    /// Parses CSV text (for tests and in-memory data).
    public static func parse(text: String, name: String) throws(IngestError) -> [ProductHistory] {
        try parse(InputStream(data: Data(text.utf8)), name: name)
    }

    static func parse(_ stream: InputStream, name: String) throws(IngestError) -> [ProductHistory] {
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw IngestError(file: name, line: 1, reason: "has no readable header line (empty file or not UTF-8 text)")
        }
        let headerRow = (reader.headerRow ?? []).enumerated().map { index, field in
            (index == 0 ? String(field.drop(while: { $0 == "\u{FEFF}" })) : field)
                .trimmingCharacters(in: .whitespaces).lowercased()
        }
        func column(_ wanted: String) throws(IngestError) -> Int {
            guard let index = headerRow.firstIndex(of: wanted.lowercased()) else {
                throw IngestError(file: name, line: 1, reason: "the header lacks a \(wanted) column (expected \(header))")
            }
            return index
        }
        let dateColumn = try column("Date"), productColumn = try column("Product_ID")
        let salesColumn = try column("Sales"), returnsColumn = try column("Returns")

        // On Linux, InputStream reports bytes available at its end, so CSV.swift's last read fails
        // with `cannotReadFile` once the stream is exhausted: that, and only that, is the normal end.
        func readFailure(_ line: Int) -> IngestError? {
            guard let error = reader.error else { return nil }
            if case CSVError.cannotReadFile = error, stream.streamStatus == .atEnd { return nil }
            if case CSVError.unicodeDecoding = error {
                return IngestError(file: name, line: line, reason: "is not UTF-8 text (invalid bytes on this line)")
            }
            return IngestError(file: name, line: line, reason: "cannot be read (\(error))")
        }

        var totals: [String: [Day: (sales: Double, returns: Double)]] = [:]
        var line = 1
        while let row = reader.next() {
            line += 1
            if let failure = readFailure(line) { throw failure }
            if row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard row.count == headerRow.count else {
                throw IngestError(file: name, line: line, reason: "has \(row.count) fields; the header has \(headerRow.count)")
            }
            let dateText = row[dateColumn].trimmingCharacters(in: .whitespaces)
            guard let day = date(dateText) else {
                throw IngestError(file: name, line: line, column: "Date", reason: "\"\(dateText.prefix(40))\" is not a date (expected YYYY-MM-DD, optionally followed by a time)")
            }
            let product = row[productColumn]
            let sales = try quantity(row[salesColumn], name: name, line: line, column: "Sales")
            let returns = try quantity(row[returnsColumn], name: name, line: line, column: "Returns")
            var cell = totals[product, default: [:]][day] ?? (0, 0)
            cell.sales += sales
            cell.returns += returns
            guard cell.sales.isFinite, cell.returns.isFinite else {
                throw IngestError(file: name, line: line, reason: "the day's total for \(product) is too large to represent")
            }
            totals[product, default: [:]][day] = cell
        }
        if let failure = readFailure(line + 1) { throw failure }
        guard !totals.isEmpty else {
            throw IngestError(file: name, reason: "has a header but no data rows")
        }
        return totals.keys.sorted().map { product in
            let days = totals[product]!
            let first = days.keys.min()!, last = days.keys.max()!
            let count = first.distance(to: last) + 1
            var sales = [Double](repeating: 0, count: count), returns = sales
            for (day, cell) in days {
                sales[first.distance(to: day)] = cell.sales
                returns[first.distance(to: day)] = cell.returns
            }
            return ProductHistory(product: product, start: first, sales: sales, returns: returns)
        }
    }

    /// An ISO date, optionally followed by `T` or a space and a time (`HH:MM`, seconds,
    /// fraction and zone allowed), which is dropped.
    static func date(_ text: String) -> Day? {
        guard let day = Day(iso: text.prefix(10)) else { return nil }
        let rest = text.utf8.dropFirst(10)
        guard let separator = rest.first else { return day }
        let time = Array(rest.dropFirst())
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " "), time.count >= 5,
              time[2] == UInt8(ascii: ":"), time.prefix(2).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              time.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ":.+-Z".utf8.contains($0) }) else { return nil }
        return day
    }

    private static func quantity(_ field: String, name: String, line: Int, column: String) throws(IngestError) -> Double {
        let text = field.trimmingCharacters(in: .whitespaces)
        guard let value = Double(text), value.isFinite else {
            throw IngestError(file: name, line: line, column: column, reason: "\"\(text.prefix(40))\" is not a number")
        }
        guard value >= 0 else {
            throw IngestError(file: name, line: line, column: column, reason: "\(text) is negative; quantities must be 0 or more")
        }
        return value
    }

    /// Histories as seed-format CSV, every day of each product from its first to its last,
    /// products in the given order, quantities without a fraction when they are whole.
    public static func render(_ histories: [ProductHistory]) -> String {
        var out = header + "\n"
        for h in histories {
            for i in 0..<h.count {
                out += "\(h.start.advanced(by: i)),\(csvField(h.product)),\(number(h.sales[i])),\(number(h.returns[i]))\n"
            }
        }
        return out
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
