import ClusterSynth

/// `synth cluster --format`: yaml or json.
extension ManifestStream.Format: FormatArgument {}
