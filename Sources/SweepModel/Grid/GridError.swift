/// A grid file (or a `-s` override) that cannot be turned into trials. The message names the
/// file, the key path inside it (`axes.targetStd[2]`), the position when known, and what was
/// expected, so the user can fix it without reading code.
public struct GridError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file name, `-s key=...` for an override, or whatever the caller named the source.
    public var file: String
    /// Dotted key path inside the document (`axes.momentum[1]`); empty for the whole document.
    public var keyPath: String
    /// 1-based line and column when known.
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, keyPath: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var s = file
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        s += ": "
        if !keyPath.isEmpty { s += "\(keyPath): " }
        return s + message
    }
}
