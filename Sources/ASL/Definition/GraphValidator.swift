/// Checks the transitions of one `StateGraph`: targets exist, every state is reachable.
enum GraphValidator {
    static func validate(_ graph: StateGraph, at base: String, into diagnostics: inout [Diagnostic]) {
        guard graph.stateNames.contains(graph.startAt) else {
            diagnostics.append(Diagnostic(code: Diagnostic.Code.missingTransitionTarget,
                                          message: "Missing 'Next' target: \(graph.startAt)",
                                          location: base + "/StartAt"))
            return
        }
        for name in graph.stateNames {
            guard let state = graph.states[name] else { continue }
            for (target, suffix) in state.transitionTargets where graph.states[target] == nil && !graph.stateNames.contains(target) {
                diagnostics.append(Diagnostic(code: Diagnostic.Code.missingTransitionTarget,
                                              message: "Missing 'Next' target: \(target)",
                                              location: base + "/States/" + name + suffix))
            }
        }
        var reached: Set<String> = [graph.startAt]
        var queue = [graph.startAt]
        while let name = queue.popLast() {
            guard let state = graph.states[name] else { continue }
            for (target, _) in state.transitionTargets where !reached.contains(target) {
                reached.insert(target)
                queue.append(target)
            }
        }
        for name in graph.stateNames where !reached.contains(name) && graph.states[name] != nil {
            diagnostics.append(Diagnostic(code: Diagnostic.Code.unreachableState,
                                          message: "State \"\(name)\" is not reachable.",
                                          location: base + "/States/" + name))
        }
    }
}
