import StockcastCore

// The data records: split into fields, validated and added to the sums.
extension RecordParser {
    /// Reads one data record at `start` and adds it to the sums. Returns where the next record
    /// starts, or nil when the record is unfinished and more input may come.
    @inline(__always)
    mutating func record(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, final: Bool) throws(IngestError) -> Int? {
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
                    throw IngestError(
                        file: name, line: line, column: columnName(field),
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
            let hint =
                field > fieldCount
                ? "a value that contains \(delimiterName) must be in quotes"
                : "every row needs a value (possibly empty) for each column, separated by \(delimiterName)"
            throw IngestError(
                file: name, line: recordLine,
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
        if sales.present { try addQuantity(p, sales, role: .sales, cell: cell, product: productIndex, day: day, line: recordLine) }
        if returns.present { try addQuantity(p, returns, role: .returns, cell: cell, product: productIndex, day: day, line: recordLine) }
        if quantity.present { try addQuantity(p, quantity, role: .quantity, cell: cell, product: productIndex, day: day, line: recordLine) }
        return next
    }

    /// An unfinished record at the end of the buffer: wait for more input unless it is already
    /// too long.
    @inline(__always)
    func unfinished(_ start: Int, _ end: Int) throws(IngestError) -> Int? {
        if end - start > Self.maxRecordBytes + 2 { throw tooLong(line: line) }
        return nil
    }
}
