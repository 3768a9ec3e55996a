import ASL
import Coordinator
import Store

/// `Stepwise.DescribeExecutionTree`: an execution with its parent, its root and its children
/// (each with its status), for walking trees of nested executions both ways.
enum TreeActions {}

/// `Stepwise.DescribeAccountQuota`: how close the caller's account runs to its limits.
enum QuotaActions {}
