import Foundation
import Testing

@testable import Neural

@Suite struct TrainingTests {
    /// Windows of a noisy sine wave (period 20 steps), scaled to about [0, 1].
    static func sine(count: Int, steps: Int, seed: UInt64) -> SequenceDataset {
        var g = SeededGenerator(seed: seed)
        let series = (0..<(count + steps)).map { t in Float(0.5 + 0.4 * sin(2 * Double.pi * Double(t) / 20) + 0.02 * g.nextNormal()) }
        var inputs: [Float] = [], targets: [Float] = []
        for i in 0..<count {
            inputs += series[i..<(i + steps)]
            targets.append(series[i + steps])
        }
        return SequenceDataset(steps: steps, features: 1, inputs: inputs, targets: targets)
    }

    static let small: [LayerSpec] = [
        .lstm(units: 12, returnSequences: true), .dropout(rate: 0.1),
        .lstm(units: 8, returnSequences: false), .dense(units: 6), .dense(units: 1),
    ]

    @Test func trainingOnANoisySineLowersValidationErrorTenfold() throws {
        let data = Self.sine(count: 200, steps: 12, seed: 1)
        let (training, validation) = (data.slice(0..<160), data.slice(160..<200))
        let net = Network(inputFeatures: 1, architecture: Self.small, seed: 3)
        let before = net.evaluate(validation).mse
        let report = try Trainer(
            configuration: TrainingConfiguration(
                epochs: 12, batchSize: 16, patience: nil,
                optimizer: AdamConfiguration(learningRate: 0.01))
        )
        .fit(net, training: training, validation: validation)
        let after = net.evaluate(validation).mse
        #expect(before / after >= 10, "validation MSE \(before) → \(after)")
        #expect(abs(after - report.best!.validationLoss!) < 1e-6, "the network holds the best epoch's weights")
    }

    @Test func sameSeedGivesTheSameModelAndDifferentSeedsDiffer() throws {
        let data = Self.sine(count: 80, steps: 8, seed: 2)
        func train(seed: UInt64) throws -> [String: Tensor] {
            let net = Network(inputFeatures: 1, architecture: Self.small, seed: seed)
            _ = try Trainer(configuration: TrainingConfiguration(epochs: 3, batchSize: 16, seed: seed))
                .fit(net, training: data.slice(0..<64), validation: data.slice(64..<80))
            return net.tensors
        }
        let first = try train(seed: 11), second = try train(seed: 11), other = try train(seed: 12)
        #expect(first == second)
        #expect(first != other)
    }

    @Test func earlyStoppingStopsAfterPatienceAndRestoresTheBestEpoch() throws {
        // A far too large learning rate makes the validation loss wander, so improvement stops.
        let data = Self.sine(count: 120, steps: 8, seed: 4)
        let net = Network(inputFeatures: 1, architecture: Self.small, seed: 5)
        let validation = data.slice(96..<120)
        let report = try Trainer(
            configuration: TrainingConfiguration(
                epochs: 60, batchSize: 16, patience: 3,
                optimizer: AdamConfiguration(learningRate: 0.2))
        )
        .fit(net, training: data.slice(0..<96), validation: validation)
        let losses = report.history.map { $0.validationLoss! }
        #expect(report.stoppedEarly)
        #expect(report.epochsRun == report.bestEpoch + 3, "stops 3 epochs after the best")
        #expect(losses.min() == report.best?.validationLoss)
        #expect(abs(net.evaluate(validation).mse - report.best!.validationLoss!) < 1e-6)
    }

    @Test func cancellationStopsBetweenBatchesAndKeepsTheBestWeights() throws {
        let data = Self.sine(count: 64, steps: 8, seed: 6)
        let net = Network(inputFeatures: 1, architecture: Self.small, seed: 7)
        var checks = 0
        let config = TrainingConfiguration(epochs: 10, batchSize: 16, seed: 8)
        #expect(throws: CancellationError.self) {
            _ = try Trainer(configuration: config).fit(
                net, training: data,
                isCancelled: {
                    checks += 1
                    return checks > 5
                })
        }
        #expect(checks == 6, "checked once per batch (4 per epoch), stopped at the second batch of epoch 2")
        // It holds what one complete epoch gives (the only, hence best, epoch so far).
        let oneEpoch = Network(inputFeatures: 1, architecture: Self.small, seed: 7)
        var once = config
        once.epochs = 1
        _ = try Trainer(configuration: once).fit(oneEpoch, training: data)
        #expect(net.tensors == oneEpoch.tensors)
    }

    @Test func aDivergingTrainingKeepsTheInitialWeightsAndReportsNoBestEpoch() throws {
        // Targets of 1e30 make the squared error overflow float32 in the first batch.
        let inputs = [Float](repeating: 0.5, count: 32 * 4)
        let data = SequenceDataset(steps: 4, features: 1, inputs: inputs, targets: [Float](repeating: 1e30, count: 32))
        let net = Network(inputFeatures: 1, architecture: Self.small, seed: 9)
        let initial = net.tensors
        let report = try Trainer(configuration: TrainingConfiguration(epochs: 5, batchSize: 16)).fit(net, training: data)
        #expect(report.bestEpoch == 0 && report.best == nil)
        #expect(report.epochsRun == 1)
        #expect(net.tensors == initial)
    }
}
