import Foundation
import Testing

/// docs/architecture.md against the package: its module table equals Package.swift's target
/// dependencies, and no source file imports a module its paragraph says it must never import.
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Each non-test target of Package.swift and the targets it depends on (products of other
    /// packages left out), read from the manifest's `.target(name: ..., dependencies: [...])`.
    static func manifestGraph(includingTests: Bool = false) throws -> [String: Set<String>] {
        let text = try read("Package.swift")
        var graph: [String: Set<String>] = [:]
        var rest = Substring(text)
        let calls = includingTests ? #"\.(target|executableTarget|testTarget)\(name: ""# : #"\.(target|executableTarget)\(name: ""#
        while let call = rest.range(of: calls, options: .regularExpression) {
            let afterName = rest[call.upperBound...]
            guard let nameEnd = afterName.firstIndex(of: "\"") else { break }
            let name = String(afterName[..<nameEnd])
            // The call's own text: up to its closing parenthesis.
            var depth = 1
            var i = afterName.startIndex
            while i < afterName.endIndex, depth > 0 {
                if afterName[i] == "(" { depth += 1 } else if afterName[i] == ")" { depth -= 1 }
                i = afterName.index(after: i)
            }
            let body = afterName[..<i]
            var deps: Set<String> = []
            if let list = body.range(of: "dependencies: [") {
                var level = 1
                var j = list.upperBound
                while j < body.endIndex, level > 0 {
                    if body[j] == "[" { level += 1 } else if body[j] == "]" { level -= 1 }
                    j = body.index(after: j)
                }
                // Remove `.product(...)` entries, then every quoted name is a target.
                let entries = String(body[list.upperBound..<j])
                    .replacingOccurrences(of: #"\.product\([^)]*\)"#, with: "", options: .regularExpression)
                for match in entries.matches(of: /"([A-Za-z0-9_]+)"/) { deps.insert(String(match.1)) }
            }
            graph[name] = deps
            rest = afterName[i...]
        }
        return graph
    }

    /// The table of docs/architecture.md: module -> what it depends on.
    static func documentedGraph() throws -> [String: Set<String>] {
        var graph: [String: Set<String>] = [:]
        for line in try read("docs/architecture.md").split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, cells[0] != "module", !cells[0].hasPrefix("---") else { continue }
            graph[cells[0]] = cells[1] == "-" ? [] : Set(cells[1].components(separatedBy: ", "))
        }
        return graph
    }

    /// Each module's "Must never import A, B or C." from its paragraph.
    static func forbiddenImports() throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for paragraph in try read("docs/architecture.md").components(separatedBy: "\n\n") {
            guard let module = paragraph.firstMatch(of: /^\*\*([A-Za-z]+)\*\*/)?.1,
                  let list = paragraph.replacingOccurrences(of: "\n", with: " ").firstMatch(of: /Must never import ([^.]+)\./)?.1
            else { continue }
            out[String(module)] = list.replacingOccurrences(of: " or ", with: ", ").components(separatedBy: ", ")
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return out
    }

    @Test func theModuleTableIsPackageSwiftsTargetGraph() throws {
        let manifest = try Self.manifestGraph()
        let documented = try Self.documentedGraph()
        #expect(manifest.count >= 15, "Package.swift was not read: \(manifest.keys.sorted())")
        #expect(Set(documented.keys) == Set(manifest.keys),
                "modules only in the doc: \(Set(documented.keys).subtracting(manifest.keys).sorted()); only in Package.swift: \(Set(manifest.keys).subtracting(documented.keys).sorted())")
        for (module, deps) in manifest {
            #expect(documented[module] == deps, "\(module): Package.swift \(deps.sorted()), docs/architecture.md \(documented[module]?.sorted() ?? [])")
        }
    }

    @Test func noModuleImportsWhatItMustNever() throws {
        let rules = try Self.forbiddenImports()
        #expect(rules.count >= 10, "too few 'Must never import' rules found: \(rules.keys.sorted())")
        let fm = FileManager.default
        for (module, forbidden) in rules {
            let dir = Self.root.appendingPathComponent("Sources/\(module)")
            guard let files = fm.enumerator(atPath: dir.path) else {
                Issue.record("docs/architecture.md names \(module), which has no Sources/\(module)")
                continue
            }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                    let imported = line.split(separator: " ").last.map(String.init) ?? ""
                    #expect(!forbidden.contains(imported), "Sources/\(module)/\(file) imports \(imported)")
                }
            }
        }
    }

    /// A module found in the build directory by accident compiles locally but not on a fresh
    /// clone: every import of one of the package's own targets must be in the importer's declared
    /// dependencies or theirs (CI once failed on a test importing a module it never declared).
    @Test func everyImportOfAPackageTargetIsDeclared() throws {
        let graph = try Self.manifestGraph(includingTests: true)
        #expect(graph.count >= 25, "Package.swift was not read: \(graph.keys.sorted())")
        func closure(_ module: String) -> Set<String> {
            var seen: Set<String> = []
            var stack = Array(graph[module] ?? [])
            while let next = stack.popLast() {
                if seen.insert(next).inserted { stack.append(contentsOf: graph[next] ?? []) }
            }
            return seen
        }
        let fm = FileManager.default
        var checked = 0
        for module in graph.keys {
            let reachable = closure(module)
            for folder in ["Sources", "Tests", "Benchmarks"] {
                let dir = Self.root.appendingPathComponent("\(folder)/\(module)")
                guard let files = fm.enumerator(atPath: dir.path) else { continue }
                for case let file as String in files where file.hasSuffix(".swift") {
                    let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                    for line in text.split(separator: "\n") where line.contains("import ") {
                        guard let imported = line.firstMatch(of: /^(?:@testable |@preconcurrency )*import ([A-Za-z0-9_]+)/)?.1 else { continue }
                        let name = String(imported)
                        checked += 1
                        guard graph[name] != nil, name != module else { continue }
                        #expect(reachable.contains(name), "\(folder)/\(module)/\(file) imports \(name), which Package.swift does not list among \(module)'s dependencies")
                    }
                }
            }
        }
        #expect(checked > 100, "too few imports read: \(checked)")
    }
}
