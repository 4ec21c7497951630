/// A page asked for with a query it cannot answer (a page number that is not one, a
/// state that does not exist): the 400 page says `message`.
struct WebRequestError: Error, Sendable {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
