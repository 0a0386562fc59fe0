import Foundation
import Hummingbird

/// Reads request bodies within the coordinator's limits: at most `maxBytes` (413, checked on
/// `Content-Length` before reading and again while reading), within `timeout` (408: a client
/// trickling its body cannot hold a request open), JSON only (415 for another content type).
struct RequestBodyReader: Sendable {
    let maxBytes: Int
    let timeout: Duration

    func collect(_ request: Request) async throws(APIError) -> ByteBuffer {
        if let type = request.headers[.contentType], !Self.isJSON(type) {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type",
                           detail: "Content-Type '\(type.prefix(80))' is not accepted: send application/json", closeConnection: true)
        }
        if let text = request.headers[.contentLength] {
            guard let length = Int(text), length >= 0 else { throw APIError.badRequest("Content-Length: not a number of bytes") }
            if length > maxBytes { throw tooLarge(length) }
        }
        let body = request.body
        let limit = maxBytes
        let deadline = timeout
        let outcome: Result<ByteBuffer, APIError> = await withTaskGroup(of: Result<ByteBuffer, APIError>?.self) { group in
            group.addTask {
                do {
                    var buffer = ByteBuffer()
                    for try await chunk in body {
                        if buffer.readableBytes + chunk.readableBytes > limit {
                            return .failure(self.tooLarge(nil))
                        }
                        var chunk = chunk
                        buffer.writeBuffer(&chunk)
                    }
                    return .success(buffer)
                } catch {
                    return .failure(APIError.badRequest("the request body could not be read: \(type(of: error))"))
                }
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(APIError(status: .requestTimeout, code: "request_timeout",
                                              detail: "the request body did not arrive within \(deadline)", closeConnection: true))
        }
        return try outcome.get()
    }

    private func tooLarge(_ length: Int?) -> APIError {
        APIError.tooLarge(length, limit: maxBytes)
    }

    static func isJSON(_ contentType: String) -> Bool {
        let t = contentType.lowercased()
        return t.hasPrefix("application/json") || t.contains("+json")
    }
}
