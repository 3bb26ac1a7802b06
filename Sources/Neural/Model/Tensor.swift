/// A dense float32 tensor in row-major order, as stored in a model file.
package struct Tensor: Sendable, Equatable {
    /// Extent of each axis.
    package var shape: [Int]
    /// `shape.reduce(1, *)` values, last axis fastest.
    package var scalars: [Float]

    package init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count, "tensor of shape \(shape) needs \(shape.reduce(1, *)) values, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }
}

/// Why a model file cannot be used: names the file and says what is wrong with it.
package struct ModelFileError: Error, CustomStringConvertible, Equatable {
    /// The path (or other description) of the file.
    package var file: String
    /// What is wrong, in words a person can act on.
    package var problem: String

    package init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    package var description: String { "\(file): \(problem)" }
}
