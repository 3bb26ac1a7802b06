/// The header of a supply file: its kind, delimiter and what each column means.
struct SupplyHeader {
    var kind: SupplyKind
    var delimiter: UInt8
    /// Each column's name as written.
    var names: [String]
    /// Each column's role; nil: ignored.
    var roles: [SupplyRole?]

    /// The column of `role`, if the file has one.
    func column(_ role: SupplyRole) -> Int? { roles.firstIndex { $0 == role } }

    /// The header's name for column `index`.
    func name(_ index: Int) -> String { names[index].isEmpty ? "#\(index + 1)" : names[index] }

    /// Reads a header record as a supply file's: nil when it is not one (it names a sales,
    /// returns or quantity column, or no stock, order or parameter column), so that the sales
    /// reader decides; a failure when it is one that cannot be read (the reason).
    static func detect(_ record: [UInt8]) -> Result<SupplyHeader, SupplyHeaderProblem>? {
        var best: (delimiter: UInt8, fields: [[UInt8]], roles: [SupplyRole?], score: Int)?
        for delimiter in Header.candidates {
            let fields = Header.split(record, delimiter: delimiter)
            let normalised = fields.map(Header.normalise)
            // A sales measure anywhere: a sales file (or a bad one), for the sales reader.
            if normalised.contains(where: { [.sales, .returns, .quantity].contains(Role.byAlias[$0]) }) { return nil }
            let roles = normalised.map { SupplyRole.byAlias[$0] }
            let score = roles.compactMap { $0 }.count << 20 + min(fields.count, 1 << 20 - 1)
            if let current = best, score <= current.score { continue }
            best = (delimiter, fields, roles, score)
        }
        guard let best else { return nil }
        let names = best.fields.map { String(decoding: $0, as: UTF8.self) }
        var roles = best.roles
        let present = Set(roles.compactMap { $0 })
        let stock = present.contains(.onHand)
        let orders = present.contains(.dueDate) || present.contains(.openQuantity)
        let parameters = !present.isDisjoint(with: SupplyRole.parameters)
        guard stock || orders || parameters else { return nil }

        let kind: SupplyKind
        switch (stock, orders, parameters) {
        case (true, false, false): kind = .stockSnapshot
        case (false, true, false): kind = .openOrders
        case (false, false, true): kind = .productMaster
        default:
            let kinds = [(stock, SupplyKind.stockSnapshot), (orders, .openOrders), (parameters, .productMaster)].filter(\.0).map(\.1.rawValue)
            return .failure(.mixed(kinds))
        }
        // A product name beside exactly one product id is ignored, as in sales files.
        let productColumns = roles.indices.filter { roles[$0] == .product }
        let identifiers = productColumns.filter { !Role.productNames.contains(Header.normalise(best.fields[$0])) }
        if productColumns.count > 1, identifiers.count == 1 {
            for column in productColumns where column != identifiers[0] { roles[column] = nil }
        }
        for role in SupplyRole.allCases {
            let columns = roles.indices.filter { roles[$0] == role }
            if columns.count > 1 { return .failure(.duplicate(role, names[columns[0]], names[columns[1]])) }
        }
        // Columns another kind of file would use are ignored (an order file's order date).
        let wanted: Set<SupplyRole>
        let required: [SupplyRole]
        switch kind {
        case .stockSnapshot:
            wanted = [.date, .product, .onHand]
            required = [.date, .product, .onHand]
        case .openOrders:
            wanted = [.product, .dueDate, .openQuantity, .orderID]
            required = [.product, .dueDate, .openQuantity]
        case .productMaster:
            wanted = Set(SupplyRole.parameters + [.product])
            required = [.product]
        }
        roles = roles.map { $0.flatMap { wanted.contains($0) ? $0 : nil } }
        let missing = required.filter { !roles.contains($0) }
        if !missing.isEmpty { return .failure(.missing(kind, missing, found: names.filter { !$0.isEmpty })) }
        return .success(SupplyHeader(kind: kind, delimiter: best.delimiter, names: names, roles: roles))
    }
}

/// Why a supply file's header cannot be used.
enum SupplyHeaderProblem: Error {
    /// Columns of several kinds of file (their names).
    case mixed([String])
    /// Two columns meaning the same.
    case duplicate(SupplyRole, String, String)
    /// The kind recognised, the roles it lacks and the names found.
    case missing(SupplyKind, [SupplyRole], found: [String])

    var reason: String {
        switch self {
        case .mixed(let kinds):
            return "the header has columns of a \(kinds.joined(separator: " and of a ")) file; export each as a file of its own"
        case .duplicate(let role, let first, let second):
            return
                "the columns \"\(HeaderProblem.shown(first))\" and \"\(HeaderProblem.shown(second))\" both mean \(role.noun); remove or rename one of them"
        case .missing(let kind, let roles, let found):
            let wanted = roles.map { "\($0.noun) (" + $0.aliases.joined(separator: ", ") + ")" }
            let list = found.prefix(12).map { "\"\(HeaderProblem.shown($0))\"" }.joined(separator: ", ")
            return "\(kind == .openOrders ? "an" : "a") \(kind.rawValue) file needs a column for " + wanted.joined(separator: " and ")
                + "; the header has \(list)"
        }
    }
}
