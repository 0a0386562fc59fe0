import Foundation
import Hummingbird
import SweepModel
import SweepStore

/// An error answer: status, `ErrorBody` code and detail. Route code throws these; the
/// RequestObserver turns every error (StoreError, Hummingbird's HTTPError, anything) into one.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var detail: String
    /// Close the connection after answering (the body may be unread).
    var closeConnection = false

    static func badRequest(_ detail: String) -> APIError { APIError(status: .badRequest, code: "bad_request", detail: detail) }
    static func notFound(_ detail: String) -> APIError { APIError(status: .notFound, code: "not_found", detail: detail) }
    static func invalidQuery(_ detail: String) -> APIError { APIError(status: .badRequest, code: "invalid_query", detail: detail) }
    static func invalidResults(_ detail: String) -> APIError { APIError(status: .badRequest, code: "invalid_results", detail: detail) }
    static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized",
        detail: "missing or wrong bearer token: send 'Authorization: Bearer <token>' with the coordinator's token (--token-file or RELUSWEEP_TOKEN)")

    /// 413: a body over `--max-body-bytes` (`length` when declared); the connection is closed.
    static func tooLarge(_ length: Int?, limit: Int) -> APIError {
        let size = length.map { "\($0) bytes" } ?? "more bytes"
        return APIError(status: .contentTooLarge, code: "payload_too_large",
                        detail: "the request body has \(size) than allowed: at most \(limit) bytes (--max-body-bytes); split the batch",
                        closeConnection: true)
    }

    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError:
            return e
        case let e as StoreError:
            return from(e)
        case let e as HTTPError:
            let detail = e.body ?? (e.status == .notFound ? "no such route" : e.status.reasonPhrase)
            return APIError(status: e.status, code: code(for: e.status), detail: detail)
        case let e as any HTTPResponseError:
            return APIError(status: e.status, code: code(for: e.status), detail: e.status.reasonPhrase)
        default:
            return APIError(status: .internalServerError, code: "internal", detail: "unexpected error: \(String(describing: type(of: error)))")
        }
    }

    static func from(_ e: StoreError) -> APIError {
        switch e {
        case .sweepNotFound: APIError(status: .notFound, code: "not_found", detail: e.description)
        case .invalidGrid: APIError(status: .badRequest, code: "invalid_grid", detail: e.description)
        case .invalidRequest: APIError(status: .badRequest, code: "bad_request", detail: e.description)
        case .conflict: APIError(status: .conflict, code: "conflict", detail: e.description)
        // Nothing was written: the client keeps what it sent (a worker's outbox) and retries.
        case .storageUnavailable:
            APIError(status: .serviceUnavailable, code: "unavailable", detail: e.description)
        case .locked, .incompatibleDatabase, .database, .corrupt:
            APIError(status: .internalServerError, code: "internal", detail: e.description)
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 408: "request_timeout"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 400..<500: "bad_request"
        case 503: "unavailable"
        default: "internal"
        }
    }

    /// The JSON answer.
    func response() -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if status == .serviceUnavailable { headers[.retryAfter] = "5" }
        if closeConnection { headers[.connection] = "close" }
        let body = ErrorBody(error: code, detail: detail)
        let data = (try? JSONResponse.encoder.encode(body)) ?? Data(#"{"error":"internal","detail":"cannot encode error"}"#.utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
