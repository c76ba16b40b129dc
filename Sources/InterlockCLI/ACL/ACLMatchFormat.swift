import FabricACL

/// `acl match --format`: text, tsv or json.
extension ACLMatchReport.Format: FormatArgument {}
