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
            throw atMostAtTheEnd(inputError(error, file: file, text: text), of: text)
        } catch {
            throw InputError(file: file, "\(error)")
        }
    }

    /// `error` moved to the end of `text` when libyaml marks it past the end (on the line after the
    /// last, where it reports an unexpected end of input), so that every position is inside the input.
    private static func atMostAtTheEnd(_ error: InputError, of text: String) -> InputError {
        guard let line = error.line else { return error }
        let lines = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        guard line > lines else { return error }
        var moved = error
        moved.line = lines
        moved.column = (text.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0) + 1
        return moved
    }

    private static func inputError(_ error: YamlError, file: String, text: String) -> InputError {
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
            // libyaml's reader counts bytes from the start: the line and column of that byte.
            guard let offset else { return InputError(file: file, "invalid YAML: \(problem)") }
            let before = text.utf8.prefix(offset)
            let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let lineStart = before.lastIndex(of: 0x0A).map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0
            return InputError(
                file: file, line: line, column: before.count - lineStart + 1, "invalid YAML: \(problem)")
        default:
            return InputError(file: file, "invalid YAML: \(error)")
        }
    }
}
