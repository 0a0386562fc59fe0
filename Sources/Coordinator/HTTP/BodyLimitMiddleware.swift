import Hummingbird

/// A request that declares a body larger than `--max-body-bytes` is answered `413` at once,
/// before authentication or routing and without reading any of it (the connection is then
/// closed; see `RequestDrainHandler`). Bodies without a declared length are limited while they
/// are read (`RequestBodyReader`).
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let text = request.headers[.contentLength], let length = Int(text), length > maxBytes {
            throw APIError.tooLarge(length, limit: maxBytes)
        }
        return try await next(request, context)
    }
}
