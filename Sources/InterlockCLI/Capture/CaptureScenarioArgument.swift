import ArgumentParser
import CaptureSynth

/// `--scenario` of `capture synth`: the named scenarios.
extension CaptureScenario: ExpressibleByArgument {}
