import JSONValue
import Testing
@testable import ASL

@Suite struct JSONObjectStorageTests {
    @Test func largeObjectsUseAnIndexAndKeepOrder() {
        var o = JSONObject()
        for i in 0..<50 { o["k\(i)"] = .int(i) }
        #expect(o.count == 50)
        #expect(o["k37"] == .int(37))
        o["k10"] = .string("x")
        #expect(o.keys[10] == "k10" && o["k10"] == .string("x"))
        o["k0"] = nil
        #expect(o.count == 49 && o.keys.first == "k1" && o["k49"] == .int(49) && o["k0"] == nil)
        #expect(Array(o.keys.suffix(2)) == ["k48", "k49"])
    }

    @Test func removalAndReinsertion() {
        var o = JSONObject([("a", .int(1)), ("b", .int(2)), ("c", .int(3))])
        o["b"] = nil
        o["b"] = .int(4)
        #expect(o.keys == ["a", "c", "b"])
        #expect(o.values == [.int(1), .int(3), .int(4)])
    }

    @Test func equalityIgnoresOrderAndHashesAgree() {
        let x = JSONObject([("a", .int(1)), ("b", json("[1,{\"z\":null}]"))])
        let y = JSONObject([("b", json("[1,{\"z\":null}]")), ("a", json("1.0"))])
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(Set([JSON.object(x), JSON.object(y)]).count == 1)
        #expect(x != JSONObject([("a", .int(1))]))
    }

    @Test func parsedDuplicatesInLargeObjects() throws {
        let keys = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let value = try JSON(parsing: "{\(keys),\"k3\":\"again\"}")
        #expect(value.objectValue?.count == 20)
        #expect(value["k3"] == .string("again"))
        #expect(value.objectValue?.keys[3] == "k3")
    }

    @Test func iterationYieldsLabelledPairs() {
        let o = JSONObject([("x", .bool(true)), ("y", .null)])
        var seen: [String] = []
        for (key, value) in o { seen.append("\(key)=\(value.serialized())") }
        #expect(seen == ["x=true", "y=null"])
        #expect(o.map(\.key) == ["x", "y"])
    }
}
