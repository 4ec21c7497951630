import CoprCore
import Hummingbird

/// One page of a Copr API v3 list (`limit`, `offset`, `order`, `order_type` in the
/// query), and the `meta` that tells the client where it is, so that python-copr's
/// `next_page` asks for `offset + limit` until a page comes back empty.
///
/// A client may ask for anything: a missing, zero or too large `limit` is
/// ``maximumLimit`` (the `meta` says so), an offset past the end is an empty page, and a
/// negative or non-numeric value, an order the list cannot be sorted by or an order type
/// other than `ASC`/`DESC` is refused with 400.
struct APIv3Page<Item> {
    /// A key a list may be ordered by, and whether one item comes before another by it.
    typealias SortKey = (name: String, ascending: (Item, Item) -> Bool)

    /// The most items one answer holds: copr-cli asks for 1000 builds a page.
    static var maximumLimit: Int { 1000 }

    enum Direction: String { case ascending = "ASC", descending = "DESC" }

    let limit: Int
    let offset: Int
    /// The key the items are sorted by (`id`, `name`).
    let order: String
    let direction: Direction
    private let ascending: (Item, Item) -> Bool

    /// Reads the page from `query`; `sortKeys` are the keys this list sorts by, the first
    /// being the default. Without `order_type`, `id` sorts newest first and anything else
    /// ascending, as Copr does.
    init(query: Parameters, sortKeys: [SortKey]) throws(InvalidField) {
        limit = try Self.number("limit", query).map { $0 == 0 ? Self.maximumLimit : min($0, Self.maximumLimit) } ?? Self.maximumLimit
        offset = try Self.number("offset", query) ?? 0
        let order = query.get("order").flatMap { $0.isEmpty ? nil : $0 } ?? sortKeys[0].name
        guard let key = sortKeys.first(where: { $0.name == order }) else {
            let names = sortKeys.map(\.name).joined(separator: ", ")
            throw InvalidField(field: "order", reason: "cannot order by \(TaskRules.quoted(order)); use one of \(names)")
        }
        self.order = order
        ascending = key.ascending
        switch query.get("order_type") {
        case nil, "": direction = order == "id" ? .descending : .ascending
        case let text?:
            guard let direction = Direction(rawValue: text) else {
                throw InvalidField(field: "order_type", reason: "expected ASC or DESC, found \(TaskRules.quoted(text))")
            }
            self.direction = direction
        }
    }

    /// The page of `items`, sorted by ``order`` in ``direction``.
    func slice(_ items: [Item]) -> [Item] {
        let sorted = items.sorted { direction == .ascending ? ascending($0, $1) : ascending($1, $0) }
        guard offset < sorted.count else { return [] }
        return Array(sorted[offset..<min(sorted.count, offset + limit)])
    }

    /// `{"limit", "offset", "order", "order_type"}`, as Copr's `meta`.
    var meta: JSONValue {
        ["limit": .int(limit), "offset": .int(offset), "order": .string(order), "order_type": .string(direction.rawValue)]
    }

    /// `{"items": [...], "meta": {...}}`: the page of `items`, already sliced.
    func answer(_ items: [JSONValue]) -> JSONValue {
        ["items": .array(items), "meta": meta]
    }

    private static func number(_ name: String, _ query: Parameters) throws(InvalidField) -> Int? {
        guard let text = query.get(name), !text.isEmpty else { return nil }
        guard text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = Int(text) else {
            throw InvalidField(field: name, reason: "expected a whole number from 0 on, found \(TaskRules.quoted(text))")
        }
        return value
    }
}
