/// Where a kill landed, read from the killed daemon's log (see the suite's comment).
enum Phase: String, CaseIterable {
    case parse
    case transaction
    /// After the file's transaction committed, before it reached its destination.
    case commitToMove = "commit-to-move"
    case training
    case forecast
    case publishing
    /// Starting, recovering, between files, or idle.
    case between = "between steps"
}

/// Which phase a cycle aims its kill at.
enum Aim: String {
    case parse, transaction, training, publishing, blind

    init(_ phase: Phase) {
        switch phase {
        case .parse: self = .parse
        case .transaction, .commitToMove: self = .transaction
        case .training, .forecast: self = .training
        case .publishing: self = .publishing
        case .between: self = .blind
        }
    }
}
