import Foundation
import StockcastCore

// A data row read by its file's kind: each value checked, the figures kept per product.
extension SupplyParser {
    mutating func row(_ fields: [[UInt8]], header: SupplyHeader) throws(IngestError) {
        func field(_ role: SupplyRole) -> (bytes: [UInt8], column: String)? {
            header.column(role).map { (fields[$0], header.name($0)) }
        }
        guard let (productBytes, productColumn) = field(.product) else { return }
        let product = try productID(productBytes, column: productColumn)
        if !products.contains(product), products.count >= maxProducts {
            throw IngestError(
                file: name, line: line, column: productColumn,
                reason:
                    "\"\(shown(productBytes))\" would be product number \(maxProducts + 1) of this file; Stockcast plans at most \(maxProducts) products (maxProducts in the configuration)"
            )
        }
        products.insert(product)
        switch header.kind {
        case .stockSnapshot:
            guard let (dateBytes, dateColumn) = field(.date), let (stockBytes, stockColumn) = field(.onHand) else { return }
            let day = try self.day(dateBytes, column: dateColumn)
            let units = try quantity(stockBytes, column: stockColumn, negative: true, empty: "write 0 when nothing is on hand")
            if let known = file.stock[product] {
                if day < known.day { return }
                if day == known.day {
                    // Several rows of one product and day (storage locations) are summed.
                    let sum = known.onHand + units
                    if let ceiling = options.maxQuantity, abs(sum) > ceiling {
                        throw IngestError(
                            file: name, line: line, column: stockColumn,
                            reason:
                                "the stock of \"\(product)\" on \(day) adds up to \(RecordParser.number(sum)) units with this row, more than \(RecordParser.number(ceiling)), the most accepted (maxQuantity in the configuration)"
                        )
                    }
                    file.stock[product] = StockLevel(day: day, onHand: sum)
                    return
                }
            }
            file.stock[product] = StockLevel(day: day, onHand: units)
        case .openOrders:
            guard let (dueBytes, dueColumn) = field(.dueDate), let (quantityBytes, quantityColumn) = field(.openQuantity) else { return }
            let due = try day(dueBytes, column: dueColumn)
            let units = try quantity(quantityBytes, column: quantityColumn, negative: false, empty: "write 0 when nothing is open")
            var orderID: String?
            if let (idBytes, idColumn) = field(.orderID), !idBytes.isEmpty {
                orderID = try text(idBytes, column: idColumn, what: "an order number")
            }
            orderLines += 1
            guard orderLines <= Self.maxOrderLines else {
                throw IngestError(
                    file: name, line: line, reason: "is open-order line number \(orderLines); a file may hold at most \(Self.maxOrderLines); split the export")
            }
            var lines = file.openOrders[product] ?? []
            // A product listed with nothing open clears its orders: the line is kept only when units are open.
            if units > 0 { lines.append(OpenOrderLine(orderID: orderID, due: due, quantity: units)) }
            file.openOrders[product] = lines
        case .productMaster:
            if let earlier = masterLines[product] {
                throw IngestError(
                    file: name, line: line, column: productColumn,
                    reason: "\"\(product)\" already has a row on line \(earlier); a product master lists each product once")
            }
            masterLines[product] = line
            var p = MasterParameters()
            if let (bytes, column) = field(.leadTime), !bytes.isEmpty { p.leadTimeDays = try days(bytes, column: column, what: "a lead time") }
            if let (bytes, column) = field(.reviewDays), !bytes.isEmpty { p.reviewDays = try days(bytes, column: column, what: "a review period") }
            if let (bytes, column) = field(.moq), !bytes.isEmpty {
                p.moq = try quantity(bytes, column: column, negative: false, empty: "")
            }
            if let (bytes, column) = field(.packSize), !bytes.isEmpty {
                let pack = try quantity(bytes, column: column, negative: false, empty: "")
                guard pack > 0 else {
                    throw IngestError(
                        file: name, line: line, column: column, reason: "a pack size must be more than 0 (1 for single units; leave it empty for the default)")
                }
                p.packSize = pack
            }
            if let (bytes, column) = field(.serviceLevel), !bytes.isEmpty {
                let level = try number(bytes, column: column)
                guard level > 0.5, level <= 0.999 else {
                    throw IngestError(
                        file: name, line: line, column: column,
                        reason: "\"\(shown(bytes))\" is not a service level: write a fraction more than 0.5 and at most 0.999 (0.95 for 95 %)")
                }
                p.serviceLevel = level
            }
            if let (bytes, column) = field(.unitCost), !bytes.isEmpty {
                p.unitCost = try quantity(bytes, column: column, negative: false, empty: "")
            }
            file.parameters[product] = p
        }
    }

    // MARK: - Values

    /// A product id, as the sales files read it: trimmed, printable, at most 256 bytes, in NFC.
    func productID(_ bytes: [UInt8], column: String) throws(IngestError) -> String {
        guard !bytes.isEmpty else { throw IngestError(file: name, line: line, column: column, reason: "is empty; every row needs a product id") }
        let key = try text(bytes, column: column, what: "a product id")
        guard key.utf8.count <= RecordParser.maxProductBytes else {
            throw IngestError(
                file: name, line: line, column: column,
                reason: "\"\(shown(bytes))\" is \(key.utf8.count) bytes long; a product id may have at most \(RecordParser.maxProductBytes) bytes (UTF-8)")
        }
        return key
    }

