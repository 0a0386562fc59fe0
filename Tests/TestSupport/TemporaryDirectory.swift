import Foundation

/// A fresh temporary directory per test (named after it), removed by the caller's `defer`.
public func temporaryDirectory(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("relusweep-\(safe)-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
