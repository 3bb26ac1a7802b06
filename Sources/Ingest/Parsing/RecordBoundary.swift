/// Where a CSV record ends: at the first line feed outside quotes (a quoted field may hold line
/// feeds). Shared by the sales and the supply parsers.
enum RecordBoundary {
    /// Scans `p[start..<end]`: the index of the record's line feed (`end` when there is none
    /// yet), whether a quote is still open there, and the line feeds inside quotes on the way.
    static func scan(_ p: UnsafePointer<UInt8>, from start: Int, end: Int) -> (end: Int, inQuotes: Bool, newlines: Int) {
        var i = start, inQuotes = false, newlines = 0
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
        return (i, inQuotes, newlines)
    }
}

extension IngestOptions {
    /// The configured `dateFormat` compiled, nil when none is configured; an error naming `file`
    /// when it cannot be compiled.
    func compiledDateFormat(file: String) throws(IngestError) -> DateFormat? {
        guard let text = dateFormat else { return nil }
        switch DateFormat.compile(text) {
        case .success(let format): return format
        case .failure(let problem):
            throw IngestError(file: file, reason: "cannot be read with the configured date_format \"\(problem.format)\": \(problem.reason)")
        }
    }
}
