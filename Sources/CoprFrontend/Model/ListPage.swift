/// Which page of a long list to read: pages of `size` items, numbered from 1.
public struct PageRequest: Sendable, Equatable {
    public let number: Int
    public let size: Int

    /// `number` below 1 reads as 1, `size` below 1 as 1.
    public init(number: Int, size: Int) {
        self.number = max(1, number)
        self.size = max(1, size)
    }

    /// How many items come before this page.
    public var offset: Int { (number - 1) * size }
}

/// One page of a longer list, with how many items the whole list has.
public struct ListPage<Item: Sendable>: Sendable {
    public let items: [Item]
    /// Items in the whole list.
    public let total: Int
    public let request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    /// The number of the last page (1 for an empty list).
    public var lastPage: Int { max(1, (total + request.size - 1) / request.size) }
}
