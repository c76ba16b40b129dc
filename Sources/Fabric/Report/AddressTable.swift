import InterlockCore

/// `topology addresses`: interfaces in address order, or the owners of given addresses.
public struct AddressTable: Sendable {
    /// One row: an address and what owns it (`nil` for an address nothing owns).
    public struct Row: Sendable {
        /// The address.
        public var address: IPv4Address
        /// Its owner, or `nil` when nothing owns it.
        public var endpoint: FabricEndpoint?
    }

    /// The rows, in address order or in the order the addresses were asked for.
    public var rows: [Row]
    /// Looked-up addresses that belong to nothing.
    public var unknown: Int { rows.filter { $0.endpoint == nil }.count }

    /// Every interface (of `plane` when given) when `lookup` is `nil`, else one row per address.
    public init(fabric f: FabricGraph, lookup: [IPv4Address]?, plane: Plane?) {
        if let lookup {
            rows = lookup.map { Row(address: $0, endpoint: f.endpoint(at: $0)) }
        } else {
            rows = f.addresses.sortedByAddress.filter { plane == nil || $0.plane == plane }
                .map { Row(address: $0.address, endpoint: f.endpoint(at: $0.address)) }
        }
    }

    static let headers = ["address", "device", "host", "plane", "kind", "rail", "su"]

    func cells(_ r: Row) -> [String] {
        guard let e = r.endpoint else { return [r.address.description, "unknown", "", "", "", "", ""] }
        return [
            r.address.description, e.name, e.host, e.plane.name, e.kind.rawValue,
            e.rail.map(String.init) ?? "", e.scalableUnit.map(String.init) ?? "",
        ]
    }

    /// An aligned table: address, device, host, plane, kind, rail, SU.
    public func text() -> String {
        var t = TextTable(headers: AddressTable.headers)
        for r in rows { t.append(cells(r)) }
        return t.render()
    }

    /// The same columns as CSV with a header row.
    public func csv() -> String {
        ([CSV.row(AddressTable.headers)] + rows.map { CSV.row(cells($0)) }).joined(separator: "\n") + "\n"
    }

    /// The rows as JSON objects under `interfaces`; an unowned address has `device: null`.
    public func json() -> JSON {
        .object([
            (
                "interfaces",
                .array(
                    rows.map { r in
                        guard let e = r.endpoint else {
                            return ["address": .string(r.address.description), "device": .null]
                        }
                        return [
                            "address": .string(r.address.description), "device": .string(e.name),
                            "host": .string(e.host),
                            "plane": .string(e.plane.name), "kind": .string(e.kind.rawValue),
                            "rail": e.rail.map { .int($0) } ?? .null, "su": e.scalableUnit.map { .int($0) } ?? .null,
                        ]
                    })
            ), ("unknown", .int(unknown)),
        ])
    }
}
