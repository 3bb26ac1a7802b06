/// A file name as the file system spells it: bytes, not necessarily UTF-8. Two spellings serve
/// two purposes:
///
/// - `display(_:)` is for people (logs, `archive/`, error reports): UTF-8 as it is, each stray
///   byte written `%XX`. It is ambiguous: Latin-1 `caf\xE9.csv` and a file literally named
///   `caf%E9.csv` display alike.
/// - `key(_:)` is the name's identity (the ledger, alert fingerprints, error report files): the
///   same, except that `%` itself is written `%25`, so two different names never share a key and
///   `bytes(ofKey:)` gives the name back.
package enum FileName {
    /// The name as text for a reader: valid UTF-8 unchanged; a byte that is not part of valid
    /// UTF-8 (say Latin-1 `é`, 0xE9) written `%E9`.
    package static func display(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return encode(bytes, escapingPercent: false)
    }

    /// The name's identity as text: like `display`, but `%` is written `%25` as well, so the
    /// encoding is one-to-one.
    package static func key(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self), !bytes.contains(UInt8(ascii: "%")) { return text }
        return encode(bytes, escapingPercent: true)
    }

    /// The bytes a `key` stands for; nil when `key` is not a well-formed key (a `%` not followed
    /// by two upper-case hexadecimal digits).
    package static func bytes(ofKey key: String) -> [UInt8]? {
        var out: [UInt8] = []
        var it = Array(key.utf8)[...]
        while let byte = it.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                continue
            }
            guard let h = it.popFirst(), let l = it.popFirst(), let hv = hexValue(h), let lv = hexValue(l) else { return nil }
            out.append(hv << 4 | lv)
        }
        return out
    }

    /// `key` cut to at most `limit` bytes without splitting a character or a `%XX` escape.
    package static func truncatedKey(_ key: String, toBytes limit: Int) -> String {
        guard key.utf8.count > limit else { return key }
        var out = ""
        var pendingEscape = 0
        var escape = ""
        for c in key {
            if pendingEscape > 0 {
                escape.append(c)
                pendingEscape -= 1
                if pendingEscape == 0 {
                    guard out.utf8.count + escape.utf8.count <= limit else { break }
                    out += escape
                }
                continue
            }
            if c == "%" {
                escape = "%"
                pendingEscape = 2
                continue
            }
            guard out.utf8.count + c.utf8.count <= limit else { break }
            out.append(c)
        }
        return out
    }

    private static func encode(_ bytes: [UInt8], escapingPercent: Bool) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length = lead < 0x80 ? 1 : lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0
            if length > 0, i + length <= bytes.count, !(escapingPercent && lead == UInt8(ascii: "%")),
                let text = String(validating: bytes[i..<(i + length)], as: UTF8.self)
            {
                out += text
                i += length
            } else {
                let hex = String(lead, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
                i += 1
            }
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}
