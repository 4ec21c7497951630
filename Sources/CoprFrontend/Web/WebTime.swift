import Foundation

/// Times and durations as the pages show them: UTC, to the second, the same for every reader.
enum WebTime {
    /// `2026-12-05 04:36:12 UTC`, or an empty string for none.
    static func text(_ time: Double?) -> String {
        guard let time else { return "" }
        let date = Date(timeIntervalSince1970: time)
        return date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: false).timeSeparator(.colon).dateTimeSeparator(.space)) + " UTC"
    }

    /// `1 h 02 min`, `3 min 07 s`, `12 s`; empty unless both ends are known.
    static func duration(from start: Double?, to end: Double?) -> String {
        guard let start, let end, end >= start else { return "" }
        let seconds = Int(end - start)
        if seconds >= 3600 { return String(format: "%d h %02d min", seconds / 3600, seconds % 3600 / 60) }
        if seconds >= 60 { return String(format: "%d min %02d s", seconds / 60, seconds % 60) }
        return "\(seconds) s"
    }
}
