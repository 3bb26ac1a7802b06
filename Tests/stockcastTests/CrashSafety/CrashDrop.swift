import StockcastCore

/// A file the test drops, and the cells it sets when it is applied.
struct Drop {
    struct Cell {
        var product: String
        var day: Day
        var sales: Double?
        var returns: Double?
    }

    var name: String
    var bytes: [UInt8]
    var sha256: String
    var isBad: Bool
    var cells: [Cell]

    init(name: String, text: String, isBad: Bool = false, cells: [Cell] = []) {
        self.name = name
        bytes = Array(text.utf8)
        sha256 = Harness.sha256(bytes)
        self.isBad = isBad
        self.cells = cells
    }
}
