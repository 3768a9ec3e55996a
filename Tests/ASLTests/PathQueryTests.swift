import JSONValue
import Testing
@testable import ASL

/// Parses test JSON text (tests only).
func json(_ text: String) -> JSON {
    do { return try JSON(parsing: text) } catch { Issue.record("bad test JSON: \(error)"); return .null }
}

func env(_ input: String, context: String = "{}", variables: String = "{}") -> PathEnvironment {
    PathEnvironment(input: json(input), context: json(context), variables: json(variables).objectValue ?? JSONObject())
}

@Suite struct PathQueryTests {
    let store = env("""
    {"store":{"book":[
      {"category":"reference","author":"Nigel Rees","title":"Sayings","price":8.95},
      {"category":"fiction","author":"Evelyn Waugh","title":"Sword","price":12.99},
      {"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553","price":8.99},
      {"category":"fiction","author":"J. R. R. Tolkien","title":"LOTR","isbn":"0-395","price":22.99}],
      "bicycle":{"color":"red","price":19.95}},
     "a b":{"c'd":1}, "delivery-partner":"x", "n":null}
    """)

    func q(_ path: String, _ e: PathEnvironment? = nil) -> JSON? { DataFlow.query(path, in: e ?? store) }

    @Test func rootAndChildren() {
        #expect(q("$") == store.input)
        #expect(q("$.store.bicycle.color") == .string("red"))
        #expect(q("$['store']['bicycle']['price']") == json("19.95"))
        #expect(q("$[\"store\"].bicycle") == json(#"{"color":"red","price":19.95}"#))
        #expect(q("$.delivery-partner") == .string("x"))
        #expect(q("$['a b']['c\\'d']") == .int(1))
        #expect(q("$.n") == .null)
        #expect(q("$.store.['bicycle'].color") == .string("red"))
        #expect(q("$.missing") == nil)
        #expect(q("$.store.bicycle.color.x") == nil)
    }

    @Test func arrayIndexes() {
        #expect(q("$.store.book[0].title") == .string("Sayings"))
        #expect(q("$.store.book[-1].title") == .string("LOTR"))
        #expect(q("$.store.book[(@.length-1)].title") == .string("LOTR"))
        #expect(q("$.store.book[4]") == nil)
        #expect(q("$.store.book[0,2].price") == json("[8.95,8.99]"))
    }

    @Test func wildcardsAndSlices() {
        #expect(q("$.store.book[*].author") == json(#"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#))
        #expect(q("$.store.book.*.price") == json("[8.95,12.99,8.99,22.99]"))
        #expect(q("$.store.bicycle.*") == json(#"["red",19.95]"#))
        #expect(q("$.store.book[1:3].title") == json(#"["Sword","Moby Dick"]"#))
        #expect(q("$.store.book[:1].title") == json(#"["Sayings"]"#))
        #expect(q("$.store.book[-2:].title") == json(#"["Moby Dick","LOTR"]"#))
        #expect(q("$.store.book[::2].title") == json(#"["Sayings","Moby Dick"]"#))
        #expect(q("$.store.book[1:5].title") == json(#"["Sword","Moby Dick","LOTR"]"#))
        #expect(q("$.store.book[::-1].title") == json(#"["LOTR","Moby Dick","Sword","Sayings"]"#))
        #expect(q("$.store.book[3:0:-2].title") == json(#"["LOTR","Sword"]"#))
        #expect(q("$.store.book[1::9223372036854775807].title") == json(#"["Sword"]"#))
        #expect(q("$.store.book[2::-9223372036854775807].title") == json(#"["Moby Dick"]"#))
    }

    @Test func indefinitePathsOnMissingDataGiveEmptyArrays() {
        // Recorded on AWS: "$[*]" and "$.item.items[1:5].itemValue" on {} give [].
        let empty = env("{}")
        #expect(q("$[*]", empty) == json("[]"))
        #expect(q("$.item.items[1:5]", empty) == json("[]"))
        #expect(q("$.item.items[1:5].itemValue", empty) == json("[]"))
    }

