import Foundation
import Testing

@testable import Neural

/// The engine loads Keras's weights and reproduces what Keras 3.15 computed with them
/// (`../shared/data/keras_vectors/`, copied into Fixtures).
@Suite struct KerasVectorTests {
    func network(_ weights: String) throws -> Network {
        let file = try Safetensors.read(path: Fixtures.path(weights))
        let net = Network(inputFeatures: 1, architecture: seedArchitecture, seed: 0)
        try net.load(file.tensors, source: weights)
        return net
    }

    @Test(arguments: ["random_vec42", "random_vec7_bias"])
    func freshNetworkOutputsMatchKeras(_ name: String) throws {
        let net = try network("keras_vectors/\(name)/weights.safetensors")
        let data = try Fixtures.dataset("keras_vectors/\(name)/inputs.json")
        let expected = (try Fixtures.json("keras_vectors/\(name)/expected.json")["outputs"] as! [[Double]])
            .map { Float($0[0]) }
        let outputs = net.predict(data)
        #expect(maxAbsoluteError(outputs, expected) < 2e-6, "outputs \(outputs) vs Keras \(expected)")
    }

    @Test func trainedNetworkForwardAndLossMatchKeras() throws {
        let net = try network("keras_vectors/trained_p001/weights.safetensors")
        let data = try Fixtures.dataset("keras_vectors/trained_p001/batch.json")
        let expected = (try Fixtures.json("keras_vectors/trained_p001/forward.json")["outputs"] as! [Double]).map(Float.init)
        let outputs = net.predict(data)
        #expect(maxAbsoluteError(outputs, expected) < 2e-6)
        let mse = try Fixtures.json("keras_vectors/trained_p001/loss.json")["mse"] as! Double
        #expect(abs(net.evaluate(data).mse - mse) / mse < 1e-5)
    }

    @Test func gradientsMatchKeras() throws {
        let net = try network("keras_vectors/trained_p001/weights.safetensors")
        let data = try Fixtures.dataset("keras_vectors/trained_p001/batch.json")
        let keras = try Safetensors.read(path: Fixtures.path("keras_vectors/trained_p001/loss_grads.safetensors")).tensors
        _ = net.computeGradients(data, samples: 0..<data.count, training: false)
        let gradients = net.namedTensors(gradients: true)
        #expect(Set(keras.keys) == Set(gradients.map(\.name)))
        for (name, tensor) in gradients {
            let expected = keras[name]!.scalars
            let scale = expected.map(abs).max()!
            // Relative to the tensor's largest gradient: Keras ran with oneDNN's reordered sums.
            let error = maxAbsoluteError(tensor.scalars, expected) / scale
            #expect(error < 5e-5, "\(name): max error \(error) of the largest gradient \(scale)")
        }
    }

    @Test func oneAdamStepMatchesKeras() throws {
        let net = try network("keras_vectors/trained_p001/weights.safetensors")
        let grads = try Safetensors.read(path: Fixtures.path("keras_vectors/trained_p001/loss_grads.safetensors")).tensors
        let after = try Safetensors.read(path: Fixtures.path("keras_vectors/trained_p001/adam_step.safetensors")).tensors
        let before = net.tensors
        // Load Keras's gradients into the network's gradient buffers through the same layout
        // mapping as the weights: a network holding the gradients as weights lends its buffers.
        let carrier = Network(inputFeatures: 1, architecture: seedArchitecture, seed: 0)
        try carrier.load(grads, source: "loss_grads")
        for (p, g) in zip(net.parameters, carrier.parameters) { p.gradient.update(from: g.value, count: p.count) }
        Adam(parameters: net.parameters, configuration: AdamConfiguration()).step()
        for (name, tensor) in net.tensors {
            let moved = zip(tensor.scalars, before[name]!.scalars).map { $0 - $1 }
            let kerasMoved = zip(after[name]!.scalars, before[name]!.scalars).map { $0 - $1 }
            // The first Adam step moves each weight by about lr·sign(g); compare the steps themselves.
            #expect(maxAbsoluteError(moved, kerasMoved) < 1e-6, "\(name)")
        }
    }
}
