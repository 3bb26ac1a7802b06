/// The shape of the activations passed between layers, stored feature-major: element
/// `(f, t, b)` (feature, time step, sample) is at `(f · steps + t) · batch + b`. `batch` is the
/// batch padded to a multiple of `ActivationShape.lane`, so every row of samples is a whole
/// number of SIMD vectors; padded samples are zero on input and carry no gradient. A layer
/// without a time axis (after an LSTM that returns only its last state) has `steps == 1`.
struct ActivationShape: Equatable {
    var steps: Int
    var batch: Int
    var features: Int
    /// The real samples among `batch` (the rest is padding).
    var samples: Int

    init(steps: Int, batch: Int, features: Int, samples: Int? = nil) {
        self.steps = steps
        self.batch = batch
        self.features = features
        self.samples = samples ?? batch
    }

    /// Floats per vector; batches are padded to a multiple of it.
    static let lane = 8

    static func paddedBatch(_ samples: Int) -> Int {
        (samples + lane - 1) / lane * lane
    }

    /// Columns of the `[features × columns]` matrix the activations form.
    var columns: Int { steps * batch }
    var count: Int { features * steps * batch }
}

/// A layer of a `Network`. Layers are reference types that own their parameters and the
/// buffers of their last forward pass (needed by the backward pass).
protocol Layer: AnyObject {
    /// Keras-style name, e.g. `lstm_1`; tensors are named `<name>.<tensor>`.
    var name: String { get }
    /// The trainable buffers in the layer's internal layout (what the optimiser updates).
    var parameters: [Parameter] { get }
    /// The layer's tensors in Keras layout, by Keras name (`kernel`, `recurrent_kernel`, `bias`):
    /// the values, or with `gradients` the loss gradients.
    func tensors(gradients: Bool) -> [(name: String, tensor: Tensor)]
    /// Keras names and shapes of `tensors`.
    var tensorShapes: [(name: String, shape: [Int])] { get }
    /// Sets the values from Keras-layout tensors whose shapes match `tensorShapes`.
    func load(_ tensors: [String: Tensor])

    func outputShape(for input: ActivationShape) -> ActivationShape

    /// Runs the layer on `input` (which must stay unchanged until `backward`). The result lives
    /// in the layer's own buffer and stays valid until the next `forward`.
    func forward(_ input: UnsafePointer<Float>, shape: ActivationShape, training: Bool) -> UnsafePointer<Float>

    /// Given the loss gradient with respect to the last forward's output, adds the parameter
    /// gradients into `Parameter.gradient` and returns the gradient with respect to the input
    /// (nil when `inputGradient` is false).
    func backward(_ outputGradient: UnsafePointer<Float>, inputGradient: Bool) -> UnsafePointer<Float>?

    /// Multiply-adds of the matrix products of one forward and one backward pass over a batch of
    /// this shape (pass the real, unpadded number of samples as `batch`).
    func multiplyAdds(for input: ActivationShape, inputGradient: Bool) -> (forward: Int, backward: Int)
}
