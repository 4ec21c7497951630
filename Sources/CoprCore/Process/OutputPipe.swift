import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A pipe for a child's output: the child writes `writeEnd`, a SwiftNIO event loop reads
/// the other end and hands each chunk to the reader's closure right there.
///
/// swift-subprocess's own output sequence allocates, for every read, a zeroed buffer of
/// the pipe's whole capacity (64 KiB) before any data arrives, and resumes an async task
/// per chunk; a thousand log follows would hold 125 MiB that way. SwiftNIO's adaptive
/// allocator sizes each read to what arrives, one event loop serves every pipe, and a
/// chunk costs no task switch.
final class OutputPipe: Sendable {
    private let writeDescriptor: LockedValue<Int32?>
    /// Held until `read` hands it to SwiftNIO (or `discard` closes it).
    private let readDescriptor: LockedValue<Int32?>

    init() throws {
        let (read, write) = try Self.makeDescriptors()
        readDescriptor = LockedValue(read)
        writeDescriptor = LockedValue(write)
    }

    /// A pipe whose ends are closed on exec. Not inherited by other children either:
    /// `ProcessSpawn` closes every descriptor above 2 in its children.
    static func makeDescriptors() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw ProcessSpawnFailed(command: "pipe", reason: String(cString: strerror(errno)))
        }
        _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
        return (descriptors[0], descriptors[1])
    }

    /// The end the child writes; closed by `read`, so that EOF comes when the child and
    /// everything that inherited it have exited.
    var writeEnd: Int32 { writeDescriptor.value ?? -1 }

    /// Calls `consume` with every chunk, on an event loop thread, until EOF; cancelling
    /// the calling task closes the pipe and returns. An error `consume` throws closes the
    /// pipe and is rethrown here.
    func read(_ consume: @escaping @Sendable ([UInt8]) throws -> Void) async throws {
        Self.closeHeld(writeDescriptor)
        guard let descriptor = readDescriptor.withLock({ taken in
            defer { taken = nil }
            return taken
        }) else { return }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let ended = loop.makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await NIOPipeBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ChunkHandler(consume: consume, ended: ended))
                    }
                }
                .takingOwnershipOfDescriptor(input: descriptor).get()
        } catch {
            close(descriptor)
            ended.succeed()
            throw ProcessSpawnFailed(command: "pipe", reason: "\(error)")
        }
        try await withTaskCancellationHandler {
            try await ended.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Closes both ends of a pipe that was never read (the child did not start).
    func discard() {
        Self.closeHeld(writeDescriptor)
        Self.closeHeld(readDescriptor)
    }

    private static func closeHeld(_ held: LockedValue<Int32?>) {
        let descriptor = held.withLock { descriptor in
            defer { descriptor = nil }
            return descriptor
        }
        if let descriptor { close(descriptor) }
    }
}

/// Hands each chunk to the reader and completes `ended` once: at EOF (the channel goes
/// inactive), or with the first error.
private final class ChunkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let consume: @Sendable ([UInt8]) throws -> Void
    private let ended: EventLoopPromise<Void>
    private var finished = false

    init(consume: @escaping @Sendable ([UInt8]) throws -> Void, ended: EventLoopPromise<Void>) {
        self.consume = consume
        self.ended = ended
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        let buffer = unwrapInboundIn(data)
        do {
            try consume(Array(buffer.readableBytesView))
        } catch {
            finish(.failure(error))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.success(()))
    }

    private func finish(_ result: Result<Void, any Error>) {
        guard !finished else { return }
        finished = true
        ended.completeWith(result)
    }
}
