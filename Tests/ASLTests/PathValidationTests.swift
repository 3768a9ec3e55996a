import Testing
@testable import ASL

@Suite struct PathValidationTests {
    @Test func validPaths() {
        for path in ["$", "$$", "$.a", "$.a.b[0]", "$['a b'][0]", "$$.Execution.Id", "$var", "$var.x[2]", "$.a[*].b",
                     "$..x", "$.a[1:3]", "$.a[-1]", "$.a[?(@.x > 1)]", "$.a[?(@.s == 'x' || @.n != null)]",
                     "$.a[(@.length-1)]", "$.delivery-partner", "$.a.*"] {
            #expect(DataFlow.validatePath(path, kind: .path) == nil, "\(path)")
        }
    }

    @Test func invalidPaths() {
        for path in ["", "a", "$.", "$a b", "$[", "$.a[", "$.a[x]", "$.a[?(@.x >)]", "$.a[1:2:0]", "$['a]", "$.a..", "States.Array(1)"] {
            #expect(DataFlow.validatePath(path, kind: .path) != nil, "\(path)")
        }
    }

    @Test func referencePaths() {
        for path in ["$", "$.a", "$.a.b", "$['a b'].c", "$.a[0]"] {
            #expect(DataFlow.validatePath(path, kind: .referencePath) == nil, "\(path)")
        }
        for path in ["$.a[*]", "$..a", "$.a[?(@.x)]", "$.a[1:2]", "$.*", "$$.Execution", "$.a[-1]", "$.a[0,1]", "x"] {
            #expect(DataFlow.validatePath(path, kind: .referencePath) != nil, "\(path)")
        }
    }
}
