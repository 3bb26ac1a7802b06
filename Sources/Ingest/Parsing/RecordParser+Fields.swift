import Foundation
import StockcastCore

// One field of a record read as a day or a product id (quantities: RecordParser+Quantities).
extension RecordParser {
    /// A quoted field's content with `""` undoubled.
    static func unescape(_ p: UnsafePointer<UInt8>, _ span: FieldSpan) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var i = span.start
        while i < span.end {
            out.append(p[i])
            i += p[i] == 0x22 ? 2 : 1
        }
        return out
    }

    @inline(__always)
    static func trim(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var s = start, e = end
        while s < e && (p[s] == 0x20 || p[s] == 0x09) { s += 1 }
        while e > s && (p[e - 1] == 0x20 || p[e - 1] == 0x09) { e -= 1 }
        return (s, e)
    }

    @inline(__always)
    mutating func readDay(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int) throws(IngestError) -> Day {
        let (s, e) = Self.trim(p, start, end)
        switch FieldValues.date(p, s, e, format: dateFormat) {
        case .day(let day, let style, let hasTime):
            dateStyles |= style.rawValue
            if hasTime { sawTimes = true }
            if let earliestDay, day < earliestDay {
                throw IngestError(
                    file: name, line: line, column: columnName(of: .date),
                    reason:
                        "\"\(Self.shown(p, s, e))\" is before \(earliestDay), the earliest day accepted: a placeholder date or a mistyped year? Correct the date in the export (older history needs earliestDate in the configuration)"
                )
            }
            if let latestDay, day > latestDay {
                throw IngestError(
                    file: name, line: line, column: columnName(of: .date),
                    reason: "\"\(Self.shown(p, s, e))\" is after \(latestDay), the latest day accepted: a mistyped year? Correct the date in the export")
            }
            return day
        case .impossible(let year, let month, let dayOfMonth):
            let text = Self.shown(p, s, e)
            let why: String
            if year < 1 {
                why = "there is no year 0"
            } else if month < 1 || month > 12 {
                why = "there is no month \(month)"
            } else if dayOfMonth < 1 {
                why = "there is no day 0"
            } else {
                let monthName = Self.monthNames[month - 1]
                let length = (1...31).last { Day(year: year, month: month, day: $0) != nil } ?? 31
                why = "\(monthName) \(year) has \(length) days"
            }
            throw IngestError(
                file: name, line: line, column: columnName(of: .date),
                reason: "\"\(text)\" is not a day of the calendar (\(why)); correct the date in the export")
        case .unrecognised:
            if s == e {
                throw IngestError(
                    file: name, line: line, column: columnName(of: .date),
                    reason: "is empty; every row needs a date")
            }
            var formats = "YYYY-MM-DD or DD.MM.YYYY"
            if let dateFormat { formats += " or the configured \(dateFormat.text)" }
            throw IngestError(
                file: name, line: line, column: columnName(of: .date),
                reason:
                    "\"\(Self.shown(p, s, e))\" is not a date in a known format (expected \(formats), optionally followed by a time); other formats need date_format in the configuration"
            )
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]

    @inline(__always)
    mutating func readProduct(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int) throws(IngestError) -> Int32 {
        let (s, e) = Self.trim(p, start, end)
        if let index = products.find(p, s, e) { return index }
        // A new product: check it once.
        guard s < e else {
            throw IngestError(
                file: name, line: line, column: columnName(of: .product),
                reason: "is empty; every row needs a product id")
        }
        guard e - s <= Self.maxProductBytes else {
            throw IngestError(
                file: name, line: line, column: columnName(of: .product),
                reason: "\"\(Self.shown(p, s, e))\" is \(e - s) bytes long; a product id may have at most \(Self.maxProductBytes) bytes (UTF-8)")
        }
        for k in s..<e where p[k] < 0x20 || p[k] == 0x7F {
            let code = String(p[k], radix: 16, uppercase: true)
            throw IngestError(
                file: name, line: line, column: columnName(of: .product),
                reason: "contains the control character U+\(String(repeating: "0", count: 4 - code.count) + code); a product id must be printable text")
        }
        // The product's key: the id in NFC. Most ids are ASCII, or NFC already.
        var ascii = true
        for k in s..<e where p[k] >= 0x80 {
            ascii = false
            break
        }
        if ascii { return try newProduct(p, s, e, line: line) }
        let spelling = String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
        let key = Array(spelling.precomposedStringWithCanonicalMapping.utf8)
        if key.elementsEqual(UnsafeBufferPointer(start: p + s, count: e - s)) { return try newProduct(p, s, e, line: line) }
        guard key.count <= Self.maxProductBytes else {
            throw IngestError(
                file: name, line: line, column: columnName(of: .product),
                reason:
                    "\"\(Self.shown(p, s, e))\" is \(key.count) bytes long in Unicode normal form C; a product id may have at most \(Self.maxProductBytes) bytes (UTF-8)"
            )
        }
        // Another spelling of a product (`A` + combining ring for `Å`): an alias of its key.
        return try key.withUnsafeBufferPointer { (k) throws(IngestError) -> Int32 in
            let q = k.baseAddress ?? p
            let product: Int32
            if let known = products.find(q, 0, k.count) {
                product = known
            } else {
                product = try newProduct(q, 0, k.count, line: line, shown: Self.shown(p, s, e))
            }
            products.insertSpelling(p, s, e, of: product)
            return product
        }
    }

    /// Adds the product whose key is `p[start..<end]` (in NFC), within `maxProducts`.
    /// `shown`: the id as the row writes it, for the message.
    mutating func newProduct(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int, shown: String? = nil) throws(IngestError) -> Int32 {
        guard products.count < maxProducts else {
            if maxProducts == Int(Int32.max) {
                throw IngestError(
                    file: name, line: line, column: columnName(of: .product),
                    reason: "has more distinct product ids than can be read from one file; split the export")
            }
            throw IngestError(
                file: name, line: line, column: columnName(of: .product),
                reason:
                    "\"\(shown ?? Self.shown(p, start, end))\" would be product number \(maxProducts + 1) of this file; Stockcast plans at most \(maxProducts) products (maxProducts in the configuration)"
            )
        }
        return products.insertProduct(p, start, end)
    }
}
