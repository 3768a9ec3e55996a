import JSONValue
/// States.MathAdd and States.MathRandom.
enum MathIntrinsics {
    static let intRange = Double(Int32.min)...Double(Int32.max)

    /// Rounds half up (Java `Math.round`): 1.5 → 2, -1.5 → -1, -3.5 → -3. Values beyond ±2^52 are returned as is.
    static func roundHalfUp(_ d: Double) -> Double {
        guard abs(d) < 4_503_599_627_370_496 else { return d }
        let shifted = d + 0.5
        let truncated = Double(Int64(shifted))
        return truncated > shifted ? truncated - 1 : truncated
    }

    static func integerArgument(_ a: IntrinsicArguments, _ i: Int) throws(StatesError) -> Int {
        let d = roundHalfUp(try a.number(i).double)
        guard intRange.contains(d) else {
            throw a.fail("argument \(i + 1) must be an integer between \(Int32.min) and \(Int32.max)")
        }
        return Int(d)
    }

    /// Adds two numbers after rounding each half up (recorded on AWS: 1.5 + 0 = 2, -1.5 + 0 = -1).
    static func add(_ a: IntrinsicArguments) throws(StatesError) -> JSON {
        let sum = try integerArgument(a, 0) + integerArgument(a, 1)
        guard sum >= Int(Int32.min), sum <= Int(Int32.max) else { throw a.fail("the sum is outside the 32-bit range") }
        return .int(sum)
    }

    /// A random integer in [start, end); with a seed the value is reproducible.
    static func random(_ a: IntrinsicArguments, using random: inout SplitMix64) throws(StatesError) -> JSON {
        // Bounds and seed are truncated toward zero (observed on AWS: MathRandom(1.6, 5.4) can give 1).
        let start = try a.integer(0)
        let end = try a.integer(1)
        guard start < end else { throw a.fail("the start must be less than the end") }
        let span = UInt64(end - start)
        if a.count == 3 {
            var seeded = SplitMix64(seed: UInt64(bitPattern: Int64(try a.integer(2))))
            return .int(start + Int(seeded.next() % span))
        }
        return .int(start + Int(random.next() % span))
    }
}
