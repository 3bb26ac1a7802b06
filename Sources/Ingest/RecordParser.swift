import StockcastCore

/// Where one field's bytes are within the buffer being parsed.
struct FieldSpan {
    var start = 0
    var end = 0
    /// Quoted with doubled quotes inside, which must be undoubled before use.
    var escaped = false
    var present = false
}

/// Parses records from bytes that are known to be UTF-8, detects the header, validates every
/// row and sums the rows per product and day.
///
/// `process` is given what is buffered so far and consumes whole records only; `finish` turns
/// the sums into an `IngestedFile`.
struct RecordParser {
    /// The longest record accepted, in bytes (without its line break).
    static let maxRecordBytes = 1 << 20
    static let maxProductBytes = 256

    let name: String
    private let dateFormat: DateFormat?
    private let earliestDay: Day?
    private let latestDay: Day?
    private let maxProducts: Int

    /// Physical line (1-based) of the first byte not yet consumed.
    private(set) var line = 1
    private var bomChecked = false
    private var sawBOM = false
    private var header: Header?
    private var delimiter: UInt8 = 0x2C
    private var roles: [Role] = []
    private var fieldCount = 0
    private var decimalComma = false

    private var products = ProductTable()
    private var cells = CellTable()
    private var rows = 0

    // What was seen, for the dialect description.
    private var sawCRLF = false
    private var sawLF = false
    private var sawQuotes = false
    private var sawDecimalComma = false
    private var dateStyles: UInt8 = 0
    private var sawTimes = false

    init(name: String, options: IngestOptions) throws(IngestError) {
        self.name = name
        earliestDay = options.earliestDay
        latestDay = options.latestDay
        maxProducts = min(options.maxProducts ?? Int(Int32.max), Int(Int32.max))
        if let text = options.dateFormat {
            switch DateFormat.compile(text) {
            case .success(let format): dateFormat = format
            case .failure(let problem):
                throw IngestError(file: name, reason: "cannot be read with the configured date_format \"\(problem.format)\": \(problem.reason)")
            }
        } else {
            dateFormat = nil
        }
    }

    // MARK: - Driving

