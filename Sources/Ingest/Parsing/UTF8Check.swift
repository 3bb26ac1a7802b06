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
            case 0xE0:
                need = 2
                low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED:
                need = 2
                high = 0x9F
            case 0xF0:
                need = 3
                low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4:
                need = 3
                high = 0x8F
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
