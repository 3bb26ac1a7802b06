extension IngestOptions {
    /// Why these options cannot read any file (a configured date format that is not one), or nil.
    package var problem: String? {
        if let text = dateFormat, case let .failure(problem) = DateFormat.compile(text) {
            return "dateFormat \"\(problem.format)\": \(problem.reason)"
        }
        return nil
    }
}
