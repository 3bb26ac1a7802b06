import StockcastCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reader for the ERP exports the inbox accepts (DESIGN.md, "Input: what the inbox accepts"):
/// UTF-8 CSV with a detected delimiter (`,` `;` tab `|`), LF or CRLF, RFC 4180 quoting, and a
/// header naming a date, a product and sales, returns or a signed quantity. The file is read in
/// chunks of 1 MiB; memory beyond the per-product daily sums stays under about 2 MiB.
package enum ERPFile {
    /// Bytes read from a file at a time.
    static let chunkSize = 1 << 20

    /// Reads and validates the whole file; on any bad row throws, and nothing is returned.
    /// The error names the file by its last path component.
    package static func read(path: String, options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestedFile {
        try read(path: path, options: options, chunkSize: chunkSize)
    }

    /// `read(path:options:)` with a chosen chunk size in bytes (tests use tiny ones to cross
    /// chunk boundaries everywhere).
    static func read(path: String, options: IngestOptions, chunkSize: Int) throws(IngestError) -> IngestedFile {
        let name = fileName(path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw IngestError(file: name, reason: "cannot be read: \(openFailure(errno, path: path))")
        }
        defer { close(fd) }
        return try read(descriptor: fd, name: name, shownAs: path, options: options, chunkSize: chunkSize)
    }

    /// Reads and validates a file already open as `fd`, from where it stands to its end (the
    /// caller opened it and closes it; the daemon opens inbox files itself, never following a
    /// link). `name` is the file name errors report.
    package static func read(descriptor fd: Int32, name: String, options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestedFile {
        try read(descriptor: fd, name: name, shownAs: name, options: options, chunkSize: chunkSize)
    }

    /// `read(descriptor:name:options:)`; `shown` names the file in a read error.
    static func read(
        descriptor fd: Int32, name: String, shownAs shown: String, options: IngestOptions,
        chunkSize: Int
    ) throws(IngestError) -> IngestedFile {
        var parser = try StreamingParser(name: name, options: options)
        var chunk = [UInt8](repeating: 0, count: max(chunkSize, 1))
        while true {
            let count: Int
            do throws(SystemCall.Failure) {
                count = try SystemCall.read(fd, into: &chunk)
            } catch {
                if error.code == EISDIR {
                    throw IngestError(file: name, reason: "cannot be read: \(shown) is a directory, not a file")
                }
                throw IngestError(file: name, reason: "cannot be read: \(String(cString: strerror(error.code))) (\(shown))")
            }
            if count == 0 { break }
            try parser.feed(chunk[0..<count])
        }
        return try parser.finish()
    }

    /// Parses a file's bytes already in memory (in 1 MiB steps, exactly as `read` does);
    /// `name` is the file name errors report.
    package static func parse(_ bytes: [UInt8], name: String, options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestedFile {
        try parse(bytes, name: name, options: options, chunkSize: chunkSize)
    }

    static func parse(_ bytes: [UInt8], name: String, options: IngestOptions, chunkSize: Int) throws(IngestError) -> IngestedFile {
        var parser = try StreamingParser(name: name, options: options)
        let step = max(chunkSize, 1)
        var start = 0
        while start < bytes.count {
            let end = bytes.count - start <= step ? bytes.count : start + step
            try parser.feed(bytes[start..<end])
            start = end
        }
        return try parser.finish()
    }

    static func fileName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), path.index(after: slash) != path.endIndex else { return path }
        return String(path[path.index(after: slash)...])
    }

    private static func openFailure(_ code: Int32, path: String) -> String {
        switch code {
        case ENOENT: return "there is no file at \(path)"
        case EACCES, EPERM: return "permission denied for \(path)"
        case ENOTDIR: return "a part of \(path) is not a directory"
        default: return "\(String(cString: strerror(code))) (\(path))"
        }
    }
}
