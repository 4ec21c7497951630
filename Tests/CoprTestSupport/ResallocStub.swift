import CoprBackend
import Foundation
import Synchronization

/// A stand-in for the resalloc server: XML-RPC over real HTTP at `POST /` (and
/// `/RPC2`) on 127.0.0.1, with the methods the backend uses:
/// `takeTicket(tags[, sandbox]) → id`, `collectTicket(id) → {ready, closed, failed,
/// output}` (output as `<base64>`, like the real server) and `closeTicket(id) → true`.
/// Unknown methods and bad arguments answer an XML-RPC fault.
///
/// A ticket gets a resource having all requested tags with a free slot, on a collect;
/// it is ready on the ``readyAfterCollects``-th collect once it has one.
public final class ResallocStub: Sendable {
    /// One XML-RPC call as received.
    public struct Call: Sendable {
        public let method: String
        public let params: [XMLRPCValue]
    }

    private struct State {
        var resources: [ResallocResource] = []
        var tickets: [ResallocTicket] = []
        var readyAfterCollects = 1
        var neverReady = false
        var forcedResource: String?
        var calls: [Call] = []
    }

    private let state = Mutex(State())
    private let slot = StubServerSlot()

    private init() {}

    /// Starts the stub on 127.0.0.1 with a free port.
    public static func start() async throws -> ResallocStub {
        let stub = ResallocStub()
        try await stub.slot.start(label: "resalloc-stub") { [weak stub] request in
            stub?.handle(request) ?? .init(status: 503)
        }
        return stub
    }

    /// Stops the server. Safe to call more than once.
    public func shutdown() async {
        await slot.shutdown()
    }

    /// The port the stub listens on.
    public var port: Int { slot.port }
    /// `http://127.0.0.1:<port>`: the backend's `resalloc_connection`.
    public var url: String { "http://127.0.0.1:\(port)" }

    // MARK: Resources and behaviour

    /// Adds a resource that tickets can get.
    public func addResource(_ resource: ResallocResource) {
        state.withLock { $0.resources.append(resource) }
    }

    /// Adds a test host as a resource whose output is the YAML form (host, name,
    /// ssh_port), with the usual `copr_builder` + `arch_x86_64` tags by default.
    public func addBuilder(_ host: TestHost, tags: Set<String> = ["copr_builder", "arch_x86_64"], capacity: Int = 1) {
        addResource(ResallocResource(
            name: host.name, tags: tags,
            output: ResallocResource.yamlOutput(host: host.address, name: host.name, sshPort: host.port),
            capacity: capacity
        ))
    }

    /// Tickets become ready on their `count`-th collect (default 1: the first one).
    public func setReadyAfterCollects(_ count: Int) {
        state.withLock { $0.readyAfterCollects = count }
    }

    /// With `true`, no ticket ever becomes ready.
    public func setNeverReady(_ neverReady: Bool) {
        state.withLock { $0.neverReady = neverReady }
    }

    /// Every ticket that gets a resource from now on gets `resourceName`, ignoring tags
    /// and capacity (a pool that keeps handing out the same, maybe broken, machine);
    /// nil restores normal matching.
    public func handOut(_ resourceName: String?) {
        state.withLock { $0.forcedResource = resourceName }
    }

    /// Marks the ticket's resource dead: later collects answer `failed: true`.
    public func failTicket(_ id: Int) {
        state.withLock { state in
            if let index = state.tickets.firstIndex(where: { $0.id == id }) { state.tickets[index].failed = true }
        }
    }

    /// Closes a ticket from the server side: later collects answer `closed: true`.
    public func closeTicket(_ id: Int) {
        state.withLock { state in
            if let index = state.tickets.firstIndex(where: { $0.id == id }) { state.tickets[index].closed = true }
        }
    }

    // MARK: Bookkeeping

