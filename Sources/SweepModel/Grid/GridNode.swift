/// A grid document after YAML or JSON parsing and before interpretation: the common tree both
/// readers produce, with positions for error messages. Mapping keys keep their file order
/// (axes order decides the expansion order).
indirect enum GridNode: Sendable {
    /// A scalar's text. `quoted` scalars are always strings; plain ones are resolved by
    /// `ScalarValue` (numbers, booleans, null, strings).
    case scalar(String, quoted: Bool, Position)
    case list([GridNode], Position)
    case map([(key: String, value: GridNode)], Position)

    struct Position: Sendable {
        var line: Int?
        var column: Int?
        static let unknown = Position(line: nil, column: nil)
    }

    var position: Position {
        switch self {
        case .scalar(_, _, let p), .list(_, let p), .map(_, let p): p
        }
    }

    /// What the node is, for "expected X, got Y" messages.
    var kindName: String {
        switch self {
        case .scalar(let text, let quoted, _): quoted ? "the string \"\(text.clipped)\"" : "'\(text.clipped)'"
        case .list: "a list"
        case .map: "a mapping"
        }
    }
}

extension String {
    /// At most 60 characters, for quoting user input in messages.
    var clipped: String { count <= 60 ? self : String(prefix(57)) + "..." }
}
