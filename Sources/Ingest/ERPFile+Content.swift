import StockcastCore

#if canImport(Glibc)
import Glibc
#endif

// Any inbox file: sales and returns, or stock and supply, told apart by the header.
extension ERPFile {
    /// Reads and validates a whole inbox file already open as `fd` (from where it stands): a
    /// stock snapshot, open-orders or product-master file when its header names their columns
    /// (and no sales, returns or quantity column), otherwise a sales file as `read` reads it.
    /// On any bad row throws, and nothing is returned.
    package static func readContent(
        descriptor fd: Int32, name: String, options: IngestOptions = IngestOptions()
    ) throws(IngestError)
        -> InboxContent
    {
        var reader = ContentReader(name: name, options: options)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count: Int
            do throws(SystemCall.Failure) {
                count = try SystemCall.read(fd, into: &chunk)
            } catch {
                if error.code == EISDIR { throw IngestError(file: name, reason: "cannot be read: \(name) is a directory, not a file") }
                throw IngestError(file: name, reason: "cannot be read: \(String(cString: strerror(error.code))) (\(name))")
            }
            if count == 0 { break }
            try reader.feed(chunk[0..<count])
        }
        return try reader.finish()
    }

    /// `readContent` of bytes in memory, in steps of `chunkSize` bytes.
    package static func parseContent(
        _ bytes: [UInt8], name: String, options: IngestOptions = IngestOptions(), chunkSize: Int = chunkSize
    )
        throws(IngestError) -> InboxContent
    {
        var reader = ContentReader(name: name, options: options)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + max(chunkSize, 1))
            try reader.feed(bytes[start..<end])
            start = end
        }
        return try reader.finish()
    }
}

/// Holds a file's first bytes until its header record is complete, then hands everything to
/// the reader of its kind.
private struct ContentReader {
    let name: String
    let options: IngestOptions
    var head: [UInt8] = []
    var sales: StreamingParser?
    var supply: SupplyParser?

    init(name: String, options: IngestOptions) {
        self.name = name
        self.options = options
    }

    mutating func feed(_ chunk: ArraySlice<UInt8>) throws(IngestError) {
        if sales != nil {
            try sales!.feed(chunk)
        } else if supply != nil {
            try supply!.feed(chunk)
        } else {
            head.append(contentsOf: chunk)
            try decide(final: false)
        }
    }

    mutating func finish() throws(IngestError) -> InboxContent {
        if sales == nil && supply == nil { try decide(final: true) }
        if supply != nil { return .supply(try supply!.finish()) }
        if sales == nil { sales = try StreamingParser(name: name, options: options) }
        return .sales(try sales!.finish())
    }

    /// Chooses the reader once the header record is in `head` (or the file ended, or the
    /// record is too long to be a header: the sales reader then says what is wrong).
    private mutating func decide(final: Bool) throws(IngestError) {
        guard let header = Self.headerRecord(head, final: final) else {
            if head.count <= RecordParser.maxRecordBytes + 3 && !final { return }
            return try start(supply: false)
        }
        return try start(supply: SupplyHeader.detect(header) != nil)
    }

    private mutating func start(supply isSupply: Bool) throws(IngestError) {
        let bytes = head[...]
        head = []
        if isSupply {
            supply = try SupplyParser(name: name, options: options)
            try supply!.feed(bytes)
        } else {
            sales = try StreamingParser(name: name, options: options)
            try sales!.feed(bytes)
        }
    }

    /// The first record that is not blank (after a BOM), without its line break; nil until it is complete.
    static func headerRecord(_ bytes: [UInt8], final: Bool) -> [UInt8]? {
        var pos = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        while pos < bytes.count {
            var i = pos, inQuotes = false
            while i < bytes.count {
                if bytes[i] == 0x22 { inQuotes.toggle() } else if bytes[i] == 0x0A && !inQuotes { break }
                i += 1
            }
            if i == bytes.count && !final { return nil }
            let record = Header.trim(Array(bytes[pos..<i]))
            if !record.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x2C || $0 == 0x3B || $0 == 0x7C }) { return record }
            pos = i + 1
        }
        return nil
    }
}
