import StockcastCore

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

/// Sums per (product, day), in pages of 8 consecutive days of one product: rows of one product
/// on nearby days (the usual order of an export) touch the same page, so the hash table is
/// consulted once per page rather than once per row, and its memory stays in cache.
struct CellTable {
    static let daysPerPage = 8
    /// Added to `daysSince1970` so that every day of the years 1–9999 is positive.
    private static let bias = 1 << 21

    /// Per page: product << 32 | (biased day / 8).
    private(set) var pageKeys: [UInt64] = []
    /// Per page: bit k set when day k of the page has a row.
    private(set) var present: [UInt8] = []
    /// Sums, `daysPerPage` per page.
    private(set) var sales: [Double] = []
    private(set) var returns: [Double] = []
    /// Cells with at least one row.
    private(set) var count = 0

    /// Open addressing, linear probing: page index + 1, or 0 for an empty slot.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var shift = UInt64(64 - 10)
    private var lastPageKey: UInt64 = .max
    private var lastPage = 0

    /// The cell of (`product`, `day`), created with zero sums if new. Cells are numbered
    /// page × 8 + day within the page.
    @inline(__always)
    mutating func cell(product: Int32, day: Day) -> Int {
        let biased = UInt32(truncatingIfNeeded: day.daysSince1970 + Self.bias)
        let pageKey = UInt64(UInt32(bitPattern: product)) << 32 | UInt64(biased >> 3)
        let page = pageKey == lastPageKey ? lastPage : findOrInsert(pageKey)
        let slot = Int(biased & 7)
        let bit = UInt8(1) << UInt8(slot)
        if present[page] & bit == 0 {
            present[page] |= bit
            count += 1
        }
        return page << 3 | slot
    }

    private mutating func findOrInsert(_ pageKey: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (pageKey &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            let page = Int(stored) - 1
            if pageKeys[page] == pageKey {
                lastPageKey = pageKey
                lastPage = page
                return page
            }
            slot = (slot + 1) & mask
        }
        let page = pageKeys.count
        pageKeys.append(pageKey)
        present.append(0)
        for _ in 0..<Self.daysPerPage {
            sales.append(0)
            returns.append(0)
        }
        slots[slot] = Int32(truncatingIfNeeded: page + 1)
        if pageKeys.count * 2 > slots.count { grow() }
        lastPageKey = pageKey
        lastPage = page
        return page
    }

    @inline(__always)
    mutating func add(sales value: Double, to cell: Int) -> Double {
        sales[cell] += value
        return sales[cell]
    }

    @inline(__always)
    mutating func add(returns value: Double, to cell: Int) -> Double {
        returns[cell] += value
        return returns[cell]
    }

    /// The product of a page.
    static func product(ofPage key: UInt64) -> Int { Int(key >> 32) }

    /// The day of cell `slot` (0–7) of a page.
    static func day(ofPage key: UInt64, slot: Int) -> Day {
        Day(daysSince1970: Int(UInt32(truncatingIfNeeded: key)) << 3 + slot - bias)
    }

    private mutating func grow() {
        let size = slots.count * 2
        shift -= 1
        slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (page, key) in pageKeys.enumerated() {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: page + 1)
        }
    }
}
