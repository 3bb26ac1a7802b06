/// Why an input file cannot be used: which file, where in it, and what is wrong.
package struct IngestError: Error, CustomStringConvertible, Equatable {
    /// The file's name: the last component of the path it was read from.
    package var file: String
    /// 1-based line (the header is line 1), when the problem has one.
    package var line: Int?
    /// The column's header name, when the problem has one.
    package var column: String?
    /// What is wrong, in words a person can act on.
    package var reason: String

    package init(file: String, line: Int? = nil, column: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    package var description: String {
        var place = file
        if let line { place += " line \(line)" }
        if let column { place += ", column \(column)" }
        return place + ": " + reason
    }
}
