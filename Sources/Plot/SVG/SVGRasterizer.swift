import Foundation

/// Converts SVG to PNG with `rsvg-convert` (librsvg, Debian package librsvg2-bin): a well-kept
/// renderer that needs no browser. Found on PATH.
public enum SVGRasterizer {
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static let toolName = "rsvg-convert"

    /// The tool's path, or nil when it is not installed.
    public static func toolPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(toolName)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Writes `svgPath` as a PNG at `pngPath`, scaled by `zoom` (2 = twice the SVG's pixel size).
    public static func convert(svgPath: String, pngPath: String, zoom: Double = 2) throws(Failure) {
        guard let tool = toolPath() else {
            throw Failure(message: "PNG needs \(toolName), which is not on PATH: install Debian's librsvg2-bin (apt-get install librsvg2-bin), or use --format svg")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--zoom", String(zoom), "--format", "png", "--output", pngPath, svgPath]
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(message: "cannot start \(tool): \(error)")
        }
        let detail = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: "\(toolName) failed on \(svgPath) (exit \(process.terminationStatus)): \(String(decoding: detail, as: UTF8.self))")
        }
    }
}
