import CLibFuzzer

/// The C signature of `LLVMFuzzerTestOneInput`.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Entry into libFuzzer for a target's `<Target>_main`.
public enum FuzzDriver {
    /// Runs libFuzzer's driver over `callback` with the process arguments; returns its exit status.
    ///
    /// SwiftPM links each executable with `--defsym main=<Target>_main`, so this (called from the target's
    /// `<Target>_main`) is where the process starts, rather than in the `main` of libFuzzer's runtime.
    public static func run(
        _ argc: CInt,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: FuzzCallback
    ) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
    }
}
