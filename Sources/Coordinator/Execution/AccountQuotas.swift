public import Store

/// Per-account limits: the open-execution maximum (with an optional reserve only nested starts
/// may use) and the StartExecution token bucket. Accounts without their own entry get the defaults.
public struct AccountQuotas: Sendable, Equatable {
    /// The limits of one account.
    public struct Limits: Sendable, Equatable {
        /// Open (`RUNNING`) executions, nested ones included (AWS: 1,000,000).
        public var maxOpen: Int
        /// Slots of `maxOpen` that only nested starts may take (0: off), graded by depth (a
        /// child may take one, a grandchild two...), so that a tree of up to that many levels
        /// below its root can always start its children.
        public var nestedReserve: Int
        /// StartExecution token bucket size (AWS: 1,300 in the largest regions).
        public var startBucket: Int
        /// Tokens added per second (AWS: 300 in the largest regions).
        public var startRefill: Double

        public init(maxOpen: Int = 1_000_000, nestedReserve: Int = 0, startBucket: Int = 1300, startRefill: Double = 300) {
            self.maxOpen = maxOpen
            self.nestedReserve = nestedReserve
            self.startBucket = startBucket
            self.startRefill = startRefill
        }

        /// The StartExecution bucket these limits describe.
        public var bucket: StartBucket { StartBucket(capacity: startBucket, refillPerSecond: startRefill) }
    }

    public var defaults: Limits
    public var accounts: [String: Limits]

    public init(defaults: Limits = Limits(), accounts: [String: Limits] = [:]) {
        self.defaults = defaults
        self.accounts = accounts
    }

    /// The limits of `account`.
    public func limits(_ account: String) -> Limits { accounts[account] ?? defaults }

    /// The store quota for a start from the API (`nested` false) or by another execution at the
    /// bottom of the reserve (`nested` true).
    public func quota(account: String, nested: Bool) -> ExecutionQuota {
        quota(account: account, depth: nested ? Int.max : 0)
    }

    /// The store quota for StartExecution through the API: a root start that takes a token from
    /// the account's bucket, which the store keeps for every API process of the cluster.
    public func apiStartQuota(account: String) -> ExecutionQuota {
        var quota = quota(account: account, depth: 0)
        quota.bucket = limits(account).bucket
        return quota
    }

    /// The store quota for a start `depth` levels below its root (0: from the API).
    public func quota(account: String, depth: Int) -> ExecutionQuota {
        let l = limits(account)
        return ExecutionQuota(maxOpen: l.maxOpen, reservedForNested: l.nestedReserve, depth: depth)
    }
}
