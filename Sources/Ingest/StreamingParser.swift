/// Feeds chunks of a file to a `RecordParser`: keeps the unfinished last record of a chunk for
/// the next one, checks that every byte is UTF-8 before any record that contains it is used,
/// and reports the first problem in file order.
///
/// Memory: the pending bytes are at most one unfinished record (≤ `RecordParser.maxRecordBytes`,
/// else an error) plus one chunk.
struct StreamingParser {
    private var core: RecordParser
    /// Bytes received and not yet consumed by a complete record.
    private var pending: [UInt8] = []
    /// How many leading bytes of `pending` are known to be valid UTF-8.
    private var validated = 0
    /// Bytes of the file before `pending`.
    private var offset = 0

    init(name: String, options: IngestOptions) throws(IngestError) {
        core = try RecordParser(name: name, options: options)
    }

    mutating func feed(_ chunk: ArraySlice<UInt8>) throws(IngestError) {
        if pending.isEmpty {
            pending.reserveCapacity(chunk.count + 64)
        }
        pending.append(contentsOf: chunk)
        try drain(final: false)
    }

    mutating func finish() throws(IngestError) -> IngestedFile {
        try drain(final: true)
        return try core.finish()
    }

    private mutating func drain(final: Bool) throws(IngestError) {
        let check = pending.withUnsafeBufferPointer { buffer in
            UTF8Check.validate(buffer, from: validated, final: final)
        }
        validated = check.validEnd
        let invalidAt = check.invalidAt
        // Records before an invalid byte are read first, so that the first problem in the file
        // is the one reported.
        let recordsFinal = final && invalidAt == nil
        let consumed: Int = try pending.withUnsafeBufferPointer { (buffer) throws(IngestError) -> Int in
            try core.process(buffer, end: check.validEnd, final: recordsFinal)
        }
        if let invalidAt {
            var line = core.line
            for index in consumed..<invalidAt where pending[index] == 0x0A { line += 1 }
            throw core.notUTF8(line: line, byte: pending[invalidAt], atStart: offset + invalidAt == 0)
        }
        offset += consumed
        pending.removeSubrange(0..<consumed)
        validated -= consumed
    }
}

/// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Check {
    /// Checks `buffer[from...]`. `validEnd` is where the valid prefix ends (before an invalid
    /// byte, or before an unfinished sequence at the end that more input may complete);
    /// `invalidAt` is the first byte of the first invalid sequence, if any.
    static func validate(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool) -> (validEnd: Int, invalidAt: Int?) {
        guard let p = buffer.baseAddress else { return (0, nil) }
        let end = buffer.count
        var i = start
        while i < end {
            // ASCII, eight bytes at a time.
            while i + 8 <= end {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < end else { break }
            let lead = p[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            var need = 0
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; high = 0x9F
            case 0xF0: need = 3; low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; high = 0x8F
            default: return (i, i)
            }
            for k in 1...need {
                let j = i + k
                guard j < end else { return final ? (i, i) : (i, nil) }
                let byte = p[j]
                if byte < (k == 1 ? low : 0x80) || byte > (k == 1 ? high : 0xBF) { return (i, i) }
            }
            i += need + 1
        }
        return (end, nil)
    }
}
