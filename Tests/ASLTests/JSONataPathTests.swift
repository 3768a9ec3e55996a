import Testing
@testable import ASL

/// Path navigation, predicates and sequence semantics, with the JSONata documentation's examples.
@Suite struct JSONataPathTests {
    func run(_ e: String) -> String { jsonata(e, jsonataSample) }

    @Test func fields() {
        #expect(run("Surname") == #""Smith""#)
        #expect(run("Age") == "28")
        #expect(run("Address.City") == #""Winchester""#)
        #expect(run("Other.Misc") == "null")
        #expect(run("Other.Nothing") == "undefined")
        #expect(run("Other.`Over 18 ?`") == "true")
        #expect(run("Other.'Alternative.Address'.City") == #""London""#)
        #expect(run("$.Address.Postcode") == #""SO21 2JN""#)
        #expect(run("Address.City.Nothing") == "undefined")
    }

    @Test func arrayIndexes() {
        #expect(run("Phone[0]") == #"{"type":"home","number":"0203 544 1234"}"#)
        #expect(run("Phone[1].number") == #""01962 001234""#)
        #expect(run("Phone[-1].number") == #""077 7700 1234""#)
        #expect(run("Phone[-2].number") == #""01962 001235""#)
        #expect(run("Phone[8]") == "undefined")
        #expect(run("Phone[0.9].type") == #""home""#)
        #expect(run("Phone[[0..1]].type") == #"["home","office"]"#)
    }

    @Test func sequencesFlatten() {
        #expect(run("Phone.number") == #"["0203 544 1234","01962 001234","01962 001235","077 7700 1234"]"#)
        // A predicate binds to its step: the first number of each phone.
        #expect(run("Phone.number[0]") == #"["0203 544 1234","01962 001234","01962 001235","077 7700 1234"]"#)
        #expect(run("(Phone.number)[0]") == #""0203 544 1234""#)
        #expect(run("Email.address") == #"["fred.smith@my-work.com","fsmith@my-work.com","freddy@my-social.com","frederic.smith@very-serious.com"]"#)
        #expect(run("Email.[address]") == #"[["fred.smith@my-work.com","fsmith@my-work.com"],["freddy@my-social.com","frederic.smith@very-serious.com"]]"#)
    }

    @Test func singletonArrays() {
        #expect(jsonata("items", #"{"items":[1]}"#) == "[1]")
        #expect(jsonata("items", #"{"items":[]}"#) == "[]")
        #expect(jsonata("a.b", #"{"a":[{"b":1}]}"#) == "1")
        #expect(jsonata("a.b[]", #"{"a":[{"b":1}]}"#) == "[1]")
        #expect(run("Address.City[]") == #"["Winchester"]"#)
        #expect(run("Phone[type='mobile'].number[]") == #"["077 7700 1234"]"#)
        #expect(jsonata("$", "[1]") == "[1]")
        #expect(jsonata("$[0]", "[[1,2]]") == "[1,2]")
    }

    @Test func filters() {
        #expect(run("Phone[type='mobile'].number") == #""077 7700 1234""#)
        #expect(run("Phone[type='office'].number") == #"["01962 001234","01962 001235"]"#)
        #expect(run("Email[type='home'].address") == #"["freddy@my-social.com","frederic.smith@very-serious.com"]"#)
        #expect(run("Phone[type='fax']") == "undefined")
        #expect(run("Phone[number]") != "undefined")
        #expect(jsonata("$[$ > 2]", "[1,2,3,4]") == "[3,4]")
        #expect(jsonata("$x[$ % 2 = 0]", bindings: ["x": "[1,2,3,4]"]) == "[2,4]")
    }

    @Test func wildcards() {
        #expect(run("Address.*") == #"["Hursley Park","Winchester","SO21 2JN"]"#)
        #expect(run("*.Postcode") == #""SO21 2JN""#)
        #expect(run("**.Postcode") == #"["SO21 2JN","E1 6RF"]"#)
        #expect(jsonata("*", #"{"a":[1,2],"b":3}"#) == "[1,2,3]")
    }

    @Test func contextAndRoot() {
        #expect(run("Address.(Street & ', ' & City)") == #""Hursley Park, Winchester""#)
        #expect(run("(Phone.($$.FirstName & ': ' & type))[0]") == #""Fred: home""#)
        #expect(run("Phone.($$.FirstName & ': ' & type)[0]") == #"["Fred: home","Fred: office","Fred: office","Fred: mobile"]"#)
        #expect(jsonata("$", nil) == "undefined")
        #expect(jsonata("$", "5") == "5")
        #expect(run("[Address, Other.'Alternative.Address'].City") == #"["Winchester","London"]"#)
    }

    @Test func objectConstruction() {
        #expect(run("Phone.{type: number}") == #"[{"home":"0203 544 1234"},{"office":"01962 001234"},{"office":"01962 001235"},{"mobile":"077 7700 1234"}]"#)
        #expect(run("Phone{type: number}") == #"{"home":"0203 544 1234","office":["01962 001234","01962 001235"],"mobile":"077 7700 1234"}"#)
        #expect(run("Phone{type: number[]}") == #"{"home":["0203 544 1234"],"office":["01962 001234","01962 001235"],"mobile":["077 7700 1234"]}"#)
        #expect(run("Phone{type: $count(number)}") == #"{"home":1,"office":2,"mobile":1}"#)
        #expect(run("{'name': FirstName, 'city': Address.City}") == #"{"name":"Fred","city":"Winchester"}"#)
        #expect(run("Phone{type: number, 'x': 1}") != "")
        #expect(run("Phone{type: 1, 'home': 2}") == #"error: D1009: Multiple key definitions evaluate to same key: "home""#)
    }

    @Test func sorting() {
        #expect(run("Phone^(number).number") == #"["01962 001234","01962 001235","0203 544 1234","077 7700 1234"]"#)
        #expect(run("Phone^(>type, number).type") == #"["office","office","mobile","home"]"#)
        #expect(jsonata("$^($)", "[3,1,2]") == "[1,2,3]")
        #expect(jsonata("$^(>$)", "[3,1,2]") == "[3,2,1]")
        // With an array as context, a path from a variable is evaluated once, not per context item.
        let states = ["states": #"{"input":[{"n":"a","p":1},{"n":"b","p":3},{"n":"c","p":2}]}"#]
        #expect(jsonata("$states.input^(>p)[0].n", "[1,2,3]", bindings: states) == #""b""#)
        #expect(jsonata("$states.input^(p).n", "[1,2,3]", bindings: states) == #"["a","c","b"]"#)
        #expect(jsonata("$x[0].n", "[1,2,3]", bindings: ["x": #"[{"n":"first"},{"n":"second"}]"#]) == #""first""#)
        #expect(jsonata("Phone^(>number)[0].type", jsonataSample) == #""mobile""#)
    }
}
