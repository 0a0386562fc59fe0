import TestSupport
import Plot
import Foundation
import Testing
@testable import PhaseDiagram

@Suite struct SVGRasterizerTests {
    @Test(.enabled(if: SVGRasterizer.toolPath() != nil, "rsvg-convert is not installed (Debian: librsvg2-bin)"))
    func convertsAHeatmapToPNG() throws {
        let dir = try TestRecords.temporaryDirectory()
        let records = (0..<4).map { TestRecords.record("r\($0)", targetStd: [1e-3, 1][$0 % 2], seed: $0, collapsed: $0 % 2 == 0) }
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum")).aggregate(records)
        let svg = dir.appendingPathComponent("p.svg"), png = dir.appendingPathComponent("p.png")
        try HeatmapRenderer().render(table).write(to: svg, atomically: true, encoding: .utf8)
        try SVGRasterizer.convert(svgPath: svg.path, pngPath: png.path)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test(.enabled(if: SVGRasterizer.toolPath() != nil, "rsvg-convert is not installed (Debian: librsvg2-bin)"))
    func invalidSVGFailsWithTheToolsMessage() throws {
        let dir = try TestRecords.temporaryDirectory()
        let svg = dir.appendingPathComponent("bad.svg")
        try "<svg".write(to: svg, atomically: true, encoding: .utf8)
        #expect(throws: SVGRasterizer.Failure.self) {
            try SVGRasterizer.convert(svgPath: svg.path, pngPath: dir.appendingPathComponent("bad.png").path)
        }
    }
}
