import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The coordinator's HTTP/1.1 connection: Hummingbird's `HTTP1Channel` pipeline (HTTP codec,
/// idle timeout, request handling by `handleHTTP`) with the coordinator's own handler for
/// request bodies answered before they were read (`RequestDrainHandler`).
struct CoordinatorChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    struct Limits: Sendable {
        var maxBodyBytes: Int
        var bodyTimeout: TimeAmount
        var idleTimeout: TimeAmount
    }

    let responder: HTTPChannelHandler.Responder
    let limits: Limits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let limits = self.limits
            let pipeline = channel.pipeline.syncOperations
            // As HTTP1Channel does (Hummingbird's defaults for the header limits).
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: .init())
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(RequestDrainHandler(maxBodyBytes: limits.maxBodyBytes, bodyTimeout: limits.bodyTimeout))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: .init(limits.idleTimeout), logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
