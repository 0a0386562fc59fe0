import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// What happens to a request body the coordinator answered before reading it all (401 for a
/// wrong token, 404, 413, 415, 408, a route that takes no body): it is read and thrown away, up
/// to the body limit, then the connection goes on (keep-alive) or is closed (when the request or
/// the answer said `Connection: close`).
///
/// Without this a client that sends its whole body before reading the answer (Python's
/// `urllib`, which sends `Connection: close`) hangs: Hummingbird stops reading a `close`
/// connection after answering, the socket buffers fill, the client blocks in `send` and never
/// sees the answer. Closing at once is no better: unread data makes the kernel send a reset,
/// which can destroy the answer before the client reads it. So the rest of the body is drained,
/// within bounds: at most `maxBodyBytes`, and until `bodyTimeout` after the request head (or
/// `linger` after the answer, whichever is later); a body declared larger than the limit gets
/// `linger` only. Past a bound the connection is closed.
///
/// Sits after the HTTP codec (`HTTPRequestPart` in, `HTTPResponsePart` out). Tells the
/// connection's `ConnectionGuardHandler` when a request head arrived and when a request is over,
/// for its header timeout.
final class RequestDrainHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let maxBodyBytes: Int
    private let bodyTimeout: TimeAmount
    private let linger: TimeAmount
    private let connection: ConnectionGuardHandler?

    /// A request head was read and its `.end` not yet.
    private var bodyOpen = false
    /// The answer to the current request has been written completely.
    private var answered = false
    /// The request or its answer asked for `Connection: close`.
    private var closeAfter = false
    private var declaredOverLimit = false
    private var headAt = NIODeadline.now()
    private var draining = false
    private var drained = 0
    private var drainTimer: Scheduled<Void>?

    init(maxBodyBytes: Int, bodyTimeout: TimeAmount, linger: TimeAmount = .seconds(2), connection: ConnectionGuardHandler? = nil) {
        self.maxBodyBytes = maxBodyBytes
        self.bodyTimeout = bodyTimeout
        self.linger = linger
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            bodyOpen = true
            answered = false
            closeAfter = Self.saysClose(head.headerFields[.connection])
            declaredOverLimit = head.headerFields[.contentLength].flatMap { Int($0) }.map { $0 > maxBodyBytes } ?? false
            headAt = .now()
            connection?.headReceived()
            context.fireChannelRead(data)
        case .body(let chunk):
            guard draining else {
                context.fireChannelRead(data)
                return
            }
            drained += chunk.readableBytes
            if drained > maxBodyBytes { abandon(context) }
        case .end:
            bodyOpen = false
            if draining {
                stopDraining()
                if closeAfter {
                    // Everything the client sent is read: closing now sends no reset.
                    context.close(promise: nil)
                    return
                }
                context.fireChannelRead(data)
                connection?.requestFinished()
                return
            }
            context.fireChannelRead(data)
            if answered { connection?.requestFinished() }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Hummingbird's stream may have stopped asking for reads (its buffer is full of parts
        // nobody consumes); a drain must go on regardless.
        if draining { context.read() }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if Self.saysClose(response.headerFields[.connection]) { closeAfter = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            context.write(data, promise: promise)
            answered = true
            if bodyOpen {
                startDraining(context)
            } else {
                connection?.requestFinished()
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopDraining()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopDraining()
        context.fireChannelInactive()
    }

    private func startDraining(_ context: ChannelHandlerContext) {
        guard !draining else { return }
        draining = true
        drained = 0
        let now = NIODeadline.now()
        let deadline = declaredOverLimit ? now + linger : max(headAt + bodyTimeout, now + linger)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        drainTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.drainTimer = nil
            if handler.draining { handler.abandon(context) }
        }
        context.flush()
        context.read()
    }

    private func stopDraining() {
        draining = false
        drainTimer?.cancel()
        drainTimer = nil
    }

    /// A bound was reached: the rest of the body is not worth reading.
    private func abandon(_ context: ChannelHandlerContext) {
        stopDraining()
        context.close(promise: nil)
    }

    /// `Connection: close` (a token list; tokens are case-insensitive).
    static func saysClose(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "close" }
    }
}