    @Test func filters() {
        #expect(q("$.store.book[?(@.price < 10)].title") == json(#"["Sayings","Moby Dick"]"#))
        #expect(q("$.store.book[?(@.isbn)].title") == json(#"["Moby Dick","LOTR"]"#))
        #expect(q("$.store.book[?(@.category == 'fiction' && @.price >= 12.99)].title") == json(#"["Sword","LOTR"]"#))
        #expect(q("$.store.book[?(@.price > 20 || @.author == \"Nigel Rees\")].title") == json(#"["Sayings","LOTR"]"#))
        #expect(q("$.store.book[?(@.category != 'fiction')].title") == json(#"["Sayings"]"#))
        #expect(q("$.store.book[?(!(@.price > 9))].title") == json(#"["Sayings","Moby Dick"]"#))
        #expect(q("$.store.book[?(@.price <= 8.99)].title") == json(#"["Sayings","Moby Dick"]"#))
        #expect(q("$.store.book[?(@.price > $.store.bicycle.price)].title") == json(#"["LOTR"]"#))
        let users = env(#"{"users":[{"year":1997,"status":0},{"year":1998,"status":1}]}"#)
        #expect(q("$.users[?(@.status == 0)]", users) == json(#"[{"year":1997,"status":0}]"#))
        let flags = env(#"{"a":[{"f":true},{"f":false},{"f":null}]}"#)
        #expect(q("$.a[?(@.f == true)]", flags) == json(#"[{"f":true}]"#))
        #expect(q("$.a[?(@.f == null)]", flags) == json(#"[{"f":null}]"#))
    }

    @Test func wordOperatorsAndRegex() {
        #expect(q("$.store.book[?(@.category in ['reference', 'poetry'])].title") == json(#"["Sayings"]"#))
        #expect(q("$.store.book[?(@.category nin ['fiction'])].title") == json(#"["Sayings"]"#))
        #expect(q("$.store.book[?(@.author =~ /.*Rees/)].title") == json(#"["Sayings"]"#))
        #expect(q("$.store.book[?(@.author =~ /herman.*/i)].title") == json(#"["Moby Dick"]"#))
        #expect(q("$.store.book[?(@.author =~ /Herman/)].title") == json("[]"))
        #expect(q("$.store.book[?(@.title size 4)].title") == json(#"["LOTR"]"#))
        let tagged = env(#"{"a":[{"t":["x","y"]},{"t":[]},{"t":["z"]}]}"#)
        #expect(q("$.a[?(@.t empty true)]", tagged) == json(#"[{"t":[]}]"#))
        #expect(q("$.a[?(@.t subsetof ['x','y','w'])]", tagged) == json(#"[{"t":["x","y"]},{"t":[]}]"#))
        #expect(q("$.a[?(@.t anyof ['y','z'])]", tagged) == json(#"[{"t":["x","y"]},{"t":["z"]}]"#))
        #expect(q("$.a[?(@.t noneof ['y'])]", tagged) == json(#"[{"t":[]},{"t":["z"]}]"#))
        #expect(DataFlow.validatePath("$.a[?(@.x =~ /[/)]", kind: .path) != nil)
    }

    @Test func recursiveDescent() {
        #expect(q("$..author") == json(#"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#))
        #expect(q("$.store..price") == json("[8.95,12.99,8.99,22.99,19.95]"))
        #expect(q("$..book[2].title") == json(#"["Moby Dick"]"#))
        #expect(q("$..[?(@.isbn == '0-395')].title") == json(#"["LOTR"]"#))
    }

    @Test func contextAndVariables() {
        let e = env(#"{"x":1}"#, context: #"{"Execution":{"Id":"arn:1","Input":{"k":"v"}},"Map":{"Item":{"Index":3}}}"#,
                    variables: #"{"status":"ok","cfg":{"list":[10,20]},"_v2":true}"#)
        #expect(q("$$.Execution.Id", e) == .string("arn:1"))
        #expect(q("$$.Execution.Input.k", e) == .string("v"))
        #expect(q("$$.Map.Item.Index", e) == .int(3))
        #expect(q("$$", e) == e.context)
        #expect(q("$status", e) == .string("ok"))
        #expect(q("$cfg.list[1]", e) == .int(20))
        #expect(q("$cfg.list[*]", e) == json("[10,20]"))
        #expect(q("$_v2", e) == .bool(true))
        #expect(q("$nope", e) == nil)
        #expect(q("$.x", e) == .int(1))
        #expect(q("$cfg.list[?(@ > $.x)]", e) == json("[10,20]"))
        #expect(q("$cfg.list[?(@ == $$.Map.Item.Index)]", e) == json("[]"))
        #expect(q("$.a[?(@.n > $limit)].n", env(#"{"a":[{"n":1},{"n":5}]}"#, variables: #"{"limit":2}"#)) == json("[5]"))
    }

    @Test func escapedQuotesInBracketNames() {
        // Recorded on AWS: "$['Test\\\"\"Name\"']" reads the key Test\""Name" (only \' is an escape in '...').
        let e = env(#"{"Test\\\"\"Name\"":"Value\"\\"}"#)
        #expect(q(#"$['Test\""Name"']"#, e) == .string("Value\"\\"))
    }

    @Test func selectReportsAWSText() throws {
        #expect(throws: StatesError.runtime("Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']")) {
            try DataFlow.select("$.NoSuchInputPath", in: env(#"{"int-literal":0}"#))
        }
        #expect(throws: StatesError.runtime("Invalid path '$.a.b[0]' : No results for path: $['a']['b'][0]")) {
            try DataFlow.select("$.a.b[0]", in: env("{}"))
        }
        #expect(try DataFlow.select("$$.Execution", in: env("{}", context: #"{"Execution":{"Id":"1"}}"#)) == json(#"{"Id":"1"}"#))
        #expect(throws: StatesError.runtime("Invalid path '$$.Execution.Nope' : No results for path: $['Execution']['Nope']")) {
            try DataFlow.select("$$.Execution.Nope", in: env("{}", context: #"{"Execution":{"Id":"1"}}"#))
        }
        #expect(try DataFlow.select("$.items[*]", in: env("{}")) == json("[]"))
    }
}
