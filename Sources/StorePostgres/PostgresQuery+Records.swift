import PostgresNIO
import Store

extension PostgresQuery.StringInterpolation {
    /// Events, timers and outbox messages as the 17 comma-separated array arguments (one per
    /// column, and the shard of each timer and message) that end the store functions' parameters
    /// (``PostgresSchema/recordParametersV6``).
    mutating func appendInterpolation(records events: [HistoryEvent], _ timers: [TimerRecord], _ outbox: [OutboxMessage]) {
        let columns: [any PostgresDynamicTypeEncodable] = [
            events.map(\.id), events.map(\.previousEventId), events.map(\.timestamp.milliseconds),
            events.map(\.type), events.map(\.details),
            timers.map(\.id), timers.map(\.executionArn), timers.map(\.dueDate.milliseconds), timers.map(\.payload),
            timers.map { Int32(ExecutionShards.shard(of: $0.executionArn)) },
            outbox.map(\.executionArn), outbox.map(\.exchange), outbox.map(\.routingKey), outbox.map(\.body.byteBuffer),
            outbox.map(\.headers), outbox.map(\.createdDate.milliseconds),
            outbox.map { Int32(ExecutionShards.shard(of: $0.executionArn)) },
        ]
        for (index, column) in columns.enumerated() {
            if index > 0 { appendLiteral(", ") }
            appendInterpolation(column)
        }
    }
}
