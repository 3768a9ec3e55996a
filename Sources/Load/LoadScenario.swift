import Foundation
import JSONValue

/// What each start runs: a built-in workflow, the user's definition, or an existing state machine.
public enum LoadScenario: Sendable {
    /// Three Task states on the stock worker's `echo`.
    case flat
    /// A parent whose Parallel starts `fanOut` `.sync:2` children (one `echo` Task each), each
    /// start retried on `StepFunctions.ExecutionLimitExceeded`.
    case nested
    /// A parent whose Map starts one `.sync:2` child per item (`mapItems` items), retried the same way.
    case map
    /// A parent that starts a child with `.waitForTaskToken`; the tool answers the token
    /// (`SendTaskSuccess`) `callbackDelay` seconds after the start.
    case callback
    /// Of every 20 starts: 12 flat, 3 nested, 2 map, 3 callback.
    case mixed
    /// The user's definition (created once per account for the run) and input template.
    case definition(String, input: InputTemplate)
    /// An existing state machine (one account), with an input template.
    case existing(arn: String, input: InputTemplate)

    /// The built-in scenarios by name.
    public static let builtIn: [String: LoadScenario] = [
        "flat": .flat, "nested": .nested, "map": .map, "callback": .callback, "mixed": .mixed,
    ]

    public var name: String {
        switch self {
        case .flat: "flat"
        case .nested: "nested"
        case .map: "map"
        case .callback: "callback"
        case .mixed: "mixed"
        case .definition: "definition"
        case .existing(let arn, _): "existing \(arn)"
        }
    }

    /// The kinds of execution this scenario starts.
    var kinds: [LoadKind] {
        switch self {
        case .flat: [.flat]
        case .nested: [.nested]
        case .map: [.map]
        case .callback: [.callback]
        case .mixed: [.flat, .nested, .map, .callback]
        case .definition, .existing: [.custom]
        }
    }

    private static let mixedPattern: [LoadKind] = [
        .flat, .flat, .nested, .flat, .callback, .flat, .map, .flat, .flat, .nested,
        .flat, .callback, .flat, .flat, .nested, .flat, .map, .flat, .callback, .flat,
    ]

    /// What start `index` runs.
    func kind(_ index: Int) -> LoadKind {
        switch self {
        case .mixed: Self.mixedPattern[index % Self.mixedPattern.count]
        default: kinds[0]
        }
    }

    /// The input of start `index` (of kind `kind`).
    func input(_ index: Int, kind: LoadKind, shape: ScenarioShape) -> String {
        switch self {
        case .definition(_, let template), .existing(_, let template): return template.render(index: index)
        default:
            guard kind == .map else { return #"{"i": \#(index)}"# }
            let items = (0..<shape.mapItems).map(String.init).joined(separator: ",")
            return #"{"i": \#(index), "items": [\#(items)]}"#
        }
    }
}

/// A kind of execution a run starts (several in `mixed`).
public enum LoadKind: String, Sendable, CaseIterable, Codable {
    case flat, nested, map, callback, custom
}

/// The sizes of the built-in scenarios.
public struct ScenarioShape: Sendable, Equatable {
    /// `nested`: children each parent starts (Parallel branches).
    public var fanOut: Int
    /// `map`: children each parent starts (Map items).
    public var mapItems: Int
    /// `callback`: seconds from a start until the tool answers its token.
    public var callbackDelay: Double

    public init(fanOut: Int = 3, mapItems: Int = 10, callbackDelay: Double = 1) {
        self.fanOut = fanOut
        self.mapItems = mapItems
        self.callbackDelay = callbackDelay
    }

    /// Why these sizes cannot run, if they cannot.
    var problem: String? {
        if !(1...100).contains(fanOut) { return "--fan-out must be 1 to 100 (Parallel branches)" }
        if !(1...10_000).contains(mapItems) { return "--map-items must be 1 to 10000" }
        if !(callbackDelay >= 0 && callbackDelay <= 3600) { return "--callback-delay must be 0 to 3600 seconds" }
        return nil
    }
}
