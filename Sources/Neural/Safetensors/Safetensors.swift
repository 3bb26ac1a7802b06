import Foundation

#if _endian(big)
#error("safetensors stores little-endian floats; this code copies native floats")
#endif

/// The contents of a safetensors file: named float32 tensors and string metadata.
package struct SafetensorsFile: Sendable, Equatable {
    /// The tensors by name.
    package var tensors: [String: Tensor]
    /// The header's `__metadata__` (string keys and values).
    package var metadata: [String: String]

    package init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Throws, naming the first such tensor, when a tensor holds a value that is not a finite number.
    package func requireFinite(source: String) throws(ModelFileError) {
        if let name = tensors.keys.sorted().first(where: { !tensors[$0]!.scalars.allSatisfy(\.isFinite) }) {
            throw ModelFileError(file: source, problem: "tensor \(name) holds values that are not finite numbers")
        }
    }
}

/// The [safetensors](https://huggingface.co/docs/safetensors) format: an 8-byte little-endian
/// header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
/// little-endian data. Only `F32` tensors are read or written.
package enum Safetensors {
    /// The largest header accepted (the reference implementation's limit).
    static let maximumHeaderLength = 100_000_000

    /// The file's bytes. Tensors are laid out in name order and the header is padded with
    /// spaces to a multiple of 8 bytes, so equal contents give identical bytes.
    package static func encode(_ file: SafetensorsFile) -> [UInt8] {
        let names = file.tensors.keys.sorted()
        var header: [String: Any] = [:]
        if !file.metadata.isEmpty { header["__metadata__"] = file.metadata }
        var offset = 0
        for name in names {
            let t = file.tensors[name]!
            let size = t.scalars.count * 4
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + size]] as [String: Any]
            offset += size
        }
        // Serialising a dictionary of strings, numbers and arrays cannot fail.
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        while json.count % 8 != 0 { json.append(0x20) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        for name in names {
            file.tensors[name]!.scalars.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Reads and checks a file. `source` names the file in errors.
    package static func decode(_ bytes: [UInt8], source: String) throws(ModelFileError) -> SafetensorsFile {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(file: source, problem: problem) }

        guard bytes.count >= 8 else {
            throw fail("file is \(bytes.count) bytes long; a safetensors file starts with an 8-byte header length (truncated or not a model file)")
        }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length <= UInt64(bytes.count - 8) else {
            throw fail("header length \(length) runs past the end of the file (\(bytes.count) bytes): file truncated or not a model file")
        }
        guard length <= UInt64(maximumHeaderLength) else {
            throw fail("header length \(length) exceeds the \(maximumHeaderLength)-byte limit")
        }
        let headerEnd = 8 + Int(length)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw fail("header is not JSON (\(error.localizedDescription))")
        }
        guard let header = object as? [String: Any] else {
            throw fail("header is JSON but not an object of tensors")
        }

        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let dict = raw as? [String: Any] else { throw fail("__metadata__ is not an object") }
            for (key, value) in dict {
                guard let s = value as? String else { throw fail("__metadata__ value for \(key) is not a string") }
                metadata[key] = s
            }
        }

        let dataSize = bytes.count - headerEnd
        var ranges: [(name: String, begin: Int, end: Int)] = []
        var shapes: [String: [Int]] = [:]
        for (name, raw) in header where name != "__metadata__" {
            guard let entry = raw as? [String: Any] else { throw fail("tensor \(name) is not described by an object") }
            guard let dtype = entry["dtype"] as? String else { throw fail("tensor \(name) has no dtype") }
            guard dtype == "F32" else {
                throw fail("tensor \(name) has dtype \(dtype); Stockcast model files hold F32 tensors")
            }
            guard let shape = integers(entry["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("tensor \(name) has no valid shape (a list of non-negative integers)")
            }
            guard let offsets = integers(entry["data_offsets"]), offsets.count == 2,
                offsets[0] >= 0, offsets[0] <= offsets[1]
            else {
                throw fail("tensor \(name) has no valid data_offsets (a pair [begin, end])")
            }
            guard offsets[1] <= dataSize else {
                throw fail(
                    "tensor \(name)'s data (bytes \(offsets[0])..<\(offsets[1])) runs past the end of the file, which holds \(dataSize) data bytes: file truncated"
                )
            }
            var bytesNeeded: Int? = 4
            for d in shape {
                guard let n = bytesNeeded else { break }
                let (p, overflow) = n.multipliedReportingOverflow(by: d)
                bytesNeeded = overflow ? nil : p
            }
            guard let needed = bytesNeeded, needed == offsets[1] - offsets[0] else {
                throw fail(
                    "tensor \(name) has shape \(shape), which needs \(bytesNeeded.map(String.init) ?? "too many") bytes, but its data_offsets cover \(offsets[1] - offsets[0])"
                )
            }
            ranges.append((name, offsets[0], offsets[1]))
            shapes[name] = shape
        }
        ranges.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var expected = 0
        for r in ranges {
            guard r.begin == expected else {
                throw fail(
                    r.begin < expected
                        ? "tensor \(r.name) overlaps the tensor before it"
                        : "bytes \(expected)..<\(r.begin) before tensor \(r.name) belong to no tensor")
            }
            expected = r.end
        }
        guard expected == dataSize else {
            throw fail("\(dataSize - expected) bytes after the last tensor belong to no tensor")
        }

        var tensors: [String: Tensor] = [:]
        bytes.withUnsafeBytes { raw in
            for r in ranges {
                let count = (r.end - r.begin) / 4
                let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[(headerEnd + r.begin)..<(headerEnd + r.end)]))
                    initialized = count
                }
                tensors[r.name] = Tensor(shape: shapes[r.name]!, scalars: scalars)
            }
        }
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Reads and checks the file at `path`.
    package static func read(path: String) throws(ModelFileError) -> SafetensorsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(file: path, problem: "cannot be read (missing or not permitted)")
        }
        return try decode([UInt8](data), source: path)
    }

    /// JSON numbers that are all exact integers.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var out: [Int] = []
        for element in array {
            guard let n = element as? NSNumber else { return nil }
            let d = n.doubleValue
            guard d == d.rounded(), abs(d) < 9e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }
}
