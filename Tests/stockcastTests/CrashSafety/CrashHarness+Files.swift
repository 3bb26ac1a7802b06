import Foundation
import StockcastCore

// The files the test drops: daily files, bulk re-exports, corrections, duplicates, bad files.
extension Harness {
    /// Values of product `p` on day `d` (inside the range the models were trained on).
    func dayCell(_ p: String, _ d: Int) -> Drop.Cell {
        let base = ["A": 40, "B": 60, "C": 25][p]!
        return Drop.Cell(
            product: p, day: Self.dayZero.advanced(by: d),
            sales: Double(base + (d % 7 + 7) % 7 * 4 + Int.random(in: 0...6, using: &random)),
            returns: Double(Int.random(in: 0...3, using: &random)))
    }

    static func seedFormat(_ cells: [Drop.Cell], linesPerCell: Int = 1) -> String {
        var out = "Date,Product_ID,Sales,Returns\n"
        for c in cells {
            let s = Int(c.sales!), r = Int(c.returns!)
            for i in 0..<linesPerCell {
                // The cell split into lines that sum to it: the first takes the remainders.
                let ls = s / linesPerCell + (i == 0 ? s % linesPerCell : 0)
                let lr = r / linesPerCell + (i == 0 ? r % linesPerCell : 0)
                out += "\(c.day),\(c.product),\(ls),\(lr)\n"
            }
        }
        return out
    }

    /// A batch: daily files (the first cycle: 60 days of history), and by chance a bulk re-export, a
    /// sales-only correction, a duplicate, a bad file.
    func makeBatch(cycle: Int, bulk: Bool) -> [Drop] {
        let tag = String(format: "c%03d", cycle)
        var batch: [Drop] = []
        if cycle == 0 {
            let cells = (0..<60).flatMap { d in ["A", "B"].map { dayCell($0, d) } }
            batch.append(Drop(name: "\(tag)-history.csv", text: Self.seedFormat(cells), cells: cells))
            nextDay = 60
        }
        if cycle == 8 { firstDayOfC = nextDay }
        for i in 0..<Int.random(in: 1...3, using: &random) {
            let products = firstDayOfC == nil ? ["A", "B"] : ["A", "B", "C"]
            let cells = products.map { dayCell($0, nextDay) }
            batch.append(Drop(name: "\(tag)-day\(nextDay)-\(i).csv", text: Self.seedFormat(cells), cells: cells))
            nextDay += 1
        }
        if bulk {
            // An ERP re-export of 1,000 earlier days of A and B, as transaction lines.
            let cells = (-Self.bulkDays..<0).flatMap { d in ["A", "B"].map { dayCell($0, d) } }
            batch.insert(
                Drop(name: "\(tag)-bulk.csv", text: Self.seedFormat(cells, linesPerCell: Self.bulkLinesPerCell), cells: cells),
                at: 0)
        }
        if Int.random(in: 0..<4, using: &random) == 0 {
            // Sales corrected for a few recent days, German dialect, day-first dates.
            var text = "Datum;Artikel;Verkauf\n"
            var cells: [Drop.Cell] = []
            for d in Set((0..<3).map { _ in nextDay - Int.random(in: 1...20, using: &random) }).sorted() {
                var c = dayCell("A", d)
                c.returns = nil
                let iso = c.day.description
                text += "\(iso.suffix(2)).\(iso.dropFirst(5).prefix(2)).\(iso.prefix(4));A;\(Int(c.sales!))\n"
                cells.append(c)
            }
            batch.append(Drop(name: "\(tag)-correction.csv", text: text, cells: cells))
        }
        let earlier = drops.filter { !$0.isBad && !$0.name.contains("bulk") }
        if !earlier.isEmpty, Int.random(in: 0..<3, using: &random) == 0 {
            // The same bytes again: under its old name (archived as name.1.csv …) or a new one.
            let original = earlier[Int.random(in: 0..<earlier.count, using: &random)]
            let name = Bool.random(using: &random) ? original.name : "\(tag)-again-\(original.name)"
            var again = original
            again.name = name
            batch.append(again)
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            let bad = [
                "Date,Product_ID,Sales,Returns\n\(Self.dayZero.advanced(by: nextDay)),A,12,1\n\(Self.dayZero.advanced(by: nextDay)),B,zwölf,1\n",
                "Date,Product_ID,Sales,Returns\n2024-02-30,A,12,1\n",
                "Date,Product_ID,Sales,Returns\n\(Self.dayZero.advanced(by: nextDay)),A,-3,1\n",
                "Date,Product_ID,Sales,Returns\n",
            ][Int.random(in: 0..<4, using: &random)]
            batch.append(Drop(name: "\(tag)-bad.csv", text: bad, isBad: true))
        }
        return batch
    }
}
