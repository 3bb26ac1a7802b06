/// What a column means.
enum Role: UInt8, CaseIterable {
    case ignored = 0, date, product, sales, returns, quantity

    /// In words, for messages.
    var noun: String {
        switch self {
        case .ignored: return "nothing"
        case .date: return "the date"
        case .product: return "the product"
        case .sales: return "sales"
        case .returns: return "returns"
        case .quantity: return "a signed quantity"
        }
    }

    /// Header names recognised for each role (DESIGN.md), as a user writes them.
    var aliases: [String] {
        switch self {
        case .ignored: return []
        case .date: return ["date", "day", "datum", "posting_date", "order_date", "transaction_date"]
        case .product:
            return [
                "product_id", "product", "product_name", "sku", "item", "item_id", "item_name",
                "article", "artikel", "stockcode",
            ]
        case .sales: return ["sales", "sold", "units_sold", "sales_qty", "verkauf"]
        case .returns: return ["returns", "returned", "units_returned", "return_qty", "retouren"]
        case .quantity: return ["quantity", "qty", "menge"]
        }
    }

    /// Product aliases that name a product in words rather than identify it: beside exactly one
    /// other product column (an identifier) they are ignored, the identifier wins.
    static let productNames: Set<[UInt8]> = Set(["product_name", "item_name"].map { Header.normalise(Array($0.utf8)) })

    /// Normalised alias → role.
    static let byAlias: [[UInt8]: Role] = {
        var table: [[UInt8]: Role] = [:]
        for role in Role.allCases {
            for alias in role.aliases { table[Header.normalise(Array(alias.utf8))] = role }
        }
        return table
    }()
}

/// The header line: which delimiter it uses and what each column means.
struct Header {
    /// The delimiter byte.
    var delimiter: UInt8
    /// Each column's name as written (trimmed, unquoted).
    var names: [String]
    /// Each column's role.
    var roles: [Role]
    /// Measures the file carries.
    var carriesSales: Bool
    var carriesReturns: Bool
    /// True when the measures come from a signed quantity column.
    var signedQuantity: Bool
    /// Product name columns ignored beside the product id column, as written.
    var ignoredProductNames: [String] = []

    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

