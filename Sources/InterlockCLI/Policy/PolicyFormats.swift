import ArgumentParser
import Policy

/// `policy connlist --format`: txt (netpol-analyzer's), json, csv, md or dot.
extension ConnlistRenderer.Format: FormatArgument {}

/// `policy diff --format`: txt (netpol-analyzer's), json or csv.
extension ConnectivityDiff.Format: FormatArgument {}
