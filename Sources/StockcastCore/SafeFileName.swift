/// Turns any product id (or other name taken from input data) into one safe path component.
///
/// A product id is data, never a path: `../../etc/passwd`, `a/b`, `.`, the empty string or a
/// 10 kB id must all name a file inside the directory they are joined to. Bytes outside
/// `[A-Za-z0-9_-]` (and `.` except at the start) are percent-encoded from their UTF-8 form, so
/// two different ids (different bytes: `Å` in NFC and in NFD too) never share a name: `%` is
/// always escaped, so the encoding is read back unambiguously (`decode`). An id whose encoding
/// would exceed `maximumLength` bytes is shortened and given a `~` plus the SHA-256 of the whole
/// id (64 hexadecimal digits): `~` cannot occur in an untruncated encoding, so shortened names
/// do not collide with plain ones, and two shortened ones share a name only if their ids share
/// a SHA-256 (a 64-bit FNV hash could be made to collide on purpose). Names differ in case
/// (`A`, `a`, `%C3` is upper case): a case-insensitive file system is not supported.
package enum SafeFileName {
    /// Longest component produced, in bytes (file systems allow 255).
    package static let maximumLength = 200

    /// The path component for `name`: never empty, `.`, `..`, hidden, or containing `/`.
    package static func encode(_ name: String) -> String {
        if name.isEmpty { return "%" }
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for (i, byte) in name.utf8.enumerated() {
            if isPlain(byte) && !(i == 0 && byte == UInt8(ascii: ".")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
        }
        if out.count > maximumLength {
            var cut = maximumLength - 1 - 64
            // Do not split a %XX escape.
            while cut > 0, out[cut - 1] == UInt8(ascii: "%") || (cut > 1 && out[cut - 2] == UInt8(ascii: "%")) {
                cut -= 1
            }
            out = Array(out[..<cut]) + Array("~".utf8) + Array(StableDigest.sha256Hex(name.utf8).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The original name of an encoded component, or nil for a shortened or malformed one.
    package static func decode(_ component: String) -> String? {
        if component == "%" { return "" }
        var bytes: [UInt8] = []
        var it = Array(component.utf8)[...]
        while let byte = it.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard let h = it.popFirst(), let l = it.popFirst(),
                    let hv = hexValue(h), let lv = hexValue(l)
                else { return nil }
                bytes.append(hv << 4 | lv)
            } else if isPlain(byte) {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func isPlain(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? 0x30 + v : 0x41 + v - 10
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

}

/// `v` as 16 lower-case hexadecimal digits, zero-padded.
package func hex64(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
}

/// 64-bit FNV-1a: a stable hash (Swift's `Hasher` is seeded per process, so it cannot name files
/// or derive reproducible seeds).
package func fnv1a64<S: Sequence>(_ bytes: S, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 where S.Element == UInt8 {
    var h = seed
    for b in bytes {
        h ^= UInt64(b)
        h = h &* 0x0000_0100_0000_01B3
    }
    return h
}
