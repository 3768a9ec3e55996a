import Foundation
import JSONValue
import Mustache

/// The input of each start: JSON that may hold Mustache tags, rendered for every start (swift-mustache):
/// `{{index}}` (0, 1, 2, ... in start order), `{{uuid}}` (a new UUID), `{{random}}` (an integer,
/// 0 to 999,999,999), `{{timestamp}}` (seconds since 1970, with milliseconds). For example
/// `{"order": {{index}}, "id": "{{uuid}}", "amount": {{random}}}`.
public struct InputTemplate: Sendable {
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    private let template: MustacheTemplate
    /// The text has no tags: every start gets it as it is.
    private let fixed: String?

    /// Parses `text`; throws if it is not a template, or if what it renders is not JSON.
    public init(_ text: String) throws(Problem) {
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw Problem(description: "not a template: \(error)")
        }
        fixed = text.contains("{{") ? nil : text
        let sample = render(index: 0)
        do {
            _ = try JSON(parsing: sample)
        } catch {
            throw Problem(description: "what it renders is not JSON (\(error)): \(sample.prefix(200))")
        }
    }

    /// The input of start `index`.
    public func render(index: Int) -> String {
        if let fixed { return fixed }
        let values: [String: Any] = [
            "index": index, "uuid": UUID().uuidString.lowercased(), "random": Int.random(in: 0..<1_000_000_000),
            "timestamp": String(format: "%.3f", Date().timeIntervalSince1970),
        ]
        return template.render(values)
    }
}
