import SweepModel
import Coordinator
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct AxesRoutesTests {
    @Test func theAxesOfASweepAreItsGridAxesWithTheDefaultChoice() async throws {
        try await TestServer.with { server in
            // As grids/smoke.yaml: a zip group first (model with dataset and lr), then two numeric axes.
            let grid = """
                {"name":"ax","base":{"steps":10},"axes":{"model":["single","mlp"],"dataset":["relu1d","teacher"],"lr":[0.05,0.01],\
                "targetStd":[0.001,1],"momentum":[0,0.9],"depth":[2]},"zip":[["model","dataset","lr"]],"seeds":1}
                """
            _ = try await server.submit(grid)
            let reply = try await server.get("/v1/sweeps/ax/axes")
            #expect(reply.status == 200)
            let axes = try reply.decode(SweepAxes.self)
            #expect(axes.sweepId == "ax")
            #expect(axes.axes.map(\.key) == ["model", "dataset", "lr", "targetStd", "momentum", "depth"])
            #expect(axes.axes[0].values == [.string("single"), .string("mlp")])
            #expect(axes.axes[0].zip == ["model", "dataset", "lr"])
            #expect(axes.axes[3].values == [.double(0.001), .double(1)] && axes.axes[3].zip == nil)
            #expect(axes.axes[5].values == [.double(2)])
            #expect(reply.text.contains(#""values":[2]"#))
            #expect(axes.x == "targetStd" && axes.y == "momentum" && axes.facets == ["model"])
            #expect(axes.metrics == ["collapsed", "deadFraction", "nmse", "diverged"])

            let missing = try await server.get("/v1/sweeps/none/axes")
            #expect(missing.status == 404 && missing.error?.error == "not_found")
        }
    }

    @Test func aGridWithOneVaryingAxisHasNoDefaultPair() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(#"{"name":"one","base":{"steps":10},"axes":{"targetStd":[0.1,1]},"seeds":1}"#)
            let axes = try await server.get("/v1/sweeps/one/axes").decode(SweepAxes.self)
            #expect(axes.axes.map(\.key) == ["targetStd"])
            #expect(axes.x == nil && axes.y == nil && axes.facets.isEmpty)
        }
    }
}
