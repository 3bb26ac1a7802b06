import CNeuralKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The instruction-set variants of the numeric kernels (the C target `CNeuralKernels`), in
/// order of preference. Every variant computes each value by the same float operations in the
/// same order, except `baseline`, which has no fused multiply-add (products are rounded before
/// they are added, so its results differ in the last bits).
package enum KernelVariant: String, CaseIterable, Sendable {
    /// Any CPU of the architecture (on x86-64: SSE2, e.g. Nehalem).
    case baseline
    /// AVX2 and FMA (Haswell, Zen and later).
    case avx2
    /// AVX-512 (Skylake-SP, Zen 4 and later).
    case avx512

    var level: Int32 {
        switch self {
        case .baseline: Int32(CNK_BASELINE)
        case .avx2: Int32(CNK_AVX2)
        case .avx512: Int32(CNK_AVX512)
        }
    }

    /// Whether this CPU (and OS) can run the variant.
    package var isSupported: Bool { cnk_kernels_for(level) != nil }
}

/// One variant's kernel table. `Kernels.active` serves the whole process; the others exist for
/// tests that compare variants.
package struct Kernels: @unchecked Sendable {  // a table of C function pointers and a static name
    package let variant: KernelVariant
    let table: cnk_kernels

    /// The kernels of `variant`, nil when this CPU cannot run them.
    package init?(_ variant: KernelVariant) {
        guard let table = cnk_kernels_for(variant.level) else { return nil }
        self.variant = variant
        self.table = table.pointee
    }

    /// The kernels in use: the best variant this CPU runs, or the one the environment variable
    /// `STOCKCAST_KERNEL` (`baseline`, `avx2`, `avx512`) asks for when this CPU runs it.
    package static let active: Kernels = selection.kernels

    /// The variant in use, with the reason when it is not the one `STOCKCAST_KERNEL` asked for,
    /// e.g. `avx2 (STOCKCAST_KERNEL=avx512: not supported by this CPU)`.
    package static var activeDescription: String {
        selection.note.map { "\(active.variant.rawValue) (\($0))" } ?? active.variant.rawValue
    }

    private static let selection: (kernels: Kernels, note: String?) = {
        // The baseline runs everywhere, so there is always a best variant.
        let best = KernelVariant.allCases.reversed().lazy.compactMap { Kernels($0) }.first!
        guard let value = getenv("STOCKCAST_KERNEL").map({ String(cString: $0) }), !value.isEmpty else {
            return (best, nil)
        }
        guard let requested = KernelVariant(rawValue: value) else {
            let names = KernelVariant.allCases.map(\.rawValue).joined(separator: ", ")
            return (best, "STOCKCAST_KERNEL=\(value) is none of \(names)")
        }
        guard let kernels = Kernels(requested) else {
            return (best, "STOCKCAST_KERNEL=\(value): not supported by this CPU")
        }
        return (kernels, nil)
    }()
}
