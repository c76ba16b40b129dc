import InterlockCore
import Yams

/// Reads YAML streams (one or more documents) into `Node` trees, through libyaml (Yams).
public enum YAMLReader {
    /// Parses every document of `text`. Empty documents (a trailing `---`, comments only) are
    /// skipped. Errors name `file`, line and column. Aliases are expanded within `limits`
    /// (`YAMLConverter`).
    public static func documents(
        _ text: String, file: String, limits: InputLimits = .current
    ) throws(InputError) -> [Document] {
        do {
            // The basic resolver: Interlock reads scalars itself, and tag resolution by regular expression
            // (run for every key when Yams checks duplicates) dominates parsing otherwise.
            let parser = try Parser(yaml: text, resolver: .basic)
            var out: [Document] = []
            var index = 0
            var converter = YAMLConverter(file: file, maxAliasNodes: limits.maxAliasNodes)
            while let root = try parser.nextRoot() {
                defer { index += 1 }
                if case .scalar(let s) = root, s.style == .plain,
                    Node.Scalar(text: s.string, isPlain: true, mark: Mark(line: 1, column: 1)).isNull
                {
                    continue
                }
                out.append(Document(file: file, index: index, root: try converter.convert(root).node))
            }
            return out
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            throw inputError(error, file: file)
        } catch {
            throw InputError(file: file, "\(error)")
        }
    }

    private static func inputError(_ error: YamlError, file: String) -> InputError {
        switch error {
        case .scanner(let context, let problem, let m, _), .parser(let context, let problem, let m, _),
            .composer(let context, let problem, let m, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return InputError(file: file, line: m.line, column: m.column, "invalid YAML: \(ctx)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return InputError(
                file: file, line: context.mark.line, column: context.mark.column,
                "duplicate key \(keys) in mapping")
        case .reader(let problem, let offset, _, _):
            return InputError(file: file, "invalid YAML: \(problem)" + (offset.map { " at byte \($0)" } ?? ""))
        default:
            return InputError(file: file, "invalid YAML: \(error)")
        }
    }
}