    /// Printable text in NFC (a product id, an order number).
    func text(_ bytes: [UInt8], column: String, what: String) throws(IngestError) -> String {
        if let control = bytes.first(where: { $0 < 0x20 || $0 == 0x7F }) {
            let code = String(control, radix: 16, uppercase: true)
            throw IngestError(
                file: name, line: line, column: column,
                reason: "contains the control character U+\(String(repeating: "0", count: 4 - code.count) + code); \(what) must be printable text")
        }
        guard bytes.count <= RecordParser.maxProductBytes else {
            throw IngestError(
                file: name, line: line, column: column,
                reason: "\"\(shown(bytes))\" is \(bytes.count) bytes long; \(what) may have at most \(RecordParser.maxProductBytes) bytes (UTF-8)")
        }
        let spelling = String(decoding: bytes, as: UTF8.self)
        return bytes.allSatisfy { $0 < 0x80 } ? spelling : spelling.precomposedStringWithCanonicalMapping
    }

    /// A day, with the sales files' formats and bounds.
    mutating func day(_ bytes: [UInt8], column: String) throws(IngestError) -> Day {
        let parsed = bytes.withUnsafeBufferPointer { b -> DateParse in
            guard let p = b.baseAddress else { return .unrecognised }
            return FieldValues.date(p, 0, b.count, format: dateFormat)
        }
        switch parsed {
        case .day(let day, let style, _):
            dateStyles |= style.rawValue
            if let earliest = options.earliestDay, day < earliest {
                throw IngestError(
                    file: name, line: line, column: column,
                    reason:
                        "\"\(shown(bytes))\" is before \(earliest), the earliest day accepted: a placeholder date or a mistyped year? Correct the date in the export"
                )
            }
            if let latest = options.latestDay, day > latest {
                throw IngestError(
                    file: name, line: line, column: column,
                    reason: "\"\(shown(bytes))\" is after \(latest), the latest day accepted: a mistyped year? Correct the date in the export")
            }
            return day
        case .impossible:
            throw IngestError(
                file: name, line: line, column: column, reason: "\"\(shown(bytes))\" is not a day of the calendar; correct the date in the export")
        case .unrecognised:
            if bytes.isEmpty { throw IngestError(file: name, line: line, column: column, reason: "is empty; every row needs a date") }
            var formats = "YYYY-MM-DD or DD.MM.YYYY"
            if let dateFormat { formats += " or the configured \(dateFormat.text)" }
            throw IngestError(
                file: name, line: line, column: column,
                reason: "\"\(shown(bytes))\" is not a date in a known format (expected \(formats)); other formats need date_format in the configuration")
        }
    }

    /// A whole number of days, 1–730.
    mutating func days(_ bytes: [UInt8], column: String, what: String) throws(IngestError) -> Int {
        let value = try number(bytes, column: column)
        guard value == value.rounded(), value >= 1, value <= 730 else {
            throw IngestError(
                file: name, line: line, column: column, reason: "\"\(shown(bytes))\" is not \(what): write a whole number of days from 1 to 730")
        }
        return Int(value)
    }

    /// A number of units within ±`maxQuantity` (not below 0 unless `negative`).
    mutating func quantity(_ bytes: [UInt8], column: String, negative: Bool, empty: String) throws(IngestError) -> Double {
        if bytes.isEmpty { throw IngestError(file: name, line: line, column: column, reason: "is empty; \(empty)") }
        let value = try number(bytes, column: column)
        if !negative, value < 0 {
            throw IngestError(file: name, line: line, column: column, reason: "\"\(shown(bytes))\" is negative; write 0 or more units")
        }
        if let ceiling = options.maxQuantity, abs(value) > ceiling {
            throw IngestError(
                file: name, line: line, column: column,
                reason:
                    "\"\(shown(bytes))\" is more than \(RecordParser.number(ceiling)) units, the most accepted: a mistyped or placeholder number? Correct it in the export (larger quantities need maxQuantity in the configuration)"
            )
        }
        return value
    }

    /// A number in the file's decimal convention (decided by the configuration, the delimiter or
    /// the first number that reads one way only).
    mutating func number(_ bytes: [UInt8], column: String) throws(IngestError) -> Double {
        let reading = bytes.withUnsafeBufferPointer { b -> QuantityReading in
            guard let p = b.baseAddress else { return .malformed }
            return QuantityText.read(p, 0, b.count)
        }
        switch reading {
        case .number(let value, let says):
            if let says {
                if let convention, convention != says {
                    throw IngestError(
                        file: name, line: line, column: column,
                        reason:
                            "\"\(shown(bytes))\" needs \(says.quoted) as its decimal separator, but \(conventionSource); write every number of the file alike")
                }
                if convention == nil {
                    convention = says
                    conventionSource = "line \(line) writes \"\(shown(bytes))\""
                }
            }
            guard value.isFinite else { throw notANumber(bytes, column: column) }
            return value
        case .ambiguous(let grouped, let separator):
            guard let convention else {
                throw IngestError(
                    file: name, line: line, column: column,
                    reason:
                        "\"\(shown(bytes))\" reads as \(RecordParser.number(grouped)) or \(RecordParser.number(grouped / 1000)) and nothing in the file says which; set decimalSeparator in the configuration"
                )
            }
            return convention == separator ? grouped / 1000 : grouped
        case .malformed:
            throw notANumber(bytes, column: column)
        }
    }

    func notANumber(_ bytes: [UInt8], column: String) -> IngestError {
        IngestError(
            file: name, line: line, column: column,
            reason: "\"\(shown(bytes))\" is not a number (write digits with at most one decimal separator, such as 12, 2.5, 2,5 or 1.234,50, without units)")
    }

    /// A field's text for a message: at most 40 characters.
    func shown(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
