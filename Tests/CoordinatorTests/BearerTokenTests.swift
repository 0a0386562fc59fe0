import Coordinator
import Foundation
import Testing

struct BearerTokenTests {
    @Test func aTokenFileIsTrimmedAndCheckedForForm() throws {
        let dir = TestServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("token").path
        try "  abc-123_XYZ\n\n".write(toFile: file, atomically: true, encoding: .utf8)
        let token = try BearerToken.load(file: file)
        #expect(token.secret == "abc-123_XYZ")
        #expect(token.matches("abc-123_XYZ"))
        #expect(!token.matches("abc-123_XYz"))
        #expect(!token.matches("abc-123_XY"))
        #expect(!token.matches("abc-123_XYZZ"))
        #expect(!token.matches(""))

        for (content, why) in [("\n", "empty"), ("two words", "printable ASCII without spaces")] {
            try content.write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try BearerToken.load(file: file)
                Issue.record("accepted \(content)")
            } catch {
                #expect(error.description.contains(why))
                #expect(error.description.contains(file))
            }
        }
        do {
            _ = try BearerToken.load(file: dir.appendingPathComponent("absent").path)
            Issue.record("read a missing file")
        } catch {
            #expect(error.description.contains("--token-file"))
        }
    }

    @Test func theFileWinsOverTheEnvironmentAndNeitherMeansNoToken() throws {
        let dir = TestServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("token").path
        try "from-file".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try BearerToken.resolve(file: file, environment: ["RELUSWEEP_TOKEN": "from-env"])?.secret == "from-file")
        #expect(try BearerToken.resolve(file: nil, environment: ["RELUSWEEP_TOKEN": "from-env\n"])?.secret == "from-env")
        #expect(try BearerToken.resolve(file: nil, environment: [:]) == nil)
        #expect(throws: CoordinatorError.self) { try BearerToken.resolve(file: nil, environment: ["RELUSWEEP_TOKEN": ""]) }
    }

    @Test func theTokenIsRedactedWhenPrinted() throws {
        let token = try BearerToken("s3cr3t-value")
        #expect("\(token)" == "<redacted token>")
        #expect(String(reflecting: token) == "<redacted token>")
        #expect(!"\([token])".contains("s3cr3t"))
    }
}
