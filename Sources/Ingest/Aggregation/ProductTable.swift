/// Product ids interned by their bytes: each distinct spelling is stored once and names a
/// product by a small integer, so that a row costs a hash and a comparison, not a String.
///
/// A product is identified by its key, the id in Unicode normalisation form C (NFC): `Å` as one
/// code point and `A` + combining ring are two spellings of one product. Every product's key is
/// itself one of the spellings, so a spelling already in NFC finds its product directly; other
/// spellings are added as aliases of their key's product (`RecordParser.readProduct`).
struct ProductTable {
    /// All spellings' bytes, one after another.
    private(set) var bytes: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// The product each spelling names.
    private var productOf: [Int32] = []
    /// Each product's key: the index of its NFC spelling.
    private var keys: [Int32] = []
    /// Open addressing, linear probing: spelling index or -1.
    private var slots = [Int32](repeating: -1, count: 64)
    /// The spelling found last.
    private var last: Int32 = -1

    /// Distinct products (not spellings).
    var count: Int { keys.count }

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

    /// The product spelled `p[start..<end]`, or nil when the spelling has not been seen.
    @inline(__always)
    mutating func find(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
        // Exports are usually grouped by product: the previous row's spelling first.
        if last >= 0 && equals(Int(last), p, start, end) { return productOf[Int(last)] }
        let h = Self.hash(p, start, end)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h >> 32) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if hashes[Int(index)] == h && equals(Int(index), p, start, end) {
                last = index
                return productOf[Int(index)]
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a product whose key (NFC) is `p[start..<end]`, not yet present; returns its index.
    mutating func insertProduct(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let product = Int32(keys.count)
        keys.append(Int32(productOf.count))
        insertSpelling(p, start, end, of: product)
        return product
    }

    /// Adds `p[start..<end]`, not yet present, as another spelling of `product`.
    mutating func insertSpelling(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, of product: Int32) {
        if (productOf.count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(p, start, end)
        let index = Int32(productOf.count)
        starts.append(bytes.count)
        lengths.append(end - start)
        hashes.append(h)
        productOf.append(product)
        bytes.append(contentsOf: UnsafeBufferPointer(start: p + start, count: end - start))
        place(index, hash: h)
        last = index
    }

    private mutating func place(_ index: Int32, hash h: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h >> 32) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = index
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for index in 0..<productOf.count { place(Int32(index), hash: hashes[index]) }
    }

    /// The product's key (its id in NFC) as a String (the bytes are valid UTF-8: the whole file
    /// was checked).
    func name(_ product: Int) -> String {
        let spelling = Int(keys[product])
        return String(decoding: bytes[starts[spelling]..<(starts[spelling] + lengths[spelling])], as: UTF8.self)
    }
}
