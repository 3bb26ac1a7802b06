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
