import Foundation
import NIOCore

/// The first handler of every connection (after TLS), on raw bytes: it bounds how many
/// connections are open and how long a request head may take.
///
/// - **Connection limit.** Past `ConnectionCounter.limit` open connections a new one is answered
///   `503` at once (`Connection: close`, `Retry-After: 1`) and closed, so file descriptors cannot
///   run out however many clients connect (Hummingbird stops accepting a little further on).
/// - **Header timeout.** A request head must be complete within `headerTimeout` of its first
///   byte, or of the connection opening for the first request: a client sending its headers a
///   byte at a time is answered `408` and closed. Between requests an idle keep-alive connection
///   is left to Hummingbird's idle timeout; a body is bounded by the body timeout
///   (`RequestBodyReader`, `RequestDrainHandler`).
///
/// `RequestDrainHandler`, after the HTTP codec, reports heads and finished requests.
final class ConnectionGuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let counter: ConnectionCounter
    private let headerTimeout: TimeAmount
    /// How long a refused or timed-out connection is read (and discarded) after its answer, so
    /// the answer is not destroyed by a reset before the client reads it.
    private let linger: TimeAmount

    private var context: ChannelHandlerContext?
    private var counted = false
    private var refusing = false
    /// Requests whose head was read and which are not finished (answered and body read).
    private var inFlight = 0
    /// Bytes arrived since the connection went idle (a request head has begun).
    private var headBegun = false
    private var headerTimer: Scheduled<Void>?
    private var lingerTimer: Scheduled<Void>?

    init(counter: ConnectionCounter, headerTimeout: TimeAmount, linger: TimeAmount = .seconds(1)) {
        self.counter = counter
        self.headerTimeout = headerTimeout
        self.linger = linger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { opened(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        opened(context)
        context.fireChannelActive()
    }

    private func opened(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        counted = true
        if counter.open() {
            startHeaderTimer()
        } else {
            refuse(context, status: "503 Service Unavailable", code: "unavailable",
                   detail: "the coordinator has \(counter.limit) connections open, its limit (--max-connections); retry in a moment",
                   extra: "Retry-After: 1\r\n")
            counter.refused()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        if counted {
            counted = false
            counter.close()
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
        if counted {
            counted = false
            counter.close()
        }
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A refused connection's request is read and dropped until it closes.
        if refusing { return }
        if inFlight == 0 && !headBegun {
            headBegun = true
            startHeaderTimer()
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if refusing, let e = event as? ChannelEvent, e == .inputClosed {
            // The client read the answer and hung up: done.
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Called by RequestDrainHandler (same event loop)

    /// A request head was read completely.
    func headReceived() {
        inFlight += 1
        headBegun = false
        headerTimer?.cancel()
        headerTimer = nil
    }

    /// A request was answered and its body read (or drained).
    func requestFinished() {
        inFlight = max(0, inFlight - 1)
    }

    // MARK: Private

    private func startHeaderTimer() {
        guard let context, headerTimer == nil else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        headerTimer = context.eventLoop.scheduleTask(in: headerTimeout) {
            loopBound.value.headerTimedOut()
        }
    }

    private func headerTimedOut() {
        headerTimer = nil
        guard let context, !refusing, inFlight == 0 else { return }
        counter.headerTimedOut()
        if headBegun {
            refuse(context, status: "408 Request Timeout", code: "request_timeout",
                   detail: "the request head did not arrive within \(Self.seconds(headerTimeout)) s", extra: "")
        } else {
            // Opened and never used: nothing to answer.
            context.close(promise: nil)
        }
    }

    /// Answers with a complete HTTP response written as raw bytes (nothing else has been
    /// written on this connection), half-closes, and closes after `linger` at most.
    private func refuse(_ context: ChannelHandlerContext, status: String, code: String, detail: String, extra: String) {
        refusing = true
        headerTimer?.cancel()
        headerTimer = nil
        let body = #"{"detail":"\#(detail)","error":"\#(code)"}"#
        let text = "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + extra + "Connection: close\r\n\r\n" + body
        let buffer = context.channel.allocator.buffer(string: text)
        let channel = context.channel
        context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
        }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        lingerTimer = context.eventLoop.scheduleTask(in: linger) {
            loopBound.value.close(promise: nil)
        }
    }

    private func cancelTimers() {
        headerTimer?.cancel()
        headerTimer = nil
        lingerTimer?.cancel()
        lingerTimer = nil
    }

    private static func seconds(_ t: TimeAmount) -> String {
        let s = Double(t.nanoseconds) / 1e9
        return s == s.rounded() ? String(Int(s)) : String(s)
    }
}
