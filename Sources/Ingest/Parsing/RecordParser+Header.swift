import StockcastCore

// The header record: found after blank lines, its columns told apart (`Header.detect`).
extension RecordParser {
    /// Skips blank lines, then reads the header record; returns where it stopped (`header` is
    /// still nil when more input is needed).
    mutating func readHeader(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, final: Bool) throws(IngestError) -> Int {
        var pos = start
        while pos < end {
            let (i, inQuotes, newlines) = RecordBoundary.scan(p, from: pos, end: end)
            if i - pos > Self.maxRecordBytes {
                throw tooLong(line: line)
            }
            if i == end && !final {
                return pos
            }
            if inQuotes {
                throw IngestError(
                    file: name, line: line,
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
                    throw IngestError(
                        file: name, line: line,
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
                if bytes.contains(0x22) { sawQuotes = true }
            }
            line += newlines + (i < end ? 1 : 0)
            return next
        }
        return pos
    }
}
