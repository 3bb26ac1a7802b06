#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import StockcastCore

/// How to read input files beyond what the file itself says (its delimiter, quoting and
/// header are detected).
public struct IngestOptions: Sendable, Equatable {
    /// Extra date format from the configuration (`date_format`), e.g. "MM/dd/yyyy" or "yyyyMMdd":
    /// tokens yyyy, MM, dd (M, d = 1–2 digits) and literal characters. Tried after ISO and day-first.
    /// Other letters are refused (a time after the date is dropped without being described here).
    public var dateFormat: String?
    /// Days before this one are refused as implausible: placeholder dates (1900-01-01,
    /// 1970-01-01, 0001-01-01) and mistyped years, which would otherwise stretch a product's
    /// history over decades or centuries of zeros. nil: any day of the calendar.
    public var earliestDay: Day?
    /// Days after this one are refused as implausible: mistyped years (2204, 9999), which would
    /// otherwise stretch a history over centuries of zeros (the daemon sets it ten years after
    /// today for each file, room for test and synthetic data). nil: any day of the calendar.
    public var latestDay: Day?
    /// The most distinct product ids a file may hold; the row that brings one more is refused,
    /// so that reading a runaway export stops early. nil: no limit.
    public var maxProducts: Int?

    /// The earliest day accepted by default: 1990-01-01.
    public static let defaultEarliestDay = Day(daysSince1970: 7305)

    public init(dateFormat: String? = nil, earliestDay: Day? = IngestOptions.defaultEarliestDay, latestDay: Day? = nil,
                maxProducts: Int? = nil) {
        self.dateFormat = dateFormat
        self.earliestDay = earliestDay
        self.latestDay = latestDay
        self.maxProducts = maxProducts
    }
}

/// One product's sums for one day, in units.
public struct DailyCell: Sendable, Equatable {
    /// Units sold that day (0 when the file carries no sales).
    public var sales: Double
    /// Units returned that day (0 when the file carries no returns).
    public var returns: Double

    public init(sales: Double = 0, returns: Double = 0) {
        self.sales = sales
        self.returns = returns
    }
}

/// A file's content summed per product and day.
public struct IngestedFile: Sendable {
    /// What the file carries: [.sales], [.returns] or both (a signed quantity carries both).
    public var measures: Set<SeriesKind>
    /// Product id → day → sums, only for the days on which the product has at least one row.
    /// A measure the file does not carry stays 0 and must be ignored by the caller.
    public var totals: [String: [Day: DailyCell]]
    /// Data rows read (not counting the header and blank lines).
    public var rows: Int
    /// The detected dialect in words, for logs, e.g. "';'-separated, CRLF, BOM, day-first dates,
    /// signed quantity".
    public var dialect: String

    public init(measures: Set<SeriesKind>, totals: [String: [Day: DailyCell]], rows: Int, dialect: String) {
        self.measures = measures
        self.totals = totals
        self.rows = rows
        self.dialect = dialect
    }

    /// One history per product, dense from its first to its last day with zero for the days
    /// without rows, sorted by product id.
    public func histories() -> [ProductHistory] {
        var result: [ProductHistory] = []
        result.reserveCapacity(totals.count)
        for (product, days) in totals {
            let cells = days.lazy.map { (day: $0.key, sales: $0.value.sales, returns: $0.value.returns) }
            if let history = ProductHistory(product: product, cells: cells) { result.append(history) }
        }
        return result.sorted { $0.product < $1.product }
    }
}

/// Reader for the ERP exports the inbox accepts (DESIGN.md, "Input: what the inbox accepts"):
/// UTF-8 CSV with a detected delimiter (`,` `;` tab `|`), LF or CRLF, RFC 4180 quoting, and a
/// header naming a date, a product and sales, returns or a signed quantity. The file is read in
/// chunks of 1 MiB; memory beyond the per-product daily sums stays under about 2 MiB.
public enum ERPFile {
    /// Bytes read from a file at a time.
    static let chunkSize = 1 << 20

    /// Reads and validates the whole file; on any bad row throws, and nothing is returned.
    /// The error names the file by its last path component.
    public static func read(path: String, options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestedFile {
        try read(path: path, options: options, chunkSize: chunkSize)
    }

    /// `read(path:options:)` with a chosen chunk size in bytes (tests use tiny ones to cross
    /// chunk boundaries everywhere).
    static func read(path: String, options: IngestOptions, chunkSize: Int) throws(IngestError) -> IngestedFile {
        let name = fileName(path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw IngestError(file: name, reason: "cannot be read: \(openFailure(errno, path: path))")
        }
        defer { close(fd) }
        var parser = try StreamingParser(name: name, options: options)
        var chunk = [UInt8](repeating: 0, count: max(chunkSize, 1))
        while true {
            let count: Int
            do throws(SystemCall.Failure) {
                count = try SystemCall.read(fd, into: &chunk)
            } catch {
                if error.code == EISDIR {
                    throw IngestError(file: name, reason: "cannot be read: \(path) is a directory, not a file")
                }
                throw IngestError(file: name, reason: "cannot be read: \(String(cString: strerror(error.code))) (\(path))")
            }
            if count == 0 { break }
            try parser.feed(chunk[0..<count])
        }
        return try parser.finish()
    }

    /// Parses a file's bytes already in memory (in 1 MiB steps, exactly as `read` does);
    /// `name` is the file name errors report.
    public static func parse(_ bytes: [UInt8], name: String, options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestedFile {
        try parse(bytes, name: name, options: options, chunkSize: chunkSize)
    }

    static func parse(_ bytes: [UInt8], name: String, options: IngestOptions, chunkSize: Int) throws(IngestError) -> IngestedFile {
        var parser = try StreamingParser(name: name, options: options)
        let step = max(chunkSize, 1)
        var start = 0
        while start < bytes.count {
            let end = bytes.count - start <= step ? bytes.count : start + step
            try parser.feed(bytes[start..<end])
            start = end
        }
        return try parser.finish()
    }

    static func fileName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), path.index(after: slash) != path.endIndex else { return path }
        return String(path[path.index(after: slash)...])
    }

    private static func openFailure(_ code: Int32, path: String) -> String {
        switch code {
        case ENOENT: return "there is no file at \(path)"
        case EACCES, EPERM: return "permission denied for \(path)"
        case ENOTDIR: return "a part of \(path) is not a directory"
        default: return "\(String(cString: strerror(code))) (\(path))"
        }
    }
}
