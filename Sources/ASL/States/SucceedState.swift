/// `"Type": "Succeed"`: ends the execution (or branch, iteration) successfully.
public struct SucceedState: Sendable {
    public var name: String
    public var io: StateIO
}
