import StockcastCore

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
    /// Quantities whose reading waits for the file's decimal separator (`1.234`: 1234 or
    /// 1.234), per cell: the sums of their digits read as whole numbers, by separator (`.`,
    /// `,`) and measure (sales, returns), `pendingPerCell` per cell. Empty until the first.
    private(set) var pending: [Double] = []
    static let pendingPerCell = 4

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
        if !pending.isEmpty { pending.append(contentsOf: repeatElement(0, count: Self.daysPerPage * Self.pendingPerCell)) }
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

    /// Adds an ambiguous quantity to `cell`: `grouped` (≥ 0) is its digits read as a whole
    /// number, `separator` the character between them.
    mutating func addPending(_ grouped: Double, separator: DecimalSeparator, returns toReturns: Bool, to cell: Int) {
        if pending.isEmpty { pending = [Double](repeating: 0, count: sales.count * Self.pendingPerCell) }
        pending[cell * Self.pendingPerCell + separator.index * 2 + (toReturns ? 1 : 0)] += grouped
    }

    /// Adds the pending quantities to the sums, now that `decimal` is known to separate
    /// decimals (so the other character groups thousands); returns the cells they changed.
    mutating func resolvePending(decimal: DecimalSeparator) -> [Int] {
        guard !pending.isEmpty else { return [] }
        var changed: [Int] = []
        for cell in 0..<sales.count {
            let base = cell * Self.pendingPerCell
            guard pending[base] != 0 || pending[base + 1] != 0 || pending[base + 2] != 0 || pending[base + 3] != 0 else { continue }
            for separator in DecimalSeparator.allCases {
                // Digit sums are exact whole numbers: one division gives the correctly rounded decimals.
                func reading(_ sum: Double) -> Double { separator == decimal ? sum / 1000 : sum }
                let k = base + separator.index * 2
                if pending[k] != 0 { sales[cell] += reading(pending[k]) }
                if pending[k + 1] != 0 { returns[cell] += reading(pending[k + 1]) }
            }
            changed.append(cell)
        }
        pending = []
        return changed
    }

    /// The product and day of a cell.
    func place(ofCell cell: Int) -> (product: Int, day: Day) {
        let key = pageKeys[cell / Self.daysPerPage]
        return (Self.product(ofPage: key), Self.day(ofPage: key, slot: cell % Self.daysPerPage))
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
