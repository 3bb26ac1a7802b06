import StockcastCore

// The sums turned into an `IngestedFile`, with its dialect in words.
extension RecordParser {
    mutating func finish() throws(IngestError) -> IngestedFile {
        guard let header else {
            throw IngestError(file: name, reason: "is empty; an export needs a header line such as \(SeedFormat.header) and data rows")
        }
        guard rows > 0, cells.count > 0 else {
            throw IngestError(file: name, reason: "has a header but no data rows")
        }
        try resolveAtEnd()
        // Products are keyed by their NFC spelling (`ProductTable`), so no two names are equal
        // Strings; were they, their cells would be merged.
        var names: [String] = []
        names.reserveCapacity(products.count)
        var cellsPerProduct = [Int](repeating: 0, count: products.count)
        for (page, key) in cells.pageKeys.enumerated() {
            cellsPerProduct[CellTable.product(ofPage: key)] += cells.present[page].nonzeroBitCount
        }
        var perProduct: [[Day: DailyCell]] = cellsPerProduct.map { count in
            var days: [Day: DailyCell] = [:]
            days.reserveCapacity(count)
            return days
        }
        for index in 0..<products.count { names.append(products.name(index)) }
        let keys = cells.pageKeys, present = cells.present, sales = cells.sales, returns = cells.returns
        for page in 0..<keys.count {
            let key = keys[page], product = CellTable.product(ofPage: key)
            for slot in 0..<CellTable.daysPerPage where present[page] & (1 << slot) != 0 {
                let cell = page * CellTable.daysPerPage + slot
                perProduct[product][CellTable.day(ofPage: key, slot: slot)] = DailyCell(sales: sales[cell], returns: returns[cell])
            }
        }
        var totals: [String: [Day: DailyCell]] = [:]
        totals.reserveCapacity(products.count)
        for index in 0..<products.count {
            let name = names[index]
            let days = perProduct[index]
            perProduct[index] = [:]
            guard let existing = totals[name] else {
                totals[name] = days
                continue
            }
            var merged = existing
            for (day, cell) in days {
                var sum = merged[day] ?? DailyCell()
                sum.sales += cell.sales
                sum.returns += cell.returns
                guard sum.sales.isFinite, sum.returns.isFinite else {
                    throw IngestError(file: self.name, reason: "the day's total for \"\(name)\" on \(day) is too large to represent")
                }
                merged[day] = sum
            }
            totals[name] = merged
        }
        var measures: Set<SeriesKind> = []
        if header.carriesSales { measures.insert(.sales) }
        if header.carriesReturns { measures.insert(.returns) }
        return IngestedFile(measures: measures, totals: totals, rows: rows, dialect: dialect(header))
    }

    func dialect(_ header: Header) -> String {
        var parts: [String] = []
        parts.append(header.delimiter == 0x09 ? "tab-separated" : "'\(Character(Unicode.Scalar(header.delimiter)))'-separated")
        parts.append(sawCRLF && sawLF ? "mixed LF and CRLF" : sawCRLF ? "CRLF" : "LF")
        if sawBOM { parts.append("BOM") }
        if sawQuotes { parts.append("quoted fields") }
        var dates: [String] = []
        if dateStyles & DateStyle.iso.rawValue != 0 { dates.append("ISO") }
        if dateStyles & DateStyle.dayFirst.rawValue != 0 { dates.append("day-first") }
        if dateStyles & DateStyle.configured.rawValue != 0, let dateFormat { dates.append(dateFormat.text) }
        if !dates.isEmpty {
            parts.append(dates.joined(separator: " and ") + " dates" + (sawTimes ? " (times dropped)" : ""))
        }
        if header.signedQuantity {
            parts.append("signed quantity")
        } else if header.carriesSales && header.carriesReturns {
            parts.append("sales and returns")
        } else {
            parts.append(header.carriesSales ? "sales only" : "returns only")
        }
        if sawSeparator && convention == .comma { parts.append("decimal comma") }
        if !header.ignoredProductNames.isEmpty, let id = columnName(of: .product) {
            parts.append("product id from \"\(id)\" (" + header.ignoredProductNames.map { "\"\($0)\"" }.joined(separator: ", ") + " ignored)")
        }
        return parts.joined(separator: ", ")
    }
}
