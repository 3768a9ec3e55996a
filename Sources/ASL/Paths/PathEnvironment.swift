public import JSONValue
/// What paths, templates and intrinsics see.
public struct PathEnvironment: Sendable {
    /// The value `$` refers to (state input, or the task result for ResultSelector).
    public var input: JSON
    /// The value `$$` refers to (context object: Execution, State, StateMachine, Task, Map ...).
    public var context: JSON
    /// Workflow variables, referenced as `$name`; empty when none.
    public var variables: JSONObject
    /// Seeds `States.UUID` and unseeded `States.MathRandom`. The caller supplies fresh entropy
    /// per evaluation (e.g. `UInt64.random(in: .min ... .max)`) or a fixed value for reproducible runs.
    public var randomSeed: UInt64

    public init(input: JSON, context: JSON, variables: JSONObject = JSONObject(), randomSeed: UInt64 = 0) {
        self.input = input
        self.context = context
        self.variables = variables
        self.randomSeed = randomSeed
    }
}

/// How a path field is checked at definition time.
public enum PathKind: Sendable {
    /// InputPath, OutputPath, ItemsPath, *Path fields, Choice Variable: any JSONPath.
    case path
    /// ResultPath: simple dot/bracket steps only, no wildcards, filters, slices or `..`.
    case referencePath
}

/// SplitMix64: a small deterministic generator, seeded from `PathEnvironment.randomSeed`.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An environment plus the random stream one evaluation draws from.
struct EvaluationContext {
    let env: PathEnvironment
    var random: SplitMix64

    init(_ env: PathEnvironment) {
        self.env = env
        self.random = SplitMix64(seed: env.randomSeed)
    }
}
