import Foundation
import StockcastTesting
import Testing

@testable import Neural

@Suite struct SafetensorsTests {
    static func sampleFile() -> SafetensorsFile {
        let net = Network(inputFeatures: 1, architecture: seedArchitecture, seed: 21)
        return SafetensorsFile(tensors: net.tensors, metadata: ["product": "P001", "note": "a/b \"quoted\" ü"])
    }

    @Test func encodingRoundTripsBitForBit() throws {
        let file = Self.sampleFile()
        let bytes = Safetensors.encode(file)
        let decoded = try Safetensors.decode(bytes, source: "mem")
        #expect(decoded == file)
        #expect(Safetensors.encode(decoded) == bytes)
        // Header length is little-endian and the header is padded to 8 bytes.
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(length % 8 == 0)
        #expect(bytes.count == 8 + length + file.tensors.values.reduce(0) { $0 + $1.scalars.count * 4 })
    }

    @Test func kerasFilesLoadIntoTheSeedNetwork() throws {
        let file = try Safetensors.read(path: Fixtures.path("keras_vectors/random_vec42/weights.safetensors"))
        #expect(file.metadata["gate_order"] == "i,f,c,o")
        #expect(file.tensors["lstm_1.recurrent_kernel"]?.shape == [50, 200])
        let net = Network(inputFeatures: 1, architecture: seedArchitecture, seed: 0)
        try net.load(file.tensors, source: "random_vec42")
        #expect(net.tensors == file.tensors)
    }

    /// `bytes` with its JSON header replaced.
    static func withHeader(_ json: String, data: [UInt8]) -> [UInt8] {
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        return out + header + data
    }

    @Test(arguments: [
        ("truncated data", "truncated"),
        ("header not JSON", "not JSON"),
        ("wrong dtype", "dtype F16"),
        ("length past the end", "runs past the end of the file"),
        ("too short", "8-byte header length"),
        ("offsets disagree with shape", "data_offsets cover"),
        ("bytes outside every tensor", "belong to no tensor"),
        ("shape overflows", "needs too many bytes"),
        ("negative shape", "no valid shape"),
        ("overlapping tensors", "overlaps"),
        ("fractional offsets", "no valid data_offsets"),
    ])
    func damagedFilesAreRejectedWithTheFileAndTheProblem(_ damage: String, _ expected: String) throws {
        let good = Safetensors.encode(Self.sampleFile())
        let bytes: [UInt8]
        switch damage {
        case "truncated data": bytes = Array(good.prefix(good.count - 100))
        case "header not JSON": bytes = Self.withHeader("{\"a\": [1, 2", data: [])
        case "wrong dtype": bytes = Self.withHeader(#"{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
        case "length past the end": bytes = [0xFF, 0xFF, 0, 0, 0, 0, 0, 0] + Array(repeating: 0x20, count: 64)
        case "too short": bytes = [1, 2, 3]
        case "offsets disagree with shape":
            bytes = Self.withHeader(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8))
        case "shape overflows": bytes = Self.withHeader(#"{"w":{"dtype":"F32","shape":[4000000000000000,1000],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
        case "negative shape": bytes = Self.withHeader(#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
        case "overlapping tensors":
            bytes = Self.withHeader(
                #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                data: Array(repeating: 0, count: 8))
        case "fractional offsets": bytes = Self.withHeader(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0.5,4]}}"#, data: [0, 0, 0, 0])
        default: bytes = Self.withHeader(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 12))
        }
        let directory = URL(fileURLWithPath: try Scratch.directory("st"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("damaged.safetensors").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ModelFileError.self) { try Safetensors.read(path: path) }
        #expect(error?.file == path)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test func tensorsOfTheWrongShapeOrSetAreRejected() {
        let net = Network(inputFeatures: 1, architecture: seedArchitecture, seed: 1)
        var tensors = net.tensors
        tensors["lstm_1.kernel"] = Tensor(shape: [2, 200], scalars: Array(repeating: 0, count: 400))
        let wrongShape = #expect(throws: ModelFileError.self) { try net.load(tensors, source: "m.safetensors") }
        #expect(wrongShape?.description == "m.safetensors: tensor lstm_1.kernel has shape [2, 200]; this network needs [1, 200]")
        tensors = net.tensors
        tensors["dense_2.bias"] = nil
        #expect(throws: ModelFileError.self) { try net.load(tensors, source: "m") }
        tensors = net.tensors
        tensors["extra"] = Tensor(shape: [1], scalars: [0])
        #expect(throws: ModelFileError.self) { try net.load(tensors, source: "m") }
    }
}