    /// Consumes the complete records in `buffer[0..<end]` (all of it when `final`); returns the
    /// number of bytes consumed.
    mutating func process(_ buffer: UnsafeBufferPointer<UInt8>, end: Int, final: Bool) throws(IngestError) -> Int {
        guard let p = buffer.baseAddress, end > 0 else { return 0 }
        var pos = 0
        if !bomChecked {
            if end < 3 && !final { return 0 }
            if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
                pos = 3
                sawBOM = true
            }
            bomChecked = true
        }
        if header == nil {
            pos = try readHeader(p, from: pos, end: end, final: final)
            if header == nil { return pos }
        }
        while pos < end {
            guard let next = try record(p, from: pos, end: end, final: final) else { break }
            pos = next
        }
        return pos
    }

    // MARK: - Header

    /// Skips blank lines, then reads the header record; returns where it stopped (`header` is
    /// still nil when more input is needed).
    private mutating func readHeader(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, final: Bool) throws(IngestError) -> Int {
        var pos = start
        while pos < end {
            // The record ends at the first line feed outside quotes.
            var i = pos
            var inQuotes = false
            var newlines = 0
            while i < end {
                let byte = p[i]
                if byte == 0x22 {
                    inQuotes.toggle()
                } else if byte == 0x0A {
                    if !inQuotes { break }
                    newlines += 1
                }
                i += 1
            }
            if i - pos > Self.maxRecordBytes {
                throw tooLong(line: line)
            }
            if i == end && !final {
                return pos
            }
            if inQuotes {
                throw IngestError(file: name, line: line,
                                  reason: "the header line opens a quote that is never closed; check the header for a stray \"")
            }
            let next = i < end ? i + 1 : end
            var contentEnd = i
            if contentEnd > pos && p[contentEnd - 1] == 0x0D {
                contentEnd -= 1
                if i < end { sawCRLF = true }
            } else if i < end {
                sawLF = true
            }
            // Blank: nothing but spaces and delimiters (spreadsheets write ",,,").
            var blank = true
            for k in pos..<contentEnd {
                let c = p[k]
                if c != 0x20 && c != 0x09 && c != 0x2C && c != 0x3B && c != 0x7C {
                    blank = false
                    break
                }
            }
            if blank {
                line += newlines + (i < end ? 1 : 0)
                pos = next
                continue
            }
            // A carriage return alone (outside quotes) is an old Mac line break.
            var quotedSpan = false
            for k in pos..<contentEnd {
                if p[k] == 0x22 { quotedSpan.toggle() }
                if p[k] == 0x0D && !quotedSpan && (k + 1 == contentEnd || p[k + 1] != 0x0A) {
                    throw IngestError(file: name, line: line,
                                      reason: "breaks lines with a carriage return alone (old Mac format); export it with LF or CRLF line breaks")
                }
            }
            let bytes = Array(UnsafeBufferPointer(start: p + pos, count: contentEnd - pos))
            switch Header.detect(bytes) {
            case .failure(let problem):
                throw IngestError(file: name, line: line, reason: problem.reason)
            case .success(let detected):
                header = detected
                delimiter = detected.delimiter
                roles = detected.roles
                fieldCount = detected.roles.count
                decimalComma = detected.delimiter != 0x2C
                if bytes.contains(0x22) { sawQuotes = true }
            }
            line += newlines + (i < end ? 1 : 0)
            return next
        }
        return pos
    }

    // MARK: - Records

    /// Reads one data record at `start` and adds it to the sums. Returns where the next record
    /// starts, or nil when the record is unfinished and more input may come.
    @inline(__always)
    private mutating func record(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, final: Bool) throws(IngestError) -> Int? {
        let d = delimiter
        let tabIsSpace = d != 0x09
        var pos = start
        var field = 0
        var newlines = 0
        var quoted = false
        var date = FieldSpan(), product = FieldSpan(), sales = FieldSpan(), returns = FieldSpan(), quantity = FieldSpan()
        var firstFieldEmpty = false
        var next = end
        var contentEnd = end
        while true {
            var fieldStart = pos
            var fieldEnd: Int
            var escaped = false
            var i: Int
            var q = pos
            while q < end && (p[q] == 0x20 || (p[q] == 0x09 && tabIsSpace)) { q += 1 }
            if q < end && p[q] == 0x22 {
                // Quoted (RFC 4180): delimiters and line breaks inside, "" for a quote.
                quoted = true
                i = q + 1
                fieldStart = i
                while true {
                    while i < end && p[i] != 0x22 {
                        if p[i] == 0x0A { newlines += 1 }
                        i += 1
                    }
                    if i >= end {
                        if final { throw openQuote(field: field) }
                        return try unfinished(start, end)
                    }
                    if i + 1 < end {
                        if p[i + 1] == 0x22 {
                            escaped = true
                            i += 2
                            continue
                        }
                    } else if !final {
                        return try unfinished(start, end)
                    }
                    break
                }
                fieldEnd = i
                i += 1
                while i < end && (p[i] == 0x20 || (p[i] == 0x09 && tabIsSpace)) { i += 1 }
                if i < end && p[i] == 0x0D {
                    if i + 1 < end {
                        if p[i + 1] == 0x0A { i += 1 }
                    } else if final {
                        i += 1
                    } else {
                        return try unfinished(start, end)
                    }
                }
                if i < end && p[i] != d && p[i] != 0x0A {
                    throw IngestError(file: name, line: line, column: columnName(field),
                                      reason: "has text after the closing quote of a quoted field; a quote inside a quoted field must be doubled (\"\")")
                }
                if i >= end && !final { return try unfinished(start, end) }
            } else {
                i = pos
                while i < end {
                    let c = p[i]
                    if c == d || c == 0x0A { break }
                    i += 1
                }
                if i >= end && !final { return try unfinished(start, end) }
                fieldEnd = i
                if fieldEnd > fieldStart && p[fieldEnd - 1] == 0x0D && (i >= end || p[i] == 0x0A) { fieldEnd -= 1 }
                if field == 0 {
                    var k = fieldStart
                    while k < fieldEnd && (p[k] == 0x20 || (p[k] == 0x09 && tabIsSpace)) { k += 1 }
                    firstFieldEmpty = k == fieldEnd
                }
            }
            if field < fieldCount {
                let span = FieldSpan(start: fieldStart, end: fieldEnd, escaped: escaped, present: true)
                switch roles[field] {
                case .ignored: break
                case .date: date = span
                case .product: product = span
                case .sales: sales = span
                case .returns: returns = span
                case .quantity: quantity = span
                }
            }
            field += 1
            if i < end && p[i] == d {
                pos = i + 1
                continue
            }
            // End of the record.
            if i < end {
                newlines += 1
                next = i + 1
                contentEnd = i > start && p[i - 1] == 0x0D ? i - 1 : i
                if contentEnd < i { sawCRLF = true } else { sawLF = true }
            } else {
                next = end
                contentEnd = i
            }
            break
        }
        if contentEnd - start > Self.maxRecordBytes { throw tooLong(line: line) }
        let recordLine = line
        line += newlines

        // Blank: nothing but spaces and delimiters.
        if firstFieldEmpty && !quoted {
            var blank = true
            for k in start..<contentEnd {
                let c = p[k]
                if c != 0x20 && c != 0x09 && c != d && c != 0x0D {
                    blank = false
                    break
                }
            }
            if blank { return next }
        }
        if quoted { sawQuotes = true }
        guard field == fieldCount else {
            let hint = field > fieldCount
                ? "a value that contains \(delimiterName) must be in quotes"
                : "every row needs a value (possibly empty) for each column, separated by \(delimiterName)"
            throw IngestError(file: name, line: recordLine,
                              reason: "has \(field) field\(field == 1 ? "" : "s") but the header has \(fieldCount); \(hint)")
        }
        rows += 1

        // The day.
        let day: Day
        if date.escaped {
            var bytes = Self.unescape(p, date)
            day = try bytes.withUnsafeMutableBufferPointer { (b) throws(IngestError) -> Day in
                try readDay(UnsafePointer(b.baseAddress ?? UnsafeMutablePointer(mutating: p)), 0, b.count, line: recordLine)
            }
        } else {
            day = try readDay(p, date.start, date.end, line: recordLine)
        }

        // The product.
        let productIndex: Int32
        if product.escaped {
            var bytes = Self.unescape(p, product)
            productIndex = try bytes.withUnsafeMutableBufferPointer { (b) throws(IngestError) -> Int32 in
                try readProduct(UnsafePointer(b.baseAddress ?? UnsafeMutablePointer(mutating: p)), 0, b.count, line: recordLine)
            }
        } else {
            productIndex = try readProduct(p, product.start, product.end, line: recordLine)
        }

        let cell = cells.cell(product: productIndex, day: day)
        if sales.present {
            let value = try readQuantity(p, sales, role: .sales, line: recordLine)
            if !cells.add(sales: value, to: cell).isFinite { throw overflow(.sales, productIndex, day, line: recordLine) }
        }
        if returns.present {
            let value = try readQuantity(p, returns, role: .returns, line: recordLine)
            if !cells.add(returns: value, to: cell).isFinite { throw overflow(.returns, productIndex, day, line: recordLine) }
        }
        if quantity.present {
            let value = try readQuantity(p, quantity, role: .quantity, line: recordLine)
            if value > 0 {
                if !cells.add(sales: value, to: cell).isFinite { throw overflow(.quantity, productIndex, day, line: recordLine) }
            } else if value < 0 {
                if !cells.add(returns: -value, to: cell).isFinite { throw overflow(.quantity, productIndex, day, line: recordLine) }
            }
        }
        return next
    }

    /// An unfinished record at the end of the buffer: wait for more input unless it is already
    /// too long.
    @inline(__always)
    private func unfinished(_ start: Int, _ end: Int) throws(IngestError) -> Int? {
        if end - start > Self.maxRecordBytes + 2 { throw tooLong(line: line) }
        return nil
    }

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
    private static func trim(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var s = start, e = end
        while s < e && (p[s] == 0x20 || p[s] == 0x09) { s += 1 }
        while e > s && (p[e - 1] == 0x20 || p[e - 1] == 0x09) { e -= 1 }
        return (s, e)
    }

    @inline(__always)
    private mutating func readDay(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int) throws(IngestError) -> Day {
        let (s, e) = Self.trim(p, start, end)
        switch FieldValues.date(p, s, e, format: dateFormat) {
        case .day(let day, let style, let hasTime):
            dateStyles |= style.rawValue
            if hasTime { sawTimes = true }
            if let earliestDay, day < earliestDay {
                throw IngestError(file: name, line: line, column: columnName(of: .date),
                                  reason: "\"\(Self.shown(p, s, e))\" is before \(earliestDay), the earliest day accepted: a placeholder date or a mistyped year? Correct the date in the export (older history needs earliestDate in the configuration)")
            }
            if let latestDay, day > latestDay {
                throw IngestError(file: name, line: line, column: columnName(of: .date),
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
            throw IngestError(file: name, line: line, column: columnName(of: .date),
                              reason: "\"\(text)\" is not a day of the calendar (\(why)); correct the date in the export")
        case .unrecognised:
            if s == e {
                throw IngestError(file: name, line: line, column: columnName(of: .date),
                                  reason: "is empty; every row needs a date")
            }
            var formats = "YYYY-MM-DD or DD.MM.YYYY"
            if let dateFormat { formats += " or the configured \(dateFormat.text)" }
            throw IngestError(file: name, line: line, column: columnName(of: .date),
                              reason: "\"\(Self.shown(p, s, e))\" is not a date in a known format (expected \(formats), optionally followed by a time); other formats need date_format in the configuration")
        }
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]

    @inline(__always)
    private mutating func readProduct(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int) throws(IngestError) -> Int32 {
        let (s, e) = Self.trim(p, start, end)
        if let index = products.find(p, s, e) { return index }
        // A new product: check it once.
        guard s < e else {
            throw IngestError(file: name, line: line, column: columnName(of: .product),
                              reason: "is empty; every row needs a product id")
        }
        guard e - s <= Self.maxProductBytes else {
            throw IngestError(file: name, line: line, column: columnName(of: .product),
                              reason: "\"\(Self.shown(p, s, e))\" is \(e - s) bytes long; a product id may have at most \(Self.maxProductBytes) bytes (UTF-8)")
        }
        for k in s..<e where p[k] < 0x20 || p[k] == 0x7F {
            let code = String(p[k], radix: 16, uppercase: true)
            throw IngestError(file: name, line: line, column: columnName(of: .product),
                              reason: "contains the control character U+\(String(repeating: "0", count: 4 - code.count) + code); a product id must be printable text")
        }
        guard products.count < maxProducts else {
            if maxProducts == Int(Int32.max) {
                throw IngestError(file: name, line: line, column: columnName(of: .product),
                                  reason: "has more distinct product ids than can be read from one file; split the export")
            }
            throw IngestError(file: name, line: line, column: columnName(of: .product),
                              reason: "\"\(Self.shown(p, s, e))\" would be product number \(maxProducts + 1) of this file; Stockcast plans at most \(maxProducts) products (maxProducts in the configuration)")
        }
        return products.insert(p, s, e)
    }

    @inline(__always)
    private mutating func readQuantity(_ p: UnsafePointer<UInt8>, _ span: FieldSpan, role: Role, line: Int) throws(IngestError) -> Double {
        if span.escaped {
            var bytes = Self.unescape(p, span)
            return try bytes.withUnsafeMutableBufferPointer { (b) throws(IngestError) -> Double in
                try readQuantity(UnsafePointer(b.baseAddress ?? UnsafeMutablePointer(mutating: p)), 0, b.count, role: role, line: line)
            }
        }
        return try readQuantity(p, span.start, span.end, role: role, line: line)
    }

    @inline(__always)
    private mutating func readQuantity(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, role: Role, line: Int) throws(IngestError) -> Double {
        let (s, e) = Self.trim(p, start, end)
        if let value = FieldValues.number(p, s, e, decimalComma: decimalComma, usedComma: &sawDecimalComma), value.isFinite {
            if value < 0 && role != .quantity {
                throw IngestError(file: name, line: line, column: columnName(of: role),
                                  reason: "\(Self.shown(p, s, e)) is negative; quantities must be 0 or more")
            }
            return value
        }
        if s == e {
            let hint: String
            switch role {
            case .sales: hint = "write 0 when nothing was sold"
            case .returns: hint = "write 0 when nothing was returned"
            default: hint = "write the quantity (negative for returns, 0 for none)"
            }
            throw IngestError(file: name, line: line, column: columnName(of: role), reason: "is empty; \(hint)")
        }
        let text = Self.shown(p, s, e)
        if FieldValues.number(p, s, e, decimalComma: decimalComma, usedComma: &sawDecimalComma) != nil {
            throw IngestError(file: name, line: line, column: columnName(of: role),
                              reason: "\(text) is too large to be a quantity")
        }
        let example = decimalComma ? "12, 2.5 or 2,5" : "12 or 2.5"
        throw IngestError(file: name, line: line, column: columnName(of: role),
                          reason: "\"\(text)\" is not a number (write plain decimals such as \(example), without units or thousands separators)")
    }

    private func overflow(_ role: Role, _ product: Int32, _ day: Day, line: Int) -> IngestError {
        let what = role == .quantity ? "sales or returns" : role == .sales ? "sales" : "returns"
        return IngestError(file: name, line: line, column: columnName(of: role),
                           reason: "the day's total of \(what) for \"\(products.name(Int(product)))\" on \(day) is too large to represent")
    }

    // MARK: - Errors

    private var delimiterName: String {
        delimiter == 0x09 ? "a tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
    }

    /// The header's name for column `index`.
    private func columnName(_ index: Int) -> String? {
        guard let header, index < header.names.count else { return nil }
        return header.names[index].isEmpty ? "#\(index + 1)" : header.names[index]
    }

    private func columnName(of role: Role) -> String? {
        guard let index = roles.firstIndex(of: role) else { return nil }
        return columnName(index)
    }

    /// A field's text for a message: at most 40 characters.
    private static func shown(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    private func tooLong(line: Int) -> IngestError {
        IngestError(file: name, line: line,
                    reason: "is longer than 1 MiB (\(Self.maxRecordBytes) bytes); is this a CSV file with one row per line, and is every quote closed?")
    }

    private func openQuote(field: Int) -> IngestError {
        IngestError(file: name, line: line, column: columnName(field),
                    reason: "a quoted field starting on this line is not closed by the end of the file; close the quote, or double a quote inside the field (\"\")")
    }

    func notUTF8(line: Int, byte: UInt8, atStart: Bool) -> IngestError {
        let hex = String(byte, radix: 16, uppercase: true)
        if atStart && (byte == 0xFF || byte == 0xFE) {
            return IngestError(file: name, line: line,
                               reason: "is not UTF-8 text: it starts like UTF-16 (byte 0x\(hex)); export the file as UTF-8")
        }
        return IngestError(file: name, line: line,
                           reason: "is not UTF-8 text: byte 0x\(hex) on this line is not valid UTF-8 (perhaps Latin-1 or Windows-1252); export the file as UTF-8")
    }

    // MARK: - Result

    mutating func finish() throws(IngestError) -> IngestedFile {
        guard let header else {
            throw IngestError(file: name, reason: "is empty; an export needs a header line such as \(SeedFormat.header) and data rows")
        }
        guard rows > 0, cells.count > 0 else {
            throw IngestError(file: name, reason: "has a header but no data rows")
        }
        // Ids are interned by bytes; two byte sequences can still be equal Strings (canonically
        // equivalent Unicode), and those are one product: their cells are merged.
        var names: [String] = []
        names.reserveCapacity(products.count)
        var cellsPerProduct = [Int](repeating: 0, count: products.count)
        for (page, key) in cells.pageKeys.enumerated() {
            cellsPerProduct[CellTable.product(ofPage: key)] += cells.present[page].nonzeroBitCount
        }
        var perProduct: [[Day: DailyCell]] = cellsPerProduct.map { count in
            var days: [Day: DailyCell] = [:]
            days.reserveCapacity(count)
            return days
        }
        for index in 0..<products.count { names.append(products.name(index)) }
        let keys = cells.pageKeys, present = cells.present, sales = cells.sales, returns = cells.returns
        for page in 0..<keys.count {
            let key = keys[page], product = CellTable.product(ofPage: key)
            for slot in 0..<CellTable.daysPerPage where present[page] & (1 << slot) != 0 {
                let cell = page * CellTable.daysPerPage + slot
                perProduct[product][CellTable.day(ofPage: key, slot: slot)] = DailyCell(sales: sales[cell], returns: returns[cell])
            }
        }
        var totals: [String: [Day: DailyCell]] = [:]
        totals.reserveCapacity(products.count)
        for index in 0..<products.count {
            let name = names[index]
            let days = perProduct[index]
            perProduct[index] = [:]
            guard let existing = totals[name] else {
                totals[name] = days
                continue
            }
            var merged = existing
            for (day, cell) in days {
                var sum = merged[day] ?? DailyCell()
                sum.sales += cell.sales
                sum.returns += cell.returns
                guard sum.sales.isFinite, sum.returns.isFinite else {
                    throw IngestError(file: self.name, reason: "the day's total for \"\(name)\" on \(day) is too large to represent")
                }
                merged[day] = sum
            }
            totals[name] = merged
        }
        var measures: Set<SeriesKind> = []
        if header.carriesSales { measures.insert(.sales) }
        if header.carriesReturns { measures.insert(.returns) }
        return IngestedFile(measures: measures, totals: totals, rows: rows, dialect: dialect(header))
    }

    private func dialect(_ header: Header) -> String {
        var parts: [String] = []
        parts.append(header.delimiter == 0x09 ? "tab-separated" : "'\(Character(Unicode.Scalar(header.delimiter)))'-separated")
        parts.append(sawCRLF && sawLF ? "mixed LF and CRLF" : sawCRLF ? "CRLF" : "LF")
        if sawBOM { parts.append("BOM") }
        if sawQuotes { parts.append("quoted fields") }
        var dates: [String] = []
        if dateStyles & DateStyle.iso.rawValue != 0 { dates.append("ISO") }
        if dateStyles & DateStyle.dayFirst.rawValue != 0 { dates.append("day-first") }
        if dateStyles & DateStyle.configured.rawValue != 0, let dateFormat { dates.append(dateFormat.text) }
        if !dates.isEmpty {
            parts.append(dates.joined(separator: " and ") + " dates" + (sawTimes ? " (times dropped)" : ""))
        }
        if header.signedQuantity {
            parts.append("signed quantity")
        } else if header.carriesSales && header.carriesReturns {
            parts.append("sales and returns")
        } else {
            parts.append(header.carriesSales ? "sales only" : "returns only")
        }
        if sawDecimalComma { parts.append("decimal comma") }
        return parts.joined(separator: ", ")
    }
}
