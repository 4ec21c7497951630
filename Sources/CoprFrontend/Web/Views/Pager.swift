/// The links between the pages of a long list, keeping the other query parameters.
struct Pager: Sendable {
    let page: Int
    let lastPage: Int
    let total: Int
    /// The previous and next page's addresses; nil on the first or the last.
    let previousURL: String?
    let nextURL: String?
    /// Whether there is more than one page to move between.
    let isNeeded: Bool

    /// - Parameter query: The query parameters the other pages keep (a filter, a search).
    init<Item>(_ list: ListPage<Item>, path: String, query: [(String, String)]) {
        page = list.request.number
        lastPage = list.lastPage
        total = list.total
        func link(_ number: Int) -> String {
            WebPath.withQuery(path, query + (number == 1 ? [] : [("page", String(number))]))
        }
        previousURL = page > 1 ? link(min(page - 1, lastPage)) : nil
        nextURL = page < lastPage ? link(page + 1) : nil
        isNeeded = previousURL != nil || nextURL != nil
    }
}
