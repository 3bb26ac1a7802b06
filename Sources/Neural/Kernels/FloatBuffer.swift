/// Float storage owned by one layer or optimiser, reused across batches so that a training
/// step (forward, backward, update) allocates nothing once the largest batch has been seen.
///
/// Not `Sendable`: a buffer belongs to the network that created it, and a network is used by
/// one task at a time.
final class FloatBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private(set) var capacity: Int

    init(count: Int = 0) {
        capacity = max(count, 1)
        pointer = .allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
    }

    deinit {
        pointer.deallocate()
    }

    /// Storage for at least `count` floats. Growing discards the old contents (zero-filled).
    @discardableResult
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: capacity)
            pointer.initialize(repeating: 0, count: capacity)
        }
        return pointer
    }

    /// Storage for `count` floats, all set to zero.
    func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = reserve(count)
        p.update(repeating: 0, count: count)
        return p
    }
}

/// One trainable tensor of a layer: its values and the gradient of the loss with respect to them.
final class Parameter {
    /// Keras's name within the layer: `kernel`, `recurrent_kernel` or `bias`.
    let name: String
    let shape: [Int]
    let count: Int
    let value: UnsafeMutablePointer<Float>
    let gradient: UnsafeMutablePointer<Float>

    init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
        count = shape.reduce(1, *)
        value = .allocate(capacity: count)
        value.initialize(repeating: 0, count: count)
        gradient = .allocate(capacity: count)
        gradient.initialize(repeating: 0, count: count)
    }

    deinit {
        value.deallocate()
        gradient.deallocate()
    }

    var values: [Float] {
        get { Array(UnsafeBufferPointer(start: value, count: count)) }
        set {
            precondition(newValue.count == count)
            newValue.withUnsafeBufferPointer { value.update(from: $0.baseAddress!, count: count) }
        }
    }

    var gradients: [Float] {
        Array(UnsafeBufferPointer(start: gradient, count: count))
    }

    func zeroGradient() {
        gradient.update(repeating: 0, count: count)
    }
}
