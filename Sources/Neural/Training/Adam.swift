#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam hyper-parameters. The defaults are Keras's.
package struct AdamConfiguration: Sendable, Equatable, Codable {
    /// Step size.
    package var learningRate: Double = 0.001
    /// Decay of the first-moment (mean) estimate.
    package var beta1: Double = 0.9
    /// Decay of the second-moment (uncentred variance) estimate.
    package var beta2: Double = 0.999
    /// Added to √v in the denominator, keeping steps finite where gradients vanish.
    package var epsilon: Double = 1e-7

    package init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }
}

/// The Adam optimiser exactly as Keras 3 applies it:
///
///     m ← m + (g − m)(1 − β1);  v ← v + (g² − v)(1 − β2)
///     α = lr · √(1 − β2ᵗ) / (1 − β1ᵗ);  w ← w − α·m / (√v + ε)
final class Adam {
    let configuration: AdamConfiguration
    private let parameters: [Parameter]
    private let moments: [FloatBuffer]
    private let velocities: [FloatBuffer]
    /// Updates applied so far.
    private(set) var iterations = 0

    init(parameters: [Parameter], configuration: AdamConfiguration) {
        self.parameters = parameters
        self.configuration = configuration
        moments = parameters.map { FloatBuffer(count: $0.count) }
        velocities = parameters.map { FloatBuffer(count: $0.count) }
    }

    /// Applies one update from the parameters' current gradients.
    func step() {
        iterations += 1
        let t = Float(iterations)
        let b1 = Float(configuration.beta1), b2 = Float(configuration.beta2)
        let alpha = Float(configuration.learningRate) * (1 - powf(b2, t)).squareRoot() / (1 - powf(b1, t))
        let eps = Float(configuration.epsilon)
        for (index, p) in parameters.enumerated() {
            Kernels.active.adam(
                count: p.count, weights: p.value, gradients: p.gradient, m: moments[index].pointer,
                v: velocities[index].pointer, beta1: b1, beta2: b2, alpha: alpha, epsilon: eps)
        }
    }
}

extension Kernels {
    /// One Adam update of `count` weights `w` from gradients `g`, moments `m` and `v` updated in
    /// place: `m += (g − m)(1 − β1)`, `v += (g² − v)(1 − β2)`, `w −= α·m / (√v + ε)`.
    func adam(
        count: Int, weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>,
        m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
        beta1: Float, beta2: Float, alpha: Float, epsilon: Float
    ) {
        table.adam!(count, w, g, m, v, beta1, beta2, alpha, epsilon)
    }
}
