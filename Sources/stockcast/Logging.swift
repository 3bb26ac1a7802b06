import Foundation
import Logging
import StockcastCore

/// One `key=value` line per log event on standard error (logfmt), so that an operator can grep
/// by file, product or outcome.
struct LogfmtHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
        if let error = event.error { all["error"] = "\(error)" }
        var out = "ts=\(Self.timestamp()) level=\(event.level.rawValue) msg=\(Self.quoted(event.message.description))"
        for key in all.keys.sorted() { out += " \(key)=\(Self.quoted("\(all[key]!)"))" }
        out += "\n"
        FileHandle.standardError.write(Data(out.utf8))
    }

    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var h = LogfmtHandler(label: label)
            h.logLevel = level
            return h
        }
    }

    static func timestamp() -> String { Timestamp.now().description }

    /// Bare when it is a simple token, otherwise in double quotes with `"`, `\`, line breaks and
    /// other control characters escaped: a value (a file name, say) never breaks the line.
    static func quoted(_ s: String) -> String {
        if !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "._-:/%+@".contains($0) }) { return s }
        var out = "\""
        // By scalar, not by Character: "\r\n" is one Character.
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1F}", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}":
                out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
