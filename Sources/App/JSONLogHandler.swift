import API
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JSONValue
public import Logging

/// `log.format: json`: one JSON object per line on standard error, for log shippers. Members:
/// `time` (UTC, milliseconds), `level`, `label`, `message`, then every metadata value (the logger's
/// and the call's; nested metadata as JSON), and `execution_arn` and `account` when the metadata
/// names an execution (`execution` or `stepwise.execution`). Written by hand (swift-log ships only the text handler, and
/// the mirror has no JSON log handler): a line is written with one `write(2)`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var o = JSONObject([
            ("time", .string(Timestamps.iso8601(Date()))), ("level", .string(event.level.rawValue)), ("label", .string(label)),
            ("message", .string(event.message.description)),
        ])
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) where o[key] == nil { o[key] = Self.json(value) }
        // The execution a line is about, under one name whichever part logged it (the coordinator
        // says `execution`, a worker's task context `stepwise.execution`), with its account.
        if case .string(let arn)? = (merged["execution"] ?? merged["stepwise.execution"]).map(Self.json), arn.hasPrefix("arn:") {
            o["execution_arn"] = .string(arn)
            let fields = arn.split(separator: ":", omittingEmptySubsequences: false)
            if o["account"] == nil, fields.count > 4 { o["account"] = .string(String(fields[4])) }
        }
        write(JSON.object(o).serialized() + "\n")
    }

    static func json(_ value: Logger.Metadata.Value) -> JSON {
        switch value {
        case .string(let s): .string(s)
        case .stringConvertible(let c): .string(c.description)
        case .array(let a): .array(a.map(json))
        case .dictionary(let d): .object(JSONObject(d.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) }))
        }
    }

    /// Writes a line to standard error in one `write(2)` (lines shorter than a pipe's buffer are
    /// never interleaved with another thread's).
    @Sendable public static func standardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}
