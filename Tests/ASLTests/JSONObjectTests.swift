import JSONValue
import Testing
@testable import ASL
@Test func jsonObjectKeepsOrder() { var o = JSONObject(); o["b"] = .int(1); o["a"] = .int(2); #expect(o.keys == ["b","a"]) }
