import Foundation
import Store
@testable import StoreSQLite
import Testing

@Suite("SQLite history batches")
struct HistoryBatchTests {
    @Test("a batch's text gives back its events, whatever their details hold")
    func roundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123)
        let events = [
            HistoryEvent(id: 7, previousEventId: 6, timestamp: date, type: "TaskSucceeded",
                         details: #"{"output":"{\"a\":\"1,2:3\"}","note":"é 😀, done"}"#),
            HistoryEvent(id: 8, previousEventId: 7, timestamp: date.addingTimeInterval(1), type: "TaskStateExited", details: ""),
            HistoryEvent(id: 9, previousEventId: 0, timestamp: Date(timeIntervalSince1970: 0), type: "ExecutionSucceeded",
                         details: "{}"),
        ]
        #expect(try HistoryBatch.decode(HistoryBatch.encode(events)) == events)
        #expect(try HistoryBatch.decode("").isEmpty)
    }

    @Test("a damaged batch is an error, not a crash or a wrong event")
    func malformed() {
        let good = HistoryBatch.encode([HistoryEvent(
            id: 1, previousEventId: 0, timestamp: Date(timeIntervalSince1970: 1), type: "PassStateEntered", details: "{}")])
        for text in [String(good.dropLast()), good + "2,1", "x,0,1000,Pass,2:{}", "1,0,1000,Pass,9:{}", "1,0,1000,Pass,-1:{}"] {
            #expect(throws: StoreError.self) { try HistoryBatch.decode(text) }
        }
    }
}