    /// Every ticket taken so far, in order.
    public var takenTickets: [ResallocTicket] { state.withLock { $0.tickets } }
    /// The tickets nobody has closed yet (a leak, once the backend is idle).
    public var openTickets: [ResallocTicket] { takenTickets.filter { !$0.closed } }
    /// The closed tickets.
    public var closedTickets: [ResallocTicket] { takenTickets.filter(\.closed) }
    /// Every XML-RPC call received, in order.
    public var calls: [Call] { state.withLock { $0.calls } }

    // MARK: Request handling

    private func handle(_ request: RecordedRequest) -> StubHTTPServer.Reply {
        guard request.method == "POST", ["/", "/RPC2"].contains(request.path) else {
            return .init(status: 404, headers: [("Content-Type", "text/plain")], body: Data("Not found\n".utf8))
        }
        let body: Data
        do {
            let (method, params) = try XMLRPCServerCodec.decodeCall(request.body)
            body = state.withLock { state in
                state.calls.append(Call(method: method, params: params))
                do {
                    return XMLRPCServerCodec.encodeResponse(try Self.perform(method, params, &state))
                } catch {
                    return XMLRPCServerCodec.encodeFault(code: 1, message: "\(error)")
                }
            }
        } catch {
            body = XMLRPCServerCodec.encodeFault(code: 1, message: "\(error)")
        }
        return .init(status: 200, headers: [("Content-Type", "text/xml")], body: body)
    }

    /// A failed call, reported to the client as an XML-RPC fault.
    private struct CallError: Error, CustomStringConvertible {
        let description: String
    }

    private static func perform(_ method: String, _ params: [XMLRPCValue], _ state: inout State) throws -> XMLRPCValue {
        switch method {
        case "takeTicket":
            guard let tags = params.first?.arrayValue?.compactMap(\.stringValue), tags.count == params.first?.arrayValue?.count,
                  params.count <= 2
            else { throw CallError(description: "takeTicket(tags: [string], sandbox: string = None)") }
            let id = (state.tickets.last?.id ?? 0) + 1
            state.tickets.append(ResallocTicket(id: id, tags: tags, sandbox: params.count > 1 ? params[1].stringValue : nil))
            return .int(id)
        case "collectTicket":
            let index = try ticketIndex(params, state)
            state.tickets[index].collects += 1
            if state.tickets[index].resource == nil && !state.tickets[index].closed {
                state.tickets[index].resource = freeResource(for: state.tickets[index], state)?.name
            }
            let ticket = state.tickets[index]
            let ready = ticket.resource != nil && !ticket.closed && !state.neverReady
                && ticket.collects >= state.readyAfterCollects
            let output = ready ? state.resources.first { $0.name == ticket.resource }?.output ?? "" : ""
            return .structure([
                "ready": .bool(ready),
                "closed": .bool(ticket.closed),
                "failed": .bool(ticket.failed),
                "output": .base64(Data(output.utf8)),
            ])
        case "closeTicket":
            let index = try ticketIndex(params, state)
            state.tickets[index].closed = true
            return .bool(true)
        default:
            throw CallError(description: "method \"\(method)\" is not supported")
        }
    }

    private static func ticketIndex(_ params: [XMLRPCValue], _ state: State) throws -> Int {
        guard params.count == 1, let id = params[0].intValue,
              let index = state.tickets.firstIndex(where: { $0.id == id })
        else { throw CallError(description: "no such ticket: \(params)") }
        return index
    }

    /// The forced resource, or the least recently used one with all the ticket's tags and
    /// a free slot (a pool rotates its machines, so a broken one is not handed out again
    /// while others are free).
    private static func freeResource(for ticket: ResallocTicket, _ state: State) -> ResallocResource? {
        if let forced = state.forcedResource {
            return state.resources.first { $0.name == forced }
        }
        let free = state.resources.filter { resource in
            let holders = state.tickets.filter { !$0.closed && $0.resource == resource.name }.count
            return resource.tags.isSuperset(of: ticket.tags) && holders < resource.capacity
        }
        func lastUse(_ resource: ResallocResource) -> Int {
            state.tickets.last { $0.resource == resource.name }?.id ?? 0
        }
        return free.min { lastUse($0) < lastUse($1) }
    }
}
