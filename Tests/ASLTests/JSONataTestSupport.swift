import JSONValue
import Testing
@testable import ASL

/// Evaluates a JSONata expression and describes the outcome as text: the compact JSON result,
/// `undefined`, `function`, or `error: <cause>` — so one `#expect` compares all of it.
func jsonata(_ expression: String, _ input: String? = nil, bindings: [String: String] = [:], seed: UInt64 = 0) -> String {
    do throws(StatesError) {
        let parsed = try JSONataExpression(parsing: expression)
        var values: [String: JSON] = [:]
        for (k, v) in bindings { values[k] = json(v) }
        switch try parsed.outcome(input: input.map(json), bindings: values, seed: seed) {
        case .value(let v): return v.serialized()
        case .undefined: return "undefined"
        case .function: return "function"
        }
    } catch {
        return "error: \(error.cause ?? error.error)"
    }
}

/// The sample document of the JSONata documentation's path examples.
let jsonataSample = #"""
{"FirstName":"Fred","Surname":"Smith","Age":28,
 "Address":{"Street":"Hursley Park","City":"Winchester","Postcode":"SO21 2JN"},
 "Phone":[{"type":"home","number":"0203 544 1234"},{"type":"office","number":"01962 001234"},
          {"type":"office","number":"01962 001235"},{"type":"mobile","number":"077 7700 1234"}],
 "Email":[{"type":"work","address":["fred.smith@my-work.com","fsmith@my-work.com"]},
          {"type":"home","address":["freddy@my-social.com","frederic.smith@very-serious.com"]}],
 "Other":{"Over 18 ?":true,"Misc":null,"Alternative.Address":{"Street":"Brick Lane","City":"London","Postcode":"E1 6RF"}}}
"""#
