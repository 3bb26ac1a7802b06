import StockcastCore

/// Reads a stock snapshot, open-orders or product-master file fed in chunks: checks that every
/// byte is UTF-8, splits records (RFC 4180 quoting, LF or CRLF), reads the header and validates
/// every row; the first problem in file order rejects the whole file with its line and column.
///
/// Memory: one unfinished record (≤ `maxRecordBytes`) plus one chunk, and the file's figures
/// per product (at most `maxProducts` products, `maxOrderLines` open-order lines).
struct SupplyParser {
    static let maxRecordBytes = RecordParser.maxRecordBytes
    /// The most open-order lines one file may hold.
    static let maxOrderLines = 1_000_000

    let name: String
    let options: IngestOptions
    let dateFormat: DateFormat?
    let maxProducts: Int

    private var pending: [UInt8] = []
    private var validated = 0
    private var offset = 0
    /// Line (1-based) of the first byte of `pending`.
    var line = 1
    private var bomChecked = false
    var sawBOM = false, sawCRLF = false, sawQuotes = false
    var header: SupplyHeader?
    var file = SupplyFile(kind: .stockSnapshot)
    /// The file's decimal separator, once known, and what decided it.
    var convention: DecimalSeparator?
    var conventionSource = ""
    /// Product master: the line of each product's row.
    var masterLines: [String: Int] = [:]
    var orderLines = 0
    /// The distinct products read so far.
    var products = Set<String>()
    var dateStyles: UInt8 = 0

