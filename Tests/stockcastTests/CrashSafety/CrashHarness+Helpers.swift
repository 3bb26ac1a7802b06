import Crypto
import Foundation

// Reading what the daemon left: CSV fields, hashes, files, logfmt lines.
extension Harness {
    /// The fields of a CSV line (RFC 4180 quotes).
    static func fieldCount(_ line: Substring) -> Int {
        var count = 1, quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() } else if c == ",", !quoted { count += 1 }
        }
        return count
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func sha256(file path: String) throws -> String {
        sha256([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Visible regular files of a directory.
    static func files(_ path: String) -> [String] { DaemonEndToEndTests.files(path) }

    static func json(_ path: String) -> [String: Any]? { DaemonEndToEndTests.json(path) }

    /// Every regular file under `path`, hidden ones included.
    static func walk(_ path: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: path) else { return [] }
        var out: [String] = []
        while let relative = e.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                out.append(path + "/" + relative)
            }
        }
        return out
    }

    /// One logfmt line as key-value pairs.
    static func logfmt(_ line: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var i = line.startIndex
        while i < line.endIndex {
            while i < line.endIndex, line[i] == " " { i = line.index(after: i) }
            guard let eq = line[i...].firstIndex(of: "=") else { break }
            let key = String(line[i..<eq])
            var j = line.index(after: eq)
            var value = ""
            if j < line.endIndex, line[j] == "\"" {
                j = line.index(after: j)
                while j < line.endIndex, line[j] != "\"" {
                    if line[j] == "\\", line.index(after: j) < line.endIndex { j = line.index(after: j) }
                    value.append(line[j])
                    j = line.index(after: j)
                }
                if j < line.endIndex { j = line.index(after: j) }
            } else {
                while j < line.endIndex, line[j] != " " {
                    value.append(line[j])
                    j = line.index(after: j)
                }
            }
            out[key] = value
            i = j
        }
        return out
    }
}
