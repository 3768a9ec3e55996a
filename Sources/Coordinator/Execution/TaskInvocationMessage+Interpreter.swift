import ASL
import Messages

extension TaskInvocationMessage {
    /// Builds the message for an interpreter's `TaskInvocation`.
    /// - Parameters:
    ///   - invocation: The interpreter's action.
    ///   - executionArn: The execution it belongs to.
    ///   - attempt: Its attempt number (0 first).
    ///   - replyTo: Where results go.
    /// - Throws: ``MessageError/invalidResource`` when no worker queue serves the resource.
    init(_ invocation: TaskInvocation, executionArn: String, attempt: Int, replyTo: ReplyAddress = .standard) throws(MessageError) {
        let target = try TaskTarget.resolve(resource: invocation.resource, parameters: invocation.input)
        let input = Self.handlerInput(resource: invocation.resource, parameters: invocation.input)
        self.init(key: invocation.id, taskToken: invocation.taskToken, executionArn: executionArn,
                  stateName: invocation.stateName, resource: invocation.resource, target: target,
                  input: input, timeoutSeconds: invocation.timeoutSeconds,
                  heartbeatSeconds: invocation.heartbeatSeconds, attempt: attempt, replyTo: replyTo)
    }
}