    init(name: String, options: IngestOptions) throws(IngestError) {
        self.name = name
        self.options = options
        maxProducts = min(options.maxProducts ?? Int(Int32.max), Int(Int32.max))
        if let configured = options.decimalSeparator {
            convention = configured
            conventionSource = "the configuration's decimalSeparator is \(configured.quoted)"
        }
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

    mutating func feed(_ chunk: ArraySlice<UInt8>) throws(IngestError) {
        pending.append(contentsOf: chunk)
        try drain(final: false)
    }

    mutating func finish() throws(IngestError) -> SupplyFile {
        try drain(final: true)
        guard header != nil else { throw IngestError(file: name, reason: "is empty; a supply file needs a header and at least one row") }
        guard file.rows > 0 else { throw IngestError(file: name, reason: "has a header but no rows; nothing to apply") }
        file.dialect = dialect()
        return file
    }

    private mutating func drain(final: Bool) throws(IngestError) {
        let check = pending.withUnsafeBufferPointer { UTF8Check.validate($0, from: validated, final: final) }
        validated = check.validEnd
        let end = check.validEnd
        var pos = 0
        if !bomChecked, end >= 3 || final {
            if end >= 3, pending[0] == 0xEF, pending[1] == 0xBB, pending[2] == 0xBF {
                pos = 3
                sawBOM = true
            }
            bomChecked = true
        }
        let recordsFinal = final && check.invalidAt == nil
        while bomChecked, pos < end {
            // The record ends at the first line feed outside quotes.
            var i = pos, inQuotes = false, newlines = 0
            while i < end {
                let byte = pending[i]
                if byte == 0x22 {
                    inQuotes.toggle()
                } else if byte == 0x0A {
                    if !inQuotes { break }
                    newlines += 1
                }
                i += 1
            }
            if i - pos > Self.maxRecordBytes { throw tooLong() }
            if i == end && !recordsFinal { break }
            if inQuotes {
                throw IngestError(
                    file: name, line: line,
                    reason:
                        "a quoted field starting on this line is not closed by the end of the file; close the quote, or double a quote inside the field (\"\")"
                )
            }
            var contentEnd = i
            if contentEnd > pos, pending[contentEnd - 1] == 0x0D {
                contentEnd -= 1
                sawCRLF = true
            }
            let record = Array(pending[pos..<contentEnd])
            try take(record, newlines: newlines)
            line += newlines + (i < end ? 1 : 0)
            pos = i < end ? i + 1 : end
        }
        if let invalidAt = check.invalidAt {
            var at = line
            for index in pos..<invalidAt where pending[index] == 0x0A { at += 1 }
            let hex = String(pending[invalidAt], radix: 16, uppercase: true)
            throw IngestError(
                file: name, line: at,
                reason: "is not UTF-8 text: byte 0x\(hex) on this line is not valid UTF-8 (perhaps Latin-1 or Windows-1252); export the file as UTF-8")
        }
        offset += pos
        pending.removeSubrange(0..<pos)
        validated -= pos
    }

    /// One record (without its line break).
    private mutating func take(_ record: [UInt8], newlines: Int) throws(IngestError) {
        let delimiters: Set<UInt8> = header.map { [$0.delimiter] } ?? [0x2C, 0x3B, 0x7C]
        if record.allSatisfy({ $0 == 0x20 || $0 == 0x09 || delimiters.contains($0) }) { return }
        guard let header else {
            switch SupplyHeader.detect(record) {
            case nil:
                throw IngestError(file: name, line: line, reason: "the header names no stock, open-order or product-master columns")
            case .failure(let problem)?:
                throw IngestError(file: name, line: line, reason: problem.reason)
            case .success(let detected)?:
                header = detected
                file = SupplyFile(kind: detected.kind)
                if record.contains(0x22) { sawQuotes = true }
                if convention == nil {
                    if detected.delimiter == 0x3B {
                        convention = .comma
                        conventionSource = "the file is ';'-separated"
                    } else if detected.delimiter == 0x2C {
                        convention = .point
                        conventionSource = "the file is ','-separated"
                    }
                }
            }
            return
        }
        let fields = try split(record, header: header)
        file.rows += 1
        try row(fields, header: header)
    }

    /// The fields of a data record, unquoted and trimmed.
    private mutating func split(_ record: [UInt8], header: SupplyHeader) throws(IngestError) -> [[UInt8]] {
        var fields: [[UInt8]] = []
        var i = 0
        let d = header.delimiter
        let isSpace = { (b: UInt8) in b == 0x20 || (b == 0x09 && d != 0x09) }
        while true {
            var q = i
            while q < record.count && isSpace(record[q]) { q += 1 }
            var field: [UInt8] = []
            if q < record.count && record[q] == 0x22 {
                sawQuotes = true
                var k = q + 1
                while true {
                    guard k < record.count else {
                        throw IngestError(
                            file: name, line: line, column: header.name(min(fields.count, header.names.count - 1)), reason: "a quoted field is not closed")
                    }
                    if record[k] == 0x22 {
                        if k + 1 < record.count && record[k + 1] == 0x22 {
                            field.append(0x22)
                            k += 2
                            continue
                        }
                        break
                    }
                    field.append(record[k])
                    k += 1
                }
                k += 1
                while k < record.count && isSpace(record[k]) { k += 1 }
                if k < record.count && record[k] != d {
                    throw IngestError(
                        file: name, line: line, column: fields.count < header.names.count ? header.name(fields.count) : nil,
                        reason: "has text after the closing quote of a quoted field; a quote inside a quoted field must be doubled (\"\")")
                }
                i = k
            } else {
                var k = i
                while k < record.count && record[k] != d { k += 1 }
                field = Header.trim(Array(record[i..<k]))
                i = k
            }
            fields.append(field)
            if i < record.count {
                i += 1
                continue
            }
            break
        }
        guard fields.count == header.names.count else {
            let name = header.delimiter == 0x09 ? "a tab" : "'\(Character(Unicode.Scalar(header.delimiter)))'"
            let hint =
                fields.count > header.names.count
                ? "a value that contains \(name) must be in quotes"
                : "every row needs a value (possibly empty) for each column, separated by \(name)"
            throw IngestError(
                file: self.name, line: line,
                reason: "has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(header.names.count); \(hint)")
        }
        return fields
    }

    private func tooLong() -> IngestError {
        IngestError(
            file: name, line: line,
            reason: "is longer than 1 MiB (\(Self.maxRecordBytes) bytes); is this a CSV file with one row per line, and is every quote closed?")
    }

    private func dialect() -> String {
        guard let header else { return "" }
        var parts = [header.kind.rawValue]
        parts.append(header.delimiter == 0x09 ? "tab-separated" : "'\(Character(Unicode.Scalar(header.delimiter)))'-separated")
        parts.append(sawCRLF ? "CRLF" : "LF")
        if sawBOM { parts.append("BOM") }
        if sawQuotes { parts.append("quoted fields") }
        if dateStyles & DateStyle.iso.rawValue != 0 { parts.append("ISO dates") }
        if dateStyles & DateStyle.dayFirst.rawValue != 0 { parts.append("day-first dates") }
        if convention == .comma { parts.append("decimal comma") }
        return parts.joined(separator: ", ")
    }
}
