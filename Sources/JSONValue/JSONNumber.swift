/// A JSON number kept as written. Two numbers are equal when their values are equal (`1` == `1.0`).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number's JSON text, e.g. `42`, `-0.5`, `1e3`.
    public let text: String

    /// Wraps JSON number text that is already known to be valid.
    public init(text: String) { self.text = text }
    public init(_ value: Int) { self.text = String(value) }
    public init(_ value: Double) {
        // Integral values print without a fraction (no libm call, so consumers need not link it).
        if abs(value) < 1e15, Double(Int64(value)) == value {
            self.text = String(Int64(value))
        } else {
            self.text = "\(value)"
        }
    }

    public var double: Double { Double(text) ?? .nan }
    /// The value as an integer when it has no fractional part.
    public var int: Int? {
        if let i = Int(text) { return i }
        let d = double
        guard abs(d) < 9.2e18 else { return nil }
        let i = Int(d)
        return Double(i) == d ? i : nil
    }
    public var isInteger: Bool { int != nil }
    public var description: String { text }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.text == rhs.text || lhs.double == rhs.double
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(double) }
}
