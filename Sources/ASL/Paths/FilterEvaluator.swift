import JSONValue
/// Decides whether an element passes a filter expression (Jayway JsonPath semantics as AWS uses them).
enum FilterEvaluator {
    static func matches(_ expression: FilterExpression, current: JSON, scope: QueryScope) -> Bool {
        switch expression {
        case .and(let l, let r): return matches(l, current: current, scope: scope) && matches(r, current: current, scope: scope)
        case .or(let l, let r): return matches(l, current: current, scope: scope) || matches(r, current: current, scope: scope)
        case .not(let e): return !matches(e, current: current, scope: scope)
        case .exists(let operand): return value(operand, current: current, scope: scope) != nil
        case .compare(let l, .regex, .regex(let pattern, let caseInsensitive)):
            guard case .string(let s)? = value(l, current: current, scope: scope) else { return false }
            return FilterRegex.matches(s, pattern: pattern, caseInsensitive: caseInsensitive)
        case .compare(let l, let op, let r):
            guard let a = value(l, current: current, scope: scope), let b = value(r, current: current, scope: scope) else {
                return false
            }
            return compare(a, op, b)
        }
    }

    static func value(_ operand: FilterOperand, current: JSON, scope: QueryScope) -> JSON? {
        switch operand {
        case .literal(let v): return v
        case .regex(let pattern, _): return .string(pattern)
        case .path(let relative, let path):
            guard let start = relative ? current : scope.value(for: path.root) else { return nil }
            if path.isDefinite { return JSONPathEvaluator.definite(path.steps, from: start) }
            return .array(JSONPathEvaluator.select(path.steps[...], from: start, scope: scope))
        }
    }

    static func compare(_ a: JSON, _ op: FilterOperator, _ b: JSON) -> Bool {
        switch op {
        case .eq: return a == b
        case .ne: return a != b
        case .regex: return false
        case .inList: return b.arrayValue?.contains(a) ?? false
        case .notInList: return !(b.arrayValue?.contains(a) ?? false)
        case .subsetOf:
            guard let x = a.arrayValue, let y = b.arrayValue else { return false }
            return x.allSatisfy(y.contains)
        case .anyOf:
            guard let x = a.arrayValue, let y = b.arrayValue else { return false }
            return x.contains(where: y.contains)
        case .noneOf:
            guard let x = a.arrayValue, let y = b.arrayValue else { return false }
            return !x.contains(where: y.contains)
        case .size:
            guard let n = b.numberValue?.int else { return false }
            switch a {
            case .array(let x): return x.count == n
            case .string(let x): return x.count == n
            default: return false
            }
        case .empty:
            guard let wanted = b.boolValue else { return false }
            switch a {
            case .array(let x): return x.isEmpty == wanted
            case .string(let x): return x.isEmpty == wanted
            default: return false
            }
        default: break
        }
        let order: Int
        switch (a, b) {
        case (.number(let x), .number(let y)):
            order = x.double < y.double ? -1 : (x.double > y.double ? 1 : 0)
        case (.string(let x), .string(let y)):
            order = x < y ? -1 : (x > y ? 1 : 0)
        default:
            return false
        }
        switch op {
        case .lt: return order < 0
        case .le: return order <= 0
        case .gt: return order > 0
        case .ge: return order >= 0
        default: return false
        }
    }
}
