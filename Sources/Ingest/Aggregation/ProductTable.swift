/// Product ids interned by their bytes: each distinct id is stored once and named by a small
/// integer, so that a row costs a hash and a comparison, not a String.
struct ProductTable {
    /// All ids' bytes, one after another.
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int] = []
    private(set) var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing: product index or -1.
    private var slots = [Int32](repeating: -1, count: 64)
    private var last: Int32 = -1

    var count: Int { starts.count }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        // FNV-1a, then a multiplicative mix for the high bits used as the slot number.
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var i = start
        while i < end {
            h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
            i += 1
        }
        return h &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always)
    private func equals(_ index: Int, _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard lengths[index] == length else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            guard let base = stored.baseAddress else { return length == 0 }
            let q = base + starts[index]
            for k in 0..<length where q[k] != p[start + k] { return false }
            return true
        }
    }

    /// The index of the id `p[start..<end]`, or nil when it has not been seen.
    @inline(__always)
    mutating func find(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
        // Exports are usually grouped by product: the previous row's id first.
        if last >= 0 && equals(Int(last), p, start, end) { return last }
        let h = Self.hash(p, start, end)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h >> 32) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if hashes[Int(index)] == h && equals(Int(index), p, start, end) {
                last = index
                return index
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds an id not yet present; returns its index.
    mutating func insert(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        if (count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(p, start, end)
        let index = Int32(count)
        starts.append(bytes.count)
        lengths.append(end - start)
        hashes.append(h)
        bytes.append(contentsOf: UnsafeBufferPointer(start: p + start, count: end - start))
        place(index, hash: h)
        last = index
        return index
    }

    private mutating func place(_ index: Int32, hash h: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h >> 32) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = index
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for index in 0..<count { place(Int32(index), hash: hashes[index]) }
    }

    /// The id as a String (the bytes are valid UTF-8: the whole file was checked).
    func name(_ index: Int) -> String {
        String(decoding: bytes[starts[index]..<(starts[index] + lengths[index])], as: UTF8.self)
    }
}
