import CoprCore
import Logging

extension TaskID {
    /// The tasks of a `build-tasks/cancel-requests` answer; an entry that names no task is
    /// logged and left out, since no worker can have it.
    public static func cancelRequests(in answer: [JSONValue], logger: Logger) -> [TaskID] {
        answer.compactMap { value in
            guard let task = value.stringValue.flatMap({ try? TaskID($0) }) else {
                logger.warning("Ignoring a cancel request that names no task: \(TaskRules.describe(value))")
                return nil
            }
            return task
        }
    }
}
