import Foundation
import Neural
import StockcastCore
import Testing

/// `STOCKCAST_KERNEL` forces a kernel variant on the real binary: each variant this CPU runs
/// trains the same product, names itself, and the fused variants (AVX2, AVX-512) print the same
/// results; a variant the CPU lacks or an unknown name falls back to the best one and says so.
@Suite struct KernelSelectionTests {
    @Test func eachVariantTrainsAndNamesItselfAndTheFusedOnesAgree() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var csv = "Date,Product_ID,Sales,Returns\n"
        for d in 0..<150 {
            csv += "\(Day(iso: "2024-03-01")!.advanced(by: d)),P1,\(100 + d % 7 * 5 + d % 11),\(d % 3)\n"
        }
        try csv.write(toFile: dir + "/h.csv", atomically: true, encoding: .utf8)
        let best = KernelVariant.allCases.last { $0.isSupported }!

        var tables: [KernelVariant: String] = [:]
        for variant in KernelVariant.allCases {
            let run = try CommandLineTests.run(
                ["train", "--csv", "h.csv", "--models", "m-\(variant)"], in: dir,
                environment: ["STOCKCAST_KERNEL": variant.rawValue, "STOCKCAST_TRAINING_EPOCHS": "2"])
            #expect(run.status == 0, "\(variant): \(run.errors)")
            if variant.isSupported {
                #expect(run.errors.contains("kernel \(variant.rawValue)\n"), "\(run.errors)")
                tables[variant] = run.output.split(separator: "\n").filter { !$0.hasPrefix("Total time") }.joined(separator: "\n")
            } else {
                #expect(
                    run.errors.contains("kernel \(best.rawValue) (STOCKCAST_KERNEL=\(variant.rawValue): not supported by this CPU)"),
                    "\(run.errors)")
            }
        }
        #expect(tables[.baseline]?.contains("\nP1 ") == true)
        if let avx2 = tables[.avx2], let avx512 = tables[.avx512] { #expect(avx2 == avx512) }

        let unknown = try CommandLineTests.run(
            ["train", "--csv", "h.csv", "--models", "m-unknown"], in: dir,
            environment: ["STOCKCAST_KERNEL": "sse9", "STOCKCAST_TRAINING_EPOCHS": "1"])
        #expect(unknown.status == 0, "\(unknown.errors)")
        #expect(
            unknown.errors.contains("kernel \(best.rawValue) (STOCKCAST_KERNEL=sse9 is none of baseline, avx2, avx512)"),
            "\(unknown.errors)")
    }
}
