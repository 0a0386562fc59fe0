import Foundation
import Testing
import TestSupport
@testable import SweepModel

/// Grid-file fuzzing (issue 6): the repository's real grid files, in YAML and in their JSON form,
/// mutated at random (bytes, lines, splices) and by replacing one value with one of the wrong
/// type. The parser must never crash, every rejection must name the file, and a wrong value must
/// be reported at its key path. Seeds are fixed per run and printed on failure.
///
/// The loops are CPU-bound: the tests run one at a time and yield now and then, so they never
/// hold the cooperative thread pool (two threads on this machine) from suites that need timely
/// turns (heartbeats of one-second leases).
@Suite(.serialized) struct GridFuzzTests {
    /// grids/*.yaml of the repository, by name.
    static let gridFiles: [(name: String, text: String)] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("grids")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { n in
            (try? String(contentsOf: dir.appendingPathComponent(n), encoding: .utf8)).map { (n, $0) }
        }
    }()

    /// Small enough that a mutated seed count cannot make a test slow.
    static let limits = GridLimits(maxTrials: 20_000)

    /// A reproducible generator (SplitMix64).
    static let tokens: [[UInt8]] = ["{", "}", "[", "]", ",", ":", "\"", "'", "-", "#", "&a", "*a", "!!str", "|", ">", "? ",
                                    "logspace(", "range(", ")", "1e999", "1e-999", ".nan", ".inf", "null", "~", "true", "0x1F",
                                    "\n  ", "\n", "\t", " ", "\u{0}", "\u{FEFF}", "\u{202E}", "é", "9999999999999999999999",
                                    "-0", "seeds: ", "zip: [[", "axes:", "base:", "<<: *a"].map { Array($0.utf8) }

    /// One to four random edits of `text`: byte flips, cuts, insertions of YAML/JSON tokens,
    /// splices, line duplication and deletion, truncation.
    static func mutate(_ text: String, _ rng: inout SeededRandom) -> [UInt8] {
        var b = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            if b.isEmpty { b = Array("name: x".utf8) }
            let i = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
            case 1: b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...24, using: &rng)))
            case 2: b.insert(contentsOf: tokens.randomElement(using: &rng)!, at: i)
            case 3:
                let j = Int.random(in: 0..<b.count, using: &rng)
                b.insert(contentsOf: b[j..<min(b.count, j + Int.random(in: 1...40, using: &rng))], at: i)
            case 4:
                var lines = b.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
                let k = Int.random(in: 0..<lines.count, using: &rng)
                if Bool.random(using: &rng) { lines.insert(lines[k], at: k) } else { lines.remove(at: k) }
                b = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            case 5: b.removeSubrange(i...)
            default:
                // Digits grow a number (seeds: 5 -> 5999): sizes near and over the limits.
                b.insert(contentsOf: Array(repeating: UInt8(ascii: "9"), count: Int.random(in: 1...12, using: &rng)), at: i)
            }
        }
        return b
    }

    /// Parses and expands; a rejection must be a GridError naming `file`.
    static func check(_ bytes: [UInt8], file: String, format: GridSpec.Format, seed: UInt64) -> Bool {
        do {
            let grid = try GridSpec.parse(Data(bytes), file: file, format: format, limits: limits)
            try grid.validateAll()
            _ = try grid.sampleTrials(3)
            return true
        } catch {
            #expect(error.file == file, "seed \(seed): the error names '\(error.file)', not the file")
            #expect(error.description.hasPrefix(file + ":"), "seed \(seed): '\(error.description)' does not start with the file")
            #expect(!error.message.isEmpty, "seed \(seed): an empty message")
            return false
        }
    }

    @Test func theRepositorysGridFilesAreFound() {
        #expect(Self.gridFiles.count >= 7, "grids/*.yaml: found \(Self.gridFiles.map(\.name))")
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func mutatedGridFilesNeverCrashAndEveryRejectionNamesTheFile(seed: UInt64) async throws {
        var rng = SeededRandom(state: seed &* 0x1234_5678_9ABC)
        var accepted = 0, rejected = 0
        for (name, yaml) in Self.gridFiles {
            let json = try GridSpec.parse(yaml, file: name).jsonText()
            for _ in 0..<120 {
                await Task.yield()
                if Self.check(Self.mutate(yaml, &rng), file: name, format: .auto, seed: seed) { accepted += 1 } else { rejected += 1 }
                if Self.check(Self.mutate(json, &rng), file: name + ".json", format: .json, seed: seed) { accepted += 1 } else { rejected += 1 }
            }
        }
        // Both outcomes happen: the mutations are neither all harmless nor all fatal.
        #expect(accepted > 0 && rejected > 0, "seed \(seed): accepted \(accepted), rejected \(rejected)")
    }

    /// Every leaf of a JSON grid with its key path as errors spell it (`axes.momentum[1]`).
    static func leaves(_ node: Any, path: String) -> [(path: String, value: Any)] {
        if let d = node as? [String: Any] {
            return d.keys.sorted().flatMap { leaves(d[$0]!, path: path.isEmpty ? $0 : "\(path).\($0)") }
        }
        if let a = node as? [Any] {
            return a.indices.flatMap { leaves(a[$0], path: "\(path)[\($0)]") }
        }
        return [(path, node)]
    }

    static func replacing(_ node: Any, at path: [String], with value: Any) -> Any {
        guard let head = path.first else { return value }
        if var d = node as? [String: Any] {
            d[head] = replacing(d[head]!, at: Array(path.dropFirst()), with: value)
            return d
        }
        if var a = node as? [Any], let i = Int(head) {
            a[i] = replacing(a[i], at: Array(path.dropFirst()), with: value)
            return a
        }
        return node
    }

    /// `axes.momentum[1]` -> ["axes", "momentum", "1"].
    static func components(_ path: String) -> [String] {
        path.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "").split(separator: ".").map(String.init)
    }

    /// Values of another type than `original` that no key of a grid accepts in its place.
    static func wrongValues(for original: Any) -> [Any] {
        let nested: [Any] = [["x": 1] as [String: Any], [[1]] as [Any]]
        if original is String { return [42, true] + nested }
        // JSONSerialization gives booleans as an NSNumber subclass whose type name says so.
        if String(describing: type(of: original)).contains("Bool") { return ["yes", 3] + nested }
        if original is NSNumber { return ["fast", true] + nested }
        return []
    }

    @Test func aValueOfTheWrongTypeIsReportedAtItsKeyPath() async throws {
        var checked = 0
        for (name, yaml) in Self.gridFiles {
            let grid = try GridSpec.parse(yaml, file: name)
            let tree = try JSONSerialization.jsonObject(with: Data(grid.jsonText().utf8))
            for leaf in Self.leaves(tree, path: "") where leaf.path != "description" {
                // A sweep name is any scalar's text (`name: 2024` names the sweep "2024"): only
                // lists and mappings are wrong there.
                let wrongs = leaf.path == "name" ? Array(Self.wrongValues(for: leaf.value).suffix(2)) : Self.wrongValues(for: leaf.value)
                for wrong in wrongs {
                    await Task.yield()
                    let mutated = Self.replacing(tree, at: Self.components(leaf.path), with: wrong)
                    let text = String(decoding: try JSONSerialization.data(withJSONObject: mutated, options: [.sortedKeys]), as: UTF8.self)
                    // The key whose value is wrong: `axes.momentum` for `axes.momentum[1]`, `zip` for `zip[0][1]`.
                    let key = leaf.path.hasPrefix("zip") ? "zip" : String(leaf.path.prefix { $0 != "[" })
                    for format in [GridSpec.Format.json, .yaml] {
                        do {
                            _ = try GridSpec.parse(text, file: name, format: format, limits: Self.limits).validateAll()
                            Issue.record("\(name) (\(format)): \(leaf.path) = \(wrong) was accepted")
                        } catch {
                            #expect(error.keyPath.hasPrefix(key), "\(name) (\(format)): \(leaf.path) = \(wrong): reported as '\(error.description)'")
                            #expect(error.description.hasPrefix(name + ":"))
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 100, "only \(checked) mutations: the grid files were not read")
    }

    /// Found by fuzzing the API: `{"name": null}` made a sweep called "null", and a null
    /// description became the text "null".
    @Test func aNullNameIsRefusedAndANullDescriptionIsNone() throws {
        for text in [#"{"name":null,"seeds":1}"#, "name: null\nseeds: 1\n", "name: ~\n", "name:\nseeds: 1\n"] {
            #expect {
                _ = try GridSpec.parse(text, file: "g")
            } throws: { e in
                let d = (e as? GridError)?.description ?? ""
                return d.hasPrefix("g:") && d.contains("name: expected the sweep name, got null")
            }
        }
        #expect(try GridSpec.parse(#"{"name":"null","seeds":1}"#, file: "g").name == "null")
        #expect(try GridSpec.parse("name: 'null'\n", file: "g").name == "null")
        #expect(try GridSpec.parse(#"{"name":"x","description":null}"#, file: "g").description == nil)
        #expect(try GridSpec.parse("name: x\ndescription:\n", file: "g").description == nil)
        #expect(try GridSpec.parse("name: x\ndescription: 'null'\n", file: "g").description == "null")
    }

    @Test func absurdSizesInEveryFormAreRefusedWithTheKey() {
        let cases: [(String, String)] = [
            ("name: x\nseeds: range(0, 1000000000000)\n", "seeds"),
            ("name: x\naxes:\n  lr: range(0, 1e18, 1e-18)\n", "axes.lr"),
            ("name: x\naxes:\n  lr: logspace(-300, 300, 1e300)\n", "axes.lr"),
            ("name: x\naxes:\n  lr: logspace(-3, 0, 1000000)\n  momentum: range(0, 0.999999, 0.000001)\n", "more than"),
            ("name: x\naxes:\n  width: range(1, 1000001)\n  depth: range(1, 1000001)\nzip: [[width, depth]]\nseeds: 2\n", "more than"),
            ("{\"name\":\"x\",\"axes\":{\"lr\":[" + (1...600_000).map { _ in "1" }.joined(separator: ",") + "]}}", "axes.lr"),
            ("{\"name\":\"x\",\"seeds\":" + String(repeating: "9", count: 400) + "}", "seeds"),
        ]
        for (text, mentions) in cases {
            #expect {
                _ = try GridSpec.parse(text, file: "absurd", limits: .default)
            } throws: { e in
                let d = (e as? GridError)?.description ?? ""
                return d.hasPrefix("absurd") && d.contains(mentions)
            }
        }
    }
}
