import ASL
import Foundation
import JSONValue

/// One recorded case of `shared/conformance/cases/<category>/<name>.json`.
struct ConformanceCase: Sendable {
    /// `<category>/<name>`.
    var id: String
    var category: String
    var json: JSONObject

    var expected: JSONObject { json["expected"]?.objectValue ?? JSONObject() }
    var features: [String] { json["features"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    var wildcards: Set<String> { Set(json["wildcards"]?.arrayValue?.compactMap(\.stringValue) ?? []) }
    var isValidation: Bool { category == "validation" }

    /// The corpus directory: `<repo>/../shared/conformance/cases`, found from this file's path.
    static func casesDirectory() -> URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("shared/conformance/cases")
    }

    /// `casesDirectory()` as a path string.
    static var casesDirectoryPath: String { casesDirectory().path }

    /// Every case, sorted by id.
    static func loadAll() throws -> [ConformanceCase] {
        let root = casesDirectory()
        let fm = FileManager.default
        var cases: [ConformanceCase] = []
        for category in try fm.contentsOfDirectory(atPath: root.path).sorted() {
            let dir = root.appendingPathComponent(category)
            guard let files = try? fm.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".json") {
                let data = try Data(contentsOf: dir.appendingPathComponent(file))
                let json = try JSON(parsing: [UInt8](data))
                cases.append(ConformanceCase(id: category + "/" + String(file.dropLast(5)), category: category,
                                             json: json.objectValue ?? JSONObject()))
            }
        }
        return cases.sorted { $0.id < $1.id }
    }

    /// `Tests/ASLTests/Conformance/known-failures.txt`: case id → reason.
    static func knownFailures() throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("known-failures.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let parts = trimmed.split(separator: " ", maxSplits: 1)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }
}
