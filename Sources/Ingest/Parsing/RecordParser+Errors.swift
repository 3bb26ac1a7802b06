import StockcastCore

// The messages of a rejection: which line, which column, why, and what to do.
extension RecordParser {
    var delimiterName: String {
        delimiter == 0x09 ? "a tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
    }

    /// "tab-separated", "';'-separated".
    var separatedName: String {
        (delimiter == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'") + "-separated"
    }

    /// The header's name for column `index`.
    func columnName(_ index: Int) -> String? {
        guard let header, index < header.names.count else { return nil }
        return header.names[index].isEmpty ? "#\(index + 1)" : header.names[index]
    }

    func columnName(of role: Role) -> String? {
        guard let index = roles.firstIndex(of: role) else { return nil }
        return columnName(index)
    }

    /// A field's text for a message: at most 40 characters.
    static func shown(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    func tooLong(line: Int) -> IngestError {
        IngestError(
            file: name, line: line,
            reason: "is longer than 1 MiB (\(Self.maxRecordBytes) bytes); is this a CSV file with one row per line, and is every quote closed?")
    }

    func openQuote(field: Int) -> IngestError {
        IngestError(
            file: name, line: line, column: columnName(field),
            reason: "a quoted field starting on this line is not closed by the end of the file; close the quote, or double a quote inside the field (\"\")")
    }

    func notUTF8(line: Int, byte: UInt8, atStart: Bool) -> IngestError {
        let hex = String(byte, radix: 16, uppercase: true)
        if atStart && (byte == 0xFF || byte == 0xFE) {
            return IngestError(
                file: name, line: line,
                reason: "is not UTF-8 text: it starts like UTF-16 (byte 0x\(hex)); export the file as UTF-8")
        }
        return IngestError(
            file: name, line: line,
            reason: "is not UTF-8 text: byte 0x\(hex) on this line is not valid UTF-8 (perhaps Latin-1 or Windows-1252); export the file as UTF-8")
    }
}
