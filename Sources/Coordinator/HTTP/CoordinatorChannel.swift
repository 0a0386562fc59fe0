import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The coordinator's HTTP/1.1 connection: Hummingbird's `HTTP1Channel` pipeline (HTTP codec,
/// idle timeout, request handling by `handleHTTP`) with the coordinator's own handlers: the
/// connection limit and header timeout on raw bytes (`ConnectionGuardHandler`), and request
/// bodies answered before they were read (`RequestDrainHandler`).
struct CoordinatorChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    struct Limits: Sendable {
        var maxBodyBytes: Int
        var bodyTimeout: TimeAmount
        var idleTimeout: TimeAmount
        var headerTimeout: TimeAmount
        /// The connection is TLS (the request URLs are https).
        var secure = false
    }

    let responder: HTTPChannelHandler.Responder
    let limits: Limits
    let connections: ConnectionCounter

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let limits = self.limits
            let pipeline = channel.pipeline.syncOperations
            let guardHandler = ConnectionGuardHandler(counter: self.connections, headerTimeout: limits.headerTimeout)
            try pipeline.addHandler(guardHandler)
            // As HTTP1Channel does (Hummingbird's defaults for the header limits).
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: .init())
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: limits.secure))
            try pipeline.addHandler(RequestDrainHandler(maxBodyBytes: limits.maxBodyBytes, bodyTimeout: limits.bodyTimeout,
                                                        connection: guardHandler))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: .init(limits.idleTimeout), logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