    /// Case folded, surrounding spaces trimmed, spaces, dashes and underscores removed.
    static func normalise(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes where byte != 0x20 && byte != 0x09 && byte != UInt8(ascii: "-") && byte != UInt8(ascii: "_") {
            out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return out
    }

    /// Splits one header record (without its line break) at `delimiter`, honouring quotes.
    /// Lenient: text after a closing quote is kept.
    static func split(_ record: [UInt8], delimiter: UInt8) -> [[UInt8]] {
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var inQuotes = false, wasQuoted = false
        var i = 0
        while i < record.count {
            let byte = record[i]
            if inQuotes {
                if byte == 0x22 {
                    if i + 1 < record.count && record[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == delimiter {
                fields.append(field)
                field = []
                wasQuoted = false
            } else if byte == 0x22 && !wasQuoted && field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                inQuotes = true
                wasQuoted = true
                field = []
            } else {
                field.append(byte)
            }
            i += 1
        }
        fields.append(field)
        return fields.map(trim)
    }

    static func trim(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0, end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D) { end -= 1 }
        return Array(bytes[start..<end])
    }

    /// Detects the delimiter and the columns of a header record, or explains why it cannot be used.
    /// The delimiter is the candidate whose split yields a date, a product and a measure; among
    /// several, the one recognising the most columns, then the first of `, ; tab |`.
    static func detect(_ record: [UInt8]) -> Result<Header, HeaderProblem> {
        var best: (delimiter: UInt8, fields: [[UInt8]], roles: [Role], score: Int)?
        for delimiter in candidates {
            let fields = split(record, delimiter: delimiter)
            let roles = fields.map { Role.byAlias[normalise($0)] ?? .ignored }
            let present = Set(roles.filter { $0 != .ignored })
            let complete =
                present.contains(.date) && present.contains(.product)
                && !present.isDisjoint(with: [.sales, .returns, .quantity])
            // A complete header first, then the most recognised columns, then the most columns.
            let score = (complete ? 1 << 40 : 0) + present.count << 20 + min(fields.count, 1 << 20 - 1)
            if let current = best, score <= current.score { continue }
            best = (delimiter, fields, roles, score)
        }
        guard let best else { return .failure(.missing([.date, .product, .sales], found: [])) }
        let names = best.fields.map { String(decoding: $0, as: UTF8.self) }
        var roles = best.roles

        // An export often names the product twice, by id and by name: with exactly one
        // identifier column, it wins and the name columns are ignored (said in the dialect).
        var ignoredNames: [String] = []
        let productColumns = roles.indices.filter { roles[$0] == .product }
        let identifiers = productColumns.filter { !Role.productNames.contains(normalise(best.fields[$0])) }
        if productColumns.count > 1, identifiers.count == 1 {
            for column in productColumns where column != identifiers[0] {
                roles[column] = .ignored
                ignoredNames.append(names[column])
            }
        }

        // Two columns with the same meaning, or a signed quantity beside sales or returns:
        // which one counts would be a guess, so the file is rejected.
        for role in Role.allCases where role != .ignored {
            let columns = roles.indices.filter { roles[$0] == role }
            if columns.count > 1 {
                return .failure(.duplicate(role, names[columns[0]], names[columns[1]]))
            }
        }
        if let quantity = roles.firstIndex(of: .quantity),
            let measure = roles.firstIndex(where: { $0 == .sales || $0 == .returns })
        {
            return .failure(.quantityBeside(roles[measure], names[measure], names[quantity]))
        }
        let has = { (role: Role) in roles.contains(role) }
        var missing: [Role] = []
        if !has(.date) { missing.append(.date) }
        if !has(.product) { missing.append(.product) }
        if !has(.sales) && !has(.returns) && !has(.quantity) { missing.append(.sales) }
        if !missing.isEmpty {
            return .failure(.missing(missing, found: names.filter { !$0.isEmpty }))
        }
        let signed = has(.quantity)
        return .success(
            Header(
                delimiter: best.delimiter, names: names, roles: roles,
                carriesSales: signed || has(.sales), carriesReturns: signed || has(.returns),
                signedQuantity: signed, ignoredProductNames: ignoredNames))
    }
}

/// Why a header line cannot be used.
enum HeaderProblem: Error {
    /// Roles not found (`.sales` stands for "sales, returns or quantity"), with the names found.
    case missing([Role], found: [String])
    /// Two columns meaning the same.
    case duplicate(Role, String, String)
    /// A signed quantity column beside a sales or returns column: (that role, its name, the
    /// quantity column's name).
    case quantityBeside(Role, String, String)

    var reason: String {
        switch self {
        case .duplicate(let role, let first, let second):
            return "the columns \"\(Self.shown(first))\" and \"\(Self.shown(second))\" both mean \(role.noun); remove or rename one of them"
        case .quantityBeside(let role, let measure, let quantity):
            return
                "the columns \"\(Self.shown(measure))\" (\(role.noun)) and \"\(Self.shown(quantity))\" (a signed quantity: sold positive, returned negative) both give quantities, and which one counts would be a guess; export one of them, or rename the other"
        case .missing(let roles, let found):
            let wanted = roles.map { role -> String in
                if role == .sales {
                    let names = Role.sales.aliases + Role.returns.aliases + Role.quantity.aliases
                    return "a sales, returns or quantity column (" + names.joined(separator: ", ") + ")"
                }
                return "a \(role == .date ? "date" : "product") column (" + role.aliases.joined(separator: ", ") + ")"
            }
            let list =
                found.isEmpty
                ? "no column names"
                : "the columns " + found.prefix(12).map { "\"\(Self.shown($0))\"" }.joined(separator: ", ")
                    + (found.count > 12 ? " and \(found.count - 12) more" : "")
            let joined =
                wanted.count == 1
                ? wanted[0]
                : wanted.dropLast().joined(separator: ", ") + " and " + (wanted.last ?? "")
            return "the header needs \(joined); it has \(list)"
        }
    }

    /// A header name shortened for a message.
    static func shown(_ name: String) -> String {
        name.count > 40 ? String(name.prefix(40)) + "…" : name
    }
}
