import StockcastCore

/// Parses records from bytes that are known to be UTF-8, detects the header, validates every
/// row and sums the rows per product and day.
///
/// `process` is given what is buffered so far and consumes whole records only; `finish` turns
/// the sums into an `IngestedFile`.
struct RecordParser {
    /// The longest record accepted, in bytes (without its line break).
    static let maxRecordBytes = 1 << 20
    static let maxProductBytes = 256

    let name: String
    let dateFormat: DateFormat?
    let earliestDay: Day?
    let latestDay: Day?
    let maxProducts: Int
    /// The most units a row may carry, and a product's sales or returns on one day.
    let maxQuantity: Double?

    /// Physical line (1-based) of the first byte not yet consumed.
    var line = 1
    var bomChecked = false
    var sawBOM = false
    var header: Header?
    var delimiter: UInt8 = 0x2C
    var roles: [Role] = []
    var fieldCount = 0

    /// The file's decimal separator, once known (`RecordParser+Quantities`), and what decided
    /// it, completing "but …" in a message.
    var convention: DecimalSeparator?
    var conventionSource = ""
    /// Per separator (`DecimalSeparator.index`): the first ambiguous quantity held, and the
    /// largest one above the ceiling.
    var firstAmbiguous: [AmbiguousField?] = [nil, nil]
    var largestAmbiguous: [AmbiguousField?] = [nil, nil]

    var products = ProductTable()
    var cells = CellTable()
    var rows = 0

    // What was seen, for the dialect description.
    var sawCRLF = false
    var sawLF = false
    var sawQuotes = false
    /// A quantity was written with `.` or `,`.
    var sawSeparator = false
    var dateStyles: UInt8 = 0
    var sawTimes = false

    init(name: String, options: IngestOptions) throws(IngestError) {
        self.name = name
        earliestDay = options.earliestDay
        latestDay = options.latestDay
        maxProducts = min(options.maxProducts ?? Int(Int32.max), Int(Int32.max))
        maxQuantity = options.maxQuantity
        if let configured = options.decimalSeparator {
            convention = configured
            conventionSource = "the configuration's decimalSeparator is \(configured.quoted)"
        }
        dateFormat = try options.compiledDateFormat(file: name)
    }

    // MARK: - Driving

    /// Consumes the complete records in `buffer[0..<end]` (all of it when `final`); returns the
    /// number of bytes consumed.
    mutating func process(_ buffer: UnsafeBufferPointer<UInt8>, end: Int, final: Bool) throws(IngestError) -> Int {
        guard let p = buffer.baseAddress, end > 0 else { return 0 }
        var pos = 0
        if !bomChecked {
            if end < 3 && !final { return 0 }
            if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
                pos = 3
                sawBOM = true
            }
            bomChecked = true
        }
        if header == nil {
            pos = try readHeader(p, from: pos, end: end, final: final)
            if header == nil { return pos }
        }
        while pos < end {
            guard let next = try record(p, from: pos, end: end, final: final) else { break }
            pos = next
        }
        return pos
    }
}
