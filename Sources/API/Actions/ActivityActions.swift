import ASL
import Foundation
import Store

/// CreateActivity, DescribeActivity, DeleteActivity, ListActivities.
enum ActivityActions {
    static func load(_ arn: String, _ caller: Caller, _ ctx: APIContext) async throws(APIError) -> ActivityRecord {
        let parsed = try NameRules.parse(arn, type: "activity")
        let missing = APIError("ActivityDoesNotExist", "Activity Does Not Exist: '\(arn)'")
        guard parsed.account == caller.account, parsed.rest == nil else { throw missing }
        return try await ctx.fetch(missing) { try await ctx.store.getActivity(arn: arn) }
    }

    static func requireExists(_ arn: String, _ ctx: APIContext) async throws(APIError) {
        _ = try await ctx.fetch(APIError("ActivityDoesNotExist", "Activity Does Not Exist: '\(arn)'")) {
            try await ctx.store.getActivity(arn: arn)
        }
    }
}
