/// A request for one page of a list.
public struct PageRequest: Sendable, Equatable {
    /// The most items to return (at least 1).
    public var limit: Int
    /// The token from the previous page, or `nil` for the first page.
    public var token: String?

    /// Creates a request.
    public init(limit: Int = 100, token: String? = nil) {
        self.limit = limit
        self.token = token
    }
}

/// One page of a list and the token for the next page (`nil` when this is the last).
public struct Page<Item: Sendable>: Sendable {
    /// The items, in the list's stable order.
    public var items: [Item]
    /// Pass this in the next ``PageRequest`` to continue.
    public var nextToken: String?

    /// Creates a page.
    public init(items: [Item], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }
}

extension Page: Equatable where Item: Equatable {}
