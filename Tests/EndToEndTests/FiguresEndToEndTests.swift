import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

extension EndToEnd {
    @Suite struct Figures {
        /// Issue 4's check of claim C1 through the real command: a quick P2 (the repository's
        /// grid, 16 seeds, two target scales) run by `relusweep run`; its phase table must show a
        /// higher collapse fraction at targetStd 1e-3 than at 1 for momentum 0.9, with the 95%
        /// Wilson intervals apart.
        @Test func quickP2ShowsSmallTargetsKill() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            let out = cluster.path("p2")
            let run = try await cluster.run(
                ["run", repositoryGrid("p2-single-relu.yaml"), "-s", "seeds=16", "-s", "targetStd=0.001,1",
                 "-s", "momentum=0,0.9", "--out", out, "--no-progress"], name: "p2")
            #expect(run.status == 0, "\(run.stderr)")
            let table = try String(contentsOfFile: (out as NSString).appendingPathComponent("phase-collapsed-targetStd-momentum.md"),
                                   encoding: .utf8)
            let small = try #require(Self.cell(table, row: "0.9", column: "0.001"), "no cell 0.9 x 0.001 in\n\(table)")
            let unit = try #require(Self.cell(table, row: "0.9", column: "1"), "no cell 0.9 x 1 in\n\(table)")
            #expect(small.n == 16 && unit.n == 16)
            #expect(small.lower > unit.upper, "collapse at 1e-3 \(small) is not clearly above collapse at 1 \(unit)")
        }

        /// `relusweep figures --quick` for two figures: every SVG is well-formed XML, the tables
        /// and the index exist, and the index names the command behind each figure.
        @Test func quickFiguresAreDrawn() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            let out = cluster.path("figures")
            let run = try await cluster.run(
                ["figures", "--quick", "--only", "p2", "--only", "p4", "--grids", repositoryGrid(""),
                 "--out", out, "--results", cluster.path("results"), "--no-progress"], name: "figures", seconds: 240)
            #expect(run.status == 0, "\(run.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: out)
            for name in ["p2-single-relu.svg", "p2-single-relu.md", "p2-prediction.md", "p4-single-relu-field.svg",
                         "p4-single-relu-runs.svg", "README.md"] {
                #expect(files.contains(name), "\(name) missing from \(files)")
            }
            for svg in files where svg.hasSuffix(".svg") {
                let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: (out as NSString).appendingPathComponent(svg))))
                #expect(parser.parse(), "\(svg) is not well-formed XML: \(String(describing: parser.parserError))")
            }
            let index = try String(contentsOfFile: (out as NSString).appendingPathComponent("README.md"), encoding: .utf8)
            #expect(index.contains("p2-single-relu.yaml -s seeds=16"))
            #expect(index.contains("not the paper's own numbers"))
        }

        /// A cell "f [lo, hi] n=N" of a Markdown phase table, by its row (y) and column (x) labels.
        static func cell(_ markdown: String, row: String, column: String) -> (fraction: Double, lower: Double, upper: Double, n: Int)? {
            let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("|") }
            guard let header = rows.first else { return nil }
            let columns = header.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let ci = columns.firstIndex(of: column),
                  let line = rows.first(where: { $0.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) == row }) else { return nil }
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard ci < fields.count else { return nil }
            let numbers = fields[ci].split(whereSeparator: { " [],=n".contains($0) }).compactMap { Double($0) }
            guard numbers.count == 4 else { return nil }
            return (numbers[0], numbers[1], numbers[2], Int(numbers[3]))
        }
    }
}
