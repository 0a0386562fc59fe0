import Yams

/// Reads a YAML grid document with Yams (libyaml) into a `GridNode` tree. Scalars keep their
/// text and quoting; resolution into numbers is ours (`ScalarValue`), identical for YAML, JSON
/// and `-s` overrides. Aliases are followed, but the expanded size is bounded.
struct YAMLDocumentReader {
    let file: String
    let limits: GridLimits
    private var nodes = 0

    static func read(_ text: String, file: String, limits: GridLimits) throws(GridError) -> GridNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            throw Self.describe(e, file: file)
        } catch {
            throw GridError(file: file, keyPath: "", "invalid YAML: \(error)")
        }
        guard let root else { throw GridError(file: file, keyPath: "", "the document is empty; expected a mapping with name, base, axes, seeds") }
        var reader = YAMLDocumentReader(file: file, limits: limits)
        return try reader.convert(root, depth: 0, path: "")
    }

    private mutating func convert(_ node: Node, depth: Int, path: String) throws(GridError) -> GridNode {
        let pos = GridNode.Position(line: node.mark?.line, column: node.mark?.column)
        guard depth <= limits.maxDepth else {
            throw GridError(file: file, keyPath: path, line: pos.line, column: pos.column, "nested deeper than \(limits.maxDepth) levels")
        }
        nodes += 1
        guard nodes <= limits.maxNodes else {
            throw GridError(file: file, keyPath: path, line: pos.line, column: pos.column,
                            "the document expands to more than \(limits.maxNodes) values (aliases?)")
        }
        switch node {
        case .scalar(let s):
            return .scalar(s.string, quoted: s.style != .plain && s.style != .any, pos)
        case .sequence(let seq):
            var items: [GridNode] = []
            items.reserveCapacity(seq.count)
            for (i, item) in seq.enumerated() {
                items.append(try convert(item, depth: depth + 1, path: "\(path)[\(i)]"))
            }
            return .list(items, pos)
        case .mapping(let mapping):
            var pairs: [(key: String, value: GridNode)] = []
            var seen = Set<String>()
            for (k, v) in mapping {
                guard case .scalar(let keyScalar) = k else {
                    throw GridError(file: file, keyPath: path, line: k.mark?.line, column: k.mark?.column,
                                    "mapping keys must be plain names, got a \(k.isMapping ? "mapping" : "list")")
                }
                let key = keyScalar.string
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard seen.insert(key).inserted else {
                    throw GridError(file: file, keyPath: keyPath, line: k.mark?.line, column: k.mark?.column,
                                    "duplicate key '\(key.clipped)'")
                }
                pairs.append((key, try convert(v, depth: depth + 1, path: keyPath)))
            }
            return .map(pairs, pos)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one is a malformed document.
            throw GridError(file: file, keyPath: path, line: pos.line, column: pos.column, "unresolved YAML alias")
        }
    }

    private static func describe(_ e: YamlError, file: String) -> GridError {
        switch e {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return GridError(file: file, keyPath: "", line: mark.line, column: mark.column, "invalid YAML: \(problem)\(ctx)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // The context holds the whole mapping's text; the mark is where the mapping starts.
            return GridError(file: file, keyPath: duplicates.first.map(\.clipped) ?? "", line: context.mark.line, column: context.mark.column,
                             "duplicate key \(duplicates.map { "'\($0.clipped)'" }.joined(separator: ", ")) in one mapping")
        case .reader(let problem, let offset, _, _):
            return GridError(file: file, keyPath: "", "invalid YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return GridError(file: file, keyPath: "", "invalid YAML: \(e)")
        }
    }
}

private extension Node {
    var isMapping: Bool { if case .mapping = self { true } else { false } }
}
